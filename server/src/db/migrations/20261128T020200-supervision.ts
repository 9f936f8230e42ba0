import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Supervision (督导, issue 5):
 * - supervision_settings: one row per organisation (absent = the defaults): stall days for stages
 *   without their own, days after which a customer is forgotten (遗忘客户), optionally per account
 *   level, and who the daily job notifies;
 * - indexes for the findings: open deals by next step date (the list's ?nextStep= filter), and
 *   activities not done by due time (overdue tasks across an organisation).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;

  await db.schema
    .createTable('supervision_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('default_stall_days', 'integer', (c) => c.notNull().defaultTo(14))
    .addColumn('forgotten_days', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('forgotten_days_a', 'integer')
    .addColumn('forgotten_days_b', 'integer')
    .addColumn('forgotten_days_c', 'integer')
    .addColumn('forgotten_days_d', 'integer')
    .addColumn('notify_owners', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('notify_managers', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createIndex('opportunities_org_status_next_step')
    .on('opportunities')
    .columns(['org_id', 'status', 'next_step_date'])
    .execute();
  await db.schema
    .createIndex('activities_org_done_due')
    .on('activities')
    .columns(['org_id', 'done_at', 'due_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('activities_org_done_due').execute();
  await db.schema.dropIndex('opportunities_org_status_next_step').execute();
  await db.schema.dropTable('supervision_settings').execute();
}
