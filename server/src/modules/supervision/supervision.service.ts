import type { Kysely } from 'kysely';
import {
  ACCOUNT_LEVELS,
  daysBetween,
  grantFor,
  nextStepProblem,
  revenueTargetOf,
  targetPace,
  type Finding,
  type Findings,
  type ForgottenDaysByLevel,
  type Role,
  type SupervisionBoard,
  type SupervisionQuery,
  type SupervisionRepRow,
  type SupervisionSettings,
  type SupervisionSettingsUpdate,
  type SupervisionTeam,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { AppError, forbidden, invalidField } from '../../http/errors.js';
import { addDays, localDate, weekStart } from '../../lib/dates.js';
import {
  authorize,
  guard,
  nameOf,
  ownersInScope,
  teamSubtree,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
  type OwnerFilter,
} from '../access/index.js';
import type { NotificationsService, NotifyInput } from '../notifications/index.js';
import type { TargetsService } from '../targets/index.js';
import {
  SupervisionRepository,
  type OpenDealRow,
  type SettingsRow,
  type StallCutoffs,
  type TouchRange,
} from './supervision.repository.js';

export type Clock = () => Date;
/** What the board reads of targets (TargetsService fits). */
export type TargetsPort = Pick<TargetsService, 'currentFor'>;
export const SUPERVISION_DAILY_JOB = 'supervision.daily';

export const DEFAULT_SETTINGS = {
  defaultStallDays: 14,
  forgottenDays: 30,
} as const;

/** Roles whose members get the daily digest of the people in their scope. */
const DIGEST_ROLES: readonly Role[] = ['sales_manager', 'sales_director'];
/** Roles listed on the board even with nothing to report. */
const SALES_ROLES: readonly Role[] = ['sales_rep', 'sales_manager', 'sales_director'];
const LEVEL_COLUMN = {
  A: 'forgottenDaysA',
  B: 'forgottenDaysB',
  C: 'forgottenDaysC',
  D: 'forgottenDaysD',
} as const;
const RECORD_PATH: Record<string, string> = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
};

/** The next 07:30 China time after `now`: when the daily job's first run is placed. */
export function nextMorning(now: Date, hhmm = '07:30'): Date {
  const today = new Date(`${localDate(now)}T${hhmm}:00+08:00`);
  return today.getTime() > now.getTime() ? today : new Date(today.getTime() + 86_400_000);
}

/** The instant a China-time calendar day starts. */
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();

/**
 * 督导: next steps, stalled deals, overdue tasks and forgotten customers, per person and team,
 * on one board and as notifications (the daily job). Every date rule reads `clock`.
 */
export class SupervisionService {
  /** The most findings of one kind the board lists (it always counts them all). */
  boardLimit = 300;

  private readonly repo: SupervisionRepository;
  /** The clock every date rule reads; tests move it. */
  clock: Clock = () => new Date();

  constructor(
    db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly notifications: Pick<NotificationsService, 'notify'>,
    /** Current targets with live attainment (the board's pace per person); null: not wired. */
    private readonly targets: TargetsPort | null = null,
  ) {
    this.repo = new SupervisionRepository(db);
  }

  async settings(actor: Actor): Promise<SupervisionSettings> {
    authorize(actor, 'supervision', 'read');
    return toSettings(await this.repo.settings(actor.orgId));
  }

  async saveSettings(actor: Actor, input: SupervisionSettingsUpdate): Promise<SupervisionSettings> {
    authorize(actor, 'supervision', 'update');
    const byLevel = input.forgottenDaysByLevel ?? {};
    const row: SettingsRow = {
      orgId: actor.orgId,
      defaultStallDays: input.defaultStallDays,
      forgottenDays: input.forgottenDays,
      forgottenDaysA: byLevel.A ?? null,
      forgottenDaysB: byLevel.B ?? null,
      forgottenDaysC: byLevel.C ?? null,
      forgottenDaysD: byLevel.D ?? null,
      notifyOwners: input.notifyOwners ? 1 : 0,
      notifyManagers: input.notifyManagers ? 1 : 0,
      updatedAt: this.clock().toISOString(),
    };
    await this.repo.saveSettings(row);
    return toSettings(row);
  }

  /**
   * The findings in the actor's data scope (supervision grant), narrowed to a team (and its
   * sub-teams) and/or to some owners. The meetings agenda uses this.
   */
  async findings(
    actor: Actor,
    opts: { teamId?: string; ownerIds?: string[] } = {},
    now: Date = this.clock(),
  ): Promise<Findings> {
    const { owners, dir } = await this.scope(actor, opts);
    return this.compute(actor.orgId, owners, dir, now);
  }

  /**
   * GET /supervision: per-person counts, open deals and pipeline (GROUP BY owner in SQL), and the
   * most pressing findings of each kind (only the first `boardLimit` rows are read).
   */
  async board(actor: Actor, query: SupervisionQuery): Promise<SupervisionBoard> {
    const now = this.clock();
    const { owners, dir, teams } = await this.scope(actor, {
      teamId: query.teamId,
      ownerIds: query.ownerId ? [query.ownerId] : undefined,
    });
    const settingsRow = await this.repo.settings(actor.orgId);
    const { findings, counts: perOwner } = await this.run(actor.orgId, owners, dir, now, settingsRow, {
      limit: this.boardLimit,
    });
    const rows = new Map<string, SupervisionRepRow>();
    const rowOf = (ownerId: string) => {
      let row = rows.get(ownerId);
      if (!row) {
        const user = dir.users.get(ownerId);
        const teamId = user?.teamId ?? null;
        row = {
          ownerId,
          ownerName: nameOf(dir, ownerId) ?? '',
          teamId,
          teamName: teamId ? (dir.teams.get(teamId)?.name ?? null) : null,
          noNextStep: 0,
          stalled: 0,
          overdueTasks: 0,
          forgotten: 0,
          openDeals: 0,
          pipelineAmount: 0,
          target: null,
        };
        rows.set(ownerId, row);
      }
      return row;
    };
    // everyone in sales within the selection shows, even with nothing to report
    const roles = await this.roles(actor.orgId);
    for (const u of dir.users.values())
      if (u.active && (owners === null || owners.includes(u.id)) && SALES_ROLES.includes(roles.get(u.id)!))
        rowOf(u.id);
    const counts = { noNextStep: 0, stalled: 0, overdueTasks: 0, forgotten: 0 };
    for (const c of perOwner!.deals) {
      const row = rowOf(c.ownerId);
      row.openDeals += c.openDeals;
      row.pipelineAmount += c.pipelineAmount;
    }
    for (const key of ['noNextStep', 'stalled', 'overdueTasks', 'forgotten'] as const)
      for (const [ownerId, n] of perOwner![key]) {
        if (!n) continue;
        rowOf(ownerId)[key] += n;
        counts[key] += n;
      }
    // each person's current revenue target: attainment against the time elapsed (pace)
    if (this.targets) {
      const targets = this.targets;
      await Promise.all(
        [...rows.values()].map(async (row) => {
          const current = revenueTargetOf(
            await targets.currentFor(actor.orgId, { type: 'rep', id: row.ownerId }, now),
          );
          row.target = current ? targetPace(current) : null;
        }),
      );
    }
    const reps = [...rows.values()].sort(
      (a, b) =>
        b.noNextStep +
          b.stalled +
          b.overdueTasks +
          b.forgotten -
          (a.noNextStep + a.stalled + a.overdueTasks + a.forgotten) ||
        a.ownerName.localeCompare(b.ownerName, 'zh-CN'),
    );
    // A whole organisation can have hundreds of thousands of findings: the board carries the
    // counts and the most pressing ones (each list is sorted by urgency); a person's own list is
    // asked for with ?ownerId=.
    return {
      asOf: now.toISOString(),
      today: localDate(now),
      teamId: query.teamId ?? null,
      teams,
      settings: toSettings(settingsRow),
      reps,
      counts,
      findings,
      findingsLimit: this.boardLimit,
    };
  }

  /**
   * The daily job: each owner hears of their own findings (at most once per record and kind a
   * week), each sales manager and director gets a digest of their scope (once a day).
   */
  async runDaily(now = this.clock()): Promise<{ owners: number; digests: number }> {
    const today = localDate(now);
    const week = weekStart(today);
    let ownersSent = 0;
    let digests = 0;
    for (const orgId of await this.repo.organisations()) {
      const settingsRow = await this.repo.settings(orgId);
      const settings = toSettings(settingsRow);
      if (!settings.notifyOwners && !settings.notifyManagers) continue;
      const dir = await this.directory.get(orgId);
      const { findings } = await this.run(orgId, null, dir, now, settingsRow);
      const all = [
        ...findings.noNextStep,
        ...findings.stalled,
        ...findings.overdueTasks,
        ...findings.forgotten,
      ];
      if (settings.notifyOwners) {
        const items = all.filter((f) => dir.users.get(f.ownerId)?.active).map((f) => ownerNotice(f, week));
        ownersSent += await this.notifications.notify(orgId, items);
      }
      if (settings.notifyManagers) {
        const items: NotifyInput[] = [];
        for (const person of await this.repo.people(orgId)) {
          const role = person.role as Role;
          if (person.active !== 1 || !DIGEST_ROLES.includes(role)) continue;
          const grant = grantFor(role, 'supervision');
          if (!grant) continue;
          const owners = ownersInScope(
            {
              userId: person.id,
              orgId,
              role,
              name: person.name,
              teamId: person.teamId,
              managerId: person.managerId,
              via: 'session',
            },
            grant.scope,
            dir,
          );
          const mine = (f: Finding) =>
            f.ownerId !== person.id && (owners === null || owners.includes(f.ownerId));
          const counts = {
            noNextStep: findings.noNextStep.filter(mine).length,
            stalled: findings.stalled.filter(mine).length,
            overdueTasks: findings.overdueTasks.filter(mine).length,
            forgotten: findings.forgotten.filter(mine).length,
          };
          if (counts.noNextStep + counts.stalled + counts.overdueTasks + counts.forgotten === 0) continue;
          const teamName =
            owners === null ? null : person.teamId ? (dir.teams.get(person.teamId)?.name ?? null) : null;
          items.push({
            userId: person.id,
            kind: 'supervision_digest',
            params: { teamName, ...counts },
            link: person.teamId && owners !== null ? `/supervision?teamId=${person.teamId}` : '/supervision',
            dedupeKey: `supervision_digest:${today}`,
          });
        }
        digests += await this.notifications.notify(orgId, items);
      }
    }
    return { owners: ownersSent, digests };
  }

  /** The owners the actor may supervise, narrowed by team and owners, and the teams they may pick. */
  private async scope(actor: Actor, opts: { teamId?: string; ownerIds?: string[] }) {
    const g = await guard(this.directory, actor, 'supervision', 'read');
    const scope = grantFor(actor.role, 'supervision')!.scope;
    const dir = g.dir;
    const pickable: Set<string> =
      scope === 'all'
        ? new Set(dir.teams.keys())
        : (scope === 'team' || scope === 'team_subtree') && actor.teamId
          ? scope === 'team'
            ? new Set([actor.teamId])
            : teamSubtree(dir, actor.teamId)
          : new Set();
    let owners: OwnerFilter = g.owners;
    if (opts.teamId) {
      if (!dir.teams.has(opts.teamId)) throw invalidField('teamId', 'no such team in your organisation');
      if (!pickable.has(opts.teamId))
        throw new AppError(403, 'forbidden', 'This team is outside your data scope', [
          { path: 'teamId', message: 'outside your data scope' },
        ]);
      const teams = teamSubtree(dir, opts.teamId);
      const members = [...dir.users.values()].filter((u) => u.teamId && teams.has(u.teamId)).map((u) => u.id);
      owners = owners === null ? members : members.filter((id) => owners!.includes(id));
    }
    if (opts.ownerIds) {
      for (const [i, id] of opts.ownerIds.entries())
        if (!dir.users.has(id))
          throw invalidField(
            opts.ownerIds.length === 1 ? 'ownerId' : `ownerIds/${i}`,
            'no such user in your organisation',
          );
      const wanted = opts.ownerIds;
      if (g.owners !== null && wanted.some((id) => !g.owners!.includes(id)))
        throw forbidden('Outside your data scope');
      owners = owners === null ? [...wanted] : owners.filter((id) => wanted.includes(id));
    }
    const teams: SupervisionTeam[] = [...dir.teams.values()]
      .filter((t) => pickable.has(t.id))
      .map((t) => ({ id: t.id, name: t.name, parentId: t.parentId }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    return { owners, dir, teams };
  }

  private async compute(orgId: string, owners: OwnerFilter, dir: OrgDirectory, now: Date) {
    return (await this.run(orgId, owners, dir, now, await this.repo.settings(orgId))).findings;
  }

  /**
   * The findings of the owners (all of them, or the first `limit` of each kind, most pressing
   * first); with `limit`, also the counts per owner of each kind and the open deals per owner.
   */
  private async run(
    orgId: string,
    owners: OwnerFilter,
    dir: OrgDirectory,
    now: Date,
    settingsRow: SettingsRow | undefined,
    opts: { limit?: number } = {},
  ) {
    const settings = toSettings(settingsRow);
    const at = now.toISOString();
    const today = localDate(now);
    const limit = opts.limit;
    const ownerName = (id: string) => nameOf(dir, id) ?? '';
    const byLevel: Record<string, string> = {};
    for (const level of ACCOUNT_LEVELS) {
      const days = settings.forgottenDaysByLevel[level];
      if (days) byLevel[level] = forgottenCutoff(today, days);
    }
    const forgottenCutoffs = { fallback: forgottenCutoff(today, settings.forgottenDays), byLevel };
    // stalled after N days: last touched before the start of day today − N + 1 (per stage's N)
    const stageGroups = new Map<number, string[]>();
    for (const s of await this.repo.stallStages(orgId))
      stageGroups.set(s.stallDays, [...(stageGroups.get(s.stallDays) ?? []), s.id]);
    const stallCutoffs: StallCutoffs = {
      byStage: [...stageGroups].map(([days, stageIds]) => ({
        stageIds,
        cutoff: forgottenCutoff(today, days),
      })),
      fallback: forgottenCutoff(today, settings.defaultStallDays),
    };
    const [dealsNoNextStep, dealsStalled, pending, tasks, accounts] = await Promise.all([
      this.repo.noNextStepDeals(orgId, owners, today, limit),
      withBoundaryDay(
        (range) => this.repo.stalledDeals(orgId, owners, stallCutoffs, range ? undefined : limit, range),
        (d) => d.lastTouchAt ?? d.createdAt,
        limit,
      ),
      this.repo.pendingTouchDeals(orgId, owners, at),
      this.repo.overdueTasks(orgId, owners, at, limit),
      withBoundaryDay(
        (range) => this.repo.forgotten(orgId, owners, at, forgottenCutoffs, range ? undefined : limit, range),
        (a) => a.lastDoneAt ?? a.createdAt,
        limit,
      ),
    ]);
    const counts =
      limit === undefined
        ? null
        : await (async () => {
            const [deals, overdueTasks, forgotten] = await Promise.all([
              this.repo.ownerDealCounts(orgId, owners, today, stallCutoffs),
              this.repo.overdueCounts(orgId, owners, at),
              this.repo.forgottenCounts(orgId, owners, at, forgottenCutoffs),
            ]);
            return {
              deals,
              noNextStep: new Map(deals.map((d) => [d.ownerId, d.noNextStep])),
              stalled: new Map(deals.map((d) => [d.ownerId, d.stalled])),
              overdueTasks,
              forgotten,
            };
          })();

    const base = (d: OpenDealRow) => ({
      ownerId: d.ownerId,
      ownerName: ownerName(d.ownerId),
      recordType: 'opportunity' as const,
      recordId: d.id,
      name: d.name,
      accountId: d.accountId,
      accountName: d.accountName,
      stageName: d.stageName,
      amount: Number(d.amount),
      currency: d.currency,
    });
    const noNextStep: Finding[] = [];
    for (const d of dealsNoNextStep) {
      const problem = nextStepProblem(
        { status: 'open', nextStep: d.nextStep, nextStepDate: d.nextStepDate },
        today,
      );
      if (problem)
        noNextStep.push({
          ...base(d),
          kind: 'deal_no_next_step',
          reason: problem,
          nextStep: d.nextStep,
          nextStepDate: d.nextStepDate,
          ...(problem === 'overdue' ? { days: daysBetween(d.nextStepDate!, today) } : {}),
        });
    }
    const stalled: Finding[] = [];
    const stalledFinding = (d: OpenDealRow, lastTouchAt: string | null) => {
      const days = daysBetween(localDate(new Date(lastTouchAt ?? d.createdAt)), today);
      const threshold = d.stallDays ?? settings.defaultStallDays;
      if (days < threshold) return null;
      return {
        ...base(d),
        kind: 'deal_stalled' as const,
        days,
        thresholdDays: threshold,
        lastTouchAt: lastTouchAt ? new Date(lastTouchAt).toISOString() : null,
      };
    };
    for (const d of dealsStalled) {
      const f = stalledFinding(d, d.lastTouchAt);
      if (f) stalled.push(f);
    }
    // touched after now: graded by their touches up to now, as the counts' complement
    for (const d of pending) {
      const f = stalledFinding(d, latest(d.lastActivityAt, d.lastStageAt));
      if (!f) continue;
      stalled.push(f);
      if (counts) counts.stalled.set(d.ownerId, (counts.stalled.get(d.ownerId) ?? 0) + 1);
    }
    const overdueTasks: Finding[] = tasks.map((a) => ({
      kind: 'task_overdue',
      ownerId: a.ownerId,
      ownerName: ownerName(a.ownerId),
      recordType: 'activity',
      recordId: a.id,
      name: a.subject,
      accountId: a.accountId,
      accountName: a.accountName,
      dueAt: new Date(a.dueAt).toISOString(),
      days: daysBetween(localDate(new Date(a.dueAt)), today),
      activityType: a.type,
      relatedType: a.relatedType,
      relatedId: a.relatedId,
    }));
    const forgotten: Finding[] = accounts.map((a) => {
      const level = a.level as keyof ForgottenDaysByLevel | null;
      return {
        kind: 'customer_forgotten',
        ownerId: a.ownerId,
        ownerName: ownerName(a.ownerId),
        recordType: 'account',
        recordId: a.id,
        name: a.name,
        accountId: a.id,
        accountName: a.name,
        level: a.level,
        days: daysBetween(localDate(new Date(a.lastDoneAt ?? a.createdAt)), today),
        thresholdDays: (level && settings.forgottenDaysByLevel[level]) || settings.forgottenDays,
        lastTouchAt: a.lastDoneAt ? new Date(a.lastDoneAt).toISOString() : null,
      };
    });
    const byDays = (a: Finding, b: Finding) => (b.days ?? 0) - (a.days ?? 0) || a.name.localeCompare(b.name);
    noNextStep.sort((a, b) => (a.reason === b.reason ? byDays(a, b) : a.reason === 'overdue' ? -1 : 1));
    stalled.sort(byDays);
    forgotten.sort(byDays);
    const top = <T>(list: T[]) => (limit === undefined ? list : list.slice(0, limit));
    return {
      findings: {
        noNextStep: top(noNextStep),
        stalled: top(stalled),
        overdueTasks: top(overdueTasks),
        forgotten: top(forgotten),
      },
      counts,
    };
  }

  private async roles(orgId: string): Promise<Map<string, Role>> {
    return new Map((await this.repo.people(orgId)).map((p) => [p.id, p.role as Role]));
  }
}

/**
 * Forgotten after N days: the last touch's China date is N or more days before today, i.e. the
 * touch is before the start of day today − N + 1.
 */
function forgottenCutoff(today: string, days: number): string {
  return dayStart(addDays(today, -days + 1));
}

/**
 * The first `limit` rows (by last touch) and every other row touched on the China-time day of the
 * last of them: the board's lists sort by whole days, then by name, so the rows of that boundary
 * day all compete for the last places (the caller sorts and cuts).
 */
async function withBoundaryDay<T extends { id: string }>(
  read: (range?: TouchRange) => Promise<T[]>,
  touchOf: (row: T) => string,
  limit: number | undefined,
): Promise<T[]> {
  const first = await read();
  if (limit === undefined || first.length < limit || !first.length) return first;
  const day = localDate(new Date(touchOf(first.at(-1)!)));
  const sameDay = await read({ from: dayStart(day), to: dayStart(addDays(day, 1)) });
  const seen = new Set(first.map((r) => r.id));
  return [...first, ...sameDay.filter((r) => !seen.has(r.id))];
}

function latest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

export function toSettings(row: SettingsRow | undefined): SupervisionSettings {
  const byLevel: ForgottenDaysByLevel = {};
  for (const level of ACCOUNT_LEVELS) byLevel[level] = row?.[LEVEL_COLUMN[level]] ?? null;
  return {
    defaultStallDays: row?.defaultStallDays ?? DEFAULT_SETTINGS.defaultStallDays,
    forgottenDays: row?.forgottenDays ?? DEFAULT_SETTINGS.forgottenDays,
    forgottenDaysByLevel: byLevel,
    notifyOwners: row ? row.notifyOwners === 1 : true,
    notifyManagers: row ? row.notifyManagers === 1 : true,
    updatedAt: row?.updatedAt ? new Date(row.updatedAt).toISOString() : null,
  };
}

/** An owner's notice of one finding; the week in the key makes it at most once a week per record. */
function ownerNotice(f: Finding, week: string): NotifyInput {
  const common = {
    userId: f.ownerId,
    kind: f.kind,
    refType: f.recordType,
    refId: f.recordId,
    dedupeKey: `${f.kind}:${f.recordId}:${week}`,
  };
  switch (f.kind) {
    case 'deal_no_next_step':
      return {
        ...common,
        params: { dealName: f.name, accountName: f.accountName ?? null },
        link: `/opportunities/${f.recordId}`,
      };
    case 'deal_stalled':
      return {
        ...common,
        params: {
          dealName: f.name,
          stageName: f.stageName ?? null,
          days: f.days ?? null,
          accountName: f.accountName ?? null,
        },
        link: `/opportunities/${f.recordId}`,
      };
    case 'task_overdue':
      return {
        ...common,
        params: { subject: f.name, dueAt: f.dueAt ?? null, days: f.days ?? null, ownerName: null },
        link:
          f.relatedType && f.relatedId && RECORD_PATH[f.relatedType]
            ? `/${RECORD_PATH[f.relatedType]}/${f.relatedId}`
            : f.accountId
              ? `/accounts/${f.accountId}`
              : '/activities',
      };
    case 'customer_forgotten':
      return {
        ...common,
        params: { accountName: f.name, days: f.days ?? null },
        link: `/accounts/${f.recordId}`,
      };
  }
}
