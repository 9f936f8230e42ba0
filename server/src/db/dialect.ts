import { sql, type Expression, type RawBuilder } from 'kysely';
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
}

export function dialectFor(engine: Engine): Dialect {
  if (engine === 'postgres') {
    return {
      engine,
      ilike: (column, pattern) => sql<boolean>`${sql.ref(column)} ILIKE ${pattern} ESCAPE '\\'`,
      skipLocked: 'FOR UPDATE SKIP LOCKED',
      month: (column) =>
        sql<string>`to_char(${typeof column === 'string' ? sql.ref(column) : column}, 'YYYY-MM')`,
    };
  }
  return {
    engine,
    // SQLite's LIKE ignores ASCII case; lower() on both sides covers the rest consistently.
    ilike: (column, pattern) => sql<boolean>`lower(${sql.ref(column)}) LIKE lower(${pattern}) ESCAPE '\\'`,
    skipLocked: '',
    month: (column) => sql<string>`substr(${typeof column === 'string' ? sql.ref(column) : column}, 1, 7)`,
  };
}
