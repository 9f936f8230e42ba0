import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { addDays, localDate } from '../../lib/dates.js';
import * as migration from '../../db/migrations/20261128T030400-last-touch.js';
import { refreshLastTouch } from '../opportunities/index.js';

/*
 * opportunities.last_touch_at on every write path (activities logged, corrected, completed and
 * deleted; a visit's check-out; a meeting's action item; a stage change and a reopen), the
 * migration's backfill, and the board grading from it. Past times are written into the rows.
 */
let t: TestApp;
const TODAY = localDate(new Date(Date.now() + 12 * 86_400_000));
const NOW = new Date(`${TODAY}T10:00:00+08:00`);
const cst = (daysAgo: number, hhmm = '09:00') =>
  new Date(`${addDays(TODAY, -daysAgo)}T${hhmm}:00+08:00`).toISOString();
let accountId = '';

async function touchOf(id: string): Promise<string | null> {
  const row = await t.db.kysely
    .selectFrom('opportunities')
    .select('lastTouchAt')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.lastTouchAt ? new Date(row.lastTouchAt).toISOString() : null;
}

async function deal(name: string, body: Record<string, unknown> = {}) {
  const r = await (
    await t.as('repShanghai')
  ).post('/api/v1/opportunities', {
    name,
    accountId,
    expectedCloseDate: addDays(TODAY, 30),
    amount: 800_000,
    nextStep: '方案演示',
    nextStepDate: addDays(TODAY, 5),
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; version: number; createdAt: string };
}

/** Dates the deal's creation and stage history back to `at` (as an old deal), then recomputes. */
async function age(id: string, at: string) {
  await t.db.kysely
    .updateTable('opportunityStageHistory')
    .set({ enteredAt: at })
    .where('opportunityId', '=', id)
    .execute();
  await t.db.kysely.updateTable('opportunities').set({ createdAt: at }).where('id', '=', id).execute();
  await refreshLastTouch(t.db.kysely, t.fx.orgId, [id]);
}

async function stalledIds(): Promise<string[]> {
  const r = await (await t.as('admin')).get('/api/v1/supervision');
  expect(r.status).toBe(200);
  return r.body.findings.stalled.map((f: { recordId: string }) => f.recordId);
}

beforeAll(async () => {
  t = await createTestApp();
  t.services.supervision.clock = () => NOW;
  t.services.opportunities.clock = () => NOW;
  accountId = (
    await (await t.as('repShanghai')).post('/api/v1/accounts', { name: '杭州最后跟进测试有限公司' })
  ).body.id;
});
afterAll(() => t.close());

describe('opportunities.last_touch_at', () => {
  it('starts at creation; activities done on the deal move it, planned ones do not; a corrected date or a deletion recomputes it', async () => {
    const d = await deal('跟进时间');
    expect(await touchOf(d.id)).toBe(new Date(d.createdAt).toISOString());
    await age(d.id, cst(30));
    expect(await touchOf(d.id)).toBe(cst(30));
    expect(await stalledIds()).toContain(d.id);

    const rep = await t.as('repShanghai');
    const on = { relatedType: 'opportunity', relatedId: d.id };
    const planned = await rep.post('/api/v1/activities', {
      type: 'task',
      subject: '准备方案',
      dueAt: cst(-2),
      ...on,
    });
    expect(planned.status).toBe(201);
    expect(await touchOf(d.id)).toBe(cst(30));
    // an activity on the account, or on another deal, is not this deal's touch
    await rep.post('/api/v1/activities', {
      type: 'call',
      subject: '客户回访',
      doneAt: cst(1),
      relatedType: 'account',
      relatedId: accountId,
    });
    const other = await deal('另一个商机');
    await rep.post('/api/v1/activities', {
      type: 'call',
      subject: '别的商机',
      doneAt: cst(1),
      relatedType: 'opportunity',
      relatedId: other.id,
    });
    expect(await touchOf(d.id)).toBe(cst(30));

    const call = await rep.post('/api/v1/activities', {
      type: 'call',
      subject: '电话沟通',
      doneAt: cst(3),
      ...on,
    });
    expect(call.status).toBe(201);
    expect(await touchOf(d.id)).toBe(cst(3));
    expect(await stalledIds()).not.toContain(d.id);
    // the done time corrected to earlier: the deal is as old as its real last touch
    const moved = await rep.patch(`/api/v1/activities/${call.body.id}`, {
      doneAt: cst(20),
      version: call.body.version,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await touchOf(d.id)).toBe(cst(20));
    expect(await stalledIds()).toContain(d.id);
    // the planned task completed
    const done = await rep.patch(`/api/v1/activities/${planned.body.id}`, {
      doneAt: cst(2),
      version: planned.body.version,
    });
    expect(done.status).toBe(200);
    expect(await touchOf(d.id)).toBe(cst(2));
    // …and deleted again: back to the call, never fresher than the deal is
    expect((await rep.delete(`/api/v1/activities/${planned.body.id}`)).status).toBe(204);
    expect(await touchOf(d.id)).toBe(cst(20));
    // cleared done time: the call no longer counts either
    const cleared = await rep.patch(`/api/v1/activities/${call.body.id}`, {
      doneAt: null,
      version: moved.body.version,
    });
    expect(cleared.status).toBe(200);
    expect(await touchOf(d.id)).toBe(cst(30));
  });

  it('a stage change and a reopen move it to the change', async () => {
    const rep = await t.as('repShanghai');
    const d = await deal('换阶段与重开');
    await age(d.id, cst(40));
    const before = Date.now();
    let o = (await rep.get(`/api/v1/opportunities/${d.id}`)).body;
    const next = t.fx.stages.find((s) => s.kind === 'open' && s.id !== o.stageId)!;
    const r = await rep.patch(`/api/v1/opportunities/${d.id}`, { stageId: next.id, version: o.version });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const afterMove = (await touchOf(d.id))!;
    expect(Date.parse(afterMove)).toBeGreaterThanOrEqual(before - 5);
    // won, dated back; reopened: the reopen is the touch
    const won = t.fx.stages.find((s) => s.kind === 'won')!;
    o = (await rep.get(`/api/v1/opportunities/${d.id}`)).body;
    expect(
      (await rep.patch(`/api/v1/opportunities/${d.id}`, { stageId: won.id, version: o.version })).status,
    ).toBe(200);
    await age(d.id, cst(50));
    expect(await touchOf(d.id)).toBe(cst(50));
    o = (await rep.get(`/api/v1/opportunities/${d.id}`)).body;
    const reopenedAt = Date.now();
    const reopened = await rep.patch(`/api/v1/opportunities/${d.id}`, {
      stageId: next.id,
      version: o.version,
    });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body.status).toBe('open');
    expect(Date.parse((await touchOf(d.id))!)).toBeGreaterThanOrEqual(reopenedAt - 5);
  });

  it('a visit checked out on the deal moves it (through the visit activity)', async () => {
    const d = await deal('拜访商机');
    await age(d.id, cst(25));
    const rep = await t.as('repShanghai');
    const checkedIn = await rep.post('/api/v1/visits/check-in', {
      accountId,
      opportunityId: d.id,
      latitude: 30.27,
      longitude: 120.15,
    });
    expect(checkedIn.status, JSON.stringify(checkedIn.body)).toBe(201);
    expect(await touchOf(d.id)).toBe(cst(25));
    const out = await rep.post(`/api/v1/visits/${checkedIn.body.id}/check-out`, {
      outcome: '客户认可方案，约下周报价',
      opportunityId: d.id,
    });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    const activity = await t.db.kysely
      .selectFrom('activities')
      .select('doneAt')
      .where('relatedType', '=', 'opportunity')
      .where('relatedId', '=', d.id)
      .where('type', '=', 'visit')
      .executeTakeFirstOrThrow();
    expect(await touchOf(d.id)).toBe(new Date(activity.doneAt!).toISOString());
  });

  it('a meeting action item on the deal: done moves it, reopened recomputes it', async () => {
    const d = await deal('会议行动项商机');
    await age(d.id, cst(35));
    let now = new Date(cst(1, '15:00'));
    t.services.meetings.clock = () => now;
    const manager = await t.as('managerEast');
    const m = await manager.post('/api/v1/meetings', {
      teamId: t.fx.teams.east,
      kind: 'weekly',
      title: '华东周会',
      scheduledAt: new Date(now.getTime() + 3_600_000).toISOString(),
    });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    const item = await manager.post(`/api/v1/meetings/${m.body.id}/items`, {
      title: '发正式报价',
      ownerId: t.fx.users.repShanghai.id,
      dueDate: TODAY,
      opportunityId: d.id,
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    expect(await touchOf(d.id)).toBe(cst(35));
    now = new Date(cst(1, '16:00'));
    const ticked = await manager.patch(`/api/v1/meetings/${m.body.id}/items/${item.body.id}`, {
      status: 'done',
      version: item.body.version,
    });
    expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
    expect(await touchOf(d.id)).toBe(cst(1, '16:00'));
    const reopened = await manager.patch(`/api/v1/meetings/${m.body.id}/items/${item.body.id}`, {
      status: 'open',
      version: ticked.body.version,
    });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(await touchOf(d.id)).toBe(cst(35));
  });

  it('the migration backfills every deal set-based, per organisation; a refresh never crosses tenants', async () => {
    const k = t.db.kysely;
    const ours = await k
      .selectFrom('opportunities')
      .select(['id', 'lastTouchAt'])
      .where('orgId', '=', t.fx.orgId)
      .orderBy('id')
      .execute();
    expect(ours.length).toBeGreaterThan(4);
    // another organisation's refresh leaves ours alone
    await k
      .updateTable('opportunities')
      .set({ lastTouchAt: cst(400) })
      .where('id', '=', ours[0]!.id)
      .execute();
    await refreshLastTouch(k, t.fx.otherOrgId, 'all');
    await refreshLastTouch(k, t.fx.otherOrgId, [ours[0]!.id]);
    expect(await touchOf(ours[0]!.id)).toBe(cst(400));
    // down and up again: the backfill gives what the services kept
    const raw = k.withoutPlugins() as Kysely<any>;
    await migration.down(raw);
    await migration.up(raw);
    const again = await k
      .selectFrom('opportunities')
      .select(['id', 'lastTouchAt'])
      .where('orgId', '=', t.fx.orgId)
      .orderBy('id')
      .execute();
    const iso = (v: string | null | undefined) => (v ? new Date(v).toISOString() : null);
    expect(again.map((r) => [r.id, iso(r.lastTouchAt)])).toEqual(ours.map((r) => [r.id, iso(r.lastTouchAt)]));
    expect(again.every((r) => r.lastTouchAt)).toBe(true);
  });
});
