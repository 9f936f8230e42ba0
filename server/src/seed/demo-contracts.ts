import type { Insertable } from 'kysely';
import type { PaymentStatus } from '@tuoke/shared';
import type { Database } from '../db/schema.js';
import { addDays, localDate } from '../lib/dates.js';
import { allocate, contractPaymentStatus, installmentStatus } from '../modules/payments/index.js';
import { createRng, seededUuidV7 } from './random.js';
import type { DemoRows } from './demo-build.js';

export interface DemoContractRows {
  contracts: Insertable<Database['contracts']>[];
  contractItems: Insertable<Database['contractItems']>[];
  paymentPlans: Insertable<Database['paymentPlans']>[];
  payments: Insertable<Database['payments']>[];
  invoices: Insertable<Database['invoices']>[];
  numberCounters: Insertable<Database['numberCounters']>[];
}

const METHODS = ['bank_transfer', 'bank_transfer', 'acceptance_bill', 'cheque'] as const;
/** How much of each contract is paid: all due, part of the first installment, nothing, the first. */
const PATTERNS = ['paid', 'partial', 'none', 'first'] as const;

/**
 * Contracts for the latest won demo deals, with a 30/40/30 payment plan, payments (some partial,
 * some overdue) and invoices. Deterministic apart from `now`, from its own random streams.
 */
export function buildDemoContracts(rows: DemoRows, now: Date, count = 16): DemoContractRows {
  const rng = createRng(20_261_127_3);
  const idRng = createRng(13);
  const today = localDate(now);
  const out: DemoContractRows = {
    contracts: [],
    contractItems: [],
    paymentPlans: [],
    payments: [],
    invoices: [],
    numberCounters: [],
  };
  const accounts = new Map(rows.accounts.map((a) => [a.id, a]));
  const byLatest = rows.opportunities
    .filter((o) => o.status === 'won' && o.closedAt)
    .sort(
      (a, b) =>
        String(b.closedAt).localeCompare(String(a.closedAt)) || String(a.id).localeCompare(String(b.id)),
    );
  // the demo sales rep signs in to see contracts of their own too
  const repId = rows.users.find((u) => u.email === 'rep@tuoke.demo')?.id;
  const picked = new Set([
    ...byLatest.slice(0, count),
    ...byLatest.filter((o) => o.ownerId === repId).slice(0, 4),
  ]);
  const won = byLatest.filter((o) => picked.has(o)).reverse();
  const seqByYear = new Map<string, number>();
  won.forEach((o, index) => {
    const closedMs = Date.parse(String(o.closedAt));
    const signed = localDate(new Date(closedMs));
    const year = signed.slice(0, 4);
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const id = seededUuidV7(idRng, closedMs);
    const amount = Number(o.amount);
    const start = signed;
    const end = addDays(start, 364);
    const at = new Date(closedMs + 3_600_000).toISOString();
    const items = rows.opportunityItems.filter((i) => i.opportunityId === o.id);
    out.contractItems.push(
      ...items.map((i) => ({
        id: seededUuidV7(idRng, closedMs),
        orgId: o.orgId,
        contractId: id,
        productId: i.productId,
        position: i.position,
        quantity: i.quantity,
        unitPrice: i.unitPrice,
        discountBp: i.discountBp ?? 0,
        amount: i.amount,
      })),
    );
    const shares = [0.3, 0.4];
    const planned = shares.map((s) => Math.round(amount * s));
    planned.push(amount - planned[0]! - planned[1]!);
    const plans = planned.map((plannedAmount, n) => ({
      id: seededUuidV7(idRng, closedMs),
      orgId: o.orgId,
      contractId: id,
      installment: n + 1,
      plannedAmount,
      receivedAmount: 0,
      dueDate: addDays(start, [15, 90, 180][n]!),
      method: METHODS[(index + n) % METHODS.length]!,
      status: 'pending',
      notes: null,
      createdAt: at,
      updatedAt: at,
    }));
    const pattern = PATTERNS[index % PATTERNS.length]!;
    const payments: Insertable<Database['payments']>[] = [];
    const pay = (amountFen: number, date: string, planId: string | null) => {
      if (amountFen <= 0 || date > today) return;
      payments.push({
        id: seededUuidV7(idRng, Date.parse(`${date}T02:00:00Z`)),
        orgId: o.orgId,
        contractId: id,
        planId,
        amount: amountFen,
        receivedDate: date,
        method: 'bank_transfer',
        reference: `ZH${date.replaceAll('-', '')}${String(rng.int(1000, 9999))}`,
        notes: null,
        voidReason: null,
        voidedAt: null,
        createdBy: o.ownerId,
        createdAt: `${date}T02:00:00.000Z`,
        status: 'confirmed',
        approvalRequestId: null,
      });
    };
    for (const p of plans) {
      const paidOn = addDays(p.dueDate, rng.int(-3, 5));
      if (pattern === 'paid') pay(p.plannedAmount, paidOn, p.id);
      if (pattern === 'first' && p.installment === 1) pay(p.plannedAmount, paidOn, p.id);
      if (pattern === 'partial' && p.installment === 1) pay(Math.round(p.plannedAmount / 2), paidOn, p.id);
    }
    const allocation = allocate(plans, payments as never);
    const statuses = plans.map((p) => {
      p.receivedAmount = allocation.get(p.id)!;
      p.status = installmentStatus(p.plannedAmount, p.receivedAmount, p.dueDate, today);
      return p.status as PaymentStatus;
    });
    const received = payments.reduce((s, p) => s + Number(p.amount), 0);
    const account = accounts.get(o.accountId);
    const invoiced = pattern === 'none' ? 0 : received;
    if (invoiced > 0)
      out.invoices.push({
        id: seededUuidV7(idRng, closedMs),
        orgId: o.orgId,
        contractId: id,
        number: String(44_000_000 + index * 137),
        type: index % 3 === 0 ? 'normal' : 'special',
        title: String(account?.name ?? ''),
        taxId: String(account?.creditCode ?? '91330100MA27XXXX0' + (index % 10)),
        bankName: '招商银行杭州分行',
        bankAccount: `5719${String(100_000_000 + index * 7919)}`,
        address: String(account?.address ?? '杭州市'),
        phone: '0571-8888' + String(1000 + index),
        amount: invoiced,
        invoiceDate: plans[0]!.dueDate <= today ? plans[0]!.dueDate : start,
        status: 'issued',
        voidReason: null,
        voidedAt: null,
        createdBy: o.ownerId,
        createdAt: at,
      });
    const status = end < today ? 'expired' : 'active';
    out.contracts.push({
      id,
      orgId: o.orgId,
      number: `HT-${signed.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`,
      name: String(o.name),
      accountId: o.accountId,
      opportunityId: o.id!,
      quoteId: null,
      status,
      paymentStatus: contractPaymentStatus({ amount, status }, received, statuses),
      amount,
      receivedAmount: received,
      invoicedAmount: invoiced,
      currency: o.currency ?? 'CNY',
      startDate: start,
      endDate: end,
      signedDate: signed,
      notes: null,
      voidReason: null,
      voidedAt: null,
      ownerId: o.ownerId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    out.paymentPlans.push(...plans);
    out.payments.push(...payments);
  });
  const orgId = rows.organizations[0]!.id;
  for (const [year, value] of seqByYear) out.numberCounters.push({ orgId, name: `contract:${year}`, value });
  return out;
}
