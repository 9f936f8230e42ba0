import { SqliteAdapter, sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { jsonArrayFrom as pgJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';
import type { Engine } from './database.js';

/** Every SQL difference between SQLite and PostgreSQL lives here. */
export interface Dialect {
  engine: Engine;
  /** Case-insensitive substring match; `pattern` already has % and escapes (see likePattern). */
  ilike(column: string, pattern: string): RawBuilder<boolean>;
  /** FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has one writer at a time, so nothing. */
  skipLocked: string;
  /** A value's month bucket, YYYY-MM, from a date or timestamp column. */
  month(column: Expression<unknown> | string): RawBuilder<string>;
  /** A subquery's rows as one JSON array column (parse with parseJsonArray: SQLite gives text). */
  jsonArrayFrom<O>(subquery: Parameters<typeof sqliteJsonArrayFrom<O>>[0]): RawBuilder<O[]>;
}

/**
 * SQLite returns JSON columns as text, PostgreSQL as parsed values; and the CamelCasePlugin only
 * renames keys of values it sees parsed. Both end up as arrays of camelCase objects here.
 */
export function parseJsonArray<T>(value: T[] | string | null): T[] {
  if (value === null) return [];
  const rows =
    typeof value === 'string'
      ? (JSON.parse(value) as Record<string, unknown>[])
      : (value as Record<string, unknown>[]);
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row))
      out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
    return out as T;
  });
}

export function dialectFor(engine: Engine): Dialect {
  if (engine === 'postgres') {
    return {
      engine,
      ilike: (column, pattern) => sql<boolean>`${sql.ref(column)} ILIKE ${pattern} ESCAPE '\\'`,
      skipLocked: 'FOR UPDATE SKIP LOCKED',
      month: (column) =>
        sql<string>`to_char(${typeof column === 'string' ? sql.ref(column) : column}, 'YYYY-MM')`,
      jsonArrayFrom: (subquery) => pgJsonArrayFrom(subquery) as never,
    };
  }
  return {
    engine,
    // SQLite's LIKE ignores ASCII case; lower() on both sides covers the rest consistently.
    ilike: (column, pattern) => sql<boolean>`lower(${sql.ref(column)}) LIKE lower(${pattern}) ESCAPE '\\'`,
    skipLocked: '',
    month: (column) => sql<string>`substr(${typeof column === 'string' ? sql.ref(column) : column}, 1, 7)`,
    jsonArrayFrom: (subquery) => sqliteJsonArrayFrom(subquery) as never,
  };
}

/**
 * Runs `fn` (a schema migration) holding the database's write lock. Kysely's migrator takes an
 * advisory lock on PostgreSQL and runs each migration in a transaction there; on SQLite it does
 * neither, so two instances starting at once interleave their DDL and a failed migration leaves
 * half a schema. BEGIN IMMEDIATE makes the second instance wait, then find the work done, and
 * makes a migration all-or-nothing. SQLite has one connection per Kysely instance, so what `fn`
 * runs on `db` runs inside this transaction.
 *
 * SQLite cannot change a column's constraints in place: a migration rebuilds the table (create the
 * new shape, copy, drop, rename), which only works with foreign keys off, and that pragma is a
 * no-op inside a transaction. So foreign keys go off before BEGIN, `foreign_key_check` proves the
 * rebuilt tables still satisfy every reference before COMMIT (rows: roll back), and the previous
 * setting comes back whatever happens.
 */
export async function withSchemaLock<T>(db: Kysely<any>, fn: () => Promise<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return fn();
  // the one column is foreign_keys, or foreignKeys through the CamelCasePlugin
  const { rows: fkRows } = await sql<Record<string, number>>`pragma foreign_keys`.execute(db);
  const foreignKeys = Number(Object.values(fkRows[0] ?? {})[0] ?? 0) === 1;
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    // better-sqlite3 waits for a lock synchronously, which would also freeze a holder in this
    // process; so ask without waiting and sleep between tries instead.
    const { rows } = await sql<{ timeout: number }>`pragma busy_timeout`.execute(db);
    const busyTimeout = Number(rows[0]?.timeout ?? 0);
    for (let attempt = 1; ; attempt++) {
      await sql`pragma busy_timeout = 0`.execute(db);
      try {
        await sql`begin immediate`.execute(db);
        break;
      } catch (err) {
        const busy = String((err as { code?: string }).code ?? '').startsWith('SQLITE_BUSY');
        if (!busy || attempt * 50 > Math.max(busyTimeout, 1000)) throw err;
      } finally {
        await sql.raw(`pragma busy_timeout = ${busyTimeout}`).execute(db);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    try {
      const result = await fn();
      const broken = await sql<{ table: string; parent: string }>`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) {
        const first = broken.rows[0]!;
        throw new Error(
          `Migration left ${broken.rows.length} broken foreign key reference(s), e.g. ${first.table} -> ${first.parent}`,
        );
      }
      await sql`commit`.execute(db);
      return result;
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    }
  } finally {
    await sql.raw(`pragma foreign_keys = ${foreignKeys ? 'on' : 'off'}`).execute(db);
  }
}
