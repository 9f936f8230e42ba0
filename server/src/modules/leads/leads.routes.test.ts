import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const names = (items: { name: string }[]) => items.map((l) => l.name).sort();

describe('leads API', () => {
  it('creates leads owned by the creator, or in the pool with ownerId null', async () => {
    const mkt = await t.as('marketing');
    const own = await mkt.post('/api/v1/leads', {
      name: '展会名片 A',
      company: '苏州精工',
      source: 'trade_show',
    });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({
      status: 'new',
      ownerId: t.fx.users.marketing.id,
      ownerName: 'marketing',
      source: 'trade_show',
    });
    const pool = await mkt.post('/api/v1/leads', { name: '官网留资 B', ownerId: null, email: 'b@x.cn' });
    // in the pool, the pool's name stands where the owner's would
    expect(pool.body).toMatchObject({ ownerId: null, ownerName: '公共线索池', poolName: '公共线索池' });
    const assigned = await mkt.post('/api/v1/leads', {
      name: '分配给华南 C',
      ownerId: t.fx.users.repSouth.id,
    });
    expect(assigned.body.ownerName).toBe('repSouth');
  });

  it('lists pool leads in "all" but not in "mine" or an owner filter, and filters by status and text', async () => {
    const rep = await t.as('repSouth');
    expect(names((await rep.get('/api/v1/leads')).body.items)).toEqual(['分配给华南 C', '官网留资 B']);
    expect(names((await rep.get('/api/v1/leads?view=mine')).body.items)).toEqual(['分配给华南 C']);
    expect(names((await rep.get(`/api/v1/leads?ownerId=${t.fx.users.repSouth.id}`)).body.items)).toEqual([
      '分配给华南 C',
    ]);
    expect(names((await rep.get('/api/v1/leads?q=B@X')).body.items)).toEqual(['官网留资 B']);
    const mkt = await t.as('marketing');
    expect(names((await mkt.get('/api/v1/leads?q=苏州')).body.items)).toEqual(['展会名片 A']);
    expect((await mkt.get('/api/v1/leads?status=qualified')).body.items).toEqual([]);
  });

  it('moves a lead through statuses with history, and releases it back to the pool', async () => {
    const rep = await t.as('repSouth');
    const id = (await rep.get('/api/v1/leads?view=mine')).body.items[0].id;
    const q = await rep.patch(`/api/v1/leads/${id}`, { status: 'qualified', version: 1 });
    expect(q.body).toMatchObject({ status: 'qualified', version: 2 });
    const released = await rep.patch(`/api/v1/leads/${id}`, { ownerId: null, version: 2 });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ ownerId: null, version: 3 });
    const history = await t.db.kysely
      .selectFrom('fieldChanges')
      .select(['field', 'oldValue', 'newValue'])
      .where('entityId', '=', id)
      .orderBy('changedAt')
      .execute();
    expect(history).toEqual([
      { field: 'status', oldValue: 'new', newValue: 'qualified' },
      { field: 'ownerId', oldValue: t.fx.users.repSouth.id, newValue: null },
    ]);
  });

  it('reps cannot delete leads; marketing can', async () => {
    const id = (await (await t.as('marketing')).post('/api/v1/leads', { name: '待删除', ownerId: null })).body
      .id;
    expect((await (await t.as('repEast')).delete(`/api/v1/leads/${id}`)).status).toBe(403);
    expect((await (await t.as('marketing')).delete(`/api/v1/leads/${id}`)).status).toBe(204);
    expect((await (await t.as('marketing')).get(`/api/v1/leads/${id}`)).status).toBe(404);
  });
});
