import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * Recomputes opportunities.last_touch_at of some deals from what it summarises: the latest of the
 * deal's creation, an activity done on it and a stage entered. One set-based statement (the same
 * shape as the migration's backfill), run in the caller's transaction by every write that can move
 * it: activities logged, changed, completed or deleted on a deal (a visit's check-out logs one, a
 * meeting's action item is one), a stage entered (a new deal, a stage change, a reopen).
 * Recomputing rather than taking the newer time means a deletion or a corrected date never leaves
 * a deal looking fresher than it is. `'all'`: every deal of the organisation (after a bulk load).
 */
export async function refreshLastTouch(
  db: Kysely<Database>,
  orgId: string,
  ids: readonly (string | null | undefined)[] | 'all',
): Promise<void> {
  let only = (_column: string) => sql``;
  if (ids !== 'all') {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (!wanted.length) return;
    only = (column) => sql` and ${sql.raw(column)} in (${sql.join(wanted)})`;
  }
  await sql`
    update opportunities set last_touch_at = t.m
    from (
      select x.id, max(x.at) as m from (
        select id, created_at as at from opportunities where org_id = ${orgId}${only('id')}
        union all
        select related_id, done_at from activities
          where org_id = ${orgId} and related_type = 'opportunity' and done_at is not null${only('related_id')}
        union all
        select opportunity_id, entered_at from opportunity_stage_history
          where org_id = ${orgId}${only('opportunity_id')}
      ) x
      group by x.id
    ) t
    where opportunities.org_id = ${orgId} and opportunities.id = t.id
  `.execute(db);
}
