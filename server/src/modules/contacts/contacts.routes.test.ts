import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
let accountId: string;
beforeAll(async () => {
  t = await createTestApp();
  accountId = (await (await t.as('repEast')).post('/api/v1/accounts', { name: '杭州远景科技' })).body.id;
});
afterAll(() => t.close());

describe('contacts API', () => {
  it('creates a contact on an account, shows the account name, filters and records changes', async () => {
    const rep = await t.as('repEast');
    const r = await rep.post('/api/v1/contacts', {
      name: '  陈静 ',
      accountId,
      title: '采购总监',
      phone: '13800138000',
      email: 'chen@yuanjing.cn',
      birthday: '1988-02-29',
      decisionRole: 'decision_maker',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      name: '陈静',
      accountId,
      accountName: '杭州远景科技',
      birthday: '1988-02-29',
      ownerId: t.fx.users.repEast.id,
      ownerName: 'repEast',
      version: 1,
    });
    await rep.post('/api/v1/contacts', { name: '刘洋', decisionRole: 'user' });
    const byAccount = await rep.get(`/api/v1/contacts?accountId=${accountId}`);
    expect(byAccount.body.items.map((c: { name: string }) => c.name)).toEqual(['陈静']);
    expect((await rep.get('/api/v1/contacts?q=1380013')).body.items.map((c: { id: string }) => c.id)).toEqual(
      [r.body.id],
    );
    expect((await rep.get('/api/v1/contacts?q=CHEN@')).body.items).toHaveLength(1);
    expect(
      (await rep.get('/api/v1/contacts?decisionRole=user')).body.items.map((c: { name: string }) => c.name),
    ).toEqual(['刘洋']);

    const u = await rep.patch(`/api/v1/contacts/${r.body.id}`, { accountId: null, title: 'CEO', version: 1 });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ accountId: null, accountName: null, title: 'CEO', version: 2 });
    const tl = await rep.get(`/api/v1/contacts/${r.body.id}/timeline`);
    expect(
      tl.body.items
        .map((e: { change: { field: string; oldValue: string; newValue: string } }) => e.change)
        .sort((a: any, b: any) => a.field.localeCompare(b.field)),
    ).toEqual([
      {
        field: 'accountId',
        oldValue: '杭州远景科技',
        newValue: null,
        userId: t.fx.users.repEast.id,
        userName: 'repEast',
      },
      {
        field: 'title',
        oldValue: '采购总监',
        newValue: 'CEO',
        userId: t.fx.users.repEast.id,
        userName: 'repEast',
      },
    ]);
  });

  it('refuses an account outside the scope and an owner outside the scope', async () => {
    const southAccount = (await (await t.as('repSouth')).post('/api/v1/accounts', { name: '深圳客户' })).body
      .id;
    const rep = await t.as('repEast');
    const r = await rep.post('/api/v1/contacts', { name: 'x', accountId: southAccount });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual([
      { path: 'accountId', message: 'no such account in your data scope' },
    ]);
    const o = await rep.post('/api/v1/contacts', { name: 'x', ownerId: t.fx.users.repShanghai.id });
    expect(o.status).toBe(403);
    // a manager may assign within the team
    const m = await (
      await t.as('managerEast')
    ).post('/api/v1/contacts', { name: '团队联系人', ownerId: t.fx.users.repShanghai.id });
    expect(m.status).toBe(201);
    expect(m.body.ownerName).toBe('repShanghai');
  });

  it('service agents may edit contacts but not create or delete them', async () => {
    const id = (await (await t.as('repEast')).post('/api/v1/contacts', { name: '售后联系人' })).body.id;
    const svc = await t.as('service');
    expect((await svc.patch(`/api/v1/contacts/${id}`, { phone: '021-5555', version: 1 })).body.phone).toBe(
      '021-5555',
    );
    expect((await svc.post('/api/v1/contacts', { name: 'x' })).status).toBe(403);
    expect((await svc.delete(`/api/v1/contacts/${id}`)).status).toBe(403);
  });

  it('deleting a contact removes its activities too', async () => {
    const mgr = await t.as('managerEast');
    const id = (await mgr.post('/api/v1/contacts', { name: '将被删除' })).body.id;
    const act = await mgr.post('/api/v1/activities', {
      type: 'call',
      subject: '电话',
      relatedType: 'contact',
      relatedId: id,
    });
    expect(act.status).toBe(201);
    expect((await mgr.delete(`/api/v1/contacts/${id}`)).status).toBe(204);
    expect((await mgr.get(`/api/v1/contacts/${id}`)).status).toBe(404);
    expect((await mgr.get(`/api/v1/activities/${act.body.id}`)).status).toBe(404);
  });
});
