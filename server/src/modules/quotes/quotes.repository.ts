import type { Kysely } from 'kysely';
import type { Database, QuoteItemsTable, QuoteSharesTable, QuotesTable } from '../../db/schema.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

export type QuoteRow = Omit<QuotesTable, 'version'> & { version: number };
export type QuoteJoined = QuoteRow & {
  opportunityName: string;
  opportunityOwnerId: string;
  accountId: string;
  accountName: string;
};

/** The only place that knows the quote tables. */
export class QuotesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  with(trx: Kysely<Database>) {
    return new QuotesRepository(trx);
  }

  private base(orgId: string) {
    return this.db
      .selectFrom('quotes')
      .innerJoin('opportunities as o', 'o.id', 'quotes.opportunityId')
      .innerJoin('accounts as a', 'a.id', 'o.accountId')
      .selectAll('quotes')
      .select([
        'o.name as opportunityName',
        'o.ownerId as opportunityOwnerId',
        'a.id as accountId',
        'a.name as accountName',
      ])
      .where('quotes.orgId', '=', orgId);
  }

  get(orgId: string, id: string): Promise<QuoteJoined | undefined> {
    return this.base(orgId).where('quotes.id', '=', id).executeTakeFirst();
  }

  /** Quotes of opportunities whose owner is in scope (null = all), newest first. */
  list(
    orgId: string,
    owners: OwnerFilter,
    filter: { opportunityId?: string; status?: string },
    limit: number,
  ): Promise<QuoteJoined[]> {
    let q = this.base(orgId);
    if (owners) q = q.where(ownerIn('o.ownerId', owners));
    if (filter.opportunityId) q = q.where('quotes.opportunityId', '=', filter.opportunityId);
    if (filter.status) q = q.where('quotes.status', '=', filter.status);
    return q.orderBy('quotes.updatedAt', 'desc').orderBy('quotes.id', 'desc').limit(limit).execute();
  }

  items(orgId: string, quoteId: string) {
    return this.db
      .selectFrom('quoteItems')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('quoteId', '=', quoteId)
      .orderBy('position')
      .execute();
  }

  products(orgId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db
      .selectFrom('products')
      .select(['id', 'name', 'listPrice', 'unitCost', 'active', 'currency'])
      .where('orgId', '=', orgId)
      .where('id', 'in', ids)
      .execute();
  }

  async orgName(orgId: string): Promise<string> {
    const r = await this.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', orgId)
      .executeTakeFirst();
    return r?.name ?? '';
  }

  async insert(row: QuoteRow, items: QuoteItemsTable[]) {
    await this.db.insertInto('quotes').values(row).execute();
    if (items.length) await this.db.insertInto('quoteItems').values(items).execute();
  }

  async replaceItems(orgId: string, quoteId: string, items: QuoteItemsTable[]) {
    await this.db
      .deleteFrom('quoteItems')
      .where('orgId', '=', orgId)
      .where('quoteId', '=', quoteId)
      .execute();
    if (items.length) await this.db.insertInto('quoteItems').values(items).execute();
  }

  /** Optimistic update, optionally only from given statuses; false when nothing matched. */
  async cas(
    orgId: string,
    id: string,
    version: number | null,
    patch: Partial<QuoteRow>,
    fromStatuses?: string[],
  ): Promise<boolean> {
    let q = this.db
      .updateTable('quotes')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('orgId', '=', orgId)
      .where('id', '=', id);
    if (version !== null) q = q.where('version', '=', version);
    if (fromStatuses) q = q.where('status', 'in', fromStatuses);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async expireSent(today: string, at: string): Promise<number> {
    const r = await this.db
      .updateTable('quotes')
      .set((eb) => ({ status: 'expired', updatedAt: at, version: eb('version', '+', 1) }))
      .where('status', 'in', ['sent', 'approved'])
      .where('validUntil', '<', today)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async insertShare(row: QuoteSharesTable) {
    await this.db.insertInto('quoteShares').values(row).execute();
  }

  share(tokenHash: string) {
    return this.db
      .selectFrom('quoteShares')
      .selectAll()
      .where('tokenHash', '=', tokenHash)
      .executeTakeFirst();
  }

  async revokeShares(orgId: string, quoteId: string, at: string) {
    await this.db
      .updateTable('quoteShares')
      .set({ revokedAt: at })
      .where('orgId', '=', orgId)
      .where('quoteId', '=', quoteId)
      .where('revokedAt', 'is', null)
      .execute();
  }

  async markViewed(id: string, at: string) {
    await this.db
      .updateTable('quoteShares')
      .set({ viewedAt: at })
      .where('id', '=', id)
      .where('viewedAt', 'is', null)
      .execute();
  }
}
