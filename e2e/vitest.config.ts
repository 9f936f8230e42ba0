import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser journeys: `npx vitest run --config e2e/vitest.config.ts` from the repository root.
// The global setup starts the app (npx tsx server/src/main.ts) on a free port; it serves the
// web app from web/dist, so run `npm run build` first (scripts/test-all.sh does).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'e2e',
    include: ['**/*.e2e.ts'],
    exclude: ['**/node_modules/**'],
    environment: 'node',
    pool: 'forks',
    // One app, one browser at a time: journeys share the app's database.
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    globalSetup: ['./support/global-setup.ts'],
  },
});
