import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
let accountId: string;
let std: string;
let pro: string;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.as('admin');
  std = (await admin.post('/api/v1/products', { sku: 'STD', name: '标准版', listPrice: 33_333 })).body.id;
  pro = (await admin.post('/api/v1/products', { sku: 'PRO', name: '专业版', listPrice: 100_000 })).body.id;
  accountId = (await (await t.as('repShanghai')).post('/api/v1/accounts', { name: '上海联创' })).body.id;
});
afterAll(() => t.close());

const stage = (i: number) => t.fx.stages[i]!;

describe('opportunities API', () => {
  it('prices line items with discounts and sums them into the amount', async () => {
    const rep = await t.as('repShanghai');
    const r = await rep.post('/api/v1/opportunities', {
      name: '联创 CRM 采购',
      accountId,
      expectedCloseDate: '2026-10-31',
      amount: 1,
      items: [
        { productId: std, quantity: 3, discountBp: 1500 },
        { productId: pro, quantity: 1, unitPrice: 90_000 },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      accountName: '上海联创',
      pipelineId: t.fx.pipelineId,
      stageId: stage(0).id,
      stageName: '初步接洽',
      probability: 10,
      status: 'open',
      amount: 84_999 + 90_000,
      closedAt: null,
      ownerId: t.fx.users.repShanghai.id,
    });
    expect(r.body.items).toMatchObject([
      {
        productId: std,
        productName: '标准版',
        sku: 'STD',
        quantity: 3,
        unitPrice: 33_333,
        discountBp: 1500,
        amount: 84_999,
      },
      { productId: pro, quantity: 1, unitPrice: 90_000, discountBp: 0, amount: 90_000 },
    ]);
    // replacing the items re-prices the deal; an empty list frees the amount again
    const u = await rep.patch(`/api/v1/opportunities/${r.body.id}`, {
      items: [{ productId: pro, quantity: 2 }],
      version: 1,
    });
    expect(u.body).toMatchObject({ amount: 200_000, version: 2 });
    expect(u.body.items).toHaveLength(1);
    const cleared = await rep.patch(`/api/v1/opportunities/${r.body.id}`, {
      items: [],
      amount: 5_000,
      version: 2,
    });
    expect(cleared.body).toMatchObject({ amount: 5_000, items: [] });
  });

  it('moves through stages: won closes, lost needs a reason, reopening clears both', async () => {
    const rep = await t.as('repShanghai');
    const o = (
      await rep.post('/api/v1/opportunities', {
        name: '阶段推进',
        accountId,
        amount: 1_000_000,
        expectedCloseDate: '2026-08-01',
      })
    ).body;
    const s2 = await rep.patch(`/api/v1/opportunities/${o.id}`, { stageId: stage(2).id, version: 1 });
    expect(s2.body).toMatchObject({ stageName: '方案报价', probability: 50, status: 'open', closedAt: null });
    const noReason = await rep.patch(`/api/v1/opportunities/${o.id}`, { stageId: stage(5).id, version: 2 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toEqual([
      { path: 'lostReason', message: 'say why the deal was lost' },
    ]);
    const lost = await rep.patch(`/api/v1/opportunities/${o.id}`, {
      stageId: stage(5).id,
      lostReason: '预算取消',
      version: 2,
    });
    expect(lost.body).toMatchObject({ status: 'lost', lostReason: '预算取消', version: 3 });
    expect(lost.body.closedAt).not.toBeNull();
    const reopened = await rep.patch(`/api/v1/opportunities/${o.id}`, { stageId: stage(3).id, version: 3 });
    expect(reopened.body).toMatchObject({ status: 'open', lostReason: null, closedAt: null });
    const won = await rep.patch(`/api/v1/opportunities/${o.id}`, { stageId: stage(4).id, version: 4 });
    expect(won.body).toMatchObject({ status: 'won', probability: 100 });
    const tl = await rep.get(`/api/v1/opportunities/${o.id}/timeline`);
    const stageChanges = tl.body.items
      .filter((e: { change?: { field: string } }) => e.change?.field === 'stageId')
      .map(
        (e: { change: { oldValue: string; newValue: string } }) =>
          `${e.change.oldValue}→${e.change.newValue}`,
      );
    expect(stageChanges.sort()).toEqual(
      ['初步接洽→方案报价', '方案报价→输单', '商务谈判→赢单', '输单→商务谈判'].sort(),
    );
    expect(
      (await rep.get('/api/v1/opportunities?status=won')).body.items.map((x: { id: string }) => x.id),
    ).toEqual([o.id]);
  });

  it('creates straight into a lost stage only with a reason, and filters by close date and sorts by amount', async () => {
    const rep = await t.as('repShanghai');
    const lost = await rep.post('/api/v1/opportunities', {
      name: '直接输单',
      accountId,
      stageId: stage(5).id,
      lostReason: '选了竞品',
      expectedCloseDate: '2026-01-15',
    });
    expect(lost.body).toMatchObject({ status: 'lost', lostReason: '选了竞品' });
    const jan = await rep.get('/api/v1/opportunities?closeFrom=2026-01-01&closeTo=2026-01-31');
    expect(jan.body.items.map((x: { name: string }) => x.name)).toEqual(['直接输单']);
    const byAmount = (await rep.get('/api/v1/opportunities?sort=-amount')).body.items.map(
      (x: { amount: number }) => x.amount,
    );
    expect(byAmount).toEqual([...byAmount].sort((a, b) => b - a));
  });

  it('managers delete deals with their items and collaborators; reps may not', async () => {
    const rep = await t.as('repShanghai');
    const o = (
      await rep.post('/api/v1/opportunities', {
        name: '待删除',
        accountId,
        expectedCloseDate: '2026-05-05',
        collaboratorIds: [t.fx.users.repEast.id, t.fx.users.repShanghai.id],
        items: [{ productId: std, quantity: 1 }],
      })
    ).body;
    // the owner is not listed as their own collaborator
    expect(o.collaboratorIds).toEqual([t.fx.users.repEast.id]);
    expect((await rep.delete(`/api/v1/opportunities/${o.id}`)).status).toBe(403);
    expect((await (await t.as('managerEast')).delete(`/api/v1/opportunities/${o.id}`)).status).toBe(204);
    const left = await Promise.all([
      t.db.kysely.selectFrom('opportunityItems').select('id').where('opportunityId', '=', o.id).execute(),
      t.db.kysely
        .selectFrom('opportunityCollaborators')
        .select('userId')
        .where('opportunityId', '=', o.id)
        .execute(),
    ]);
    expect(left).toEqual([[], []]);
    // the account can be deleted once its deals are gone, not before
    const acc = (await rep.post('/api/v1/accounts', { name: '有商机的客户' })).body.id;
    await rep.post('/api/v1/opportunities', { name: 'x', accountId: acc, expectedCloseDate: '2026-05-05' });
    const blocked = await (await t.as('managerEast')).delete(`/api/v1/accounts/${acc}`);
    expect(blocked.status).toBe(409);
  });
});

describe('deactivated products', () => {
  it('stay on the deals that have them but cannot be added to others', async () => {
    const admin = await t.as('admin');
    const rep = await t.as('repShanghai');
    const old = (await admin.post('/api/v1/products', { sku: 'OLD-1', name: '旧版', listPrice: 5_000 })).body;
    const deal = await rep.post('/api/v1/opportunities', {
      name: '旧版续费',
      accountId,
      expectedCloseDate: '2027-01-31',
      items: [{ productId: old.id, quantity: 2 }],
    });
    expect(deal.status).toBe(201);
    await admin.patch(`/api/v1/products/${old.id}`, { active: false, version: old.version });
    const kept = await rep.patch(`/api/v1/opportunities/${deal.body.id}`, {
      items: [{ productId: old.id, quantity: 3 }],
      version: deal.body.version,
    });
    expect(kept.status).toBe(200);
    expect(kept.body.amount).toBe(15_000);
    const added = await rep.post('/api/v1/opportunities', {
      name: '新单',
      accountId,
      expectedCloseDate: '2027-01-31',
      items: [{ productId: old.id, quantity: 1 }],
    });
    expect(added.status).toBe(400);
    expect(added.body.error.fields).toEqual([
      { path: 'items/0/productId', message: 'this product is deactivated' },
    ]);
  });
});
