import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Notification centre (issue 5):
 * - notifications: one row per recipient; kind + params (JSON text) are rendered in the reader's
 *   language. dedupe_key is unique per (org, user), so a job that runs twice notifies once (a NULL
 *   key is never a duplicate on either engine). email_state: none, queued, sending, sent, failed,
 *   skipped; a row is claimed (queued → sending) before its message goes out. in_app 0: the
 *   person wanted this kind by e-mail only, so the app does not list it.
 * - notification_preferences: a user's choice per kind (no row: the kind's default).
 * - notification_runs: when a system job last ran (the due-activity reminders' window start).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('link', 'text')
    .addColumn('ref_type', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('read_at', ts)
    .addColumn('in_app', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('email_state', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('emailed_at', ts)
    .addColumn('email_error', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_dedupe')
    .unique()
    .on('notifications')
    .columns(['org_id', 'user_id', 'dedupe_key'])
    .execute();
  // The list (newest first, keyset on created_at, id) and the unread count / filter.
  await db.schema
    .createIndex('notifications_user_created')
    .on('notifications')
    .columns(['org_id', 'user_id', 'in_app', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('notifications_user_unread')
    .on('notifications')
    .columns(['org_id', 'user_id', 'in_app', 'read_at'])
    .execute();
  // The e-mail job picks queued rows per organisation.
  await db.schema
    .createIndex('notifications_email_state')
    .on('notifications')
    .columns(['email_state', 'org_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('notification_preferences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('in_app', 'integer', (c) => c.notNull())
    .addColumn('email', 'integer', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notification_preferences_user_kind')
    .unique()
    .on('notification_preferences')
    .columns(['org_id', 'user_id', 'kind'])
    .execute();
  await db.schema
    .createTable('notification_runs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_run_at', ts, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_runs').execute();
  await db.schema.dropTable('notification_preferences').execute();
  await db.schema.dropTable('notifications').execute();
}
