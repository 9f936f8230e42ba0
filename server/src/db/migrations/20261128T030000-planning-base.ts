import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Targets and planning (issue 6), what the market, target and plan parts all read:
 * - markets: a market or segment (region and/or industry) with its size and yearly growth;
 * - sales_plans: the plan targets serve and budgets belong to (its versions come with the plans part);
 * - territories: a named group of regions covered by a team, ranked by potential; accounts follow them
 *   (accounts.territory_id);
 * - opportunities.channel: the sales channel a deal comes through (direct, e-commerce, distributor…),
 *   so channel targets and channel results can be measured.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;

  await db.schema
    .createTable('markets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // one of REGIONS, NULL = nationwide
    .addColumn('region', 'text')
    // one of INDUSTRIES, NULL = every industry
    .addColumn('industry', 'text')
    .addColumn('description', 'text')
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    // the market's yearly size in fen for size_year (history per year comes with the markets part)
    .addColumn('size', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('size_year', 'integer', (c) => c.notNull())
    // expected yearly growth in basis points (1250 = 12.5 %), may be negative
    .addColumn('growth_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('markets_org_name')
    .on('markets')
    .columns(['org_id', 'name'])
    .unique()
    .execute();
  await db.schema
    .createIndex('markets_org_region')
    .on('markets')
    .columns(['org_id', 'region', 'industry'])
    .execute();

  await db.schema
    .createTable('sales_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('start_date', date, (c) => c.notNull())
    .addColumn('end_date', date, (c) => c.notNull())
    // draft | active | archived
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('description', 'text')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('sales_plans_org_year')
    .on('sales_plans')
    .columns(['org_id', 'fiscal_year', 'status'])
    .execute();

  await db.schema
    .createTable('territories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON array of REGIONS values the territory covers; accounts in these regions belong to it
    .addColumn('regions', 'text', (c) => c.notNull().defaultTo('[]'))
    // JSON array of INDUSTRIES values; empty = every industry (a key-account territory may be narrower)
    .addColumn('industries', 'text', (c) => c.notNull().defaultTo('[]'))
    // the team that covers it (routing and data scope follow the team)
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    // reps planned for it (the team's actual members are counted beside it)
    .addColumn('headcount', 'integer', (c) => c.notNull().defaultTo(0))
    // more specific territories win when two match an account
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('territories_org_name')
    .on('territories')
    .columns(['org_id', 'name'])
    .unique()
    .execute();
  await db.schema
    .createIndex('territories_org_team')
    .on('territories')
    .columns(['org_id', 'team_id'])
    .execute();

  await db.schema
    .alterTable('accounts')
    .addColumn('territory_id', 'text', (c) => c.references('territories.id'))
    .execute();
  await db.schema
    .createIndex('accounts_org_territory')
    .on('accounts')
    .columns(['org_id', 'territory_id'])
    .execute();
  // one of CHANNELS; NULL = direct (the default for deals made before channels existed)
  await db.schema.alterTable('opportunities').addColumn('channel', 'text').execute();
  // what results are measured by (won deals, signed contracts, 回款, done activities in a period)
  for (const [name, table, cols] of [
    [
      'opportunities_org_status_closed',
      'opportunities',
      ['org_id', 'status', 'closed_at', 'owner_id', 'amount'],
    ],
    ['opportunities_org_account_status', 'opportunities', ['org_id', 'account_id', 'status', 'closed_at']],
    ['contracts_org_signed', 'contracts', ['org_id', 'signed_date', 'status']],
    ['payments_org_received', 'payments', ['org_id', 'received_date', 'status']],
    ['activities_org_done', 'activities', ['org_id', 'done_at', 'owner_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on(table)
      .columns([...cols])
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'activities_org_done',
    'payments_org_received',
    'contracts_org_signed',
    'opportunities_org_account_status',
    'opportunities_org_status_closed',
  ])
    await db.schema.dropIndex(name).execute();
  await db.schema.alterTable('opportunities').dropColumn('channel').execute();
  await db.schema.dropIndex('accounts_org_territory').execute();
  await db.schema.alterTable('accounts').dropColumn('territory_id').execute();
  await db.schema.dropTable('territories').execute();
  await db.schema.dropTable('sales_plans').execute();
  await db.schema.dropTable('markets').execute();
}
