import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Person, type TestApp } from '../../../test/app.js';

/*
 * Pools (公海) through the API: settings, returning with a reason, who sees a pooled account and
 * its contacts (and with which details), claiming against the limits, caps and the previous
 * owner's lock, two claims at once, assigning, moving, the trail, and other organisations' ids.
 * The clock is the pools service's; day 0 is Monday 2027-03-01, 10:00 China time.
 */
let t: TestApp;
const DAY = 86_400_000;
const T0 = Date.parse('2027-03-01T02:00:00Z');
let now = T0;
const onDay = (d: number) => {
  now = T0 + d * DAY;
};

let poolC = '';
let poolD = '';
const acc: Record<string, string> = {};
const contactOf: Record<string, string> = {};
let openDealId = '';

const as = (p: Person) => t.as(p);
const accountRow = (id: string) =>
  t.db.kysely.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const trail = (id: string) =>
  t.db.kysely
    .selectFrom('poolMoves')
    .selectAll()
    .where('entityId', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();

async function returnToC(id: string, who: Person = 'repShanghai', reason = '无意向') {
  const r = await (await as(who)).post(`/api/v1/accounts/${id}/return`, { reason, poolId: poolC });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r;
}

beforeAll(async () => {
  t = await createTestApp();
  t.services.pools.clock = () => new Date(now);
  const admin = await as('admin');
  const created = await admin.post('/api/v1/pools', {
    kind: 'account',
    name: '公共客户池',
    members: [
      { type: 'team', id: t.fx.teams.south, role: 'member' },
      { type: 'user', id: t.fx.users.repEast.id, role: 'member' },
      { type: 'user', id: t.fx.users.managerEast.id, role: 'admin' },
    ],
    claimLimitDay: 2,
    claimLimitWeek: 3,
    maxHeldByLevel: { A: 1 },
    lockDays: 7,
    returnReasons: ['无意向', '无法联系'],
    hideContacts: true,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  poolC = created.body.id;
  poolD = (
    await admin.post('/api/v1/pools', {
      kind: 'account',
      name: '华南客户池',
      members: [{ type: 'user', id: t.fx.users.managerSouth.id, role: 'admin' }],
    })
  ).body.id;
  const levels: Record<string, string> = { a1: 'B', a2: 'A', a3: 'B', a4: 'B', a5: 'B', a6: 'A', a7: 'C' };
  for (const [key, level] of Object.entries(levels)) {
    const r = await admin.post('/api/v1/accounts', {
      name: `池测 ${key}`,
      level,
      phone: '13812345678',
      ownerId: t.fx.users.repShanghai.id,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    acc[key] = r.body.id;
    contactOf[key] = (
      await admin.post('/api/v1/contacts', {
        name: `联系人 ${key}`,
        accountId: r.body.id,
        phone: '13912345678',
        email: 'zhang.wei@example.com',
        wechat: 'zw_2027',
        ownerId: t.fx.users.repShanghai.id,
      })
    ).body.id;
  }
  openDealId = (
    await admin.post('/api/v1/opportunities', {
      name: '池测 a1 商机',
      accountId: acc.a1,
      ownerId: t.fx.users.repShanghai.id,
      amount: 100,
      expectedCloseDate: '2027-06-30',
    })
  ).body.id;
});
afterAll(() => t.close());

describe('pool settings', () => {
  it('refuses bad settings with the field, and keeps pools to the organisation and its members', async () => {
    const admin = await as('admin');
    const bad = await admin.post('/api/v1/pools', {
      kind: 'lead',
      name: '线索池 X',
      rules: [{ level: 'A', noFollowUpDays: 5, noOpportunityDays: null, notWonDays: null, warnDays: 1 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([
      { path: 'rules/0/level', message: "leads have no level: use '*'" },
    ]);
    const stranger = await admin.post('/api/v1/pools', {
      kind: 'account',
      name: '池 Y',
      members: [{ type: 'user', id: t.fx.users.otherRep.id, role: 'member' }],
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.fields[0].path).toBe('members/0/id');
    const negative = await admin.post('/api/v1/pools', { kind: 'account', name: '池 Z', claimLimitDay: 0 });
    expect(negative.status).toBe(400);
    expect((await admin.get('/api/v1/pools')).body.items.map((p: { name: string }) => p.name)).not.toContain(
      '池 Y',
    );
    expect((await (await as('repEast')).post('/api/v1/pools', { kind: 'account', name: 'R' })).status).toBe(
      403,
    );
    expect((await (await as('otherAdmin')).get(`/api/v1/pools/${poolC}`)).status).toBe(404);
    expect(
      (await (await as('otherAdmin')).patch(`/api/v1/pools/${poolC}`, { name: 'x', version: 1 })).status,
    ).toBe(404);
    // a rep sees the pools they belong to: the default lead pool (everyone) and 公共客户池 (a member)
    const names = (await (await as('repEast')).get('/api/v1/pools')).body.items.map(
      (p: { name: string }) => p.name,
    );
    expect(names.sort()).toEqual(['公共客户池', '公共线索池'].sort());
    const sh = (await (await as('repShanghai')).get('/api/v1/pools')).body.items.map(
      (p: { name: string }) => p.name,
    );
    expect(sh).toEqual(['公共线索池']);
    expect((await (await as('repShanghai')).get(`/api/v1/pools/${poolC}`)).status).toBe(404);
  });
});

describe('returning, visibility and masked details', () => {
  it('returns an account with a reason from the list; its contacts go with it, its open deal stays', async () => {
    const rep = await as('repShanghai');
    const wrong = await rep.post(`/api/v1/accounts/${acc.a1}/return`, { reason: '太忙了', poolId: poolC });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].path).toBe('reason');
    expect((await accountRow(acc.a1)).ownerId).toBe(t.fx.users.repShanghai.id);
    // someone else's rep may not return it
    expect(
      (await (await as('repEast')).post(`/api/v1/accounts/${acc.a1}/return`, { reason: '无意向' })).status,
    ).toBe(404);
    const r = await returnToC(acc.a1);
    expect(r.body).toMatchObject({
      ownerId: null,
      ownerName: '公共客户池',
      poolId: poolC,
      poolName: '公共客户池',
    });
    const row = await accountRow(acc.a1);
    expect(row).toMatchObject({ ownerId: null, poolId: poolC, previousOwnerId: t.fx.users.repShanghai.id });
    const contact = await t.db.kysely
      .selectFrom('contacts')
      .select('ownerId')
      .where('id', '=', contactOf.a1!)
      .executeTakeFirstOrThrow();
    expect(contact.ownerId).toBeNull();
    const deal = await t.db.kysely
      .selectFrom('opportunities')
      .select('ownerId')
      .where('id', '=', openDealId)
      .executeTakeFirstOrThrow();
    expect(deal.ownerId).toBe(t.fx.users.repShanghai.id);
    expect(await trail(acc.a1)).toMatchObject([
      {
        action: 'return',
        fromOwnerId: t.fx.users.repShanghai.id,
        toOwnerId: null,
        poolId: poolC,
        reason: '无意向',
      },
    ]);
    // a second return finds it in the pool already
    expect(
      (await (await as('admin')).post(`/api/v1/accounts/${acc.a1}/return`, { reason: '无意向' })).status,
    ).toBe(409);
  });

  it('shows a pooled account to the members of its pool only, never to the previous owner or another organisation', async () => {
    const sees = async (who: Person) => (await (await as(who)).get(`/api/v1/accounts/${acc.a1}`)).status;
    expect(await sees('repShanghai')).toBe(404);
    expect(await sees('repEast')).toBe(200); // member
    expect(await sees('repSouth')).toBe(200); // member through team 华南
    expect(await sees('managerEast')).toBe(200); // pool admin
    expect(await sees('admin')).toBe(200);
    expect(await sees('otherRep')).toBe(404);
    expect(await sees('otherAdmin')).toBe(404);
    const listed = async (who: Person, q = '') =>
      (await (await as(who)).get(`/api/v1/accounts?q=${encodeURIComponent('池测 a1')}${q}`)).body.items.map(
        (a: { id: string }) => a.id,
      );
    expect(await listed('repShanghai')).toEqual([]);
    expect(await listed('repEast')).toEqual([acc.a1]);
    expect(await listed('repEast', '&view=mine')).toEqual([]);
    const search = async (who: Person) =>
      (await (await as(who)).get(`/api/v1/search?q=${encodeURIComponent('池测 a1')}`)).body.items.map(
        (h: { id: string }) => h.id,
      );
    // the open deal stays repShanghai's, the account does not
    expect(await search('repShanghai')).toEqual([openDealId]);
    expect(await search('repEast')).toContain(acc.a1);
    // the contact went with the account
    expect((await (await as('repShanghai')).get(`/api/v1/contacts/${contactOf.a1}`)).status).toBe(404);
    const c = await (await as('repEast')).get(`/api/v1/contacts/${contactOf.a1}`);
    expect(c.status).toBe(200);
    expect(c.body.ownerName).toBe('公共客户池');
    const contacts = await (await as('repEast')).get(`/api/v1/contacts?accountId=${acc.a1}`);
    expect(contacts.body.items.map((x: { id: string }) => x.id)).toEqual([contactOf.a1]);
    expect((await (await as('repShanghai')).get(`/api/v1/contacts?accountId=${acc.a1}`)).body.items).toEqual(
      [],
    );
  });

  it('masks phone, e-mail and WeChat of pooled records for members, not for the pool admin', async () => {
    const member = await (await as('repEast')).get(`/api/v1/accounts/${acc.a1}`);
    expect(member.body.phone).toBe('138****5678');
    const contact = await (await as('repEast')).get(`/api/v1/contacts/${contactOf.a1}`);
    expect(contact.body).toMatchObject({ phone: '139****5678', email: 'z***@example.com', wechat: 'zw****' });
    expect((await (await as('managerEast')).get(`/api/v1/accounts/${acc.a1}`)).body.phone).toBe(
      '13812345678',
    );
    expect((await (await as('admin')).get(`/api/v1/contacts/${contactOf.a1}`)).body.email).toBe(
      'zhang.wei@example.com',
    );
    const records = await (await as('repEast')).get(`/api/v1/pools/${poolC}/records`);
    expect(records.status).toBe(200);
    expect(records.body.items).toMatchObject([
      {
        id: acc.a1,
        phone: '138****5678',
        level: 'B',
        previousOwnerName: 'repShanghai',
        timesInPool: 1,
        daysInPool: 0,
      },
    ]);
    // a member's edit that sends the masked value back keeps the real one; a new value is refused
    const v = (await accountRow(acc.a1)).version;
    const edit = await (
      await as('repEast')
    ).patch(`/api/v1/accounts/${acc.a1}`, {
      notes: '看过',
      phone: '138****5678',
      version: v,
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect((await accountRow(acc.a1)).phone).toBe('13812345678');
    const overwrite = await (
      await as('repEast')
    ).patch(`/api/v1/accounts/${acc.a1}`, {
      phone: '13000000000',
      version: v + 1,
    });
    expect(overwrite.status).toBe(400);
    expect(overwrite.body.error.fields).toEqual([
      { path: 'phone', message: 'hidden until the record is claimed' },
    ]);
  });
});

describe('claiming', () => {
  it('lets exactly one of two people claiming at once win; the other gets 409 and nothing changes twice', async () => {
    const [a, b] = await Promise.all([
      (await as('repSouth')).post(`/api/v1/accounts/${acc.a1}/claim`, {}),
      (await as('managerSouth')).post(`/api/v1/accounts/${acc.a1}/claim`, {}),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'repSouth' : 'managerSouth';
    const loser = a.status === 200 ? b : a;
    expect(loser.body.error.code).toBe('conflict');
    const row = await accountRow(acc.a1);
    expect(row.ownerId).toBe(t.fx.users[winner].id);
    expect((await trail(acc.a1)).filter((m) => m.action === 'claim')).toHaveLength(1);
    // contacts follow the account to whoever claimed it; the details are no longer masked for them
    const c = await (await as(winner)).get(`/api/v1/contacts/${contactOf.a1}`);
    expect(c.body).toMatchObject({ ownerId: t.fx.users[winner].id, phone: '13912345678' });
  });

  it('answers 404 to another organisation and changes nothing', async () => {
    await returnToC(acc.a2!);
    const before = await accountRow(acc.a2!);
    for (const who of ['otherRep', 'otherAdmin'] as const) {
      const c = await as(who);
      expect((await c.post(`/api/v1/accounts/${acc.a2}/claim`, {})).status).toBe(404);
      expect((await c.post(`/api/v1/accounts/${acc.a2}/assign`, { userId: t.fx.users[who].id })).status).toBe(
        404,
      );
      expect((await c.post(`/api/v1/accounts/${acc.a2}/move-pool`, { poolId: poolD })).status).toBe(404);
      expect((await c.get(`/api/v1/accounts/${acc.a2}/pool-moves`)).status).toBe(404);
      expect((await c.get(`/api/v1/pools/${poolC}/records`)).status).toBe(404);
    }
    expect(await accountRow(acc.a2!)).toEqual(before);
  });

  it('refuses claims beyond the daily and weekly limits, and counts the week from Monday', async () => {
    for (const k of ['a3', 'a4', 'a5']) await returnToC(acc[k]!);
    const rep = await as('repEast');
    expect((await rep.post(`/api/v1/accounts/${acc.a3}/claim`, {})).status).toBe(200);
    expect((await rep.post(`/api/v1/accounts/${acc.a4}/claim`, {})).status).toBe(200);
    const pools = (await rep.get('/api/v1/pools')).body.items;
    expect(pools.find((p: { id: string }) => p.id === poolC).quota).toMatchObject({
      claimedToday: 2,
      claimedThisWeek: 2,
      remainingToday: 0,
    });
    const third = await rep.post(`/api/v1/accounts/${acc.a5}/claim`, {});
    expect(third.status).toBe(409);
    expect(third.body.error.fields).toEqual([{ path: 'claimLimitDay', message: 'limit 2 per day reached' }]);
    expect((await accountRow(acc.a5!)).ownerId).toBeNull();
    onDay(1);
    expect((await rep.post(`/api/v1/accounts/${acc.a5}/claim`, {})).status).toBe(200);
    onDay(2);
    const fourth = await rep.post(`/api/v1/accounts/${acc.a2}/claim`, {});
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.fields[0].path).toBe('claimLimitWeek');
    onDay(7); // Monday again
    expect(
      (await rep.post(`/api/v1/accounts/${acc.a2}/claim`, { version: (await accountRow(acc.a2!)).version }))
        .status,
    ).toBe(200);
  });

  it('refuses a claim beyond the cap per customer level', async () => {
    await returnToC(acc.a6!);
    const r = await (await as('repEast')).post(`/api/v1/accounts/${acc.a6}/claim`, {});
    expect(r.status).toBe(409);
    expect(r.body.error.fields).toEqual([{ path: 'maxHeldByLevel/A', message: 'cap of 1 reached' }]);
    expect((await accountRow(acc.a6!)).ownerId).toBeNull();
  });

  it('keeps the previous owner from claiming back during the lock', async () => {
    const rep = await as('repEast');
    const r = await rep.post(`/api/v1/accounts/${acc.a3}/return`, { reason: '无法联系' });
    expect(r.status).toBe(200);
    expect(r.body.poolId).toBe(poolC);
    const records = (await rep.get(`/api/v1/pools/${poolC}/records`)).body.items;
    expect(records.find((x: { id: string }) => x.id === acc.a3).lockedUntil).toBe('2027-03-14');
    const locked = await rep.post(`/api/v1/accounts/${acc.a3}/claim`, {});
    expect(locked.status).toBe(409);
    expect(locked.body.error.fields).toEqual([{ path: 'lockDays', message: 'locked until 2027-03-14' }]);
    onDay(13);
    expect((await rep.post(`/api/v1/accounts/${acc.a3}/claim`, {})).status).toBe(409);
    onDay(14);
    expect((await rep.post(`/api/v1/accounts/${acc.a3}/claim`, {})).status).toBe(200);
  });
});

describe('assigning, moving and the trail', () => {
  it('lets a pool admin assign to a member only', async () => {
    expect(
      (
        await (
          await as('repEast')
        ).post(`/api/v1/accounts/${acc.a6}/assign`, { userId: t.fx.users.repEast.id })
      ).status,
    ).toBe(403);
    const outsider = await (
      await as('managerEast')
    ).post(`/api/v1/accounts/${acc.a6}/assign`, {
      userId: t.fx.users.repShanghai.id,
    });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error.fields[0].path).toBe('userId');
    const ok = await (
      await as('managerEast')
    ).post(`/api/v1/accounts/${acc.a6}/assign`, {
      userId: t.fx.users.repSouth.id,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ ownerId: t.fx.users.repSouth.id, ownerName: 'repSouth' });
    const contact = await t.db.kysely
      .selectFrom('contacts')
      .select('ownerId')
      .where('id', '=', contactOf.a6!)
      .executeTakeFirstOrThrow();
    expect(contact.ownerId).toBe(t.fx.users.repSouth.id);
  });

  it('moves a pooled record between pools for an admin of both', async () => {
    await returnToC(acc.a7!);
    const mgr = await (
      await as('managerEast')
    ).post(`/api/v1/accounts/${acc.a7}/move-pool`, { poolId: poolD });
    expect(mgr.status).toBe(403);
    const ok = await (await as('admin')).post(`/api/v1/accounts/${acc.a7}/move-pool`, { poolId: poolD });
    expect(ok.status).toBe(200);
    expect((await accountRow(acc.a7!)).poolId).toBe(poolD);
    // now only 华南客户池's members see it
    expect((await (await as('repEast')).get(`/api/v1/accounts/${acc.a7}`)).status).toBe(404);
    expect((await (await as('managerSouth')).get(`/api/v1/accounts/${acc.a7}`)).status).toBe(200);
  });

  it('lists the trail newest first with names, for whoever may see the record', async () => {
    const r = await (await as('admin')).get(`/api/v1/accounts/${acc.a7}/pool-moves`);
    expect(r.status).toBe(200);
    expect(r.body.items).toMatchObject([
      { action: 'move', fromPoolName: '公共客户池', poolName: '华南客户池', byUserName: 'admin' },
      { action: 'return', fromOwnerName: 'repShanghai', poolName: '公共客户池', reason: '无意向' },
    ]);
    expect((await (await as('repEast')).get(`/api/v1/accounts/${acc.a7}/pool-moves`)).status).toBe(404);
  });
});

describe('leads through an edit', () => {
  it('claims and releases default-pool leads through PATCH with the pool rules and the trail', async () => {
    const admin = await as('admin');
    const pools = (await admin.get('/api/v1/pools')).body.items;
    const leadPool = pools.find(
      (p: { kind: string; isDefault: boolean }) => p.kind === 'lead' && p.isDefault,
    );
    expect(leadPool.name).toBe('公共线索池');
    const set = await admin.patch(`/api/v1/pools/${leadPool.id}`, {
      claimLimitDay: 1,
      version: leadPool.version,
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const ids: string[] = [];
    for (const name of ['池线索 1', '池线索 2'])
      ids.push((await (await as('marketing')).post('/api/v1/leads', { name, ownerId: null })).body.id);
    const rep = await as('repSouth');
    const first = await rep.patch(`/api/v1/leads/${ids[0]}`, { ownerId: t.fx.users.repSouth.id, version: 1 });
    expect(first.status).toBe(200);
    const second = await rep.patch(`/api/v1/leads/${ids[1]}`, {
      ownerId: t.fx.users.repSouth.id,
      version: 1,
    });
    expect(second.status).toBe(409);
    expect(second.body.error.fields[0].path).toBe('claimLimitDay');
    expect(await trail(ids[0]!)).toMatchObject([{ action: 'claim', toOwnerId: t.fx.users.repSouth.id }]);
    // with a reason list, a release through an edit is refused: the return endpoint takes the reason
    const again = (await admin.get(`/api/v1/pools/${leadPool.id}`)).body;
    await admin.patch(`/api/v1/pools/${leadPool.id}`, {
      returnReasons: ['无效线索'],
      version: again.version,
    });
    const release = await rep.patch(`/api/v1/leads/${ids[0]}`, { ownerId: null, version: 2 });
    expect(release.status).toBe(400);
    const back = await rep.post(`/api/v1/leads/${ids[0]}/return`, { reason: '无效线索' });
    expect(back.status).toBe(200);
    expect((await rep.get(`/api/v1/leads/${ids[0]}`)).body).toMatchObject({
      ownerId: null,
      ownerName: '公共线索池',
    });
  });
});
