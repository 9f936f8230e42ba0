import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, TargetsTable } from '../../db/schema.js';
import { updateIfVersion } from '../../lib/records.js';

export type TargetRow = Selectable<TargetsTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** The only place that knows the targets table (and what it reads around it). */
export class TargetsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async find(orgId: string, id: string, db: Db = this.db): Promise<TargetRow | undefined> {
    return db
      .selectFrom('targets')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Every target of the organisation whose period overlaps [from, to] (all when no range). */
  async list(orgId: string, range?: { from: string; to: string }): Promise<TargetRow[]> {
    let q = this.db.selectFrom('targets').selectAll().where('orgId', '=', orgId);
    if (range) q = q.where('startDate', '<=', range.to).where('endDate', '>=', range.from);
    return q.orderBy('startDate').orderBy('createdAt').orderBy('id').execute();
  }

  /** An owner's targets whose period contains `on` (served by targets_org_owner_start). */
  async forOwner(orgId: string, ownerType: string, ownerId: string | null, on: string): Promise<TargetRow[]> {
    let q = this.db
      .selectFrom('targets')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('ownerType', '=', ownerType)
      // a draft is not yet anyone's target: boards, agendas and reports show active ones
      .where('status', '=', 'active')
      .where('startDate', '<=', on)
      .where('endDate', '>=', on);
    q = ownerId === null ? q.where('ownerId', 'is', null) : q.where('ownerId', '=', ownerId);
    return q.orderBy('startDate').orderBy('id').execute();
  }

  async ofPlan(orgId: string, planId: string): Promise<TargetRow[]> {
    return this.db
      .selectFrom('targets')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('planId', '=', planId)
      .orderBy('startDate')
      .orderBy('id')
      .execute();
  }

  async children(orgId: string, parentId: string, db: Db = this.db): Promise<TargetRow[]> {
    return db
      .selectFrom('targets')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('parentId', '=', parentId)
      .orderBy('startDate')
      .orderBy('id')
      .execute();
  }

  async childCounts(orgId: string, ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = await this.db
      .selectFrom('targets')
      .select(['parentId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('orgId', '=', orgId)
      .where('parentId', 'in', ids)
      .groupBy('parentId')
      .execute();
    return new Map(rows.map((r) => [r.parentId!, Number(r.n)]));
  }

  /** A target of the same owner, metric, market and period type whose dates overlap. */
  async overlapping(
    orgId: string,
    t: {
      ownerType: string;
      ownerId: string | null;
      metric: string;
      marketId: string | null;
      periodType: string;
      startDate: string;
      endDate: string;
    },
    exceptIds: string[],
    db: Db = this.db,
  ): Promise<TargetRow | undefined> {
    let q = db
      .selectFrom('targets')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('ownerType', '=', t.ownerType)
      .where('metric', '=', t.metric)
      .where('periodType', '=', t.periodType)
      .where('startDate', '<=', t.endDate)
      .where('endDate', '>=', t.startDate);
    q = t.ownerId === null ? q.where('ownerId', 'is', null) : q.where('ownerId', '=', t.ownerId);
    q = t.marketId === null ? q.where('marketId', 'is', null) : q.where('marketId', '=', t.marketId);
    if (exceptIds.length) q = q.where('id', 'not in', exceptIds);
    return q.executeTakeFirst();
  }

  async insert(row: Omit<TargetRow, 'version'> & { version?: number }, db: Db = this.db): Promise<void> {
    await db.insertInto('targets').values(row).execute();
  }

  /** Compare-and-set on the version; false when it changed meanwhile. */
  async update(
    orgId: string,
    id: string,
    version: number,
    patch: Partial<TargetRow>,
    db: Db = this.db,
  ): Promise<boolean> {
    return updateIfVersion(db, 'targets', { orgId, id, version }, patch);
  }

  async remove(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('targets').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  async orgInfo(orgId: string): Promise<{ name: string; currency: string } | undefined> {
    return this.db
      .selectFrom('organizations')
      .select(['name', 'currency'])
      .where('id', '=', orgId)
      .executeTakeFirst();
  }

  async plan(orgId: string, id: string) {
    return this.db
      .selectFrom('salesPlans')
      .select(['id', 'name', 'fiscalYear', 'startDate', 'endDate', 'currency'])
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async planNames(orgId: string, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.db
      .selectFrom('salesPlans')
      .select(['id', 'name'])
      .where('orgId', '=', orgId)
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async market(orgId: string, id: string) {
    return this.db
      .selectFrom('markets')
      .select(['id', 'name', 'region', 'industry', 'size', 'sizeYear', 'growthBp'])
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async territories(orgId: string) {
    return this.db
      .selectFrom('territories')
      .select(['id', 'name', 'teamId'])
      .where('orgId', '=', orgId)
      .execute();
  }

  async products(orgId: string, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.db
      .selectFrom('products')
      .select(['id', 'name'])
      .where('orgId', '=', orgId)
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Active sales reps whose team is one of `teamIds` (the people a team target cascades to). */
  async repsIn(orgId: string, teamIds: string[]) {
    if (!teamIds.length) return [];
    return this.db
      .selectFrom('users')
      .select(['id', 'name', 'teamId'])
      .where('orgId', '=', orgId)
      .where('active', '=', 1)
      .where('role', '=', 'sales_rep')
      .where('teamId', 'in', teamIds)
      .orderBy('name')
      .execute();
  }

  /**
   * Weighted open pipeline (amount × the stage's probability) closing in [from, to], per owner.
   * Optionally narrowed to owners, a territory (the account's) or a channel (NULL = direct).
   */
  async weightedPipeline(
    orgId: string,
    range: { from: string; to: string },
    filter: { ownerIds?: string[]; territoryId?: string; channel?: string } = {},
  ): Promise<Map<string, number>> {
    let q = this.db
      .selectFrom('opportunities as o')
      .innerJoin('pipelineStages as s', 's.id', 'o.stageId')
      .select(['o.ownerId', sql<string>`sum(o.amount * s.probability)`.as('w')])
      .where('o.orgId', '=', orgId)
      .where('o.status', '=', 'open')
      .where('o.expectedCloseDate', '>=', range.from)
      .where('o.expectedCloseDate', '<=', range.to)
      .groupBy('o.ownerId');
    if (filter.ownerIds) {
      if (!filter.ownerIds.length) return new Map();
      q = q.where('o.ownerId', 'in', filter.ownerIds);
    }
    if (filter.territoryId)
      q = q.where('o.accountId', 'in', (eb) =>
        eb
          .selectFrom('accounts')
          .select('accounts.id')
          .where('accounts.orgId', '=', orgId)
          .where('accounts.territoryId', '=', filter.territoryId!),
      );
    if (filter.channel)
      q =
        filter.channel === 'direct'
          ? q.where((eb) => eb.or([eb('o.channel', 'is', null), eb('o.channel', '=', 'direct')]))
          : q.where('o.channel', '=', filter.channel);
    const rows = await q.execute();
    return new Map(rows.map((r) => [r.ownerId, Math.round(Number(r.w) / 100)]));
  }
}
