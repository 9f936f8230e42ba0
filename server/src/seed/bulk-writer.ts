import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type SQLite from 'better-sqlite3';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/database.js';

export type Cell = string | number | null;

/**
 * Fast loading of many rows through the raw driver, inside one transaction: prepared multi-row
 * INSERTs on SQLite, COPY on PostgreSQL. Table and column names are the real (snake_case) ones.
 */
export interface BulkWriter {
  write(table: string, columns: readonly string[], rows: Iterable<Cell[]>): Promise<number>;
  /** A query inside the same transaction (for lookups and deletes). */
  execute(sql: string, params?: Cell[]): Promise<void>;
}

export interface BulkOptions {
  /**
   * PostgreSQL: skip the per-row foreign-key triggers for this transaction when the role may
   * (superuser, or granted SET on session_replication_role). They double the load time, and
   * the generator's rows are consistent by construction. Ignored when not permitted.
   */
  skipForeignKeyChecks?: boolean;
}

export async function withBulkWriter<T>(
  db: Db,
  fn: (writer: BulkWriter) => Promise<T>,
  opts: BulkOptions = {},
): Promise<T> {
  if (db.engine === 'sqlite') return withSqliteWriter(db.raw.sqlite!, fn);
  return withPostgresWriter(db.raw.pool!, fn, opts);
}

async function withSqliteWriter<T>(
  sqlite: SQLite.Database,
  fn: (writer: BulkWriter) => Promise<T>,
): Promise<T> {
  const writer: BulkWriter = {
    // One prepared single-row INSERT per row: measured faster here than multi-row VALUES lists.
    async write(table, columns, rows) {
      const insert = sqlite.prepare(
        `INSERT INTO ${table} (${columns.join(',')}) VALUES (${columns.map(() => '?').join(',')})`,
      );
      let count = 0;
      for (const row of rows) {
        insert.run(row);
        count++;
      }
      return count;
    },
    async execute(sql, params = []) {
      sqlite.prepare(sql).run(params);
    },
  };
  // A large page cache for the load: the transaction's index pages stay in memory instead of
  // spilling to the WAL file page by page.
  const cacheSize = sqlite.pragma('cache_size', { simple: true });
  sqlite.pragma('cache_size = -2000000');
  sqlite.exec('BEGIN');
  try {
    const result = await fn(writer);
    sqlite.exec('COMMIT');
    return result;
  } catch (error) {
    sqlite.exec('ROLLBACK');
    throw error;
  } finally {
    sqlite.pragma(`cache_size = ${Number(cacheSize)}`);
  }
}

async function withPostgresWriter<T>(
  pool: pg.Pool,
  fn: (writer: BulkWriter) => Promise<T>,
  opts: BulkOptions,
): Promise<T> {
  const client = await pool.connect();
  const writer: BulkWriter = {
    async write(table, columns, rows) {
      let count = 0;
      async function* chunks() {
        let chunk = '';
        for (const row of rows) {
          chunk += row.map(copyText).join('\t') + '\n';
          count++;
          if (chunk.length > 1 << 18) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      }
      await pipeline(
        Readable.from(chunks()),
        client.query(copyFrom(`COPY ${table} (${columns.join(',')}) FROM STDIN`)),
      );
      return count;
    },
    async execute(sql, params = []) {
      let n = 0;
      await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
    },
  };
  try {
    await client.query('BEGIN');
    if (opts.skipForeignKeyChecks) await trySkippingForeignKeyChecks(client);
    const result = await fn(writer);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function trySkippingForeignKeyChecks(client: pg.PoolClient): Promise<boolean> {
  await client.query('SAVEPOINT skip_fk');
  try {
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query('RELEASE SAVEPOINT skip_fk');
    return true;
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT skip_fk');
    return false;
  }
}

/** COPY text format: \N is NULL; backslash, tab and line breaks are escaped. */
function copyText(cell: Cell): string {
  if (cell === null) return '\\N';
  if (typeof cell === 'number') return String(cell);
  return /[\\\t\n\r]/.test(cell)
    ? cell.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : cell;
}
