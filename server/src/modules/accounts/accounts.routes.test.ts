import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('accounts API', () => {
  it('creates, reads, lists and updates an account with field history', async () => {
    const rep = await t.as('repShanghai');
    const created = await rep.post('/api/v1/accounts', {
      name: '上海星河贸易有限公司',
      industry: 'retail',
      region: '华东',
      creditCode: '91310000MA1FL0XK38',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: '上海星河贸易有限公司',
      ownerId: t.fx.users.repShanghai.id,
      ownerName: 'repShanghai',
      version: 1,
      kind: 'company',
    });
    const id = created.body.id;
    expect((await rep.get(`/api/v1/accounts/${id}`)).body.name).toBe('上海星河贸易有限公司');
    const list = await rep.get('/api/v1/accounts?q=星河');
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
    const updated = await rep.patch(`/api/v1/accounts/${id}`, { level: 'A', version: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ level: 'A', version: 2 });
    const stale = await rep.patch(`/api/v1/accounts/${id}`, { level: 'B', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale');
    const history = await t.db.kysely
      .selectFrom('fieldChanges')
      .selectAll()
      .where('entityId', '=', id)
      .execute();
    expect(history).toMatchObject([
      { field: 'level', oldValue: null, newValue: 'A', userId: t.fx.users.repShanghai.id },
    ]);
  });

  it('refuses bad input with the field named', async () => {
    const admin = await t.as('admin');
    const cases: [unknown, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 'ok', industry: 'spaceships' }, 'industry'],
      [{ name: 'ok', unknownField: 1 }, 'unknownField'],
      [{ name: 'ok', creditCode: '91310000MA1FL0XK3A' }, 'creditCode'],
      [{ name: 'ok', ownerId: t.fx.users.otherRep.id }, 'ownerId'],
      [{}, 'name'],
    ];
    for (const [body, field] of cases) {
      const r = await admin.post('/api/v1/accounts', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    }
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('answers malformed JSON with 400 bad_request', async () => {
    const admin = await t.as('admin');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(login.statusCode).toBe(400);
    expect(JSON.parse(login.body).error.code).toBe('bad_request');
    expect(admin).toBeTruthy();
  });

  it('keeps each role inside its data scope and each organisation apart', async () => {
    const make = async (who: 'repShanghai' | 'repEast' | 'repSouth', name: string) =>
      (await (await t.as(who)).post('/api/v1/accounts', { name })).body.id as string;
    const a1 = await make('repShanghai', 'Scope-A 上海');
    const a2 = await make('repEast', 'Scope-B 华东');
    const a3 = await make('repSouth', 'Scope-C 华南');
    const seen = async (who: Parameters<TestApp['as']>[0]) =>
      ((await (await t.as(who)).get('/api/v1/accounts?q=Scope-&limit=200')).body.items as { id: string }[])
        .map((a) => a.id)
        .sort();
    expect(await seen('repShanghai')).toEqual([a1]);
    expect(await seen('managerEast')).toEqual([a1, a2].sort());
    expect(await seen('managerSouth')).toEqual([a3]);
    expect(await seen('director')).toEqual([a1, a2, a3].sort());
    expect(await seen('otherAdmin')).toEqual([]);
    // out of scope reads as not found, never as forbidden-with-data
    const south = await t.as('repSouth');
    expect((await south.get(`/api/v1/accounts/${a1}`)).status).toBe(404);
    expect((await south.patch(`/api/v1/accounts/${a1}`, { name: 'x', version: 1 })).status).toBe(404);
    expect((await (await t.as('otherAdmin')).get(`/api/v1/accounts/${a1}`)).status).toBe(404);
    // a rep may not delete accounts; a recruiter may not read them
    expect((await (await t.as('repShanghai')).delete(`/api/v1/accounts/${a1}`)).status).toBe(403);
    expect((await (await t.as('recruiter')).get('/api/v1/accounts')).status).toBe(403);
    // saved views: mine / subordinates
    const mgr = await t.as('managerEast');
    const subs = (await mgr.get('/api/v1/accounts?q=Scope-&view=subordinates')).body.items
      .map((a: { id: string }) => a.id)
      .sort();
    expect(subs).toEqual([a1, a2].sort());
    expect((await mgr.get('/api/v1/accounts?q=Scope-&view=mine')).body.items).toEqual([]);
  });

  it('pages with a keyset cursor without repeating or skipping rows', async () => {
    const admin = await t.as('admin');
    for (let i = 0; i < 7; i++) await admin.post('/api/v1/accounts', { name: `Page-${i}` });
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { body: { items: { name: string }[]; nextCursor: string | null } } = await admin.get(
        `/api/v1/accounts?q=Page-&sort=name&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      names.push(...r.body.items.map((a) => a.name));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(names).toEqual(['Page-0', 'Page-1', 'Page-2', 'Page-3', 'Page-4', 'Page-5', 'Page-6']);
    expect((await admin.get('/api/v1/accounts?cursor=garbage')).status).toBe(400);
    expect((await admin.get('/api/v1/accounts?sort=password')).status).toBe(400);
  });

  it('requires the CSRF token for cookie writes', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: t.fx.users.admin.email, password: 'test-password-1' },
    });
    const cookie = login.cookies.find((c) => c.name === 'tuoke_session')!;
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { cookie: `tuoke_session=${cookie.value}` },
      payload: { name: 'csrf' },
    });
    expect(r.statusCode).toBe(403);
  });
});
