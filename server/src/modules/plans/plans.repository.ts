import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/dialect.js';
import type {
  BudgetLinesTable,
  BudgetSpendTable,
  Database,
  PlanChannelsTable,
  PlanVersionsTable,
  SalesPlansTable,
} from '../../db/schema.js';
import { updateIfVersion } from '../../lib/records.js';

export type PlanRow = Omit<SalesPlansTable, 'version' | 'status' | 'currency'> & {
  status: string;
  currency: string;
  version: number;
};
export type ChannelRow = Omit<PlanChannelsTable, 'shareBp'> & { shareBp: number };
export type LineRow = Omit<BudgetLinesTable, 'version' | 'planned'> & { planned: number; version: number };
export type SpendRow = Omit<BudgetSpendTable, 'source'> & { source: string };
export type VersionRow = PlanVersionsTable;

export class PlansRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  // ---- plans ----

  listPlans(orgId: string, filter: { fiscalYear?: number; status?: string }): Promise<PlanRow[]> {
    let qb = this.db.selectFrom('salesPlans').selectAll().where('orgId', '=', orgId);
    if (filter.fiscalYear) qb = qb.where('fiscalYear', '=', filter.fiscalYear);
    if (filter.status) qb = qb.where('status', '=', filter.status);
    return qb.orderBy('fiscalYear', 'desc').orderBy('name').execute() as Promise<PlanRow[]>;
  }

  getPlan(orgId: string, id: string): Promise<PlanRow | undefined> {
    return this.db
      .selectFrom('salesPlans')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst() as Promise<PlanRow | undefined>;
  }

  /** Another active plan for the fiscal year, if any. */
  activePlanOf(orgId: string, fiscalYear: number, exceptId: string | null) {
    let qb = this.db
      .selectFrom('salesPlans')
      .select(['id', 'name'])
      .where('orgId', '=', orgId)
      .where('fiscalYear', '=', fiscalYear)
      .where('status', '=', 'active');
    if (exceptId) qb = qb.where('id', '<>', exceptId);
    return qb.executeTakeFirst();
  }

  async insertPlan(row: PlanRow): Promise<void> {
    await this.db.insertInto('salesPlans').values(row).execute();
  }

  async updatePlan(
    orgId: string,
    id: string,
    version: number,
    patch: Record<string, unknown>,
  ): Promise<boolean> {
    return updateIfVersion(this.db, 'salesPlans', { orgId, id, version }, patch);
  }

  async deletePlan(orgId: string, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const lines = trx
        .selectFrom('budgetLines')
        .select('id')
        .where('orgId', '=', orgId)
        .where('planId', '=', id);
      await trx.deleteFrom('budgetSpend').where('orgId', '=', orgId).where('lineId', 'in', lines).execute();
      await trx.deleteFrom('budgetLines').where('orgId', '=', orgId).where('planId', '=', id).execute();
      await trx.deleteFrom('planChannels').where('orgId', '=', orgId).where('planId', '=', id).execute();
      await trx.deleteFrom('planVersions').where('orgId', '=', orgId).where('planId', '=', id).execute();
      await trx.deleteFrom('salesPlans').where('orgId', '=', orgId).where('id', '=', id).execute();
    });
  }

  // ---- channels ----

  channelsOf(orgId: string, planIds: string[]): Promise<ChannelRow[]> {
    if (!planIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('planChannels')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('planId', 'in', planIds)
      .orderBy('shareBp', 'desc')
      .orderBy('channel')
      .execute() as Promise<ChannelRow[]>;
  }

  async replaceChannels(orgId: string, planId: string, rows: ChannelRow[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('planChannels').where('orgId', '=', orgId).where('planId', '=', planId).execute();
      if (rows.length) await trx.insertInto('planChannels').values(rows).execute();
      await trx
        .updateTable('salesPlans')
        .set({ updatedAt: new Date().toISOString() })
        .where('orgId', '=', orgId)
        .where('id', '=', planId)
        .execute();
    });
  }

  // ---- budget lines and spend ----

  linesOf(
    orgId: string,
    planId: string,
    filter: { territoryId?: string; channel?: string; category?: string } = {},
  ): Promise<LineRow[]> {
    let qb = this.db
      .selectFrom('budgetLines')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('planId', '=', planId);
    if (filter.territoryId) qb = qb.where('territoryId', '=', filter.territoryId);
    if (filter.channel) qb = qb.where('channel', '=', filter.channel);
    if (filter.category) qb = qb.where('category', '=', filter.category);
    return qb
      .orderBy('periodStart')
      .orderBy('category')
      .orderBy('territoryId')
      .orderBy('channel')
      .orderBy('id')
      .execute() as Promise<LineRow[]>;
  }

  getLine(orgId: string, id: string): Promise<LineRow | undefined> {
    return this.db
      .selectFrom('budgetLines')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst() as Promise<LineRow | undefined>;
  }

  async insertLine(row: LineRow): Promise<void> {
    await this.db.insertInto('budgetLines').values(row).execute();
  }

  async updateLine(
    orgId: string,
    id: string,
    version: number,
    patch: Record<string, unknown>,
  ): Promise<boolean> {
    return updateIfVersion(this.db, 'budgetLines', { orgId, id, version }, patch);
  }

  async deleteLine(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('budgetLines').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  /** Σ spend per line of the plan, and per line and month (YYYY-MM). */
  async spendOf(orgId: string, planId: string) {
    const month = this.dialect.month('budgetSpend.spentOn');
    const rows = await this.db
      .selectFrom('budgetSpend')
      .innerJoin('budgetLines', (j) =>
        j
          .onRef('budgetLines.id', '=', 'budgetSpend.lineId')
          .onRef('budgetLines.orgId', '=', 'budgetSpend.orgId'),
      )
      .select((eb) => [
        'budgetSpend.lineId',
        month.as('month'),
        eb.fn.sum<string | number>('budgetSpend.amount').as('amount'),
      ])
      .where('budgetSpend.orgId', '=', orgId)
      .where('budgetLines.planId', '=', planId)
      .groupBy(['budgetSpend.lineId', month])
      .execute();
    return rows.map((r) => ({ lineId: r.lineId, month: String(r.month), amount: Number(r.amount) }));
  }

  spendList(orgId: string, lineId: string): Promise<SpendRow[]> {
    return this.db
      .selectFrom('budgetSpend')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('lineId', '=', lineId)
      .orderBy('spentOn', 'desc')
      .orderBy('id', 'desc')
      .execute() as Promise<SpendRow[]>;
  }

  countSpend(orgId: string, lineId: string): Promise<number> {
    return this.db
      .selectFrom('budgetSpend')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('orgId', '=', orgId)
      .where('lineId', '=', lineId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  getSpend(orgId: string, id: string): Promise<SpendRow | undefined> {
    return this.db
      .selectFrom('budgetSpend')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst() as Promise<SpendRow | undefined>;
  }

  /** All rows in one transaction: an import lands whole or not at all. */
  async insertSpend(rows: SpendRow[]): Promise<void> {
    if (!rows.length) return;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 200)
        await trx
          .insertInto('budgetSpend')
          .values(rows.slice(i, i + 200))
          .execute();
    });
  }

  async deleteSpend(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('budgetSpend').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  // ---- versions ----

  versionsOf(orgId: string, planId: string): Promise<VersionRow[]> {
    return this.db
      .selectFrom('planVersions')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('planId', '=', planId)
      .orderBy('number', 'desc')
      .execute();
  }

  getVersion(orgId: string, planId: string, number: number): Promise<VersionRow | undefined> {
    return this.db
      .selectFrom('planVersions')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('planId', '=', planId)
      .where('number', '=', number)
      .executeTakeFirst();
  }

  async lastVersionNumber(orgId: string, planId: string): Promise<number> {
    const r = await this.db
      .selectFrom('planVersions')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('orgId', '=', orgId)
      .where('planId', '=', planId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async insertVersion(row: VersionRow): Promise<void> {
    await this.db.insertInto('planVersions').values(row).execute();
  }
}
