import type { Kysely } from 'kysely';
import type {
  CashView,
  CashViewQuery,
  ContractFinance,
  Invoice,
  InvoiceCreate,
  OpenInstallment,
  Payment,
  PaymentCreate,
  PaymentDetail,
  PaymentPlan,
  PaymentPlanCreate,
  PaymentStatus,
  Reconciliation,
  VoidBody,
} from '@tuoke/shared';
import type { Database, InvoicesTable, PaymentPlansTable, PaymentsTable } from '../../db/schema.js';
import { badRequest, conflict, invalidField, notFound } from '../../http/errors.js';
import { addDays, checkDate, localDate, weekStart } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { requiredText } from '../../lib/records.js';
import { guard, listOwners, nameOf, type Actor, type DirectoryCache } from '../access/index.js';
import type { ApprovalsService } from '../approvals/index.js';
import type { ContractsService } from '../contracts/index.js';
import { PaymentsRepository } from './payments.repository.js';

const WEEKS = 12;

type PlanLike = Pick<PaymentPlansTable, 'id' | 'plannedAmount' | 'dueDate'>;
type PaymentLike = Pick<PaymentsTable, 'planId' | 'amount' | 'voidedAt'> & { status?: string };

/** A payment counts as received when it is confirmed (approved, or no approval needed) and not voided. */
export function counts(p: PaymentLike): boolean {
  return !p.voidedAt && (p.status ?? 'confirmed') === 'confirmed';
}

/** Counts against the contract total: received, or waiting for approval. */
function claims(p: PaymentLike): boolean {
  return !p.voidedAt && p.status !== 'rejected';
}

/**
 * Spreads the payments that count (confirmed, not voided) over the installments in order: a payment for a
 * named installment fills it first, the rest (and payments without one) fill the earliest open.
 */
export function allocate(plans: PlanLike[], payments: PaymentLike[]): Map<string, number> {
  const received = new Map(plans.map((p) => [p.id, 0]));
  const room = (p: PlanLike) => Number(p.plannedAmount) - received.get(p.id)!;
  const put = (p: PlanLike, amount: number) => {
    const take = Math.min(room(p), amount);
    received.set(p.id, received.get(p.id)! + take);
    return amount - take;
  };
  const live = payments.filter(counts);
  for (const pay of [...live.filter((p) => p.planId), ...live.filter((p) => !p.planId)]) {
    let left = Number(pay.amount);
    const named = pay.planId ? plans.find((p) => p.id === pay.planId) : undefined;
    if (named) left = put(named, left);
    for (const p of plans) {
      if (left <= 0) break;
      if (room(p) > 0) left = put(p, left);
    }
  }
  return received;
}

/** 待回款 / 部分回款 / 已完成 / 逾期 for one installment, on `today`. */
export function installmentStatus(
  planned: number,
  received: number,
  dueDate: string,
  today: string,
): PaymentStatus {
  if (received >= planned) return 'completed';
  if (dueDate < today) return 'overdue';
  return received > 0 ? 'partial' : 'pending';
}

export function contractPaymentStatus(
  contract: { amount: number; status: string },
  received: number,
  planStatuses: PaymentStatus[],
): PaymentStatus {
  if (contract.status === 'voided') return 'voided';
  if (received >= contract.amount && contract.amount > 0) return 'completed';
  if (planStatuses.includes('overdue')) return 'overdue';
  return received > 0 ? 'partial' : 'pending';
}

export class PaymentsService {
  private readonly repo: PaymentsRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly contracts: ContractsService,
    private readonly approvals: ApprovalsService,
  ) {
    this.repo = new PaymentsRepository(db);
    contracts.onVoid((trx, orgId, id) => this.recompute(trx, orgId, id));
    // Approved, a payment counts as received; rejected or withdrawn, it never does.
    approvals.onDecided('payment', async (request, trx, orgId) => {
      const repo = new PaymentsRepository(trx);
      const pay = await repo.payment(orgId, request.businessId);
      if (!pay) return;
      const to = request.status === 'approved' ? 'confirmed' : 'rejected';
      if (await repo.setPaymentStatus(orgId, pay.id, ['pending_approval'], to))
        await this.recompute(trx, orgId, pay.contractId);
    });
    approvals.onResubmit('payment', (actor, id) => this.resubmit(actor, id));
  }

  private today() {
    return localDate(this.contracts.clock());
  }

  /** Plans, payments, invoices and the reconciliation of one contract. */
  async finance(actor: Actor, contractId: string): Promise<ContractFinance> {
    const { row } = await this.contracts.visible(actor, contractId, 'read', 'payment');
    const [plans, payments, invoices] = await Promise.all([
      this.repo.plans(actor.orgId, contractId),
      this.repo.payments(actor.orgId, contractId),
      this.repo.invoices(actor.orgId, contractId),
    ]);
    const installmentOf = new Map(plans.map((p) => [p.id, p.installment]));
    const received = payments.filter(counts).reduce((s, p) => s + Number(p.amount), 0);
    const pendingApproval = payments
      .filter((p) => !p.voidedAt && p.status === 'pending_approval')
      .reduce((s, p) => s + Number(p.amount), 0);
    const invoiced = invoices.filter((i) => i.status !== 'voided').reduce((s, i) => s + Number(i.amount), 0);
    const amount = Number(row.amount);
    const reconciliation: Reconciliation = {
      contractId,
      amount,
      plannedAmount: plans.reduce((s, p) => s + Number(p.plannedAmount), 0),
      invoicedAmount: invoiced,
      receivedAmount: received,
      pendingApprovalAmount: pendingApproval,
      outstandingAmount: row.status === 'voided' ? 0 : Math.max(0, amount - received),
      uninvoicedAmount: Math.max(0, amount - invoiced),
      overdueAmount: plans
        .filter((p) => p.status === 'overdue')
        .reduce((s, p) => s + Number(p.plannedAmount) - Number(p.receivedAmount), 0),
      paymentStatus: row.paymentStatus as PaymentStatus,
    };
    return {
      plans: plans.map(toPlan),
      payments: payments.map((p) => toPayment(p, installmentOf)),
      invoices: invoices.map(toInvoice),
      reconciliation,
    };
  }

  async addPlan(actor: Actor, contractId: string, input: PaymentPlanCreate): Promise<PaymentPlan> {
    await this.contracts.visible(actor, contractId, 'create', 'payment');
    checkDate(input.dueDate, 'dueDate');
    const at = this.contracts.clock().toISOString();
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      const repo = new PaymentsRepository(trx);
      const contract = await repo.lockContract(actor.orgId, contractId);
      if (contract.status === 'voided') throw badRequest('A voided contract takes no payment plans');
      const plans = await repo.plans(actor.orgId, contractId);
      const planned = plans.reduce((s, p) => s + Number(p.plannedAmount), 0);
      if (planned + input.plannedAmount > Number(contract.amount))
        throw invalidField(
          'plannedAmount',
          `the installments would total more than the contract amount (${planned} of ${contract.amount} fen planned)`,
        );
      await repo.insertPlan({
        id,
        orgId: actor.orgId,
        contractId,
        installment: plans.reduce((m, p) => Math.max(m, p.installment), 0) + 1,
        plannedAmount: input.plannedAmount,
        receivedAmount: 0,
        dueDate: input.dueDate,
        method: input.method,
        status: 'pending',
        notes: input.notes ?? null,
        createdAt: at,
        updatedAt: at,
      });
      await this.recompute(trx, actor.orgId, contractId);
    });
    const plan = (await this.repo.plans(actor.orgId, contractId)).find((p) => p.id === id)!;
    return toPlan(plan);
  }

  /** Removes an installment nothing has been received on. */
  async removePlan(actor: Actor, contractId: string, planId: string): Promise<void> {
    await this.contracts.visible(actor, contractId, 'update', 'payment');
    await this.db.transaction().execute(async (trx) => {
      const repo = new PaymentsRepository(trx);
      await repo.lockContract(actor.orgId, contractId);
      const plan = (await repo.plans(actor.orgId, contractId)).find((p) => p.id === planId);
      if (!plan) throw notFound('Payment plan');
      const named = (await repo.payments(actor.orgId, contractId)).some((p) => p.planId === planId);
      if (Number(plan.receivedAmount) > 0 || named)
        throw badRequest('Payments were recorded against this installment; void them first');
      await repo.deletePlan(actor.orgId, planId);
      await this.recompute(trx, actor.orgId, contractId);
    });
  }

  async recordPayment(actor: Actor, contractId: string, input: PaymentCreate): Promise<Payment> {
    await this.contracts.visible(actor, contractId, 'create', 'payment');
    checkDate(input.receivedDate, 'receivedDate');
    const at = this.contracts.clock().toISOString();
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      const repo = new PaymentsRepository(trx);
      const contract = await repo.lockContract(actor.orgId, contractId);
      if (contract.status === 'voided') throw badRequest('A voided contract takes no payments');
      const plans = await repo.plans(actor.orgId, contractId);
      if (input.planId && !plans.some((p) => p.id === input.planId))
        throw invalidField('planId', 'no such installment on this contract');
      await this.checkRoom(repo, actor.orgId, contractId, Number(contract.amount), input.amount);
      await repo.insertPayment({
        id,
        orgId: actor.orgId,
        contractId,
        planId: input.planId ?? null,
        amount: input.amount,
        receivedDate: input.receivedDate,
        method: input.method,
        reference: input.reference ?? null,
        notes: input.notes ?? null,
        voidReason: null,
        voidedAt: null,
        createdBy: actor.userId,
        createdAt: at,
        status: 'pending_approval',
        approvalRequestId: null,
      });
      await this.submitIn(trx, actor, id, contractId, input.amount);
      await this.recompute(trx, actor.orgId, contractId);
    });
    return (await this.finance(actor, contractId)).payments.find((p) => p.id === id)!;
  }

  /** Confirmed and waiting payments together may not exceed the contract amount. */
  private async checkRoom(
    repo: PaymentsRepository,
    orgId: string,
    contractId: string,
    contractAmount: number,
    amount: number,
    except?: string,
  ) {
    const claimed = (await repo.payments(orgId, contractId))
      .filter((p) => claims(p) && p.id !== except)
      .reduce((s, p) => s + Number(p.amount), 0);
    if (claimed + amount > contractAmount)
      throw invalidField(
        'amount',
        `the payments would exceed the contract amount (${claimed} of ${contractAmount} fen received or waiting for approval)`,
      );
  }

  /**
   * Sends a payment to the approval engine. With no rule for it (or under the threshold) it is
   * confirmed at once, inside this transaction.
   */
  private async submitIn(
    trx: Kysely<Database>,
    actor: Actor,
    paymentId: string,
    contractId: string,
    amount: number,
  ) {
    const contract = await trx
      .selectFrom('contracts')
      .select(['number', 'name', 'ownerId'])
      .where('orgId', '=', actor.orgId)
      .where('id', '=', contractId)
      .executeTakeFirstOrThrow();
    const dir = await this.directory.get(actor.orgId);
    const request = await this.approvals.submit(
      actor,
      {
        businessType: 'payment',
        businessId: paymentId,
        title: `${contract.number} ${contract.name}`,
        amount,
        teamId: dir.users.get(contract.ownerId)?.teamId ?? null,
      },
      trx,
      this.contracts.clock(),
    );
    await trx
      .updateTable('payments')
      .set({ approvalRequestId: request.id })
      .where('orgId', '=', actor.orgId)
      .where('id', '=', paymentId)
      .execute();
  }

  /** A rejected payment goes back for approval (by the person who recorded it). */
  async resubmit(actor: Actor, id: string): Promise<Payment> {
    const pay = await this.repo.payment(actor.orgId, id);
    if (!pay) throw notFound('Payment');
    await this.contracts.visible(actor, pay.contractId, 'create', 'payment');
    if (pay.voidedAt) throw badRequest('This payment is voided');
    if (pay.status !== 'rejected')
      throw conflict(`Only a rejected payment can be resubmitted (this one is ${pay.status})`);
    await this.db.transaction().execute(async (trx) => {
      const repo = new PaymentsRepository(trx);
      const contract = await repo.lockContract(actor.orgId, pay.contractId);
      if (contract.status === 'voided') throw badRequest('A voided contract takes no payments');
      await this.checkRoom(
        repo,
        actor.orgId,
        pay.contractId,
        Number(contract.amount),
        Number(pay.amount),
        id,
      );
      if (!(await repo.setPaymentStatus(actor.orgId, id, ['rejected'], 'pending_approval')))
        throw conflict('Someone changed this payment at the same moment; reload it');
      await this.submitIn(trx, actor, id, pay.contractId, Number(pay.amount));
      await this.recompute(trx, actor.orgId, pay.contractId);
    });
    return (await this.finance(actor, pay.contractId)).payments.find((p) => p.id === id)!;
  }

  /**
   * One payment with its contract, for whoever may see the contract's payments or takes part in
   * the payment's approval (an approver from finance may not own the customer).
   */
  async getPayment(actor: Actor, id: string): Promise<PaymentDetail> {
    const pay = await this.repo.payment(actor.orgId, id);
    if (!pay) throw notFound('Payment');
    const participant =
      !!pay.approvalRequestId &&
      (await this.approvals.isParticipant(actor.orgId, pay.approvalRequestId, actor.userId));
    if (!participant) await this.contracts.visible(actor, pay.contractId, 'read', 'payment');
    const c = (await this.repo.contractSummary(actor.orgId, pay.contractId))!;
    const plans = await this.repo.plans(actor.orgId, pay.contractId);
    return {
      ...toPayment(pay, new Map(plans.map((p) => [p.id, p.installment]))),
      contractNumber: c.number,
      contractName: c.name,
      accountName: c.accountName,
      contractAmount: Number(c.amount),
      contractReceivedAmount: Number(c.receivedAmount),
      currency: c.currency,
    };
  }

  async voidPayment(actor: Actor, id: string, input: VoidBody): Promise<Payment> {
    const pay = await this.repo.payment(actor.orgId, id);
    if (!pay) throw notFound('Payment');
    await this.contracts.visible(actor, pay.contractId, 'update', 'payment');
    if (pay.voidedAt) throw badRequest('This payment is already voided');
    if (pay.status === 'pending_approval')
      throw conflict('This payment is waiting for approval; withdraw the request first');
    const reason = requiredText(input.reason, 'reason');
    await this.db.transaction().execute(async (trx) => {
      const repo = new PaymentsRepository(trx);
      await repo.lockContract(actor.orgId, pay.contractId);
      await repo.voidPayment(actor.orgId, id, reason, this.contracts.clock().toISOString());
      await this.recompute(trx, actor.orgId, pay.contractId);
    });
    return (await this.finance(actor, pay.contractId)).payments.find((p) => p.id === id)!;
  }

  async addInvoice(actor: Actor, contractId: string, input: InvoiceCreate): Promise<Invoice> {
    await this.contracts.visible(actor, contractId, 'create', 'invoice');
    checkDate(input.invoiceDate, 'invoiceDate');
    const at = this.contracts.clock().toISOString();
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      const repo = new PaymentsRepository(trx);
      const contract = await repo.lockContract(actor.orgId, contractId);
      if (contract.status === 'voided') throw badRequest('A voided contract takes no invoices');
      const invoices = await repo.invoices(actor.orgId, contractId);
      if (invoices.some((i) => i.number === input.number.trim() && i.status !== 'voided'))
        throw invalidField('number', 'this invoice number is already on the contract');
      const invoiced = invoices
        .filter((i) => i.status !== 'voided')
        .reduce((s, i) => s + Number(i.amount), 0);
      if (invoiced + input.amount > Number(contract.amount))
        throw invalidField(
          'amount',
          `the invoices would exceed the contract amount (${invoiced} of ${contract.amount} fen invoiced)`,
        );
      const row: InvoicesTable = {
        id,
        orgId: actor.orgId,
        contractId,
        number: requiredText(input.number, 'number'),
        type: input.type,
        title: requiredText(input.title, 'title'),
        taxId: input.taxId,
        bankName: input.bankName ?? null,
        bankAccount: input.bankAccount ?? null,
        address: input.address ?? null,
        phone: input.phone ?? null,
        amount: input.amount,
        invoiceDate: input.invoiceDate,
        status: 'issued',
        voidReason: null,
        voidedAt: null,
        createdBy: actor.userId,
        createdAt: at,
      };
      await repo.insertInvoice(row);
      await this.recompute(trx, actor.orgId, contractId);
    });
    return toInvoice((await this.repo.invoice(actor.orgId, id))!);
  }

  async voidInvoice(actor: Actor, id: string, input: VoidBody): Promise<Invoice> {
    const inv = await this.repo.invoice(actor.orgId, id);
    if (!inv) throw notFound('Invoice');
    await this.contracts.visible(actor, inv.contractId, 'update', 'invoice');
    if (inv.status === 'voided') throw badRequest('This invoice is already voided');
    const reason = requiredText(input.reason, 'reason');
    await this.db.transaction().execute(async (trx) => {
      const repo = new PaymentsRepository(trx);
      await repo.lockContract(actor.orgId, inv.contractId);
      await repo.voidInvoice(actor.orgId, id, reason, this.contracts.clock().toISOString());
      await this.recompute(trx, actor.orgId, inv.contractId);
    });
    return toInvoice((await this.repo.invoice(actor.orgId, id))!);
  }

  /** Cash view: open installments per week for the next 12 weeks, and the overdue ones. */
  async cashView(actor: Actor, query: CashViewQuery): Promise<CashView> {
    const g = await guard(this.directory, actor, 'payment', 'read');
    const owners = listOwners(actor, g, query.view, query.ownerId);
    const today = this.today();
    const first = weekStart(today);
    const weeks = Array.from({ length: WEEKS }, (_, i) => ({
      weekStart: addDays(first, i * 7),
      expectedAmount: 0,
      count: 0,
    }));
    const until = addDays(first, WEEKS * 7 - 1);
    const rows = await this.repo.openInstallments(actor.orgId, owners, until);
    const overdue: OpenInstallment[] = [];
    const upcoming: OpenInstallment[] = [];
    for (const r of rows) {
      const outstanding = Number(r.plannedAmount) - Number(r.receivedAmount);
      if (outstanding <= 0) continue;
      const item: OpenInstallment = {
        planId: r.planId,
        contractId: r.contractId,
        contractNumber: r.contractNumber,
        contractName: r.contractName,
        accountName: r.accountName,
        ownerId: r.ownerId,
        ownerName: nameOf(g.dir, r.ownerId) ?? '',
        installment: r.installment,
        dueDate: r.dueDate,
        outstandingAmount: outstanding,
        status: installmentStatus(Number(r.plannedAmount), Number(r.receivedAmount), r.dueDate, today),
      };
      if (r.dueDate < today) {
        overdue.push(item);
        continue;
      }
      upcoming.push(item);
      const w = weeks[Math.floor((Date.parse(r.dueDate) - Date.parse(first)) / (7 * 86_400_000))];
      if (w) {
        w.expectedAmount += outstanding;
        w.count++;
      }
    }
    return {
      today,
      weeks,
      overdueAmount: overdue.reduce((s, o) => s + o.outstandingAmount, 0),
      overdue,
      upcoming,
    };
  }

  /**
   * The daily payments job: installments past due become overdue (with their contracts), and
   * installments due within the organisation's window get a reminder for the contract's owner.
   */
  async runDaily(now = this.contracts.clock()) {
    const today = localDate(now);
    const at = now.toISOString();
    const turning = await this.repo.contractsTurningOverdue(today);
    for (const c of turning)
      await this.db.transaction().execute((trx) => this.recompute(trx, c.orgId, c.contractId, today));
    let reminded = 0;
    for (const w of await this.contracts.reminderWindows()) {
      const due = await this.repo.openPlansDueBetween(w.orgId, today, addDays(today, w.paymentReminderDays));
      reminded += await this.contracts.addReminders(
        due.map((p) => ({
          id: newId(),
          orgId: w.orgId,
          kind: 'payment_due',
          contractId: p.contractId,
          refId: p.id,
          dueDate: p.dueDate,
          ownerId: p.ownerId,
          createdAt: at,
        })),
      );
    }
    return { overdueContracts: turning.length, reminded };
  }

  /** Recomputes installments and the contract's payment columns from the payments and invoices. */
  private async recompute(trx: Kysely<Database>, orgId: string, contractId: string, today = this.today()) {
    const repo = new PaymentsRepository(trx);
    const contract = await repo.lockContract(orgId, contractId);
    const [plans, payments, invoices] = await Promise.all([
      repo.plans(orgId, contractId),
      repo.payments(orgId, contractId),
      repo.invoices(orgId, contractId),
    ]);
    const allocation = allocate(plans, payments);
    const at = this.contracts.clock().toISOString();
    const statuses: PaymentStatus[] = [];
    for (const p of plans) {
      const received = allocation.get(p.id)!;
      const status =
        contract.status === 'voided'
          ? 'voided'
          : installmentStatus(Number(p.plannedAmount), received, p.dueDate, today);
      statuses.push(status);
      if (received !== Number(p.receivedAmount) || status !== p.status)
        await repo.setPlanState(orgId, p.id, received, status, at);
    }
    const received = payments.filter(counts).reduce((s, p) => s + Number(p.amount), 0);
    const invoiced = invoices.filter((i) => i.status !== 'voided').reduce((s, i) => s + Number(i.amount), 0);
    await repo.setContractState(orgId, contractId, {
      receivedAmount: received,
      invoicedAmount: invoiced,
      paymentStatus: contractPaymentStatus(
        { amount: Number(contract.amount), status: contract.status },
        received,
        statuses,
      ),
    });
  }
}

function toPlan(p: PaymentPlansTable): PaymentPlan {
  return {
    id: p.id,
    contractId: p.contractId,
    installment: p.installment,
    plannedAmount: Number(p.plannedAmount),
    receivedAmount: Number(p.receivedAmount),
    dueDate: p.dueDate,
    method: p.method as PaymentPlan['method'],
    status: p.status as PaymentStatus,
    notes: p.notes,
  };
}

function toPayment(p: PaymentsTable, installmentOf: Map<string, number>): Payment {
  return {
    id: p.id,
    contractId: p.contractId,
    planId: p.planId,
    installment: p.planId ? (installmentOf.get(p.planId) ?? null) : null,
    amount: Number(p.amount),
    receivedDate: p.receivedDate,
    method: p.method as Payment['method'],
    reference: p.reference,
    notes: p.notes,
    voidReason: p.voidReason,
    voidedAt: p.voidedAt,
    status: p.status as Payment['status'],
    approvalRequestId: p.approvalRequestId,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
  };
}

function toInvoice(i: InvoicesTable): Invoice {
  return {
    ...i,
    amount: Number(i.amount),
    type: i.type as Invoice['type'],
    status: i.status as Invoice['status'],
  };
}
