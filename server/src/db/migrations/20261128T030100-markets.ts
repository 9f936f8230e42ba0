import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Market analysis (issue 6), around the markets table of the planning base:
 * - market_years: a market's size per year (history; the markets row keeps the current size);
 * - competitors with their products (and our comparable product) and their share per market and year;
 * - macro_factors (PEST: policy, economy, society, technology), each an opportunity or a threat with an
 *   impact of 1..5, and the markets it touches (macro_factor_markets);
 * - opportunity_competitors: the competitors recorded on a deal, and whether we won against them or lost
 *   to them (won/lost reports read the deal's status; the status follows the deal when it closes).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;

  await db.schema
    .createTable('market_years')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('market_id', 'text', (c) => c.notNull().references('markets.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    // fen
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('market_years_org_market_year')
    .on('market_years')
    .columns(['org_id', 'market_id', 'year'])
    .unique()
    .execute();

  await db.schema
    .createTable('competitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('description', 'text')
    // budget | mid | premium
    .addColumn('price_positioning', 'text', (c) => c.notNull().defaultTo('mid'))
    // JSON arrays of short texts
    .addColumn('strengths', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('weaknesses', 'text', (c) => c.notNull().defaultTo('[]'))
    // our selling point against them
    .addColumn('our_differentiator', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('competitors_org_name')
    .on('competitors')
    .columns(['org_id', 'name'])
    .unique()
    .execute();

  await db.schema
    .createTable('competitor_products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('competitor_id', 'text', (c) => c.notNull().references('competitors.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // fen, optional (list price as far as known)
    .addColumn('price', 'bigint')
    .addColumn('positioning', 'text')
    // our comparable catalogue product
    .addColumn('product_id', 'text', (c) => c.references('products.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('competitor_products_org_competitor')
    .on('competitor_products')
    .columns(['org_id', 'competitor_id'])
    .execute();

  await db.schema
    .createTable('competitor_market_shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('competitor_id', 'text', (c) => c.notNull().references('competitors.id').onDelete('cascade'))
    .addColumn('market_id', 'text', (c) => c.notNull().references('markets.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    // basis points of the market's size, 0..10000
    .addColumn('share_bp', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('competitor_market_shares_unique')
    .on('competitor_market_shares')
    .columns(['org_id', 'competitor_id', 'market_id', 'year'])
    .unique()
    .execute();
  await db.schema
    .createIndex('competitor_market_shares_org_market')
    .on('competitor_market_shares')
    .columns(['org_id', 'market_id', 'year'])
    .execute();

  await db.schema
    .createTable('macro_factors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    // policy | economy | society | technology
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    // opportunity | threat
    .addColumn('effect', 'text', (c) => c.notNull())
    // 1..5
    .addColumn('impact', 'integer', (c) => c.notNull())
    // when it applies; NULL = open-ended
    .addColumn('start_date', date)
    .addColumn('end_date', date)
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('macro_factors_org_category')
    .on('macro_factors')
    .columns(['org_id', 'category', 'effect'])
    .execute();

  await db.schema
    .createTable('macro_factor_markets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('factor_id', 'text', (c) => c.notNull().references('macro_factors.id').onDelete('cascade'))
    .addColumn('market_id', 'text', (c) => c.notNull().references('markets.id').onDelete('cascade'))
    .execute();
  await db.schema
    .createIndex('macro_factor_markets_unique')
    .on('macro_factor_markets')
    .columns(['factor_id', 'market_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('macro_factor_markets_org_market')
    .on('macro_factor_markets')
    .columns(['org_id', 'market_id'])
    .execute();

  await db.schema
    .createTable('opportunity_competitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('opportunity_id', 'text', (c) =>
      c.notNull().references('opportunities.id').onDelete('cascade'),
    )
    .addColumn('competitor_id', 'text', (c) => c.notNull().references('competitors.id').onDelete('cascade'))
    // active | won_against | lost_to
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('opportunity_competitors_unique')
    .on('opportunity_competitors')
    .columns(['opportunity_id', 'competitor_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('opportunity_competitors_org_competitor')
    .on('opportunity_competitors')
    .columns(['org_id', 'competitor_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('opportunity_competitors').execute();
  await db.schema.dropTable('macro_factor_markets').execute();
  await db.schema.dropTable('macro_factors').execute();
  await db.schema.dropTable('competitor_market_shares').execute();
  await db.schema.dropTable('competitor_products').execute();
  await db.schema.dropTable('competitors').execute();
  await db.schema.dropTable('market_years').execute();
}
