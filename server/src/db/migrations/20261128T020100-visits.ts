import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Visits (拜访, issue 5): plans per rep, check-in/out with server time and the browser's position,
 * the distance to the account at check-in, photos (bytes in the database like contract
 * attachments) and the organisation's far threshold and on-time tolerance.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;
  const bytes = isPg ? sql`bytea` : sql`blob`;

  // One row per organisation, written the first time an administrator saves; none = defaults.
  await db.schema
    .createTable('visit_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('far_threshold_m', 'integer', (c) => c.notNull().defaultTo(500))
    .addColumn('on_time_tolerance_minutes', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
    .addColumn('opportunity_id', 'text', (c) => c.references('opportunities.id'))
    // an unplanned visit (planned = 0) has its check-in time here
    .addColumn('planned_at', ts, (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned'))
    .addColumn('planned', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('checked_in_at', ts)
    .addColumn('check_in_latitude', 'double precision')
    .addColumn('check_in_longitude', 'double precision')
    .addColumn('check_in_accuracy', 'double precision')
    // metres to the account's location at check-in; NULL when the account had none
    .addColumn('distance_m', 'integer')
    // near | far | no_location, decided with the threshold in force at check-in
    .addColumn('location_flag', 'text')
    .addColumn('checked_out_at', ts)
    .addColumn('check_out_latitude', 'double precision')
    .addColumn('check_out_longitude', 'double precision')
    .addColumn('check_out_accuracy', 'double precision')
    .addColumn('outcome', 'text')
    .addColumn('next_step', 'text')
    .addColumn('next_step_date', date)
    .addColumn('activity_id', 'text', (c) => c.references('activities.id'))
    .addColumn('cancelled_at', ts)
    .addColumn('cancel_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  for (const [name, cols] of [
    // a rep's week, a team's week (compliance), the missed-visit job
    ['visits_org_owner_planned', ['org_id', 'owner_id', 'planned_at', 'id']],
    ['visits_org_planned', ['org_id', 'planned_at', 'id']],
    ['visits_org_status_planned', ['org_id', 'status', 'planned_at']],
    ['visits_org_account', ['org_id', 'account_id', 'planned_at']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('visits')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('visit_photos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('visit_id', 'text', (c) => c.notNull().references('visits.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', bytes, (c) => c.notNull())
    // the server's clock at upload, never the client's
    .addColumn('taken_at', ts, (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema
    .createIndex('visit_photos_visit')
    .on('visit_photos')
    .columns(['org_id', 'visit_id', 'taken_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['visit_photos', 'visits', 'visit_settings']) await db.schema.dropTable(t).execute();
}
