import type { Kysely } from 'kysely';
import type { Database, NeedsRecordsTable } from '../../db/schema.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

export type NeedsRow = Omit<NeedsRecordsTable, 'version'> & { version: number };
export type NeedsJoined = NeedsRow & {
  accountName: string;
  accountOwnerId: string | null;
  opportunityName: string | null;
  contactName: string | null;
};

/** The only place that knows the needs_records table (and reads the contacts it points at). */
export class NeedsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  with(trx: Kysely<Database>) {
    return new NeedsRepository(trx);
  }

  private base(orgId: string) {
    return this.db
      .selectFrom('needsRecords as n')
      .innerJoin('accounts as a', 'a.id', 'n.accountId')
      .leftJoin('opportunities as o', 'o.id', 'n.opportunityId')
      .leftJoin('contacts as c', 'c.id', 'n.contactId')
      .selectAll('n')
      .select([
        'a.name as accountName',
        'a.ownerId as accountOwnerId',
        'o.name as opportunityName',
        'c.name as contactName',
      ])
      .where('n.orgId', '=', orgId);
  }

  get(orgId: string, id: string): Promise<NeedsJoined | undefined> {
    return this.base(orgId).where('n.id', '=', id).executeTakeFirst() as Promise<NeedsJoined | undefined>;
  }

  /** Records of accounts whose owner is in scope (null = all), newest first. */
  list(
    orgId: string,
    owners: OwnerFilter,
    filter: { accountId?: string; opportunityId?: string },
    limit: number,
  ): Promise<NeedsJoined[]> {
    let q = this.base(orgId);
    if (owners) q = q.where(ownerIn('a.ownerId', owners));
    if (filter.accountId) q = q.where('n.accountId', '=', filter.accountId);
    if (filter.opportunityId) q = q.where('n.opportunityId', '=', filter.opportunityId);
    return q.orderBy('n.updatedAt', 'desc').orderBy('n.id', 'desc').limit(limit).execute() as Promise<
      NeedsJoined[]
    >;
  }

  async insert(row: NeedsRow): Promise<void> {
    await this.db.insertInto('needsRecords').values(row).execute();
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('needsRecords').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  async proposalCount(orgId: string, needsId: string): Promise<number> {
    const r = await this.db
      .selectFrom('proposals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('orgId', '=', orgId)
      .where('needsId', '=', needsId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Contacts by id within the organisation, with the account each belongs to. */
  contacts(orgId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db
      .selectFrom('contacts')
      .select(['id', 'name', 'title', 'accountId'])
      .where('orgId', '=', orgId)
      .where('id', 'in', [...new Set(ids)])
      .execute();
  }

  opportunityNames(orgId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db
      .selectFrom('opportunities')
      .select(['id', 'name'])
      .where('orgId', '=', orgId)
      .where('id', 'in', [...new Set(ids)])
      .execute();
  }

  async responseOfAccount(orgId: string, responseId: string, accountId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('questionnaireResponses')
      .select('id')
      .where('orgId', '=', orgId)
      .where('id', '=', responseId)
      .where('accountId', '=', accountId)
      .executeTakeFirst();
    return r !== undefined;
  }

  changes(orgId: string, id: string, limit: number) {
    return this.db
      .selectFrom('fieldChanges')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('entityType', '=', 'needs_record')
      .where('entityId', '=', id)
      .orderBy('changedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
}
