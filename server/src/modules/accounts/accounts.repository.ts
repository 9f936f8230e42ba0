import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { AccountListQuery } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { AccountsTable, Database } from '../../db/schema.js';
import { accountKeys } from '../../lib/dedupe-keys.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { likePattern } from '../../lib/text.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';
import { pooledIn } from '../pools/index.js';

export type AccountRow = Omit<AccountsTable, 'version'> & { version: number };

export class AccountsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  list(
    orgId: string,
    owners: OwnerFilter,
    query: AccountListQuery,
    sort: SortSpec,
    limit: number,
    /** An extra condition from another module (a saved segment's members). */
    extra?: (eb: ExpressionBuilder<Database, 'accounts'>) => Expression<SqlBool>,
    /** Pooled accounts (no owner) shown beside the owned ones: false none, null every pool. */
    pooled: null | { poolIds: string[]; unpooled: boolean } | false = false,
  ): Promise<AccountRow[]> {
    let qb = this.db.selectFrom('accounts').selectAll().where('orgId', '=', orgId);
    if (extra) qb = qb.where(extra);
    if (owners)
      qb = qb.where((eb) =>
        pooled === false
          ? ownerIn('accounts.ownerId', owners)
          : eb.or([
              ownerIn('accounts.ownerId', owners),
              pooledIn('accounts.ownerId', 'accounts.poolId', pooled),
            ]),
      );
    else if (pooled === false) qb = qb.where('ownerId', 'is not', null);
    if (query.industry) qb = qb.where('industry', '=', query.industry);
    if (query.region) qb = qb.where('region', '=', query.region);
    if (query.level) qb = qb.where('level', '=', query.level);
    if (query.source) qb = qb.where('source', '=', query.source);
    if (query.q) {
      const p = likePattern(query.q);
      qb = qb.where((eb) =>
        eb.or([
          this.dialect.ilike('accounts.name', p),
          eb('phone', 'like', p),
          eb('creditCode', '=', query.q!.trim()),
        ]),
      );
    }
    return applyKeyset(qb, sort, 'accounts.id', query.cursor, limit).execute();
  }

  get(orgId: string, id: string): Promise<AccountRow | undefined> {
    return this.db
      .selectFrom('accounts')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findByCreditCode(orgId: string, creditCode: string) {
    return this.db
      .selectFrom('accounts')
      .select(['id', 'name'])
      .where('orgId', '=', orgId)
      .where('creditCode', '=', creditCode)
      .executeTakeFirst();
  }

  async insert(row: AccountRow): Promise<void> {
    await this.db
      .insertInto('accounts')
      .values({ ...row, ...accountKeys(row) })
      .execute();
  }

  async countDependents(orgId: string, id: string) {
    const count = async (table: 'contacts' | 'opportunities') =>
      Number(
        (
          await this.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('orgId', '=', orgId)
            .where('accountId', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { contacts: await count('contacts'), opportunities: await count('opportunities') };
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('activities')
      .where('orgId', '=', orgId)
      .where('relatedType', '=', 'account')
      .where('relatedId', '=', id)
      .execute();
    await this.db
      .updateTable('activities')
      .set({ accountId: null })
      .where('orgId', '=', orgId)
      .where('accountId', '=', id)
      .execute();
    await this.db.deleteFrom('accounts').where('orgId', '=', orgId).where('id', '=', id).execute();
  }
}
