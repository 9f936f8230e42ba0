import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Sales meetings (销售会议), issue 5:
 * - meetings: a team's weekly meeting, deal review or other meeting; planned → held | cancelled.
 *   agenda_snapshot is the agenda as it stood when the meeting was marked held (JSON text), so
 *   the record of what was discussed stays as it was; a planned meeting's agenda is built live;
 * - meeting_attendees: who is invited (defaults to the team's members and manager);
 * - meeting_opportunities: the deals a deal review goes through, in order;
 * - meeting_action_items: what was agreed, with an owner and a due date; each item has a task
 *   (activities row, type 'task') for its owner, whose completion is the item's (activity_id).
 * Rows of a meeting go with it (cascade); a deleted deal or task is unlinked (set null).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', ts, (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('location', 'text')
    .addColumn('online_url', 'text')
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned'))
    .addColumn('notes', 'text')
    .addColumn('agenda_snapshot', 'text')
    .addColumn('held_at', ts)
    .addColumn('cancelled_at', ts)
    .addColumn('cancel_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  for (const [name, cols] of [
    // the list (upcoming / past, by time) and its team filter
    ['meetings_org_scheduled', ['org_id', 'scheduled_at', 'id']],
    ['meetings_org_status_scheduled', ['org_id', 'status', 'scheduled_at', 'id']],
    // "since": the previous meeting of the same team and kind; carried items: the team's earlier ones
    ['meetings_org_team_kind_scheduled', ['org_id', 'team_id', 'kind', 'scheduled_at']],
  ] as const)
    await db.schema
      .createIndex(name)
      .on('meetings')
      .columns([...cols])
      .execute();

  await db.schema
    .createTable('meeting_attendees')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_attendees_pk', ['meeting_id', 'user_id'])
    .execute();
  // a rep's list: the meetings they attend
  await db.schema
    .createIndex('meeting_attendees_org_user')
    .on('meeting_attendees')
    .columns(['org_id', 'user_id', 'meeting_id'])
    .execute();

  await db.schema
    .createTable('meeting_opportunities')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('opportunity_id', 'text', (c) =>
      c.notNull().references('opportunities.id').onDelete('cascade'),
    )
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_opportunities_pk', ['meeting_id', 'opportunity_id'])
    .execute();
  await db.schema
    .createIndex('meeting_opportunities_org_opportunity')
    .on('meeting_opportunities')
    .columns(['org_id', 'opportunity_id'])
    .execute();

  await db.schema
    .createTable('meeting_action_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('due_date', date, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('done_at', ts)
    .addColumn('opportunity_id', 'text', (c) => c.references('opportunities.id').onDelete('set null'))
    .addColumn('activity_id', 'text', (c) => c.references('activities.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  for (const [name, cols] of [
    ['meeting_action_items_org_meeting', ['org_id', 'meeting_id', 'created_at', 'id']],
    ['meeting_action_items_org_owner', ['org_id', 'owner_id', 'status']],
    ['meeting_action_items_org_activity', ['org_id', 'activity_id']],
  ] as const)
    await db.schema
      .createIndex(name)
      .on('meeting_action_items')
      .columns([...cols])
      .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['meeting_action_items', 'meeting_opportunities', 'meeting_attendees', 'meetings'])
    await db.schema.dropTable(table).execute();
}
