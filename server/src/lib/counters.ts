import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * The next value of an organisation's named counter (document numbers), in the caller's
 * transaction. The upsert takes the row's lock (PostgreSQL) or the write lock (SQLite) until
 * commit, so concurrent callers queue and each gets its own value; a rolled-back creation gives
 * its value back.
 */
export async function nextCounter(db: Kysely<Database>, orgId: string, name: string): Promise<number> {
  const row = await db
    .insertInto('numberCounters')
    .values({ orgId, name, value: 1 })
    .onConflict((oc) =>
      oc.columns(['orgId', 'name']).doUpdateSet({ value: sql<number>`number_counters.value + 1` }),
    )
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
