import type { Kysely } from 'kysely';
import type {
  ActionItem,
  ActionItemCreate,
  ActionItemUpdate,
  AgendaActionItem,
  AgendaClosedDeal,
  AgendaFinding,
  AgendaRep,
  AgendaResult,
  AgendaResults,
  AgendaReviewDeal,
  AgendaStageMove,
  Meeting,
  MeetingAgenda,
  MeetingCancel,
  MeetingCreate,
  MeetingHold,
  MeetingKind,
  MeetingListQuery,
  MeetingPage,
  MeetingStatus,
  MeetingSummary,
  MeetingTeams,
  MeetingUpdate,
  Role,
  Scope,
} from '@tuoke/shared';
import { targetPace } from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, forbidden, invalidField, notFound, stale } from '../../http/errors.js';
import { checkDate, localDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { decodeCursor, encodeCursor } from '../../lib/pagination.js';
import { requiredText } from '../../lib/records.js';
import {
  authorize,
  nameOf,
  teamSubtree,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
} from '../access/index.js';
import type { NotifyInput } from '../notifications/index.js';
import type { OpportunitiesService, StageProcessService } from '../opportunities/index.js';
import type { TargetsService } from '../targets/index.js';
import {
  MeetingsRepository,
  type ActionItemJoined,
  type ActionItemRow,
  type MeetingJoined,
  type MeetingRow,
} from './meetings.repository.js';

export type Clock = () => Date;

/** What the meetings module needs of the notification centre. */
export interface MeetingNotifier {
  notify(orgId: string, items: NotifyInput[], trx?: Kysely<Database>): Promise<number>;
}

/** A supervision finding as the agenda reads it (SupervisionService.findings). */
export interface FindingLike {
  kind: string;
  ownerId: string;
  recordType: string;
  recordId: string;
  name: string;
  accountName?: string | null;
  stageName?: string;
  days?: number;
  reason?: string;
  nextStepDate?: string | null;
  amount?: number;
}
/** What the agenda needs of supervision: the stalled deals and deals without a next step. */
export interface MeetingFindings {
  findings(
    actor: Actor,
    opts: { teamId?: string; ownerIds?: string[] },
    now?: Date,
  ): Promise<{ noNextStep: FindingLike[]; stalled: FindingLike[] }>;
}

const DAY = 86_400_000;
/** The end of a day in China time, as a UTC timestamp: when an action item's task is due. */
const endOfDay = (date: string) => new Date(`${date}T23:59:59+08:00`).toISOString();
/** Midnight (China time) starting the given calendar date, as a UTC timestamp. */
const startOfDay = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const blank = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);
/** Exact sum of fen amounts (BigInt), checked to fit a JSON number. */
function sumFen(amounts: readonly (number | string)[]): number {
  const total = amounts.reduce<bigint>((acc, a) => acc + BigInt(a), 0n);
  const n = Number(total);
  if (!Number.isSafeInteger(n)) throw new Error(`sum out of range: ${total}`);
  return n;
}
const heldConflict = (status: string) =>
  conflict(
    status === 'held'
      ? 'This meeting was held; its record can no longer be changed'
      : 'This meeting was cancelled; it can no longer be changed',
    [{ path: 'status', message: `the meeting is ${status}` }],
  );

interface Access {
  scope: Scope;
  dir: OrgDirectory;
  /** Teams whose meetings the actor's role covers (all: every team). */
  teamIds: Set<string> | 'all';
}

/**
 * Sales meetings (销售会议): a team's weekly meeting or deal review. The agenda is built from the
 * team's data since the previous meeting of the same team and kind; when the meeting is marked
 * held the agenda is kept as it stood (a snapshot), so the record does not change with the data.
 * Action items become tasks (activities of type task) of their owners; an item is done when its
 * task is (the task's done_at is read, so completing it in the activities list shows here too).
 *
 * Who sees what: a role whose meeting scope is the organisation sees every meeting; a manager
 * the meetings of his team and the teams below it; anyone the meetings they organise or attend.
 * Running a meeting (edit, hold, cancel, items) needs the meeting update right over its team, or
 * being its organizer; an item's owner may tick their own item.
 */
export class MeetingsService {
  private readonly repo: MeetingsRepository;
  /** The clock every date rule reads; tests move it. */
  clock: Clock = () => new Date();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly opportunities: OpportunitiesService,
    private readonly stageProcess: StageProcessService,
    private readonly notifier: MeetingNotifier,
    private readonly supervision: MeetingFindings | null,
    /** Current targets with live attainment (results vs target); null: not wired. */
    private readonly targets: Pick<TargetsService, 'currentFor'> | null = null,
  ) {
    this.repo = new MeetingsRepository(db);
  }

  /* ---------- access ---------- */

  private async access(actor: Actor, action: 'read' | 'create' | 'update'): Promise<Access> {
    const scope = authorize(actor, 'meeting', action);
    const dir = await this.directory.get(actor.orgId);
    let teamIds: Access['teamIds'];
    if (scope === 'all') teamIds = 'all';
    else if (!actor.teamId || scope === 'own' || scope === 'own_subordinates') teamIds = new Set();
    else teamIds = scope === 'team' ? new Set([actor.teamId]) : teamSubtree(dir, actor.teamId);
    return { scope, dir, teamIds };
  }

  private static covers(a: Access, teamId: string) {
    return a.teamIds === 'all' || a.teamIds.has(teamId);
  }

  /** The meeting if the actor may read it; 404 otherwise (its existence is not revealed). */
  private async readable(actor: Actor, id: string): Promise<MeetingJoined> {
    const a = await this.access(actor, 'read');
    const m = await this.repo.get(actor.orgId, id);
    if (!m) throw notFound('Meeting');
    if (
      !MeetingsService.covers(a, m.teamId) &&
      m.organizerId !== actor.userId &&
      !(await this.repo.isAttendee(m.id, actor.userId))
    )
      throw notFound('Meeting');
    return m;
  }

  /** Whether the actor may run this meeting (edit, hold, cancel, manage its items). */
  private async mayRun(actor: Actor, m: MeetingJoined): Promise<boolean> {
    try {
      const a = await this.access(actor, 'update');
      return MeetingsService.covers(a, m.teamId) || m.organizerId === actor.userId;
    } catch (err) {
      if (err instanceof AppError && err.status === 403) return false;
      throw err;
    }
  }

  private async runnable(actor: Actor, id: string): Promise<MeetingJoined> {
    const m = await this.readable(actor, id);
    authorize(actor, 'meeting', 'update');
    if (!(await this.mayRun(actor, m)))
      throw forbidden('Only the organizer or a manager of the team runs this meeting');
    return m;
  }

  /** The team's people: active users of the team and the teams below it, and its manager. */
  private async teamPeople(orgId: string, dir: OrgDirectory, teamId: string) {
    const [people, managers] = await Promise.all([
      this.repo.teamPeople(orgId, [...teamSubtree(dir, teamId)]),
      this.repo.teamManagers(orgId, [teamId]),
    ]);
    const managerId = managers[0]?.managerId ?? null;
    const manager = managerId ? dir.users.get(managerId) : undefined;
    return {
      people,
      managerId: manager?.active ? manager.id : null,
      /** Who is invited by default: the members and the manager. */
      memberIds: [...new Set([...(manager?.active ? [manager.id] : []), ...people.map((p) => p.id)])],
      reps: people.filter((p) => p.role === 'sales_rep'),
    };
  }

  /* ---------- meetings ---------- */

  /** The teams the actor may hold meetings for, with who would be invited by default. */
  async teams(actor: Actor): Promise<MeetingTeams> {
    const a = await this.access(actor, 'create');
    const teams = [...a.dir.teams.values()]
      .filter((t) => MeetingsService.covers(a, t.id))
      .sort((x, y) => x.name.localeCompare(y.name, 'zh-CN'));
    const items = [];
    for (const t of teams) {
      const p = await this.teamPeople(actor.orgId, a.dir, t.id);
      items.push({
        id: t.id,
        name: t.name,
        managerId: p.managerId,
        members: p.memberIds.map((userId) => ({ userId, name: nameOf(a.dir, userId) ?? '' })),
      });
    }
    return { items };
  }

  async list(actor: Actor, query: MeetingListQuery): Promise<MeetingPage> {
    const a = await this.access(actor, 'read');
    const limit = query.limit ?? 50;
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.repo.list(
      actor.orgId,
      a.teamIds === 'all' ? null : { teamIds: [...a.teamIds], userId: actor.userId },
      { when: query.when ?? 'upcoming', teamId: query.teamId, kind: query.kind },
      after ? [String(after[0]), after[1]] : null,
      limit,
    );
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => this.summary(r, a.dir)),
      nextCursor: rows.length === limit && last ? encodeCursor(last.scheduledAt, last.id) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<Meeting> {
    return this.present(actor, await this.readable(actor, id));
  }

  async create(actor: Actor, input: MeetingCreate): Promise<Meeting> {
    const a = await this.access(actor, 'create');
    const team = a.dir.teams.get(input.teamId);
    if (!team) throw invalidField('teamId', 'no such team in your organisation');
    if (!MeetingsService.covers(a, team.id))
      throw new AppError(403, 'forbidden', 'You may not hold meetings for this team', [
        { path: 'teamId', message: 'outside your data scope' },
      ]);
    const title = requiredText(input.title, 'title');
    const p = await this.teamPeople(actor.orgId, a.dir, team.id);
    const attendeeIds = this.checkAttendees(a.dir, input.attendeeIds ?? p.memberIds, actor.userId);
    const opportunityIds = await this.checkDeals(actor, input.kind, input.opportunityIds ?? []);
    const at = this.clock().toISOString();
    const row: MeetingRow = {
      id: newId(),
      orgId: actor.orgId,
      teamId: team.id,
      kind: input.kind,
      title,
      scheduledAt: new Date(input.scheduledAt).toISOString(),
      durationMinutes: input.durationMinutes ?? 60,
      location: blank(input.location),
      onlineUrl: blank(input.onlineUrl),
      organizerId: actor.userId,
      status: 'planned',
      notes: blank(input.notes),
      agendaSnapshot: null,
      heldAt: null,
      cancelledAt: null,
      cancelReason: null,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.db.transaction().execute(async (trx) => {
      await this.repo.with(trx).insert(row, attendeeIds, opportunityIds);
      await this.notifyAttendees(actor, row, attendeeIds, trx);
    });
    return this.get(actor, row.id);
  }

  async update(actor: Actor, id: string, input: MeetingUpdate): Promise<Meeting> {
    const m = await this.runnable(actor, id);
    if (m.status !== 'planned') throw heldConflict(m.status);
    const dir = await this.directory.get(actor.orgId);
    const patch: Partial<MeetingRow> = {};
    if (input.title !== undefined) patch.title = requiredText(input.title, 'title');
    if (input.scheduledAt !== undefined) patch.scheduledAt = new Date(input.scheduledAt).toISOString();
    if (input.durationMinutes !== undefined) patch.durationMinutes = input.durationMinutes;
    if ('location' in input) patch.location = blank(input.location);
    if ('onlineUrl' in input) patch.onlineUrl = blank(input.onlineUrl);
    if ('notes' in input) patch.notes = blank(input.notes);
    const before = await this.repo.attendees(actor.orgId, id);
    const attendeeIds =
      input.attendeeIds !== undefined ? this.checkAttendees(dir, input.attendeeIds, m.organizerId) : null;
    const opportunityIds =
      input.opportunityIds !== undefined
        ? await this.checkDeals(actor, m.kind as MeetingKind, input.opportunityIds)
        : null;
    const at = this.clock().toISOString();
    const saved = await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      if (!(await repo.updatePlanned(actor.orgId, id, input.version, patch, at))) return false;
      if (attendeeIds) await repo.replaceAttendees(actor.orgId, id, attendeeIds);
      const moved =
        patch.scheduledAt !== undefined && patch.scheduledAt !== new Date(m.scheduledAt).toISOString();
      if (moved)
        // everyone attending hears the new time, once per time it is moved to
        await this.notifyAttendees(
          actor,
          { ...m, ...patch, id },
          attendeeIds ?? before,
          trx,
          `meeting:${id}:${patch.scheduledAt}`,
        );
      else if (attendeeIds) {
        const added = attendeeIds.filter((u) => !before.includes(u));
        await this.notifyAttendees(actor, { ...m, ...patch, id }, added, trx);
      }
      if (opportunityIds) await repo.replaceOpportunities(actor.orgId, id, opportunityIds);
      return true;
    });
    if (!saved) throw await this.whyNot(actor.orgId, id, 'Meeting');
    return this.get(actor, id);
  }

  /** Marks a planned meeting held and keeps its agenda as it stands now. */
  async hold(actor: Actor, id: string, input: MeetingHold): Promise<Meeting> {
    const m = await this.runnable(actor, id);
    if (m.status !== 'planned') throw heldConflict(m.status);
    const now = this.clock();
    if (localDate(new Date(m.scheduledAt)) > localDate(now))
      throw conflict('This meeting is scheduled for a later day; it cannot have been held yet', [
        { path: 'scheduledAt', message: 'in the future' },
      ]);
    if (m.version !== input.version) throw stale('Meeting');
    const agenda = await this.build(m, now);
    const at = now.toISOString();
    const ok = await this.repo.close(
      actor.orgId,
      id,
      input.version,
      { status: 'held', heldAt: at, agendaSnapshot: JSON.stringify({ ...agenda, live: false }) },
      at,
    );
    if (!ok) throw await this.whyNot(actor.orgId, id, 'Meeting');
    return this.get(actor, id);
  }

  async cancel(actor: Actor, id: string, input: MeetingCancel): Promise<Meeting> {
    const m = await this.runnable(actor, id);
    if (m.status !== 'planned') throw heldConflict(m.status);
    const at = this.clock().toISOString();
    const ok = await this.repo.close(
      actor.orgId,
      id,
      input.version,
      { status: 'cancelled', cancelledAt: at, cancelReason: blank(input.reason) },
      at,
    );
    if (!ok) throw await this.whyNot(actor.orgId, id, 'Meeting');
    return this.get(actor, id);
  }

  /** 409 held/cancelled when the meeting moved on, else stale (version), else 404. */
  private async whyNot(orgId: string, id: string, what: string): Promise<AppError> {
    const now = await this.repo.get(orgId, id);
    if (!now) return notFound(what);
    if (now.status !== 'planned') return heldConflict(now.status);
    return stale(what);
  }

  async agenda(actor: Actor, id: string): Promise<MeetingAgenda> {
    const m = await this.readable(actor, id);
    if (m.status !== 'held') return this.build(m, this.clock());
    if (m.agendaSnapshot) return JSON.parse(m.agendaSnapshot) as MeetingAgenda;
    // held without a snapshot (recorded outside the app, e.g. imported): built as of when it was
    // held, and kept from the first reading on
    const agenda = { ...(await this.build(m, new Date(m.heldAt ?? m.scheduledAt))), live: false };
    await this.repo.keepSnapshot(m.orgId, m.id, JSON.stringify(agenda));
    return agenda;
  }

  private checkAttendees(dir: OrgDirectory, ids: string[], organizerId: string): string[] {
    const seen = new Set<string>();
    ids.forEach((userId, i) => {
      const u = dir.users.get(userId);
      if (!u || !u.active)
        throw invalidField(`attendeeIds/${i}`, 'no active user with this id in your organisation');
      seen.add(userId);
    });
    seen.add(organizerId);
    return [...seen];
  }

  /** A deal review's deals: at least one, each readable by the actor, none twice; other kinds none. */
  private async checkDeals(actor: Actor, kind: MeetingKind, ids: string[]): Promise<string[]> {
    if (kind !== 'deal_review') {
      if (ids.length) throw invalidField('opportunityIds', 'only a deal review has deals to review');
      return [];
    }
    if (!ids.length) throw invalidField('opportunityIds', 'a deal review needs at least one deal');
    const seen = new Set<string>();
    for (const [i, id] of ids.entries()) {
      if (seen.has(id)) throw invalidField(`opportunityIds/${i}`, 'is listed twice');
      seen.add(id);
      try {
        await this.opportunities.visible(actor, id, 'read');
      } catch (err) {
        if (err instanceof AppError && (err.status === 404 || err.status === 403))
          throw invalidField(`opportunityIds/${i}`, 'no such opportunity in your data scope');
        throw err;
      }
    }
    return ids;
  }

  private async notifyAttendees(
    actor: Actor,
    m: Pick<MeetingRow, 'id' | 'title' | 'scheduledAt'>,
    userIds: string[],
    trx: Kysely<Database>,
    dedupeKey = `meeting:${m.id}`,
  ) {
    const to = userIds.filter((u) => u !== actor.userId);
    await this.notifier.notify(
      actor.orgId,
      to.map((userId) => ({
        userId,
        kind: 'meeting_scheduled',
        params: { title: m.title, startsAt: m.scheduledAt, organizerName: actor.name },
        link: `/meetings/${m.id}`,
        refType: 'meeting',
        refId: m.id,
        dedupeKey,
      })),
      trx,
    );
  }

  private summary(
    r: MeetingJoined & { attendeeCount: number; itemCount: number; openItemCount: number },
    dir: OrgDirectory,
  ): MeetingSummary {
    return {
      id: r.id,
      teamId: r.teamId,
      teamName: r.teamName,
      kind: r.kind as MeetingKind,
      title: r.title,
      scheduledAt: r.scheduledAt,
      durationMinutes: r.durationMinutes,
      location: r.location,
      onlineUrl: r.onlineUrl,
      organizerId: r.organizerId,
      organizerName: nameOf(dir, r.organizerId) ?? '',
      status: r.status as MeetingStatus,
      heldAt: r.heldAt,
      cancelledAt: r.cancelledAt,
      attendeeCount: r.attendeeCount,
      itemCount: r.itemCount,
      openItemCount: r.openItemCount,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      version: r.version,
    };
  }

  private async present(actor: Actor, m: MeetingJoined): Promise<Meeting> {
    const dir = await this.directory.get(actor.orgId);
    const [attendees, deals, items, prev, mayRun] = await Promise.all([
      this.repo.attendees(actor.orgId, m.id),
      this.repo.opportunities(actor.orgId, m.id),
      this.repo.itemsOfMeeting(actor.orgId, m.id),
      this.repo.previous(actor.orgId, m),
      this.mayRun(actor, m),
    ]);
    const today = localDate(this.clock());
    const actionItems = items.map((i) => toItem(i, dir, today));
    return {
      ...this.summary(
        {
          ...m,
          attendeeCount: attendees.length,
          itemCount: items.length,
          openItemCount: actionItems.filter((i) => i.status === 'open').length,
        },
        dir,
      ),
      notes: m.notes,
      cancelReason: m.cancelReason,
      since: sinceOf(m, prev),
      previousMeetingId: prev?.id ?? null,
      attendees: attendees
        .map((userId) => ({ userId, name: nameOf(dir, userId) ?? '' }))
        .sort((x, y) => x.name.localeCompare(y.name, 'zh-CN')),
      opportunities: deals.map((d) => ({
        opportunityId: d.id,
        name: d.name,
        accountName: d.accountName,
        ownerId: d.ownerId,
        ownerName: nameOf(dir, d.ownerId) ?? '',
        stageName: d.stageName,
        status: d.status,
        amount: Number(d.amount),
        currency: d.currency,
      })),
      actionItems,
      canEdit: mayRun && m.status === 'planned',
      canManageItems: mayRun,
    };
  }

  /* ---------- action items ---------- */

  async createItem(actor: Actor, meetingId: string, input: ActionItemCreate): Promise<ActionItem> {
    const m = await this.runnable(actor, meetingId);
    if (m.status !== 'planned') throw heldConflict(m.status);
    const dir = await this.directory.get(actor.orgId);
    const title = requiredText(input.title, 'title');
    this.checkDue(m, input.dueDate);
    await this.checkOwner(actor.orgId, dir, m, input.ownerId);
    let deal: { id: string; name: string; accountId: string } | null = null;
    if (input.opportunityId) {
      try {
        deal = (await this.opportunities.visible(actor, input.opportunityId, 'read')).row;
      } catch (err) {
        if (err instanceof AppError && (err.status === 404 || err.status === 403))
          throw invalidField('opportunityId', 'no such opportunity in your data scope');
        throw err;
      }
    }
    const at = this.clock().toISOString();
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const activityId = await repo.insertTask({
        orgId: actor.orgId,
        subject: title,
        body: `会议待办 · ${m.title}`,
        dueAt: endOfDay(input.dueDate),
        ownerId: input.ownerId,
        opportunityId: deal?.id ?? null,
        accountId: deal?.accountId ?? null,
        at,
      });
      const row: ActionItemRow = {
        id,
        orgId: actor.orgId,
        meetingId,
        title,
        ownerId: input.ownerId,
        dueDate: input.dueDate,
        status: 'open',
        doneAt: null,
        opportunityId: deal?.id ?? null,
        activityId,
        createdBy: actor.userId,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      await repo.insertItem(row);
      await this.notifyOwner(actor, m, row, trx);
    });
    return this.item(actor.orgId, id, dir);
  }

  async updateItem(
    actor: Actor,
    meetingId: string,
    itemId: string,
    input: ActionItemUpdate,
  ): Promise<ActionItem> {
    const m = await this.readable(actor, meetingId);
    const item = await this.repo.item(actor.orgId, itemId);
    if (!item || item.meetingId !== m.id) throw notFound('Action item');
    const mayRun = await this.mayRun(actor, m);
    const onlyStatus =
      input.title === undefined && input.ownerId === undefined && input.dueDate === undefined;
    if (!mayRun && !(onlyStatus && item.ownerId === actor.userId))
      throw forbidden('Only the organizer, a manager of the team or the item’s owner changes this item');
    const dir = await this.directory.get(actor.orgId);
    const patch: Partial<ActionItemRow> = {};
    const task: { doneAt?: string | null; ownerId?: string; dueAt?: string; subject?: string } = {};
    if (input.title !== undefined) patch.title = task.subject = requiredText(input.title, 'title');
    if (input.dueDate !== undefined && input.dueDate !== item.dueDate) {
      this.checkDue(m, input.dueDate);
      patch.dueDate = input.dueDate;
      task.dueAt = endOfDay(input.dueDate);
    }
    if (input.ownerId !== undefined && input.ownerId !== item.ownerId) {
      await this.checkOwner(actor.orgId, dir, m, input.ownerId);
      patch.ownerId = task.ownerId = input.ownerId;
    }
    const current = itemStatus(item);
    const at = this.clock().toISOString();
    if (input.status !== undefined && input.status !== current.status) {
      patch.status = input.status;
      patch.doneAt = task.doneAt = input.status === 'done' ? at : null;
    } else if (input.status !== undefined) {
      // already so through its task: record it on the item too
      patch.status = current.status;
      patch.doneAt = current.doneAt;
    }
    await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      if (!(await repo.updateItem(actor.orgId, itemId, input.version, patch, at))) throw stale('Action item');
      if (item.activityId && Object.keys(task).length)
        await repo.updateTask(actor.orgId, item.activityId, task, actor.userId, at);
      if (patch.ownerId) await this.notifyOwner(actor, m, { ...item, ...patch }, trx);
    });
    return this.item(actor.orgId, itemId, dir);
  }

  /** Removes an item of a planned meeting, and its task unless the task was done. */
  async removeItem(actor: Actor, meetingId: string, itemId: string): Promise<void> {
    const m = await this.runnable(actor, meetingId);
    if (m.status !== 'planned') throw heldConflict(m.status);
    const item = await this.repo.item(actor.orgId, itemId);
    if (!item || item.meetingId !== m.id) throw notFound('Action item');
    await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      await repo.deleteItem(actor.orgId, itemId);
      if (item.activityId && !item.taskDoneAt) await repo.deleteTask(actor.orgId, item.activityId);
    });
  }

  private async item(orgId: string, id: string, dir: OrgDirectory): Promise<ActionItem> {
    const row = await this.repo.item(orgId, id);
    if (!row) throw notFound('Action item');
    return toItem(row, dir, localDate(this.clock()));
  }

  private checkDue(m: MeetingJoined, dueDate: string) {
    checkDate(dueDate, 'dueDate');
    if (dueDate < localDate(new Date(m.scheduledAt)))
      throw invalidField('dueDate', 'must not be before the meeting’s date');
  }

  /** An item's owner: an active member of the meeting's team (sub-teams included), its manager or an attendee. */
  private async checkOwner(orgId: string, dir: OrgDirectory, m: MeetingJoined, ownerId: string) {
    const u = dir.users.get(ownerId);
    if (!u || !u.active) throw invalidField('ownerId', 'no active user with this id in your organisation');
    const p = await this.teamPeople(orgId, dir, m.teamId);
    if (p.memberIds.includes(ownerId)) return;
    if (await this.repo.isAttendee(m.id, ownerId)) return;
    throw invalidField('ownerId', 'is neither a member of the meeting’s team nor an attendee');
  }

  private async notifyOwner(
    actor: Actor,
    m: MeetingJoined,
    item: Pick<ActionItemRow, 'id' | 'title' | 'ownerId' | 'dueDate'>,
    trx: Kysely<Database>,
  ) {
    if (item.ownerId === actor.userId) return;
    await this.notifier.notify(
      actor.orgId,
      [
        {
          userId: item.ownerId,
          kind: 'action_item_assigned',
          params: {
            title: item.title,
            dueDate: item.dueDate,
            meetingTitle: m.title,
            assignerName: actor.name,
          },
          link: `/meetings/${m.id}`,
          refType: 'meeting_action_item',
          refId: item.id,
          dedupeKey: `meeting-item:${item.id}:${item.ownerId}`,
        },
      ],
      trx,
    );
  }

  /* ---------- the agenda ---------- */

  /**
   * The agenda as the data stands at `now`: per rep of the team (sales reps of the team and its
   * sub-teams) the pipeline changes since the previous meeting, stalled deals and deals without a
   * next step, results (period, month to date, the same stretch of last month), and open action
   * items; for a deal review, each deal's recent history. Built with the organizer's view of the
   * data: attendees see the team's picture the organizer brings to the meeting.
   */
  private async build(m: MeetingJoined, now: Date): Promise<MeetingAgenda> {
    const orgId = m.orgId;
    const dir = await this.directory.get(orgId);
    const prev = await this.repo.previous(orgId, m);
    const since = sinceOf(m, prev);
    const until = now.toISOString();
    const team = await this.teamPeople(orgId, dir, m.teamId);
    const repIds = team.reps.map((r) => r.id);
    const organizer = await this.organizerActor(m);
    const today = localDate(now);

    const ranges = resultRanges(since, now);
    const [newDeals, closed, entries, findings, items, ...results] = await Promise.all([
      this.repo.newDeals(orgId, repIds, since, until),
      this.repo.closedDeals(orgId, repIds, since, until),
      this.repo.stageEntries(orgId, repIds, since, until),
      this.findings(organizer, m.teamId, repIds, now),
      this.repo.openItemsOfTeam(orgId, m.teamId, m.scheduledAt, m.id),
      ...ranges.flatMap((r) => [
        this.repo.wonAmounts(orgId, repIds, r.from, r.to),
        this.repo.receivedAmounts(orgId, repIds, r.fromDate, r.toDate, r.fromInclusive),
      ]),
    ]);

    // stage moves: each entry in the period against the stage the deal was in before
    const moveDealIds = new Set<string>();
    const moves: { opportunityId: string; from: (typeof entries)[number]; to: (typeof entries)[number] }[] =
      [];
    for (let i = 1; i < entries.length; i++) {
      const before = entries[i - 1]!;
      const e = entries[i]!;
      if (before.opportunityId !== e.opportunityId || e.enteredAt < since) continue;
      // won and lost have their own lists
      if (e.kind !== 'open' || e.position === before.position) continue;
      moves.push({ opportunityId: e.opportunityId, from: before, to: e });
      moveDealIds.add(e.opportunityId);
    }
    const moveDeals = new Map((await this.repo.dealsById(orgId, [...moveDealIds])).map((d) => [d.id, d]));

    // results vs target: the team's current targets and each rep's, measured as of now
    const targets = this.targets;
    const [teamTargets, repTargets] = targets
      ? await Promise.all([
          targets.currentFor(orgId, { type: 'team', id: m.teamId }, now),
          Promise.all(team.reps.map((r) => targets.currentFor(orgId, { type: 'rep', id: r.id }, now))),
        ])
      : [[], team.reps.map(() => [])];

    const openItems = items.map((i) => toAgendaItem(i, dir, today, m.id));
    const reps: AgendaRep[] = team.reps.map((rep, repIndex) => {
      const mine = <T extends { ownerId: string }>(rows: T[]) => rows.filter((r) => r.ownerId === rep.id);
      const toMove = (mv: (typeof moves)[number]): AgendaStageMove | null => {
        const d = moveDeals.get(mv.opportunityId);
        if (!d || d.ownerId !== rep.id) return null;
        return {
          opportunityId: d.id,
          name: d.name,
          accountName: d.accountName,
          amount: Number(d.amount),
          currency: d.currency,
          fromStage: mv.from.stageName,
          toStage: mv.to.stageName,
          at: mv.to.enteredAt,
        };
      };
      const won = mine(closed)
        .filter((d) => d.status === 'won')
        .map(toClosed);
      const lost = mine(closed)
        .filter((d) => d.status === 'lost')
        .map(toClosed);
      const result = (k: number): AgendaResult => {
        const wonRows = mine(results[2 * k] as { ownerId: string; amount: number }[]);
        const received = mine(results[2 * k + 1] as { ownerId: string; amount: number }[]);
        return {
          from: ranges[k]!.from,
          to: ranges[k]!.to,
          wonCount: wonRows.length,
          wonAmount: sumFen(wonRows.map((r) => r.amount)),
          received: sumFen(received.map((r) => r.amount)),
        };
      };
      return {
        userId: rep.id,
        name: rep.name,
        newDeals: mine(newDeals).map((d) => ({
          opportunityId: d.id,
          name: d.name,
          accountName: d.accountName,
          amount: Number(d.amount),
          currency: d.currency,
          stageName: d.stageName,
          at: d.at,
        })),
        movedForward: moves
          .filter((mv) => mv.to.position > mv.from.position)
          .map(toMove)
          .filter((x): x is AgendaStageMove => !!x),
        movedBack: moves
          .filter((mv) => mv.to.position < mv.from.position)
          .map(toMove)
          .filter((x): x is AgendaStageMove => !!x),
        won,
        lost,
        wonAmount: sumFen(won.map((d) => d.amount)),
        lostAmount: sumFen(lost.map((d) => d.amount)),
        stalled: findings.stalled.filter((f) => f.ownerId === rep.id).map(toFinding),
        noNextStep: findings.noNextStep.filter((f) => f.ownerId === rep.id).map(toFinding),
        results: { period: result(0), monthToDate: result(1), lastMonthSamePeriod: result(2) },
        targets: repTargets[repIndex]!.map(targetPace),
        openItems: openItems.filter((i) => i.ownerId === rep.id),
      };
    });

    const add = (pick: (r: AgendaResults) => AgendaResult, k: number): AgendaResult => ({
      from: ranges[k]!.from,
      to: ranges[k]!.to,
      wonCount: reps.reduce((n, r) => n + pick(r.results).wonCount, 0),
      wonAmount: sumFen(reps.map((r) => pick(r.results).wonAmount)),
      received: sumFen(reps.map((r) => pick(r.results).received)),
    });
    return {
      meetingId: m.id,
      kind: m.kind as MeetingKind,
      teamId: m.teamId,
      teamName: m.teamName,
      live: true,
      builtAt: until,
      since,
      until,
      previousMeetingId: prev?.id ?? null,
      currency: 'CNY',
      totals: {
        newDeals: reps.reduce((n, r) => n + r.newDeals.length, 0),
        newAmount: sumFen(reps.flatMap((r) => r.newDeals.map((d) => d.amount))),
        wonCount: reps.reduce((n, r) => n + r.won.length, 0),
        wonAmount: sumFen(reps.map((r) => r.wonAmount)),
        lostCount: reps.reduce((n, r) => n + r.lost.length, 0),
        lostAmount: sumFen(reps.map((r) => r.lostAmount)),
        results: {
          period: add((r) => r.period, 0),
          monthToDate: add((r) => r.monthToDate, 1),
          lastMonthSamePeriod: add((r) => r.lastMonthSamePeriod, 2),
        },
      },
      targets: teamTargets.map(targetPace),
      reps,
      deals: m.kind === 'deal_review' ? await this.reviewDeals(m, organizer, since, until, dir) : [],
      openItems,
    };
  }

  private async reviewDeals(
    m: MeetingJoined,
    organizer: Actor | null,
    since: string,
    until: string,
    dir: OrgDirectory,
  ) {
    const ids = (await this.repo.opportunities(m.orgId, m.id)).map((d) => d.id);
    const deals = new Map((await this.repo.dealsById(m.orgId, ids)).map((d) => [d.id, d]));
    const out: AgendaReviewDeal[] = [];
    for (const id of ids) {
      const d = deals.get(id);
      if (!d) continue;
      const [history, activities, missing] = await Promise.all([
        this.repo.stageHistorySince(m.orgId, id, since),
        this.repo.lastActivities(m.orgId, id, until, 5),
        this.missingChecklist(organizer, id),
      ]);
      out.push({
        opportunityId: d.id,
        name: d.name,
        accountName: d.accountName,
        ownerId: d.ownerId,
        ownerName: nameOf(dir, d.ownerId) ?? '',
        amount: Number(d.amount),
        currency: d.currency,
        status: d.status,
        stageName: d.stageName,
        expectedCloseDate: d.expectedCloseDate ?? null,
        nextStep: d.nextStep,
        nextStepDate: d.nextStepDate ?? null,
        stageHistory: history.map((h) => ({
          stageName: h.stageName,
          enteredAt: h.enteredAt,
          userName: nameOf(dir, h.userId),
        })),
        lastActivities: activities.map((a) => ({
          id: a.id,
          type: a.type,
          subject: a.subject,
          at: a.doneAt!,
          done: true,
          ownerName: nameOf(dir, a.ownerId) ?? '',
          nextStep: a.nextStep,
        })),
        missingChecklist: missing,
      });
    }
    return out;
  }

  /** Checklist items of the deal's current stage not ticked yet (read as the organizer). */
  private async missingChecklist(organizer: Actor | null, id: string) {
    if (!organizer) return [];
    try {
      const c = await this.stageProcess.checklist(organizer, id);
      const stage = c.stages.find((s) => s.stageId === c.stageId);
      return (stage?.items ?? [])
        .filter((i) => !i.checked)
        .map((i) => ({ id: i.id, label: i.label, required: i.required }));
    } catch (err) {
      if (err instanceof AppError && (err.status === 404 || err.status === 403)) return [];
      throw err;
    }
  }

  private async findings(organizer: Actor | null, teamId: string, ownerIds: string[], now: Date) {
    if (!this.supervision || !organizer || !ownerIds.length) return { noNextStep: [], stalled: [] };
    try {
      const f = await this.supervision.findings(organizer, { teamId, ownerIds }, now);
      return {
        noNextStep: f.noNextStep.filter((x) => x.recordType === 'opportunity'),
        stalled: f.stalled.filter((x) => x.recordType === 'opportunity'),
      };
    } catch (err) {
      // an organizer whose role has no supervision view: the agenda goes without findings
      if (err instanceof AppError && err.status === 403) return { noNextStep: [], stalled: [] };
      throw err;
    }
  }

  /** The organizer as an actor: the agenda shows the team the way they see it. */
  private async organizerActor(m: MeetingJoined): Promise<Actor | null> {
    const u = await this.repo.userRole(m.orgId, m.organizerId);
    if (!u) return null;
    return {
      userId: m.organizerId,
      orgId: m.orgId,
      role: u.role as Role,
      name: u.name,
      teamId: u.teamId,
      managerId: u.managerId,
      via: 'session',
    };
  }
}

/** The previous meeting's time, or 7 days before this one. */
function sinceOf(m: { scheduledAt: string }, prev: { scheduledAt: string } | undefined): string {
  return prev
    ? new Date(prev.scheduledAt).toISOString()
    : new Date(Date.parse(m.scheduledAt) - 7 * DAY).toISOString();
}

/**
 * The three stretches results are shown for, each as timestamps [from, to) for deals won and as
 * calendar dates (China time) for payments received:
 * - the period since the previous meeting: won in [since, now), received on days after the
 *   previous meeting's day up to today (a day belongs to one meeting's period);
 * - month to date: the 1st of this month (China time) to now, received on the 1st to today;
 * - the same stretch of last month: its 1st plus as much time as has passed this month (at most
 *   the whole month), received on its 1st up to the matching day.
 */
function resultRanges(since: string, now: Date) {
  const today = localDate(now);
  const monthStartDate = `${today.slice(0, 8)}01`;
  const monthStart = Date.parse(startOfDay(monthStartDate));
  const y = Number(today.slice(0, 4));
  const mo = Number(today.slice(5, 7));
  const prevMonthStartDate = mo === 1 ? `${y - 1}-12-01` : `${y}-${String(mo - 1).padStart(2, '0')}-01`;
  const prevStart = Date.parse(startOfDay(prevMonthStartDate));
  const prevEnd = Math.min(prevStart + (now.getTime() - monthStart), monthStart);
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    {
      from: since,
      to: now.toISOString(),
      fromDate: localDate(new Date(since)),
      toDate: today,
      fromInclusive: false,
    },
    {
      from: iso(monthStart),
      to: now.toISOString(),
      fromDate: monthStartDate,
      toDate: today,
      fromInclusive: true,
    },
    {
      from: iso(prevStart),
      to: iso(prevEnd),
      fromDate: prevMonthStartDate,
      // the matching day; when the stretch is the whole month, its last day
      toDate: localDate(new Date(Math.min(prevEnd, monthStart - 1))),
      fromInclusive: true,
    },
  ];
}

/** An item's state: its task's while the task exists, else its own. */
function itemStatus(i: ActionItemJoined): { status: 'open' | 'done'; doneAt: string | null } {
  if (Number(i.taskExists) === 1)
    return i.taskDoneAt ? { status: 'done', doneAt: i.taskDoneAt } : { status: 'open', doneAt: null };
  return i.status === 'done' ? { status: 'done', doneAt: i.doneAt } : { status: 'open', doneAt: null };
}

function toItem(i: ActionItemJoined, dir: OrgDirectory, today: string): ActionItem {
  const s = itemStatus(i);
  return {
    id: i.id,
    meetingId: i.meetingId,
    meetingTitle: i.meetingTitle,
    meetingScheduledAt: i.meetingScheduledAt,
    title: i.title,
    ownerId: i.ownerId,
    ownerName: nameOf(dir, i.ownerId) ?? '',
    dueDate: i.dueDate,
    status: s.status,
    doneAt: s.doneAt,
    overdue: s.status === 'open' && i.dueDate < today,
    opportunityId: i.opportunityId,
    opportunityName: i.opportunityName,
    activityId: i.activityId,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    version: i.version,
  };
}

function toAgendaItem(
  i: ActionItemJoined,
  dir: OrgDirectory,
  today: string,
  meetingId: string,
): AgendaActionItem {
  return {
    id: i.id,
    title: i.title,
    ownerId: i.ownerId,
    ownerName: nameOf(dir, i.ownerId) ?? '',
    dueDate: i.dueDate,
    overdue: i.dueDate < today,
    opportunityId: i.opportunityId,
    opportunityName: i.opportunityName,
    meetingId: i.meetingId,
    meetingTitle: i.meetingTitle,
    meetingScheduledAt: i.meetingScheduledAt,
    carried: i.meetingId !== meetingId,
  };
}

function toClosed(d: {
  id: string;
  name: string;
  accountName: string | null;
  amount: number;
  currency: string;
  closedAt: string | null;
  lostReason: string | null;
  lostCompetitor: string | null;
}): AgendaClosedDeal {
  return {
    opportunityId: d.id,
    name: d.name,
    accountName: d.accountName,
    amount: Number(d.amount),
    currency: d.currency,
    closedAt: d.closedAt ?? '',
    lostReason: d.lostReason,
    lostCompetitor: d.lostCompetitor,
  };
}

function toFinding(f: FindingLike): AgendaFinding {
  return {
    kind: f.kind,
    opportunityId: f.recordId,
    name: f.name,
    accountName: f.accountName ?? null,
    stageName: f.stageName ?? null,
    days: f.days ?? null,
    reason: f.reason ?? null,
    nextStepDate: f.nextStepDate ?? null,
    amount: f.amount ?? null,
  };
}
