import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Segments and campaigns (issue 4):
 * - segments: saved criteria over accounts, contacts or leads (criteria as JSON);
 * - campaigns (e-mail, event, other) with their cost lines; leads.campaign_id and
 *   opportunities.campaign_id (an earlier migration) attribute results to them;
 * - e-mail: templates with a subject and body per language, the organisation's SMTP settings
 *   (the password encrypted when a key is configured), one recipient row per address and
 *   campaign (unique: a retried send never mails anyone twice), the links a campaign's e-mails
 *   may redirect to, unsubscribed addresses, and engagement events (opens, clicks, unsubscribes,
 *   registrations, attendance) that other modules such as lead scoring read;
 * - events: registrations with attendance;
 * - contacts.locale and leads.locale: the language a person's e-mails are written in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;

  await db.schema.alterTable('contacts').addColumn('locale', 'text').execute();
  await db.schema.alterTable('leads').addColumn('locale', 'text').execute();

  await db.schema
    .createTable('segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('object', 'text', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('segments_org_updated')
    .on('segments')
    .columns(['org_id', 'updated_at', 'id'])
    .execute();
  await db.schema.createIndex('segments_org_name').on('segments').columns(['org_id', 'name', 'id']).execute();

  await db.schema
    .createTable('email_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject_zh', 'text', (c) => c.notNull())
    .addColumn('body_zh', 'text', (c) => c.notNull())
    .addColumn('subject_en', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('email_templates_org_updated')
    .on('email_templates')
    .columns(['org_id', 'updated_at', 'id'])
    .execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned'))
    .addColumn('start_date', date)
    .addColumn('end_date', date)
    .addColumn('budget', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('source', 'text')
    .addColumn('location', 'text')
    .addColumn('description', 'text')
    .addColumn('segment_id', 'text', (c) => c.references('segments.id'))
    .addColumn('template_id', 'text', (c) => c.references('email_templates.id'))
    // The template as it was when sending started, with the links it may redirect to.
    .addColumn('email_snapshot', 'text')
    .addColumn('send_started_at', ts)
    .addColumn('sent_by', 'text', (c) => c.references('users.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  for (const [name, cols] of [
    ['campaigns_org_updated', ['org_id', 'updated_at', 'id']],
    ['campaigns_org_start', ['org_id', 'start_date', 'id']],
    ['campaigns_org_status', ['org_id', 'status', 'updated_at', 'id']],
    ['campaigns_org_type', ['org_id', 'type', 'updated_at', 'id']],
    ['campaigns_org_owner', ['org_id', 'owner_id', 'updated_at', 'id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('campaigns')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('campaign_costs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('cost_date', date, (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('campaign_costs_campaign')
    .on('campaign_costs')
    .columns(['org_id', 'campaign_id', 'cost_date'])
    .execute();

  await db.schema
    .createTable('mail_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('secure', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('username', 'text')
    // 'enc:v1:…' (AES-256-GCM with TUOKE_SECRET_KEY) or 'plain:…'; never sent to a client.
    .addColumn('password', 'text')
    .addColumn('from_email', 'text', (c) => c.notNull())
    .addColumn('from_name', 'text')
    .addColumn('public_url', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('campaign_recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('lead_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('error', 'text')
    .addColumn('token_hash', 'text')
    .addColumn('message_id', 'text')
    .addColumn('queued_at', ts, (c) => c.notNull())
    .addColumn('sent_at', ts)
    .addColumn('open_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_opened_at', ts)
    .addColumn('click_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_clicked_at', ts)
    .addColumn('unsubscribed_at', ts)
    .execute();
  await db.schema
    .createIndex('campaign_recipients_campaign_email')
    .unique()
    .on('campaign_recipients')
    .columns(['campaign_id', 'email'])
    .execute();
  await db.schema
    .createIndex('campaign_recipients_token')
    .unique()
    .on('campaign_recipients')
    .column('token_hash')
    .execute();
  await db.schema
    .createIndex('campaign_recipients_status')
    .on('campaign_recipients')
    .columns(['org_id', 'campaign_id', 'status', 'id'])
    .execute();

  await db.schema
    .createTable('campaign_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('campaign_links_campaign_url')
    .unique()
    .on('campaign_links')
    .columns(['campaign_id', 'url'])
    .execute();

  await db.schema
    .createTable('email_unsubscribes')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('recipient_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('email_unsubscribes_pk', ['org_id', 'email'])
    .execute();

  await db.schema
    .createTable('engagement_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('recipient_id', 'text')
    .addColumn('lead_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('detail', 'text')
    .addColumn('occurred_at', ts, (c) => c.notNull())
    .execute();
  for (const [name, cols] of [
    ['engagement_events_lead', ['org_id', 'lead_id', 'occurred_at']],
    ['engagement_events_contact', ['org_id', 'contact_id', 'occurred_at']],
    ['engagement_events_campaign', ['org_id', 'campaign_id', 'type']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('engagement_events')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('event_registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('company', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('lead_id', 'text')
    .addColumn('registered_at', ts, (c) => c.notNull())
    .addColumn('attended', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attended_at', ts)
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('event_registrations_campaign')
    .on('event_registrations')
    .columns(['org_id', 'campaign_id', 'registered_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'event_registrations',
    'engagement_events',
    'email_unsubscribes',
    'campaign_links',
    'campaign_recipients',
    'mail_settings',
    'campaign_costs',
    'campaigns',
    'email_templates',
    'segments',
  ])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable('leads').dropColumn('locale').execute();
  await db.schema.alterTable('contacts').dropColumn('locale').execute();
}
