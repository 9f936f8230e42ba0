import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

/**
 * A fresh, migrated database for one test file, on the engine the run asks for:
 * TEST_ENGINE=sqlite (default, in memory) or TEST_ENGINE=postgres, where TEST_DATABASE_URL is a
 * server admin URL and each call creates (and `drop()` removes) a database of its own.
 */
export interface TestDb extends Db {
  url: string;
  drop(): Promise<void>;
}

export const testEngine = (process.env.TEST_ENGINE ?? 'sqlite') as 'sqlite' | 'postgres';

export async function createTestDb(opts: { file?: string; migrate?: boolean } = {}): Promise<TestDb> {
  let url: string;
  let dropDatabase = async () => {};
  if (testEngine === 'postgres') {
    const admin = process.env.TEST_DATABASE_URL;
    if (!admin) throw new Error('TEST_ENGINE=postgres needs TEST_DATABASE_URL (a PostgreSQL admin URL)');
    const name = `tuoke_t_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      // pool.end() resolves before its sockets have closed; FORCE would then terminate them and
      // the client reports that as an uncaught error. Wait (briefly) until they are gone.
      for (let i = 0; i < 40; i++) {
        const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (r.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    url = `sqlite:${opts.file ?? ':memory:'}`;
  }
  const db = openDatabase(url, { poolSize: 5 });
  if (opts.migrate !== false) await migrateToLatest(db.kysely);
  return {
    ...db,
    url,
    async drop() {
      await db.close();
      await dropDatabase();
    },
  };
}
