import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const byId = (ids: string[]) => [...ids].sort((a, b) => a.localeCompare(b));

describe('assignment rules', () => {
  let eastRule: { id: string; version: number };
  let southRule: { id: string };

  it('are written by directors and admins, read by managers, refused to reps', async () => {
    const director = await t.as('director');
    const east = await director.post('/api/v1/assignment-rules', {
      name: '华东区域线索',
      conditions: { regions: ['华东'] },
      teamId: t.fx.teams.east,
      method: 'round_robin',
    });
    expect(east.status).toBe(201);
    eastRule = east.body;
    // the east team and its sub-team 上海组, reps only
    expect(east.body).toMatchObject({
      teamName: '华东',
      includeSubteams: true,
      includeManagers: false,
      position: 0,
    });
    expect(east.body.members.map((m: { name: string }) => m.name).sort()).toEqual(['repEast', 'repShanghai']);
    const south = await director.post('/api/v1/assignment-rules', {
      name: '华南区域线索',
      conditions: { regions: ['华南'] },
      teamId: t.fx.teams.south,
      method: 'round_robin',
    });
    southRule = south.body;
    expect(south.body.members.map((m: { name: string }) => m.name)).toEqual(['repSouth']);
    expect((await (await t.as('managerEast')).get('/api/v1/assignment-rules')).body.items).toHaveLength(2);
    expect((await (await t.as('repEast')).get('/api/v1/assignment-rules')).status).toBe(403);
    const badTeam = await director.post('/api/v1/assignment-rules', {
      name: 'x',
      conditions: {},
      teamId: t.fx.users.admin.id,
      method: 'capacity',
    });
    expect(badTeam.status).toBe(400);
    expect(badTeam.body.error.fields[0].path).toBe('teamId');
  });

  it("routes an auto-assigned lead to its region's team, round robin, and records why", async () => {
    const mkt = await t.as('marketing');
    const eastReps = byId([t.fx.users.repShanghai.id, t.fx.users.repEast.id]);
    const owners: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await mkt.post('/api/v1/leads', {
        name: `华东 ${i}`,
        region: '华东',
        ownerId: null,
        autoAssign: true,
      });
      expect(r.status).toBe(201);
      owners.push(r.body.ownerId);
    }
    expect(owners).toEqual([eastReps[0], eastReps[1], eastReps[0], eastReps[1], eastReps[0]]);
    const south = (
      await mkt.post('/api/v1/leads', { name: '广州客户', region: '华南', ownerId: null, autoAssign: true })
    ).body;
    expect(south.ownerId).toBe(t.fx.users.repSouth.id);
    const history = (await mkt.get(`/api/v1/leads/${south.id}/assignments`)).body.items;
    expect(history).toEqual([
      expect.objectContaining({
        ruleId: southRule.id,
        ruleName: '华南区域线索',
        teamName: '华南',
        userName: 'repSouth',
        method: 'round_robin',
        reason: 'matched',
        trigger: 'api',
        actorName: 'marketing',
        detail: { matched: ['region=华南'], candidates: 1, atMax: 0, maxOpenPerRep: null, openLeads: 0 },
      }),
    ]);
    // the owner change is in the lead's history
    const changes = await t.db.kysely
      .selectFrom('fieldChanges')
      .select(['field', 'oldValue', 'newValue'])
      .where('entityId', '=', south.id)
      .execute();
    expect(changes).toEqual([{ field: 'ownerId', oldValue: null, newValue: t.fx.users.repSouth.id }]);
  });

  it('leaves a lead no rule takes in the pool, with the reason; without autoAssign nothing runs', async () => {
    const mkt = await t.as('marketing');
    const lead = (
      await mkt.post('/api/v1/leads', { name: '乌鲁木齐', region: '西北', ownerId: null, autoAssign: true })
    ).body;
    expect(lead.ownerId).toBeNull();
    expect((await mkt.get(`/api/v1/leads/${lead.id}/assignments`)).body.items).toEqual([
      expect.objectContaining({ reason: 'no_rule', ruleId: null, userId: null }),
    ]);
    const plain = (await mkt.post('/api/v1/leads', { name: '不自动', region: '华东', ownerId: null })).body;
    expect(plain.ownerId).toBeNull();
    expect((await mkt.get(`/api/v1/leads/${plain.id}/assignments`)).body.items).toEqual([]);
  });

  it('assigns by capacity: fewest open leads first, skipping people at the maximum; a full team leaves the lead in the pool', async () => {
    const director = await t.as('director');
    const rule = await director.post('/api/v1/assignment-rules', {
      name: '能源行业按负荷',
      conditions: { industries: ['energy'] },
      teamId: t.fx.teams.south,
      includeManagers: true,
      method: 'capacity',
      maxOpenPerRep: 2,
    });
    expect(
      rule.body.members.map((m: { name: string; openLeads: number }) => [m.name, m.openLeads]).sort(),
    ).toEqual([
      ['managerSouth', 0],
      ['repSouth', 1],
    ]);
    // energy first, before the region rules
    const ids = (await director.get('/api/v1/assignment-rules')).body.items.map((r: { id: string }) => r.id);
    const order = await director.put('/api/v1/assignment-rules/order', {
      ids: [rule.body.id, ...ids.filter((i: string) => i !== rule.body.id)],
    });
    expect(order.status).toBe(200);
    expect(order.body.items[0].name).toBe('能源行业按负荷');

    const mkt = await t.as('marketing');
    const make = async (name: string) =>
      (
        await mkt.post('/api/v1/leads', {
          name,
          industry: 'energy',
          region: '华东',
          ownerId: null,
          autoAssign: true,
        })
      ).body;
    const a = await make('能源 A'); // managerSouth 0 < repSouth 1
    expect(a.ownerId).toBe(t.fx.users.managerSouth.id);
    const b = await make('能源 B'); // both 1: the rotation after managerSouth
    const c = await make('能源 C'); // the other one, now both at 2
    expect(new Set([b.ownerId, c.ownerId])).toEqual(
      new Set([t.fx.users.repSouth.id, t.fx.users.managerSouth.id]),
    );
    const d = await make('能源 D');
    expect(d.ownerId).toBeNull();
    expect((await mkt.get(`/api/v1/leads/${d.id}/assignments`)).body.items[0]).toMatchObject({
      reason: 'team_full',
      ruleName: '能源行业按负荷',
      userId: null,
      detail: { candidates: 2, atMax: 2, maxOpenPerRep: 2 },
    });
    // closing a lead frees capacity: the manual action then places it
    await mkt.patch(`/api/v1/leads/${a.id}`, { status: 'disqualified', version: a.version + 0 });
    const again = await mkt.post('/api/v1/leads/assign-by-rules', { leadIds: [d.id] });
    expect(again.status).toBe(200);
    expect(again.body.items[0]).toMatchObject({
      reason: 'matched',
      userId: t.fx.users.managerSouth.id,
      trigger: 'manual',
    });
    expect((await mkt.get(`/api/v1/leads/${d.id}`)).body.ownerId).toBe(t.fx.users.managerSouth.id);
  });

  it('previews a lead without moving the pointer or assigning', async () => {
    const director = await t.as('director');
    const p1 = (await director.post('/api/v1/assignment-rules/preview', { region: '华东' })).body;
    const p2 = (await director.post('/api/v1/assignment-rules/preview', { region: '华东' })).body;
    expect(p1).toMatchObject({ ruleName: '华东区域线索', teamName: '华东', reason: 'matched' });
    expect(p2.userId).toBe(p1.userId);
    expect((await director.post('/api/v1/assignment-rules/preview', { region: '东北' })).body).toMatchObject({
      reason: 'no_rule',
      userId: null,
    });
  });

  it('turns a rule off, and lets the manual action run only on leads the actor may change', async () => {
    const director = await t.as('director');
    const off = await director.patch(`/api/v1/assignment-rules/${eastRule.id}`, {
      active: false,
      version: eastRule.version,
    });
    expect(off.status).toBe(200);
    const mkt = await t.as('marketing');
    const lead = (
      await mkt.post('/api/v1/leads', { name: '华东停用', region: '华东', ownerId: null, autoAssign: true })
    ).body;
    expect(lead.ownerId).toBeNull();
    const rep = await t.as('repEast');
    expect((await rep.post('/api/v1/leads/assign-by-rules', { leadIds: [lead.id] })).status).toBe(403);
    const manager = await t.as('managerEast');
    const someoneElses = (
      await mkt.post('/api/v1/leads', { name: '华南的', ownerId: t.fx.users.repSouth.id })
    ).body;
    expect((await manager.post('/api/v1/leads/assign-by-rules', { leadIds: [someoneElses.id] })).status).toBe(
      404,
    );
    expect((await manager.post('/api/v1/leads/assign-by-rules', { leadIds: [] })).status).toBe(400);
  });

  it('keeps rules and assignments within the organisation', async () => {
    const other = await t.as('otherAdmin');
    expect((await other.get('/api/v1/assignment-rules')).body.items).toEqual([]);
    expect(
      (await other.patch(`/api/v1/assignment-rules/${southRule.id}`, { active: false, version: 1 })).status,
    ).toBe(404);
    expect((await other.delete(`/api/v1/assignment-rules/${southRule.id}`)).status).toBe(404);
    const lead = (await (await t.as('marketing')).get('/api/v1/leads?q=广州客户')).body.items[0];
    expect((await other.get(`/api/v1/leads/${lead.id}/assignments`)).status).toBe(404);
    expect((await other.post('/api/v1/leads/assign-by-rules', { leadIds: [lead.id] })).status).toBe(404);
    const theirTeam = await other.post('/api/v1/assignment-rules', {
      name: 'x',
      conditions: {},
      teamId: t.fx.teams.east,
      method: 'round_robin',
    });
    expect(theirTeam.status).toBe(400);
  });
});

describe("routing into a team's lead pool", () => {
  it('puts the lead in the pool the rule names, for the team to claim, with the trail and the reason', async () => {
    const admin = await t.as('admin');
    const pool = await admin.post('/api/v1/pools', {
      kind: 'lead',
      name: '西北线索池',
      allMembers: false,
      members: [{ type: 'team', id: t.fx.teams.south, role: 'member' }],
    });
    expect(pool.status, JSON.stringify(pool.body)).toBe(201);
    const accountPool = await admin.post('/api/v1/pools', { kind: 'account', name: '西北客户池' });
    // the pool must be a lead pool of the organisation
    const bad = await admin.post('/api/v1/assignment-rules', {
      name: '西北',
      conditions: { regions: ['西北'] },
      teamId: t.fx.teams.south,
      method: 'pool',
      poolId: accountPool.body.id,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('poolId');
    const none = await admin.post('/api/v1/assignment-rules', {
      name: '西北',
      conditions: { regions: ['西北'] },
      teamId: t.fx.teams.south,
      method: 'pool',
    });
    expect(none.body.error.fields[0].path).toBe('poolId');
    const rule = await admin.post('/api/v1/assignment-rules', {
      name: '西北',
      conditions: { regions: ['西北'] },
      teamId: t.fx.teams.south,
      method: 'pool',
      poolId: pool.body.id,
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    expect(rule.body).toMatchObject({ method: 'pool', poolId: pool.body.id, poolName: '西北线索池' });
    // first in order, so the other region rules do not take it
    const all = (await admin.get('/api/v1/assignment-rules')).body.items as { id: string }[];
    await admin.put('/api/v1/assignment-rules/order', {
      ids: [rule.body.id, ...all.filter((r) => r.id !== rule.body.id).map((r) => r.id)],
    });

    const lead = await (
      await t.as('marketing')
    ).post('/api/v1/leads', { name: '兰州客户', region: '西北', autoAssign: true, ownerId: null });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    const history = (await admin.get(`/api/v1/leads/${lead.body.id}/assignments`)).body.items;
    expect(history[0]).toMatchObject({
      reason: 'to_pool',
      method: 'pool',
      userId: null,
      detail: { poolId: pool.body.id, poolName: '西北线索池' },
    });
    const moves = (await admin.get(`/api/v1/leads/${lead.body.id}/pool-moves`)).body.items;
    expect(moves[0]).toMatchObject({ action: 'move', poolId: pool.body.id });
    // a member of the team claims it; someone outside the pool cannot
    expect((await (await t.as('repEast')).post(`/api/v1/leads/${lead.body.id}/claim`, {})).status).toBe(404);
    const claimed = await (await t.as('repSouth')).post(`/api/v1/leads/${lead.body.id}/claim`, {});
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect((await admin.get(`/api/v1/leads/${lead.body.id}`)).body.ownerId).toBe(t.fx.users.repSouth.id);
  });
});
