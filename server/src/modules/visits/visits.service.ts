import type { Kysely } from 'kysely';
import {
  can,
  haversineMeters,
  isLatitude,
  isLongitude,
  VISIT_PHOTOS_PER_VISIT,
  type Role,
  type Visit,
  type VisitCancel,
  type VisitCheckIn,
  type VisitCheckOut,
  type VisitCompliance,
  type VisitComplianceQuery,
  type VisitComplianceReport,
  type VisitComplianceRow,
  type VisitCreate,
  type VisitListQuery,
  type VisitLocationFlag,
  type VisitPhoto,
  type VisitSettings,
  type VisitSettingsUpdate,
  type VisitSpotCheckIn,
  type VisitStatus,
  type VisitUpdate,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, invalidField, notFound, stale } from '../../http/errors.js';
import { addDays, checkDate, weekStart } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { toPage } from '../../lib/pagination.js';
import {
  assertAssignable,
  canSeeOwner,
  guard,
  listOwners,
  nameOf,
  teamSubtree,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
  type OwnerFilter,
} from '../access/index.js';
import type { AccountsService } from '../accounts/index.js';
import type { ActivitiesService, ActivityRow } from '../activities/index.js';
import type { ContactsService } from '../contacts/index.js';
import { safeFilename } from '../contracts/index.js';
import type { NotificationsService, NotifyInput } from '../notifications/index.js';
import type { OpportunitiesService } from '../opportunities/index.js';
import {
  PLANNED_AT_SORT,
  VisitsRepository,
  type VisitFilter,
  type VisitJoined,
  type VisitRow,
} from './visits.repository.js';

export type Clock = () => Date;
export type VisitNotifier = Pick<NotificationsService, 'notify'>;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** A plan may be made for a moment that has only just passed (the form was open a while). */
const PAST_GRACE_MS = 10 * MINUTE;
/** The missed-visit job looks this far back, so a visit missed while it was not running still counts. */
const MISSED_LOOKBACK_MS = 8 * DAY;

/** 00:00 of a China-time calendar day, as a UTC ISO timestamp (China has no daylight saving). */
export function chinaDayStart(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

/** A week parameter must be the Monday it names (China time), else the client meant another week. */
export function checkWeek(week: string, field = 'week'): string {
  checkDate(week, field);
  if (weekStart(week) !== week) throw invalidField(field, 'must be a Monday (YYYY-MM-DD)');
  return week;
}

/**
 * How a visit counts against the plan. On time: checked in no later than the planned time plus
 * the tolerance; missed: still planned once that moment has passed (`now` from the injected
 * clock); exactly at the deadline is still on time, and not yet missed.
 */
export function complianceOf(
  v: { status: string; planned: boolean | number; plannedAt: string; checkedInAt: string | null },
  toleranceMinutes: number,
  now: Date,
): VisitCompliance {
  if (v.status === 'cancelled') return 'cancelled';
  if (!v.planned) return 'unplanned';
  const deadline = Date.parse(v.plannedAt) + toleranceMinutes * MINUTE;
  if (v.checkedInAt) return Date.parse(v.checkedInAt) <= deadline ? 'on_time' : 'late';
  return now.getTime() > deadline ? 'missed' : 'pending';
}

/** Distance (whole metres) from the account's location and whether it is beyond the threshold. */
export function locate(
  account: { latitude: number | null; longitude: number | null },
  at: { latitude: number; longitude: number },
  farThresholdM: number,
): { distanceM: number | null; locationFlag: VisitLocationFlag } {
  if (account.latitude === null || account.longitude === null)
    return { distanceM: null, locationFlag: 'no_location' };
  const distanceM = Math.round(
    haversineMeters({ latitude: account.latitude, longitude: account.longitude }, at),
  );
  return { distanceM, locationFlag: distanceM > farThresholdM ? 'far' : 'near' };
}

/**
 * The image type from the file's first bytes (the client's Content-Type is only a claim):
 * JPEG, PNG, GIF, WebP, or HEIC/HEIF (what iPhones take). Anything else, SVG included, is refused.
 */
export function detectImageType(data: Uint8Array): string | null {
  const b = data;
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (b.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'image/gif';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 12 && ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis'].includes(brand)) return 'image/heic';
    if (['mif1', 'msf1'].includes(brand)) return 'image/heif';
  }
  return null;
}

const STATUS_TEXT: Record<VisitStatus, string> = {
  planned: 'not checked in yet',
  checked_in: 'checked in',
  completed: 'finished (checked out)',
  cancelled: 'cancelled',
};

export class VisitsService {
  private readonly repo: VisitsRepository;
  /** The clock every time rule reads (check-in time, missed, on time); tests move it. */
  clock: Clock = () => new Date();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsService,
    private readonly opportunities: OpportunitiesService,
    private readonly activities: ActivitiesService,
    private readonly notifications: VisitNotifier,
  ) {
    this.repo = new VisitsRepository(db);
  }

  async list(actor: Actor, query: VisitListQuery) {
    const g = await guard(this.directory, actor, 'visit', 'read');
    const owners = listOwners(actor, g, undefined, query.ownerId);
    const filter: VisitFilter = { status: query.status, accountId: query.accountId };
    if (query.week) {
      checkWeek(query.week);
      filter.fromAt = chinaDayStart(query.week);
      filter.toAt = chinaDayStart(addDays(query.week, 7));
    }
    if (query.from) {
      const fromAt = chinaDayStart(checkDate(query.from, 'from')!);
      if (!filter.fromAt || fromAt > filter.fromAt) filter.fromAt = fromAt;
    }
    if (query.to) {
      const toAt = chinaDayStart(addDays(checkDate(query.to, 'to')!, 1));
      if (!filter.toAt || toAt < filter.toAt) filter.toAt = toAt;
    }
    if (query.from && query.to && query.to < query.from) throw invalidField('to', 'must not be before from');
    const limit = query.limit ?? 200;
    const [rows, settings] = await Promise.all([
      this.repo.list(actor.orgId, owners, filter, query.cursor, limit),
      this.repo.settings(actor.orgId),
    ]);
    const now = this.clock();
    return toPage(
      rows.map((r) => toVisit(r, g.dir, settings, now)),
      PLANNED_AT_SORT,
      limit,
    );
  }

  async get(actor: Actor, id: string): Promise<Visit> {
    const { row, dir } = await this.visible(actor, id, 'read');
    return toVisit(row, dir, await this.repo.settings(actor.orgId), this.clock());
  }

  /** The visit if the actor's scope covers its owner; 404 otherwise (ids outside scope don't leak). */
  async visible(actor: Actor, id: string, action: 'read' | 'update') {
    const g = await guard(this.directory, actor, 'visit', action);
    const row = await this.repo.get(actor.orgId, id);
    if (!row || !canSeeOwner(g.owners, row.ownerId)) throw notFound('Visit');
    return { row, ...g };
  }

  async create(actor: Actor, input: VisitCreate): Promise<Visit> {
    const g = await guard(this.directory, actor, 'visit', 'create');
    const ownerId = input.ownerId ?? actor.userId;
    assertAssignable(g.owners, g.dir, ownerId);
    const owner = await this.actorFor(actor, g.dir, ownerId);
    const now = this.clock();
    const plannedAt = checkPlannedAt(input.plannedAt, now);
    await this.checkLinks(
      actor,
      owner,
      input.accountId,
      input.contactId ?? null,
      input.opportunityId ?? null,
    );
    const at = now.toISOString();
    const row = newVisitRow({
      orgId: actor.orgId,
      ownerId,
      accountId: input.accountId,
      contactId: input.contactId ?? null,
      opportunityId: input.opportunityId ?? null,
      plannedAt,
      purpose: cleanText(input.purpose),
      createdBy: actor.userId,
      at,
    });
    await this.repo.insert(row);
    return this.get(actor, row.id);
  }

  /** Only a planned visit changes; a missed one stays on the record (plan a new one instead). */
  async update(actor: Actor, id: string, input: VisitUpdate): Promise<Visit> {
    const { row, dir, owners } = await this.visible(actor, id, 'update');
    this.assertPlanned(row, 'changed');
    const now = this.clock();
    const settings = await this.repo.settings(actor.orgId);
    const patch: Partial<VisitRow> = {};
    if (input.plannedAt !== undefined) {
      if (complianceOf(row, settings.onTimeToleranceMinutes, now) === 'missed')
        throw conflict(
          'This visit was missed; it stays on the record as planned. Plan a new visit for the new time',
          [{ path: 'plannedAt', message: 'the visit was missed' }],
        );
      patch.plannedAt = checkPlannedAt(input.plannedAt, now);
    }
    if (input.purpose !== undefined) patch.purpose = cleanText(input.purpose);
    const ownerId = input.ownerId ?? row.ownerId;
    if (ownerId !== row.ownerId) {
      assertAssignable(owners, dir, ownerId);
      patch.ownerId = ownerId;
    }
    const accountId = input.accountId ?? row.accountId;
    // another account: the contact and deal of the old one no longer fit, unless given anew
    const moved = accountId !== row.accountId;
    const contactId = input.contactId !== undefined ? input.contactId : moved ? null : row.contactId;
    const opportunityId =
      input.opportunityId !== undefined ? input.opportunityId : moved ? null : row.opportunityId;
    if (
      moved ||
      patch.ownerId !== undefined ||
      contactId !== row.contactId ||
      opportunityId !== row.opportunityId
    ) {
      const owner = await this.actorFor(actor, dir, ownerId);
      await this.checkLinks(actor, owner, accountId, contactId, opportunityId);
      Object.assign(patch, { accountId, contactId, opportunityId });
    }
    const ok = await this.repo.transition(
      actor.orgId,
      id,
      ['planned'],
      input.version,
      patch,
      now.toISOString(),
    );
    if (!ok) await this.explainMiss(actor.orgId, id, 'changed');
    return this.get(actor, id);
  }

  async cancel(actor: Actor, id: string, input: VisitCancel): Promise<Visit> {
    const { row } = await this.visible(actor, id, 'update');
    this.assertPlanned(row, 'cancelled');
    const now = this.clock();
    const settings = await this.repo.settings(actor.orgId);
    if (complianceOf(row, settings.onTimeToleranceMinutes, now) === 'missed')
      throw conflict('This visit was missed; a missed visit stays on the record and cannot be cancelled');
    const at = now.toISOString();
    const ok = await this.repo.transition(
      actor.orgId,
      id,
      ['planned'],
      input.version,
      { status: 'cancelled', cancelledAt: at, cancelReason: cleanText(input.reason) },
      at,
    );
    if (!ok) await this.explainMiss(actor.orgId, id, 'cancelled');
    return this.get(actor, id);
  }

  /**
   * Check-in at a planned visit: only its owner, with the server's time and the browser's
   * position; the distance to the account is measured and a far check-in is flagged and sent to
   * the owner's manager.
   */
  async checkIn(actor: Actor, id: string, input: VisitCheckIn): Promise<Visit> {
    const row = await this.ownVisit(actor, id, 'check in to');
    if (row.status !== 'planned')
      throw conflict(`This visit cannot be checked in to: it is ${STATUS_TEXT[row.status as VisitStatus]}`);
    const point = checkPoint(input.latitude, input.longitude);
    const settings = await this.repo.settings(actor.orgId);
    const where = locate(
      { latitude: row.accountLatitude, longitude: row.accountLongitude },
      point,
      settings.farThresholdM,
    );
    const at = this.clock().toISOString();
    const alert = where.locationFlag === 'far' ? await this.farAlert(actor, row, where.distanceM!) : [];
    await this.db.transaction().execute(async (trx) => {
      const ok = await new VisitsRepository(trx).transition(
        actor.orgId,
        id,
        ['planned'],
        null,
        {
          status: 'checked_in',
          checkedInAt: at,
          checkInLatitude: point.latitude,
          checkInLongitude: point.longitude,
          checkInAccuracy: input.accuracy ?? null,
          ...where,
        },
        at,
      );
      if (!ok) throw conflict('This visit was checked in to or changed meanwhile; reload it');
      await this.notifications.notify(actor.orgId, alert, trx);
    });
    return this.get(actor, id);
  }

  /** Check-in at a customer without a plan: the visit is created on the spot (planned = false). */
  async checkInUnplanned(actor: Actor, input: VisitSpotCheckIn): Promise<Visit> {
    await guard(this.directory, actor, 'visit', 'create');
    const point = checkPoint(input.latitude, input.longitude);
    await this.checkLinks(
      actor,
      actor,
      input.accountId,
      input.contactId ?? null,
      input.opportunityId ?? null,
    );
    const account = await this.accounts.get(actor, input.accountId);
    const settings = await this.repo.settings(actor.orgId);
    const where = locate(account, point, settings.farThresholdM);
    const at = this.clock().toISOString();
    const row: VisitRow = {
      ...newVisitRow({
        orgId: actor.orgId,
        ownerId: actor.userId,
        accountId: input.accountId,
        contactId: input.contactId ?? null,
        opportunityId: input.opportunityId ?? null,
        plannedAt: at,
        purpose: cleanText(input.purpose),
        createdBy: actor.userId,
        at,
      }),
      planned: 0,
      status: 'checked_in',
      checkedInAt: at,
      checkInLatitude: point.latitude,
      checkInLongitude: point.longitude,
      checkInAccuracy: input.accuracy ?? null,
      ...where,
    };
    const alert =
      where.locationFlag === 'far'
        ? await this.farAlert(actor, { ...row, accountName: account.name }, where.distanceM!)
        : [];
    await this.db.transaction().execute(async (trx) => {
      await new VisitsRepository(trx).insert(row);
      await this.notifications.notify(actor.orgId, alert, trx);
    });
    return this.get(actor, row.id);
  }

  /**
   * Check-out: the outcome is logged as an activity of type visit (done now, on the account, or
   * on the deal when one is given), linked from the visit; a next step with a deal becomes the
   * deal's next step and date, with field history. All in one transaction.
   */
  async checkOut(actor: Actor, id: string, input: VisitCheckOut): Promise<Visit> {
    const row = await this.ownVisit(actor, id, 'check out of');
    if (row.status === 'planned') throw conflict('Check in to this visit before checking out');
    if (row.status !== 'checked_in')
      throw conflict(`This visit cannot be checked out of: it is ${STATUS_TEXT[row.status as VisitStatus]}`);
    const lat = input.latitude ?? null;
    const lng = input.longitude ?? null;
    if ((lat === null) !== (lng === null))
      throw invalidField(
        lat === null ? 'latitude' : 'longitude',
        'give both latitude and longitude, or neither',
      );
    if (lat !== null) checkPoint(lat, lng!);
    const outcome = input.outcome.trim();
    if (!outcome) throw invalidField('outcome', 'must not be empty');
    const nextStep = cleanText(input.nextStep);
    const nextStepDate = input.nextStepDate ? checkDate(input.nextStepDate, 'nextStepDate') : null;
    if (nextStepDate && !nextStep) throw invalidField('nextStep', 'give the next step its date is for');
    const opportunityId = input.opportunityId !== undefined ? input.opportunityId : row.opportunityId;
    if (opportunityId && opportunityId !== row.opportunityId)
      await this.checkOpportunity(actor, opportunityId, row.accountId);
    const nextStepWrite =
      opportunityId && nextStep
        ? (
            await this.opportunities
              .prepareNextStep(actor, opportunityId, { nextStep, nextStepDate })
              .catch(notInScope('opportunityId', 'opportunity'))
          ).write
        : null;

    const at = this.clock().toISOString();
    const activity: ActivityRow = {
      id: newId(),
      orgId: actor.orgId,
      type: 'visit',
      subject: row.purpose ? `${row.accountName}：${row.purpose}`.slice(0, 200) : row.accountName,
      body: outcome,
      dueAt: row.planned ? row.plannedAt : null,
      doneAt: at,
      nextStep,
      location: row.accountAddress,
      relatedType: opportunityId ? 'opportunity' : 'account',
      relatedId: opportunityId ?? row.accountId,
      accountId: row.accountId,
      ownerId: row.ownerId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.db.transaction().execute(async (trx) => {
      // the activity first: the visit points at it
      await this.activities.insertIn(trx, activity);
      const ok = await new VisitsRepository(trx).transition(
        actor.orgId,
        id,
        ['checked_in'],
        null,
        {
          status: 'completed',
          checkedOutAt: at,
          checkOutLatitude: lat,
          checkOutLongitude: lng,
          checkOutAccuracy: input.accuracy ?? null,
          outcome,
          nextStep,
          nextStepDate,
          opportunityId,
          activityId: activity.id,
        },
        at,
      );
      if (!ok) throw conflict('This visit was checked out of or changed meanwhile; reload it');
      await nextStepWrite?.(trx, at);
    });
    return this.get(actor, id);
  }

  async photos(actor: Actor, visitId: string): Promise<VisitPhoto[]> {
    const { dir } = await this.visible(actor, visitId, 'read');
    const rows = await this.repo.photos(actor.orgId, visitId);
    return rows.map((r) => ({ ...r, uploadedByName: nameOf(dir, r.uploadedBy) ?? '' }));
  }

  /** A photo taken at the visit: images only, stamped with the server's time at upload. */
  async addPhoto(
    actor: Actor,
    visitId: string,
    file: { filename: string; contentType: string; data: Buffer },
  ): Promise<VisitPhoto> {
    const row = await this.ownVisit(actor, visitId, 'add photos to');
    // photos are evidence of the visit: taken between check-in and check-out, stamped by the server
    if (row.status === 'planned') throw conflict('Check in first: photos are taken at the visit');
    if (row.status !== 'checked_in')
      throw conflict(
        `Photos are added during the visit; this one is ${STATUS_TEXT[row.status as VisitStatus]}`,
      );
    if (file.data.length === 0) throw invalidField('file', 'the file is empty');
    if (!file.contentType.startsWith('image/'))
      throw invalidField('file', 'only images may be attached (JPEG, PNG, WebP, HEIC, GIF)');
    const type = detectImageType(file.data);
    if (!type) throw invalidField('file', 'is not a JPEG, PNG, WebP, HEIC or GIF image');
    if (row.photoCount >= VISIT_PHOTOS_PER_VISIT)
      throw conflict(`A visit has at most ${VISIT_PHOTOS_PER_VISIT} photos`);
    const rec = {
      id: newId(),
      orgId: actor.orgId,
      visitId,
      filename: safeFilename(file.filename),
      contentType: type,
      size: file.data.length,
      data: file.data,
      takenAt: this.clock().toISOString(),
      uploadedBy: actor.userId,
    };
    await this.repo.addPhoto(rec);
    const dir = await this.directory.get(actor.orgId);
    const { data: _data, orgId: _org, ...rest } = rec;
    return { ...rest, uploadedByName: nameOf(dir, actor.userId) ?? '' };
  }

  async photo(actor: Actor, id: string) {
    await guard(this.directory, actor, 'visit', 'read');
    const p = await this.repo.photo(actor.orgId, id);
    if (!p) throw notFound('Photo');
    await this.visible(actor, p.visitId, 'read');
    return p;
  }

  /** The owner may take a wrong photo back while still at the customer; after check-out it stays. */
  async removePhoto(actor: Actor, id: string): Promise<void> {
    await guard(this.directory, actor, 'visit', 'update');
    const p = await this.repo.photo(actor.orgId, id);
    if (!p) throw notFound('Photo');
    const row = await this.ownVisit(actor, p.visitId, 'remove photos from');
    if (row.status !== 'checked_in')
      throw conflict(
        'Photos of a finished visit stay with it; only a checked-in visit’s photos can be removed',
      );
    await this.repo.deletePhoto(actor.orgId, id);
  }

  async settings(actor: Actor): Promise<VisitSettings> {
    await guard(this.directory, actor, 'visit', 'read');
    return this.repo.settings(actor.orgId);
  }

  async saveSettings(actor: Actor, input: VisitSettingsUpdate): Promise<VisitSettings> {
    if (actor.role !== 'admin')
      throw new AppError(403, 'forbidden', 'Only an administrator changes the visit settings');
    const merged = { ...(await this.repo.settings(actor.orgId)), ...input };
    await this.repo.saveSettings(actor.orgId, merged, actor.userId, this.clock().toISOString());
    return merged;
  }

  /**
   * Plan vs actual for a week, per person in the caller's scope (optionally one team and the
   * teams below it): planned, on time, late, missed, pending, unplanned, far — and the visits
   * behind each number. Every active rep in scope has a row, so one who planned nothing shows.
   */
  async compliance(actor: Actor, query: VisitComplianceQuery): Promise<VisitComplianceReport> {
    const g = await guard(this.directory, actor, 'visit', 'read');
    const week = checkWeek(query.week);
    let owners: OwnerFilter = g.owners;
    if (query.teamId) {
      if (!g.dir.teams.has(query.teamId)) throw invalidField('teamId', 'no such team');
      const teams = teamSubtree(g.dir, query.teamId);
      const members = [...g.dir.users.values()]
        .filter((u) => u.teamId && teams.has(u.teamId))
        .map((u) => u.id);
      owners = owners === null ? members : owners.filter((id) => members.includes(id));
    }
    const now = this.clock();
    const [rows, settings, reps] = await Promise.all([
      this.repo.inRange(actor.orgId, owners, chinaDayStart(week), chinaDayStart(addDays(week, 7))),
      this.repo.settings(actor.orgId),
      this.repo.activeReps(actor.orgId),
    ]);
    const people = new Set(rows.map((r) => r.ownerId));
    for (const r of reps) if (owners === null || owners.includes(r.id)) people.add(r.id);
    const byOwner = new Map<string, VisitComplianceRow>();
    for (const ownerId of people) {
      const u = g.dir.users.get(ownerId);
      byOwner.set(ownerId, {
        ownerId,
        ownerName: u?.name ?? '',
        teamName: u?.teamId ? (g.dir.teams.get(u.teamId)?.name ?? null) : null,
        ...emptyCounts(),
        visits: [],
      });
    }
    const totals = emptyCounts();
    for (const r of rows) {
      const v = toVisit(r, g.dir, settings, now);
      const line = byOwner.get(r.ownerId)!;
      line.visits.push(v);
      for (const counts of [line, totals]) count(counts, v);
    }
    const lines = [...byOwner.values()].sort(
      (a, b) =>
        (a.teamName ?? '').localeCompare(b.teamName ?? '', 'zh-CN') ||
        a.ownerName.localeCompare(b.ownerName, 'zh-CN'),
    );
    return { week, asOf: now.toISOString(), settings, rows: lines, totals };
  }

  /**
   * The daily job: planned visits whose time plus the organisation's tolerance has passed without
   * a check-in are reported to the owner's manager, once per visit (the notification's dedupe key).
   */
  async runDaily(now = this.clock()): Promise<{ missed: number; notified: number }> {
    const candidates = await this.repo.plannedBetween(
      new Date(now.getTime() - MISSED_LOOKBACK_MS).toISOString(),
      now.toISOString(),
    );
    let missed = 0;
    let notified = 0;
    const byOrg = new Map<string, typeof candidates>();
    for (const c of candidates) byOrg.set(c.orgId, [...(byOrg.get(c.orgId) ?? []), c]);
    for (const [orgId, visits] of byOrg) {
      const settings = await this.repo.settings(orgId);
      const dir = await this.directory.get(orgId);
      const teamManagers = await this.repo.teamManagers(orgId);
      const items: NotifyInput[] = [];
      for (const v of visits) {
        const state = complianceOf(
          { ...v, status: 'planned', planned: 1, checkedInAt: null },
          settings.onTimeToleranceMinutes,
          now,
        );
        if (state !== 'missed') continue;
        missed++;
        const managerId = managerOf(dir, teamManagers, v.ownerId);
        if (!managerId) continue;
        items.push({
          userId: managerId,
          kind: 'visit_missed',
          params: {
            repName: nameOf(dir, v.ownerId) ?? '',
            accountName: v.accountName,
            plannedDate: chinaDate(v.plannedAt),
          },
          link: `/visits/${v.id}`,
          refType: 'visit',
          refId: v.id,
          dedupeKey: `visit_missed:${v.id}`,
        });
      }
      notified += await this.notifications.notify(orgId, items);
    }
    return { missed, notified };
  }

  /** A visit only its owner may act on: 404 for another organisation's, 403 for someone else's. */
  private async ownVisit(actor: Actor, id: string, what: string): Promise<VisitJoined> {
    await guard(this.directory, actor, 'visit', 'update');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Visit');
    if (row.ownerId !== actor.userId)
      throw new AppError(403, 'forbidden', `Only the visit's owner can ${what} it; this visit is not yours`, [
        { path: 'id', message: 'not your visit' },
      ]);
    return row;
  }

  private assertPlanned(row: VisitJoined, what: string) {
    if (row.status !== 'planned')
      throw conflict(
        `Only a planned visit can be ${what}; this one is ${STATUS_TEXT[row.status as VisitStatus]}`,
      );
  }

  /** After a compare-and-set that changed nothing: gone, moved on, or stale. */
  private async explainMiss(orgId: string, id: string, what: string): Promise<never> {
    const now = await this.repo.get(orgId, id);
    if (!now) throw notFound('Visit');
    if (now.status !== 'planned') this.assertPlanned(now, what);
    throw stale('Visit');
  }

  /** The same checks as the owner would get: a manager plans only what his rep may visit. */
  private async actorFor(actor: Actor, dir: OrgDirectory, userId: string): Promise<Actor> {
    if (userId === actor.userId) {
      if (!can(actor.role, 'visit', 'update'))
        throw invalidField('ownerId', 'this person does not make customer visits');
      return actor;
    }
    const u = dir.users.get(userId)!;
    const role = (await this.repo.userRole(actor.orgId, userId))?.role as Role | undefined;
    if (!role || !can(role, 'visit', 'update'))
      throw invalidField('ownerId', 'this person does not make customer visits');
    return {
      userId,
      orgId: actor.orgId,
      role,
      name: u.name,
      teamId: u.teamId,
      managerId: u.managerId,
      via: 'session',
    };
  }

  /** The account (required), contact and deal must be the owner's to see and belong together. */
  private async checkLinks(
    actor: Actor,
    owner: Actor,
    accountId: string,
    contactId: string | null,
    opportunityId: string | null,
  ) {
    await this.accounts.requireReadable(owner, accountId);
    if (owner.userId !== actor.userId) await this.accounts.requireReadable(actor, accountId);
    if (contactId) {
      const { row } = await this.contacts
        .visible(owner, contactId, 'read')
        .catch(notInScope('contactId', 'contact'));
      if (row.accountId !== accountId) throw invalidField('contactId', 'is not a contact of this account');
    }
    if (opportunityId) await this.checkOpportunity(owner, opportunityId, accountId);
  }

  private async checkOpportunity(actor: Actor, opportunityId: string, accountId: string) {
    const { row } = await this.opportunities
      .visible(actor, opportunityId, 'read')
      .catch(notInScope('opportunityId', 'opportunity'));
    if (row.accountId !== accountId) throw invalidField('opportunityId', 'is not a deal of this account');
  }

  /** The notification a far check-in sends to the owner's manager (none without one). */
  private async farAlert(
    actor: Actor,
    visit: Pick<VisitRow, 'id' | 'ownerId'> & { accountName: string },
    distanceM: number,
  ): Promise<NotifyInput[]> {
    const dir = await this.directory.get(actor.orgId);
    const managerId = managerOf(dir, await this.repo.teamManagers(actor.orgId), visit.ownerId);
    if (!managerId) return [];
    return [
      {
        userId: managerId,
        kind: 'visit_far_checkin',
        params: { repName: nameOf(dir, visit.ownerId) ?? '', accountName: visit.accountName, distanceM },
        link: `/visits/${visit.id}`,
        refType: 'visit',
        refId: visit.id,
        dedupeKey: `visit_far_checkin:${visit.id}`,
      },
    ];
  }
}

/** Whom to tell about someone's visits: their manager, else the manager of their team or one above. */
export function managerOf(
  dir: OrgDirectory,
  teamManagers: Map<string, string | null>,
  userId: string,
): string | null {
  const u = dir.users.get(userId);
  if (!u) return null;
  if (u.managerId && u.managerId !== userId) return u.managerId;
  let teamId = u.teamId;
  const seen = new Set<string>();
  while (teamId && !seen.has(teamId)) {
    seen.add(teamId);
    const m = teamManagers.get(teamId);
    if (m && m !== userId) return m;
    teamId = dir.teams.get(teamId)?.parentId ?? null;
  }
  return null;
}

function checkPoint(latitude: number, longitude: number) {
  if (!isLatitude(latitude)) throw invalidField('latitude', 'must be between -90 and 90');
  if (!isLongitude(longitude)) throw invalidField('longitude', 'must be between -180 and 180');
  return { latitude, longitude };
}

function checkPlannedAt(value: string, now: Date): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidField('plannedAt', 'is not a valid time');
  if (t < now.getTime() - PAST_GRACE_MS) throw invalidField('plannedAt', 'must not be in the past');
  if (t > now.getTime() + 366 * DAY) throw invalidField('plannedAt', 'must be within a year from now');
  return new Date(t).toISOString();
}

function cleanText(value: string | null | undefined): string | null {
  return value?.trim() || null;
}

/** The China-time calendar date of an instant. */
function chinaDate(isoTime: string): string {
  return new Date(Date.parse(isoTime) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** 404 from another module, for a record named in the body: a field error. */
function notInScope(field: string, what: string) {
  return (err: unknown): never => {
    if (err instanceof AppError && (err.status === 404 || err.status === 403))
      throw invalidField(field, `no such ${what} in your data scope`);
    throw err;
  };
}

function newVisitRow(v: {
  orgId: string;
  ownerId: string;
  accountId: string;
  contactId: string | null;
  opportunityId: string | null;
  plannedAt: string;
  purpose: string | null;
  createdBy: string;
  at: string;
}): VisitRow {
  return {
    id: newId(),
    orgId: v.orgId,
    ownerId: v.ownerId,
    accountId: v.accountId,
    contactId: v.contactId,
    opportunityId: v.opportunityId,
    plannedAt: v.plannedAt,
    purpose: v.purpose,
    status: 'planned',
    planned: 1,
    checkedInAt: null,
    checkInLatitude: null,
    checkInLongitude: null,
    checkInAccuracy: null,
    distanceM: null,
    locationFlag: null,
    checkedOutAt: null,
    checkOutLatitude: null,
    checkOutLongitude: null,
    checkOutAccuracy: null,
    outcome: null,
    nextStep: null,
    nextStepDate: null,
    activityId: null,
    cancelledAt: null,
    cancelReason: null,
    createdBy: v.createdBy,
    createdAt: v.at,
    updatedAt: v.at,
    version: 1,
  };
}

type Counts = Omit<VisitComplianceRow, 'ownerId' | 'ownerName' | 'teamName' | 'visits'>;
const emptyCounts = (): Counts => ({
  planned: 0,
  onTime: 0,
  late: 0,
  missed: 0,
  pending: 0,
  unplanned: 0,
  far: 0,
  cancelled: 0,
});

function count(c: Counts, v: Visit) {
  if (v.locationFlag === 'far') c.far++;
  switch (v.compliance) {
    case 'cancelled':
      c.cancelled++;
      return;
    case 'unplanned':
      c.unplanned++;
      return;
    case 'on_time':
      c.onTime++;
      break;
    case 'late':
      c.late++;
      break;
    case 'missed':
      c.missed++;
      break;
    case 'pending':
      c.pending++;
      break;
  }
  c.planned++;
}

export function toVisit(r: VisitJoined, dir: OrgDirectory, settings: VisitSettings, now: Date): Visit {
  return {
    id: r.id,
    ownerId: r.ownerId,
    ownerName: nameOf(dir, r.ownerId) ?? '',
    accountId: r.accountId,
    accountName: r.accountName,
    accountAddress: r.accountAddress,
    accountLatitude: r.accountLatitude,
    accountLongitude: r.accountLongitude,
    contactId: r.contactId,
    contactName: r.contactName,
    opportunityId: r.opportunityId,
    opportunityName: r.opportunityName,
    plannedAt: r.plannedAt,
    purpose: r.purpose,
    status: r.status as VisitStatus,
    planned: r.planned === 1,
    compliance: complianceOf(r, settings.onTimeToleranceMinutes, now),
    createdBy: r.createdBy,
    createdByName: nameOf(dir, r.createdBy) ?? '',
    checkedInAt: r.checkedInAt,
    checkInLatitude: r.checkInLatitude,
    checkInLongitude: r.checkInLongitude,
    checkInAccuracy: r.checkInAccuracy,
    distanceM: r.distanceM,
    locationFlag: r.locationFlag as VisitLocationFlag | null,
    checkedOutAt: r.checkedOutAt,
    checkOutLatitude: r.checkOutLatitude,
    checkOutLongitude: r.checkOutLongitude,
    outcome: r.outcome,
    nextStep: r.nextStep,
    nextStepDate: r.nextStepDate,
    activityId: r.activityId,
    cancelledAt: r.cancelledAt,
    cancelReason: r.cancelReason,
    photoCount: r.photoCount,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
