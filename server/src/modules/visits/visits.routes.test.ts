import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type Person, type TestApp } from '../../../test/app.js';

let t: TestApp;
/** Monday 2026-11-23, 08:30 in China. */
const MONDAY = '2026-11-23';
const T0 = Date.parse('2026-11-23T00:30:00Z');
let now = T0;
const at = (iso: string) => Date.parse(iso);
const setNow = (ms: number) => {
  now = ms;
};

// People's Square, Shanghai
const OFFICE = { latitude: 31.2304, longitude: 121.4737 };
// ~67 m north-east of it, and ~1.1 km north
const NEAR = { latitude: 31.231, longitude: 121.4739 };
const FAR = { latitude: 31.2404, longitude: 121.4737 };

let shAccount: string; // repShanghai's, with a location
let bareAccount: string; // repShanghai's, without one
let eastAccount: string; // repEast's
let dealId: string; // repShanghai's deal at shAccount
let otherDeal: string; // repShanghai's deal at bareAccount

beforeAll(async () => {
  t = await createTestApp();
  t.services.visits.clock = () => new Date(now);
  const rep = await t.as('repShanghai');
  shAccount = (await rep.post('/api/v1/accounts', { name: '上海联创', ...OFFICE })).body.id;
  bareAccount = (await rep.post('/api/v1/accounts', { name: '上海无址' })).body.id;
  eastAccount = (await (await t.as('repEast')).post('/api/v1/accounts', { name: '苏州华东' })).body.id;
  const deal = (name: string, accountId: string) =>
    rep
      .post('/api/v1/opportunities', { name, accountId, amount: 100, expectedCloseDate: '2026-12-31' })
      .then((r) => {
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        return r.body.id as string;
      });
  dealId = await deal('联创 MES', shAccount);
  otherDeal = await deal('无址 WMS', bareAccount);
});
afterAll(() => t.close());

async function plan(who: Person, body: Record<string, unknown>) {
  const r = await (await t.as(who)).post('/api/v1/visits', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

function notificationsOf(userId: string, kind: string) {
  return t.db.kysely
    .selectFrom('notifications')
    .selectAll()
    .where('userId', '=', userId)
    .where('kind', '=', kind)
    .execute();
}

/** A session of our own: multipart requests need the cookie and CSRF token. */
async function headersOf(person: Person) {
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: t.fx.users[person].email, password: PASSWORD },
  });
  const cookie = login.cookies.find((x) => x.name === 'tuoke_session')!;
  return {
    cookie: `tuoke_session=${cookie.value}`,
    'x-csrf-token': JSON.parse(login.body).csrfToken as string,
  };
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
function multipart(filename: string, contentType: string, data: Buffer) {
  const boundary = '----tuoke-visit';
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

describe('account location', () => {
  it('keeps both coordinates or neither, within range, with the field named', async () => {
    const rep = await t.as('repShanghai');
    expect((await rep.get(`/api/v1/accounts/${shAccount}`)).body).toMatchObject(OFFICE);
    const half = await rep.post('/api/v1/accounts', { name: '半个坐标', latitude: 31.2 });
    expect(half.status).toBe(400);
    expect(half.body.error.fields).toEqual([{ path: 'longitude', message: expect.stringMatching(/both/) }]);
    const north = await rep.post('/api/v1/accounts', { name: '北极以北', latitude: 90.5, longitude: 120 });
    expect(north.status).toBe(400);
    expect(north.body.error.fields[0].path).toBe('latitude');
    const east = await rep.post('/api/v1/accounts', { name: '日界线外', latitude: 30, longitude: 180.01 });
    expect(east.status).toBe(400);
    expect(east.body.error.fields[0].path).toBe('longitude');

    const a = (await rep.post('/api/v1/accounts', { name: '坐标客户', latitude: 30.5, longitude: 120.1 }))
      .body;
    // clearing one half of the pair is refused; clearing both is fine
    const one = await rep.patch(`/api/v1/accounts/${a.id}`, { latitude: null, version: a.version });
    expect(one.status).toBe(400);
    expect(one.body.error.fields[0].path).toBe('latitude');
    const moved = await rep.patch(`/api/v1/accounts/${a.id}`, { latitude: 30.6, version: a.version });
    expect(moved.body).toMatchObject({ latitude: 30.6, longitude: 120.1 });
    const cleared = await rep.patch(`/api/v1/accounts/${a.id}`, {
      latitude: null,
      longitude: null,
      version: moved.body.version,
    });
    expect(cleared.body).toMatchObject({ latitude: null, longitude: null });
  });
});

describe('visit plans', () => {
  it('lets a rep plan his own visits and a manager plan for his reps, not others', async () => {
    setNow(T0);
    const own = await plan('repShanghai', {
      accountId: shAccount,
      plannedAt: '2026-11-23T10:00:00+08:00',
      purpose: '需求调研',
      opportunityId: dealId,
    });
    expect(own).toMatchObject({
      status: 'planned',
      planned: true,
      plannedAt: '2026-11-23T02:00:00.000Z',
      compliance: 'pending',
      accountName: '上海联创',
      accountLatitude: OFFICE.latitude,
      opportunityName: '联创 MES',
      ownerId: t.fx.users.repShanghai.id,
      createdBy: t.fx.users.repShanghai.id,
      photoCount: 0,
    });
    const byManager = await plan('managerEast', {
      accountId: shAccount,
      ownerId: t.fx.users.repShanghai.id,
      plannedAt: '2026-11-24T14:00:00+08:00',
    });
    expect(byManager).toMatchObject({
      ownerId: t.fx.users.repShanghai.id,
      createdBy: t.fx.users.managerEast.id,
      createdByName: 'managerEast',
    });

    const rep = await t.as('repShanghai');
    // a rep plans only for himself
    const forOther = await rep.post('/api/v1/visits', {
      accountId: shAccount,
      ownerId: t.fx.users.repEast.id,
      plannedAt: '2026-11-24T10:00:00+08:00',
    });
    expect(forOther.status).toBe(403);
    // the account must be readable by the visit's owner
    const notHis = await (
      await t.as('managerEast')
    ).post('/api/v1/visits', {
      accountId: eastAccount,
      ownerId: t.fx.users.repShanghai.id,
      plannedAt: '2026-11-24T10:00:00+08:00',
    });
    expect(notHis.status).toBe(400);
    expect(notHis.body.error.fields[0].path).toBe('accountId');
    // the deal must be one of the account's
    const wrongDeal = await rep.post('/api/v1/visits', {
      accountId: shAccount,
      opportunityId: otherDeal,
      plannedAt: '2026-11-24T10:00:00+08:00',
    });
    expect(wrongDeal.status).toBe(400);
    expect(wrongDeal.body.error.fields[0].path).toBe('opportunityId');
    // no plans for the past
    const past = await rep.post('/api/v1/visits', {
      accountId: shAccount,
      plannedAt: '2026-11-22T10:00:00+08:00',
    });
    expect(past.status).toBe(400);
    expect(past.body.error.fields[0].path).toBe('plannedAt');
    // other tenants cannot plan on this organisation's accounts
    const stranger = await (
      await t.as('otherRep')
    ).post('/api/v1/visits', {
      accountId: shAccount,
      plannedAt: '2026-11-24T10:00:00+08:00',
    });
    expect(stranger.status).toBe(400);
    // roles without visits
    expect((await (await t.as('marketing')).get('/api/v1/visits')).status).toBe(403);
  });

  it('lists a week in scope: a rep sees his own, the manager his team, nobody another org', async () => {
    setNow(T0);
    await plan('repEast', { accountId: eastAccount, plannedAt: '2026-11-25T09:30:00+08:00' });
    // next week's visit stays out of this week
    await plan('repShanghai', { accountId: shAccount, plannedAt: '2026-11-30T09:30:00+08:00' });
    const week = (who: Person) =>
      t
        .as(who)
        .then((c) => c.get(`/api/v1/visits?week=${MONDAY}`))
        .then((r) => r.body.items as any[]);
    const sh = await week('repShanghai');
    expect(sh.length).toBeGreaterThanOrEqual(2);
    expect(sh.every((v) => v.ownerId === t.fx.users.repShanghai.id)).toBe(true);
    expect(sh.every((v) => v.plannedAt < '2026-11-29T16:00:00.000Z')).toBe(true);
    // in planned order
    expect(sh.map((v) => v.plannedAt)).toEqual([...sh.map((v) => v.plannedAt)].sort());
    const east = await week('repEast');
    expect(east.map((v) => v.accountName)).toEqual(['苏州华东']);
    const team = await week('managerEast');
    expect(new Set(team.map((v) => v.ownerName))).toEqual(new Set(['repShanghai', 'repEast']));
    expect(await week('managerSouth')).toEqual([]);
    expect(await week('otherAdmin')).toEqual([]);
    // a rep cannot open another rep's visit
    const eastVisit = east[0];
    expect((await (await t.as('repShanghai')).get(`/api/v1/visits/${eastVisit.id}`)).status).toBe(404);
    expect((await (await t.as('managerEast')).get(`/api/v1/visits/${eastVisit.id}`)).status).toBe(200);
    // filtering another owner than oneself gives nothing for a rep
    const peek = await (await t.as('repShanghai')).get(`/api/v1/visits?ownerId=${t.fx.users.repEast.id}`);
    expect(peek.body.items).toEqual([]);
    // a week is named by its Monday
    const tuesday = await (await t.as('repShanghai')).get('/api/v1/visits?week=2026-11-24');
    expect(tuesday.status).toBe(400);
    expect(tuesday.body.error.fields[0].path).toBe('week');
  });

  it('changes and cancels a planned visit under its version, and keeps a missed one', async () => {
    setNow(T0);
    const rep = await t.as('repShanghai');
    const v = await plan('repShanghai', { accountId: shAccount, plannedAt: '2026-11-26T10:00:00+08:00' });
    const moved = await rep.patch(`/api/v1/visits/${v.id}`, {
      plannedAt: '2026-11-26T15:00:00+08:00',
      purpose: '改到下午',
      version: v.version,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({
      plannedAt: '2026-11-26T07:00:00.000Z',
      purpose: '改到下午',
      version: 2,
    });
    const old = await rep.patch(`/api/v1/visits/${v.id}`, { purpose: 'x', version: 1 });
    expect(old.status).toBe(409);
    expect(old.body.error.code).toBe('stale');
    const cancelled = await rep.post(`/api/v1/visits/${v.id}/cancel`, { reason: '客户出差', version: 2 });
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      compliance: 'cancelled',
      cancelReason: '客户出差',
    });
    const again = await rep.patch(`/api/v1/visits/${v.id}`, { purpose: 'x', version: 3 });
    expect(again.status).toBe(409);

    const missed = await plan('repShanghai', {
      accountId: shAccount,
      plannedAt: '2026-11-23T09:00:00+08:00',
    });
    setNow(at('2026-11-23T02:00:01Z')); // 10:00:01, past 09:00 + 60 min
    expect((await rep.get(`/api/v1/visits/${missed.id}`)).body.compliance).toBe('missed');
    const reschedule = await rep.patch(`/api/v1/visits/${missed.id}`, {
      plannedAt: '2026-11-27T09:00:00+08:00',
      version: missed.version,
    });
    expect(reschedule.status).toBe(409);
    expect((await rep.post(`/api/v1/visits/${missed.id}/cancel`, { version: missed.version })).status).toBe(
      409,
    );
    setNow(T0);
  });
});

describe('check-in', () => {
  it('takes the server time and position, measures the distance, and is for the owner only', async () => {
    setNow(T0);
    const v = await plan('repShanghai', { accountId: shAccount, plannedAt: '2026-11-23T11:00:00+08:00' });
    const rep = await t.as('repShanghai');
    // someone else's visit: 403 with a clear message, even for his manager
    for (const who of ['repEast', 'managerEast'] as const) {
      const r = await (await t.as(who)).post(`/api/v1/visits/${v.id}/check-in`, NEAR);
      expect(r.status).toBe(403);
      expect(r.body.error.message).toMatch(/owner/);
    }
    // another organisation does not even find it
    expect((await (await t.as('otherRep')).post(`/api/v1/visits/${v.id}/check-in`, NEAR)).status).toBe(404);
    // coordinates out of range, or missing: 400 with the field
    for (const [body, field] of [
      [{ latitude: 91, longitude: 121 }, 'latitude'],
      [{ latitude: -90.01, longitude: 121 }, 'latitude'],
      [{ latitude: 31, longitude: 181 }, 'longitude'],
      [{ latitude: 31 }, 'longitude'],
      [{ latitude: '31', longitude: 121 }, 'latitude'],
    ] as const) {
      const r = await rep.post(`/api/v1/visits/${v.id}/check-in`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    }
    setNow(at('2026-11-23T02:55:00Z')); // 10:55 China
    const r = await rep.post(`/api/v1/visits/${v.id}/check-in`, { ...NEAR, accuracy: 12 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      status: 'checked_in',
      checkedInAt: '2026-11-23T02:55:00.000Z',
      checkInLatitude: NEAR.latitude,
      checkInAccuracy: 12,
      locationFlag: 'near',
      compliance: 'on_time',
    });
    expect(r.body.distanceM).toBeGreaterThan(50);
    expect(r.body.distanceM).toBeLessThan(90);
    // twice: 409
    const twice = await rep.post(`/api/v1/visits/${v.id}/check-in`, NEAR);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/checked in/);
    // near: nobody is told
    expect(
      (await notificationsOf(t.fx.users.managerEast.id, 'visit_far_checkin')).map((n) => n.refId),
    ).not.toContain(v.id);
    setNow(T0);
  });

  it('flags a far check-in and tells the manager; without a location the distance is unknown', async () => {
    setNow(T0);
    const rep = await t.as('repShanghai');
    const far = await plan('repShanghai', { accountId: shAccount, plannedAt: '2026-11-23T14:00:00+08:00' });
    const r = await rep.post(`/api/v1/visits/${far.id}/check-in`, FAR);
    expect(r.body).toMatchObject({ locationFlag: 'far' });
    expect(r.body.distanceM).toBeGreaterThan(1000);
    const sent = await notificationsOf(t.fx.users.managerEast.id, 'visit_far_checkin');
    const mine = sent.find((n) => n.refId === far.id)!;
    expect(mine).toBeDefined();
    expect(JSON.parse(mine.params)).toEqual({
      repName: 'repShanghai',
      accountName: '上海联创',
      distanceM: r.body.distanceM,
    });
    expect(mine.link).toBe(`/visits/${far.id}`);

    const bare = await plan('repShanghai', {
      accountId: bareAccount,
      plannedAt: '2026-11-23T15:00:00+08:00',
    });
    const unknown = await rep.post(`/api/v1/visits/${bare.id}/check-in`, FAR);
    expect(unknown.body).toMatchObject({ distanceM: null, locationFlag: 'no_location' });

    // an administrator raises the threshold: the same distance is near now
    const admin = await t.as('admin');
    expect((await rep.patch('/api/v1/visit-settings', { farThresholdM: 5000 })).status).toBe(403);
    const saved = await admin.patch('/api/v1/visit-settings', { farThresholdM: 5000 });
    expect(saved.body).toEqual({ farThresholdM: 5000, onTimeToleranceMinutes: 60 });
    expect((await admin.patch('/api/v1/visit-settings', { farThresholdM: 10 })).status).toBe(400);
    const later = await plan('repShanghai', { accountId: shAccount, plannedAt: '2026-11-23T16:00:00+08:00' });
    expect((await rep.post(`/api/v1/visits/${later.id}/check-in`, FAR)).body.locationFlag).toBe('near');
    await admin.patch('/api/v1/visit-settings', { farThresholdM: 500 });
    expect((await rep.get('/api/v1/visit-settings')).body.farThresholdM).toBe(500);
  });

  it('checks in on the spot without a plan, and refuses cancelled or finished visits', async () => {
    setNow(at('2026-11-24T06:00:00Z'));
    const rep = await t.as('repShanghai');
    const spot = await rep.post('/api/v1/visits/check-in', {
      accountId: shAccount,
      ...NEAR,
      purpose: '路过拜访',
    });
    expect(spot.status, JSON.stringify(spot.body)).toBe(201);
    expect(spot.body).toMatchObject({
      planned: false,
      status: 'checked_in',
      compliance: 'unplanned',
      plannedAt: '2026-11-24T06:00:00.000Z',
      checkedInAt: '2026-11-24T06:00:00.000Z',
      locationFlag: 'near',
    });
    const notMine = await rep.post('/api/v1/visits/check-in', { accountId: eastAccount, ...NEAR });
    expect(notMine.status).toBe(400);
    expect(notMine.body.error.fields[0].path).toBe('accountId');

    const c = await plan('repShanghai', { accountId: shAccount, plannedAt: '2026-11-25T10:00:00+08:00' });
    await rep.post(`/api/v1/visits/${c.id}/cancel`, { version: c.version });
    const r = await rep.post(`/api/v1/visits/${c.id}/check-in`, NEAR);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/cancelled/);
    setNow(T0);
  });
});

describe('check-out', () => {
  it("logs the outcome as a visit activity and sets the deal's next step with history", async () => {
    setNow(T0);
    const rep = await t.as('repShanghai');
    const v = await plan('repShanghai', {
      accountId: shAccount,
      opportunityId: dealId,
      plannedAt: '2026-11-23T09:30:00+08:00',
      purpose: '方案演示',
    });
    // not checked in yet
    const early = await rep.post(`/api/v1/visits/${v.id}/check-out`, { outcome: '—' });
    expect(early.status).toBe(409);
    setNow(at('2026-11-23T01:40:00Z'));
    await rep.post(`/api/v1/visits/${v.id}/check-in`, NEAR);
    // bad input
    const blank = await rep.post(`/api/v1/visits/${v.id}/check-out`, { outcome: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.fields[0].path).toBe('outcome');
    const dateOnly = await rep.post(`/api/v1/visits/${v.id}/check-out`, {
      outcome: '演示顺利',
      nextStepDate: '2026-11-30',
    });
    expect(dateOnly.status).toBe(400);
    expect(dateOnly.body.error.fields[0].path).toBe('nextStep');
    const badDate = await rep.post(`/api/v1/visits/${v.id}/check-out`, {
      outcome: '演示顺利',
      nextStep: '报价',
      nextStepDate: '2026-02-30',
    });
    expect(badDate.status).toBe(400);
    const wrongDeal = await rep.post(`/api/v1/visits/${v.id}/check-out`, {
      outcome: '演示顺利',
      opportunityId: otherDeal,
    });
    expect(wrongDeal.status).toBe(400);
    expect(wrongDeal.body.error.fields[0].path).toBe('opportunityId');
    const half = await rep.post(`/api/v1/visits/${v.id}/check-out`, { outcome: 'x', latitude: 31.2 });
    expect(half.status).toBe(400);
    // someone else cannot check out
    expect(
      (await (await t.as('managerEast')).post(`/api/v1/visits/${v.id}/check-out`, { outcome: 'x' })).status,
    ).toBe(403);
    // nothing was written by the refused attempts
    expect((await rep.get(`/api/v1/visits/${v.id}`)).body).toMatchObject({
      status: 'checked_in',
      activityId: null,
    });

    setNow(at('2026-11-23T03:05:00Z'));
    const out = await rep.post(`/api/v1/visits/${v.id}/check-out`, {
      ...NEAR,
      outcome: '演示顺利，客户认可排产模块',
      nextStep: '发送正式报价',
      nextStepDate: '2026-11-27',
    });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body).toMatchObject({
      status: 'completed',
      checkedOutAt: '2026-11-23T03:05:00.000Z',
      outcome: '演示顺利，客户认可排产模块',
      nextStep: '发送正式报价',
      nextStepDate: '2026-11-27',
      opportunityId: dealId,
    });
    const activity = (await rep.get(`/api/v1/activities/${out.body.activityId}`)).body;
    expect(activity).toMatchObject({
      type: 'visit',
      body: '演示顺利，客户认可排产模块',
      nextStep: '发送正式报价',
      doneAt: '2026-11-23T03:05:00.000Z',
      dueAt: '2026-11-23T01:30:00.000Z',
      relatedType: 'opportunity',
      relatedId: dealId,
      accountId: shAccount,
      ownerId: t.fx.users.repShanghai.id,
    });
    const deal = (await rep.get(`/api/v1/opportunities/${dealId}`)).body;
    expect(deal.nextStep).toBe('发送正式报价');
    const changes = await t.db.kysely
      .selectFrom('fieldChanges')
      .select(['field', 'newValue', 'userId'])
      .where('entityType', '=', 'opportunity')
      .where('entityId', '=', dealId)
      .execute();
    expect(changes).toEqual(
      expect.arrayContaining([
        { field: 'nextStep', newValue: '发送正式报价', userId: t.fx.users.repShanghai.id },
        { field: 'nextStepDate', newValue: '2026-11-27', userId: t.fx.users.repShanghai.id },
      ]),
    );
    const row = await t.db.kysely
      .selectFrom('opportunities')
      .select(['nextStepDate'])
      .where('id', '=', dealId)
      .executeTakeFirstOrThrow();
    expect(row.nextStepDate).toBe('2026-11-27');
    // the account's timeline shows the visit
    const timeline = (await rep.get(`/api/v1/accounts/${shAccount}/timeline`)).body as any[];
    expect(JSON.stringify(timeline)).toContain('演示顺利，客户认可排产模块');
    // done is done
    const again = await rep.post(`/api/v1/visits/${v.id}/check-out`, { outcome: 'again' });
    expect(again.status).toBe(409);
    expect((await rep.post(`/api/v1/visits/${v.id}/check-in`, NEAR)).status).toBe(409);
    setNow(T0);
  });

  it('without a deal the activity is on the account and no deal changes', async () => {
    setNow(T0);
    const rep = await t.as('repShanghai');
    const v = await plan('repShanghai', { accountId: bareAccount, plannedAt: '2026-11-23T17:00:00+08:00' });
    await rep.post(`/api/v1/visits/${v.id}/check-in`, NEAR);
    const out = await rep.post(`/api/v1/visits/${v.id}/check-out`, {
      outcome: '送资料',
      nextStep: '电话回访',
    });
    expect(out.status).toBe(200);
    const activity = (await rep.get(`/api/v1/activities/${out.body.activityId}`)).body;
    expect(activity).toMatchObject({ relatedType: 'account', relatedId: bareAccount, subject: '上海无址' });
    expect((await rep.get(`/api/v1/opportunities/${otherDeal}`)).body.nextStep).toBeNull();
  });
});

describe('photos', () => {
  it('keep the server time, take images only, and are seen within scope', async () => {
    setNow(T0);
    const v = await plan('repShanghai', { accountId: shAccount, plannedAt: '2026-11-23T18:00:00+08:00' });
    const headers = await headersOf('repShanghai');
    const upload = (file: ReturnType<typeof multipart>, id = v.id, h = headers) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/visits/${id}/photos`,
        headers: { ...h, 'content-type': file.contentType },
        payload: file.payload,
      });
    // not there yet
    expect((await upload(multipart('a.png', 'image/png', PNG))).statusCode).toBe(409);
    await (await t.as('repShanghai')).post(`/api/v1/visits/${v.id}/check-in`, NEAR);

    setNow(at('2026-11-23T10:05:00Z'));
    const up = await upload(multipart('../门头.png', 'image/png', PNG));
    expect(up.statusCode, up.body).toBe(201);
    const photo = JSON.parse(up.body);
    expect(photo).toMatchObject({
      visitId: v.id,
      filename: '门头.png',
      contentType: 'image/png',
      size: PNG.length,
      takenAt: '2026-11-23T10:05:00.000Z',
      uploadedByName: 'repShanghai',
    });
    // the stored timestamp is the server's, whatever the client claims in headers or names
    const stored = await t.db.kysely
      .selectFrom('visitPhotos')
      .select('takenAt')
      .where('id', '=', photo.id)
      .executeTakeFirstOrThrow();
    expect(stored.takenAt).toBe('2026-11-23T10:05:00.000Z');

    // images only: by the claimed type and by the bytes
    const text = await upload(multipart('notes.txt', 'text/plain', Buffer.from('hello')));
    expect(text.statusCode).toBe(400);
    expect(JSON.parse(text.body).error.fields[0].path).toBe('file');
    const fake = await upload(multipart('fake.png', 'image/png', Buffer.from('<svg onload=alert(1)>')));
    expect(fake.statusCode).toBe(400);
    // someone else's visit
    const other = await upload(multipart('a.png', 'image/png', PNG), v.id, await headersOf('repEast'));
    expect(other.statusCode).toBe(403);

    const rep = await t.as('repShanghai');
    expect((await rep.get(`/api/v1/visits/${v.id}/photos`)).body).toHaveLength(1);
    expect((await rep.get(`/api/v1/visits/${v.id}`)).body.photoCount).toBe(1);
    const down = await t.app.inject({ method: 'GET', url: `/api/v1/visit-photos/${photo.id}`, headers });
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('image/png');
    expect(down.rawPayload.equals(PNG)).toBe(true);
    // the manager sees it; another rep and another organisation do not
    expect((await (await t.as('managerEast')).get(`/api/v1/visits/${v.id}/photos`)).body).toHaveLength(1);
    expect((await (await t.as('repEast')).get(`/api/v1/visit-photos/${photo.id}`)).status).toBe(404);
    expect((await (await t.as('otherAdmin')).get(`/api/v1/visit-photos/${photo.id}`)).status).toBe(404);
    // a wrong photo can go while still there, not after check-out
    const second = JSON.parse((await upload(multipart('b.png', 'image/png', PNG))).body);
    expect((await rep.delete(`/api/v1/visit-photos/${second.id}`)).status).toBe(204);
    await rep.post(`/api/v1/visits/${v.id}/check-out`, { outcome: '拍照留档' });
    expect((await rep.delete(`/api/v1/visit-photos/${photo.id}`)).status).toBe(409);
    // and none is added after the visit
    expect((await upload(multipart('late.png', 'image/png', PNG))).statusCode).toBe(409);
    expect((await rep.get(`/api/v1/visits/${v.id}/photos`)).body).toHaveLength(1);
    setNow(T0);
  });
});
