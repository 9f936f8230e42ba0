import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Approval engine (rules, requests, per-approver tasks, trail, CC, reminders) and quotes
 * (versions, line items, share links). Portable types as in the foundation migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;

  await db.schema
    .createTable('approval_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('business_type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('conditions', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('steps', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('auto_approve_below', 'bigint')
    .addColumn('cc_user_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('fallback_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('time_limit_hours', 'integer', (c) => c.notNull().defaultTo(24))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('approval_rules_org_type')
    .on('approval_rules')
    .columns(['org_id', 'business_type', 'priority'])
    .execute();

  await db.schema
    .createTable('approval_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('rule_id', 'text', (c) => c.references('approval_rules.id'))
    .addColumn('business_type', 'text', (c) => c.notNull())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('discount_bp', 'integer')
    .addColumn('margin_bp', 'integer')
    .addColumn('submitter_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('current_step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('submitted_at', ts, (c) => c.notNull())
    .addColumn('step_started_at', ts)
    .addColumn('decided_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('approval_requests_business')
    .on('approval_requests')
    .columns(['org_id', 'business_type', 'business_id'])
    .execute();
  await db.schema
    .createIndex('approval_requests_submitter')
    .on('approval_requests')
    .columns(['org_id', 'submitter_id', 'submitted_at'])
    .execute();

  await db.schema
    .createTable('approval_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', ts)
    .addColumn('reminded_at', ts)
    .addColumn('decided_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('approval_tasks_user')
    .on('approval_tasks')
    .columns(['org_id', 'user_id', 'status'])
    .execute();
  await db.schema
    .createIndex('approval_tasks_request')
    .on('approval_tasks')
    .columns(['request_id', 'round', 'step'])
    .execute();
  await db.schema
    .createIndex('approval_tasks_due')
    .on('approval_tasks')
    .columns(['status', 'due_at'])
    .execute();

  await db.schema
    .createTable('approval_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
    .addColumn('step', 'integer')
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('approval_actions_request')
    .on('approval_actions')
    .columns(['request_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('approval_ccs')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('approval_ccs_pk', ['request_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('approval_ccs_user')
    .on('approval_ccs')
    .columns(['org_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('approval_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
    .addColumn('task_id', 'text', (c) => c.notNull().references('approval_tasks.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('read_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('approval_reminders_user')
    .on('approval_reminders')
    .columns(['org_id', 'user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('quotes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('opportunity_id', 'text', (c) => c.notNull().references('opportunities.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('previous_id', 'text', (c) => c.references('quotes.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('discount_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('valid_until', date, (c) => c.notNull())
    .addColumn('list_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('subtotal', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('discount_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('tax_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text')
    .addColumn('approval_request_id', 'text', (c) => c.references('approval_requests.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('accepted_by', 'text')
    .addColumn('decided_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('quotes_opportunity')
    .on('quotes')
    .columns(['org_id', 'opportunity_id', 'number', 'revision'])
    .execute();
  await db.schema
    .createIndex('quotes_org_number')
    .unique()
    .on('quotes')
    .columns(['org_id', 'number', 'revision'])
    .execute();
  await db.schema
    .createIndex('quotes_org_updated')
    .on('quotes')
    .columns(['org_id', 'updated_at', 'id'])
    .execute();

  await db.schema
    .createTable('quote_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('quote_id', 'text', (c) => c.notNull().references('quotes.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('list_price', 'bigint', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('discount_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('quote_items_quote')
    .on('quote_items')
    .columns(['quote_id', 'position'])
    .execute();

  await db.schema
    .createTable('quote_shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('quote_id', 'text', (c) => c.notNull().references('quotes.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('revoked_at', ts)
    .addColumn('viewed_at', ts)
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quote_shares_hash').unique().on('quote_shares').column('token_hash').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'quote_shares',
    'quote_items',
    'quotes',
    'approval_reminders',
    'approval_ccs',
    'approval_actions',
    'approval_tasks',
    'approval_requests',
    'approval_rules',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
