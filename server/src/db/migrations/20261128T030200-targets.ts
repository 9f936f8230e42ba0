import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * SMART targets (issue 6): a metric, a number, a period with its dates, an owner and the plan it
 * serves. Targets cascade (parent_id): company -> teams -> reps, year -> quarters -> months; each
 * child records how it was split from its parent. Attainment is never stored: it is measured live
 * from the results (won deals, contracts, payments…).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;

  await db.schema
    .createTable('targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('plan_id', 'text', (c) => c.references('sales_plans.id'))
    .addColumn('parent_id', 'text', (c) => c.references('targets.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // revenue | contract_amount | payments | units | new_customers | market_share | activities
    .addColumn('metric', 'text', (c) => c.notNull())
    // fen for money, a count for units/customers/activities, basis points for market share
    .addColumn('value', 'bigint', (c) => c.notNull())
    // the 冲刺 (stretch) and 挑战 (challenge) levels, in the same unit as value
    .addColumn('stretch_value', 'bigint', (c) => c.notNull())
    .addColumn('challenge_value', 'bigint', (c) => c.notNull())
    // year | quarter | month; the dates are a calendar (or the plan's fiscal) period of that type
    .addColumn('period_type', 'text', (c) => c.notNull())
    .addColumn('start_date', date, (c) => c.notNull())
    .addColumn('end_date', date, (c) => c.notNull())
    // company | team | territory | rep | product | channel
    .addColumn('owner_type', 'text', (c) => c.notNull())
    // NULL for the company; a team, territory, user or product id, or a CHANNELS value
    .addColumn('owner_id', 'text')
    .addColumn('market_id', 'text', (c) => c.references('markets.id'))
    // how this target was split from its parent: potential | last_year | manual | even
    .addColumn('split_method', 'text')
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('description', 'text')
    // draft | active
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('targets_org_owner_start')
    .on('targets')
    .columns(['org_id', 'owner_type', 'owner_id', 'start_date'])
    .execute();
  await db.schema.createIndex('targets_org_parent').on('targets').columns(['org_id', 'parent_id']).execute();
  await db.schema
    .createIndex('targets_org_period')
    .on('targets')
    .columns(['org_id', 'start_date', 'end_date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('targets').execute();
}
