import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Lead intake (issue 4): where leads come from, how they are routed and how they are scored.
 * - lead_sources: the organisation's configurable sources (leads.source holds the key);
 * - web_forms and web_form_submissions: the public web-to-lead form; every accepted or spam
 *   attempt is a submission row (outcome), which the per-IP and per-form rate limit counts;
 * - assignment_rules (ordered, conditions as JSON), assignment_pointers (one row per target
 *   team: the round-robin pointer, updated in the assigning transaction so it also serialises
 *   concurrent assignments) and lead_assignments (what each assignment did and why);
 * - lead_scoring_rules (fit and engagement) and lead_score_models (per organisation: the model
 *   weight in the blend, and the last trained model with its quality).
 * Booleans are 0/1 integers, JSON is text, accuracy and AUC are basis points (0–10000).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;

  await db.schema
    .createTable('lead_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('lead_sources_org_key')
    .unique()
    .on('lead_sources')
    .columns(['org_id', 'key'])
    .execute();

  await db.schema
    .createTable('web_forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('assignment', 'text', (c) => c.notNull().defaultTo('rules'))
    .addColumn('thank_you_message', 'text')
    .addColumn('redirect_url', 'text')
    .addColumn('allowed_origins', 'text')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('zh-CN'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('submission_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('web_forms_public_key').unique().on('web_forms').column('public_key').execute();
  await db.schema
    .createIndex('web_forms_org_updated')
    .on('web_forms')
    .columns(['org_id', 'updated_at', 'id'])
    .execute();

  await db.schema
    .createTable('web_form_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('form_id', 'text', (c) => c.notNull().references('web_forms.id'))
    .addColumn('lead_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('ip_hash', 'text', (c) => c.notNull())
    .addColumn('referrer', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  for (const [name, cols] of [
    ['web_form_submissions_form_ip', ['form_id', 'ip_hash', 'created_at']],
    ['web_form_submissions_form_created', ['form_id', 'created_at', 'id']],
    ['web_form_submissions_org_lead', ['org_id', 'lead_id', 'created_at']],
  ] as const)
    await db.schema
      .createIndex(name)
      .on('web_form_submissions')
      .columns([...cols])
      .execute();

  await db.schema
    .createTable('assignment_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('include_subteams', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('include_managers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('max_open_per_rep', 'integer')
    // method 'pool': the lead goes to this lead pool (公海) of the team, for its members to claim
    .addColumn('pool_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('assignment_rules_org_position')
    .on('assignment_rules')
    .columns(['org_id', 'position'])
    .execute();

  await db.schema
    .createTable('assignment_pointers')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('last_user_id', 'text')
    .addColumn('turns', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('assignment_pointers_pk', ['org_id', 'team_id'])
    .execute();

  await db.schema
    .createTable('lead_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text')
    .addColumn('rule_name', 'text')
    .addColumn('team_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('method', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('lead_assignments_org_lead')
    .on('lead_assignments')
    .columns(['org_id', 'lead_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('lead_scoring_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('operator', 'text')
    .addColumn('value', 'text')
    .addColumn('activity_types', 'text')
    .addColumn('window_days', 'integer')
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('cap', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('lead_scoring_rules_org_position')
    .on('lead_scoring_rules')
    .columns(['org_id', 'position'])
    .execute();

  await db.schema
    .createTable('lead_score_models')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('model_weight', 'integer', (c) => c.notNull().defaultTo(40))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('off'))
    .addColumn('off_reason', 'text')
    .addColumn('examples', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('positives', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('negatives', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('holdout_size', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accuracy_bp', 'integer')
    .addColumn('auc_bp', 'integer')
    .addColumn('weights', 'text')
    .addColumn('trained_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  // The lead list sorts and filters by score.
  await db.schema.createIndex('leads_org_score').on('leads').columns(['org_id', 'score', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('leads_org_score').execute();
  for (const table of [
    'lead_score_models',
    'lead_scoring_rules',
    'lead_assignments',
    'assignment_pointers',
    'assignment_rules',
    'web_form_submissions',
    'web_forms',
    'lead_sources',
  ])
    await db.schema.dropTable(table).execute();
}
