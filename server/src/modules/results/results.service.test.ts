import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { newId } from '../../lib/ids.js';

/*
 * Results straight from the records on a real database: each metric, each dimension, the China-time
 * edges of a period, and nothing from another organisation.
 */
let t: TestApp;
let org = '';
const at = new Date().toISOString();
const ids: Record<string, string> = {};

const cst = (date: string, hhmm = '12:00') => new Date(`${date}T${hhmm}:00+08:00`).toISOString();

async function account(
  name: string,
  region: string | null,
  industry: string | null,
  territoryId: string | null = null,
) {
  const id = newId();
  await t.db.kysely
    .insertInto('accounts')
    .values({
      id,
      orgId: org,
      name,
      kind: 'company',
      industry,
      size: null,
      region,
      level: null,
      source: null,
      address: null,
      creditCode: null,
      phone: null,
      website: null,
      notes: null,
      ownerId: t.fx.users.repShanghai.id,
      incomeBand: null,
      interests: null,
      poolId: null,
      poolEnteredAt: null,
      previousOwnerId: null,
      ownedSince: null,
      territoryId,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  return id;
}

async function deal(opts: {
  accountId: string;
  ownerId: string;
  amount: number;
  status?: 'won' | 'lost' | 'open';
  closedAt?: string | null;
  channel?: string | null;
  items?: Array<{ productId: string; quantity: number; amount: number }>;
  orgId?: string;
}) {
  const id = newId();
  const won = t.fx.stages.find((s) => s.kind === (opts.status ?? 'won'))!;
  await t.db.kysely
    .insertInto('opportunities')
    .values({
      id,
      orgId: opts.orgId ?? org,
      name: `deal ${id.slice(-6)}`,
      accountId: opts.accountId,
      pipelineId: t.fx.pipelineId,
      stageId: won.id,
      status: opts.status ?? 'won',
      amount: opts.amount,
      currency: 'CNY',
      expectedCloseDate: '2026-03-31',
      nextStep: null,
      lostReason: null,
      closedAt: opts.closedAt ?? null,
      ownerId: opts.ownerId,
      lostCompetitor: null,
      campaignId: null,
      leadId: null,
      channel: opts.channel ?? null,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  let position = 0;
  for (const item of opts.items ?? [])
    await t.db.kysely
      .insertInto('opportunityItems')
      .values({
        id: newId(),
        orgId: org,
        opportunityId: id,
        position: position++,
        quantity: item.quantity,
        productId: item.productId,
        unitPrice: Math.round(item.amount / item.quantity),
        discountBp: 0,
        amount: item.amount,
      })
      .execute();
  return id;
}

async function product(sku: string) {
  const id = newId();
  await t.db.kysely
    .insertInto('products')
    .values({
      id,
      orgId: org,
      sku,
      name: sku,
      category: null,
      listPrice: 100,
      currency: 'CNY',
      unit: null,
      active: 1,
      description: null,
      unitCost: null,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  return id;
}

async function contract(
  accountId: string,
  ownerId: string,
  amount: number,
  status: string,
  signedDate: string | null,
  opportunityId: string | null = null,
) {
  const id = newId();
  await t.db.kysely
    .insertInto('contracts')
    .values({
      id,
      orgId: org,
      number: `HT-${id.slice(-8)}`,
      name: 'c',
      accountId,
      opportunityId,
      quoteId: null,
      status,
      paymentStatus: 'pending',
      amount,
      receivedAmount: 0,
      invoicedAmount: 0,
      currency: 'CNY',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      signedDate,
      notes: null,
      voidReason: null,
      voidedAt: null,
      ownerId,
      approvalRequestId: null,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  return id;
}

async function payment(
  contractId: string,
  amount: number,
  receivedDate: string,
  status = 'confirmed',
  voidedAt: string | null = null,
) {
  await t.db.kysely
    .insertInto('payments')
    .values({
      id: newId(),
      orgId: org,
      contractId,
      planId: null,
      amount,
      receivedDate,
      method: 'bank_transfer',
      reference: null,
      notes: null,
      voidReason: null,
      voidedAt,
      createdBy: t.fx.users.admin.id,
      createdAt: at,
      status,
      approvalRequestId: null,
    })
    .execute();
}

const Q1 = { from: '2026-01-01', to: '2026-03-31' };

beforeAll(async () => {
  t = await createTestApp();
  org = t.fx.orgId;
  const territory = newId();
  await t.db.kysely
    .insertInto('territories')
    .values({
      id: territory,
      orgId: org,
      name: '华东区',
      regions: '["华东"]',
      description: null,
      teamId: t.fx.teams.east,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  ids.territory = territory;
  ids.east = await account('上海甲公司', '华东', 'manufacturing', territory);
  ids.south = await account('广州乙公司', '华南', 'retail');
  ids.p1 = await product('P-1');
  ids.p2 = await product('P-2');
  const sh = t.fx.users.repShanghai.id;
  const south = t.fx.users.repSouth.id;
  // Q1: 100.00 + 250.50 won by the Shanghai rep (one through a distributor), 300.00 by the south rep
  ids.d1 = await deal({
    accountId: ids.east,
    ownerId: sh,
    amount: 10_000,
    closedAt: cst('2026-01-15'),
    items: [
      { productId: ids.p1, quantity: 2, amount: 6_000 },
      { productId: ids.p2, quantity: 1, amount: 4_000 },
    ],
  });
  ids.d2 = await deal({
    accountId: ids.east,
    ownerId: sh,
    amount: 25_050,
    closedAt: cst('2026-03-31', '23:59'),
    channel: 'distributor',
    items: [{ productId: ids.p1, quantity: 5, amount: 25_050 }],
  });
  ids.d3 = await deal({ accountId: ids.south, ownerId: south, amount: 30_000, closedAt: cst('2026-02-10') });
  // outside Q1 by minutes in China time (still 31 Dec / already 1 Apr in UTC terms the other way round)
  await deal({ accountId: ids.south, ownerId: south, amount: 99_999, closedAt: cst('2026-04-01', '00:00') });
  await deal({ accountId: ids.south, ownerId: south, amount: 77_777, closedAt: cst('2025-12-31', '23:59') });
  // lost and open deals never count
  await deal({
    accountId: ids.east,
    ownerId: sh,
    amount: 55_555,
    status: 'lost',
    closedAt: cst('2026-02-01'),
  });
  await deal({ accountId: ids.east, ownerId: sh, amount: 44_444, status: 'open' });
  // contracts: one signed in Q1 (active), one expired in Q1, a draft and a voided one never count
  const c1 = await contract(ids.east, sh, 50_000, 'active', '2026-02-01', ids.d2);
  await contract(ids.south, south, 20_000, 'expired', '2026-03-01');
  await contract(ids.east, sh, 90_000, 'draft', '2026-02-01');
  await contract(ids.east, sh, 80_000, 'voided', '2026-02-01');
  // 回款: confirmed ones count; pending approval, rejected and voided ones do not
  await payment(c1, 12_345, '2026-03-31');
  await payment(c1, 1_000, '2026-04-01');
  await payment(c1, 2_000, '2026-02-01', 'pending_approval');
  await payment(c1, 3_000, '2026-02-01', 'rejected');
  await payment(c1, 4_000, '2026-02-01', 'confirmed', at);
  // another organisation's won deal in the same period
  const otherAccount = newId();
  await t.db.kysely
    .insertInto('accounts')
    .values({
      id: otherAccount,
      orgId: t.fx.otherOrgId,
      name: 'x',
      kind: 'company',
      industry: null,
      size: null,
      region: '华东',
      level: null,
      source: null,
      address: null,
      creditCode: null,
      phone: null,
      website: null,
      notes: null,
      ownerId: t.fx.users.otherRep.id,
      incomeBand: null,
      interests: null,
      poolId: null,
      poolEnteredAt: null,
      previousOwnerId: null,
      ownedSince: null,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  await deal({
    accountId: otherAccount,
    ownerId: t.fx.users.otherRep.id,
    amount: 1_000_000,
    closedAt: cst('2026-02-01'),
    orgId: t.fx.otherOrgId,
  });
});
afterAll(() => t?.close());

describe('ResultsService.measure', () => {
  it('sums won revenue in a period of China dates, only this organisation, lost and open deals never', async () => {
    expect(await t.services.results.total(org, 'revenue', Q1)).toBe(10_000 + 25_050 + 30_000);
    expect(await t.services.results.total(org, 'revenue', { from: '2026-04-01', to: '2026-04-01' })).toBe(
      99_999,
    );
    expect(await t.services.results.total(org, 'revenue', { from: '2025-12-31', to: '2025-12-31' })).toBe(
      77_777,
    );
  });

  it('splits by owner, team, territory, region, industry and channel; the groups add up to the total', async () => {
    const r = t.services.results;
    const total = await r.total(org, 'revenue', Q1);
    const owner = await r.measure(org, 'revenue', Q1, { groupBy: 'owner' });
    expect(owner).toEqual([
      { key: t.fx.users.repShanghai.id, value: 35_050 },
      { key: t.fx.users.repSouth.id, value: 30_000 },
    ]);
    expect(await r.measure(org, 'revenue', Q1, { groupBy: 'team' })).toEqual([
      { key: t.fx.teams.shanghai, value: 35_050 },
      { key: t.fx.teams.south, value: 30_000 },
    ]);
    expect(await r.measure(org, 'revenue', Q1, { groupBy: 'territory' })).toEqual([
      { key: ids.territory, value: 35_050 },
      { key: null, value: 30_000 },
    ]);
    expect(await r.measure(org, 'revenue', Q1, { groupBy: 'region' })).toEqual([
      { key: '华东', value: 35_050 },
      { key: '华南', value: 30_000 },
    ]);
    expect(await r.measure(org, 'revenue', Q1, { groupBy: 'channel' })).toEqual([
      { key: 'direct', value: 40_000 },
      { key: 'distributor', value: 25_050 },
    ]);
    for (const groupBy of ['owner', 'team', 'territory', 'region', 'industry', 'channel', 'month'] as const) {
      const rows = await r.measure(org, 'revenue', Q1, { groupBy });
      expect(
        rows.reduce((s, x) => s + x.value, 0),
        groupBy,
      ).toBe(total);
    }
  });

  it('filters narrow, an empty filter matches nothing', async () => {
    const r = t.services.results;
    expect(await r.total(org, 'revenue', Q1, { ownerIds: [t.fx.users.repSouth.id] })).toBe(30_000);
    expect(await r.total(org, 'revenue', Q1, { teamIds: [t.fx.teams.east, t.fx.teams.shanghai] })).toBe(
      35_050,
    );
    expect(await r.total(org, 'revenue', Q1, { channels: ['direct'] })).toBe(40_000);
    expect(await r.total(org, 'revenue', Q1, { regions: ['华南'], industries: ['retail'] })).toBe(30_000);
    expect(await r.total(org, 'revenue', Q1, { accountIds: [ids.east] })).toBe(35_050);
    expect(await r.total(org, 'revenue', Q1, { ownerIds: [] })).toBe(0);
  });

  it('revenue and units by product come from the won deals\u2019 lines', async () => {
    const r = t.services.results;
    expect(await r.measure(org, 'revenue', Q1, { groupBy: 'product' })).toEqual([
      { key: ids.p1, value: 31_050 },
      { key: ids.p2, value: 4_000 },
    ]);
    expect(await r.total(org, 'units', Q1)).toBe(8);
    expect(await r.total(org, 'units', Q1, { productIds: [ids.p1] })).toBe(7);
    expect(await r.total(org, 'revenue', Q1, { productIds: [ids.p2] })).toBe(4_000);
  });

  it('contracts count once signed (active or expired); 回款 once confirmed and not voided', async () => {
    const r = t.services.results;
    expect(await r.total(org, 'contract_amount', Q1)).toBe(70_000);
    expect(await r.measure(org, 'contract_amount', Q1, { groupBy: 'channel' })).toEqual([
      { key: 'distributor', value: 50_000 },
      { key: 'direct', value: 20_000 },
    ]);
    expect(await r.total(org, 'payments', Q1)).toBe(12_345);
    expect(await r.total(org, 'payments', { from: '2026-04-01', to: '2026-06-30' })).toBe(1_000);
    expect(await r.measure(org, 'payments', Q1, { groupBy: 'owner' })).toEqual([
      { key: t.fx.users.repShanghai.id, value: 12_345 },
    ]);
  });

  it('a new customer is counted in the period of its first won deal only', async () => {
    const r = t.services.results;
    // 上海甲 first won in January; 广州乙 first won on 31 Dec 2025 (China time)
    expect(await r.total(org, 'new_customers', Q1)).toBe(1);
    expect(await r.total(org, 'new_customers', { from: '2025-12-01', to: '2025-12-31' })).toBe(1);
    expect(await r.measure(org, 'new_customers', Q1, { groupBy: 'owner' })).toEqual([
      { key: t.fx.users.repShanghai.id, value: 1 },
    ]);
  });

  it('months are China-time months, and a month without results is a zero', async () => {
    expect(
      await t.services.results.monthly(org, 'revenue', { from: '2025-12-01', to: '2026-04-30' }),
    ).toEqual([
      { month: '2025-12', value: 77_777 },
      { month: '2026-01', value: 10_000 },
      { month: '2026-02', value: 30_000 },
      { month: '2026-03', value: 25_050 },
      { month: '2026-04', value: 99_999 },
    ]);
    expect(
      await t.services.results.monthly(org, 'revenue', { from: '2026-05-01', to: '2026-06-15' }),
    ).toEqual([
      { month: '2026-05', value: 0 },
      { month: '2026-06', value: 0 },
    ]);
  });

  it('days are China-time days', async () => {
    const rows = await t.services.results.measure(org, 'revenue', Q1, { groupBy: 'day' });
    expect(rows.sort((a, b) => String(a.key).localeCompare(String(b.key)))).toEqual([
      { key: '2026-01-15', value: 10_000 },
      { key: '2026-02-10', value: 30_000 },
      { key: '2026-03-31', value: 25_050 },
    ]);
    expect(await t.services.results.measure(org, 'payments', Q1, { groupBy: 'day' })).toEqual([
      { key: '2026-03-31', value: 12_345 },
    ]);
  });

  it('counts done activities in the period', async () => {
    const rep = await t.as('repShanghai');
    const a = await rep.post('/api/v1/activities', {
      type: 'call',
      subject: '回访',
      doneAt: cst('2026-02-02'),
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    await rep.post('/api/v1/activities', { type: 'task', subject: '未完成', dueAt: cst('2026-02-03') });
    expect(
      await t.services.results.total(org, 'activities', Q1, { ownerIds: [t.fx.users.repShanghai.id] }),
    ).toBe(1);
  });

  it('refuses a bad period or a split the metric does not have, naming the field', async () => {
    const r = t.services.results;
    await expect(r.measure(org, 'revenue', { from: '2026-02-30', to: '2026-03-01' })).rejects.toMatchObject({
      status: 400,
      fields: [{ path: 'from' }],
    });
    await expect(r.measure(org, 'revenue', { from: '2026-03-02', to: '2026-03-01' })).rejects.toMatchObject({
      fields: [{ path: 'to' }],
    });
    await expect(r.measure(org, 'payments', Q1, { groupBy: 'product' })).rejects.toMatchObject({
      fields: [{ path: 'groupBy' }],
    });
  });
});
