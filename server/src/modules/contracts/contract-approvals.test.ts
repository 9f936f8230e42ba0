import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRuleCreate } from '@tuoke/shared';
import { createTestApp, type Person, type TestApp } from '../../../test/app.js';

/** Contracts and payments (回款) through the approval engine. */
let t: TestApp;
let accountId: string;
let productId: string;
beforeAll(async () => {
  t = await createTestApp();
  t.services.contracts.clock = () => new Date('2026-11-27T02:00:00Z');
  const admin = await t.as('admin');
  productId = (await admin.post('/api/v1/products', { sku: 'APR-STD', name: '标准版', listPrice: 100_000 }))
    .body.id;
  accountId = (await (await t.as('repShanghai')).post('/api/v1/accounts', { name: '苏州恒远' })).body.id;
});
afterAll(() => t.close());

beforeEach(async () => {
  const admin = await t.as('admin');
  for (const r of (await admin.get('/api/v1/approvals/rules')).body.items)
    await admin.delete(`/api/v1/approvals/rules/${r.id}`);
});

async function rule(body: Partial<ApprovalRuleCreate> & Pick<ApprovalRuleCreate, 'steps' | 'businessType'>) {
  const r = await (await t.as('admin')).post('/api/v1/approvals/rules', { name: 'rule', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

const dates = { startDate: '2026-12-01', endDate: '2027-11-30' };

async function draft(amount = 1_000_000, extra: object = {}) {
  const r = await (
    await t.as('repShanghai')
  ).post('/api/v1/contracts', { accountId, name: '恒远年度合同', amount, ...dates, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; version: number; status: string; approvalRequestId: string | null };
}
const getContract = async (id: string, p: Person = 'repShanghai') =>
  (await (await t.as(p)).get(`/api/v1/contracts/${id}`)).body;
const act = async (p: Person, reqId: string, action: string, body: object = {}) =>
  (await t.as(p)).post(`/api/v1/approvals/${reqId}/${action}`, body);

describe('contract approval', () => {
  it('activates at once when no rule applies, and records the auto-approval', async () => {
    const c = await draft(500_000, { status: 'active' });
    expect(c.status).toBe('active');
    expect(c.approvalRequestId).toBeTruthy();
    const req = (await (await t.as('repShanghai')).get(`/api/v1/approvals/${c.approvalRequestId}`)).body;
    expect(req).toMatchObject({ businessType: 'contract', businessId: c.id, status: 'approved' });
    expect(req.trail.map((a: { action: string }) => a.action)).toEqual(['submit', 'auto_approve']);
  });

  it('waits for the manager: locked while pending, active once approved', async () => {
    await rule({
      businessType: 'contract',
      conditions: { amountAtLeast: 800_000 },
      steps: [{ approver: { type: 'manager' } }],
    });
    // under the rule's amount: no approval needed
    expect((await draft(700_000, { status: 'active' })).status).toBe('active');

    const c = await draft();
    expect(c.status).toBe('draft');
    const rep = await t.as('repShanghai');
    const sub = await rep.post(`/api/v1/contracts/${c.id}/submit`, { version: c.version });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    expect(sub.body.status).toBe('pending_approval');
    const reqId = sub.body.approvalRequestId as string;

    // nothing changes while it waits, and it cannot be submitted twice
    const patch = await rep.patch(`/api/v1/contracts/${c.id}`, { name: '改名', version: sub.body.version });
    expect(patch.status).toBe(409);
    expect(
      (await rep.post(`/api/v1/contracts/${c.id}/void`, { reason: 'x', version: sub.body.version })).status,
    ).toBe(409);
    expect((await rep.post(`/api/v1/contracts/${c.id}/submit`, { version: sub.body.version })).status).toBe(
      409,
    );
    // the submitter cannot approve, a peer cannot, another tenant cannot see it
    expect((await act('repShanghai', reqId, 'approve')).status).toBe(403);
    expect((await act('repEast', reqId, 'approve')).status).toBe(403);
    expect((await act('otherAdmin', reqId, 'approve')).status).toBe(404);
    expect((await getContract(c.id)).status).toBe('pending_approval');

    const ok = await act('managerEast', reqId, 'approve', { comment: '同意' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('approved');
    expect((await getContract(c.id)).status).toBe('active');
    // approving twice changes nothing
    expect((await act('managerEast', reqId, 'approve')).status).toBe(409);
    expect((await getContract(c.id)).status).toBe('active');
  });

  it('goes back to draft when rejected, and resubmits from the inbox with its current values', async () => {
    await rule({ businessType: 'contract', steps: [{ approver: { type: 'manager' } }] });
    const c = await draft(1_000_000);
    const rep = await t.as('repShanghai');
    // PATCH status active on a draft means "submit it"
    const sub = await rep.patch(`/api/v1/contracts/${c.id}`, {
      status: 'active',
      notes: '加急',
      version: c.version,
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    expect(sub.body).toMatchObject({ status: 'pending_approval', notes: '加急' });
    const reqId = sub.body.approvalRequestId as string;
    expect((await act('managerEast', reqId, 'reject', { comment: '付款条件不清' })).body.status).toBe(
      'rejected',
    );
    const back = await getContract(c.id);
    expect(back.status).toBe('draft');

    const edited = await rep.patch(`/api/v1/contracts/${c.id}`, { notes: '首付 30%', version: back.version });
    expect(edited.status).toBe(200);
    const again = await act('repShanghai', reqId, 'resubmit');
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ id: reqId, status: 'pending', round: 2 });
    expect((await getContract(c.id)).status).toBe('pending_approval');

    // withdrawn, it is a draft again
    expect((await act('repShanghai', reqId, 'withdraw')).body.status).toBe('withdrawn');
    expect((await getContract(c.id)).status).toBe('draft');
  });

  it('routes by discount against the catalogue and by the owner team, and lets an outside approver read it', async () => {
    await rule({
      businessType: 'contract',
      name: '大折扣',
      conditions: { discountAboveBp: 1500, teamIds: [t.fx.teams.east] },
      steps: [{ approver: { type: 'user', userId: t.fx.users.managerSouth.id } }],
    });
    const rep = await t.as('repShanghai');
    const small = await rep.post('/api/v1/contracts', {
      accountId,
      name: '小折扣',
      items: [{ productId, quantity: 2, discountBp: 1000 }],
      status: 'active',
      ...dates,
    });
    expect(small.body.status).toBe('active');
    const big = await rep.post('/api/v1/contracts', {
      accountId,
      name: '大折扣',
      items: [{ productId, quantity: 2, discountBp: 2000 }],
      status: 'active',
      ...dates,
    });
    expect(big.body).toMatchObject({ status: 'pending_approval', amount: 160_000 });
    const req = (await rep.get(`/api/v1/approvals/${big.body.approvalRequestId}`)).body;
    expect(req).toMatchObject({
      discountBp: 2000,
      ruleName: '大折扣',
      pendingApproverIds: [t.fx.users.managerSouth.id],
    });
    // managerSouth cannot see 华东's contracts, except the one he is asked to approve
    expect((await (await t.as('managerSouth')).get(`/api/v1/contracts/${small.body.id}`)).status).toBe(404);
    expect((await (await t.as('managerSouth')).get(`/api/v1/contracts/${big.body.id}`)).status).toBe(200);
    // a south rep's big discount does not match the 华东 rule
    const south = await (
      await t.as('repSouth')
    ).post('/api/v1/contracts', {
      accountId: (await (await t.as('repSouth')).post('/api/v1/accounts', { name: '广州南星' })).body.id,
      name: '南星',
      items: [{ productId, quantity: 2, discountBp: 2000 }],
      status: 'active',
      ...dates,
    });
    expect(south.body.status).toBe('active');
  });
});

describe('contract margin', () => {
  it('sends a low-margin contract to approval; a contract without known costs does not match', async () => {
    await rule({
      businessType: 'contract',
      conditions: { marginBelowBp: 3000 },
      steps: [{ approver: { type: 'manager' } }],
    });
    const admin = await t.as('admin');
    const costed = (
      await admin.post('/api/v1/products', {
        sku: 'APR-HW',
        name: '硬件',
        listPrice: 100_000,
        unitCost: 60_000,
      })
    ).body.id;
    const rep = await t.as('repShanghai');
    const make = (items: object[]) =>
      rep.post('/api/v1/contracts', { accountId, name: '毛利', items, status: 'active', ...dates });
    // list price: 40% margin; 10% off: 100,000 × 0.9 = 90,000 against 60,000 cost = 33.33%
    expect((await make([{ productId: costed, quantity: 1, discountBp: 1000 }])).body.status).toBe('active');
    // 20% off: 80,000 against 60,000 = 25% < 30%
    const low = await make([{ productId: costed, quantity: 1, discountBp: 2000 }]);
    expect(low.body.status).toBe('pending_approval');
    expect((await rep.get(`/api/v1/approvals/${low.body.approvalRequestId}`)).body.marginBp).toBe(2500);
    // the standard product has no cost: the margin is unknown and never "below"
    expect((await make([{ productId, quantity: 1, discountBp: 5000 }])).body.status).toBe('active');
  });
});

describe('payment approval', () => {
  async function activeContract(amount = 1_000_000) {
    const c = await draft(amount, { status: 'active' });
    expect(c.status).toBe('active');
    const plan = await (
      await t.as('repShanghai')
    ).post(`/api/v1/contracts/${c.id}/plans`, {
      plannedAmount: amount,
      dueDate: '2026-12-31',
      method: 'bank_transfer',
    });
    expect(plan.status).toBe(201);
    return c;
  }
  const finance = async (id: string) =>
    (await (await t.as('repShanghai')).get(`/api/v1/contracts/${id}/finance`)).body;
  const pay = async (contractId: string, amount: number) =>
    (await t.as('repShanghai')).post(`/api/v1/contracts/${contractId}/payments`, {
      amount,
      receivedDate: '2026-11-26',
      method: 'bank_transfer',
      reference: 'ZH001',
    });

  it('counts a payment as received only once finance approves it', async () => {
    await rule({
      businessType: 'payment',
      steps: [{ approver: { type: 'user', userId: t.fx.users.admin.id } }],
    });
    const c = await activeContract();
    const p = await pay(c.id, 400_000);
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect(p.body).toMatchObject({ status: 'pending_approval', amount: 400_000 });
    let f = await finance(c.id);
    expect(f.reconciliation).toMatchObject({
      receivedAmount: 0,
      pendingApprovalAmount: 400_000,
      paymentStatus: 'pending',
    });
    expect(f.plans[0]).toMatchObject({ receivedAmount: 0, status: 'pending' });

    // waiting payments count against the contract total; a waiting payment cannot be voided
    const over = await pay(c.id, 600_001);
    expect(over.status).toBe(400);
    expect(over.body.error.fields[0].path).toBe('amount');
    expect(
      (await (await t.as('repShanghai')).post(`/api/v1/payments/${p.body.id}/void`, { reason: 'x' })).status,
    ).toBe(409);

    // the approver reads the payment with its contract; another tenant cannot
    const seen = await (await t.as('admin')).get(`/api/v1/payments/${p.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ contractId: c.id, accountName: '苏州恒远', contractAmount: 1_000_000 });
    expect((await (await t.as('otherAdmin')).get(`/api/v1/payments/${p.body.id}`)).status).toBe(404);
    expect((await act('otherAdmin', p.body.approvalRequestId, 'approve')).status).toBe(404);

    expect((await act('admin', p.body.approvalRequestId, 'approve')).body.status).toBe('approved');
    f = await finance(c.id);
    expect(f.reconciliation).toMatchObject({
      receivedAmount: 400_000,
      pendingApprovalAmount: 0,
      paymentStatus: 'partial',
    });
    expect(f.plans[0]).toMatchObject({ receivedAmount: 400_000, status: 'partial' });
    expect((await getContract(c.id)).receivedAmount).toBe(400_000);
  });

  it('never counts a rejected payment; it can be resubmitted', async () => {
    await rule({ businessType: 'payment', steps: [{ approver: { type: 'manager' } }] });
    const c = await activeContract(300_000);
    const p = await pay(c.id, 300_000);
    const reqId = p.body.approvalRequestId as string;
    expect((await act('managerEast', reqId, 'reject', { comment: '银行流水对不上' })).body.status).toBe(
      'rejected',
    );
    let f = await finance(c.id);
    expect(f.payments[0]).toMatchObject({ id: p.body.id, status: 'rejected' });
    expect(f.reconciliation).toMatchObject({ receivedAmount: 0, pendingApprovalAmount: 0 });

    const again = await (await t.as('repShanghai')).post(`/api/v1/payments/${p.body.id}/resubmit`);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.status).toBe('pending_approval');
    expect((await act('managerEast', reqId, 'approve')).body.status).toBe('approved');
    f = await finance(c.id);
    expect(f.reconciliation).toMatchObject({ receivedAmount: 300_000, paymentStatus: 'completed' });
    // a confirmed payment is not resubmitted
    expect((await (await t.as('repShanghai')).post(`/api/v1/payments/${p.body.id}/resubmit`)).status).toBe(
      409,
    );
  });

  it('confirms at once below the rule threshold', async () => {
    await rule({
      businessType: 'payment',
      autoApproveBelow: 100_000,
      steps: [{ approver: { type: 'manager' } }],
    });
    const c = await activeContract();
    const small = await pay(c.id, 99_999);
    expect(small.body.status).toBe('confirmed');
    const big = await pay(c.id, 100_000);
    expect(big.body.status).toBe('pending_approval');
    expect((await finance(c.id)).reconciliation.receivedAmount).toBe(99_999);
  });
});
