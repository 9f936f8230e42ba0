import { existsSync } from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// Projects, selected with `vitest run --project <name>` (scripts/test-all.sh does this):
//   unit:shared - shared/src/**/*.test.ts
//   unit:web    - web/src/**/*.test.{ts,tsx}, with web/vitest.config.ts (React plugin, jsdom, setup file)
//   server      - server/src/**/*.test.ts and server/test/**/*.test.ts; run twice by test-all.sh, with
//                 TEST_ENGINE=sqlite and with TEST_ENGINE=postgres TEST_DATABASE_URL=<admin url>
// `--project 'unit:*'` runs both unit projects. The browser journeys (e2e/**/*.e2e.ts) have their
// own config: e2e/vitest.config.ts.
const web: TestProjectInlineConfiguration = existsSync(new URL('./web/vitest.config.ts', import.meta.url))
  ? // the web app's own config (plugins, environment, setupFiles); its paths are relative to web/
    { extends: './web/vitest.config.ts', root: './web', test: { name: 'unit:web', testTimeout: 15_000 } }
  : {
      extends: true,
      test: { name: 'unit:web', include: ['web/src/**/*.test.{ts,tsx}'], testTimeout: 15_000 },
    };

export default defineConfig({
  test: {
    pool: 'forks',
    // 2 cores: one worker per core. Server test files each get a database of their own.
    maxWorkers: 2,
    fileParallelism: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit:shared',
          include: ['shared/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 15_000,
        },
      },
      web,
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          // migrating a fresh PostgreSQL database per file can take a while on 2 cores
          hookTimeout: 60_000,
          teardownTimeout: 30_000,
        },
      },
    ],
  },
});
