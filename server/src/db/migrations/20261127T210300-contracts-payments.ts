import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Contracts (合同), their line items, numbering counters, payment plans (回款计划), payments (回款),
 * invoices (开票), attachments and the reminders the daily jobs record. Portable types as in the
 * foundation migration; money is bigint fen; attachment bytes live in the database (bytea/blob).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;
  const bytes = isPg ? sql`bytea` : sql`blob`;

  // One row per organisation and counter ("contract:2026"): incremented by an upsert in the
  // transaction that uses the number, so concurrent creations never share one.
  await db.schema
    .createTable('number_counters')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_counters_pk', ['org_id', 'name'])
    .execute();

  await db.schema
    .createTable('contract_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('number_prefix', 'text', (c) => c.notNull().defaultTo('HT'))
    .addColumn('expiry_reminder_days', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('payment_reminder_days', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('contracts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('opportunity_id', 'text', (c) => c.references('opportunities.id'))
    .addColumn('quote_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('payment_status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('received_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('invoiced_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('start_date', date, (c) => c.notNull())
    .addColumn('end_date', date, (c) => c.notNull())
    .addColumn('signed_date', date)
    .addColumn('notes', 'text')
    .addColumn('void_reason', 'text')
    .addColumn('voided_at', ts)
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('contracts_org_number')
    .unique()
    .on('contracts')
    .columns(['org_id', 'number'])
    .execute();
  for (const [name, cols] of [
    ['contracts_org_updated', ['org_id', 'updated_at', 'id']],
    ['contracts_org_owner_updated', ['org_id', 'owner_id', 'updated_at', 'id']],
    ['contracts_org_status_end', ['org_id', 'status', 'end_date', 'id']],
    ['contracts_org_account', ['org_id', 'account_id']],
    ['contracts_org_opportunity', ['org_id', 'opportunity_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('contracts')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('contract_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('discount_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contract_items_contract')
    .on('contract_items')
    .columns(['contract_id', 'position'])
    .execute();

  await db.schema
    .createTable('payment_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('installment', 'integer', (c) => c.notNull())
    .addColumn('planned_amount', 'bigint', (c) => c.notNull())
    .addColumn('received_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('due_date', date, (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('notes', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('payment_plans_contract')
    .unique()
    .on('payment_plans')
    .columns(['contract_id', 'installment'])
    .execute();
  await db.schema
    .createIndex('payment_plans_org_status_due')
    .on('payment_plans')
    .columns(['org_id', 'status', 'due_date'])
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('plan_id', 'text', (c) => c.references('payment_plans.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('received_date', date, (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('notes', 'text')
    .addColumn('void_reason', 'text')
    .addColumn('voided_at', ts)
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('payments_contract')
    .on('payments')
    .columns(['org_id', 'contract_id', 'received_date'])
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('tax_id', 'text', (c) => c.notNull())
    .addColumn('bank_name', 'text')
    .addColumn('bank_account', 'text')
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('invoice_date', date, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('issued'))
    .addColumn('void_reason', 'text')
    .addColumn('voided_at', ts)
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invoices_contract')
    .on('invoices')
    .columns(['org_id', 'contract_id', 'invoice_date'])
    .execute();

  await db.schema
    .createTable('contract_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', bytes, (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contract_attachments_contract')
    .on('contract_attachments')
    .columns(['org_id', 'contract_id'])
    .execute();

  // What the daily jobs found: one row per (kind, record, date), so a rerun records nothing twice.
  await db.schema
    .createTable('contract_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('due_date', date, (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contract_reminders_unique')
    .unique()
    .on('contract_reminders')
    .columns(['org_id', 'kind', 'ref_id', 'due_date'])
    .execute();
  await db.schema
    .createIndex('contract_reminders_owner')
    .on('contract_reminders')
    .columns(['org_id', 'owner_id', 'due_date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'contract_reminders',
    'contract_attachments',
    'invoices',
    'payments',
    'payment_plans',
    'contract_items',
    'contracts',
    'contract_settings',
    'number_counters',
  ])
    await db.schema.dropTable(t).execute();
}
