import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { LeadListQuery } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database, LeadsTable } from '../../db/schema.js';
import { leadKeys } from '../../lib/dedupe-keys.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { likePattern } from '../../lib/text.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';
import { pooledIn } from '../pools/index.js';

export type LeadRow = Omit<LeadsTable, 'version'> & { version: number };

export class LeadsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * `owners` limits owned leads; `pooled` says which leads in pools (no owner) show beside them:
   * false none, null every pool, else those pools.
   */
  list(
    orgId: string,
    owners: OwnerFilter,
    pooled: null | { poolIds: string[]; unpooled: boolean } | false,
    query: LeadListQuery,
    sort: SortSpec,
    limit: number,
    /** An extra condition from another module (a saved segment's members). */
    extra?: (eb: ExpressionBuilder<Database, 'leads'>) => Expression<SqlBool>,
  ): Promise<LeadRow[]> {
    let qb = this.db.selectFrom('leads').selectAll().where('orgId', '=', orgId);
    if (extra) qb = qb.where(extra);
    if (owners)
      qb = qb.where((eb) =>
        pooled === false
          ? ownerIn('leads.ownerId', owners)
          : eb.or([ownerIn('leads.ownerId', owners), pooledIn('leads.ownerId', 'leads.poolId', pooled)]),
      );
    else if (pooled === false) qb = qb.where('ownerId', 'is not', null);
    if (query.status) qb = qb.where('status', '=', query.status);
    if (query.source) qb = qb.where('source', '=', query.source);
    if (query.region) qb = qb.where('region', '=', query.region);
    if (query.scoreMin !== undefined) qb = qb.where('score', '>=', query.scoreMin);
    if (query.scoreMax !== undefined) qb = qb.where('score', '<=', query.scoreMax);
    // keyset pages need a value to continue from: a lead not scored yet (bulk-loaded, until the
    // nightly job) is left out of a list sorted by score
    if (sort.field === 'score') qb = qb.where('score', 'is not', null);
    if (query.q) {
      const p = likePattern(query.q);
      qb = qb.where((eb) =>
        eb.or([
          this.dialect.ilike('leads.name', p),
          this.dialect.ilike('leads.company', p),
          eb('phone', 'like', p),
          this.dialect.ilike('leads.email', p),
        ]),
      );
    }
    return applyKeyset(qb, sort, 'leads.id', query.cursor, limit).execute();
  }

  get(orgId: string, id: string): Promise<LeadRow | undefined> {
    return this.db
      .selectFrom('leads')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async insert(row: LeadRow): Promise<void> {
    await this.db
      .insertInto('leads')
      .values({ ...row, ...leadKeys(row) })
      .execute();
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('activities')
      .where('orgId', '=', orgId)
      .where('relatedType', '=', 'lead')
      .where('relatedId', '=', id)
      .execute();
    await this.db.deleteFrom('leads').where('orgId', '=', orgId).where('id', '=', id).execute();
  }
}
