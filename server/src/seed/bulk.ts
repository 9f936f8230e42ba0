import type { InsertObject, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Multi-row inserts of `size` rows at a time: few round trips, and well under PostgreSQL's
 * 65,535 bind parameters per statement.
 */
export async function insertInChunks<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly InsertObject<Database, T>[],
  size = 200,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as InsertObject<Database, T>[])
      .execute();
  }
}
