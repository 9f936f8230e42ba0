import type { Kysely } from 'kysely';
import type { Database, InvoicesTable, PaymentPlansTable, PaymentsTable } from '../../db/schema.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

/**
 * Payment plans, payments and invoices. It also writes the contract's denormalised payment
 * columns (received, invoiced, payment status) in the same transaction as the change.
 */
export class PaymentsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Takes the contract's write lock for the rest of the transaction (a no-op UPDATE locks the
   * row on PostgreSQL; SQLite has one writer), so two payments cannot both pass the total check.
   */
  async lockContract(orgId: string, contractId: string) {
    await this.db
      .updateTable('contracts')
      .set((eb) => ({ version: eb.ref('version') }))
      .where('orgId', '=', orgId)
      .where('id', '=', contractId)
      .execute();
    return this.db
      .selectFrom('contracts')
      .select(['id', 'amount', 'status', 'ownerId'])
      .where('orgId', '=', orgId)
      .where('id', '=', contractId)
      .executeTakeFirstOrThrow();
  }

  plans(orgId: string, contractId: string) {
    return this.db
      .selectFrom('paymentPlans')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('contractId', '=', contractId)
      .orderBy('installment')
      .execute();
  }

  payments(orgId: string, contractId: string) {
    return this.db
      .selectFrom('payments')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('contractId', '=', contractId)
      .orderBy('receivedDate')
      .orderBy('id')
      .execute();
  }

  invoices(orgId: string, contractId: string) {
    return this.db
      .selectFrom('invoices')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('contractId', '=', contractId)
      .orderBy('invoiceDate')
      .orderBy('id')
      .execute();
  }

  payment(orgId: string, id: string) {
    return this.db
      .selectFrom('payments')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  contractSummary(orgId: string, id: string) {
    return this.db
      .selectFrom('contracts as c')
      .innerJoin('accounts as a', 'a.id', 'c.accountId')
      .select(['c.number', 'c.name', 'a.name as accountName', 'c.amount', 'c.receivedAmount', 'c.currency'])
      .where('c.orgId', '=', orgId)
      .where('c.id', '=', id)
      .executeTakeFirst();
  }

  invoice(orgId: string, id: string) {
    return this.db
      .selectFrom('invoices')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async insertPlan(row: PaymentPlansTable) {
    await this.db.insertInto('paymentPlans').values(row).execute();
  }

  async deletePlan(orgId: string, id: string) {
    await this.db.deleteFrom('paymentPlans').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  async insertPayment(row: PaymentsTable) {
    await this.db.insertInto('payments').values(row).execute();
  }

  /** Moves a payment between approval states; false when it was not in `from`. */
  async setPaymentStatus(orgId: string, id: string, from: string[], to: string, approvalRequestId?: string) {
    const r = await this.db
      .updateTable('payments')
      .set({ status: to, ...(approvalRequestId ? { approvalRequestId } : {}) })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async voidPayment(orgId: string, id: string, reason: string, at: string) {
    await this.db
      .updateTable('payments')
      .set({ voidReason: reason, voidedAt: at })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  async insertInvoice(row: InvoicesTable) {
    await this.db.insertInto('invoices').values(row).execute();
  }

  async voidInvoice(orgId: string, id: string, reason: string, at: string) {
    await this.db
      .updateTable('invoices')
      .set({ status: 'voided', voidReason: reason, voidedAt: at })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  async setPlanState(orgId: string, id: string, receivedAmount: number, status: string, at: string) {
    await this.db
      .updateTable('paymentPlans')
      .set({ receivedAmount, status, updatedAt: at })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  async setContractState(
    orgId: string,
    id: string,
    s: { receivedAmount: number; invoicedAmount: number; paymentStatus: string },
  ) {
    await this.db.updateTable('contracts').set(s).where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  /** Contracts (every organisation) with an open installment now past due but not yet marked overdue. */
  async contractsTurningOverdue(today: string) {
    const rows = await this.db
      .selectFrom('paymentPlans')
      .select(['orgId', 'contractId'])
      .distinct()
      .where('status', 'in', ['pending', 'partial'])
      .where('dueDate', '<', today)
      .execute();
    return rows;
  }

  openPlansDueBetween(orgId: string, from: string, to: string) {
    return this.db
      .selectFrom('paymentPlans as p')
      .innerJoin('contracts as c', 'c.id', 'p.contractId')
      .select(['p.id', 'p.contractId', 'p.dueDate', 'c.ownerId'])
      .where('p.orgId', '=', orgId)
      .where('p.status', 'in', ['pending', 'partial'])
      .where('p.dueDate', '>=', from)
      .where('p.dueDate', '<=', to)
      .execute();
  }

  /** Open installments of contracts in scope, due on or before `until` (overdue ones included). */
  openInstallments(orgId: string, owners: OwnerFilter, until: string) {
    let qb = this.db
      .selectFrom('paymentPlans as p')
      .innerJoin('contracts as c', 'c.id', 'p.contractId')
      .innerJoin('accounts as a', 'a.id', 'c.accountId')
      .select([
        'p.id as planId',
        'p.contractId',
        'c.number as contractNumber',
        'c.name as contractName',
        'a.name as accountName',
        'c.ownerId',
        'p.installment',
        'p.dueDate',
        'p.plannedAmount',
        'p.receivedAmount',
        'p.status',
      ])
      .where('p.orgId', '=', orgId)
      .where('p.status', 'in', ['pending', 'partial', 'overdue'])
      .where('c.status', '!=', 'voided')
      .where('p.dueDate', '<=', until);
    if (owners) qb = qb.where(ownerIn('c.ownerId', owners));
    return qb.orderBy('p.dueDate').orderBy('p.id').limit(5000).execute();
  }
}
