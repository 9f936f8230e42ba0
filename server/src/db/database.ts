import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  engine: Engine;
  /** The raw driver, for benchmarks and bulk loads only. */
  raw: { sqlite?: SQLite.Database; pool?: pg.Pool };
  close(): Promise<void>;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/tuoke.db';

// pg returns int8/count/sum as strings and `date` as a local-midnight Date (a day off in
// Asia/Shanghai). Make both engines give the same JSON: numbers, 'YYYY-MM-DD', ISO UTC strings.
pg.types.setTypeParser(20, (v) => Number(v)); // int8
pg.types.setTypeParser(1700, (v) => Number(v)); // numeric (sums of bigint)
pg.types.setTypeParser(1082, (v) => v); // date
pg.types.setTypeParser(1114, (v) => new Date(`${v.replace(' ', 'T')}Z`).toISOString()); // timestamp
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString()); // timestamptz

export function engineOf(url: string): Engine {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  if (url.startsWith('sqlite:')) return 'sqlite';
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got ${redactUrl(url)})`);
}

/** Drops the password from a connection URL so it can be logged. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export function openDatabase(
  url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  opts: { poolSize?: number } = {},
): Db {
  const engine = engineOf(url);
  const plugins = [new CamelCasePlugin()];
  if (engine === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    const isMemory = file === ':memory:' || file === '';
    // npm runs workspace scripts inside the workspace; a relative path means the caller's folder.
    const filePath = isMemory ? ':memory:' : resolve(process.env.INIT_CWD ?? process.cwd(), file);
    if (!isMemory) mkdirSync(dirname(filePath), { recursive: true });
    const sqlite = new SQLite(filePath);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('cache_size = -65536');
    const kysely = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
      plugins,
    });
    return {
      kysely,
      engine,
      raw: { sqlite },
      close: () => kysely.destroy(),
    };
  }
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: withNamedStatements(pool) }),
    plugins,
  });
  return { kysely, engine, raw: { pool }, close: () => kysely.destroy() };
}

/**
 * Kysely prepares every query anew; compiling a statement costs more than running a point read.
 * The same SQL text always compiles to the same statement, so keep them (queries are parameterised,
 * so the set of texts is small). Kysely runs one query at a time on this connection.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= 1000) cache.clear();
        stmt = sqlite.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

/**
 * PostgreSQL parses and plans every unnamed statement anew. Kysely sends parameterised SQL, so
 * each SELECT text can be a named prepared statement, parsed once per connection.
 */
function withNamedStatements(pool: pg.Pool) {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `k${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      return new Proxy(client, {
        get(target, prop) {
          if (prop === 'query') {
            return (text: unknown, values?: unknown[]) =>
              typeof text === 'string' && /^\s*select\b/i.test(text)
                ? target.query({ name: nameOf(text), text, values })
                : target.query(text as string, values);
          }
          const value = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
    end: () => pool.end(),
  };
}
