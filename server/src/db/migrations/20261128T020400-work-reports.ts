import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Daily and weekly reports (日报 / 周报, issue 5):
 * - report_rules: who must submit (team_ids and roles as JSON arrays), the weekdays (JSON array,
 *   1 = Monday; weekly: the one deadline weekday), the deadline HH:MM in China time and the late
 *   window in days; versioned, with an active switch.
 * - work_reports: one per user, kind and period (unique); texts, status draft/submitted, and at
 *   submit the facts snapshot (JSON), the deadline it was due by and whether it came late.
 * - work_report_reads: the first time someone other than the author opened a report (unique).
 * - work_report_comments: the thread under a report.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;

  await db.schema
    .createTable('report_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('team_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('weekdays', 'text', (c) => c.notNull())
    .addColumn('due_time', 'text', (c) => c.notNull())
    .addColumn('late_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('report_rules_org_kind')
    .on('report_rules')
    .columns(['org_id', 'kind', 'active'])
    .execute();
  // the deadline job looks for organisations with an active rule
  await db.schema
    .createIndex('report_rules_active')
    .on('report_rules')
    .columns(['active', 'org_id'])
    .execute();

  await db.schema
    .createTable('work_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period_start', date, (c) => c.notNull())
    .addColumn('period_end', date, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('work', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('plan', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('facts', 'text')
    .addColumn('submitted_at', ts)
    .addColumn('due_at', ts)
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rule_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('work_reports_period')
    .unique()
    .on('work_reports')
    .columns(['org_id', 'user_id', 'kind', 'period_start'])
    .execute();
  // the list (newest period first) and the status grid (one kind, a range of periods)
  for (const [name, cols] of [
    ['work_reports_org_period', ['org_id', 'period_start', 'id']],
    ['work_reports_org_kind_period', ['org_id', 'kind', 'period_start']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('work_reports')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('work_report_reads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('report_id', 'text', (c) => c.notNull().references('work_reports.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('first_read_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('work_report_reads_report_user')
    .unique()
    .on('work_report_reads')
    .columns(['report_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('work_report_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('report_id', 'text', (c) => c.notNull().references('work_reports.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('work_report_comments_report')
    .on('work_report_comments')
    .columns(['report_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('work_report_comments').execute();
  await db.schema.dropTable('work_report_reads').execute();
  await db.schema.dropTable('work_reports').execute();
  await db.schema.dropTable('report_rules').execute();
}
