import type { Kysely } from 'kysely';
import {
  CHANNELS,
  DEFAULT_CHALLENGE_BP,
  DEFAULT_STRETCH_BP,
  MONEY_METRICS,
  grantFor,
  type Action,
  type CascadeChild,
  type CascadePreview,
  type CascadeRequest,
  type CascadeResult,
  type RankingRow,
  type Scope,
  type Target,
  type TargetAttainment,
  type TargetCheck,
  type TargetCreate,
  type TargetDetail,
  type TargetLevel,
  type TargetList,
  type TargetListQuery,
  type TargetMetric,
  type TargetOwnerType,
  type TargetPeriodType,
  type TargetSaved,
  type TargetUpdate,
  type TargetWarning,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, forbidden, invalidField, notFound, stale } from '../../http/errors.js';
import { checkDate, localDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { guard, teamSubtree, type Actor, type DirectoryCache, type OrgDirectory } from '../access/index.js';
import type { ResultDimension, ResultFilter, ResultMetric } from '../results/index.js';
import {
  addMonths,
  elapsedBp,
  periodProblem,
  splitLargestRemainder,
  subPeriods,
  yearEarlier,
} from './split.js';
import { TargetsRepository, type TargetRow } from './targets.repository.js';

type Clock = () => Date;
type Range = { from: string; to: string };

/** What targets need from the results module (ResultsService fits). */
export interface ResultsPort {
  measure(
    orgId: string,
    metric: ResultMetric,
    range: Range,
    opts?: { groupBy?: ResultDimension; filter?: ResultFilter },
  ): Promise<Array<{ key: string | null; value: number }>>;
}
/** What targets read from the plans and markets parts, when they are wired (app.ts). */
export interface PlanningPorts {
  /** Territory potentials for a year, fen (TerritoriesService.potentials). */
  potentials?(
    orgId: string,
    year: number,
  ): Promise<Array<{ territoryId: string; teamId: string | null; potential: number }>>;
  /** A market's size in fen for a year (history per year), null when unknown. */
  marketSize?(orgId: string, marketId: string, year: number): Promise<number | null>;
  /** The results filter that makes "our revenue in this market" (its region and industry). */
  marketFilter?(orgId: string, marketId: string): Promise<ResultFilter | null>;
}

/** What other modules read: an owner's current targets with live attainment. */
export interface CurrentTarget {
  targetId: string;
  name: string;
  metric: TargetMetric;
  periodType: TargetPeriodType;
  startDate: string;
  endDate: string;
  value: number;
  actual: number;
  attainmentBp: number;
  expectedBp: number;
  level: TargetLevel;
  currency: string;
}

const METRIC_ZH: Record<TargetMetric, string> = {
  revenue: '销售额',
  contract_amount: '合同额',
  payments: '回款',
  units: '销量',
  new_customers: '新客户',
  market_share: '市场份额',
  activities: '活动量',
};

/** Who may see and change which targets: the role's grant on 'target', resolved once per call. */
interface Viewer {
  actor: Actor;
  dir: OrgDirectory;
  scope: Scope;
  /** Teams whose targets are in reach (the subtree for a manager, the own team for a rep). */
  teams: Set<string>;
  /** Users whose targets are in reach; null = everyone. */
  users: Set<string> | null;
  canWrite: boolean;
  /** territory id -> covering team */
  territoryTeam: Map<string, string | null>;
}

const bp = (part: number, whole: number) => (whole > 0 ? Math.round((part * 10_000) / whole) : 0);

export function levelOf(actual: number, t: Pick<TargetRow, 'value' | 'stretchValue' | 'challengeValue'>) {
  if (actual >= Number(t.challengeValue)) return 'challenge' as const;
  if (actual >= Number(t.stretchValue)) return 'stretch' as const;
  if (actual >= Number(t.value)) return 'target' as const;
  return 'none' as const;
}

function periodLabel(periodType: string, start: string): string {
  const y = start.slice(0, 4);
  if (periodType === 'year') return `${y}`;
  if (periodType === 'quarter') return `${y} Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;
  return start.slice(0, 7);
}

/**
 * SMART targets: validation (specific, measurable, achievable warnings, relevant, time-bound),
 * the cascade company -> teams -> reps and year -> quarters -> months split to the fen, and
 * attainment measured live from the results with pace against time elapsed.
 */
export class TargetsService {
  /** The clock every date rule reads; tests move it. */
  clock: Clock = () => new Date();
  private readonly repo: TargetsRepository;
  private ports: PlanningPorts = {};

  constructor(
    db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly results: ResultsPort,
  ) {
    this.repo = new TargetsRepository(db);
  }

  /** Wires the plans part's territory potentials and the markets part's sizes (app.ts). */
  usePlanning(ports: PlanningPorts): void {
    this.ports = { ...this.ports, ...ports };
  }

  private today(): string {
    return localDate(this.clock());
  }

  // ---- access ---------------------------------------------------------------------------------

  private async viewer(actor: Actor, action: Action): Promise<Viewer> {
    const g = await guard(this.directory, actor, 'target', action);
    const scope = grantFor(actor.role, 'target')!.scope;
    const teams = new Set<string>();
    if (scope === 'team_subtree' && actor.teamId)
      for (const t of teamSubtree(g.dir, actor.teamId)) teams.add(t);
    else if (actor.teamId) teams.add(actor.teamId);
    const canWrite = grantFor(actor.role, 'target')!.actions.includes('update');
    const territories = await this.repo.territories(actor.orgId);
    return {
      actor,
      dir: g.dir,
      scope,
      teams,
      users: g.owners === null ? null : new Set(g.owners),
      canWrite,
      territoryTeam: new Map(territories.map((t) => [t.id, t.teamId])),
    };
  }

  /** Whether the target's owner is within the viewer's reach (without the ancestors rule). */
  private inReach(v: Viewer, t: Pick<TargetRow, 'ownerType' | 'ownerId'>): boolean {
    if (v.scope === 'all') return true;
    if (!t.ownerId) return false;
    if (t.ownerType === 'rep') return v.users?.has(t.ownerId) ?? true;
    if (t.ownerType === 'team') return v.teams.has(t.ownerId);
    if (t.ownerType === 'territory') {
      const team = v.territoryTeam.get(t.ownerId);
      return !!team && v.teams.has(team);
    }
    return false;
  }

  private canEdit(v: Viewer, t: Pick<TargetRow, 'ownerType' | 'ownerId'>): boolean {
    return v.canWrite && this.inReach(v, t);
  }

  /**
   * The visible ones among `rows`: those in reach, and for a manager also the targets they
   * cascade from (his team's target's parent, e.g. the company's), read-only.
   */
  private visible(v: Viewer, rows: TargetRow[]): TargetRow[] {
    if (v.scope === 'all') return rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ids = new Set(rows.filter((r) => this.inReach(v, r)).map((r) => r.id));
    if (v.scope === 'team_subtree' || v.scope === 'team') {
      for (const id of [...ids]) {
        let p = byId.get(id)?.parentId;
        while (p && !ids.has(p)) {
          ids.add(p);
          p = byId.get(p)?.parentId;
        }
      }
    }
    return rows.filter((r) => ids.has(r.id));
  }

  /** One target the actor may see (404 otherwise: another tenant's or out of scope). */
  private async visibleOne(v: Viewer, id: string): Promise<TargetRow> {
    const row = await this.repo.find(v.actor.orgId, id);
    if (!row) throw notFound('Target');
    if (this.inReach(v, row)) return row;
    if (v.scope === 'team_subtree' || v.scope === 'team') {
      // an ancestor of a target in reach
      const all = await this.repo.list(v.actor.orgId);
      if (this.visible(v, all).some((r) => r.id === row.id)) return row;
    }
    throw notFound('Target');
  }

  // ---- names ----------------------------------------------------------------------------------

  private async ownerNames(orgId: string, dir: OrgDirectory, rows: TargetRow[]) {
    const org = await this.repo.orgInfo(orgId);
    const territories = new Map((await this.repo.territories(orgId)).map((t) => [t.id, t.name]));
    const products = await this.repo.products(
      orgId,
      rows.filter((r) => r.ownerType === 'product' && r.ownerId).map((r) => r.ownerId!),
    );
    return (t: Pick<TargetRow, 'ownerType' | 'ownerId'>): string => {
      const id = t.ownerId ?? '';
      switch (t.ownerType) {
        case 'company':
          return org?.name ?? '';
        case 'team':
          return dir.teams.get(id)?.name ?? id;
        case 'rep':
          return dir.users.get(id)?.name ?? id;
        case 'territory':
          return territories.get(id) ?? id;
        case 'product':
          return products.get(id) ?? id;
        default:
          return id;
      }
    };
  }

  // ---- attainment -----------------------------------------------------------------------------

  private filterFor(
    dir: OrgDirectory,
    t: Pick<TargetRow, 'ownerType' | 'ownerId'>,
  ): ResultFilter | undefined {
    const id = t.ownerId;
    if (!id) return undefined;
    switch (t.ownerType) {
      case 'team':
        return { teamIds: [...teamSubtree(dir, id)] };
      case 'rep':
        return { ownerIds: [id] };
      case 'territory':
        return { territoryIds: [id] };
      case 'product':
        return { productIds: [id] };
      case 'channel':
        return { channels: [id] };
      default:
        return undefined;
    }
  }

  private async marketSize(orgId: string, marketId: string, year: number): Promise<number> {
    const fromPart = this.ports.marketSize ? await this.ports.marketSize(orgId, marketId, year) : null;
    if (fromPart !== null && fromPart !== undefined) return fromPart;
    const m = await this.repo.market(orgId, marketId);
    if (!m) return 0;
    // the size for its year, grown (or shrunk) by the yearly growth to the year asked
    return Math.round(Number(m.size) * (1 + m.growthBp / 10_000) ** (year - m.sizeYear));
  }

  /** The metric's result for the target's owner over a range (market share in bp). */
  /**
   * What a target counts: the results metric and filter, and how a sum becomes the target's unit
   * (market share: revenue in the market over its size for the year, in basis points). Null: the
   * target's market is gone.
   */
  private async basis(
    orgId: string,
    dir: OrgDirectory,
    t: TargetRow | TargetDraft,
  ): Promise<{ metric: ResultMetric; filter?: ResultFilter; unit: (sum: number) => number } | null> {
    const filter = this.filterFor(dir, t);
    if (t.metric !== 'market_share') return { metric: t.metric as ResultMetric, filter, unit: (n) => n };
    const m = t.marketId ? await this.repo.market(orgId, t.marketId) : undefined;
    if (!m) return null;
    const size = await this.marketSize(orgId, m.id, Number(t.startDate.slice(0, 4)));
    const inMarket = (this.ports.marketFilter ? await this.ports.marketFilter(orgId, m.id) : null) ?? {
      ...(m.region ? { regions: [m.region] } : {}),
      ...(m.industry ? { industries: [m.industry] } : {}),
    };
    return { metric: 'revenue', filter: { ...filter, ...inMarket }, unit: (n) => bp(n, size) };
  }

  private async actual(
    orgId: string,
    dir: OrgDirectory,
    t: TargetRow | TargetDraft,
    range: Range,
  ): Promise<number> {
    const basis = await this.basis(orgId, dir, t);
    if (!basis) return 0;
    const [row] = await this.results.measure(orgId, basis.metric, range, { filter: basis.filter });
    return basis.unit(row?.value ?? 0);
  }

  private async attainment(
    orgId: string,
    dir: OrgDirectory,
    t: TargetRow,
    today: string,
  ): Promise<TargetAttainment> {
    const actual =
      today < t.startDate
        ? 0
        : await this.actual(orgId, dir, t, { from: t.startDate, to: today < t.endDate ? today : t.endDate });
    const value = Number(t.value);
    const attainmentBp = bp(actual, value);
    const expectedBp = elapsedBp(t.startDate, t.endDate, today);
    return {
      actual,
      attainmentBp,
      expectedBp,
      paceBp: expectedBp > 0 ? bp(attainmentBp, expectedBp) : null,
      projected:
        expectedBp > 0
          ? t.metric === 'market_share'
            ? actual
            : Math.round((actual * 10_000) / expectedBp)
          : null,
      level: levelOf(actual, t),
    };
  }

  private async toTargets(v: Viewer, rows: TargetRow[], today = this.today()): Promise<Target[]> {
    const orgId = v.actor.orgId;
    const name = await this.ownerNames(orgId, v.dir, rows);
    const plans = await this.repo.planNames(orgId, [
      ...new Set(rows.map((r) => r.planId).filter((x) => !!x)),
    ] as string[]);
    const counts = await this.repo.childCounts(
      orgId,
      rows.map((r) => r.id),
    );
    return Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        planId: r.planId,
        planName: r.planId ? (plans.get(r.planId) ?? null) : null,
        parentId: r.parentId,
        name: r.name,
        metric: r.metric as TargetMetric,
        value: Number(r.value),
        stretchValue: Number(r.stretchValue),
        challengeValue: Number(r.challengeValue),
        periodType: r.periodType as TargetPeriodType,
        startDate: r.startDate,
        endDate: r.endDate,
        ownerType: r.ownerType as TargetOwnerType,
        ownerId: r.ownerId,
        ownerName: name(r),
        marketId: r.marketId,
        splitMethod: (r.splitMethod as Target['splitMethod']) ?? null,
        currency: r.currency,
        description: r.description,
        status: r.status as Target['status'],
        childCount: counts.get(r.id) ?? 0,
        canEdit: this.canEdit(v, r),
        attainment: await this.attainment(orgId, v.dir, r, today),
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        version: r.version,
      })),
    );
  }

  // ---- reads ----------------------------------------------------------------------------------

  async list(actor: Actor, q: TargetListQuery): Promise<TargetList> {
    const v = await this.viewer(actor, 'read');
    const on = q.on ? checkDate(q.on, 'on')! : this.today();
    // visibility over every target, so a manager also reads the chain his targets cascade from
    // (e.g. the company's year target above this quarter's)
    const all =
      v.scope === 'all'
        ? await this.repo.list(actor.orgId, { from: on, to: on })
        : await this.repo.list(actor.orgId);
    const rows = this.visible(v, all).filter(
      (r) =>
        r.startDate <= on &&
        r.endDate >= on &&
        (!q.periodType || r.periodType === q.periodType) &&
        (!q.metric || r.metric === q.metric) &&
        (!q.ownerType || r.ownerType === q.ownerType) &&
        (!q.ownerId || r.ownerId === q.ownerId) &&
        (!q.planId || r.planId === q.planId),
    );
    return { items: await this.toTargets(v, rows) };
  }

  async get(actor: Actor, id: string): Promise<TargetDetail> {
    const v = await this.viewer(actor, 'read');
    const row = await this.visibleOne(v, id);
    const today = this.today();
    const [target] = await this.toTargets(v, [row], today);
    // ancestors the viewer may see
    const ancestors: TargetDetail['ancestors'] = [];
    const name = await this.ownerNames(actor.orgId, v.dir, []);
    let p = row.parentId;
    while (p) {
      const a = await this.repo.find(actor.orgId, p);
      if (!a) break;
      // a manager reads the chain his targets cascade from; a rep only what is his or his team's
      if (v.scope !== 'own' || this.inReach(v, a))
        ancestors.unshift({ id: a.id, name: a.name, ownerName: name(a) });
      p = a.parentId;
    }
    const children = this.visible(v, await this.repo.children(actor.orgId, row.id));
    const kids = await this.toTargets(v, children, today);
    const ranking: RankingRow[] = kids
      .sort((a, b) => b.attainment.attainmentBp - a.attainment.attainmentBp || a.name.localeCompare(b.name))
      .map((k, i) => ({
        rank: i + 1,
        targetId: k.id,
        ownerName: k.periodType === row.periodType ? k.ownerName : periodLabel(k.periodType, k.startDate),
        name: k.name,
        value: k.value,
        actual: k.attainment.actual,
        attainmentBp: k.attainment.attainmentBp,
        paceBp: k.attainment.paceBp,
        level: k.attainment.level,
      }));
    return { target: target!, ancestors, pace: await this.pace(v.dir, row, today), ranking };
  }

  /**
   * Actual (cumulative) against a steady pace over the period: month ends for a year, week ends
   * for a quarter or a month; the actual stops at today.
   */
  private async pace(dir: OrgDirectory, t: TargetRow, today: string): Promise<TargetDetail['pace']> {
    const points: string[] = [];
    if (t.periodType === 'year') {
      for (let s = t.startDate; s <= t.endDate; s = addMonths(s, 1)) {
        const next = addMonths(s, 1);
        const end = new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        points.push(end < t.endDate ? end : t.endDate);
      }
    } else {
      let d = t.startDate;
      for (;;) {
        d = new Date(Date.parse(`${d}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
        if (d >= t.endDate) break;
        points.push(d);
        d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      }
      points.push(t.endDate);
    }
    if (today >= t.startDate && today < t.endDate && !points.includes(today)) {
      points.push(today);
      points.sort();
    }
    const value = Number(t.value);
    // one query by day up to the last point reached, added up point by point
    const basis = await this.basis(t.orgId, dir, t);
    const reached = points.filter((d) => d <= today).at(-1);
    const days =
      basis && reached
        ? await this.results.measure(
            t.orgId,
            basis.metric,
            { from: t.startDate, to: reached },
            { groupBy: 'day', filter: basis.filter },
          )
        : [];
    days.sort((a, b) => String(a.key).localeCompare(String(b.key)));
    let next = 0;
    let sum = 0;
    return points.map((date) => {
      while (next < days.length && String(days[next]!.key) <= date) sum += days[next++]!.value;
      return {
        date,
        actual: date > today ? null : basis ? basis.unit(sum) : 0,
        expected: Math.round((value * elapsedBp(t.startDate, t.endDate, date)) / 10_000),
      };
    });
  }

  /**
   * The targets whose period contains `on` for one owner, with attainment as of `on` (meetings,
   * 督导看板, 日报/周报 read them). No scope check: the caller decides who may see them.
   */
  async currentFor(
    orgId: string,
    owner: { type: 'company' | 'team' | 'rep'; id: string | null },
    on: Date,
  ): Promise<CurrentTarget[]> {
    const day = localDate(on);
    const rows = await this.repo.forOwner(orgId, owner.type, owner.type === 'company' ? null : owner.id, day);
    const dir = await this.directory.get(orgId);
    return Promise.all(
      rows.map(async (r) => {
        const a = await this.attainment(orgId, dir, r, day);
        return {
          targetId: r.id,
          name: r.name,
          metric: r.metric as TargetMetric,
          periodType: r.periodType as TargetPeriodType,
          startDate: r.startDate,
          endDate: r.endDate,
          value: Number(r.value),
          actual: a.actual,
          attainmentBp: a.attainmentBp,
          expectedBp: a.expectedBp,
          level: a.level,
          currency: r.currency,
        };
      }),
    );
  }

  /** A plan's targets as flat records, for the plan's versions and their diff (PlansService). */
  async ofPlan(orgId: string, planId: string): Promise<Array<Record<string, string | number | null>>> {
    const rows = await this.repo.ofPlan(orgId, planId);
    const dir = await this.directory.get(orgId);
    const name = await this.ownerNames(orgId, dir, rows);
    return rows.map((r) => ({
      id: r.id,
      label: r.name,
      name: r.name,
      metric: r.metric,
      owner: `${r.ownerType}:${name(r)}`,
      periodType: r.periodType,
      startDate: r.startDate,
      endDate: r.endDate,
      value: Number(r.value),
      stretchValue: Number(r.stretchValue),
      challengeValue: Number(r.challengeValue),
      parentId: r.parentId,
      status: r.status,
    }));
  }

  /** The company revenue target serving the plan (the largest yearly one), fen; null if none. */
  async companyRevenue(orgId: string, planId: string): Promise<number | null> {
    const rows = (await this.repo.ofPlan(orgId, planId)).filter(
      (r) => r.ownerType === 'company' && r.metric === 'revenue' && r.periodType === 'year',
    );
    return rows.length ? Math.max(...rows.map((r) => Number(r.value))) : null;
  }

  // ---- SMART ----------------------------------------------------------------------------------

  /** Validates the SMART parts and names the first missing one (400), resolving defaults. */
  private async smart(v: Viewer, input: TargetCreate): Promise<TargetDraft> {
    const orgId = v.actor.orgId;
    const fail = (path: string, part: string, message: string) =>
      new AppError(400, 'validation_failed', `Not ${part}: ${message}`, [
        { path, message: `${part}: ${message}` },
      ]);
    // Specific: what is measured, and whose target it is
    if (!input.metric) throw fail('metric', 'specific', 'choose the metric (revenue, 回款, units…)');
    if (!input.ownerType)
      throw fail('ownerType', 'specific', 'choose whose target it is (company, team, rep…)');
    const ownerType = input.ownerType;
    let ownerId = input.ownerId ?? null;
    if (ownerType === 'company') {
      if (ownerId) throw fail('ownerId', 'specific', 'a company target has no owner id');
    } else {
      if (!ownerId) throw fail('ownerId', 'specific', `choose the ${ownerType}`);
      const ok =
        ownerType === 'team'
          ? v.dir.teams.has(ownerId)
          : ownerType === 'rep'
            ? !!v.dir.users.get(ownerId)?.active
            : ownerType === 'territory'
              ? v.territoryTeam.has(ownerId)
              : ownerType === 'product'
                ? (await this.repo.products(orgId, [ownerId])).has(ownerId)
                : (CHANNELS as readonly string[]).includes(ownerId);
      if (!ok) throw fail('ownerId', 'specific', `no ${ownerType} ${ownerId} in your organisation`);
    }
    if (ownerType === 'product' && !['revenue', 'contract_amount', 'units'].includes(input.metric))
      throw fail('metric', 'specific', `${input.metric} cannot be measured per product`);
    // Measurable: a positive number in the metric's unit
    const unit = MONEY_METRICS.includes(input.metric)
      ? 'an amount in fen'
      : input.metric === 'market_share'
        ? 'a share in basis points (1–10000)'
        : 'a count';
    if (input.value === undefined || input.value === null || input.value <= 0)
      throw fail('value', 'measurable', `give a positive number (${unit})`);
    if (input.metric === 'market_share' && input.value > 10_000)
      throw fail('value', 'measurable', 'a market share is at most 10000 bp (100 %)');
    // Time-bound: a period with its dates
    if (!input.periodType)
      throw fail('periodType', 'time-bound', 'choose the period (year, quarter or month)');
    if (!input.startDate) throw fail('startDate', 'time-bound', 'give the start date of the period');
    if (!input.endDate) throw fail('endDate', 'time-bound', 'give the end date of the period');
    checkDate(input.startDate, 'startDate');
    checkDate(input.endDate, 'endDate');
    // Relevant: the plan it serves (and the market a share is of)
    let plan: Awaited<ReturnType<TargetsRepository['plan']>> | undefined;
    if (input.planId) {
      plan = await this.repo.plan(orgId, input.planId);
      if (!plan) throw fail('planId', 'relevant', 'no such sales plan in your organisation');
    }
    const problem = periodProblem(input.periodType, input.startDate, input.endDate, plan);
    if (problem) throw fail(input.periodType === 'year' ? 'startDate' : 'endDate', 'time-bound', problem);
    if (plan && (input.startDate < plan.startDate || input.endDate > plan.endDate))
      throw fail(
        'planId',
        'relevant',
        `the period lies outside the plan (${plan.startDate} – ${plan.endDate})`,
      );
    let marketId = input.marketId ?? null;
    if (input.metric === 'market_share') {
      if (!marketId) throw fail('marketId', 'relevant', 'a market share target names its market');
      if (!(await this.repo.market(orgId, marketId))) throw fail('marketId', 'relevant', 'no such market');
    } else if (marketId) {
      throw invalidField('marketId', 'only a market share target names a market');
    }
    const value = input.value;
    const stretchValue = input.stretchValue ?? Math.round((value * DEFAULT_STRETCH_BP) / 10_000);
    const challengeValue = input.challengeValue ?? Math.round((value * DEFAULT_CHALLENGE_BP) / 10_000);
    if (stretchValue < value)
      throw invalidField('stretchValue', 'the stretch level (冲刺) is at least the target');
    if (challengeValue < stretchValue)
      throw invalidField('challengeValue', 'the challenge level (挑战) is at least the stretch level');
    if (ownerType !== 'company' && ownerType !== 'channel' && ownerType !== 'product') ownerId = ownerId!;
    marketId = marketId ?? null;
    return {
      orgId,
      metric: input.metric,
      value,
      stretchValue,
      challengeValue,
      periodType: input.periodType,
      startDate: input.startDate,
      endDate: input.endDate,
      ownerType,
      ownerId,
      marketId,
      planId: plan?.id ?? null,
      name: input.name?.trim() || '',
    };
  }

  /** Warnings against history and pipeline (never refusals), with the numbers used. */
  private async checkDraft(dir: OrgDirectory, t: TargetDraft): Promise<TargetCheck> {
    const orgId = t.orgId;
    const today = this.today();
    const lastYear = await this.actual(orgId, dir, t, {
      from: yearEarlier(t.startDate),
      to: yearEarlier(t.endDate),
    });
    const market = t.marketId ? await this.repo.market(orgId, t.marketId) : undefined;
    const growthBp = market?.growthBp ?? 0;
    const soFar =
      today < t.startDate
        ? 0
        : await this.actual(orgId, dir, t, { from: t.startDate, to: today < t.endDate ? today : t.endDate });
    let pipeline = 0;
    if (t.metric === 'revenue' || t.metric === 'contract_amount' || t.metric === 'payments') {
      const filter =
        t.ownerType === 'rep'
          ? { ownerIds: [t.ownerId!] }
          : t.ownerType === 'team'
            ? {
                ownerIds: [...dir.users.values()]
                  .filter((u) => u.teamId && teamSubtree(dir, t.ownerId!).has(u.teamId))
                  .map((u) => u.id),
              }
            : t.ownerType === 'territory'
              ? { territoryId: t.ownerId! }
              : t.ownerType === 'channel'
                ? { channel: t.ownerId! }
                : {};
      if (t.ownerType !== 'product') {
        const from = today > t.startDate ? today : t.startDate;
        if (from <= t.endDate) {
          const byOwner = await this.repo.weightedPipeline(orgId, { from, to: t.endDate }, filter);
          pipeline = [...byOwner.values()].reduce((a, b) => a + b, 0);
        }
      }
    }
    const grown = Math.round((lastYear * (10_000 + growthBp)) / 10_000);
    const achievable = Math.max(grown, pipeline + soFar);
    const warnings: TargetWarning[] = [];
    if (achievable > 0 && t.value > 1.5 * achievable)
      warnings.push({
        code: 'far_above_achievable',
        message: `The target is more than 1.5 × what history and pipeline make achievable (${achievable})`,
      });
    if (lastYear > 0 && t.value < 0.5 * lastYear)
      warnings.push({
        code: 'trivially_low',
        message: `The target is below half of last year's result for the same period (${lastYear})`,
      });
    return { warnings, lastYear, growthBp, pipeline, soFar, achievable };
  }

  async check(actor: Actor, input: TargetCreate): Promise<TargetCheck> {
    const v = await this.viewer(actor, 'read');
    const draft = await this.smart(v, input);
    return this.checkDraft(v.dir, draft);
  }

  private async assertNoOverlap(
    draft: TargetDraft,
    exceptIds: string[],
    db?: Parameters<TargetsRepository['overlapping']>[3],
  ) {
    const other = await this.repo.overlapping(draft.orgId, draft, exceptIds, db);
    if (other)
      throw conflict(
        `Overlaps the target "${other.name}" (${other.startDate} – ${other.endDate}) of the same owner, metric and period type`,
        [{ path: 'startDate', message: `overlaps "${other.name}" (${other.startDate} – ${other.endDate})` }],
      );
  }

  async create(actor: Actor, input: TargetCreate): Promise<TargetSaved> {
    const v = await this.viewer(actor, 'create');
    const draft = await this.smart(v, input);
    if (!this.canEdit(v, draft)) throw forbidden('You may not set targets for this owner');
    await this.assertNoOverlap(draft, []);
    const check = await this.checkDraft(v.dir, draft);
    const org = await this.repo.orgInfo(actor.orgId);
    const ownerName = (await this.ownerNames(actor.orgId, v.dir, []))(draft);
    const at = this.clock().toISOString();
    const id = newId();
    await this.repo.insert({
      id,
      orgId: actor.orgId,
      planId: draft.planId,
      parentId: null,
      name:
        draft.name ||
        `${periodLabel(draft.periodType, draft.startDate)} ${ownerName} ${METRIC_ZH[draft.metric]}目标`,
      metric: draft.metric,
      value: draft.value,
      stretchValue: draft.stretchValue,
      challengeValue: draft.challengeValue,
      periodType: draft.periodType,
      startDate: draft.startDate,
      endDate: draft.endDate,
      ownerType: draft.ownerType,
      ownerId: draft.ownerId,
      marketId: draft.marketId,
      splitMethod: null,
      currency: input.currency ?? org?.currency ?? 'CNY',
      description: input.description ?? null,
      status: input.status ?? 'active',
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    });
    const [target] = await this.toTargets(v, [(await this.repo.find(actor.orgId, id))!]);
    return { target: target!, check };
  }

  async update(actor: Actor, id: string, input: TargetUpdate): Promise<Target> {
    const v = await this.viewer(actor, 'update');
    const row = await this.visibleOne(v, id);
    if (!this.canEdit(v, row)) throw forbidden('You may not change this target');
    const value = input.value ?? Number(row.value);
    if (value <= 0) throw invalidField('value', 'measurable: give a positive number');
    const ratio = value / Number(row.value);
    const stretchValue =
      input.stretchValue ??
      (input.value !== undefined ? Math.round(Number(row.stretchValue) * ratio) : Number(row.stretchValue));
    const challengeValue =
      input.challengeValue ??
      (input.value !== undefined
        ? Math.round(Number(row.challengeValue) * ratio)
        : Number(row.challengeValue));
    if (stretchValue < value)
      throw invalidField('stretchValue', 'the stretch level (冲刺) is at least the target');
    if (challengeValue < stretchValue)
      throw invalidField('challengeValue', 'the challenge level (挑战) is at least the stretch level');
    if (input.planId) {
      const plan = await this.repo.plan(actor.orgId, input.planId);
      if (!plan) throw invalidField('planId', 'relevant: no such sales plan in your organisation');
    }
    if (input.value !== undefined) await this.assertSums(row, value);
    const patch: Partial<TargetRow> = {
      value,
      stretchValue,
      challengeValue,
      updatedAt: this.clock().toISOString(),
    };
    if (input.name !== undefined) patch.name = input.name;
    if (input.description !== undefined) patch.description = input.description;
    if (input.status !== undefined) patch.status = input.status;
    if (input.planId !== undefined) patch.planId = input.planId;
    if (!(await this.repo.update(actor.orgId, id, input.version, patch))) throw stale('Target');
    const [target] = await this.toTargets(v, [(await this.repo.find(actor.orgId, id))!]);
    return target!;
  }

  /** A child never makes its siblings exceed the parent, and a parent never drops below its children. */
  private async assertSums(row: TargetRow, value: number) {
    if (row.parentId) {
      const parent = await this.repo.find(row.orgId, row.parentId);
      if (parent) {
        const siblings = (await this.repo.children(row.orgId, parent.id)).filter(
          (c) => c.id !== row.id && c.ownerType === row.ownerType && c.periodType === row.periodType,
        );
        const sum = siblings.reduce((a, c) => a + Number(c.value), value);
        if (sum > Number(parent.value))
          throw invalidField(
            'value',
            `with this value the split of "${parent.name}" sums to ${sum}, ${sum - Number(parent.value)} more than the parent (${parent.value})`,
          );
      }
    }
    const kids = await this.repo.children(row.orgId, row.id);
    const groups = new Map<string, number>();
    for (const k of kids)
      groups.set(
        `${k.ownerType}/${k.periodType}`,
        (groups.get(`${k.ownerType}/${k.periodType}`) ?? 0) + Number(k.value),
      );
    for (const sum of groups.values())
      if (sum > value)
        throw invalidField(
          'value',
          `its children already sum to ${sum}, ${sum - value} more than this value`,
        );
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const v = await this.viewer(actor, 'delete');
    const row = await this.visibleOne(v, id);
    if (!this.canEdit(v, row)) throw forbidden('You may not delete this target');
    await this.repo.transaction(async (trx) => {
      const drop = async (t: TargetRow): Promise<void> => {
        for (const c of await this.repo.children(actor.orgId, t.id, trx)) await drop(c);
        await trx.deleteFrom('targets').where('orgId', '=', actor.orgId).where('id', '=', t.id).execute();
      };
      await drop(row);
    });
  }

  // ---- cascade --------------------------------------------------------------------------------

  /** Children the parent may be split into for a dimension, with the filter that measures each. */
  private async candidates(v: Viewer, parent: TargetRow, dimension: CascadeRequest['dimension']) {
    type Cand = Omit<CascadeChild, 'basis' | 'weightBp' | 'value' | 'existingId'> & { key: string };
    const out: Cand[] = [];
    const base = {
      periodType: parent.periodType as TargetPeriodType,
      startDate: parent.startDate,
      endDate: parent.endDate,
    };
    if (dimension === 'team') {
      let teams: string[];
      if (parent.ownerType === 'company') {
        teams = [...v.dir.teams.values()].filter((t) => !t.parentId).map((t) => t.id);
        // one top-level team (销售部) holding the regions: split among its sub-teams
        while (teams.length === 1) {
          const subs = [...v.dir.teams.values()].filter((t) => t.parentId === teams[0]).map((t) => t.id);
          if (!subs.length) break;
          teams = subs;
        }
      } else if (parent.ownerType === 'team') {
        teams = [...v.dir.teams.values()].filter((t) => t.parentId === parent.ownerId).map((t) => t.id);
        if (!teams.length) throw invalidField('dimension', 'this team has no sub-teams; cascade to its reps');
      } else throw invalidField('dimension', 'only a company or team target cascades to teams');
      for (const id of teams)
        out.push({ key: id, ownerType: 'team', ownerId: id, ownerName: v.dir.teams.get(id)!.name, ...base });
      out.sort((a, b) => a.ownerName.localeCompare(b.ownerName, 'zh-CN'));
    } else if (dimension === 'rep') {
      if (parent.ownerType !== 'team') throw invalidField('dimension', 'only a team target cascades to reps');
      const reps = await this.repo.repsIn(v.actor.orgId, [...teamSubtree(v.dir, parent.ownerId!)]);
      if (!reps.length) throw invalidField('dimension', 'this team has no active sales reps');
      for (const r of reps)
        out.push({ key: r.id, ownerType: 'rep', ownerId: r.id, ownerName: r.name, ...base });
    } else {
      const subs = subPeriods(parent.periodType as TargetPeriodType, parent.startDate, parent.endDate);
      if (!subs.length) throw invalidField('dimension', 'a month is not split further');
      for (const s of subs)
        out.push({
          key: s.startDate,
          ownerType: parent.ownerType as TargetOwnerType,
          ownerId: parent.ownerId,
          ownerName: periodLabel(s.periodType, s.startDate),
          ...s,
        });
    }
    return out;
  }

  private async buildPreview(v: Viewer, parent: TargetRow, body: CascadeRequest): Promise<CascadePreview> {
    const orgId = v.actor.orgId;
    if (parent.metric === 'market_share')
      throw invalidField('dimension', 'a market share is not split: shares of parts do not add up');
    let cands = await this.candidates(v, parent, body.dimension);
    const keyOf = (c: { ownerId?: string; startDate?: string }, i: number) => {
      const k = body.dimension === 'period' ? c.startDate : c.ownerId;
      if (!k)
        throw invalidField(
          `children/${i}/${body.dimension === 'period' ? 'startDate' : 'ownerId'}`,
          'required',
        );
      if (!cands.some((x) => x.key === k))
        throw invalidField(
          `children/${i}/${body.dimension === 'period' ? 'startDate' : 'ownerId'}`,
          `not a ${body.dimension} this target can be split into`,
        );
      return k;
    };
    const manual = new Map<string, number>();
    if (body.method === 'manual') {
      if (!body.children?.length)
        throw invalidField('children', 'a manual split lists each child with its value');
      body.children.forEach((c, i) => {
        if (c.value === undefined)
          throw invalidField(`children/${i}/value`, 'a manual split gives each value');
        manual.set(keyOf(c, i), c.value);
      });
    } else if (body.children?.length) {
      body.children.forEach((c, i) => {
        if (c.value !== undefined)
          throw invalidField(`children/${i}/value`, `values are computed by ${body.method}`);
      });
      const keep = new Set(body.children.map((c, i) => keyOf(c, i)));
      cands = cands.filter((c) => keep.has(c.key));
    }
    const parentValue = Number(parent.value);
    const metric = parent.metric as ResultMetric;
    const lastYear = (c: (typeof cands)[number]) =>
      this.actual(
        orgId,
        v.dir,
        { ...parent, ownerType: c.ownerType, ownerId: c.ownerId },
        {
          from: yearEarlier(c.startDate),
          to: yearEarlier(c.endDate),
        },
      );
    const pipelineOf = async (c: (typeof cands)[number]) => {
      if (!MONEY_METRICS.includes(parent.metric as TargetMetric)) return 0;
      const ownerIds =
        c.ownerType === 'rep'
          ? [c.ownerId!]
          : c.ownerType === 'team'
            ? [...v.dir.users.values()]
                .filter((u) => u.teamId && teamSubtree(v.dir, c.ownerId!).has(u.teamId))
                .map((u) => u.id)
            : undefined;
      const m = await this.repo.weightedPipeline(
        orgId,
        { from: c.startDate, to: c.endDate },
        {
          ...(ownerIds ? { ownerIds } : {}),
          ...(c.ownerType === 'territory' ? { territoryId: c.ownerId! } : {}),
          ...(c.ownerType === 'channel' ? { channel: c.ownerId! } : {}),
        },
      );
      return [...m.values()].reduce((a, b) => a + b, 0);
    };

    let basis: number[] = cands.map(() => 1);
    let basisKind: string = body.method;
    let explanation = '';
    let fallback = false;
    if (body.method === 'manual') {
      basis = cands.map((c) => manual.get(c.key) ?? 0);
      explanation = 'Values entered by hand; the sum is checked against the parent.';
    } else if (body.method === 'even') {
      explanation = 'Split evenly; the remainder in fen goes to the first children.';
    } else if (body.method === 'last_year') {
      basis = await Promise.all(cands.map(lastYear));
      explanation = `Weighted by last year's ${metric} for the same period.`;
    } else if (body.dimension === 'team') {
      const year = Number(parent.startDate.slice(0, 4));
      const pots = this.ports.potentials ? await this.ports.potentials(orgId, year) : [];
      basis = cands.map((c) => {
        const sub = teamSubtree(v.dir, c.ownerId!);
        return pots.filter((p) => p.teamId && sub.has(p.teamId)).reduce((a, p) => a + p.potential, 0);
      });
      basisKind = 'potential';
      explanation =
        'Weighted by the potential of the territories each team covers (market size, share, customers).';
      if (basis.every((b) => b === 0)) {
        basis = await Promise.all(cands.map(pipelineOf));
        basisKind = 'pipeline';
        fallback = true;
        explanation =
          'No team covers a territory with potential yet: weighted by open pipeline (amount × stage probability) closing in the period instead.';
      }
    } else {
      const [p, l] = await Promise.all([
        Promise.all(cands.map(pipelineOf)),
        Promise.all(cands.map(lastYear)),
      ]);
      basis = cands.map((_, i) => p[i]! + l[i]!);
      basisKind = 'pipeline_last_year';
      explanation =
        "Potential = open pipeline closing in the period weighted by stage probability + last year's result for the same period, with equal weight.";
    }
    if (body.method !== 'manual' && basis.every((b) => b === 0)) {
      basis = cands.map(() => 1);
      fallback = true;
      basisKind = 'even';
      explanation += ' No data for any child: split evenly instead.';
    }
    let values: number[];
    if (body.method === 'manual') {
      values = basis;
      const sum = values.reduce((a, b) => a + b, 0);
      if (sum > parentValue)
        throw new AppError(
          400,
          'validation_failed',
          `The children sum to ${sum}, ${sum - parentValue} more than the parent's ${parentValue}`,
          [{ path: 'children', message: `exceeds the parent by ${sum - parentValue}` }],
        );
    } else values = splitLargestRemainder(parentValue, basis);
    const total = values.reduce((a, b) => a + b, 0);
    const weightTotal = basis.reduce((a, b) => a + b, 0);
    const existing = await this.repo.children(orgId, parent.id);
    const children: CascadeChild[] = cands.map((c, i) => ({
      ownerType: c.ownerType,
      ownerId: c.ownerId,
      ownerName: c.ownerName,
      periodType: c.periodType,
      startDate: c.startDate,
      endDate: c.endDate,
      basis: basis[i]!,
      weightBp: bp(basis[i]!, weightTotal),
      value: values[i]!,
      existingId:
        existing.find(
          (e) =>
            e.ownerType === c.ownerType &&
            e.ownerId === c.ownerId &&
            e.periodType === c.periodType &&
            e.startDate === c.startDate,
        )?.id ?? null,
    }));
    return {
      parentId: parent.id,
      parentValue,
      dimension: body.dimension,
      method: body.method,
      explanation,
      basisKind,
      fallback,
      children,
      total,
      difference: parentValue - total,
    };
  }

  private async cascadeParent(actor: Actor, id: string) {
    const v = await this.viewer(actor, 'create');
    const parent = await this.visibleOne(v, id);
    if (!this.canEdit(v, parent)) throw forbidden('You may not split this target');
    return { v, parent };
  }

  async cascadePreview(actor: Actor, id: string, body: CascadeRequest): Promise<CascadePreview> {
    const { v, parent } = await this.cascadeParent(actor, id);
    return this.buildPreview(v, parent, body);
  }

  /**
   * Saves the split: existing children of the same owner and period are updated, new ones
   * created, and children of this dimension left out of the new split are removed (with theirs).
   * A child worth 0 is not created.
   */
  async cascade(actor: Actor, id: string, body: CascadeRequest): Promise<CascadeResult> {
    const { v, parent } = await this.cascadeParent(actor, id);
    const preview = await this.buildPreview(v, parent, body);
    const at = this.clock().toISOString();
    const ratio = (x: number | string) => Number(x) / Number(parent.value);
    const ids: string[] = [];
    await this.repo.transaction(async (trx) => {
      const existing = await this.repo.children(actor.orgId, parent.id, trx);
      const sameDim = existing.filter((e) =>
        body.dimension === 'period'
          ? e.periodType !== parent.periodType
          : e.ownerType === preview.children[0]?.ownerType && e.periodType === parent.periodType,
      );
      const keep = new Set(
        preview.children.filter((c) => c.existingId && c.value > 0).map((c) => c.existingId!),
      );
      const drop = async (t: TargetRow): Promise<void> => {
        for (const c of await this.repo.children(actor.orgId, t.id, trx)) await drop(c);
        await trx.deleteFrom('targets').where('orgId', '=', actor.orgId).where('id', '=', t.id).execute();
      };
      for (const e of sameDim) if (!keep.has(e.id)) await drop(e);
      for (const c of preview.children) {
        if (c.value <= 0) continue;
        const stretchValue = Math.round(c.value * ratio(parent.stretchValue));
        const challengeValue = Math.max(stretchValue, Math.round(c.value * ratio(parent.challengeValue)));
        if (c.existingId) {
          const e = existing.find((x) => x.id === c.existingId)!;
          if (
            !(await this.repo.update(
              actor.orgId,
              e.id,
              e.version,
              { value: c.value, stretchValue, challengeValue, splitMethod: body.method, updatedAt: at },
              trx,
            ))
          )
            throw stale('Target');
          ids.push(e.id);
          continue;
        }
        const draft: TargetDraft = {
          orgId: actor.orgId,
          metric: parent.metric as TargetMetric,
          value: c.value,
          stretchValue,
          challengeValue,
          periodType: c.periodType,
          startDate: c.startDate,
          endDate: c.endDate,
          ownerType: c.ownerType,
          ownerId: c.ownerId,
          marketId: parent.marketId,
          planId: parent.planId,
          name: `${parent.name} · ${c.ownerName}`,
        };
        await this.assertNoOverlap(draft, [], trx);
        const childId = newId();
        await this.repo.insert(
          {
            id: childId,
            orgId: actor.orgId,
            planId: parent.planId,
            parentId: parent.id,
            name: draft.name,
            metric: draft.metric,
            value: c.value,
            stretchValue,
            challengeValue,
            periodType: c.periodType,
            startDate: c.startDate,
            endDate: c.endDate,
            ownerType: c.ownerType,
            ownerId: c.ownerId,
            marketId: parent.marketId,
            splitMethod: body.method,
            currency: parent.currency,
            description: null,
            status: parent.status,
            createdBy: actor.userId,
            createdAt: at,
            updatedAt: at,
          },
          trx,
        );
        ids.push(childId);
      }
    });
    const rows = (await this.repo.children(actor.orgId, parent.id)).filter((r) => ids.includes(r.id));
    return { preview, children: await this.toTargets(v, rows) };
  }
}

/** A validated target before it is stored. */
interface TargetDraft {
  orgId: string;
  metric: TargetMetric;
  value: number;
  stretchValue: number;
  challengeValue: number;
  periodType: TargetPeriodType;
  startDate: string;
  endDate: string;
  ownerType: TargetOwnerType;
  ownerId: string | null;
  marketId: string | null;
  planId: string | null;
  name: string;
}
