import type { Kysely } from 'kysely';
import {
  grantFor,
  type Competitor,
  type CompetitorCreate,
  type CompetitorShareInput,
  type CompetitorUpdate,
  type DealCompetitor,
  type DealCompetitorCreate,
  type DealCompetitorStatus,
  type DealCompetitorUpdate,
  type MacroEffect,
  type MacroFactor,
  type MacroFactorCreate,
  type MacroFactorUpdate,
  type Market,
  type MarketAssessment,
  type MarketCreate,
  type MarketListQuery,
  type MarketUpdate,
  type MarketYearBody,
  type MarketYearInput,
  type PricePositioning,
  type WinLoss,
  type WinLossQuery,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { conflict, invalidField, notFound, stale } from '../../http/errors.js';
import { addDays, checkDate, localDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { requiredText, updateIfVersion } from '../../lib/records.js';
import { authorize, guard, type Actor, type DirectoryCache } from '../access/index.js';
import type { DealStatusChange, OpportunitiesService } from '../opportunities/index.js';
import type { ResultFilter, ResultsService } from '../results/index.js';
import { growthFromHistory, scoreMarket, sizeFromHistory, suggestShareTarget } from './markets.assessment.js';
import {
  MarketsRepository,
  type CompetitorRow,
  type MacroFactorRow,
  type MarketRow,
  type MarketYearRow,
} from './markets.repository.js';

const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)} %`;

/**
 * Market analysis (issue 6): markets with their size history, competitors with products and
 * shares, macro factors, competitors on deals with won/lost per competitor, and the explainable
 * opportunity score per market. Market data is the organisation's (read by every sales role,
 * written by marketing and directors); what touches deals follows the deal's scope.
 */
export class MarketsService {
  private readonly repo: MarketsRepository;
  /** "Today" for the assessment's 12 months and the factors in effect; tests move it. */
  clock: () => Date = () => new Date();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly opportunities: OpportunitiesService,
    private readonly results: ResultsService,
  ) {
    this.repo = new MarketsRepository(db);
  }

  // -------------------------------------------------------------------------------------------
  // Markets

  async listMarkets(actor: Actor, query: MarketListQuery): Promise<{ items: Market[] }> {
    authorize(actor, 'market', 'read');
    const rows = await this.repo.listMarkets(actor.orgId, query);
    const [years, counts] = await Promise.all([
      this.repo.years(
        actor.orgId,
        rows.map((r) => r.id),
      ),
      this.repo.competitorCounts(actor.orgId),
    ]);
    return { items: rows.map((r) => toMarket(r, years, counts.get(r.id) ?? 0)) };
  }

  async getMarket(actor: Actor, id: string): Promise<Market> {
    authorize(actor, 'market', 'read');
    return this.marketOut(actor.orgId, id);
  }

  async createMarket(actor: Actor, input: MarketCreate): Promise<Market> {
    authorize(actor, 'market', 'create');
    const name = requiredText(input.name);
    if (await this.repo.marketNameTaken(actor.orgId, name))
      throw conflict('A market with this name already exists', [{ path: 'name', message: 'already used' }]);
    const years = mergeYears(input.years ?? [], 'years', { year: input.sizeYear, size: input.size });
    const at = new Date().toISOString();
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      const repo = new MarketsRepository(trx);
      await repo.insertMarket({
        id,
        orgId: actor.orgId,
        name,
        region: input.region ?? null,
        industry: input.industry ?? null,
        description: input.description?.trim() || null,
        currency: input.currency ?? 'CNY',
        size: input.size,
        sizeYear: input.sizeYear,
        growthBp: input.growthBp ?? 0,
        active: input.active === false ? 0 : 1,
        createdBy: actor.userId,
        createdAt: at,
        updatedAt: at,
        version: 1,
      });
      for (const y of years) await repo.upsertYear(yearRow(actor.orgId, id, y, at));
      await this.syncCurrent(repo, actor.orgId, id, input.growthBp);
    });
    return this.marketOut(actor.orgId, id);
  }

  async updateMarket(actor: Actor, id: string, input: MarketUpdate): Promise<Market> {
    authorize(actor, 'market', 'update');
    const row = await this.repo.getMarket(actor.orgId, id);
    if (!row) throw notFound('Market');
    const patch: Partial<MarketRow> = {};
    if (input.name !== undefined) {
      patch.name = requiredText(input.name);
      if (await this.repo.marketNameTaken(actor.orgId, patch.name, id))
        throw conflict('A market with this name already exists', [{ path: 'name', message: 'already used' }]);
    }
    if (input.region !== undefined) patch.region = input.region;
    if (input.industry !== undefined) patch.industry = input.industry;
    if (input.description !== undefined) patch.description = input.description?.trim() || null;
    if (input.currency !== undefined) patch.currency = input.currency;
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    if (input.growthBp !== undefined) patch.growthBp = input.growthBp;
    const replaceYears = input.years
      ? mergeYears(
          input.years,
          'years',
          input.size !== undefined ? { year: input.sizeYear ?? row.sizeYear, size: input.size } : undefined,
        )
      : null;
    if (replaceYears && !replaceYears.length)
      throw invalidField('years', 'a market keeps at least one year of its size');
    if (!replaceYears && input.sizeYear !== undefined && input.size === undefined)
      throw invalidField('size', 'send the size of the year you set');
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const repo = new MarketsRepository(trx);
      const ok = await updateIfVersion(
        trx,
        'markets',
        { orgId: actor.orgId, id, version: input.version },
        { ...patch, updatedAt: at },
      );
      if (!ok) throw stale('Market');
      if (replaceYears) {
        await repo.deleteYears(actor.orgId, id);
        for (const y of replaceYears) await repo.upsertYear(yearRow(actor.orgId, id, y, at));
      } else if (input.size !== undefined) {
        const year = input.sizeYear ?? row.sizeYear;
        const existing = (await repo.years(actor.orgId, [id])).find((y) => y.year === year);
        await repo.upsertYear(
          yearRow(actor.orgId, id, { year, size: input.size, notes: existing?.notes ?? null }, at),
        );
      }
      await this.syncCurrent(repo, actor.orgId, id, input.growthBp);
    });
    return this.marketOut(actor.orgId, id);
  }

  /** Adds or changes one year of the history; the current size and the growth follow. */
  async putYear(actor: Actor, id: string, year: number, body: MarketYearBody): Promise<Market> {
    authorize(actor, 'market', 'update');
    if (!(await this.repo.getMarket(actor.orgId, id))) throw notFound('Market');
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const repo = new MarketsRepository(trx);
      await repo.upsertYear(yearRow(actor.orgId, id, { year, size: body.size, notes: body.notes }, at));
      await this.syncCurrent(repo, actor.orgId, id);
    });
    return this.marketOut(actor.orgId, id);
  }

  async deleteYear(actor: Actor, id: string, year: number): Promise<Market> {
    authorize(actor, 'market', 'update');
    if (!(await this.repo.getMarket(actor.orgId, id))) throw notFound('Market');
    await this.db.transaction().execute(async (trx) => {
      const repo = new MarketsRepository(trx);
      const years = await repo.years(actor.orgId, [id]);
      if (!years.some((y) => y.year === year)) throw notFound('Market year');
      if (years.length === 1) throw conflict('A market keeps at least one year of its size');
      await repo.deleteYear(actor.orgId, id, year);
      await this.syncCurrent(repo, actor.orgId, id);
    });
    return this.marketOut(actor.orgId, id);
  }

  async removeMarket(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'market', 'delete');
    if (!(await this.repo.getMarket(actor.orgId, id))) throw notFound('Market');
    const targets = await this.repo.targetsOfMarket(actor.orgId, id);
    if (targets > 0)
      throw conflict(`${targets} targets measure a share of this market; deactivate it instead`, [
        { path: 'active', message: 'in use' },
      ]);
    await this.repo.deleteMarket(actor.orgId, id);
  }

  /**
   * A market's size (fen) for a year: the recorded one, else projected with its growth from the
   * nearest recorded year. Null when the organisation has no such market. Market share = our
   * revenue in the market ÷ this size.
   */
  async sizeForYear(
    orgId: string,
    marketId: string,
    year: number,
  ): Promise<{ size: number; basedOnYear: number; projected: boolean } | null> {
    const row = await this.repo.getMarket(orgId, marketId);
    if (!row) return null;
    const years = await this.repo.years(orgId, [marketId]);
    return (
      sizeFromHistory(
        years.length ? years : [{ year: row.sizeYear, size: row.size }],
        row.growthBp,
        year,
      ) ?? {
        size: row.size,
        basedOnYear: row.sizeYear,
        projected: false,
      }
    );
  }

  /** Every active market's size for `year` (recorded, else projected as sizeForYear does), by id. */
  async sizesForYear(orgId: string, year: number): Promise<Map<string, number>> {
    const markets = await this.repo.listMarkets(orgId, { active: true });
    const years = await this.repo.years(
      orgId,
      markets.map((m) => m.id),
    );
    const out = new Map<string, number>();
    for (const m of markets) {
      const own = years.filter((y) => y.marketId === m.id);
      const size = sizeFromHistory(own.length ? own : [{ year: m.sizeYear, size: m.size }], m.growthBp, year);
      out.set(m.id, size?.size ?? m.size);
    }
    return out;
  }

  /** The results filter that makes "our revenue in this market" (its region and industry). */
  async marketFilter(orgId: string, marketId: string): Promise<ResultFilter | null> {
    const row = await this.repo.getMarket(orgId, marketId);
    return row ? filterOf(row) : null;
  }

  private async marketOut(orgId: string, id: string): Promise<Market> {
    const row = await this.repo.getMarket(orgId, id);
    if (!row) throw notFound('Market');
    const [years, counts] = await Promise.all([
      this.repo.years(orgId, [id]),
      this.repo.competitorCounts(orgId),
    ]);
    return toMarket(row, years, counts.get(id) ?? 0);
  }

  /** The row's current size is the history's latest year; its growth the history's, if it has one. */
  private async syncCurrent(repo: MarketsRepository, orgId: string, id: string, entered?: number) {
    const row = (await repo.getMarket(orgId, id))!;
    const years = await repo.years(orgId, [id]);
    const latest = years[years.length - 1];
    if (!latest) return;
    await repo.setMarketCurrent(orgId, id, {
      size: latest.size,
      sizeYear: latest.year,
      growthBp: growthFromHistory(years) ?? entered ?? row.growthBp,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Competitors

  async listCompetitors(actor: Actor, query: MarketListQuery): Promise<{ items: Competitor[] }> {
    authorize(actor, 'market', 'read');
    const rows = await this.repo.listCompetitors(actor.orgId, query);
    return { items: await this.competitorsOut(actor.orgId, rows) };
  }

  async getCompetitor(actor: Actor, id: string): Promise<Competitor> {
    authorize(actor, 'market', 'read');
    return this.competitorOut(actor.orgId, id);
  }

  async createCompetitor(actor: Actor, input: CompetitorCreate): Promise<Competitor> {
    authorize(actor, 'market', 'create');
    const name = requiredText(input.name);
    if (await this.repo.competitorNameTaken(actor.orgId, name))
      throw conflict('A competitor with this name already exists', [
        { path: 'name', message: 'already used' },
      ]);
    const id = newId();
    const at = new Date().toISOString();
    await this.checkProducts(actor.orgId, input.products ?? []);
    await this.checkShares(actor.orgId, null, input.shares ?? []);
    await this.db.transaction().execute(async (trx) => {
      const repo = new MarketsRepository(trx);
      await repo.insertCompetitor({
        id,
        orgId: actor.orgId,
        name,
        website: input.website?.trim() || null,
        description: input.description?.trim() || null,
        pricePositioning: input.pricePositioning ?? 'mid',
        strengths: JSON.stringify(cleanList(input.strengths)),
        weaknesses: JSON.stringify(cleanList(input.weaknesses)),
        ourDifferentiator: input.ourDifferentiator?.trim() || null,
        active: input.active === false ? 0 : 1,
        createdBy: actor.userId,
        createdAt: at,
        updatedAt: at,
        version: 1,
      });
      await this.writeLists(repo, actor.orgId, id, input, at);
    });
    return this.competitorOut(actor.orgId, id);
  }

  async updateCompetitor(actor: Actor, id: string, input: CompetitorUpdate): Promise<Competitor> {
    authorize(actor, 'market', 'update');
    if (!(await this.repo.getCompetitor(actor.orgId, id))) throw notFound('Competitor');
    const patch: Partial<CompetitorRow> = {};
    if (input.name !== undefined) {
      patch.name = requiredText(input.name);
      if (await this.repo.competitorNameTaken(actor.orgId, patch.name, id))
        throw conflict('A competitor with this name already exists', [
          { path: 'name', message: 'already used' },
        ]);
    }
    if (input.website !== undefined) patch.website = input.website?.trim() || null;
    if (input.description !== undefined) patch.description = input.description?.trim() || null;
    if (input.pricePositioning !== undefined) patch.pricePositioning = input.pricePositioning;
    if (input.strengths !== undefined) patch.strengths = JSON.stringify(cleanList(input.strengths));
    if (input.weaknesses !== undefined) patch.weaknesses = JSON.stringify(cleanList(input.weaknesses));
    if (input.ourDifferentiator !== undefined)
      patch.ourDifferentiator = input.ourDifferentiator?.trim() || null;
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    if (input.products) await this.checkProducts(actor.orgId, input.products);
    if (input.shares) await this.checkShares(actor.orgId, id, input.shares);
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const ok = await updateIfVersion(
        trx,
        'competitors',
        { orgId: actor.orgId, id, version: input.version },
        { ...patch, updatedAt: at },
      );
      if (!ok) throw stale('Competitor');
      await this.writeLists(new MarketsRepository(trx), actor.orgId, id, input, at);
    });
    return this.competitorOut(actor.orgId, id);
  }

  async removeCompetitor(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'market', 'delete');
    if (!(await this.repo.getCompetitor(actor.orgId, id))) throw notFound('Competitor');
    await this.repo.deleteCompetitor(actor.orgId, id);
  }

  /**
   * Won and lost deals (count and amount) closed in the range where each competitor was recorded.
   * The deals are those of owners in the caller's opportunity scope; a role without access to
   * deals that maintains the market analysis (marketing) sees the organisation's totals, never
   * the deals themselves.
   */
  async winLoss(actor: Actor, query: WinLossQuery): Promise<WinLoss> {
    authorize(actor, 'market', 'read');
    const today = localDate(this.clock());
    const to = checkDate(query.to ?? today, 'to')!;
    const from = checkDate(query.from ?? `${to.slice(0, 4)}-01-01`, 'from')!;
    if (from > to) throw invalidField('to', 'must not be before from');
    let owners: string[] | null;
    if (grantFor(actor.role, 'opportunity')?.actions.includes('read'))
      owners = (await guard(this.directory, actor, 'opportunity', 'read')).owners;
    else {
      authorize(actor, 'market', 'update');
      owners = null;
    }
    const [rows, competitors] = await Promise.all([
      this.repo.winLoss(actor.orgId, owners, chinaStart(from), chinaStart(addDays(to, 1))),
      this.repo.listCompetitors(actor.orgId),
    ]);
    const byId = new Map(rows.map((r) => [r.competitorId, r]));
    const items = competitors
      .map((c) => {
        const r = byId.get(c.id);
        const won = Number(r?.won ?? 0);
        const lost = Number(r?.lost ?? 0);
        return {
          competitorId: c.id,
          name: c.name,
          won,
          wonAmount: Number(r?.wonAmount ?? 0),
          lost,
          lostAmount: Number(r?.lostAmount ?? 0),
          open: Number(r?.open ?? 0),
          winRateBp: won + lost ? Math.round((won * 10_000) / (won + lost)) : null,
          active: c.active === 1,
        };
      })
      .filter((i) => i.active || i.won + i.lost + i.open > 0)
      .map(({ active: _active, ...rest }) => rest)
      .sort((a, b) => b.won + b.lost - (a.won + a.lost) || a.name.localeCompare(b.name));
    return { from, to, currency: 'CNY', items };
  }

  private async competitorOut(orgId: string, id: string): Promise<Competitor> {
    const row = await this.repo.getCompetitor(orgId, id);
    if (!row) throw notFound('Competitor');
    return (await this.competitorsOut(orgId, [row]))[0]!;
  }

  private async competitorsOut(orgId: string, rows: CompetitorRow[]): Promise<Competitor[]> {
    const ids = rows.map((r) => r.id);
    const [products, shares] = await Promise.all([
      this.repo.products(orgId, ids),
      this.repo.shares(orgId, { competitorIds: ids }),
    ]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      website: r.website,
      description: r.description,
      pricePositioning: r.pricePositioning as PricePositioning,
      strengths: parseList(r.strengths),
      weaknesses: parseList(r.weaknesses),
      ourDifferentiator: r.ourDifferentiator,
      active: r.active === 1,
      products: products
        .filter((p) => p.competitorId === r.id)
        .map((p) => ({
          id: p.id,
          name: p.name,
          price: p.price === null ? null : Number(p.price),
          positioning: p.positioning,
          productId: p.productId,
          productName: p.productName ?? null,
        })),
      shares: shares
        .filter((s) => s.competitorId === r.id)
        .map((s) => ({ marketId: s.marketId, marketName: s.marketName, year: s.year, shareBp: s.shareBp })),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      version: r.version,
    }));
  }

  private async writeLists(
    repo: MarketsRepository,
    orgId: string,
    competitorId: string,
    input: Pick<CompetitorCreate, 'products' | 'shares'>,
    at: string,
  ) {
    if (input.products)
      await repo.replaceProducts(
        orgId,
        competitorId,
        input.products.map((p) => ({
          id: newId(),
          orgId,
          competitorId,
          name: p.name.trim(),
          price: p.price ?? null,
          positioning: p.positioning?.trim() || null,
          productId: p.productId ?? null,
          createdAt: at,
          updatedAt: at,
        })),
      );
    if (input.shares)
      await repo.replaceShares(
        orgId,
        competitorId,
        input.shares.map((s) => ({
          id: newId(),
          orgId,
          competitorId,
          marketId: s.marketId,
          year: s.year,
          shareBp: s.shareBp,
          createdAt: at,
          updatedAt: at,
        })),
      );
  }

  private async checkProducts(orgId: string, products: NonNullable<CompetitorCreate['products']>) {
    products.forEach((p, i) => {
      if (!p.name.trim()) throw invalidField(`products/${i}/name`, 'must not be empty');
    });
    const ids = products.map((p) => p.productId).filter((id): id is string => !!id);
    const found = await this.repo.existingProductIds(orgId, ids);
    products.forEach((p, i) => {
      if (p.productId && !found.has(p.productId))
        throw invalidField(`products/${i}/productId`, 'no such product in your organisation');
    });
  }

  /**
   * Every market must be the organisation's, a market and year appears once, and in each market
   * and year the competitors' shares plus ours (our revenue that year ÷ the market's size) stay
   * within 100 %.
   */
  private async checkShares(orgId: string, competitorId: string | null, shares: CompetitorShareInput[]) {
    const marketIds = [...new Set(shares.map((s) => s.marketId))];
    const found = await this.repo.existingMarketIds(orgId, marketIds);
    const seen = new Set<string>();
    shares.forEach((s, i) => {
      if (!found.has(s.marketId))
        throw invalidField(`shares/${i}/marketId`, 'no such market in your organisation');
      const key = `${s.marketId}/${s.year}`;
      if (seen.has(key)) throw invalidField(`shares/${i}/year`, 'this market and year is listed twice');
      seen.add(key);
    });
    const others = await this.repo.otherShareSums(orgId, competitorId, marketIds);
    for (const [i, s] of shares.entries()) {
      const market = (await this.repo.getMarket(orgId, s.marketId))!;
      const competitorsBp = (others.get(`${s.marketId}/${s.year}`) ?? 0) + s.shareBp;
      const ours = await this.ourShareInYear(market, s.year);
      if (competitorsBp + ours > 10_000)
        throw invalidField(
          `shares/${i}/shareBp`,
          `the shares in ${market.name} ${s.year} would add up to ${pct(competitorsBp + ours)} ` +
            `(competitors ${pct(competitorsBp)}, ours ${pct(ours)}), more than 100 %`,
        );
    }
  }

  /** Our share (bp) of a market in a calendar year: that year's revenue in it ÷ its size. */
  private async ourShareInYear(market: MarketRow, year: number): Promise<number> {
    const size = await this.sizeForYear(market.orgId, market.id, year);
    if (!size || size.size <= 0) return 0;
    const revenue = await this.revenue(market, { from: `${year}-01-01`, to: `${year}-12-31` });
    return Math.round((revenue * 10_000) / size.size);
  }

  private async revenue(market: MarketRow, range: { from: string; to: string }): Promise<number> {
    const [row] = await this.results.measure(market.orgId, 'revenue', range, { filter: filterOf(market) });
    return row?.value ?? 0;
  }

  // -------------------------------------------------------------------------------------------
  // Macro factors

  async listFactors(actor: Actor): Promise<{ items: MacroFactor[] }> {
    authorize(actor, 'market', 'read');
    const rows = await this.repo.listFactors(actor.orgId);
    return { items: await this.factorsOut(actor.orgId, rows) };
  }

  async getFactor(actor: Actor, id: string): Promise<MacroFactor> {
    authorize(actor, 'market', 'read');
    return this.factorOut(actor.orgId, id);
  }

  async createFactor(actor: Actor, input: MacroFactorCreate): Promise<MacroFactor> {
    authorize(actor, 'market', 'create');
    const title = requiredText(input.title, 'title');
    this.checkFactorDates(input.startDate ?? null, input.endDate ?? null);
    const marketIds = await this.checkFactorMarkets(actor.orgId, input.marketIds ?? []);
    const id = newId();
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const repo = new MarketsRepository(trx);
      await repo.insertFactor({
        id,
        orgId: actor.orgId,
        category: input.category,
        title,
        description: input.description?.trim() || null,
        effect: input.effect,
        impact: input.impact,
        startDate: input.startDate ?? null,
        endDate: input.endDate ?? null,
        active: input.active === false ? 0 : 1,
        createdBy: actor.userId,
        createdAt: at,
        updatedAt: at,
        version: 1,
      });
      await repo.replaceFactorMarkets(actor.orgId, id, marketIds, newId);
    });
    return this.factorOut(actor.orgId, id);
  }

  async updateFactor(actor: Actor, id: string, input: MacroFactorUpdate): Promise<MacroFactor> {
    authorize(actor, 'market', 'update');
    const row = await this.repo.getFactor(actor.orgId, id);
    if (!row) throw notFound('Macro factor');
    const patch: Partial<MacroFactorRow> = {};
    if (input.title !== undefined) patch.title = requiredText(input.title, 'title');
    if (input.category !== undefined) patch.category = input.category;
    if (input.effect !== undefined) patch.effect = input.effect;
    if (input.impact !== undefined) patch.impact = input.impact;
    if (input.description !== undefined) patch.description = input.description?.trim() || null;
    if (input.startDate !== undefined) patch.startDate = input.startDate;
    if (input.endDate !== undefined) patch.endDate = input.endDate;
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    this.checkFactorDates(
      patch.startDate !== undefined ? patch.startDate : row.startDate,
      patch.endDate !== undefined ? patch.endDate : row.endDate,
    );
    const marketIds = input.marketIds ? await this.checkFactorMarkets(actor.orgId, input.marketIds) : null;
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const ok = await updateIfVersion(
        trx,
        'macroFactors',
        { orgId: actor.orgId, id, version: input.version },
        { ...patch, updatedAt: at },
      );
      if (!ok) throw stale('Macro factor');
      if (marketIds) await new MarketsRepository(trx).replaceFactorMarkets(actor.orgId, id, marketIds, newId);
    });
    return this.factorOut(actor.orgId, id);
  }

  async removeFactor(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'market', 'delete');
    if (!(await this.repo.getFactor(actor.orgId, id))) throw notFound('Macro factor');
    await this.repo.deleteFactor(actor.orgId, id);
  }

  private checkFactorDates(start: string | null, end: string | null) {
    checkDate(start, 'startDate');
    checkDate(end, 'endDate');
    if (start && end && end < start) throw invalidField('endDate', 'must not be before startDate');
  }

  private async checkFactorMarkets(orgId: string, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = await this.repo.existingMarketIds(orgId, unique);
    ids.forEach((id, i) => {
      if (!found.has(id)) throw invalidField(`marketIds/${i}`, 'no such market in your organisation');
    });
    return unique;
  }

  private async factorOut(orgId: string, id: string): Promise<MacroFactor> {
    const row = await this.repo.getFactor(orgId, id);
    if (!row) throw notFound('Macro factor');
    return (await this.factorsOut(orgId, [row]))[0]!;
  }

  private async factorsOut(orgId: string, rows: MacroFactorRow[]): Promise<MacroFactor[]> {
    const markets = await this.repo.factorMarkets(
      orgId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      category: r.category as MacroFactor['category'],
      title: r.title,
      description: r.description,
      effect: r.effect as MacroEffect,
      impact: r.impact,
      startDate: r.startDate,
      endDate: r.endDate,
      active: r.active === 1,
      markets: markets.filter((m) => m.factorId === r.id).map((m) => ({ id: m.id, name: m.name })),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      version: r.version,
    }));
  }

  // -------------------------------------------------------------------------------------------
  // Opportunity assessment

  async assessment(actor: Actor, id: string): Promise<MarketAssessment> {
    authorize(actor, 'market', 'read');
    const row = await this.repo.getMarket(actor.orgId, id);
    if (!row) throw notFound('Market');
    const markets = await this.repo.listMarkets(actor.orgId, { active: true });
    return this.assess(row, markets);
  }

  /** Every active market's assessment, highest score first. */
  async assessments(actor: Actor): Promise<{ items: MarketAssessment[] }> {
    authorize(actor, 'market', 'read');
    const markets = await this.repo.listMarkets(actor.orgId, { active: true });
    const items = await Promise.all(markets.map((m) => this.assess(m, markets)));
    return { items: items.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)) };
  }

  private async assess(row: MarketRow, markets: MarketRow[]): Promise<MarketAssessment> {
    const asOf = localDate(this.clock());
    const year = Number(asOf.slice(0, 4));
    const years = await this.repo.years(row.orgId, [row.id]);
    const history = years.length ? years : [{ year: row.sizeYear, size: row.size }];
    const sizeNow = sizeFromHistory(history, row.growthBp, year)!.size;
    const largestSize = Math.max(
      sizeNow,
      ...(await Promise.all(
        markets
          .filter((m) => m.id !== row.id)
          .map(async (m) => (await this.sizeForYear(m.orgId, m.id, year))?.size ?? 0),
      )),
    );
    const allShares = (await this.repo.shares(row.orgId, { marketId: row.id })).filter(
      (s) => s.competitorActive === 1,
    );
    const shareYear = allShares
      .filter((s) => s.year <= year)
      .reduce<number | null>((max, s) => (max === null || s.year > max ? s.year : max), null);
    const shares = shareYear === null ? [] : allShares.filter((s) => s.year === shareYear);
    const leaderRow = shares.reduce<(typeof shares)[number] | null>(
      (best, s) => (!best || s.shareBp > best.shareBp ? s : best),
      null,
    );
    const competitorShareSumBp = shares.reduce((s, r) => s + r.shareBp, 0);
    const ourRevenue = await this.revenue(row, { from: addDays(asOf, -364), to: asOf });
    const ourShareBp = sizeNow > 0 ? Math.round((ourRevenue * 10_000) / sizeNow) : null;
    const macro = await this.repo.factorsOfMarket(row.orgId, row.id, asOf);
    const { score, factors } = scoreMarket({
      size: sizeNow,
      largestSize,
      growthBp: row.growthBp,
      shares: shares.map((s) => s.shareBp),
      ourShareBp,
      macro: macro.map((f) => ({ effect: f.effect as MacroEffect, impact: f.impact })),
    });
    const suggestion = suggestShareTarget(
      score,
      ourShareBp ?? 0,
      leaderRow?.shareBp ?? null,
      competitorShareSumBp,
    );
    const nextYearSize = sizeFromHistory(history, row.growthBp, year + 1)!.size;
    const suggestedShareBp = ourShareBp === null ? null : suggestion.suggestedBp;
    return {
      marketId: row.id,
      name: row.name,
      asOf,
      score,
      factors,
      size: sizeNow,
      sizeYear: year,
      growthBp: row.growthBp,
      largestMarketSize: largestSize,
      competitorCount: shares.length,
      shareYear,
      leader: leaderRow
        ? { competitorId: leaderRow.competitorId, name: leaderRow.competitorName, shareBp: leaderRow.shareBp }
        : null,
      competitorShareSumBp,
      ourRevenue,
      ourShareBp,
      macroFactors: macro.map((f) => ({
        id: f.id,
        title: f.title,
        effect: f.effect as MacroEffect,
        impact: f.impact,
      })),
      suggestedShareBp,
      upliftBp: suggestion.upliftBp,
      capBp: suggestion.capBp,
      suggestedYear: year + 1,
      nextYearSize,
      suggestedRevenue:
        suggestedShareBp === null ? null : Math.round((nextYearSize * suggestedShareBp) / 10_000),
    };
  }

  /** The organisation's assessment of a market without a signed-in caller (targets). */
  async assessmentFor(orgId: string, marketId: string): Promise<MarketAssessment | null> {
    const row = await this.repo.getMarket(orgId, marketId);
    if (!row) return null;
    return this.assess(row, await this.repo.listMarkets(orgId, { active: true }));
  }

  // -------------------------------------------------------------------------------------------
  // Competitors on deals (the deal's scope decides)

  async dealCompetitors(actor: Actor, opportunityId: string): Promise<{ items: DealCompetitor[] }> {
    await this.opportunities.visible(actor, opportunityId, 'read');
    const rows = await this.repo.dealCompetitors(actor.orgId, opportunityId);
    return { items: rows.map(toDealCompetitor) };
  }

  async addDealCompetitor(
    actor: Actor,
    opportunityId: string,
    input: DealCompetitorCreate,
  ): Promise<DealCompetitor> {
    await this.opportunities.visible(actor, opportunityId, 'update');
    const competitor = await this.repo.getCompetitor(actor.orgId, input.competitorId);
    if (!competitor) throw invalidField('competitorId', 'no such competitor in your organisation');
    if (await this.repo.dealHasCompetitor(actor.orgId, opportunityId, competitor.id))
      throw conflict('This competitor is already recorded on the deal', [
        { path: 'competitorId', message: 'already recorded' },
      ]);
    const at = new Date().toISOString();
    const id = newId();
    await this.repo.insertDealCompetitor({
      id,
      orgId: actor.orgId,
      opportunityId,
      competitorId: competitor.id,
      status: input.status ?? 'active',
      notes: input.notes?.trim() || null,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    });
    return this.dealCompetitorOut(actor.orgId, opportunityId, id);
  }

  async updateDealCompetitor(
    actor: Actor,
    opportunityId: string,
    linkId: string,
    input: DealCompetitorUpdate,
  ): Promise<DealCompetitor> {
    await this.opportunities.visible(actor, opportunityId, 'update');
    if (!(await this.repo.getDealCompetitor(actor.orgId, opportunityId, linkId)))
      throw notFound('Competitor on this deal');
    await this.repo.updateDealCompetitor(actor.orgId, linkId, {
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.notes !== undefined ? { notes: input.notes?.trim() || null } : {}),
      updatedAt: new Date().toISOString(),
    });
    return this.dealCompetitorOut(actor.orgId, opportunityId, linkId);
  }

  async removeDealCompetitor(actor: Actor, opportunityId: string, linkId: string): Promise<void> {
    await this.opportunities.visible(actor, opportunityId, 'update');
    if (!(await this.repo.getDealCompetitor(actor.orgId, opportunityId, linkId)))
      throw notFound('Competitor on this deal');
    await this.repo.deleteDealCompetitor(actor.orgId, linkId);
  }

  /**
   * Follows a deal's close, in its transaction: won → the competitors still in the race were beaten;
   * lost with a lost-to competitor (opportunities.lost_competitor) that names one of ours → it is
   * recorded (or marked) as the one we lost to; reopened → they are all back in the race.
   */
  async onDealChanged(trx: Kysely<Database>, change: DealStatusChange): Promise<void> {
    const repo = new MarketsRepository(trx);
    const { orgId, opportunityId, at } = change;
    if (change.status === 'open') {
      await repo.setDealCompetitorStatuses(orgId, opportunityId, ['won_against', 'lost_to'], 'active', at);
      return;
    }
    if (change.status === 'won') {
      await repo.setDealCompetitorStatuses(orgId, opportunityId, ['active', 'lost_to'], 'won_against', at);
      return;
    }
    await repo.setDealCompetitorStatuses(orgId, opportunityId, ['won_against'], 'active', at);
    if (!change.lostCompetitor?.trim()) return;
    const competitor = await repo.competitorByName(orgId, change.lostCompetitor);
    if (!competitor) return;
    const links = await repo.dealCompetitors(orgId, opportunityId);
    const link = links.find((l) => l.competitorId === competitor.id);
    for (const l of links)
      if (l.status === 'lost_to' && l.competitorId !== competitor.id)
        await repo.updateDealCompetitor(orgId, l.id, { status: 'active', updatedAt: at });
    if (link) await repo.updateDealCompetitor(orgId, link.id, { status: 'lost_to', updatedAt: at });
    else
      await repo.insertDealCompetitor({
        id: newId(),
        orgId,
        opportunityId,
        competitorId: competitor.id,
        status: 'lost_to',
        notes: null,
        createdBy: change.userId,
        createdAt: at,
        updatedAt: at,
      });
  }

  private async dealCompetitorOut(orgId: string, opportunityId: string, id: string): Promise<DealCompetitor> {
    const row = (await this.repo.dealCompetitors(orgId, opportunityId)).find((r) => r.id === id);
    if (!row) throw notFound('Competitor on this deal');
    return toDealCompetitor(row);
  }
}

const chinaStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();

function filterOf(m: Pick<MarketRow, 'region' | 'industry'>): ResultFilter {
  return {
    ...(m.region ? { regions: [m.region] } : {}),
    ...(m.industry ? { industries: [m.industry] } : {}),
  };
}

function parseList(text: string): string[] {
  const value: unknown = JSON.parse(text || '[]');
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function cleanList(list: string[] | undefined): string[] {
  return (list ?? []).map((s) => s.trim()).filter(Boolean);
}

/** The history to write: the listed years, and `current` over the same year; a year listed twice is refused. */
function mergeYears(
  years: MarketYearInput[],
  field: string,
  current?: { year: number; size: number },
): Array<{ year: number; size: number; notes: string | null }> {
  const out = new Map<number, { year: number; size: number; notes: string | null }>();
  years.forEach((y, i) => {
    if (out.has(y.year)) throw invalidField(`${field}/${i}/year`, 'this year is listed twice');
    out.set(y.year, { year: y.year, size: y.size, notes: y.notes?.trim() || null });
  });
  if (current) {
    const existing = out.get(current.year);
    out.set(current.year, { year: current.year, size: current.size, notes: existing?.notes ?? null });
  }
  return [...out.values()].sort((a, b) => a.year - b.year);
}

function yearRow(
  orgId: string,
  marketId: string,
  y: { year: number; size: number; notes?: string | null },
  at: string,
): MarketYearRow {
  return {
    id: newId(),
    orgId,
    marketId,
    year: y.year,
    size: y.size,
    notes: y.notes?.trim() || null,
    createdAt: at,
    updatedAt: at,
  };
}

function toMarket(r: MarketRow, years: MarketYearRow[], competitorCount: number): Market {
  const own = years.filter((y) => y.marketId === r.id);
  return {
    id: r.id,
    name: r.name,
    region: r.region as Market['region'],
    industry: r.industry as Market['industry'],
    description: r.description,
    currency: r.currency,
    size: Number(r.size),
    sizeYear: r.sizeYear,
    growthBp: r.growthBp,
    growthFromHistory: growthFromHistory(own.map((y) => ({ year: y.year, size: Number(y.size) }))) !== null,
    active: r.active === 1,
    years: own.map((y) => ({ year: y.year, size: Number(y.size), notes: y.notes })),
    competitorCount,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

function toDealCompetitor(r: {
  id: string;
  opportunityId: string;
  competitorId: string;
  competitorName: string;
  pricePositioning: string;
  ourDifferentiator: string | null;
  status: string;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}): DealCompetitor {
  return {
    id: r.id,
    opportunityId: r.opportunityId,
    competitorId: r.competitorId,
    competitorName: r.competitorName,
    pricePositioning: r.pricePositioning as PricePositioning,
    ourDifferentiator: r.ourDifferentiator,
    status: r.status as DealCompetitorStatus,
    notes: r.notes,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
