import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Stage criteria (required fields and a checklist template per stage, JSON as text), the
 * checklist state of each opportunity, one stage-history row per stage entered, and the
 * competitor a lost deal went to. Portable types as in the foundation migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;

  await db.schema
    .alterTable('pipeline_stages')
    .addColumn('required_fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('pipeline_stages')
    .addColumn('checklist', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('opportunities').addColumn('lost_competitor', 'text').execute();

  await db.schema
    .createTable('opportunity_checklist_items')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('opportunity_id', 'text', (c) => c.notNull().references('opportunities.id'))
    .addColumn('stage_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('checked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('checked_by', 'text', (c) => c.references('users.id'))
    .addColumn('checked_at', ts)
    .addPrimaryKeyConstraint('opportunity_checklist_items_pk', ['opportunity_id', 'stage_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('opportunity_stage_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('opportunity_id', 'text', (c) => c.notNull().references('opportunities.id'))
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('stage_id', 'text', (c) => c.notNull())
    .addColumn('entered_at', ts, (c) => c.notNull())
    .addColumn('left_at', ts)
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('opportunity_stage_history_opp')
    .on('opportunity_stage_history')
    .columns(['opportunity_id', 'entered_at'])
    .execute();
  await db.schema
    .createIndex('opportunity_stage_history_funnel')
    .on('opportunity_stage_history')
    .columns(['org_id', 'pipeline_id', 'entered_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('opportunity_stage_history').execute();
  await db.schema.dropTable('opportunity_checklist_items').execute();
  await db.schema.alterTable('opportunities').dropColumn('lost_competitor').execute();
  await db.schema.alterTable('pipeline_stages').dropColumn('checklist').execute();
  await db.schema.alterTable('pipeline_stages').dropColumn('required_fields').execute();
}
