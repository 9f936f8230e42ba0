import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * The sales plan (issue 6): channels, budgets and versions of a sales_plans row.
 * - sales_plans.revenue_target: the plan's own revenue target (fen), used for the channels' shares
 *   when no company revenue target of the targets module serves the plan;
 * - plan_channels: the share of the plan's revenue target (basis points) each channel must carry;
 * - budget_lines: planned money per period (a month or a quarter, by its first day), territory,
 *   channel and category; budget_spend: what was spent against a line (entered or imported);
 * - plan_versions: "save as version N" snapshots of the plan (JSON) that two can be compared.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;

  await db.schema.alterTable('sales_plans').addColumn('revenue_target', 'bigint').execute();
  // one active plan per fiscal year, also when two activations race (partial index: both engines)
  await sql`create unique index sales_plans_one_active on sales_plans (org_id, fiscal_year) where status = 'active'`.execute(
    db,
  );

  await db.schema
    .createTable('plan_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('sales_plans.id'))
    // one of CHANNELS
    .addColumn('channel', 'text', (c) => c.notNull())
    // share of the plan's revenue target in basis points; a plan's channels sum to at most 10000
    .addColumn('share_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_channels_org_plan_channel')
    .on('plan_channels')
    .columns(['org_id', 'plan_id', 'channel'])
    .unique()
    .execute();

  await db.schema
    .createTable('budget_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('sales_plans.id'))
    // month | quarter
    .addColumn('period_type', 'text', (c) => c.notNull())
    // the first day of the month or quarter
    .addColumn('period_start', date, (c) => c.notNull())
    .addColumn('territory_id', 'text', (c) => c.references('territories.id'))
    // one of CHANNELS, NULL = every channel
    .addColumn('channel', 'text')
    // salaries | commission | promotion | marketing | travel | other
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('planned', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('budget_lines_org_plan_period')
    .on('budget_lines')
    .columns(['org_id', 'plan_id', 'period_start'])
    .execute();

  await db.schema
    .createTable('budget_spend')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('line_id', 'text', (c) => c.notNull().references('budget_lines.id'))
    .addColumn('spent_on', date, (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    // manual | import
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('budget_spend_org_line')
    .on('budget_spend')
    .columns(['org_id', 'line_id', 'spent_on'])
    .execute();

  await db.schema
    .createTable('plan_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('sales_plans.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    // JSON: the plan row, its channels, budget lines (and targets when there are any)
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_versions_org_plan_number')
    .on('plan_versions')
    .columns(['org_id', 'plan_id', 'number'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_versions').execute();
  await db.schema.dropTable('budget_spend').execute();
  await db.schema.dropTable('budget_lines').execute();
  await db.schema.dropTable('plan_channels').execute();
  await db.schema.dropIndex('sales_plans_one_active').execute();
  await db.schema.alterTable('sales_plans').dropColumn('revenue_target').execute();
}
