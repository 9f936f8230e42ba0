import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Portable types: ids are UUIDv7 text; money is bigint minor units; booleans are 0/1 integers
 * (better-sqlite3 cannot bind JS booleans); timestamps are timestamptz on PostgreSQL and ISO-8601
 * UTC text on SQLite; dates are `date` on PostgreSQL and YYYY-MM-DD text on SQLite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('teams.id'))
    .addColumn('manager_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('teams_org_name').on('teams').columns(['org_id', 'name', 'id']).execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('manager_id', 'text', (c) => c.references('users.id'))
    .addColumn('locale', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('users_email').unique().on('users').column('email').execute();
  await db.schema.createIndex('users_org_name').on('users').columns(['org_id', 'name', 'id']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256 of the cookie value
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_tokens_hash').unique().on('api_tokens').column('token_hash').execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_attempts_email')
    .on('login_attempts')
    .columns(['email', 'created_at'])
    .execute();
  await db.schema
    .createIndex('login_attempts_ip')
    .on('login_attempts')
    .columns(['ip', 'created_at'])
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('company'))
    .addColumn('industry', 'text')
    .addColumn('size', 'text')
    .addColumn('region', 'text')
    .addColumn('level', 'text')
    .addColumn('source', 'text')
    .addColumn('address', 'text')
    .addColumn('credit_code', 'text')
    .addColumn('phone', 'text')
    .addColumn('website', 'text')
    .addColumn('notes', 'text')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('accounts_org_updated')
    .on('accounts')
    .columns(['org_id', 'updated_at', 'id'])
    .execute();
  await db.schema
    .createIndex('accounts_org_owner_updated')
    .on('accounts')
    .columns(['org_id', 'owner_id', 'updated_at', 'id'])
    .execute();
  await db.schema.createIndex('accounts_org_name').on('accounts').columns(['org_id', 'name', 'id']).execute();
  await db.schema
    .createIndex('accounts_org_credit_code')
    .unique()
    .on('accounts')
    .columns(['org_id', 'credit_code'])
    .where(sql.ref('credit_code'), 'is not', null)
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('wechat', 'text')
    .addColumn('birthday', date)
    .addColumn('decision_role', 'text')
    .addColumn('notes', 'text')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('contacts_org_updated')
    .on('contacts')
    .columns(['org_id', 'updated_at', 'id'])
    .execute();
  await db.schema
    .createIndex('contacts_org_owner_updated')
    .on('contacts')
    .columns(['org_id', 'owner_id', 'updated_at', 'id'])
    .execute();
  await db.schema
    .createIndex('contacts_org_account')
    .on('contacts')
    .columns(['org_id', 'account_id'])
    .execute();
  await db.schema.createIndex('contacts_org_name').on('contacts').columns(['org_id', 'name', 'id']).execute();

  await db.schema
    .createTable('leads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('company', 'text')
    .addColumn('title', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('wechat', 'text')
    .addColumn('source', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
    .addColumn('region', 'text')
    .addColumn('industry', 'text')
    .addColumn('notes', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('leads_org_updated')
    .on('leads')
    .columns(['org_id', 'updated_at', 'id'])
    .execute();
  await db.schema
    .createIndex('leads_org_owner_updated')
    .on('leads')
    .columns(['org_id', 'owner_id', 'updated_at', 'id'])
    .execute();
  await db.schema
    .createIndex('leads_org_status_updated')
    .on('leads')
    .columns(['org_id', 'status', 'updated_at', 'id'])
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('list_price', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('unit', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('description', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('products_org_sku')
    .unique()
    .on('products')
    .columns(['org_id', 'sku'])
    .execute();
  await db.schema.createIndex('products_org_name').on('products').columns(['org_id', 'name', 'id']).execute();

  await db.schema
    .createTable('pipelines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('pipelines_org_name')
    .on('pipelines')
    .columns(['org_id', 'name', 'id'])
    .execute();

  await db.schema
    .createTable('pipeline_stages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('probability', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pipeline_stages_pipeline')
    .on('pipeline_stages')
    .columns(['pipeline_id', 'position'])
    .execute();

  await db.schema
    .createTable('opportunities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id'))
    .addColumn('stage_id', 'text', (c) => c.notNull().references('pipeline_stages.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('expected_close_date', date, (c) => c.notNull())
    .addColumn('next_step', 'text')
    .addColumn('lost_reason', 'text')
    .addColumn('closed_at', ts)
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  for (const [name, cols] of [
    ['opportunities_org_updated', ['org_id', 'updated_at', 'id']],
    ['opportunities_org_owner_updated', ['org_id', 'owner_id', 'updated_at', 'id']],
    ['opportunities_org_stage_updated', ['org_id', 'stage_id', 'updated_at', 'id']],
    ['opportunities_org_status_close', ['org_id', 'status', 'expected_close_date', 'id']],
    ['opportunities_org_status_updated', ['org_id', 'status', 'updated_at', 'id']],
    ['opportunities_org_amount', ['org_id', 'amount', 'id']],
    ['opportunities_org_name', ['org_id', 'name', 'id']],
    ['opportunities_org_account', ['org_id', 'account_id']],
    ['opportunities_org_pipeline_stage_owner', ['org_id', 'pipeline_id', 'stage_id', 'owner_id', 'amount']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('opportunities')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('opportunity_collaborators')
    .addColumn('opportunity_id', 'text', (c) => c.notNull().references('opportunities.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('opportunity_collaborators_pk', ['opportunity_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('opportunity_collaborators_user')
    .on('opportunity_collaborators')
    .columns(['user_id', 'opportunity_id'])
    .execute();

  await db.schema
    .createTable('opportunity_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('opportunity_id', 'text', (c) => c.notNull().references('opportunities.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('discount_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('opportunity_items_opportunity')
    .on('opportunity_items')
    .columns(['opportunity_id', 'position'])
    .execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('due_at', ts)
    .addColumn('done_at', ts)
    .addColumn('next_step', 'text')
    .addColumn('location', 'text')
    .addColumn('related_type', 'text')
    .addColumn('related_id', 'text')
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  for (const [name, cols] of [
    ['activities_org_updated', ['org_id', 'updated_at', 'id']],
    ['activities_org_owner_updated', ['org_id', 'owner_id', 'updated_at', 'id']],
    ['activities_org_owner_due', ['org_id', 'owner_id', 'due_at', 'id']],
    ['activities_org_related', ['org_id', 'related_type', 'related_id', 'created_at']],
    ['activities_org_account', ['org_id', 'account_id', 'created_at']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('activities')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('field_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('user_id', 'text')
    .addColumn('changed_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('field_changes_entity')
    .on('field_changes')
    .columns(['org_id', 'entity_type', 'entity_id', 'changed_at'])
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('run_at', ts, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('last_error', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('locked_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .execute();
  await db.schema.createIndex('jobs_status_run_at').on('jobs').columns(['status', 'run_at']).execute();

  await db.schema
    .createTable('job_schedules')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('job_type', 'text', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('next_run_at', ts, (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'job_schedules',
    'jobs',
    'field_changes',
    'activities',
    'opportunity_items',
    'opportunity_collaborators',
    'opportunities',
    'pipeline_stages',
    'pipelines',
    'products',
    'leads',
    'contacts',
    'accounts',
    'login_attempts',
    'api_tokens',
    'sessions',
    'users',
    'teams',
    'organizations',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
