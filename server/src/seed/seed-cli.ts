/**
 * npm run seed -- --opportunities 1000000 [--reset] [--database-url URL]
 * npm run seed -- --demo            (the demo organisation, into an empty database)
 *
 * A relative sqlite: path is taken from the directory npm was started in (INIT_CWD), so from
 * the repository root it is the app's default ./data/tuoke.db.
 */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE_URL, openDatabase, redactUrl } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { DEMO_LOGINS, DEMO_PASSWORD, isDatabaseEmpty, seedDemo } from './demo.js';
import { seedSynthetic } from './synthetic.js';

const { values } = parseArgs({
  options: {
    opportunities: { type: 'string', short: 'n' },
    'database-url': { type: 'string' },
    reset: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'Usage: npm run seed -- [--opportunities N] [--reset] [--demo] [--database-url URL]\n' +
      '  --opportunities N  build the bench organisation with N opportunities (default 100000)\n' +
      '  --reset            delete an existing bench organisation first\n' +
      '  --demo             seed the demo organisation into an empty database instead',
  );
  process.exit(0);
}

const url = resolveSqlitePath(values['database-url'] ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
const db = openDatabase(url);
try {
  console.log(`database: ${redactUrl(url)}`);
  await migrateToLatest(db.kysely);
  if (values.demo) {
    if (!(await isDatabaseEmpty(db.kysely)))
      throw new Error('the database is not empty; the demo needs an empty one');
    const started = performance.now();
    await seedDemo(db.kysely);
    console.log(`demo organisation seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log(`logins (password ${DEMO_PASSWORD}): ${Object.values(DEMO_LOGINS).join(', ')}`);
  } else {
    const opportunities = Number((values.opportunities ?? '100000').replace(/[_,]/g, ''));
    if (!Number.isInteger(opportunities) || opportunities < 1)
      throw new Error('--opportunities must be a positive integer');
    const result = await seedSynthetic(db, {
      opportunities,
      reset: values.reset,
      log: (m) => console.log(m),
    });
    console.log(`admin login: ${result.adminEmail} / ${result.password}`);
    console.log(`rep login (own data only): ${result.repEmail} / ${result.password}`);
  }
} catch (error) {
  console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.close();
}

function resolveSqlitePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith('sqlite:')) return databaseUrl;
  const file = databaseUrl.slice('sqlite:'.length);
  if (file === '' || file === ':memory:' || isAbsolute(file)) return databaseUrl;
  return `sqlite:${resolve(process.env.INIT_CWD ?? process.cwd(), file)}`;
}
