import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Needs analysis (需求分析), questionnaires (问卷) and solution proposals (方案书), issue 4:
 * - needs_records: one customer's needs; pain points, decision makers and competitors are JSON
 *   arrays (text) edited as a whole, so one versioned PATCH and one history row per field cover them;
 * - questionnaires: a builder's questions as JSON; questionnaire_invitations: one share link per
 *   recipient (token hash only, optional expiry, a per-token attempt counter for rate limiting);
 *   questionnaire_responses: one answer set per invitation (unique), stored on the account;
 * - proposals, proposal_sections (a pain point and how it is solved), proposal_items (products,
 *   name/sku/unit copied so a later catalogue change or deletion leaves the document as it was).
 * Rows of an account go with it (cascade); a deleted contact or opportunity is unlinked (set null).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;

  await db.schema
    .createTable('needs_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('opportunity_id', 'text', (c) => c.references('opportunities.id').onDelete('set null'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('situation', 'text')
    .addColumn('pain_points', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('goals', 'text')
    .addColumn('budget_amount', 'bigint')
    .addColumn('budget_min', 'bigint')
    .addColumn('budget_max', 'bigint')
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('budget_status', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('decision_date', date)
    .addColumn('go_live_date', date)
    .addColumn('decision_makers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('competitors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('notes', 'text')
    .addColumn('source_response_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  for (const [name, cols] of [
    ['needs_records_org_account', ['org_id', 'account_id', 'updated_at', 'id']],
    ['needs_records_org_opportunity', ['org_id', 'opportunity_id']],
    ['needs_records_org_updated', ['org_id', 'updated_at', 'id']],
  ] as const)
    await db.schema
      .createIndex(name)
      .on('needs_records')
      .columns([...cols])
      .execute();

  await db.schema
    .createTable('questionnaires')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('intro', 'text')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('zh-CN'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('questions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('published_at', ts)
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('questionnaires_org_status_updated')
    .on('questionnaires')
    .columns(['org_id', 'status', 'updated_at', 'id'])
    .execute();

  await db.schema
    .createTable('questionnaire_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('questionnaire_id', 'text', (c) => c.notNull().references('questionnaires.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', ts)
    .addColumn('revoked_at', ts)
    .addColumn('opened_at', ts)
    .addColumn('answered_at', ts)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts_since', ts)
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('questionnaire_invitations_token')
    .unique()
    .on('questionnaire_invitations')
    .column('token_hash')
    .execute();
  await db.schema
    .createIndex('questionnaire_invitations_org_account')
    .on('questionnaire_invitations')
    .columns(['org_id', 'account_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('questionnaire_invitations_org_questionnaire')
    .on('questionnaire_invitations')
    .columns(['org_id', 'questionnaire_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('questionnaire_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('questionnaire_id', 'text', (c) => c.notNull().references('questionnaires.id'))
    .addColumn('invitation_id', 'text', (c) =>
      c.notNull().references('questionnaire_invitations.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('respondent_name', 'text')
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('submitted_at', ts, (c) => c.notNull())
    .execute();
  // One answer set per link: the second submission of a link fails on this index.
  await db.schema
    .createIndex('questionnaire_responses_invitation')
    .unique()
    .on('questionnaire_responses')
    .column('invitation_id')
    .execute();
  await db.schema
    .createIndex('questionnaire_responses_org_account')
    .on('questionnaire_responses')
    .columns(['org_id', 'account_id', 'submitted_at'])
    .execute();
  await db.schema
    .createIndex('questionnaire_responses_org_questionnaire')
    .on('questionnaire_responses')
    .columns(['org_id', 'questionnaire_id', 'submitted_at'])
    .execute();

  await db.schema
    .createTable('proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('needs_id', 'text', (c) => c.notNull().references('needs_records.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('opportunity_id', 'text', (c) => c.references('opportunities.id').onDelete('set null'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('sent_at', ts)
    .addColumn('decided_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('proposals_org_number')
    .unique()
    .on('proposals')
    .columns(['org_id', 'number'])
    .execute();
  for (const [name, cols] of [
    ['proposals_org_account', ['org_id', 'account_id', 'updated_at', 'id']],
    ['proposals_org_needs', ['org_id', 'needs_id']],
    ['proposals_org_opportunity', ['org_id', 'opportunity_id']],
    ['proposals_org_updated', ['org_id', 'updated_at', 'id']],
  ] as const)
    await db.schema
      .createIndex(name)
      .on('proposals')
      .columns([...cols])
      .execute();

  await db.schema
    .createTable('proposal_sections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('pain_point_id', 'text', (c) => c.notNull())
    .addColumn('pain_point', 'text', (c) => c.notNull())
    .addColumn('severity', 'integer', (c) => c.notNull())
    .addColumn('solution', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('proposal_sections_proposal')
    .on('proposal_sections')
    .columns(['proposal_id', 'position'])
    .execute();

  await db.schema
    .createTable('proposal_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id').onDelete('cascade'))
    .addColumn('section_id', 'text', (c) =>
      c.notNull().references('proposal_sections.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('list_price', 'bigint', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('proposal_items_proposal')
    .on('proposal_items')
    .columns(['proposal_id', 'section_id', 'position'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'proposal_items',
    'proposal_sections',
    'proposals',
    'questionnaire_responses',
    'questionnaire_invitations',
    'questionnaires',
    'needs_records',
  ])
    await db.schema.dropTable(table).execute();
}
