import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('users API', () => {
  it('lists the organisation directory to everyone, with team names, never another organisation', async () => {
    const rec = await t.as('recruiter');
    const r = await rec.get('/api/v1/users?limit=200');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(10);
    expect(r.body.items.map((u: { email: string }) => u.email)).not.toContain('admin@other.test');
    expect(r.body.items[0]).not.toHaveProperty('passwordHash');
    const east = await rec.get(`/api/v1/users?teamId=${t.fx.teams.east}`);
    expect(east.body.items.map((u: { name: string; teamName: string }) => [u.name, u.teamName])).toEqual([
      ['managerEast', '华东'],
      ['repEast', '华东'],
    ]);
    expect((await rec.get('/api/v1/users?role=sales_manager')).body.items).toHaveLength(2);
    expect((await rec.get(`/api/v1/users/${t.fx.users.otherAdmin.id}`)).status).toBe(404);
  });

  it('lets admins create a user who can then sign in, and nobody else', async () => {
    const body = {
      email: 'New.Rep@Test.Tuoke',
      name: '新销售',
      password: 'new-password-1',
      role: 'sales_rep',
      teamId: t.fx.teams.south,
      managerId: t.fx.users.managerSouth.id,
    };
    expect((await (await t.as('director')).post('/api/v1/users', body)).status).toBe(403);
    const r = await (await t.as('admin')).post('/api/v1/users', body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      email: 'new.rep@test.tuoke',
      role: 'sales_rep',
      teamName: '华南',
      active: true,
    });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'new.rep@test.tuoke', password: 'new-password-1' },
    });
    expect(login.statusCode).toBe(200);
    // the new member widens managerSouth's scope at once
    const acc = await (
      await t.as('admin')
    ).post('/api/v1/accounts', { name: '新人的客户', ownerId: r.body.id });
    expect(acc.status).toBe(201);
    expect((await (await t.as('managerSouth')).get(`/api/v1/accounts/${acc.body.id}`)).status).toBe(200);
  });

  it('refuses reporting loops, self-demotion and self-deactivation', async () => {
    const admin = await t.as('admin');
    const director = (await admin.get(`/api/v1/users/${t.fx.users.director.id}`)).body;
    const loop = await admin.patch(`/api/v1/users/${director.id}`, {
      managerId: t.fx.users.repShanghai.id,
      version: director.version,
    });
    expect(loop.status).toBe(400);
    expect(loop.body.error.fields).toEqual([{ path: 'managerId', message: 'would make a reporting loop' }]);
    const me = (await admin.get(`/api/v1/users/${t.fx.users.admin.id}`)).body;
    expect(
      (await admin.patch(`/api/v1/users/${me.id}`, { role: 'sales_rep', version: me.version })).body.error
        .fields[0].path,
    ).toBe('role');
    expect((await admin.delete(`/api/v1/users/${me.id}`)).status).toBe(400);
  });

  it("moving a rep to another team moves their records into that team manager's scope", async () => {
    const admin = await t.as('admin');
    const acc = (await admin.post('/api/v1/accounts', { name: '调岗客户', ownerId: t.fx.users.repEast.id }))
      .body.id;
    expect((await (await t.as('managerSouth')).get(`/api/v1/accounts/${acc}`)).status).toBe(404);
    const u = (await admin.get(`/api/v1/users/${t.fx.users.repEast.id}`)).body;
    const moved = await admin.patch(`/api/v1/users/${u.id}`, {
      teamId: t.fx.teams.south,
      managerId: t.fx.users.managerSouth.id,
      version: u.version,
    });
    expect(moved.body).toMatchObject({ teamName: '华南', version: u.version + 1 });
    expect((await (await t.as('managerSouth')).get(`/api/v1/accounts/${acc}`)).status).toBe(200);
    expect((await (await t.as('managerEast')).get(`/api/v1/accounts/${acc}`)).status).toBe(404);
  });

  it('deactivating (DELETE) keeps the user and their records, and they cannot be given new ones', async () => {
    const admin = await t.as('admin');
    const r = await admin.delete(`/api/v1/users/${t.fx.users.marketing.id}`);
    expect(r.status).toBe(204);
    expect((await admin.get(`/api/v1/users/${t.fx.users.marketing.id}`)).body.active).toBe(false);
    const assign = await admin.post('/api/v1/leads', { name: 'x', ownerId: t.fx.users.marketing.id });
    expect(assign.status).toBe(400);
    expect(assign.body.error.fields[0].path).toBe('ownerId');
  });
});

describe('teams API', () => {
  it('builds the tree, refuses cycles, and deletes only empty leaf teams', async () => {
    const admin = await t.as('admin');
    const north = await admin.post('/api/v1/teams', {
      name: '华北',
      type: 'region',
      parentId: t.fx.teams.sales,
      managerId: t.fx.users.director.id,
    });
    expect(north.status).toBe(201);
    expect(north.body).toMatchObject({ parentId: t.fx.teams.sales, managerName: 'director' });
    const children = await admin.get(`/api/v1/teams?parentId=${t.fx.teams.sales}`);
    expect(children.body.items.map((x: { name: string }) => x.name).sort()).toEqual(
      ['华东', '华北', '华南'].sort(),
    );
    const sales = (await admin.get(`/api/v1/teams/${t.fx.teams.sales}`)).body;
    const cycle = await admin.patch(`/api/v1/teams/${sales.id}`, {
      parentId: t.fx.teams.shanghai,
      version: sales.version,
    });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.fields[0].path).toBe('parentId');
    expect((await admin.delete(`/api/v1/teams/${t.fx.teams.east}`)).status).toBe(409);
    expect((await admin.delete(`/api/v1/teams/${t.fx.teams.shanghai}`)).status).toBe(409);
    expect((await (await t.as('director')).delete(`/api/v1/teams/${north.body.id}`)).status).toBe(403);
    expect((await admin.delete(`/api/v1/teams/${north.body.id}`)).status).toBe(204);
    expect((await (await t.as('otherAdmin')).get(`/api/v1/teams/${t.fx.teams.sales}`)).status).toBe(404);
  });
});
