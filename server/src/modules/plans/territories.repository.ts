import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { REGIONS } from '@tuoke/shared';
import type { Database, TerritoriesTable } from '../../db/schema.js';
import { updateIfVersion } from '../../lib/records.js';

export type TerritoryRow = Omit<
  TerritoriesTable,
  'version' | 'regions' | 'industries' | 'headcount' | 'priority' | 'active'
> & {
  regions: string;
  industries: string;
  headcount: number;
  priority: number;
  active: number;
  version: number;
};

/**
 * The territory an account belongs to, as one correlated subquery: an active territory of the
 * account's organisation whose regions hold the account's region and whose industries (empty =
 * all) hold its industry. Overlaps go to the highest priority, then the more specific one (an
 * industry list before "every industry", fewer regions before more: every region name has the
 * same length, so the JSON text's length orders by count), then by name and id so the choice is
 * stable. Regions and industries are stored as JSON arrays of closed-list values, so a quoted
 * LIKE is an exact element match; the account's region must be one of REGIONS (free text could
 * hold a LIKE wildcard).
 */
function bestTerritory(eb: ExpressionBuilder<Database, 'accounts'>) {
  return eb
    .selectFrom('territories as t')
    .select('t.id')
    .whereRef('t.orgId', '=', 'accounts.orgId')
    .where('t.active', '=', 1)
    .where('accounts.region', 'in', [...REGIONS])
    .where('t.regions', 'like', sql<string>`'%"' || ${sql.ref('accounts.region')} || '"%'`)
    .where((w) =>
      w.or([
        w('t.industries', '=', '[]'),
        w.and([
          w('accounts.industry', 'is not', null),
          w('t.industries', 'like', sql<string>`'%"' || ${sql.ref('accounts.industry')} || '"%'`),
        ]),
      ]),
    )
    .orderBy('t.priority', 'desc')
    .orderBy(sql`case when ${sql.ref('t.industries')} = '[]' then 1 else 0 end`)
    .orderBy(sql`length(${sql.ref('t.regions')})`)
    .orderBy('t.name')
    .orderBy('t.id')
    .limit(1);
}

export class TerritoriesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  list(orgId: string): Promise<TerritoryRow[]> {
    return this.db
      .selectFrom('territories')
      .selectAll()
      .where('orgId', '=', orgId)
      .orderBy('priority', 'desc')
      .orderBy('name')
      .execute() as Promise<TerritoryRow[]>;
  }

  get(orgId: string, id: string): Promise<TerritoryRow | undefined> {
    return this.db
      .selectFrom('territories')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst() as Promise<TerritoryRow | undefined>;
  }

  async names(orgId: string): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('territories')
      .select(['id', 'name'])
      .where('orgId', '=', orgId)
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  findByName(orgId: string, name: string) {
    return this.db
      .selectFrom('territories')
      .select('id')
      .where('orgId', '=', orgId)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  async insert(row: TerritoryRow): Promise<void> {
    await this.db.insertInto('territories').values(row).execute();
  }

  async update(orgId: string, id: string, version: number, patch: Record<string, unknown>): Promise<boolean> {
    return updateIfVersion(this.db, 'territories', { orgId, id, version }, patch);
  }

  countBudgetLines(orgId: string, id: string) {
    return this.db
      .selectFrom('budgetLines')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('orgId', '=', orgId)
      .where('territoryId', '=', id)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('accounts')
        .set({ territoryId: null })
        .where('orgId', '=', orgId)
        .where('territoryId', '=', id)
        .execute();
      await trx.deleteFrom('territories').where('orgId', '=', orgId).where('id', '=', id).execute();
    });
  }

  /**
   * Sets territory_id of the organisation's accounts (or of one account) to the territory they
   * belong to, in one UPDATE; only rows whose territory changes are written. Returns how many.
   */
  async assign(orgId: string, accountId?: string): Promise<number> {
    let qb = this.db
      .updateTable('accounts')
      .set((eb) => ({ territoryId: bestTerritory(eb) }))
      .where('orgId', '=', orgId)
      .where((eb) =>
        eb(
          eb.fn.coalesce('accounts.territoryId', sql.lit('')),
          '<>',
          eb.fn.coalesce(bestTerritory(eb), sql.lit('')),
        ),
      );
    if (accountId) qb = qb.where('id', '=', accountId);
    const r = await qb.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async accountCounts(
    orgId: string,
  ): Promise<{ total: number; byTerritory: Map<string, { all: number; owned: number }> }> {
    const rows = await this.db
      .selectFrom('accounts')
      .select((eb) => [
        'territoryId',
        eb.fn.countAll<number>().as('all'),
        eb.fn.count<number>('ownerId').as('owned'),
      ])
      .where('orgId', '=', orgId)
      .groupBy('territoryId')
      .execute();
    const byTerritory = new Map<string, { all: number; owned: number }>();
    let total = 0;
    for (const r of rows) {
      total += Number(r.all);
      if (r.territoryId) byTerritory.set(r.territoryId, { all: Number(r.all), owned: Number(r.owned) });
    }
    return { total, byTerritory };
  }

  activeMarkets(orgId: string) {
    return this.db
      .selectFrom('markets')
      .select(['id', 'region', 'industry', 'size', 'sizeYear', 'growthBp'])
      .where('orgId', '=', orgId)
      .where('active', '=', 1)
      .execute();
  }

  territoryOf(orgId: string, accountId: string) {
    return this.db
      .selectFrom('accounts')
      .leftJoin('territories', (j) =>
        j
          .onRef('territories.id', '=', 'accounts.territoryId')
          .onRef('territories.orgId', '=', 'accounts.orgId'),
      )
      .select(['accounts.territoryId', 'territories.name'])
      .where('accounts.orgId', '=', orgId)
      .where('accounts.id', '=', accountId)
      .executeTakeFirst();
  }
}
