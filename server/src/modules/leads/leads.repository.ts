import type { Kysely } from 'kysely';
import type { LeadListQuery } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database, LeadsTable } from '../../db/schema.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { likePattern } from '../../lib/text.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

export type LeadRow = Omit<LeadsTable, 'version'> & { version: number };

export class LeadsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** `owners` limits owned leads; leads in the shared pool (no owner) show when `pool` is true. */
  list(
    orgId: string,
    owners: OwnerFilter,
    pool: boolean,
    query: LeadListQuery,
    sort: SortSpec,
    limit: number,
  ): Promise<LeadRow[]> {
    let qb = this.db.selectFrom('leads').selectAll().where('orgId', '=', orgId);
    if (owners)
      qb = qb.where((eb) =>
        pool
          ? eb.or([ownerIn('leads.ownerId', owners), eb('ownerId', 'is', null)])
          : ownerIn('leads.ownerId', owners),
      );
    else if (!pool) qb = qb.where('ownerId', 'is not', null);
    if (query.status) qb = qb.where('status', '=', query.status);
    if (query.source) qb = qb.where('source', '=', query.source);
    if (query.region) qb = qb.where('region', '=', query.region);
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
    await this.db.insertInto('leads').values(row).execute();
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
