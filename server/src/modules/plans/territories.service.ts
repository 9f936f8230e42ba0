import type { Kysely } from 'kysely';
import type {
  Territory,
  TerritoryCreate,
  TerritoryPotential,
  TerritoryReassignResult,
  TerritoryUpdate,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { conflict, invalidField, notFound, stale } from '../../http/errors.js';
import { addDays, localDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { requiredText } from '../../lib/records.js';
import {
  authorize,
  teamSubtree,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
} from '../access/index.js';
import type { ResultsService } from '../results/index.js';
import { TerritoriesRepository, type TerritoryRow } from './territories.repository.js';

export type Clock = () => Date;

/** A territory's potential for a year, ranked (see potentials()). */
export type TerritoryPotentialRow = Omit<TerritoryPotential, 'rank' | 'teamName'>;

const parseList = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/** The 12 months that end today: from the day after today's date a year ago, to today. */
export function last12Months(today: string): { from: string; to: string } {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return { from: addDays(d.toISOString().slice(0, 10), 1), to: today };
}

/**
 * A market's size for `year`: its recorded size for size_year, grown (or shrunk) by its yearly
 * growth for each year between, rounded to the fen.
 */
export function marketSizeFor(m: { size: number; sizeYear: number; growthBp: number }, year: number): number {
  return Math.round(Number(m.size) * Math.pow(1 + m.growthBp / 10_000, year - m.sizeYear));
}

/**
 * Territories: regions (and optionally industries) covered by a team. Accounts follow them: an
 * account's territory is set from its region and industry whenever it is created or changes, and
 * every account of the organisation is re-evaluated when a territory changes.
 */
export class TerritoriesService {
  private readonly repo: TerritoriesRepository;
  /** The clock "the last 12 months" are counted back from; tests move it. */
  clock: Clock = () => new Date();

  constructor(
    db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly results: Pick<ResultsService, 'measure'>,
  ) {
    this.repo = new TerritoriesRepository(db);
  }

  async list(actor: Actor): Promise<Territory[]> {
    authorize(actor, 'territory', 'read');
    const [rows, dir, counts] = await Promise.all([
      this.repo.list(actor.orgId),
      this.directory.get(actor.orgId),
      this.repo.accountCounts(actor.orgId),
    ]);
    return rows.map((r) => toTerritory(r, dir, counts.byTerritory.get(r.id)?.all ?? 0));
  }

  async get(actor: Actor, id: string): Promise<Territory> {
    authorize(actor, 'territory', 'read');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Territory');
    const [dir, counts] = await Promise.all([
      this.directory.get(actor.orgId),
      this.repo.accountCounts(actor.orgId),
    ]);
    return toTerritory(row, dir, counts.byTerritory.get(id)?.all ?? 0);
  }

  async create(actor: Actor, input: TerritoryCreate): Promise<Territory> {
    authorize(actor, 'territory', 'create');
    const dir = await this.directory.get(actor.orgId);
    const name = requiredText(input.name);
    await this.checkName(actor.orgId, name, null);
    checkTeam(dir, input.teamId ?? null);
    const at = new Date().toISOString();
    const row: TerritoryRow = {
      id: newId(),
      orgId: actor.orgId,
      name,
      regions: JSON.stringify(uniq(input.regions)),
      industries: JSON.stringify(uniq(input.industries ?? [])),
      teamId: input.teamId ?? null,
      headcount: input.headcount ?? 0,
      priority: input.priority ?? 0,
      description: input.description ?? null,
      active: input.active === false ? 0 : 1,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.repo.insert(row);
    await this.repo.assign(actor.orgId);
    return this.get(actor, row.id);
  }

  async update(actor: Actor, id: string, input: TerritoryUpdate): Promise<Territory> {
    authorize(actor, 'territory', 'update');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Territory');
    const patch: Record<string, unknown> = { updatedAt: new Date().toISOString() };
    if (input.name !== undefined) {
      patch.name = requiredText(input.name);
      await this.checkName(actor.orgId, patch.name as string, id);
    }
    if (input.regions !== undefined) patch.regions = JSON.stringify(uniq(input.regions));
    if (input.industries !== undefined) patch.industries = JSON.stringify(uniq(input.industries));
    if (input.teamId !== undefined) {
      checkTeam(await this.directory.get(actor.orgId), input.teamId);
      patch.teamId = input.teamId;
    }
    if (input.headcount !== undefined) patch.headcount = input.headcount;
    if (input.priority !== undefined) patch.priority = input.priority;
    if (input.description !== undefined) patch.description = input.description;
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    if (!(await this.repo.update(actor.orgId, id, input.version, patch))) throw stale('Territory');
    await this.repo.assign(actor.orgId);
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'territory', 'delete');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Territory');
    const lines = await this.repo.countBudgetLines(actor.orgId, id);
    if (lines > 0)
      throw conflict(
        `${lines} budget lines are planned for this territory; move them or deactivate the territory`,
      );
    await this.repo.delete(actor.orgId, id);
    // its accounts may belong to another territory now
    await this.repo.assign(actor.orgId);
  }

  /** POST /territories/reassign: every account of the organisation re-evaluated in one statement. */
  async reassign(actor: Actor): Promise<TerritoryReassignResult> {
    authorize(actor, 'territory', 'update');
    const moved = await this.repo.assign(actor.orgId);
    const counts = await this.repo.accountCounts(actor.orgId);
    const assigned = [...counts.byTerritory.values()].reduce((s, c) => s + c.all, 0);
    return { moved, assigned, unassigned: counts.total - assigned };
  }

  /** Every account of the organisation placed again (seeds and imports); how many moved. */
  assignAll(orgId: string): Promise<number> {
    return this.repo.assign(orgId);
  }

  /** The hook AccountsService calls after an account is created or its region or industry changes. */
  async place(orgId: string, accountId: string, db?: Kysely<Database>): Promise<void> {
    await (db ? new TerritoriesRepository(db) : this.repo).assign(orgId, accountId);
  }

  async territoryOf(orgId: string, accountId: string): Promise<{ id: string; name: string } | null> {
    const r = await this.repo.territoryOf(orgId, accountId);
    return r?.territoryId ? { id: r.territoryId, name: r.name ?? '' } : null;
  }

  async names(orgId: string): Promise<Map<string, string>> {
    return this.repo.names(orgId);
  }

  /** GET /territories/potentials: the ranking, for those who may read territories. */
  async ranking(actor: Actor, year?: number): Promise<{ year: number; items: TerritoryPotential[] }> {
    authorize(actor, 'territory', 'read');
    const y = year ?? Number(localDate(this.clock()).slice(0, 4));
    const [rows, dir] = await Promise.all([this.potentials(actor.orgId, y), this.directory.get(actor.orgId)]);
    return {
      year: y,
      items: rows.map((r, i) => ({
        ...r,
        rank: i + 1,
        teamName: r.teamId ? (dir.teams.get(r.teamId)?.name ?? null) : null,
      })),
    };
  }

  /**
   * Every active territory's potential for `year`, highest first (the targets module cascades by
   * it; no scope check: callers check theirs).
   * - marketSize: Σ sizes for the year of the active markets whose region is one of the
   *   territory's regions (and whose industry, when the territory lists industries, is one of them
   *   or unspecified), plus the nationwide markets (no region) pro-rated by the territory's share
   *   of the organisation's accounts. Markets are taken as disjoint segments.
   * - ourRevenue: revenue (won deals) of the territory's accounts over the 12 months ending today.
   * - potential: the headroom marketSize − ourRevenue, never below 0.
   */
  /** The markets module's sizes per year (its recorded history); without it, size_year grown by growth. */
  useMarketSizes(fn: (orgId: string, year: number) => Promise<Map<string, number>>): void {
    this.marketSizes = fn;
  }
  private marketSizes: ((orgId: string, year: number) => Promise<Map<string, number>>) | null = null;

  async potentials(orgId: string, year: number): Promise<TerritoryPotentialRow[]> {
    const range = last12Months(localDate(this.clock()));
    const [territories, markets, counts, revenue, dir, recorded] = await Promise.all([
      this.repo.list(orgId),
      this.repo.activeMarkets(orgId),
      this.repo.accountCounts(orgId),
      this.results.measure(orgId, 'revenue', range, { groupBy: 'territory' }),
      this.directory.get(orgId),
      this.marketSizes?.(orgId, year),
    ]);
    const sizeOf = (m: (typeof markets)[number]) => recorded?.get(m.id) ?? marketSizeFor(m, year);
    const revenueOf = new Map(revenue.map((r) => [r.key, r.value]));
    const out: TerritoryPotentialRow[] = [];
    for (const t of territories) {
      if (t.active !== 1) continue;
      const regions = new Set(parseList(t.regions));
      const industries = new Set(parseList(t.industries));
      const fits = (industry: string | null) =>
        industries.size === 0 || industry === null || industries.has(industry);
      let regionalSize = 0;
      let regionalMarkets = 0;
      let nationwideSize = 0;
      let nationwideMarkets = 0;
      for (const m of markets) {
        if (!fits(m.industry)) continue;
        if (m.region === null) {
          nationwideSize += sizeOf(m);
          nationwideMarkets++;
        } else if (regions.has(m.region)) {
          regionalSize += sizeOf(m);
          regionalMarkets++;
        }
      }
      const c = counts.byTerritory.get(t.id) ?? { all: 0, owned: 0 };
      const accountShareBp = counts.total ? Math.round((c.all * 10_000) / counts.total) : 0;
      const nationwidePart = counts.total ? Math.round((nationwideSize * c.all) / counts.total) : 0;
      const marketSize = regionalSize + nationwidePart;
      const ourRevenue = revenueOf.get(t.id) ?? 0;
      const members = t.teamId
        ? (() => {
            const teams = teamSubtree(dir, t.teamId!);
            return [...dir.users.values()].filter((u) => u.active && u.teamId && teams.has(u.teamId)).length;
          })()
        : 0;
      out.push({
        territoryId: t.id,
        teamId: t.teamId,
        name: t.name,
        marketSize,
        ourRevenue,
        shareBp: marketSize > 0 ? Math.round((ourRevenue * 10_000) / marketSize) : 0,
        customers: c.owned,
        headcount: t.headcount,
        members,
        potential: Math.max(0, marketSize - ourRevenue),
        factors: {
          regionalMarkets,
          regionalSize,
          nationwideMarkets,
          nationwideSize: nationwidePart,
          accountShareBp,
          revenueFrom: range.from,
          revenueTo: range.to,
        },
      });
    }
    return out.sort(
      (a, b) => b.potential - a.potential || b.marketSize - a.marketSize || a.name.localeCompare(b.name),
    );
  }

  private async checkName(orgId: string, name: string, selfId: string | null) {
    const other = await this.repo.findByName(orgId, name);
    if (other && other.id !== selfId)
      throw conflict(`A territory named ${name} already exists`, [{ path: 'name', message: 'already used' }]);
  }
}

function uniq<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}

function checkTeam(dir: OrgDirectory, teamId: string | null) {
  if (teamId && !dir.teams.has(teamId)) throw invalidField('teamId', 'no such team');
}

function toTerritory(r: TerritoryRow, dir: OrgDirectory, accounts: number): Territory {
  return {
    id: r.id,
    name: r.name,
    regions: parseList(r.regions) as Territory['regions'],
    industries: parseList(r.industries) as Territory['industries'],
    teamId: r.teamId,
    teamName: r.teamId ? (dir.teams.get(r.teamId)?.name ?? null) : null,
    headcount: r.headcount,
    priority: r.priority,
    description: r.description,
    active: r.active === 1,
    accounts,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
