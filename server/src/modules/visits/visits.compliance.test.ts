import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complianceOf } from './visits.service.js';
import { createTestApp, type Person, type TestApp } from '../../../test/app.js';

/**
 * Plan vs actual with an injected clock. The week of Monday 2026-11-23 (China time), tolerance
 * 60 minutes; every boundary is hit to the millisecond.
 */
let t: TestApp;
let now = Date.parse('2026-11-23T00:30:00Z'); // Monday 08:30 China
const setNow = (iso: string) => {
  now = Date.parse(iso);
};
const OFFICE = { latitude: 31.2304, longitude: 121.4737 };
const NEAR = { latitude: 31.231, longitude: 121.4739 };
const FAR = { latitude: 31.2404, longitude: 121.4737 };
const ids: Record<string, string> = {};

async function plan(who: Person, accountId: string, plannedAt: string) {
  const r = await (await t.as(who)).post('/api/v1/visits', { accountId, plannedAt });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; version: number };
}

beforeAll(async () => {
  t = await createTestApp();
  t.services.visits.clock = () => new Date(now);
  const sh = await t.as('repShanghai');
  const account = (await sh.post('/api/v1/accounts', { name: '上海联创', ...OFFICE })).body.id;
  const eastAccount = (await (await t.as('repEast')).post('/api/v1/accounts', { name: '苏州华东' })).body.id;

  ids.onTime = (await plan('repShanghai', account, '2026-11-23T10:00:00+08:00')).id;
  ids.late = (await plan('repShanghai', account, '2026-11-23T14:00:00+08:00')).id;
  ids.missed = (await plan('repShanghai', account, '2026-11-24T09:00:00+08:00')).id;
  ids.pending = (await plan('repShanghai', account, '2026-11-27T09:00:00+08:00')).id;
  const cancelled = await plan('repShanghai', account, '2026-11-26T09:00:00+08:00');
  ids.cancelled = cancelled.id;
  ids.eastMissed = (await plan('repEast', eastAccount, '2026-11-23T16:00:00+08:00')).id;
  // the week after is not this week's
  ids.nextWeek = (await plan('repShanghai', account, '2026-11-30T08:00:00+08:00')).id;
  await sh.post(`/api/v1/visits/${ids.cancelled}/cancel`, { version: cancelled.version });

  // 11:00:00.000 China: exactly planned + tolerance is still on time
  setNow('2026-11-23T03:00:00.000Z');
  expect((await sh.post(`/api/v1/visits/${ids.onTime}/check-in`, NEAR)).body.compliance).toBe('on_time');
  // 15:00:00.001 China: a millisecond after planned + tolerance is late
  setNow('2026-11-23T07:00:00.001Z');
  expect((await sh.post(`/api/v1/visits/${ids.late}/check-in`, NEAR)).body.compliance).toBe('late');
  // Wednesday: an unplanned visit, checked in far from the account
  setNow('2026-11-25T03:00:00.000Z');
  const spot = await sh.post('/api/v1/visits/check-in', { accountId: account, ...FAR });
  expect(spot.body).toMatchObject({ compliance: 'unplanned', locationFlag: 'far' });
  ids.unplanned = spot.body.id;
});
afterAll(() => t.close());

const report = async (who: Person, query = '') => {
  const r = await (await t.as(who)).get(`/api/v1/visits/compliance?week=2026-11-23${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as {
    rows: { ownerName: string; visits: { id: string; compliance: string }[]; [k: string]: unknown }[];
    totals: Record<string, number>;
  };
};
const row = (r: Awaited<ReturnType<typeof report>>, name: string) =>
  r.rows.find((x) => x.ownerName === name)!;

describe('complianceOf', () => {
  const base = { status: 'planned', planned: 1, plannedAt: '2026-11-24T01:00:00.000Z', checkedInAt: null };
  it('is pending up to the deadline and missed a millisecond after it', () => {
    expect(complianceOf(base, 60, new Date('2026-11-24T02:00:00.000Z'))).toBe('pending');
    expect(complianceOf(base, 60, new Date('2026-11-24T02:00:00.001Z'))).toBe('missed');
    expect(complianceOf(base, 0, new Date('2026-11-24T01:00:00.001Z'))).toBe('missed');
  });
  it('counts a check-in at the deadline as on time, after it as late, before the plan as on time', () => {
    const c = (checkedInAt: string) => complianceOf({ ...base, checkedInAt }, 60, new Date('2026-12-01'));
    expect(c('2026-11-24T02:00:00.000Z')).toBe('on_time');
    expect(c('2026-11-24T02:00:00.001Z')).toBe('late');
    expect(c('2026-11-24T00:10:00.000Z')).toBe('on_time');
    expect(complianceOf({ ...base, planned: 0 }, 60, new Date())).toBe('unplanned');
    expect(complianceOf({ ...base, status: 'cancelled' }, 60, new Date())).toBe('cancelled');
  });
});

describe('plan vs actual', () => {
  it('buckets a week per rep with the injected clock: on time, late, missed, pending, unplanned, far', async () => {
    // Tuesday 10:00:00.000 China: the 09:00 visit is at its deadline, not missed yet
    setNow('2026-11-24T02:00:00.000Z');
    let r = await report('managerEast');
    expect(row(r, 'repShanghai')).toMatchObject({ missed: 0, pending: 2 });
    // a millisecond later it is
    setNow('2026-11-24T02:00:00.001Z');
    r = await report('managerEast');
    expect(r.rows.map((x) => x.ownerName).sort()).toEqual(['repEast', 'repShanghai']);
    const sh = row(r, 'repShanghai');
    expect(sh).toMatchObject({
      teamName: '上海组',
      planned: 4,
      onTime: 1,
      late: 1,
      missed: 1,
      pending: 1,
      unplanned: 1,
      far: 1,
      cancelled: 1,
    });
    const bucket = (c: string) => sh.visits.filter((v) => v.compliance === c).map((v) => v.id);
    expect(bucket('on_time')).toEqual([ids.onTime]);
    expect(bucket('late')).toEqual([ids.late]);
    expect(bucket('missed')).toEqual([ids.missed]);
    expect(bucket('pending')).toEqual([ids.pending]);
    expect(bucket('unplanned')).toEqual([ids.unplanned]);
    expect(bucket('cancelled')).toEqual([ids.cancelled]);
    expect(sh.visits.map((v) => v.id)).not.toContain(ids.nextWeek);
    expect(row(r, 'repEast')).toMatchObject({ planned: 1, missed: 1 });
    expect(r.totals).toMatchObject({ planned: 5, onTime: 1, late: 1, missed: 2, unplanned: 1, far: 1 });
  });

  it('follows the scope: a rep sees himself, a manager his team (with reps who planned nothing)', async () => {
    setNow('2026-11-24T02:00:00.001Z');
    const rep = await report('repShanghai');
    expect(rep.rows.map((x) => x.ownerName)).toEqual(['repShanghai']);
    const south = await report('managerSouth');
    expect(south.rows).toEqual([
      expect.objectContaining({ ownerName: 'repSouth', planned: 0, missed: 0, visits: [] }),
    ]);
    // a team filter narrows the scope, never widens it
    const shanghaiOnly = await report('managerEast', `&teamId=${t.fx.teams.shanghai}`);
    expect(shanghaiOnly.rows.map((x) => x.ownerName)).toEqual(['repShanghai']);
    expect((await report('managerEast', `&teamId=${t.fx.teams.south}`)).rows).toEqual([]);
    const director = await report('director', `&teamId=${t.fx.teams.east}`);
    expect(director.rows.map((x) => x.ownerName).sort()).toEqual(['repEast', 'repShanghai']);
    expect((await report('otherAdmin')).rows.map((x) => x.ownerName)).toEqual(['otherRep']);
    // bad input
    const c = await t.as('managerEast');
    expect((await c.get('/api/v1/visits/compliance?week=2026-11-25')).status).toBe(400);
    expect((await c.get('/api/v1/visits/compliance?week=2026-11-23&teamId=nope')).status).toBe(400);
    expect((await c.get('/api/v1/visits/compliance')).status).toBe(400);
    expect((await (await t.as('service')).get('/api/v1/visits/compliance?week=2026-11-23')).status).toBe(403);
  });

  it('a raised tolerance turns late into on time for the report', async () => {
    setNow('2026-11-24T02:00:00.001Z');
    const admin = await t.as('admin');
    await admin.patch('/api/v1/visit-settings', { onTimeToleranceMinutes: 120 });
    const sh = row(await report('managerEast'), 'repShanghai');
    // the 14:00 visit checked in at 15:00:00.001 is on time with 2 hours' tolerance; the 09:00 one
    // is at 10:00:00.001 within its 2 hours, pending again
    expect(sh).toMatchObject({ onTime: 2, late: 0, missed: 0, pending: 2 });
    await admin.patch('/api/v1/visit-settings', { onTimeToleranceMinutes: 60 });
  });
});

describe('the daily job', () => {
  it("tells each owner's manager about missed visits, once per visit", async () => {
    setNow('2026-11-24T02:00:00.001Z');
    const first = await t.services.visits.runDaily(new Date(now));
    expect(first).toEqual({ missed: 2, notified: 2 });
    const sent = await t.db.kysely
      .selectFrom('notifications')
      .selectAll()
      .where('kind', '=', 'visit_missed')
      .orderBy('refId')
      .execute();
    expect(sent.map((n) => [n.userId, n.refId]).sort()).toEqual(
      [
        [t.fx.users.managerEast.id, ids.missed],
        [t.fx.users.managerEast.id, ids.eastMissed],
      ].sort(),
    );
    const forSh = sent.find((n) => n.refId === ids.missed)!;
    expect(JSON.parse(forSh.params)).toEqual({
      repName: 'repShanghai',
      accountName: '上海联创',
      plannedDate: '2026-11-24',
    });
    expect(forSh.link).toBe(`/visits/${ids.missed}`);
    // again: nothing new
    expect(await t.services.visits.runDaily(new Date(now))).toEqual({ missed: 2, notified: 0 });
    // the job is registered under its name and runs (nothing new to tell)
    await t.services.jobs.enqueue('visits.daily', {});
    expect(await t.services.jobs.runDue()).toBeGreaterThanOrEqual(1);
    const job = await t.db.kysely
      .selectFrom('jobs')
      .select(['status', 'lastError'])
      .where('type', '=', 'visits.daily')
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'done', lastError: null });
  });
});
