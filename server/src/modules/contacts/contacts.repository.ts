import type { Kysely } from 'kysely';
import type { ContactListQuery } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { ContactsTable, Database } from '../../db/schema.js';
import { contactKeys } from '../../lib/dedupe-keys.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { likePattern } from '../../lib/text.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';
import { pooledIn } from '../pools/index.js';

export type ContactRow = Omit<ContactsTable, 'version'> & { version: number };
/** With its account's name, and its account's owner and pool (a pooled account's contacts are pooled). */
export type ContactWithAccount = ContactRow & {
  accountName: string | null;
  accountOwnerId: string | null;
  accountPoolId: string | null;
};

export class ContactsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  private base(orgId: string) {
    return this.db
      .selectFrom('contacts')
      .leftJoin('accounts', 'accounts.id', 'contacts.accountId')
      .selectAll('contacts')
      .select([
        'accounts.name as accountName',
        'accounts.ownerId as accountOwnerId',
        'accounts.poolId as accountPoolId',
      ])
      .where('contacts.orgId', '=', orgId);
  }

  list(
    orgId: string,
    owners: OwnerFilter,
    query: ContactListQuery,
    sort: SortSpec,
    limit: number,
    /** Contacts of pooled accounts shown beside the owned ones: false none, null every pool. */
    pooled: null | { poolIds: string[]; unpooled: boolean } | false = false,
  ): Promise<ContactWithAccount[]> {
    let qb = this.base(orgId);
    if (owners)
      qb = qb.where((eb) =>
        pooled === false
          ? ownerIn('contacts.ownerId', owners)
          : eb.or([
              ownerIn('contacts.ownerId', owners),
              eb.and([
                eb('contacts.ownerId', 'is', null),
                eb('contacts.accountId', 'is not', null),
                pooledIn('accounts.ownerId', 'accounts.poolId', pooled),
              ]),
            ]),
      );
    else if (pooled === false) qb = qb.where('contacts.ownerId', 'is not', null);
    if (query.accountId) qb = qb.where('contacts.accountId', '=', query.accountId);
    if (query.decisionRole) qb = qb.where('contacts.decisionRole', '=', query.decisionRole);
    if (query.q) {
      const p = likePattern(query.q);
      qb = qb.where((eb) =>
        eb.or([
          this.dialect.ilike('contacts.name', p),
          eb('contacts.phone', 'like', p),
          this.dialect.ilike('contacts.email', p),
          eb('contacts.wechat', 'like', p),
        ]),
      );
    }
    return applyKeyset(qb, sort, 'contacts.id', query.cursor, limit).execute();
  }

  get(orgId: string, id: string): Promise<ContactWithAccount | undefined> {
    return this.base(orgId).where('contacts.id', '=', id).executeTakeFirst();
  }

  async insert(row: ContactRow): Promise<void> {
    await this.db
      .insertInto('contacts')
      .values({ ...row, ...contactKeys(row) })
      .execute();
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('activities')
      .where('orgId', '=', orgId)
      .where('relatedType', '=', 'contact')
      .where('relatedId', '=', id)
      .execute();
    await this.db.deleteFrom('contacts').where('orgId', '=', orgId).where('id', '=', id).execute();
  }
}
