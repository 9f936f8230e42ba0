import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const rep = await t.as('repShanghai');
  const acc = (await rep.post('/api/v1/accounts', { name: '星河电子 Galaxy', region: '华东' })).body.id;
  await rep.post('/api/v1/contacts', { name: '星河 张工', accountId: acc, phone: '13911112222' });
  // in the pool: every role that reads leads finds it
  await rep.post('/api/v1/leads', { name: '李雷', company: '星河物流', ownerId: null });
  await rep.post('/api/v1/opportunities', {
    name: '星河二期',
    accountId: acc,
    expectedCloseDate: '2026-11-11',
  });
  await rep.post('/api/v1/accounts', { name: '100% 达成_公司' });
  await rep.post('/api/v1/accounts', { name: '100元公司' });
});
afterAll(() => t.close());

describe('search API', () => {
  it('finds accounts, contacts, leads and deals by name, with a subtitle', async () => {
    const r = await (await t.as('repShanghai')).get(`/api/v1/search?q=${encodeURIComponent('星河')}`);
    expect(r.status).toBe(200);
    expect(
      r.body.items.map((h: { type: string; title: string; subtitle: string | null }) => [
        h.type,
        h.title,
        h.subtitle,
      ]),
    ).toEqual([
      ['account', '星河电子 Galaxy', '华东'],
      ['contact', '星河 张工', '星河电子 Galaxy'],
      ['lead', '李雷', '星河物流'],
      ['opportunity', '星河二期', '星河电子 Galaxy'],
    ]);
  });

  it('matches case-insensitively, by phone, and treats % and _ literally', async () => {
    const rep = await t.as('repShanghai');
    const titles = async (q: string) =>
      (await rep.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).body.items.map(
        (h: { title: string }) => h.title,
      );
    expect(await titles('galaxy')).toEqual(['星河电子 Galaxy']);
    expect(await titles('1391111')).toEqual(['星河 张工']);
    expect(await titles('100%')).toEqual(['100% 达成_公司']);
    expect(await titles('达成_')).toEqual(['100% 达成_公司']);
  });

  it("does not confirm a pooled contact's phone number by its digits", async () => {
    const rep = await t.as('repShanghai');
    const acc = (await rep.post('/api/v1/accounts', { name: '月湖精工', region: '华东' })).body;
    await rep.post('/api/v1/contacts', { name: '月湖 王工', accountId: acc.id, phone: '13755556666' });
    const titles = async (q: string) =>
      (await rep.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).body.items.map(
        (h: { title: string }) => h.title,
      );
    expect(await titles('1375555')).toEqual(['月湖 王工']);
    const pool = await (
      await t.as('admin')
    ).post('/api/v1/pools', { kind: 'account', name: '公共客户池', isDefault: true, hideContacts: true });
    expect(pool.status, JSON.stringify(pool.body)).toBe(201);
    const back = await rep.post(`/api/v1/accounts/${acc.id}/return`, { reason: '客户无需求' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    // a member of the pool still finds the contact by name, not by the (masked) phone
    const admin = await t.as('admin');
    const adminTitles = async (q: string) =>
      (await admin.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).body.items.map(
        (h: { title: string }) => h.title,
      );
    expect(await adminTitles('1375555')).toEqual([]);
    expect(await adminTitles('月湖 王工')).toEqual(['月湖 王工']);
  });

  it('limits hits per type and stays inside the scope', async () => {
    const rep = await t.as('repShanghai');
    expect((await rep.get('/api/v1/search?q=100&limit=1')).body.items).toHaveLength(1);
    expect(
      (await (await t.as('repSouth')).get(`/api/v1/search?q=${encodeURIComponent('星河')}`)).body.items.map(
        (h: { type: string }) => h.type,
      ),
    ).toEqual(['lead']);
    expect(
      (await (await t.as('otherAdmin')).get(`/api/v1/search?q=${encodeURIComponent('星河')}`)).body.items,
    ).toEqual([]);
    expect(
      (await (await t.as('recruiter')).get(`/api/v1/search?q=${encodeURIComponent('星河')}`)).body.items,
    ).toEqual([]);
    expect((await t.anonymous.get('/api/v1/search?q=x')).status).toBe(401);
  });
});
