import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { decideReclaim } from './reclaim.js';

/*
 * Reclaim rules over time. 客户池 R has a rule per customer level (A: no follow-up for 10 days,
 * warned 3 days ahead; B: no follow-up for 20 or no open deal 15 days after the claim, warned 5
 * ahead; everything else: not won within 40 days). The pools clock starts on 2027-03-01 (China
 * time) and moves a day at a time; each day the dry run's "due today" must be exactly what the
 * job then takes back.
 */
let t: TestApp;
const DAY = 86_400_000;
const T0 = Date.parse('2027-03-01T02:00:00Z'); // 10:00 in Shanghai
let now = T0;
let poolR = '';
const acc: Record<string, string> = {};

const cst = (date: string, hour = 10) =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString();
const dateOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  t.services.pools.clock = () => new Date(now);
  const admin = await t.as('admin');
  const pool = await admin.post('/api/v1/pools', {
    kind: 'account',
    name: '客户池 R',
    members: [{ type: 'team', id: t.fx.teams.east, role: 'member' }],
    rules: [
      { level: 'A', noFollowUpDays: 10, noOpportunityDays: null, notWonDays: null, warnDays: 3 },
      { level: 'B', noFollowUpDays: 20, noOpportunityDays: 15, notWonDays: null, warnDays: 5 },
      { level: '*', noFollowUpDays: null, noOpportunityDays: null, notWonDays: 40, warnDays: 0 },
    ],
  });
  expect(pool.status, JSON.stringify(pool.body)).toBe(201);
  poolR = pool.body.id;
  // key: [level, owned since, last follow-up (China dates)]
  const specs: Record<string, [string, string, string | null]> = {
    a: ['A', '2027-02-20', '2027-02-25'],
    a2: ['A', '2027-02-20', '2027-02-26'],
    b: ['B', '2027-02-20', null],
    b2: ['B', '2027-02-20', '2027-02-28'],
    c: ['C', '2027-01-25', null],
    won: ['C', '2027-01-01', null],
  };
  for (const [key, [level, since, followUp]] of Object.entries(specs)) {
    const r = await admin.post('/api/v1/accounts', {
      name: `回收 ${key}`,
      level,
      ownerId: t.fx.users.repEast.id,
    });
    acc[key] = r.body.id;
    await t.db.kysely
      .updateTable('accounts')
      .set({ poolId: poolR, ownedSince: cst(since) })
      .where('id', '=', r.body.id)
      .execute();
    if (followUp) {
      // a call on one of its contacts counts as a follow-up of the account
      const contact = await admin.post('/api/v1/contacts', {
        name: `联系人 ${key}`,
        accountId: r.body.id,
        ownerId: t.fx.users.repEast.id,
      });
      const act = await admin.post('/api/v1/activities', {
        type: 'call',
        subject: '电话回访',
        relatedType: 'contact',
        relatedId: contact.body.id,
        doneAt: cst(followUp, 15),
        ownerId: t.fx.users.repEast.id,
      });
      expect(act.status, JSON.stringify(act.body)).toBe(201);
    }
  }
  // b2 has an open deal; "won" had a deal won after the owner got it
  for (const [key, won] of [
    ['b2', false],
    ['won', true],
  ] as const) {
    const deal = await admin.post('/api/v1/opportunities', {
      name: `回收 ${key} 商机`,
      accountId: acc[key],
      ownerId: t.fx.users.repEast.id,
      amount: 100,
      expectedCloseDate: '2027-06-30',
    });
    expect(deal.status, JSON.stringify(deal.body)).toBe(201);
    if (won)
      await t.db.kysely
        .updateTable('opportunities')
        .set({ status: 'won', closedAt: cst('2027-01-15') })
        .where('id', '=', deal.body.id)
        .execute();
  }
  // an activity that is not done yet does not count
  await admin.post('/api/v1/activities', {
    type: 'task',
    subject: '待办',
    relatedType: 'account',
    relatedId: acc.c,
    dueAt: cst('2027-02-27'),
    ownerId: t.fx.users.repEast.id,
  });
});
afterAll(() => t.close());

describe('the reclaim rules', () => {
  it('decides per rule on China-time calendar days', () => {
    const rule = { level: '*', noFollowUpDays: 30, noOpportunityDays: 10, notWonDays: null, warnDays: 2 };
    // a follow-up at 00:30 on 2 March in Shanghai is still 1 March in UTC: the clock counts from 2 March
    const d = decideReclaim(
      rule,
      {
        level: null,
        ownedSince: '2027-02-01T02:00:00.000Z',
        lastFollowUpAt: '2027-03-01T16:30:00.000Z',
        hasOpenOpportunity: true,
        wonSinceOwned: false,
      },
      '2027-03-05',
    );
    expect(d).toEqual({
      rule: 'no_follow_up',
      ruleDays: 30,
      reclaimDate: '2027-04-01',
      warnDate: '2027-03-30',
      daysIdle: 3,
      daysOwned: 32,
    });
  });

  it('forecasts which accounts go back on which date and why, with the numbers', async () => {
    const r = await (await t.as('managerEast')).get(`/api/v1/pools/forecast?days=30&poolId=${poolR}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.today).toBe('2027-03-01');
    const byId = new Map(r.body.items.map((f: { entityId: string }) => [f.entityId, f]));
    expect(byId.get(acc.a)).toMatchObject({
      rule: 'no_follow_up',
      ruleDays: 10,
      reclaimDate: '2027-03-07',
      warnDate: '2027-03-04',
      lastFollowUpAt: cst('2027-02-25', 15),
      daysIdle: 4,
      daysOwned: 9,
      due: false,
      ownerName: 'repEast',
      poolName: '客户池 R',
    });
    expect(byId.get(acc.b)).toMatchObject({
      rule: 'no_opportunity',
      ruleDays: 15,
      reclaimDate: '2027-03-07',
      warnDate: '2027-03-02',
    });
    expect(byId.get(acc.b2)).toMatchObject({ rule: 'no_follow_up', ruleDays: 20, reclaimDate: '2027-03-20' });
    expect(byId.get(acc.c)).toMatchObject({
      rule: 'not_won',
      ruleDays: 40,
      reclaimDate: '2027-03-06',
      warnDate: '2027-03-06',
    });
    expect(byId.has(acc.won)).toBe(false);
    // sorted by date
    const dates = r.body.items.map((f: { reclaimDate: string }) => f.reclaimDate);
    expect(dates).toEqual([...dates].sort());
    // a rep sees their own forecasts only; another organisation none of these
    expect((await (await t.as('repShanghai')).get('/api/v1/pools/forecast?days=30')).body.items).toEqual([]);
    expect((await (await t.as('otherAdmin')).get('/api/v1/pools/forecast?days=30')).body.items).toEqual([]);
    expect((await (await t.as('repEast')).get('/api/v1/pools/forecast?days=400')).status).toBe(400);
  });

  it('reclaims each account on its date, exactly what the dry run said, and warns ahead', async () => {
    const reclaimedOn: Record<string, string> = {};
    let warningsOn16: { items: unknown[] } = { items: [] };
    const admin = await t.as('admin');
    for (let day = 0; day <= 21; day++) {
      now = T0 + day * DAY;
      const today = dateOf(now);
      if (today === '2027-03-06') {
        // a follow-up on a2, warned yesterday, moves its date from 03-08 to 03-16
        await admin.post('/api/v1/activities', {
          type: 'visit',
          subject: '上门拜访',
          relatedType: 'account',
          relatedId: acc.a2,
          doneAt: cst('2027-03-06', 9),
          ownerId: t.fx.users.repEast.id,
        });
      }
      const dry = await admin.get(`/api/v1/pools/forecast?days=0&poolId=${poolR}`);
      const due = dry.body.items
        .filter((f: { due: boolean }) => f.due)
        .map((f: { entityId: string }) => f.entityId)
        .sort();
      const before = await t.db.kysely
        .selectFrom('poolMoves')
        .select('entityId')
        .where('action', '=', 'reclaim')
        .execute();
      const result = await t.services.pools.runDaily();
      const after = await t.db.kysely
        .selectFrom('poolMoves')
        .select(['entityId', 'rule', 'ruleDays', 'byUserId'])
        .where('action', '=', 'reclaim')
        .execute();
      const taken = after.filter((m) => !before.some((b) => b.entityId === m.entityId));
      expect(taken.map((m) => m.entityId).sort(), today).toEqual(due);
      expect(result.reclaimed).toBe(due.length);
      for (const m of taken) {
        reclaimedOn[m.entityId] = today;
        expect(m.byUserId).toBeNull();
      }
      if (today === '2027-03-16')
        warningsOn16 = (await (await t.as('repEast')).get('/api/v1/pools/warnings')).body;
    }
    expect(reclaimedOn).toEqual({
      [acc.c!]: '2027-03-06',
      [acc.a!]: '2027-03-07',
      [acc.b!]: '2027-03-07',
      [acc.a2!]: '2027-03-16',
      [acc.b2!]: '2027-03-20',
    });
    const a = await t.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', acc.a!)
      .executeTakeFirstOrThrow();
    expect(a).toMatchObject({ ownerId: null, poolId: poolR, previousOwnerId: t.fx.users.repEast.id });
    const won = await t.db.kysely
      .selectFrom('accounts')
      .select('ownerId')
      .where('id', '=', acc.won!)
      .executeTakeFirstOrThrow();
    expect(won.ownerId).toBe(t.fx.users.repEast.id);
    const rules = await t.db.kysely
      .selectFrom('poolMoves')
      .select(['entityId', 'rule', 'ruleDays'])
      .where('action', '=', 'reclaim')
      .execute();
    expect(rules.find((m) => m.entityId === acc.b)).toMatchObject({ rule: 'no_opportunity', ruleDays: 15 });

    // warnings: recorded once, on the first day of the warning period
    const warnings = await t.db.kysely.selectFrom('poolWarnings').selectAll().orderBy('createdAt').execute();
    const firstWarned = (id: string) => {
      const w = warnings.filter((x) => x.entityId === id);
      return w.length ? dateOf(Date.parse(w[0]!.createdAt)) : null;
    };
    expect(firstWarned(acc.a!)).toBe('2027-03-04');
    expect(firstWarned(acc.b!)).toBe('2027-03-02');
    expect(firstWarned(acc.b2!)).toBe('2027-03-15');
    expect(firstWarned(acc.c!)).toBeNull(); // no warning period
    // a2 was warned for 03-08 on 03-05, saved by the visit, and warned for 03-16 from 03-13
    expect(
      warnings
        .filter((x) => x.entityId === acc.a2)
        .map((x) => [x.reclaimDate, dateOf(Date.parse(x.createdAt))]),
    ).toEqual([
      ['2027-03-08', '2027-03-05'],
      ['2027-03-16', '2027-03-13'],
    ]);
    expect(warnings.filter((x) => x.entityId === acc.a).length).toBe(1);

    // the owner's current warnings on 03-16 (after the job): b2, due 03-20, still repEast's
    expect(warningsOn16.items).toMatchObject([
      {
        entityId: acc.b2,
        reclaimDate: '2027-03-20',
        rule: 'no_follow_up',
        ruleDays: 20,
        poolName: '客户池 R',
      },
    ]);
    now = Date.parse(cst('2027-03-16'));
    expect((await (await t.as('repSouth')).get('/api/v1/pools/warnings')).body.items).toEqual([]);
  });
});
