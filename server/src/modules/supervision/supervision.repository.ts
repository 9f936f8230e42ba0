import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database, SupervisionSettingsTable } from '../../db/schema.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

export type SettingsRow = Omit<
  SupervisionSettingsTable,
  'defaultStallDays' | 'forgottenDays' | 'notifyOwners' | 'notifyManagers'
> & { defaultStallDays: number; forgottenDays: number; notifyOwners: number; notifyManagers: number };

export interface OpenDealRow {
  id: string;
  name: string;
  ownerId: string;
  accountId: string;
  accountName: string;
  stageName: string;
  stallDays: number | null;
  amount: number;
  currency: string;
  nextStep: string | null;
  nextStepDate: string | null;
  createdAt: string;
  /** opportunities.last_touch_at: creation, activities done, stages entered (any time). */
  lastTouchAt: string | null;
}

/** An open deal whose last touch is after `now` (or unknown), with its touches up to `now`. */
export interface PendingTouchRow extends OpenDealRow {
  lastActivityAt: string | null;
  lastStageAt: string | null;
}

/**
 * When open deals count as stalled: their last touch is before the cutoff of their stage (stages
 * with their own stall days, grouped by cutoff) or, for every other stage, before `fallback`.
 */
export interface StallCutoffs {
  byStage: { stageIds: string[]; cutoff: string }[];
  fallback: string;
}

export interface OwnerDealCounts {
  ownerId: string;
  openDeals: number;
  pipelineAmount: number;
  noNextStep: number;
  stalled: number;
}

export interface OverdueTaskRow {
  id: string;
  subject: string;
  type: string;
  dueAt: string;
  ownerId: string;
  accountId: string | null;
  accountName: string | null;
  relatedType: string | null;
  relatedId: string | null;
}

export interface ForgottenRow {
  id: string;
  name: string;
  level: string | null;
  ownerId: string;
  createdAt: string;
  lastDoneAt: string | null;
}

/** Last touched in [from, to): the board's boundary day, whose rows tie on days. */
export interface TouchRange {
  from: string;
  to: string;
}

export interface ForgottenCutoffs {
  fallback: string;
  byLevel: Record<string, string>;
}

/**
 * The supervision queries: each kind of finding is one statement over the owners in scope (no
 * query per record), its counts per owner one GROUP BY, and the board reads only the first rows.
 * Stalled deals come from opportunities.last_touch_at (kept by the opportunities module).
 */
export class SupervisionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  settings(orgId: string): Promise<SettingsRow | undefined> {
    return this.db
      .selectFrom('supervisionSettings')
      .selectAll()
      .where('orgId', '=', orgId)
      .executeTakeFirst() as Promise<SettingsRow | undefined>;
  }

  async saveSettings(row: SettingsRow): Promise<void> {
    const { orgId: _orgId, ...values } = row;
    await this.db
      .insertInto('supervisionSettings')
      .values(row)
      .onConflict((oc) => oc.column('orgId').doUpdateSet(values))
      .execute();
  }

  /** The stages with their own stall days (the others use the organisation's default). */
  stallStages(orgId: string) {
    return this.db
      .selectFrom('pipelineStages')
      .select(['id', 'stallDays'])
      .where('orgId', '=', orgId)
      .where('stallDays', 'is not', null)
      .execute() as Promise<{ id: string; stallDays: number }[]>;
  }

  /**
   * Open deals whose next step is missing (no text or no date) or overdue (its date before
   * `today`): overdue ones first, the longest overdue first, then by name.
   */
  async noNextStepDeals(
    orgId: string,
    owners: OwnerFilter,
    today: string,
    limit?: number,
  ): Promise<OpenDealRow[]> {
    const overdue = this.openDeals(orgId, owners)
      .where(sql<SqlBool>`not ${missingNextStep}`)
      .where('o.nextStepDate', '<', today)
      .orderBy('o.nextStepDate')
      .orderBy('o.name')
      .orderBy('o.id');
    const missing = this.openDeals(orgId, owners).where(missingNextStep).orderBy('o.name').orderBy('o.id');
    if (limit === undefined)
      return [...(await overdue.execute()), ...(await missing.execute())] as OpenDealRow[];
    // the board's first rows: two ordered reads that stop early, not a sort of every problem deal
    const first = (await overdue.limit(limit).execute()) as OpenDealRow[];
    if (first.length >= limit) return first;
    return [...first, ...((await missing.limit(limit - first.length).execute()) as OpenDealRow[])];
  }

  /**
   * Open deals last touched before their stage's cutoff (opportunities.last_touch_at, one range of
   * the (org_id, status, last_touch_at) index), least recently touched first; optionally only
   * those touched in a range.
   */
  stalledDeals(
    orgId: string,
    owners: OwnerFilter,
    cutoffs: StallCutoffs,
    limit?: number,
    touched?: TouchRange,
  ): Promise<OpenDealRow[]> {
    let qb = this.openDeals(orgId, owners)
      .where('o.lastTouchAt', '<', maxCutoff(cutoffs))
      .where(stalled(cutoffs))
      .orderBy('o.lastTouchAt')
      .orderBy('o.id');
    if (touched) qb = qb.where('o.lastTouchAt', '>=', touched.from).where('o.lastTouchAt', '<', touched.to);
    if (limit !== undefined) qb = qb.limit(limit);
    return qb.execute() as Promise<OpenDealRow[]>;
  }

  /**
   * Open deals touched after `now` (a clock behind the data, an activity dated ahead) or with no
   * last touch recorded: rare, so their touches up to `now` are looked up one by one, the way
   * they were before last_touch_at.
   */
  pendingTouchDeals(orgId: string, owners: OwnerFilter, now: string): Promise<PendingTouchRow[]> {
    return this.openDeals(orgId, owners)
      .where((eb) => eb.or([eb('o.lastTouchAt', '>', now), eb('o.lastTouchAt', 'is', null)]))
      .select((eb) => [
        eb
          .selectFrom('activities as act')
          .select((e) => e.fn.max('act.doneAt').as('m'))
          .whereRef('act.orgId', '=', 'o.orgId')
          .where('act.relatedType', '=', 'opportunity')
          .whereRef('act.relatedId', '=', 'o.id')
          .where('act.doneAt', 'is not', null)
          .where('act.doneAt', '<=', now)
          .as('lastActivityAt'),
        eb
          .selectFrom('opportunityStageHistory as h')
          .select((e) => e.fn.max('h.enteredAt').as('m'))
          .whereRef('h.opportunityId', '=', 'o.id')
          .where('h.enteredAt', '<=', now)
          .as('lastStageAt'),
      ])
      .orderBy('o.id')
      .execute() as Promise<PendingTouchRow[]>;
  }

  /**
   * Per owner: open deals, their amount, and how many miss a next step or are stalled (by
   * last_touch_at; the pending-touch deals are the caller's to add) — one GROUP BY.
   */
  async ownerDealCounts(
    orgId: string,
    owners: OwnerFilter,
    today: string,
    cutoffs: StallCutoffs,
  ): Promise<OwnerDealCounts[]> {
    let qb = this.db
      .selectFrom('opportunities as o')
      .select((eb) => [
        'o.ownerId',
        eb.fn.countAll<number>().as('openDeals'),
        eb.fn.coalesce(eb.fn.sum<number>('o.amount'), sql<number>`0`).as('pipelineAmount'),
        sql<number>`sum(case when ${nextStepProblem(today)} then 1 else 0 end)`.as('noNextStep'),
        sql<number>`sum(case when ${stalled(cutoffs)} then 1 else 0 end)`.as('stalled'),
      ])
      .where('o.orgId', '=', orgId)
      .where('o.status', '=', 'open');
    if (owners) qb = qb.where(ownerIn('o.ownerId', owners));
    const rows = await qb.groupBy('o.ownerId').execute();
    return rows.map((r) => ({
      ownerId: r.ownerId,
      openDeals: Number(r.openDeals),
      pipelineAmount: Number(r.pipelineAmount),
      noNextStep: Number(r.noNextStep),
      stalled: Number(r.stalled),
    }));
  }

  /** The owners' open deals with what a finding shows. */
  private openDeals(orgId: string, owners: OwnerFilter) {
    let qb = this.db
      .selectFrom('opportunities as o')
      .innerJoin('accounts as a', 'a.id', 'o.accountId')
      .innerJoin('pipelineStages as s', 's.id', 'o.stageId')
      .select([
        'o.id',
        'o.name',
        'o.ownerId',
        'o.accountId',
        'a.name as accountName',
        's.name as stageName',
        's.stallDays',
        'o.amount',
        'o.currency',
        'o.nextStep',
        'o.nextStepDate',
        'o.createdAt',
        'o.lastTouchAt',
      ])
      .where('o.orgId', '=', orgId)
      .where('o.status', '=', 'open');
    if (owners) qb = qb.where(ownerIn('o.ownerId', owners));
    return qb;
  }

  /** Activities not done whose due time is before `now`, oldest first. */
  overdueTasks(orgId: string, owners: OwnerFilter, now: string, limit?: number): Promise<OverdueTaskRow[]> {
    let qb = this.overdue(orgId, owners, now)
      .leftJoin('accounts as a', 'a.id', 'act.accountId')
      .select([
        'act.id',
        'act.subject',
        'act.type',
        'act.dueAt',
        'act.ownerId',
        'act.accountId',
        'a.name as accountName',
        'act.relatedType',
        'act.relatedId',
      ])
      .orderBy('act.dueAt')
      .orderBy('act.id');
    if (limit !== undefined) qb = qb.limit(limit);
    return qb.execute() as Promise<OverdueTaskRow[]>;
  }

  /** How many overdue tasks each owner has. */
  overdueCounts(orgId: string, owners: OwnerFilter, now: string) {
    return this.counts(
      this.overdue(orgId, owners, now)
        .select((eb) => ['act.ownerId', eb.fn.countAll<number>().as('n')])
        .groupBy('act.ownerId'),
    );
  }

  private overdue(orgId: string, owners: OwnerFilter, now: string) {
    let qb = this.db
      .selectFrom('activities as act')
      .where('act.orgId', '=', orgId)
      .where('act.doneAt', 'is', null)
      .where('act.dueAt', 'is not', null)
      .where('act.dueAt', '<', now);
    if (owners) qb = qb.where(ownerIn('act.ownerId', owners));
    return qb;
  }

  /**
   * Owned accounts (not in a pool) whose last done activity, or creation when there is none, is
   * before the cutoff of their level (`byLevel`, else `fallback`): instants computed by the service.
   * Longest untouched first.
   */
  forgotten(
    orgId: string,
    owners: OwnerFilter,
    now: string,
    cutoffs: ForgottenCutoffs,
    limit?: number,
    touched?: TouchRange,
  ) {
    let qb = this.forgottenAccounts(orgId, owners, now, cutoffs)
      .select(['a.id', 'a.name', 'a.level', 'a.ownerId', 'a.createdAt'])
      .select(lastDone(now).as('lastDoneAt'))
      .orderBy(sql`coalesce(${lastDone(now)}, a.created_at)`)
      .orderBy('a.name')
      .orderBy('a.id');
    if (touched) {
      const touch = sql`coalesce(${lastDone(now)}, a.created_at)`;
      qb = qb.where(sql<SqlBool>`${touch} >= ${touched.from} and ${touch} < ${touched.to}`);
    }
    if (limit !== undefined) qb = qb.limit(limit);
    return qb.execute() as Promise<ForgottenRow[]>;
  }

  /** How many forgotten customers each owner has. */
  forgottenCounts(orgId: string, owners: OwnerFilter, now: string, cutoffs: ForgottenCutoffs) {
    return this.counts(
      this.forgottenAccounts(orgId, owners, now, cutoffs)
        .select((eb) => ['a.ownerId', eb.fn.countAll<number>().as('n')])
        .groupBy('a.ownerId'),
    );
  }

  private forgottenAccounts(orgId: string, owners: OwnerFilter, now: string, cutoffs: ForgottenCutoffs) {
    const touch = sql`coalesce(${lastDone(now)}, a.created_at)`;
    const levels = Object.keys(cutoffs.byLevel);
    let qb = this.db
      .selectFrom('accounts as a')
      .where('a.orgId', '=', orgId)
      .where('a.ownerId', 'is not', null)
      .where((eb) => {
        const branches: Expression<SqlBool>[] = levels.map((level) =>
          eb.and([eb('a.level', '=', level), sql<SqlBool>`${touch} < ${cutoffs.byLevel[level]}`]),
        );
        const others = levels.length
          ? eb.or([eb('a.level', 'is', null), eb('a.level', 'not in', levels)])
          : sql<SqlBool>`1 = 1`;
        branches.push(eb.and([others, sql<SqlBool>`${touch} < ${cutoffs.fallback}`]));
        return eb.or(branches);
      });
    if (owners) qb = qb.where(ownerIn('a.ownerId', owners));
    return qb;
  }

  private async counts(qb: {
    execute(): Promise<{ ownerId: string | null; n: number | string }[]>;
  }): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const r of await qb.execute()) if (r.ownerId) out.set(r.ownerId, Number(r.n));
    return out;
  }

  /** Organisations (for the daily job). */
  async organisations(): Promise<string[]> {
    return (await this.db.selectFrom('organizations').select('id').orderBy('id').execute()).map((r) => r.id);
  }

  /** Active people of an organisation with their roles (who gets a digest). */
  people(orgId: string) {
    return this.db
      .selectFrom('users')
      .select(['id', 'role', 'teamId', 'managerId', 'name', 'active'])
      .where('orgId', '=', orgId)
      .execute();
  }
}

/** No next step text (blank counts as none) or no date. */
const missingNextStep = sql<SqlBool>`(o.next_step is null or trim(o.next_step) = '' or o.next_step_date is null)`;

/** What nextStepProblem() calls a problem, as SQL over `o`: missing, or a date before today. */
function nextStepProblem(today: string) {
  return sql<SqlBool>`(${missingNextStep} or o.next_step_date < ${today})`;
}

/** The latest cutoff: every stalled deal was last touched before it. */
function maxCutoff(cutoffs: StallCutoffs): string {
  return [cutoffs.fallback, ...cutoffs.byStage.map((g) => g.cutoff)].sort().at(-1)!;
}

/** The stalled condition over `o` (last_touch_at before its stage's cutoff). */
function stalled(cutoffs: StallCutoffs) {
  const own = cutoffs.byStage.flatMap((g) => g.stageIds);
  const branches = cutoffs.byStage.map(
    (g) => sql<SqlBool>`(o.stage_id in (${sql.join(g.stageIds)}) and o.last_touch_at < ${g.cutoff})`,
  );
  branches.push(
    own.length
      ? sql<SqlBool>`(o.stage_id not in (${sql.join(own)}) and o.last_touch_at < ${cutoffs.fallback})`
      : sql<SqlBool>`o.last_touch_at < ${cutoffs.fallback}`,
  );
  return sql<SqlBool>`(${sql.join(branches, sql` or `)})`;
}

/** An account's last done activity up to `now`. */
function lastDone(now: string) {
  return sql<
    string | null
  >`(select max(act.done_at) from activities act where act.org_id = a.org_id and act.account_id = a.id and act.done_at is not null and act.done_at <= ${now})`;
}
