import { sql, type Kysely } from 'kysely';
import type { Database, NotificationPreferencesTable, NotificationsTable } from '../../db/schema.js';

export type NotificationRow = Omit<NotificationsTable, 'emailState' | 'inApp'> & {
  emailState: string;
  inApp: number;
};
export type PreferenceRow = NotificationPreferencesTable;

export interface RecipientRow {
  id: string;
  name: string;
  email: string;
  locale: string | null;
  active: number;
}

export interface DueActivityRow {
  id: string;
  orgId: string;
  ownerId: string;
  type: string;
  subject: string;
  dueAt: string;
  relatedType: string | null;
  relatedId: string | null;
  accountId: string | null;
  accountName: string | null;
}

/**
 * The only place that knows the notification tables (and reads, never writes, the users and
 * activities they are about). Every query is bound to one organisation, except the system
 * jobs' scans, which say so.
 */
export class NotificationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  with(trx: Kysely<Database>) {
    return new NotificationsRepository(trx);
  }

  recipients(orgId: string, userIds: string[]): Promise<RecipientRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('users')
      .select(['id', 'name', 'email', 'locale', 'active'])
      .where('orgId', '=', orgId)
      .where('id', 'in', userIds)
      .execute() as Promise<RecipientRow[]>;
  }

  preferencesOf(orgId: string, userIds: string[]): Promise<PreferenceRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('notificationPreferences')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('userId', 'in', userIds)
      .execute();
  }

  async upsertPreferences(rows: PreferenceRow[]) {
    for (const r of rows)
      await this.db
        .insertInto('notificationPreferences')
        .values(r)
        .onConflict((oc) =>
          oc
            .columns(['orgId', 'userId', 'kind'])
            .doUpdateSet({ inApp: r.inApp, email: r.email, updatedAt: r.updatedAt }),
        )
        .execute();
  }

  /** Inserts, skipping rows whose (org, user, dedupe key) exists; returns the ids inserted. */
  async insert(rows: NotificationRow[]): Promise<string[]> {
    const ids: string[] = [];
    for (const r of rows) {
      const out = await this.db
        .insertInto('notifications')
        .values(r)
        .onConflict((oc) => oc.columns(['orgId', 'userId', 'dedupeKey']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (out) ids.push(out.id);
    }
    return ids;
  }

  list(
    orgId: string,
    userId: string,
    f: { unread?: boolean; kind?: string; limit: number; after?: [string, string] },
  ): Promise<NotificationRow[]> {
    let q = this.db
      .selectFrom('notifications')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('userId', '=', userId)
      .where('inApp', '=', 1);
    if (f.unread) q = q.where('readAt', 'is', null);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.after) {
      const [at, id] = f.after;
      q = q.where(sql<boolean>`(created_at, id) < (${at}, ${id})`);
    }
    return q
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit + 1)
      .execute();
  }

  async countUnread(orgId: string, userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('orgId', '=', orgId)
      .where('userId', '=', userId)
      .where('inApp', '=', 1)
      .where('readAt', 'is', null)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async markRead(orgId: string, userId: string, ids: string[] | null, at: string): Promise<number> {
    let q = this.db
      .updateTable('notifications')
      .set({ readAt: at })
      .where('orgId', '=', orgId)
      .where('userId', '=', userId)
      .where('readAt', 'is', null);
    if (ids) q = q.where('id', 'in', ids);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Deletes read messages read before `before`, across organisations, except mail still going out. */
  async purgeRead(before: string): Promise<number> {
    const r = await this.db
      .deleteFrom('notifications')
      .where('readAt', 'is not', null)
      .where('readAt', '<', before)
      .where('emailState', 'not in', ['queued', 'sending'])
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  // ---- e-mail ----------------------------------------------------------------------------

  /** Organisations with messages waiting to be e-mailed (the sweep, across organisations). */
  async orgsWithQueued(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('notifications')
      .select('orgId')
      .distinct()
      .where('emailState', '=', 'queued')
      .execute();
    return rows.map((r) => r.orgId);
  }

  queuedBatch(orgId: string, limit: number): Promise<NotificationRow[]> {
    return this.db
      .selectFrom('notifications')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('emailState', '=', 'queued')
      .orderBy('createdAt')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** queued → sending; false when someone else got there first (it is never sent twice). */
  async claimEmail(id: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('notifications')
      .set({ emailState: 'sending', emailedAt: at })
      .where('id', '=', id)
      .where('emailState', '=', 'queued')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async finishEmail(
    id: string,
    patch: { emailState: string; emailedAt?: string | null; emailError?: string | null },
  ) {
    await this.db.updateTable('notifications').set(patch).where('id', '=', id).execute();
  }

  /** Every queued message of the organisation becomes `skipped` with the reason. */
  async skipQueued(orgId: string, reason: string): Promise<number> {
    const r = await this.db
      .updateTable('notifications')
      .set({ emailState: 'skipped', emailError: reason })
      .where('orgId', '=', orgId)
      .where('emailState', '=', 'queued')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Messages left `sending` since before `before` were interrupted: failed, never retried. */
  async failInterrupted(orgId: string, before: string) {
    await this.db
      .updateTable('notifications')
      .set({ emailState: 'failed', emailError: 'interrupted while sending; not retried' })
      .where('orgId', '=', orgId)
      .where('emailState', '=', 'sending')
      .where('emailedAt', '<', before)
      .execute();
  }

  // ---- due activities (system job, across organisations) ---------------------------------

  async lastRun(name: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('notificationRuns')
      .select('lastRunAt')
      .where('name', '=', name)
      .executeTakeFirst();
    return r?.lastRunAt ?? null;
  }

  async setLastRun(name: string, at: string) {
    await this.db
      .insertInto('notificationRuns')
      .values({ name, lastRunAt: at })
      .onConflict((oc) => oc.column('name').doUpdateSet({ lastRunAt: at }))
      .execute();
  }

  /**
   * Open activities with an owner whose due_at lies roughly in [from, to]; the caller filters
   * exactly (on SQLite due_at is text in whatever ISO form it was written, so the SQL range is
   * widened by a day on each side).
   */
  dueActivities(from: string, to: string): Promise<DueActivityRow[]> {
    return this.db
      .selectFrom('activities')
      .leftJoin('accounts', (j) =>
        j.onRef('accounts.id', '=', 'activities.accountId').onRef('accounts.orgId', '=', 'activities.orgId'),
      )
      .select([
        'activities.id',
        'activities.orgId',
        'activities.ownerId',
        'activities.type',
        'activities.subject',
        'activities.dueAt',
        'activities.relatedType',
        'activities.relatedId',
        'activities.accountId',
        'accounts.name as accountName',
      ])
      .where('activities.doneAt', 'is', null)
      .where('activities.dueAt', 'is not', null)
      .where('activities.dueAt', '>=', from)
      .where('activities.dueAt', '<=', to)
      .orderBy('activities.dueAt')
      .execute() as Promise<DueActivityRow[]>;
  }
}
