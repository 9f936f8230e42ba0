import type { Kysely } from 'kysely';
import {
  CHANNELS,
  type PlanChannelsPut,
  type PlanChannelsReport,
  type PlanDiff,
  type PlanVersion,
  type SalesPlan,
  type SalesPlanCreate,
  type SalesPlanListQuery,
  type SalesPlanUpdate,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { conflict, invalidField, notFound, stale } from '../../http/errors.js';
import { checkDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { requiredText } from '../../lib/records.js';
import { authorize, nameOf, type Actor, type DirectoryCache, type OrgDirectory } from '../access/index.js';
import type { ResultsService } from '../results/index.js';
import { diffPlans, type PlanSnapshot, type SnapshotRecord } from './plan-diff.js';
import { periodEnd, periodLabel } from './periods.js';
import { PlansRepository, type ChannelRow, type PlanRow } from './plans.repository.js';
import type { TerritoriesService } from './territories.service.js';

/**
 * What the targets module tells plans (wired in app.ts, so plans do not depend on it): the
 * targets serving a plan, for its versions, and the company revenue target the channels' shares
 * apply to.
 */
export interface PlanTargetsSource {
  /** The plan's targets as flat records with an `id` (and a readable `label`). */
  ofPlan(orgId: string, planId: string): Promise<SnapshotRecord[]>;
  /** The company revenue target serving the plan, fen (the largest yearly one); null if none. */
  companyRevenue(orgId: string, planId: string): Promise<number | null>;
}

type PlanAction = 'read' | 'create' | 'update' | 'delete';

/**
 * Sales plans: one active plan per fiscal year; the channels with the share of the revenue target
 * each must carry and the revenue each brings; versions ("save as version N") and their diff.
 */
export class PlansService {
  readonly repo: PlansRepository;
  private targets: PlanTargetsSource | null = null;

  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly results: Pick<ResultsService, 'measure'>,
    private readonly territories: TerritoriesService,
  ) {
    this.repo = new PlansRepository(db, dialect);
  }

  useTargets(source: PlanTargetsSource): void {
    this.targets = source;
  }

  /** The plan if the actor may do `action` on plans; 404 when it is not the organisation's. */
  async planOf(actor: Actor, id: string, action: PlanAction): Promise<PlanRow> {
    authorize(actor, 'sales_plan', action);
    const row = await this.repo.getPlan(actor.orgId, id);
    if (!row) throw notFound('Sales plan');
    return row;
  }

  async list(actor: Actor, query: SalesPlanListQuery): Promise<{ items: SalesPlan[] }> {
    authorize(actor, 'sales_plan', 'read');
    const [rows, dir] = await Promise.all([
      this.repo.listPlans(actor.orgId, query),
      this.directory.get(actor.orgId),
    ]);
    const channels = await this.repo.channelsOf(
      actor.orgId,
      rows.map((r) => r.id),
    );
    const items = await Promise.all(
      rows.map((r) =>
        this.toPlan(
          r,
          dir,
          channels.filter((c) => c.planId === r.id),
        ),
      ),
    );
    return { items };
  }

  async get(actor: Actor, id: string): Promise<SalesPlan> {
    const row = await this.planOf(actor, id, 'read');
    const [dir, channels] = await Promise.all([
      this.directory.get(actor.orgId),
      this.repo.channelsOf(actor.orgId, [id]),
    ]);
    return this.toPlan(row, dir, channels);
  }

  async create(actor: Actor, input: SalesPlanCreate): Promise<SalesPlan> {
    authorize(actor, 'sales_plan', 'create');
    const dir = await this.directory.get(actor.orgId);
    const ownerId = input.ownerId ?? actor.userId;
    checkOwner(dir, ownerId);
    const startDate = checkDate(input.startDate ?? `${input.fiscalYear}-01-01`, 'startDate')!;
    const endDate = checkDate(input.endDate ?? `${input.fiscalYear}-12-31`, 'endDate')!;
    if (endDate < startDate) throw invalidField('endDate', 'must not be before startDate');
    const status = input.status ?? 'draft';
    if (status === 'active') await this.assertOnlyActive(actor.orgId, input.fiscalYear, null);
    const at = new Date().toISOString();
    const row: PlanRow = {
      id: newId(),
      orgId: actor.orgId,
      name: requiredText(input.name),
      fiscalYear: input.fiscalYear,
      startDate,
      endDate,
      status,
      currency: input.currency ?? 'CNY',
      description: input.description ?? null,
      ownerId,
      revenueTarget: input.revenueTarget ?? null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.repo.insertPlan(row);
    return this.get(actor, row.id);
  }

  async update(actor: Actor, id: string, input: SalesPlanUpdate): Promise<SalesPlan> {
    const row = await this.planOf(actor, id, 'update');
    const patch: Record<string, unknown> = {};
    if (input.name !== undefined) patch.name = requiredText(input.name);
    if (input.fiscalYear !== undefined) patch.fiscalYear = input.fiscalYear;
    if (input.startDate !== undefined) patch.startDate = checkDate(input.startDate, 'startDate');
    if (input.endDate !== undefined) patch.endDate = checkDate(input.endDate, 'endDate');
    if (input.status !== undefined) patch.status = input.status;
    if (input.currency !== undefined) patch.currency = input.currency;
    if (input.description !== undefined) patch.description = input.description;
    if (input.revenueTarget !== undefined) patch.revenueTarget = input.revenueTarget;
    if (input.ownerId !== undefined) {
      checkOwner(await this.directory.get(actor.orgId), input.ownerId);
      patch.ownerId = input.ownerId;
    }
    const after = { ...row, ...patch } as PlanRow;
    if (after.endDate < after.startDate) throw invalidField('endDate', 'must not be before startDate');
    if (after.status === 'active') await this.assertOnlyActive(actor.orgId, after.fiscalYear, id);
    patch.updatedAt = new Date().toISOString();
    if (!(await this.repo.updatePlan(actor.orgId, id, input.version, patch))) throw stale('Sales plan');
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const row = await this.planOf(actor, id, 'delete');
    if (row.status === 'active') throw conflict('The plan is active; archive it before deleting it');
    const targets = (await this.targets?.ofPlan(actor.orgId, id)) ?? [];
    if (targets.length)
      throw conflict(`${targets.length} targets serve this plan; move or delete them first`);
    await this.repo.deletePlan(actor.orgId, id);
  }

  // ---- channels ----

  /**
   * The channels' planned shares of the revenue target against the revenue each brought in the
   * plan's period (won deals, by the deal's channel; no channel = direct). Every channel with a
   * share or with revenue is listed. Revenue is the organisation's, as the plan is.
   */
  async channels(actor: Actor, planId: string): Promise<PlanChannelsReport> {
    const plan = await this.planOf(actor, planId, 'read');
    const [rows, target, measured] = await Promise.all([
      this.repo.channelsOf(actor.orgId, [planId]),
      this.targetRevenue(plan),
      this.results.measure(
        actor.orgId,
        'revenue',
        { from: plan.startDate, to: plan.endDate },
        { groupBy: 'channel' },
      ),
    ]);
    const actualOf = new Map(measured.map((m) => [m.key ?? 'direct', m.value]));
    const totalActual = measured.reduce((s, m) => s + m.value, 0);
    const planned = new Map(rows.map((r) => [r.channel, r]));
    const channels = CHANNELS.filter((c) => planned.has(c) || (actualOf.get(c) ?? 0) > 0).map((channel) => {
      const r = planned.get(channel);
      const shareBp = r?.shareBp ?? 0;
      const actual = actualOf.get(channel) ?? 0;
      const goal = target.value === null ? null : Math.round((target.value * shareBp) / 10_000);
      return {
        channel,
        shareBp,
        notes: r?.notes ?? null,
        target: goal,
        actual,
        actualShareBp: totalActual ? Math.round((actual * 10_000) / totalActual) : 0,
        attainmentBp: goal ? Math.round((actual * 10_000) / goal) : null,
      };
    });
    channels.sort((a, b) => b.shareBp - a.shareBp || b.actual - a.actual);
    return {
      planId,
      from: plan.startDate,
      to: plan.endDate,
      targetRevenue: target.value,
      targetSource: target.source,
      totalShareBp: rows.reduce((s, r) => s + r.shareBp, 0),
      totalActual,
      channels,
    };
  }

  /** Replaces the plan's channels; the shares may not add up to more than 100 %. */
  async putChannels(actor: Actor, planId: string, input: PlanChannelsPut): Promise<PlanChannelsReport> {
    await this.planOf(actor, planId, 'update');
    const seen = new Set<string>();
    input.channels.forEach((c, i) => {
      if (seen.has(c.channel)) throw invalidField(`channels/${i}/channel`, `${c.channel} is listed twice`);
      seen.add(c.channel);
    });
    const total = input.channels.reduce((s, c) => s + c.shareBp, 0);
    if (total > 10_000)
      throw invalidField(
        'channels',
        `the channels' shares add up to ${(total / 100).toFixed(2)} %, more than 100 %`,
      );
    const at = new Date().toISOString();
    const rows: ChannelRow[] = input.channels.map((c) => ({
      id: newId(),
      orgId: actor.orgId,
      planId,
      channel: c.channel,
      shareBp: c.shareBp,
      notes: c.notes ?? null,
      createdAt: at,
      updatedAt: at,
    }));
    await this.repo.replaceChannels(actor.orgId, planId, rows);
    return this.channels(actor, planId);
  }

  // ---- versions ----

  async versions(actor: Actor, planId: string): Promise<{ items: PlanVersion[] }> {
    await this.planOf(actor, planId, 'read');
    const [rows, dir] = await Promise.all([
      this.repo.versionsOf(actor.orgId, planId),
      this.directory.get(actor.orgId),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        planId: r.planId,
        number: r.number,
        note: r.note,
        createdBy: r.createdBy,
        createdByName: nameOf(dir, r.createdBy),
        createdAt: r.createdAt,
      })),
    };
  }

  /** "Save as version N": the plan as it is now, N = the last version's number + 1. */
  async saveVersion(actor: Actor, planId: string, note: string | null): Promise<PlanVersion> {
    await this.planOf(actor, planId, 'update');
    const snapshot = await this.snapshot(actor.orgId, planId);
    const number = (await this.repo.lastVersionNumber(actor.orgId, planId)) + 1;
    const row = {
      id: newId(),
      orgId: actor.orgId,
      planId,
      number,
      snapshot: JSON.stringify(snapshot),
      note: note?.trim() || null,
      createdBy: actor.userId,
      createdAt: new Date().toISOString(),
    };
    // two saves at once: the unique (plan, number) index refuses the second with 409
    await this.repo.insertVersion(row);
    const dir = await this.directory.get(actor.orgId);
    return {
      id: row.id,
      planId,
      number,
      note: row.note,
      createdBy: row.createdBy,
      createdByName: nameOf(dir, row.createdBy),
      createdAt: row.createdAt,
    };
  }

  /** What changed from a to b (version numbers, or `current` for the plan as it is now). */
  async compare(actor: Actor, planId: string, a: string, b: string): Promise<PlanDiff> {
    await this.planOf(actor, planId, 'read');
    const load = async (ref: string, field: string): Promise<PlanSnapshot> => {
      if (ref === 'current') return this.snapshot(actor.orgId, planId);
      const v = await this.repo.getVersion(actor.orgId, planId, Number(ref));
      if (!v) throw invalidField(field, `the plan has no version ${ref}`);
      return JSON.parse(v.snapshot) as PlanSnapshot;
    };
    const [sa, sb] = await Promise.all([load(a, 'a'), load(b, 'b')]);
    return diffPlans(a, sa, b, sb);
  }

  /**
   * The plan as data: its fields (owner by name), channels, budget lines (territory by name, as
   * it was called then) and, when the targets module serves plans, its targets.
   */
  async snapshot(orgId: string, planId: string): Promise<PlanSnapshot> {
    const plan = await this.repo.getPlan(orgId, planId);
    if (!plan) throw notFound('Sales plan');
    const [dir, channels, lines, names, targets] = await Promise.all([
      this.directory.get(orgId),
      this.repo.channelsOf(orgId, [planId]),
      this.repo.linesOf(orgId, planId),
      this.territories.names(orgId),
      this.targets?.ofPlan(orgId, planId),
    ]);
    const snapshot: PlanSnapshot = {
      plan: {
        name: plan.name,
        fiscalYear: plan.fiscalYear,
        startDate: plan.startDate,
        endDate: plan.endDate,
        status: plan.status,
        currency: plan.currency,
        description: plan.description,
        owner: nameOf(dir, plan.ownerId),
        revenueTarget: plan.revenueTarget === null ? null : Number(plan.revenueTarget),
      },
      channels: channels
        .map((c) => ({ channel: c.channel, label: c.channel, shareBp: c.shareBp, notes: c.notes }))
        .sort((x, y) => x.channel.localeCompare(y.channel)),
      budgetLines: lines.map((l) => {
        const territory = l.territoryId ? (names.get(l.territoryId) ?? null) : null;
        return {
          id: l.id,
          label: [
            periodLabel(l.periodType, l.periodStart),
            l.category,
            territory ?? '—',
            l.channel ?? '—',
          ].join(' · '),
          periodType: l.periodType,
          periodStart: l.periodStart,
          periodEnd: periodEnd(l.periodType, l.periodStart),
          territory,
          channel: l.channel,
          category: l.category,
          planned: Number(l.planned),
          description: l.description,
        };
      }),
    };
    if (targets) snapshot.targets = targets;
    return snapshot;
  }

  /** The revenue target the channels' shares apply to: the targets module's, else the plan's own. */
  async targetRevenue(plan: PlanRow): Promise<{ value: number | null; source: 'target' | 'plan' | null }> {
    const fromTargets = (await this.targets?.companyRevenue(plan.orgId, plan.id)) ?? null;
    if (fromTargets !== null) return { value: fromTargets, source: 'target' };
    if (plan.revenueTarget !== null) return { value: Number(plan.revenueTarget), source: 'plan' };
    return { value: null, source: null };
  }

  private async assertOnlyActive(orgId: string, fiscalYear: number, selfId: string | null) {
    const other = await this.repo.activePlanOf(orgId, fiscalYear, selfId);
    if (other)
      throw conflict(`${other.name} is already the active plan for ${fiscalYear}; archive it first`, [
        { path: 'status', message: `another plan is active for ${fiscalYear}` },
      ]);
  }

  private async toPlan(r: PlanRow, dir: OrgDirectory, channels: ChannelRow[]): Promise<SalesPlan> {
    const target = await this.targetRevenue(r);
    return {
      id: r.id,
      name: r.name,
      fiscalYear: r.fiscalYear,
      startDate: r.startDate,
      endDate: r.endDate,
      status: r.status as SalesPlan['status'],
      currency: r.currency,
      description: r.description,
      ownerId: r.ownerId,
      ownerName: nameOf(dir, r.ownerId) ?? '',
      revenueTarget: r.revenueTarget === null ? null : Number(r.revenueTarget),
      targetRevenue: target.value,
      targetSource: target.source,
      channelShareBp: channels.reduce((s, c) => s + c.shareBp, 0),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      version: r.version,
    };
  }
}

function checkOwner(dir: OrgDirectory, ownerId: string) {
  const u = dir.users.get(ownerId);
  if (!u || !u.active) throw invalidField('ownerId', 'no such active user in your organisation');
}
