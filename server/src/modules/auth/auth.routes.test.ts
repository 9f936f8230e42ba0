import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@tuoke/shared';
import { createTestApp, PASSWORD, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function login(email: string, password = PASSWORD, ip = '10.0.0.1') {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });
  const cookie = r.cookies.find((c) => c.name === 'tuoke_session');
  return { status: r.statusCode, body: JSON.parse(r.body), cookie };
}
const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: object,
) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) }).then((r) => ({
    status: r.statusCode,
    body: r.body ? JSON.parse(r.body) : null,
  }));

describe('auth', () => {
  it('signs in with a session cookie and tells who is signed in', async () => {
    const r = await login('  RepShanghai@Test.Tuoke ');
    expect(r.status).toBe(200);
    expect(r.cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(r.body.user).toEqual({
      id: t.fx.users.repShanghai.id,
      email: 'repshanghai@test.tuoke',
      name: 'repShanghai',
      role: 'sales_rep',
      teamId: t.fx.teams.shanghai,
      managerId: t.fx.users.managerEast.id,
      locale: null,
    });
    expect(r.body.organization).toEqual({ id: t.fx.orgId, name: '测试科技有限公司', currency: 'CNY' });
    expect(r.body.permissions).toEqual(JSON.parse(JSON.stringify(PERMISSIONS.sales_rep)));
    expect(r.body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const me = await call('GET', '/api/v1/auth/me', { cookie: `tuoke_session=${r.cookie!.value}` });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: t.fx.users.repShanghai.id }, csrfToken: r.body.csrfToken });
    // the session is stored hashed, never as the cookie value
    const stored = await t.db.kysely
      .selectFrom('sessions')
      .select('id')
      .where('userId', '=', t.fx.users.repShanghai.id)
      .execute();
    expect(stored.map((s) => s.id)).not.toContain(r.cookie!.value);
  });

  it('refuses a wrong password or unknown e-mail alike, then throttles the e-mail after 5 failures', async () => {
    const wrong = await login(t.fx.users.repEast.email, 'not-the-password');
    const unknown = await login('nobody@test.tuoke', 'whatever');
    expect(wrong).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'E-mail or password is wrong' } },
    });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.cookie).toBeUndefined();
    for (let i = 0; i < 4; i++) await login(t.fx.users.repEast.email, 'not-the-password', '10.0.0.2');
    const throttled = await login(t.fx.users.repEast.email, PASSWORD, '10.0.0.3');
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('too_many_requests');
    // another e-mail from the same address still signs in
    expect((await login(t.fx.users.repSouth.email, PASSWORD, '10.0.0.2')).status).toBe(200);
  });

  it('answers 401 without a session and after logout', async () => {
    expect((await t.anonymous.get('/api/v1/accounts')).status).toBe(401);
    expect((await call('GET', '/api/v1/auth/me', { cookie: 'tuoke_session=forged' })).status).toBe(401);
    const s = await login(t.fx.users.director.email);
    const cookie = `tuoke_session=${s.cookie!.value}`;
    expect((await call('GET', '/api/v1/accounts', { cookie })).status).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'tuoke_session')?.value).toBe('');
    const after = await call('GET', '/api/v1/accounts', { cookie });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthorized');
  });

  it('requires the CSRF header on cookie writes, and only the right one', async () => {
    const s = await login(t.fx.users.admin.email);
    const cookie = `tuoke_session=${s.cookie!.value}`;
    const other = await login(t.fx.users.director.email);
    expect((await call('POST', '/api/v1/accounts', { cookie }, { name: 'no csrf' })).status).toBe(403);
    expect(
      (
        await call(
          'POST',
          '/api/v1/accounts',
          { cookie, 'x-csrf-token': other.body.csrfToken },
          { name: 'wrong' },
        )
      ).status,
    ).toBe(403);
    const ok = await call(
      'POST',
      '/api/v1/accounts',
      { cookie, 'x-csrf-token': s.body.csrfToken },
      { name: 'with csrf' },
    );
    expect(ok.status).toBe(201);
    expect(
      await t.db.kysely
        .selectFrom('accounts')
        .select('name')
        .where('name', 'in', ['no csrf', 'wrong'])
        .execute(),
    ).toEqual([]);
  });

  it('changes my language and display name', async () => {
    const me = await t.as('marketing');
    const r = await me.patch('/api/v1/auth/me', { locale: 'en', name: '市场部小李' });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ locale: 'en', name: '市场部小李', role: 'marketing' });
    expect((await me.patch('/api/v1/auth/me', { role: 'admin' })).status).toBe(400);
    expect((await me.patch('/api/v1/auth/me', { locale: 'fr' })).status).toBe(400);
    expect((await me.get('/api/v1/auth/me')).body.user.role).toBe('marketing');
  });

  it('creates, lists, uses and revokes API tokens; a token needs no CSRF and keeps the role', async () => {
    const rep = await t.as('repSouth');
    const created = await rep.post('/api/v1/auth/tokens', { name: 'ERP 同步' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ERP 同步' });
    expect(created.body.token).toMatch(/^tk_/);
    const listed = await rep.get('/api/v1/auth/tokens');
    expect(listed.body.items).toEqual([
      { id: created.body.id, name: 'ERP 同步', createdAt: expect.any(String), lastUsedAt: null },
    ]);
    const bearer = { authorization: `Bearer ${created.body.token}` };
    const acc = await call('POST', '/api/v1/accounts', bearer, { name: 'Token 客户' });
    expect(acc.status).toBe(201);
    expect(acc.body.ownerId).toBe(t.fx.users.repSouth.id);
    expect((await call('DELETE', `/api/v1/accounts/${acc.body.id}`, bearer)).status).toBe(403);
    expect((await rep.get('/api/v1/auth/tokens')).body.items[0].lastUsedAt).not.toBeNull();
    // someone else cannot revoke it
    expect((await (await t.as('admin')).delete(`/api/v1/auth/tokens/${created.body.id}`)).status).toBe(404);
    expect((await rep.delete(`/api/v1/auth/tokens/${created.body.id}`)).status).toBe(204);
    expect((await rep.get('/api/v1/auth/tokens')).body.items).toEqual([]);
    const revoked = await call('GET', '/api/v1/accounts', bearer);
    expect(revoked).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect((await call('GET', '/api/v1/accounts', { authorization: 'Bearer tk_made_up' })).status).toBe(401);
  });

  it('ends the sessions and tokens of a deactivated user at once', async () => {
    const s = await login(t.fx.users.service.email);
    const cookie = `tuoke_session=${s.cookie!.value}`;
    const token = await call(
      'POST',
      '/api/v1/auth/tokens',
      { cookie, 'x-csrf-token': s.body.csrfToken },
      { name: 't' },
    );
    expect((await call('GET', '/api/v1/accounts', { cookie })).status).toBe(200);
    const admin = await t.as('admin');
    const u = await admin.get(`/api/v1/users/${t.fx.users.service.id}`);
    expect(
      (await admin.patch(`/api/v1/users/${u.body.id}`, { active: false, version: u.body.version })).status,
    ).toBe(200);
    expect((await call('GET', '/api/v1/accounts', { cookie })).status).toBe(401);
    expect(
      (await call('GET', '/api/v1/accounts', { authorization: `Bearer ${token.body.token}` })).status,
    ).toBe(401);
    const again = await login(t.fx.users.service.email);
    expect(again.status).toBe(403);
    expect(again.body.error.message).toBe('This user has been deactivated');
  });
});
