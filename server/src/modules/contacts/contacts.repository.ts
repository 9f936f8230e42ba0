import type { Kysely } from 'kysely';
import type { ContactListQuery } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { ContactsTable, Database } from '../../db/schema.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { likePattern } from '../../lib/text.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

export type ContactRow = Omit<ContactsTable, 'version'> & { version: number };
export type ContactWithAccount = ContactRow & { accountName: string | null };

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
      .select('accounts.name as accountName')
      .where('contacts.orgId', '=', orgId);
  }

  list(
    orgId: string,
    owners: OwnerFilter,
    query: ContactListQuery,
    sort: SortSpec,
    limit: number,
  ): Promise<ContactWithAccount[]> {
    let qb = this.base(orgId);
    if (owners) qb = qb.where(ownerIn('contacts.ownerId', owners));
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
    await this.db.insertInto('contacts').values(row).execute();
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
