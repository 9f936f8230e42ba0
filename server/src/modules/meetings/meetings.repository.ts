import { updateIfVersion } from '../../lib/records.js';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database, MeetingActionItemsTable, MeetingsTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { recordChanges } from '../../lib/history.js';
import { refreshLastTouch } from '../opportunities/index.js';

export type MeetingRow = Omit<MeetingsTable, 'version' | 'status' | 'durationMinutes'> & {
  version: number;
  status: string;
  durationMinutes: number;
};
export type MeetingJoined = MeetingRow & { teamName: string };
export type MeetingCounted = MeetingJoined & {
  attendeeCount: number;
  itemCount: number;
  openItemCount: number;
};
export type ActionItemRow = Omit<MeetingActionItemsTable, 'version' | 'status'> & {
  version: number;
  status: string;
};
/** An item with its state as its task says (the task's done_at wins while the task exists). */
export type ActionItemJoined = ActionItemRow & {
  meetingTitle: string;
  meetingScheduledAt: string;
  opportunityName: string | null;
  taskDoneAt: string | null;
  taskExists: number;
};

/** Who may see which meetings: null = the whole organisation. */
export interface MeetingScope {
  teamIds: string[];
  userId: string;
}

/** Open while its task is open; without a task (deleted), the item's own status. */
const isOpen = (eb: ExpressionBuilder<any, any>) =>
  eb.or([
    eb.and([eb('a.id', 'is not', null), eb('a.doneAt', 'is', null)]),
    eb.and([eb('a.id', 'is', null), eb('i.status', '=', 'open')]),
  ]);

/** The only place that knows the meetings tables (and reads what the agenda is built from). */
export class MeetingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  with(trx: Kysely<Database>) {
    return new MeetingsRepository(trx);
  }

  private base(orgId: string) {
    return this.db
      .selectFrom('meetings as m')
      .innerJoin('teams as t', 't.id', 'm.teamId')
      .selectAll('m')
      .select('t.name as teamName')
      .where('m.orgId', '=', orgId);
  }

  get(orgId: string, id: string): Promise<MeetingJoined | undefined> {
    return this.base(orgId).where('m.id', '=', id).executeTakeFirst() as Promise<MeetingJoined | undefined>;
  }

  /** Planned meetings soonest first, or held and cancelled ones latest first; keyset on (scheduled_at, id). */
  async list(
    orgId: string,
    scope: MeetingScope | null,
    filter: { when: 'upcoming' | 'past'; teamId?: string; kind?: string },
    after: [string, string] | null,
    limit: number,
  ): Promise<MeetingCounted[]> {
    const upcoming = filter.when === 'upcoming';
    let q = this.base(orgId)
      .select((eb) => [
        eb
          .selectFrom('meetingAttendees as ma')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('ma.meetingId', '=', 'm.id')
          .as('attendeeCount'),
        eb
          .selectFrom('meetingActionItems as i')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('i.meetingId', '=', 'm.id')
          .as('itemCount'),
        eb
          .selectFrom('meetingActionItems as i')
          .leftJoin('activities as a', 'a.id', 'i.activityId')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('i.meetingId', '=', 'm.id')
          .where(isOpen)
          .as('openItemCount'),
      ])
      .where('m.status', upcoming ? '=' : 'in', upcoming ? 'planned' : ['held', 'cancelled']);
    if (scope) q = q.where((eb) => this.visibleTo(eb, scope));
    if (filter.teamId) q = q.where('m.teamId', '=', filter.teamId);
    if (filter.kind) q = q.where('m.kind', '=', filter.kind);
    if (after) {
      const [at, id] = after;
      q = q.where((eb) =>
        eb.or([
          eb('m.scheduledAt', upcoming ? '>' : '<', at),
          eb.and([eb('m.scheduledAt', '=', at), eb('m.id', upcoming ? '>' : '<', id)]),
        ]),
      );
    }
    const dir = upcoming ? 'asc' : 'desc';
    const rows = await q.orderBy('m.scheduledAt', dir).orderBy('m.id', dir).limit(limit).execute();
    return rows.map((r) => ({
      ...(r as unknown as MeetingJoined),
      attendeeCount: Number(r.attendeeCount ?? 0),
      itemCount: Number(r.itemCount ?? 0),
      openItemCount: Number(r.openItemCount ?? 0),
    }));
  }

  /** A meeting of a team in scope, or one the user organises or attends. */
  private visibleTo(eb: ExpressionBuilder<any, any>, scope: MeetingScope) {
    const ors = [
      eb('m.organizerId', '=', scope.userId),
      eb.exists(
        eb
          .selectFrom('meetingAttendees as v')
          .select('v.meetingId')
          .whereRef('v.meetingId', '=', 'm.id')
          .where('v.userId', '=', scope.userId),
      ),
    ];
    if (scope.teamIds.length) ors.push(eb('m.teamId', 'in', scope.teamIds));
    return eb.or(ors);
  }

  async isAttendee(meetingId: string, userId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('meetingAttendees')
      .select('meetingId')
      .where('meetingId', '=', meetingId)
      .where('userId', '=', userId)
      .executeTakeFirst();
    return !!r;
  }

  attendees(orgId: string, meetingId: string) {
    return this.db
      .selectFrom('meetingAttendees')
      .select('userId')
      .where('orgId', '=', orgId)
      .where('meetingId', '=', meetingId)
      .execute()
      .then((rows) => rows.map((r) => r.userId));
  }

  /** A deal review's deals with what the meeting page shows of them. */
  opportunities(orgId: string, meetingId: string) {
    return this.db
      .selectFrom('meetingOpportunities as mo')
      .innerJoin('opportunities as o', 'o.id', 'mo.opportunityId')
      .innerJoin('pipelineStages as s', 's.id', 'o.stageId')
      .leftJoin('accounts as ac', 'ac.id', 'o.accountId')
      .select([
        'o.id',
        'o.name',
        'ac.name as accountName',
        'o.ownerId',
        'o.amount',
        'o.currency',
        'o.status',
        's.name as stageName',
      ])
      .where('mo.orgId', '=', orgId)
      .where('mo.meetingId', '=', meetingId)
      .orderBy('mo.position')
      .execute();
  }

  async insert(row: MeetingRow, attendeeIds: string[], opportunityIds: string[]): Promise<void> {
    await this.db.insertInto('meetings').values(row).execute();
    await this.replaceAttendees(row.orgId, row.id, attendeeIds);
    await this.replaceOpportunities(row.orgId, row.id, opportunityIds);
  }

  async replaceAttendees(orgId: string, meetingId: string, userIds: string[]): Promise<void> {
    await this.db.deleteFrom('meetingAttendees').where('meetingId', '=', meetingId).execute();
    if (userIds.length)
      await this.db
        .insertInto('meetingAttendees')
        .values(userIds.map((userId) => ({ meetingId, userId, orgId })))
        .execute();
  }

  async replaceOpportunities(orgId: string, meetingId: string, ids: string[]): Promise<void> {
    await this.db.deleteFrom('meetingOpportunities').where('meetingId', '=', meetingId).execute();
    if (ids.length)
      await this.db
        .insertInto('meetingOpportunities')
        .values(ids.map((opportunityId, position) => ({ meetingId, opportunityId, orgId, position })))
        .execute();
  }

  /** A versioned edit of a planned meeting; false when the version moved or it is no longer planned. */
  async updatePlanned(
    orgId: string,
    id: string,
    version: number,
    patch: Partial<MeetingRow>,
    at: string,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('meetings')
      .set({ ...patch, updatedAt: at, version: version + 1 })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', '=', 'planned')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * planned → held | cancelled as a compare-and-set on version and status; false when the
   * meeting moved on meanwhile (the caller reports 409).
   */
  async close(
    orgId: string,
    id: string,
    version: number,
    patch: Partial<Pick<MeetingRow, 'status' | 'heldAt' | 'cancelledAt' | 'cancelReason' | 'agendaSnapshot'>>,
    at: string,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('meetings')
      .set({ ...patch, updatedAt: at, version: version + 1 })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', '=', 'planned')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Stores the agenda of a held meeting that has none yet (not an edit: the version stays). */
  async keepSnapshot(orgId: string, id: string, snapshot: string): Promise<void> {
    await this.db
      .updateTable('meetings')
      .set({ agendaSnapshot: snapshot })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .where('status', '=', 'held')
      .where('agendaSnapshot', 'is', null)
      .execute();
  }

  /** The planned or held meeting of the same team and kind scheduled last before this one. */
  previous(orgId: string, m: { id: string; teamId: string; kind: string; scheduledAt: string }) {
    return this.db
      .selectFrom('meetings')
      .select(['id', 'scheduledAt'])
      .where('orgId', '=', orgId)
      .where('teamId', '=', m.teamId)
      .where('kind', '=', m.kind)
      .where('status', 'in', ['planned', 'held'])
      .where('scheduledAt', '<', m.scheduledAt)
      .where('id', '!=', m.id)
      .orderBy('scheduledAt', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** A team's manager and active people in the given teams, with their roles. */
  async teamPeople(orgId: string, teamIds: string[]) {
    if (!teamIds.length) return [];
    return this.db
      .selectFrom('users')
      .select(['id', 'name', 'role', 'teamId'])
      .where('orgId', '=', orgId)
      .where('active', '=', 1)
      .where('teamId', 'in', teamIds)
      .orderBy('name')
      .execute();
  }

  teamManagers(orgId: string, teamIds: string[]) {
    if (!teamIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('teams')
      .select(['id', 'managerId'])
      .where('orgId', '=', orgId)
      .where('id', 'in', teamIds)
      .execute();
  }

  userRole(orgId: string, userId: string) {
    return this.db
      .selectFrom('users')
      .select(['role', 'teamId', 'managerId', 'name'])
      .where('orgId', '=', orgId)
      .where('id', '=', userId)
      .executeTakeFirst();
  }

  /* ---------- action items ---------- */

  private items(orgId: string) {
    return this.db
      .selectFrom('meetingActionItems as i')
      .innerJoin('meetings as m', 'm.id', 'i.meetingId')
      .leftJoin('activities as a', 'a.id', 'i.activityId')
      .leftJoin('opportunities as o', 'o.id', 'i.opportunityId')
      .selectAll('i')
      .select([
        'm.title as meetingTitle',
        'm.scheduledAt as meetingScheduledAt',
        'o.name as opportunityName',
        'a.doneAt as taskDoneAt',
        sql<number>`case when a.id is null then 0 else 1 end`.as('taskExists'),
      ])
      .where('i.orgId', '=', orgId);
  }

  item(orgId: string, id: string): Promise<ActionItemJoined | undefined> {
    return this.items(orgId).where('i.id', '=', id).executeTakeFirst() as Promise<
      ActionItemJoined | undefined
    >;
  }

  itemsOfMeeting(orgId: string, meetingId: string): Promise<ActionItemJoined[]> {
    return this.items(orgId)
      .where('i.meetingId', '=', meetingId)
      .orderBy('i.createdAt')
      .orderBy('i.id')
      .execute() as Promise<ActionItemJoined[]>;
  }

  /**
   * Open items of the team's meetings up to this one (scheduled no later, this one included):
   * what the agenda carries over. Cancelled meetings' items count too: the task is still open.
   */
  openItemsOfTeam(
    orgId: string,
    teamId: string,
    upTo: string,
    meetingId: string,
  ): Promise<ActionItemJoined[]> {
    return this.items(orgId)
      .where('m.teamId', '=', teamId)
      .where((eb) => eb.or([eb('m.scheduledAt', '<', upTo), eb('m.id', '=', meetingId)]))
      .where(isOpen)
      .orderBy('i.dueDate')
      .orderBy('m.scheduledAt')
      .orderBy('i.id')
      .execute() as Promise<ActionItemJoined[]>;
  }

  async insertItem(row: ActionItemRow): Promise<void> {
    await this.db.insertInto('meetingActionItems').values(row).execute();
  }

  /** Optimistic-locked item update; false when the version moved. */
  async updateItem(
    orgId: string,
    id: string,
    version: number,
    patch: Partial<ActionItemRow>,
    at: string,
  ): Promise<boolean> {
    return updateIfVersion(
      this.db,
      'meetingActionItems',
      { orgId, id, version },
      { ...patch, updatedAt: at },
    );
  }

  async deleteItem(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('meetingActionItems').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  /* ---------- the item's task (an activity of type task) ---------- */

  async insertTask(row: {
    orgId: string;
    subject: string;
    body: string;
    dueAt: string;
    ownerId: string;
    opportunityId: string | null;
    accountId: string | null;
    at: string;
  }): Promise<string> {
    const id = newId();
    await this.db
      .insertInto('activities')
      .values({
        id,
        orgId: row.orgId,
        type: 'task',
        subject: row.subject,
        body: row.body,
        dueAt: row.dueAt,
        doneAt: null,
        nextStep: null,
        location: null,
        relatedType: row.opportunityId ? 'opportunity' : null,
        relatedId: row.opportunityId,
        accountId: row.accountId,
        ownerId: row.ownerId,
        createdAt: row.at,
        updatedAt: row.at,
        version: 1,
      })
      .execute();
    return id;
  }

  task(orgId: string, id: string) {
    return this.db
      .selectFrom('activities')
      .select(['id', 'subject', 'dueAt', 'doneAt', 'ownerId', 'version', 'relatedType', 'relatedId'])
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /**
   * Changes the task the way an edit in the activities list would: version + 1 and a
   * field_changes row per changed field, so its timeline shows who completed it from the meeting.
   */
  async updateTask(
    orgId: string,
    id: string,
    patch: { doneAt?: string | null; ownerId?: string; dueAt?: string; subject?: string },
    userId: string,
    at: string,
  ): Promise<void> {
    const before = await this.task(orgId, id);
    if (!before) return;
    await this.db
      .updateTable('activities')
      .set({ ...patch, updatedAt: at, version: before.version + 1 })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .execute();
    await recordChanges(this.db, {
      orgId,
      entityType: 'activity',
      entityId: id,
      userId,
      before,
      after: patch,
      fields: ['doneAt', 'ownerId', 'dueAt', 'subject'],
      at,
    });
    // completing (or reopening) an action item on a deal moves the deal's last touch
    if (before.relatedType === 'opportunity') await refreshLastTouch(this.db, orgId, [before.relatedId]);
  }

  async deleteTask(orgId: string, id: string): Promise<void> {
    const before = await this.task(orgId, id);
    await this.db.deleteFrom('activities').where('orgId', '=', orgId).where('id', '=', id).execute();
    if (before?.relatedType === 'opportunity') await refreshLastTouch(this.db, orgId, [before.relatedId]);
  }

  opportunity(orgId: string, id: string) {
    return this.db
      .selectFrom('opportunities')
      .select(['id', 'name', 'accountId', 'ownerId'])
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /* ---------- what the agenda is built from ---------- */

  /** Deals of these owners created in [from, to). */
  newDeals(orgId: string, owners: string[], from: string, to: string) {
    if (!owners.length) return Promise.resolve([]);
    return this.deals(orgId)
      .select('o.createdAt as at')
      .where('o.ownerId', 'in', owners)
      .where('o.createdAt', '>=', from)
      .where('o.createdAt', '<', to)
      .orderBy('o.createdAt')
      .execute();
  }

  /** Deals of these owners won or lost in [from, to). */
  closedDeals(orgId: string, owners: string[], from: string, to: string) {
    if (!owners.length) return Promise.resolve([]);
    return this.deals(orgId)
      .select(['o.status', 'o.closedAt', 'o.lostReason', 'o.lostCompetitor'])
      .where('o.ownerId', 'in', owners)
      .where('o.status', 'in', ['won', 'lost'])
      .where('o.closedAt', '>=', from)
      .where('o.closedAt', '<', to)
      .orderBy('o.closedAt')
      .execute();
  }

  private deals(orgId: string) {
    return this.db
      .selectFrom('opportunities as o')
      .innerJoin('pipelineStages as s', 's.id', 'o.stageId')
      .leftJoin('accounts as ac', 'ac.id', 'o.accountId')
      .select([
        'o.id',
        'o.name',
        'o.ownerId',
        'o.amount',
        'o.currency',
        'ac.name as accountName',
        's.name as stageName',
      ])
      .where('o.orgId', '=', orgId);
  }

  /**
   * Stage entries in [from, to) of deals these owners hold, each with the stage the deal was in
   * before (none for the entry that created the deal).
   */
  async stageEntries(orgId: string, owners: string[], from: string, to: string) {
    if (!owners.length) return [];
    const entered = await this.db
      .selectFrom('opportunityStageHistory as h')
      .innerJoin('opportunities as o', 'o.id', 'h.opportunityId')
      .select('h.opportunityId')
      .distinct()
      .where('h.orgId', '=', orgId)
      .where('o.ownerId', 'in', owners)
      .where('h.enteredAt', '>=', from)
      .where('h.enteredAt', '<', to)
      .execute();
    const ids = entered.map((r) => r.opportunityId);
    if (!ids.length) return [];
    return this.db
      .selectFrom('opportunityStageHistory as h')
      .innerJoin('pipelineStages as s', 's.id', 'h.stageId')
      .select(['h.opportunityId', 'h.enteredAt', 'h.userId', 's.name as stageName', 's.position', 's.kind'])
      .where('h.orgId', '=', orgId)
      .where('h.opportunityId', 'in', ids)
      .where('h.enteredAt', '<', to)
      .orderBy('h.opportunityId')
      .orderBy('h.enteredAt')
      .orderBy('h.id')
      .execute();
  }

  dealsById(orgId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.deals(orgId)
      .select(['o.status', 'o.expectedCloseDate', 'o.nextStep', 'o.nextStepDate'])
      .where('o.id', 'in', ids)
      .execute();
  }

  /** Won deals of these owners closed in [from, to): owner and amount, summed by the caller. */
  wonAmounts(orgId: string, owners: string[], from: string, to: string) {
    if (!owners.length) return Promise.resolve([]);
    return this.db
      .selectFrom('opportunities')
      .select(['ownerId', 'amount'])
      .where('orgId', '=', orgId)
      .where('ownerId', 'in', owners)
      .where('status', '=', 'won')
      .where('closedAt', '>=', from)
      .where('closedAt', '<', to)
      .execute();
  }

  /**
   * 回款: confirmed, not voided payments received on dates in (fromDate, toDate] on contracts
   * these owners hold (contract currency as recorded).
   */
  receivedAmounts(orgId: string, owners: string[], fromDate: string, toDate: string, fromInclusive = false) {
    if (!owners.length) return Promise.resolve([]);
    return this.db
      .selectFrom('payments as p')
      .innerJoin('contracts as c', 'c.id', 'p.contractId')
      .select(['c.ownerId', 'p.amount'])
      .where('p.orgId', '=', orgId)
      .where('c.ownerId', 'in', owners)
      .where('p.status', '=', 'confirmed')
      .where('p.voidedAt', 'is', null)
      .where('p.receivedDate', fromInclusive ? '>=' : '>', fromDate)
      .where('p.receivedDate', '<=', toDate)
      .execute();
  }

  /** A deal's stage entries since `from`. */
  stageHistorySince(orgId: string, opportunityId: string, from: string) {
    return this.db
      .selectFrom('opportunityStageHistory as h')
      .innerJoin('pipelineStages as s', 's.id', 'h.stageId')
      .select(['s.name as stageName', 'h.enteredAt', 'h.userId'])
      .where('h.orgId', '=', orgId)
      .where('h.opportunityId', '=', opportunityId)
      .where('h.enteredAt', '>=', from)
      .orderBy('h.enteredAt')
      .execute();
  }

  /** A deal's latest activities done up to `until`, newest first. */
  lastActivities(orgId: string, opportunityId: string, until: string, limit: number) {
    return this.db
      .selectFrom('activities')
      .select(['id', 'type', 'subject', 'doneAt', 'ownerId', 'nextStep'])
      .where('orgId', '=', orgId)
      .where('relatedType', '=', 'opportunity')
      .where('relatedId', '=', opportunityId)
      .where('doneAt', 'is not', null)
      .where('doneAt', '<=', until)
      .orderBy('doneAt', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
}
