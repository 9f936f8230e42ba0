import type { Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * The columns customer development (issue 4) shares between its modules:
 * - leads: where they came from (campaign, UTM fields), their score, and what conversion made of
 *   them (account, contact, opportunity);
 * - opportunities: the campaign and lead they came from, so a campaign's return counts them;
 * - accounts: consumer attributes segments look at (income band, interests as a JSON array).
 * Pools (公海) and the tables of each module come in their own migrations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const col of [
    'campaign_id',
    'utm_source',
    'utm_medium',
    'utm_campaign',
    'utm_term',
    'utm_content',
    'converted_account_id',
    'converted_contact_id',
    'converted_opportunity_id',
    'converted_at',
  ])
    await db.schema.alterTable('leads').addColumn(col, 'text').execute();
  await db.schema.alterTable('leads').addColumn('score', 'integer').execute();
  await db.schema.alterTable('opportunities').addColumn('campaign_id', 'text').execute();
  await db.schema.alterTable('opportunities').addColumn('lead_id', 'text').execute();
  await db.schema.alterTable('accounts').addColumn('income_band', 'text').execute();
  await db.schema.alterTable('accounts').addColumn('interests', 'text').execute();
  await db.schema.createIndex('leads_org_campaign').on('leads').columns(['org_id', 'campaign_id']).execute();
  await db.schema
    .createIndex('opportunities_org_campaign')
    .on('opportunities')
    .columns(['org_id', 'campaign_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('opportunities_org_campaign').execute();
  await db.schema.dropIndex('leads_org_campaign').execute();
  for (const col of ['interests', 'income_band'])
    await db.schema.alterTable('accounts').dropColumn(col).execute();
  for (const col of ['lead_id', 'campaign_id'])
    await db.schema.alterTable('opportunities').dropColumn(col).execute();
  for (const col of [
    'score',
    'converted_at',
    'converted_opportunity_id',
    'converted_contact_id',
    'converted_account_id',
    'utm_content',
    'utm_term',
    'utm_campaign',
    'utm_medium',
    'utm_source',
    'campaign_id',
  ])
    await db.schema.alterTable('leads').dropColumn(col).execute();
}
