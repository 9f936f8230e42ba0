import type { Kysely } from 'kysely';
import type { ContractListQuery, LineItem } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type {
  ContractAttachmentsTable,
  ContractItemsTable,
  ContractsTable,
  Database,
} from '../../db/schema.js';
import { nextCounter } from '../../lib/counters.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { likePattern } from '../../lib/text.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

export type ContractRow = Omit<ContractsTable, 'version'> & { version: number };
export type ContractJoined = ContractRow & { accountName: string };
export const DEFAULT_SETTINGS = { numberPrefix: 'HT', expiryReminderDays: 30, paymentReminderDays: 7 };

export class ContractsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  private base(orgId: string) {
    return this.db
      .selectFrom('contracts')
      .innerJoin('accounts', 'accounts.id', 'contracts.accountId')
      .selectAll('contracts')
      .select('accounts.name as accountName')
      .where('contracts.orgId', '=', orgId);
  }

  list(orgId: string, owners: OwnerFilter, query: ContractListQuery, sort: SortSpec, limit: number) {
    let qb = this.base(orgId);
    if (owners) qb = qb.where(ownerIn('contracts.ownerId', owners));
    if (query.accountId) qb = qb.where('contracts.accountId', '=', query.accountId);
    if (query.opportunityId) qb = qb.where('contracts.opportunityId', '=', query.opportunityId);
    if (query.status) qb = qb.where('contracts.status', '=', query.status);
    if (query.paymentStatus) qb = qb.where('contracts.paymentStatus', '=', query.paymentStatus);
    if (query.endFrom) qb = qb.where('contracts.endDate', '>=', query.endFrom);
    if (query.endTo) qb = qb.where('contracts.endDate', '<=', query.endTo);
    if (query.q) {
      const p = likePattern(query.q);
      qb = qb.where((eb) =>
        eb.or([
          this.dialect.ilike('contracts.name', p),
          this.dialect.ilike('contracts.number', p),
          this.dialect.ilike('accounts.name', p),
        ]),
      );
    }
    return applyKeyset(qb, sort, 'contracts.id', query.cursor, limit).execute();
  }

  get(orgId: string, id: string): Promise<ContractJoined | undefined> {
    return this.base(orgId).where('contracts.id', '=', id).executeTakeFirst();
  }

  items(orgId: string, id: string): Promise<LineItem[]> {
    return this.db
      .selectFrom('contractItems as i')
      .innerJoin('products as p', 'p.id', 'i.productId')
      .select([
        'i.id',
        'i.productId',
        'p.name as productName',
        'p.sku',
        'i.quantity',
        'i.unitPrice',
        'i.discountBp',
        'i.amount',
      ])
      .where('i.orgId', '=', orgId)
      .where('i.contractId', '=', id)
      .orderBy('i.position')
      .execute();
  }

  products(orgId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('products')
      .select(['id', 'listPrice', 'unitCost', 'active'])
      .where('orgId', '=', orgId)
      .where('id', 'in', ids)
      .execute();
  }

  async insert(row: ContractRow, items: Omit<ContractItemsTable, 'orgId' | 'contractId'>[]) {
    await this.db.insertInto('contracts').values(row).execute();
    if (items.length)
      await this.db
        .insertInto('contractItems')
        .values(items.map((i) => ({ ...i, orgId: row.orgId, contractId: row.id })))
        .execute();
  }

  nextCounter(orgId: string, name: string): Promise<number> {
    return nextCounter(this.db, orgId, name);
  }

  async settings(orgId: string) {
    const row = await this.db
      .selectFrom('contractSettings')
      .select(['numberPrefix', 'expiryReminderDays', 'paymentReminderDays'])
      .where('orgId', '=', orgId)
      .executeTakeFirst();
    return row ?? DEFAULT_SETTINGS;
  }

  async saveSettings(orgId: string, s: typeof DEFAULT_SETTINGS, at: string) {
    await this.db
      .insertInto('contractSettings')
      .values({ orgId, ...s, updatedAt: at })
      .onConflict((oc) => oc.column('orgId').doUpdateSet({ ...s, updatedAt: at }))
      .execute();
  }

  /**
   * Moves the contract's status from one of `from` to `to` (and bumps its version); false when
   * it was not in one of them or, with a version, someone changed it first.
   */
  async setStatus(
    orgId: string,
    id: string,
    from: string[],
    to: string,
    at: string,
    version?: number,
    approvalRequestId?: string,
  ) {
    let qb = this.db
      .updateTable('contracts')
      .set((eb) => ({
        status: to,
        updatedAt: at,
        version: eb('version', '+', 1),
        ...(approvalRequestId ? { approvalRequestId } : {}),
      }))
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .where('status', 'in', from);
    if (version !== undefined) qb = qb.where('version', '=', version);
    const r = await qb.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The line items with the catalogue's list price and cost, for the approval conditions. */
  itemsForApproval(orgId: string, contractId: string) {
    return this.db
      .selectFrom('contractItems as i')
      .innerJoin('products as p', 'p.id', 'i.productId')
      .select(['i.productId', 'i.quantity', 'i.amount', 'p.listPrice', 'p.unitCost'])
      .where('i.orgId', '=', orgId)
      .where('i.contractId', '=', contractId)
      .execute();
  }

  async markVoided(orgId: string, id: string, version: number, reason: string, at: string) {
    const r = await this.db
      .updateTable('contracts')
      .set({
        status: 'voided',
        paymentStatus: 'voided',
        voidReason: reason,
        voidedAt: at,
        updatedAt: at,
        version: version + 1,
      })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Active contracts whose end date has passed become expired (every organisation). */
  async expireEnded(today: string, at: string) {
    const r = await this.db
      .updateTable('contracts')
      .set({ status: 'expired', updatedAt: at })
      .where('status', '=', 'active')
      .where('endDate', '<', today)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Organisations and their reminder windows; those without settings use the defaults. */
  async reminderWindows() {
    const orgs = await this.db
      .selectFrom('organizations')
      .leftJoin('contractSettings as s', 's.orgId', 'organizations.id')
      .select(['organizations.id as orgId', 's.expiryReminderDays', 's.paymentReminderDays'])
      .execute();
    return orgs.map((o) => ({
      orgId: o.orgId,
      expiryReminderDays: o.expiryReminderDays ?? DEFAULT_SETTINGS.expiryReminderDays,
      paymentReminderDays: o.paymentReminderDays ?? DEFAULT_SETTINGS.paymentReminderDays,
    }));
  }

  endingBetween(orgId: string, from: string, to: string) {
    return this.db
      .selectFrom('contracts')
      .select(['id', 'endDate', 'ownerId'])
      .where('orgId', '=', orgId)
      .where('status', '=', 'active')
      .where('endDate', '>=', from)
      .where('endDate', '<=', to)
      .execute();
  }

  /** Records reminders; one already recorded for the same thing and date is kept as it was. */
  async addReminders(
    rows: {
      id: string;
      orgId: string;
      kind: string;
      contractId: string;
      refId: string;
      dueDate: string;
      ownerId: string;
      createdAt: string;
    }[],
  ): Promise<number> {
    let n = 0;
    for (const row of rows) {
      const r = await this.db
        .insertInto('contractReminders')
        .values(row)
        .onConflict((oc) => oc.columns(['orgId', 'kind', 'refId', 'dueDate']).doNothing())
        .executeTakeFirst();
      n += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return n;
  }

  reminders(orgId: string, owners: OwnerFilter, from: string, limit: number) {
    let qb = this.db
      .selectFrom('contractReminders as r')
      .innerJoin('contracts as c', 'c.id', 'r.contractId')
      .select([
        'r.id',
        'r.kind',
        'r.contractId',
        'c.number as contractNumber',
        'c.name as contractName',
        'r.refId',
        'r.dueDate',
        'r.ownerId',
        'r.createdAt',
      ])
      .where('r.orgId', '=', orgId)
      .where('r.dueDate', '>=', from);
    if (owners) qb = qb.where(ownerIn('r.ownerId', owners));
    return qb.orderBy('r.dueDate').orderBy('r.id').limit(limit).execute();
  }

  attachments(orgId: string, contractId: string) {
    return this.db
      .selectFrom('contractAttachments')
      .select(['id', 'contractId', 'filename', 'contentType', 'size', 'uploadedBy', 'createdAt'])
      .where('orgId', '=', orgId)
      .where('contractId', '=', contractId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  }

  attachment(orgId: string, id: string) {
    return this.db
      .selectFrom('contractAttachments')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async addAttachment(row: ContractAttachmentsTable) {
    await this.db.insertInto('contractAttachments').values(row).execute();
  }

  async deleteAttachment(orgId: string, id: string) {
    await this.db.deleteFrom('contractAttachments').where('orgId', '=', orgId).where('id', '=', id).execute();
  }
}
