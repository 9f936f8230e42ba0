import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * opportunities.last_touch_at: when the deal was last worked on — the latest of its creation, an
 * activity done on it (a visit's check-out logs one), and a stage entered (stage history). The
 * services keep it up to date on every write; supervision grades stalled deals from it with one
 * indexed range instead of two correlated lookups per open deal.
 * Backfilled here with one set-based UPDATE (both engines: the times are timestamptz on PostgreSQL
 * and ISO-8601 UTC text on SQLite, so MAX compares them alike).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // text on SQLite / timestamptz on PostgreSQL, like every other timestamp
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('opportunities')
    .addColumn('last_touch_at', isPg ? sql`timestamptz` : 'text')
    .execute();
  await sql`
    update opportunities set last_touch_at = t.m
    from (
      select x.org_id, x.id, max(x.at) as m from (
        select org_id, id, created_at as at from opportunities
        union all
        select org_id, related_id, done_at from activities
          where related_type = 'opportunity' and related_id is not null and done_at is not null
        union all
        select org_id, opportunity_id, entered_at from opportunity_stage_history
      ) x
      group by x.org_id, x.id
    ) t
    where opportunities.id = t.id and opportunities.org_id = t.org_id
  `.execute(db);
  // the stalled-deal range (whole organisation) and the same per owner (a rep's or a team's board)
  await db.schema
    .createIndex('opportunities_org_status_touch')
    .on('opportunities')
    .columns(['org_id', 'status', 'last_touch_at'])
    .execute();
  await db.schema
    .createIndex('opportunities_org_owner_status_touch')
    .on('opportunities')
    .columns(['org_id', 'owner_id', 'status', 'last_touch_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('opportunities_org_owner_status_touch').execute();
  await db.schema.dropIndex('opportunities_org_status_touch').execute();
  await db.schema.alterTable('opportunities').dropColumn('last_touch_at').execute();
}
