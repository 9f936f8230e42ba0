import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  CompetitorMarketSharesTable,
  CompetitorProductsTable,
  CompetitorsTable,
  Database,
  MacroFactorsTable,
  MarketsTable,
  MarketYearsTable,
  OpportunityCompetitorsTable,
} from '../../db/schema.js';
import { ownerIn } from '../access/index.js';

export type MarketRow = Selectable<MarketsTable>;
export type MarketYearRow = MarketYearsTable;
export type CompetitorRow = Selectable<CompetitorsTable>;
export type CompetitorProductRow = CompetitorProductsTable;
export type ShareRow = CompetitorMarketSharesTable;
export type MacroFactorRow = Selectable<MacroFactorsTable>;
export type DealCompetitorRow = Selectable<OpportunityCompetitorsTable>;

/** The only place that knows the market-analysis tables. Every query filters org_id. */
export class MarketsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  // -------------------------------------------------------------------------------------------
  // Markets

  listMarkets(orgId: string, query: { q?: string; active?: boolean } = {}): Promise<MarketRow[]> {
    let q = this.db.selectFrom('markets').selectAll().where('orgId', '=', orgId);
    if (query.active !== undefined) q = q.where('active', '=', query.active ? 1 : 0);
    if (query.q) q = q.where('name', 'like', `%${query.q.replace(/[%_\\]/g, '')}%`);
    return q.orderBy('name').orderBy('id').execute() as Promise<MarketRow[]>;
  }

  getMarket(orgId: string, id: string): Promise<MarketRow | undefined> {
    return this.db
      .selectFrom('markets')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst() as Promise<MarketRow | undefined>;
  }

  async marketNameTaken(orgId: string, name: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('markets').select('id').where('orgId', '=', orgId).where('name', '=', name);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async existingMarketIds(orgId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.db
      .selectFrom('markets')
      .select('id')
      .where('orgId', '=', orgId)
      .where('id', 'in', ids)
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  async insertMarket(row: MarketRow): Promise<void> {
    await this.db.insertInto('markets').values(row).execute();
  }

  /** Sets the current size/year/growth the history gives (not a user edit: no version bump). */
  async setMarketCurrent(
    orgId: string,
    id: string,
    values: { size: number; sizeYear: number; growthBp: number },
  ): Promise<void> {
    await this.db
      .updateTable('markets')
      .set(values)
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  async deleteMarket(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('markets').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  /** Targets that measure a share of this market (they keep it alive). */
  async targetsOfMarket(orgId: string, marketId: string): Promise<number> {
    const r = await this.db
      .selectFrom('targets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('orgId', '=', orgId)
      .where('marketId', '=', marketId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  years(orgId: string, marketIds: string[]): Promise<MarketYearRow[]> {
    if (!marketIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('marketYears')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('marketId', 'in', marketIds)
      .orderBy('year')
      .execute();
  }

  async upsertYear(row: MarketYearRow): Promise<void> {
    await this.db
      .insertInto('marketYears')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['orgId', 'marketId', 'year']).doUpdateSet({
          size: row.size,
          notes: row.notes,
          updatedAt: row.updatedAt,
        }),
      )
      .execute();
  }

  async deleteYear(orgId: string, marketId: string, year: number): Promise<number> {
    const r = await this.db
      .deleteFrom('marketYears')
      .where('orgId', '=', orgId)
      .where('marketId', '=', marketId)
      .where('year', '=', year)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async deleteYears(orgId: string, marketId: string): Promise<void> {
    await this.db
      .deleteFrom('marketYears')
      .where('orgId', '=', orgId)
      .where('marketId', '=', marketId)
      .execute();
  }

  /** Competitors with a share recorded in each market (any year). */
  async competitorCounts(orgId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('competitorMarketShares as s')
      .innerJoin('competitors as c', 'c.id', 's.competitorId')
      .select(['s.marketId', (eb) => eb.fn.count<number>('s.competitorId').distinct().as('n')])
      .where('s.orgId', '=', orgId)
      .where('c.active', '=', 1)
      .groupBy('s.marketId')
      .execute();
    return new Map(rows.map((r) => [r.marketId, Number(r.n)]));
  }

  // -------------------------------------------------------------------------------------------
  // Competitors

  listCompetitors(orgId: string, query: { q?: string; active?: boolean } = {}): Promise<CompetitorRow[]> {
    let q = this.db.selectFrom('competitors').selectAll().where('orgId', '=', orgId);
    if (query.active !== undefined) q = q.where('active', '=', query.active ? 1 : 0);
    if (query.q) q = q.where('name', 'like', `%${query.q.replace(/[%_\\]/g, '')}%`);
    return q.orderBy('name').orderBy('id').execute() as Promise<CompetitorRow[]>;
  }

  getCompetitor(orgId: string, id: string): Promise<CompetitorRow | undefined> {
    return this.db
      .selectFrom('competitors')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst() as Promise<CompetitorRow | undefined>;
  }

  async competitorNameTaken(orgId: string, name: string, exceptId?: string): Promise<boolean> {
    let q = this.db
      .selectFrom('competitors')
      .select('id')
      .where('orgId', '=', orgId)
      .where('name', '=', name);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  /** The competitor whose name is `name`, ignoring case and surrounding spaces. */
  competitorByName(orgId: string, name: string): Promise<{ id: string } | undefined> {
    return this.db
      .selectFrom('competitors')
      .select('id')
      .where('orgId', '=', orgId)
      .where(sql`lower(trim(name))`, '=', name.trim().toLowerCase())
      .executeTakeFirst();
  }

  async insertCompetitor(row: CompetitorRow): Promise<void> {
    await this.db.insertInto('competitors').values(row).execute();
  }

  async deleteCompetitor(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('competitors').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  products(orgId: string, competitorIds: string[]) {
    if (!competitorIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('competitorProducts as cp')
      .leftJoin('products as p', (j) =>
        j.onRef('p.id', '=', 'cp.productId').onRef('p.orgId', '=', 'cp.orgId'),
      )
      .selectAll('cp')
      .select('p.name as productName')
      .where('cp.orgId', '=', orgId)
      .where('cp.competitorId', 'in', competitorIds)
      .orderBy('cp.createdAt')
      .orderBy('cp.id')
      .execute();
  }

  async replaceProducts(orgId: string, competitorId: string, rows: CompetitorProductRow[]): Promise<void> {
    await this.db
      .deleteFrom('competitorProducts')
      .where('orgId', '=', orgId)
      .where('competitorId', '=', competitorId)
      .execute();
    if (rows.length) await this.db.insertInto('competitorProducts').values(rows).execute();
  }

  async existingProductIds(orgId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.db
      .selectFrom('products')
      .select('id')
      .where('orgId', '=', orgId)
      .where('id', 'in', ids)
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Shares with their market's name; of some competitors, or (marketId) of one market. */
  shares(orgId: string, by: { competitorIds?: string[]; marketId?: string }) {
    let q = this.db
      .selectFrom('competitorMarketShares as s')
      .innerJoin('markets as m', 'm.id', 's.marketId')
      .innerJoin('competitors as c', 'c.id', 's.competitorId')
      .selectAll('s')
      .select(['m.name as marketName', 'c.name as competitorName', 'c.active as competitorActive'])
      .where('s.orgId', '=', orgId);
    if (by.competitorIds) {
      if (!by.competitorIds.length) return Promise.resolve([]);
      q = q.where('s.competitorId', 'in', by.competitorIds);
    }
    if (by.marketId) q = q.where('s.marketId', '=', by.marketId);
    return q.orderBy('s.year', 'desc').orderBy('m.name').execute();
  }

  /** The sum of the other competitors' shares per market and year (active or not: shares are facts). */
  async otherShareSums(
    orgId: string,
    competitorId: string | null,
    marketIds: string[],
  ): Promise<Map<string, number>> {
    if (!marketIds.length) return new Map();
    let q = this.db
      .selectFrom('competitorMarketShares')
      .select(['marketId', 'year', (eb) => eb.fn.sum<number>('shareBp').as('sum')])
      .where('orgId', '=', orgId)
      .where('marketId', 'in', marketIds);
    if (competitorId) q = q.where('competitorId', '!=', competitorId);
    const rows = await q.groupBy(['marketId', 'year']).execute();
    return new Map(rows.map((r) => [`${r.marketId}/${r.year}`, Number(r.sum)]));
  }

  async replaceShares(orgId: string, competitorId: string, rows: ShareRow[]): Promise<void> {
    await this.db
      .deleteFrom('competitorMarketShares')
      .where('orgId', '=', orgId)
      .where('competitorId', '=', competitorId)
      .execute();
    if (rows.length) await this.db.insertInto('competitorMarketShares').values(rows).execute();
  }

  // -------------------------------------------------------------------------------------------
  // Macro factors

  listFactors(orgId: string): Promise<MacroFactorRow[]> {
    return this.db
      .selectFrom('macroFactors')
      .selectAll()
      .where('orgId', '=', orgId)
      .orderBy('category')
      .orderBy('impact', 'desc')
      .orderBy('id')
      .execute() as Promise<MacroFactorRow[]>;
  }

  getFactor(orgId: string, id: string): Promise<MacroFactorRow | undefined> {
    return this.db
      .selectFrom('macroFactors')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst() as Promise<MacroFactorRow | undefined>;
  }

  async insertFactor(row: MacroFactorRow): Promise<void> {
    await this.db.insertInto('macroFactors').values(row).execute();
  }

  async deleteFactor(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('macroFactors').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  factorMarkets(orgId: string, factorIds: string[]) {
    if (!factorIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('macroFactorMarkets as fm')
      .innerJoin('markets as m', 'm.id', 'fm.marketId')
      .select(['fm.factorId', 'm.id', 'm.name'])
      .where('fm.orgId', '=', orgId)
      .where('fm.factorId', 'in', factorIds)
      .orderBy('m.name')
      .execute();
  }

  async replaceFactorMarkets(orgId: string, factorId: string, marketIds: string[], ids: () => string) {
    await this.db
      .deleteFrom('macroFactorMarkets')
      .where('orgId', '=', orgId)
      .where('factorId', '=', factorId)
      .execute();
    if (marketIds.length)
      await this.db
        .insertInto('macroFactorMarkets')
        .values(marketIds.map((marketId) => ({ id: ids(), orgId, factorId, marketId })))
        .execute();
  }

  /** Active factors touching a market and in effect on `asOf` (no dates = open-ended). */
  factorsOfMarket(orgId: string, marketId: string, asOf: string) {
    return this.db
      .selectFrom('macroFactors as f')
      .innerJoin('macroFactorMarkets as fm', 'fm.factorId', 'f.id')
      .select(['f.id', 'f.title', 'f.effect', 'f.impact'])
      .where('f.orgId', '=', orgId)
      .where('fm.marketId', '=', marketId)
      .where('f.active', '=', 1)
      .where((eb) => eb.or([eb('f.startDate', 'is', null), eb('f.startDate', '<=', asOf)]))
      .where((eb) => eb.or([eb('f.endDate', 'is', null), eb('f.endDate', '>=', asOf)]))
      .orderBy('f.impact', 'desc')
      .orderBy('f.id')
      .execute();
  }

  // -------------------------------------------------------------------------------------------
  // Competitors on deals

  dealCompetitors(orgId: string, opportunityId: string) {
    return this.db
      .selectFrom('opportunityCompetitors as oc')
      .innerJoin('competitors as c', 'c.id', 'oc.competitorId')
      .selectAll('oc')
      .select(['c.name as competitorName', 'c.pricePositioning', 'c.ourDifferentiator'])
      .where('oc.orgId', '=', orgId)
      .where('oc.opportunityId', '=', opportunityId)
      .orderBy('oc.createdAt')
      .orderBy('oc.id')
      .execute();
  }

  getDealCompetitor(orgId: string, opportunityId: string, id: string) {
    return this.db
      .selectFrom('opportunityCompetitors')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('opportunityId', '=', opportunityId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async dealHasCompetitor(orgId: string, opportunityId: string, competitorId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('opportunityCompetitors')
      .select('id')
      .where('orgId', '=', orgId)
      .where('opportunityId', '=', opportunityId)
      .where('competitorId', '=', competitorId)
      .executeTakeFirst();
    return r !== undefined;
  }

  async insertDealCompetitor(row: DealCompetitorRow): Promise<void> {
    await this.db.insertInto('opportunityCompetitors').values(row).execute();
  }

  async updateDealCompetitor(
    orgId: string,
    id: string,
    patch: { status?: string; notes?: string | null; updatedAt: string },
  ): Promise<void> {
    await this.db
      .updateTable('opportunityCompetitors')
      .set(patch)
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  async deleteDealCompetitor(orgId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('opportunityCompetitors')
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  /** When a deal closes or reopens: the statuses of its competitors follow (see the service). */
  async setDealCompetitorStatuses(
    orgId: string,
    opportunityId: string,
    from: string[],
    to: string,
    at: string,
  ): Promise<void> {
    await this.db
      .updateTable('opportunityCompetitors')
      .set({ status: to, updatedAt: at })
      .where('orgId', '=', orgId)
      .where('opportunityId', '=', opportunityId)
      .where('status', 'in', from)
      .execute();
  }

  /**
   * Per competitor: deals won and lost (count, amount) closed in [fromTs, toTs) where it was
   * recorded, and open deals it is on; deals of the given owners only (null = all).
   */
  winLoss(orgId: string, owners: string[] | null, fromTs: string, toTs: string) {
    let q = this.db
      .selectFrom('opportunityCompetitors as oc')
      .innerJoin('opportunities as o', 'o.id', 'oc.opportunityId')
      .select([
        'oc.competitorId',
        sql<number>`sum(case when o.status = 'won' and o.closed_at >= ${fromTs} and o.closed_at < ${toTs} then 1 else 0 end)`.as(
          'won',
        ),
        sql<number>`sum(case when o.status = 'won' and o.closed_at >= ${fromTs} and o.closed_at < ${toTs} then o.amount else 0 end)`.as(
          'wonAmount',
        ),
        sql<number>`sum(case when o.status = 'lost' and o.closed_at >= ${fromTs} and o.closed_at < ${toTs} then 1 else 0 end)`.as(
          'lost',
        ),
        sql<number>`sum(case when o.status = 'lost' and o.closed_at >= ${fromTs} and o.closed_at < ${toTs} then o.amount else 0 end)`.as(
          'lostAmount',
        ),
        sql<number>`sum(case when o.status = 'open' then 1 else 0 end)`.as('open'),
      ])
      .where('oc.orgId', '=', orgId)
      .where('o.orgId', '=', orgId);
    if (owners !== null) q = q.where(ownerIn('o.owner_id', owners));
    return q.groupBy('oc.competitorId').execute();
  }
}
