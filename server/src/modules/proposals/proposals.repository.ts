import type { Kysely } from 'kysely';
import type { Database, ProposalItemsTable, ProposalSectionsTable, ProposalsTable } from '../../db/schema.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

export type ProposalRow = Omit<ProposalsTable, 'version'> & { version: number };
export type ProposalJoined = ProposalRow & {
  needsTitle: string;
  accountName: string;
  opportunityName: string | null;
  contactName: string | null;
};

/** The only place that knows the proposal tables. */
export class ProposalsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  with(trx: Kysely<Database>) {
    return new ProposalsRepository(trx);
  }

  private base(orgId: string) {
    return this.db
      .selectFrom('proposals as p')
      .innerJoin('needsRecords as n', 'n.id', 'p.needsId')
      .innerJoin('accounts as a', 'a.id', 'p.accountId')
      .leftJoin('opportunities as o', 'o.id', 'p.opportunityId')
      .leftJoin('contacts as c', 'c.id', 'p.contactId')
      .selectAll('p')
      .select([
        'n.title as needsTitle',
        'a.name as accountName',
        'o.name as opportunityName',
        'c.name as contactName',
      ])
      .where('p.orgId', '=', orgId);
  }

  get(orgId: string, id: string): Promise<ProposalJoined | undefined> {
    return this.base(orgId).where('p.id', '=', id).executeTakeFirst();
  }

  /** Proposals of accounts whose owner is in scope (null = all), newest first. */
  list(
    orgId: string,
    owners: OwnerFilter,
    filter: { accountId?: string; needsId?: string; opportunityId?: string; status?: string },
    limit: number,
  ): Promise<ProposalJoined[]> {
    let q = this.base(orgId);
    if (owners) q = q.where(ownerIn('a.ownerId', owners));
    if (filter.accountId) q = q.where('p.accountId', '=', filter.accountId);
    if (filter.needsId) q = q.where('p.needsId', '=', filter.needsId);
    if (filter.opportunityId) q = q.where('p.opportunityId', '=', filter.opportunityId);
    if (filter.status) q = q.where('p.status', '=', filter.status);
    return q.orderBy('p.updatedAt', 'desc').orderBy('p.id', 'desc').limit(limit).execute();
  }

  sections(orgId: string, proposalId: string) {
    return this.db
      .selectFrom('proposalSections')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('proposalId', '=', proposalId)
      .orderBy('position')
      .execute();
  }

  items(orgId: string, proposalId: string) {
    return this.db
      .selectFrom('proposalItems')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('proposalId', '=', proposalId)
      .orderBy('position')
      .execute();
  }

  async insert(row: ProposalRow, sections: ProposalSectionsTable[], items: ProposalItemsTable[]) {
    await this.db.insertInto('proposals').values(row).execute();
    await this.insertContent(sections, items);
  }

  private async insertContent(sections: ProposalSectionsTable[], items: ProposalItemsTable[]) {
    if (sections.length) await this.db.insertInto('proposalSections').values(sections).execute();
    if (items.length) await this.db.insertInto('proposalItems').values(items).execute();
  }

  async replaceContent(
    orgId: string,
    proposalId: string,
    sections: ProposalSectionsTable[],
    items: ProposalItemsTable[],
  ) {
    await this.db
      .deleteFrom('proposalItems')
      .where('orgId', '=', orgId)
      .where('proposalId', '=', proposalId)
      .execute();
    await this.db
      .deleteFrom('proposalSections')
      .where('orgId', '=', orgId)
      .where('proposalId', '=', proposalId)
      .execute();
    await this.insertContent(sections, items);
  }

  /** Optimistic update, optionally only from given statuses; false when nothing matched. */
  async cas(
    orgId: string,
    id: string,
    version: number,
    patch: Partial<ProposalRow>,
    fromStatuses?: string[],
  ): Promise<boolean> {
    let q = this.db
      .updateTable('proposals')
      .set({ ...patch, version: version + 1 })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .where('version', '=', version);
    if (fromStatuses) q = q.where('status', 'in', fromStatuses);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('proposals').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  products(orgId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db
      .selectFrom('products')
      .select(['id', 'sku', 'name', 'unit', 'listPrice', 'active'])
      .where('orgId', '=', orgId)
      .where('id', 'in', [...new Set(ids)])
      .execute();
  }

  contact(orgId: string, id: string) {
    return this.db
      .selectFrom('contacts')
      .select(['id', 'name', 'title', 'phone', 'email', 'accountId'])
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  user(orgId: string, id: string) {
    return this.db
      .selectFrom('users')
      .select(['name', 'email'])
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async orgName(orgId: string): Promise<string> {
    const r = await this.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', orgId)
      .executeTakeFirst();
    return r?.name ?? '';
  }
}
