import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Activity supervision (issue 5), the columns several parts share:
 * - accounts.latitude / longitude (WGS-84 degrees): where a visit check-in is measured against;
 * - opportunities.next_step_date: every open deal has a next step with a date;
 * - pipeline_stages.stall_days: a deal with no activity for this many days in the stage is stalled
 *   (NULL: the organisation's default).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const date = isPg ? sql`date` : sql`text`;
  await db.schema.alterTable('accounts').addColumn('latitude', 'double precision').execute();
  await db.schema.alterTable('accounts').addColumn('longitude', 'double precision').execute();
  await db.schema.alterTable('opportunities').addColumn('next_step_date', date).execute();
  await db.schema.alterTable('pipeline_stages').addColumn('stall_days', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pipeline_stages').dropColumn('stall_days').execute();
  await db.schema.alterTable('opportunities').dropColumn('next_step_date').execute();
  await db.schema.alterTable('accounts').dropColumn('longitude').execute();
  await db.schema.alterTable('accounts').dropColumn('latitude').execute();
}
