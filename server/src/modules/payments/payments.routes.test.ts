import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { allocate, installmentStatus } from './payments.service.js';

let t: TestApp;
let accountId: string;
let now = new Date('2026-11-27T02:00:00Z');
beforeAll(async () => {
  t = await createTestApp();
  t.services.contracts.clock = () => now;
  accountId = (await (await t.as('repShanghai')).post('/api/v1/accounts', { name: '杭州云帆' })).body.id;
});
afterAll(() => t.close());

async function contract(amount = 1_000_000) {
  const rep = await t.as('repShanghai');
  const r = await rep.post('/api/v1/contracts', {
    accountId,
    name: '云帆合同',
    amount,
    status: 'active',
    startDate: '2026-11-01',
    endDate: '2027-10-31',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; number: string; version: number };
}
const finance = async (id: string) =>
  (await (await t.as('repShanghai')).get(`/api/v1/contracts/${id}/finance`)).body;

describe('allocation and statuses (pure)', () => {
  it('fills a named installment first, then the earliest open ones', () => {
    const plans = [
      { id: 'a', plannedAmount: 100, dueDate: '2026-01-01' },
      { id: 'b', plannedAmount: 100, dueDate: '2026-02-01' },
      { id: 'c', plannedAmount: 100, dueDate: '2026-03-01' },
    ];
    const got = allocate(plans, [
      { planId: 'c', amount: 120, voidedAt: null },
      { planId: null, amount: 50, voidedAt: null },
      { planId: null, amount: 999, voidedAt: '2026-01-01T00:00:00Z' },
    ]);
    expect([...got.entries()]).toEqual([
      ['a', 70],
      ['b', 0],
      ['c', 100],
    ]);
    expect(installmentStatus(100, 0, '2026-01-01', '2026-01-01')).toBe('pending');
    expect(installmentStatus(100, 10, '2026-01-01', '2026-01-02')).toBe('overdue');
    expect(installmentStatus(100, 10, '2026-01-03', '2026-01-02')).toBe('partial');
    expect(installmentStatus(100, 100, '2026-01-01', '2026-05-02')).toBe('completed');
  });
});

describe('payment plans, payments and invoices API', () => {
  it('numbers installments and refuses plans over the contract amount', async () => {
    const rep = await t.as('repShanghai');
    const c = await contract();
    const p1 = await rep.post(`/api/v1/contracts/${c.id}/plans`, {
      plannedAmount: 300_000,
      dueDate: '2026-12-10',
      method: 'bank_transfer',
    });
    expect(p1.status, JSON.stringify(p1.body)).toBe(201);
    expect(p1.body).toMatchObject({ installment: 1, status: 'pending', receivedAmount: 0 });
    const p2 = await rep.post(`/api/v1/contracts/${c.id}/plans`, {
      plannedAmount: 700_000,
      dueDate: '2027-01-10',
      method: 'acceptance_bill',
    });
    expect(p2.body.installment).toBe(2);
    const over = await rep.post(`/api/v1/contracts/${c.id}/plans`, {
      plannedAmount: 1,
      dueDate: '2027-02-10',
      method: 'cash',
    });
    expect(over.status).toBe(400);
    expect(over.body.error.fields[0].path).toBe('plannedAmount');
    for (const bad of [
      { plannedAmount: -5, dueDate: '2027-02-10', method: 'cash' },
      { plannedAmount: 5, dueDate: '2027-02-30', method: 'cash' },
      { plannedAmount: 5, dueDate: '2027-02-10', method: 'bitcoin' },
    ])
      expect((await rep.post(`/api/v1/contracts/${c.id}/plans`, bad)).status).toBe(400);
    expect((await finance(c.id)).plans).toHaveLength(2);
  });

  it('applies payments to installments, computes statuses, and refuses payments over the total without change', async () => {
    const rep = await t.as('repShanghai');
    const c = await contract();
    // one after the other: installments are numbered in the order they are added, and payments
    // fill them in that order
    const f0 = [
      await rep.post(`/api/v1/contracts/${c.id}/plans`, {
        plannedAmount: 400_000,
        dueDate: '2026-12-05',
        method: 'bank_transfer',
      }),
      await rep.post(`/api/v1/contracts/${c.id}/plans`, {
        plannedAmount: 600_000,
        dueDate: '2027-01-05',
        method: 'bank_transfer',
      }),
    ];
    expect(f0.map((r) => r.status)).toEqual([201, 201]);
    const pay = await rep.post(`/api/v1/contracts/${c.id}/payments`, {
      amount: 150_000,
      receivedDate: '2026-11-27',
      method: 'bank_transfer',
      reference: 'BOC-001',
    });
    expect(pay.status, JSON.stringify(pay.body)).toBe(201);
    expect(pay.body).toMatchObject({ installment: null, amount: 150_000 });
    let f = await finance(c.id);
    expect(
      f.plans.map((p: { status: string; receivedAmount: number }) => [p.status, p.receivedAmount]),
    ).toEqual([
      ['partial', 150_000],
      ['pending', 0],
    ]);
    expect(f.reconciliation).toMatchObject({ receivedAmount: 150_000, outstandingAmount: 850_000 });
    expect((await rep.get(`/api/v1/contracts/${c.id}`)).body.paymentStatus).toBe('partial');

    const second = f.plans[1].id;
    const over = await rep.post(`/api/v1/contracts/${c.id}/payments`, {
      amount: 850_001,
      receivedDate: '2026-11-27',
      method: 'cash',
      planId: second,
    });
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: 'validation_failed', fields: [{ path: 'amount' }] });
    for (const bad of [
      { amount: -1, receivedDate: '2026-11-27', method: 'cash' },
      { amount: 1, receivedDate: '2026-13-01', method: 'cash' },
      { amount: 1, receivedDate: '2026-11-27', method: 'cash', planId: 'nope' },
    ])
      expect((await rep.post(`/api/v1/contracts/${c.id}/payments`, bad)).status).toBe(400);
    expect((await finance(c.id)).payments).toHaveLength(1);

    // time passes the first due date: the daily job marks it overdue
    now = new Date('2026-12-06T02:00:00Z');
    onTestFinished(() => {
      now = new Date('2026-11-27T02:00:00Z');
    });
    await t.services.jobs.enqueue('contracts.daily');
    expect(await t.services.jobs.runDue(now)).toBe(1);
    const unfinished = await t.db.kysely
      .selectFrom('jobs')
      .select(['type', 'status', 'lastError'])
      .where('status', '!=', 'done')
      .execute();
    expect(unfinished).toEqual([]);
    f = await finance(c.id);
    expect(f.plans[0].status).toBe('overdue');
    expect(f.reconciliation).toMatchObject({ overdueAmount: 250_000, paymentStatus: 'overdue' });
    expect(
      (await rep.get('/api/v1/contracts?paymentStatus=overdue')).body.items.map((x: { id: string }) => x.id),
    ).toContain(c.id);

    // paying the rest of installment 1 and all of 2 completes the contract
    await rep.post(`/api/v1/contracts/${c.id}/payments`, {
      amount: 250_000,
      receivedDate: '2026-12-06',
      method: 'cheque',
    });
    const last = await rep.post(`/api/v1/contracts/${c.id}/payments`, {
      amount: 600_000,
      receivedDate: '2026-12-06',
      method: 'bank_transfer',
      planId: second,
    });
    expect(last.body.installment).toBe(2);
    f = await finance(c.id);
    expect(f.plans.map((p: { status: string }) => p.status)).toEqual(['completed', 'completed']);
    expect(f.reconciliation).toMatchObject({
      receivedAmount: 1_000_000,
      outstandingAmount: 0,
      paymentStatus: 'completed',
    });

    // voiding a payment reopens what it paid
    const v = await rep.post(`/api/v1/payments/${last.body.id}/void`, { reason: '退票' });
    expect(v.body).toMatchObject({ voidReason: '退票' });
    f = await finance(c.id);
    expect(f.plans[1]).toMatchObject({ status: 'pending', receivedAmount: 0 });
    // installment 1 is paid and 2 is not due yet
    expect(f.reconciliation.paymentStatus).toBe('partial');
  });

  it('records invoices up to the contract amount, and voids them', async () => {
    const rep = await t.as('repShanghai');
    const c = await contract(500_000);
    const inv = {
      number: 'FP-0001',
      type: 'special',
      title: '杭州云帆科技有限公司',
      taxId: '91330100MA2B3C4D5E',
      bankName: '招商银行杭州分行',
      bankAccount: '571900000000001',
      address: '杭州市西湖区',
      phone: '0571-88888888',
      amount: 300_000,
      invoiceDate: '2026-11-27',
    };
    const r = await rep.post(`/api/v1/contracts/${c.id}/invoices`, inv);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'issued', type: 'special', amount: 300_000 });
    const over = await rep.post(`/api/v1/contracts/${c.id}/invoices`, {
      ...inv,
      number: 'FP-0002',
      amount: 200_001,
    });
    expect(over.status).toBe(400);
    expect((await rep.post(`/api/v1/contracts/${c.id}/invoices`, { ...inv, taxId: '123' })).status).toBe(400);
    expect((await rep.post(`/api/v1/contracts/${c.id}/invoices`, { ...inv, amount: 0 })).status).toBe(400);
    expect(
      (await rep.post(`/api/v1/contracts/${c.id}/invoices`, { ...inv, number: 'FP-0002', amount: 200_000 }))
        .status,
    ).toBe(201);
    expect((await finance(c.id)).reconciliation).toMatchObject({
      invoicedAmount: 500_000,
      uninvoicedAmount: 0,
    });
    const v = await rep.post(`/api/v1/invoices/${r.body.id}/void`, { reason: '抬头错误' });
    expect(v.body).toMatchObject({ status: 'voided', voidReason: '抬头错误' });
    expect((await rep.get(`/api/v1/contracts/${c.id}`)).body.invoicedAmount).toBe(200_000);
  });

  it('keeps another tenant and other owners out', async () => {
    const c = await contract();
    const other = await t.as('otherAdmin');
    expect((await other.get(`/api/v1/contracts/${c.id}/finance`)).status).toBe(404);
    expect(
      (
        await other.post(`/api/v1/contracts/${c.id}/payments`, {
          amount: 1,
          receivedDate: '2026-11-27',
          method: 'cash',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await (
          await t.as('repSouth')
        ).post(`/api/v1/contracts/${c.id}/plans`, { plannedAmount: 1, dueDate: '2026-12-01', method: 'cash' })
      ).status,
    ).toBe(404);
    expect((await (await t.as('service')).get('/api/v1/cash-view')).status).toBe(403);
    expect((await finance(c.id)).plans).toEqual([]);
  });

  it('refuses concurrent payments that together exceed the contract amount', async () => {
    const rep = await t.as('repShanghai');
    const c = await contract(100_000);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        rep.post(`/api/v1/contracts/${c.id}/payments`, {
          amount: 30_000,
          receivedDate: '2026-11-27',
          method: 'cash',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 400)).toHaveLength(2);
    expect((await finance(c.id)).reconciliation.receivedAmount).toBe(90_000);
  });

  it('shows the cash view: expected receipts per week for 12 weeks and the overdue list, in scope', async () => {
    const rep = await t.as('repShanghai');
    const c = await contract(900_000);
    for (const [amount, due] of [
      [100_000, '2026-11-20'], // overdue
      [200_000, '2026-11-30'], // week of Mon 2026-11-30
      [300_000, '2026-12-02'], // same week
      [250_000, '2027-03-01'], // beyond 12 weeks
    ] as const)
      await rep.post(`/api/v1/contracts/${c.id}/plans`, {
        plannedAmount: amount,
        dueDate: due,
        method: 'bank_transfer',
      });
    await t.services.payments.runDaily(now);
    const v = (await rep.get('/api/v1/cash-view?view=mine')).body;
    expect(v.today).toBe('2026-11-27');
    expect(v.weeks).toHaveLength(12);
    expect(v.weeks[0]).toMatchObject({ weekStart: '2026-11-23' });
    const mine = (x: { contractId: string }) => x.contractId === c.id;
    expect(v.overdue.filter(mine)).toMatchObject([
      { outstandingAmount: 100_000, status: 'overdue', installment: 1 },
    ]);
    expect(v.weeks[1]).toMatchObject({ weekStart: '2026-11-30' });
    expect(v.weeks[1].expectedAmount).toBeGreaterThanOrEqual(500_000);
    expect(v.upcoming.filter(mine).map((x: { installment: number }) => x.installment)).toEqual([2, 3]);
    const reminders = (await rep.get('/api/v1/contract-reminders')).body.filter(
      (r: { kind: string; contractId: string }) => r.kind === 'payment_due' && r.contractId === c.id,
    );
    expect(reminders.map((r: { dueDate: string }) => r.dueDate)).toEqual(['2026-11-30', '2026-12-02']);
    const south = (await (await t.as('repSouth')).get('/api/v1/cash-view')).body;
    expect(south.overdue).toEqual([]);
    expect(south.weeks.every((w: { expectedAmount: number }) => w.expectedAmount === 0)).toBe(true);
  });

  it('voiding the contract voids its installments and takes it out of the cash view', async () => {
    const rep = await t.as('repShanghai');
    const c = await contract(100_000);
    await rep.post(`/api/v1/contracts/${c.id}/plans`, {
      plannedAmount: 100_000,
      dueDate: '2026-12-01',
      method: 'cash',
    });
    expect(
      (await rep.post(`/api/v1/contracts/${c.id}/void`, { reason: '重复录入', version: c.version })).status,
    ).toBe(200);
    expect((await finance(c.id)).plans[0].status).toBe('voided');
    const v = (await rep.get('/api/v1/cash-view')).body;
    expect([...v.overdue, ...v.upcoming].some((x: { contractId: string }) => x.contractId === c.id)).toBe(
      false,
    );
    expect(
      (
        await rep.post(`/api/v1/contracts/${c.id}/payments`, {
          amount: 1,
          receivedDate: '2026-11-27',
          method: 'cash',
        })
      ).status,
    ).toBe(400);
  });
});
