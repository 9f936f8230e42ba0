import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('products API', () => {
  it('lets admins and directors maintain the catalogue; everyone in sales reads it', async () => {
    const director = await t.as('director');
    const p = await director.post('/api/v1/products', {
      sku: 'CRM-STD',
      name: '拓客标准版',
      listPrice: 980_000,
      unit: '套',
    });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({
      sku: 'CRM-STD',
      listPrice: 980_000,
      currency: 'CNY',
      active: true,
      version: 1,
    });
    await director.post('/api/v1/products', {
      sku: 'CRM-PRO',
      name: '拓客专业版',
      listPrice: 1_980_000,
      category: 'software',
    });
    const rep = await t.as('repShanghai');
    expect((await rep.get('/api/v1/products')).body.items.map((x: { sku: string }) => x.sku)).toEqual([
      'CRM-PRO',
      'CRM-STD',
    ]);
    expect(
      (await rep.get('/api/v1/products?sort=-listPrice&q=crm')).body.items.map((x: { sku: string }) => x.sku),
    ).toEqual(['CRM-PRO', 'CRM-STD']);
    expect((await rep.get('/api/v1/products?category=software')).body.items).toHaveLength(1);
    expect((await rep.post('/api/v1/products', { sku: 'X', name: 'x', listPrice: 1 })).status).toBe(403);
    expect(
      (await (await t.as('managerEast')).patch(`/api/v1/products/${p.body.id}`, { listPrice: 1, version: 1 }))
        .status,
    ).toBe(403);
    expect((await director.delete(`/api/v1/products/${p.body.id}`)).status).toBe(403);
    expect((await (await t.as('recruiter')).get('/api/v1/products')).status).toBe(403);
    expect((await (await t.as('otherAdmin')).get(`/api/v1/products/${p.body.id}`)).status).toBe(404);
  });

  it('deactivates, renames with history and keeps SKUs unique per organisation', async () => {
    const admin = await t.as('admin');
    const p = (await admin.get('/api/v1/products?q=CRM-STD')).body.items[0];
    const u = await admin.patch(`/api/v1/products/${p.id}`, {
      active: false,
      listPrice: 880_000,
      version: p.version,
    });
    expect(u.body).toMatchObject({ active: false, listPrice: 880_000, version: p.version + 1 });
    expect(
      (await admin.get('/api/v1/products?active=false')).body.items.map((x: { id: string }) => x.id),
    ).toEqual([p.id]);
    const dup = await admin.patch(`/api/v1/products/${p.id}`, { sku: 'CRM-PRO', version: u.body.version });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields).toEqual([{ path: 'sku', message: 'already used' }]);
    // another organisation may use the same SKU
    expect(
      (await (await t.as('otherAdmin')).post('/api/v1/products', { sku: 'CRM-STD', name: 'x', listPrice: 1 }))
        .status,
    ).toBe(201);
    const changes = await t.db.kysely
      .selectFrom('fieldChanges')
      .select(['field', 'oldValue', 'newValue'])
      .where('entityId', '=', p.id)
      .orderBy('field')
      .execute();
    expect(changes).toEqual([
      { field: 'active', oldValue: '1', newValue: '0' },
      { field: 'listPrice', oldValue: '980000', newValue: '880000' },
    ]);
  });

  it('refuses to delete a product that is on an opportunity', async () => {
    const admin = await t.as('admin');
    const used = (await admin.post('/api/v1/products', { sku: 'USED', name: '在用', listPrice: 100 })).body
      .id;
    const unused = (await admin.post('/api/v1/products', { sku: 'UNUSED', name: '未用', listPrice: 100 }))
      .body.id;
    const acc = (await admin.post('/api/v1/accounts', { name: '客户' })).body.id;
    await admin.post('/api/v1/opportunities', {
      name: '商机',
      accountId: acc,
      expectedCloseDate: '2026-09-01',
      items: [{ productId: used, quantity: 1 }],
    });
    const r = await admin.delete(`/api/v1/products/${used}`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    expect((await admin.delete(`/api/v1/products/${unused}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/products/${unused}`)).status).toBe(404);
  });

  it('keeps an optional unit cost: set, changed with history, cleared, and refused when negative', async () => {
    const admin = await t.as('admin');
    const created = await admin.post('/api/v1/products', {
      sku: 'COST-1',
      name: '带成本',
      listPrice: 100_000,
      unitCost: 45_000,
    });
    expect(created.status).toBe(201);
    expect(created.body.unitCost).toBe(45_000);
    const plain = await admin.post('/api/v1/products', { sku: 'COST-0', name: '无成本', listPrice: 100 });
    expect(plain.body.unitCost).toBeNull();
    // every role that reads the catalogue sees the cost
    const asRep = await (await t.as('repShanghai')).get(`/api/v1/products/${created.body.id}`);
    expect(asRep.body.unitCost).toBe(45_000);
    expect((await (await t.as('repShanghai')).get('/api/v1/products?q=COST-1')).body.items[0].unitCost).toBe(
      45_000,
    );

    const changed = await admin.patch(`/api/v1/products/${created.body.id}`, {
      unitCost: 52_000,
      version: created.body.version,
    });
    expect(changed.body).toMatchObject({ unitCost: 52_000, version: 2 });
    const cleared = await admin.patch(`/api/v1/products/${created.body.id}`, { unitCost: null, version: 2 });
    expect(cleared.body.unitCost).toBeNull();
    expect((await admin.get(`/api/v1/products/${created.body.id}`)).body.unitCost).toBeNull();
    const history = await t.db.kysely
      .selectFrom('fieldChanges')
      .select(['oldValue', 'newValue'])
      .where('entityId', '=', created.body.id)
      .where('field', '=', 'unitCost')
      .orderBy('id')
      .execute();
    expect(history.map((h) => [h.oldValue, h.newValue])).toEqual([
      ['45000', '52000'],
      ['52000', null],
    ]);

    for (const bad of [-1, 1.5, '100']) {
      const r = await admin.post('/api/v1/products', {
        sku: 'COST-BAD',
        name: 'x',
        listPrice: 100,
        unitCost: bad,
      });
      expect(r.status, String(bad)).toBe(400);
      expect(r.body.error.fields[0].path).toBe('unitCost');
      const u = await admin.patch(`/api/v1/products/${created.body.id}`, { unitCost: bad, version: 3 });
      expect(u.status, String(bad)).toBe(400);
      expect(u.body.error.fields[0].path).toBe('unitCost');
    }
    expect((await admin.get('/api/v1/products?q=COST-BAD')).body.items).toEqual([]);
    expect((await admin.get(`/api/v1/products/${created.body.id}`)).body.version).toBe(3);
  });
});
