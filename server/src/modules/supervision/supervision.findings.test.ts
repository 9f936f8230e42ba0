import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Findings } from '@tuoke/shared';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { addDays, localDate } from '../../lib/dates.js';
import { refreshLastTouch } from '../opportunities/index.js';

/*
 * The four findings against an injected clock. "Today" is twelve days after the real date (so
 * what the API writes at the real time — a stage change, a new deal — is twelve days old), 10:00
 * in Shanghai; the past is written straight into the rows as China-time instants.
 */
let t: TestApp;
const TODAY = localDate(new Date(Date.now() + 12 * 86_400_000));
const NOW = new Date(`${TODAY}T10:00:00+08:00`);
let now = NOW;
/** `daysAgo` calendar days before today, at hh:mm China time. */
const cst = (daysAgo: number, hhmm = '09:00') =>
  new Date(`${addDays(TODAY, -daysAgo)}T${hhmm}:00+08:00`).toISOString();

let accountId = '';
let stages: { id: string; name: string }[] = [];

async function deal(
  name: string,
  body: Record<string, unknown> = {},
  person: 'repShanghai' | 'repEast' = 'repShanghai',
) {
  const rep = await t.as(person);
  const r = await rep.post('/api/v1/opportunities', {
    name,
    accountId:
      person === 'repShanghai'
        ? accountId
        : (await rep.post('/api/v1/accounts', { name: `${name} 客户` })).body.id,
    expectedCloseDate: addDays(TODAY, 30),
    amount: 1_000_000,
    nextStep: '约技术交流',
    nextStepDate: addDays(TODAY, 3),
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; version: number; stageId: string };
}

/** Moves the deal's last touch: its stage history (and creation) to `at`, written straight into the rows. */
async function enteredAt(id: string, at: string) {
  await t.db.kysely
    .updateTable('opportunityStageHistory')
    .set({ enteredAt: at })
    .where('opportunityId', '=', id)
    .execute();
  await t.db.kysely.updateTable('opportunities').set({ createdAt: at }).where('id', '=', id).execute();
  // what the services keep: the last touch summarises both (and any activity done on the deal)
  await refreshLastTouch(t.db.kysely, t.fx.orgId, [id]);
}

async function findings(): Promise<Findings> {
  const r = await (await t.as('admin')).get('/api/v1/supervision');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.findings;
}
const byId = (list: Finding[], id: string) => list.find((f) => f.recordId === id);

beforeAll(async () => {
  t = await createTestApp();
  t.services.supervision.clock = () => now;
  t.services.opportunities.clock = () => now;
  const rep = await t.as('repShanghai');
  accountId = (await rep.post('/api/v1/accounts', { name: '上海督导测试有限公司' })).body.id;
  // 需求确认 stalls after 5 days; the other stages use the default (14)
  const admin = await t.as('admin');
  const p = (await admin.get(`/api/v1/pipelines/${t.fx.pipelineId}`)).body;
  const r = await admin.patch(`/api/v1/pipelines/${t.fx.pipelineId}`, {
    version: p.version,
    stages: p.stages.map((s: { id: string; name: string; probability: number; kind: string }) => ({
      id: s.id,
      name: s.name,
      probability: s.probability,
      kind: s.kind,
      ...(s.name === '需求确认' ? { stallDays: 5 } : {}),
    })),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  stages = r.body.stages;
  expect(r.body.stages.find((s: { name: string }) => s.name === '需求确认').stallDays).toBe(5);
  expect(r.body.stages.find((s: { name: string }) => s.name === '初步接洽').stallDays).toBeNull();
});
afterAll(() => t.close());

describe('stall days per stage in the pipeline settings', () => {
  it('keeps a stage’s stall days when a save leaves them out, clears them with null, refuses 0 with the field', async () => {
    const admin = await t.as('admin');
    const p = (await admin.get(`/api/v1/pipelines/${t.fx.pipelineId}`)).body;
    const plain = p.stages.map((s: { id: string; name: string; probability: number; kind: string }) => ({
      id: s.id,
      name: s.name,
      probability: s.probability,
      kind: s.kind,
    }));
    const kept = await admin.patch(`/api/v1/pipelines/${t.fx.pipelineId}`, {
      version: p.version,
      stages: plain,
    });
    expect(kept.status).toBe(200);
    expect(kept.body.stages[1].stallDays).toBe(5);
    const bad = await admin.patch(`/api/v1/pipelines/${t.fx.pipelineId}`, {
      version: kept.body.version,
      stages: plain.map((s: object, i: number) => (i === 0 ? { ...s, stallDays: 0 } : s)),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toContain('stallDays');
    const tooMany = await admin.patch(`/api/v1/pipelines/${t.fx.pipelineId}`, {
      version: kept.body.version,
      stages: plain.map((s: object, i: number) => (i === 0 ? { ...s, stallDays: 366 } : s)),
    });
    expect(tooMany.status).toBe(400);
    const cleared = await admin.patch(`/api/v1/pipelines/${t.fx.pipelineId}`, {
      version: kept.body.version,
      stages: plain.map((s: object, i: number) => (i === 1 ? { ...s, stallDays: null } : s)),
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.stages[1].stallDays).toBeNull();
    const again = await admin.patch(`/api/v1/pipelines/${t.fx.pipelineId}`, {
      version: cleared.body.version,
      stages: plain.map((s: object, i: number) => (i === 1 ? { ...s, stallDays: 5 } : s)),
    });
    expect(again.body.stages[1].stallDays).toBe(5);
    // a rep reads stages (with stall days) but cannot change them
    const rep = await t.as('repShanghai');
    expect((await rep.get(`/api/v1/pipelines/${t.fx.pipelineId}`)).body.stages[1].stallDays).toBe(5);
    expect(
      (
        await rep.patch(`/api/v1/pipelines/${t.fx.pipelineId}`, {
          version: again.body.version,
          stages: plain,
        })
      ).status,
    ).toBe(403);
  });
});

describe('stalled deals', () => {
  it('is stalled on the Nth day without a touch (the default 14), not the day before; the clock decides', async () => {
    const a = await deal('边界 14 天');
    await enteredAt(a.id, cst(14, '23:30'));
    const b = await deal('差一天');
    await enteredAt(b.id, cst(13, '00:10'));
    let f = await findings();
    expect(byId(f.stalled, a.id)).toMatchObject({
      kind: 'deal_stalled',
      days: 14,
      thresholdDays: 14,
      stageName: '初步接洽',
      amount: 1_000_000,
      ownerName: 'repShanghai',
      accountName: '上海督导测试有限公司',
      lastTouchAt: cst(14, '23:30'),
    });
    expect(byId(f.stalled, b.id)).toBeUndefined();
    // a day later the second one is stalled too; a day earlier neither
    now = new Date(NOW.getTime() + 86_400_000);
    f = await findings();
    expect(byId(f.stalled, b.id)?.days).toBe(14);
    now = new Date(NOW.getTime() - 86_400_000);
    f = await findings();
    expect(byId(f.stalled, a.id)).toBeUndefined();
    now = NOW;
  });

  it('uses the stage’s own stall days when it has them', async () => {
    const stage = stages.find((s) => s.name === '需求确认')!.id;
    const five = await deal('需求确认 5 天', { stageId: stage });
    await enteredAt(five.id, cst(5));
    const four = await deal('需求确认 4 天', { stageId: stage });
    await enteredAt(four.id, cst(4));
    const f = await findings();
    expect(byId(f.stalled, five.id)).toMatchObject({ days: 5, thresholdDays: 5, stageName: '需求确认' });
    expect(byId(f.stalled, four.id)).toBeUndefined();
  });

  it('an activity done on the deal is a touch; one only planned is not', async () => {
    const d = await deal('有跟进');
    await enteredAt(d.id, cst(30));
    const rep = await t.as('repShanghai');
    const planned = await rep.post('/api/v1/activities', {
      type: 'call',
      subject: '计划电话',
      dueAt: cst(2),
      relatedType: 'opportunity',
      relatedId: d.id,
    });
    expect(planned.status).toBe(201);
    expect(byId((await findings()).stalled, d.id)?.days).toBe(30);
    await rep.post('/api/v1/activities', {
      type: 'visit',
      subject: '上门拜访',
      doneAt: cst(3),
      relatedType: 'opportunity',
      relatedId: d.id,
    });
    expect(byId((await findings()).stalled, d.id)).toBeUndefined();
    // an activity done "after now" (the clock moved back) does not count yet
    now = new Date(`${addDays(TODAY, -5)}T10:00:00+08:00`);
    expect(byId((await findings()).stalled, d.id)?.days).toBe(25);
    now = NOW;
  });

  it('a stage change resets the clock', async () => {
    const d = await deal('换阶段');
    await enteredAt(d.id, cst(40));
    expect(byId((await findings()).stalled, d.id)?.days).toBe(40);
    const rep = await t.as('repShanghai');
    const moved = await rep.patch(`/api/v1/opportunities/${d.id}`, {
      version: d.version,
      stageId: stages.find((s) => s.name === '方案报价')!.id,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // the move happened at the real time, twelve days before the injected today
    expect(byId((await findings()).stalled, d.id)).toBeUndefined();
  });

  it('closed deals are never stalled nor missing a next step', async () => {
    const d = await deal('已赢单', {
      stageId: stages.find((s) => s.name === '赢单')!.id,
      nextStep: null,
      nextStepDate: null,
    });
    await enteredAt(d.id, cst(90));
    const f = await findings();
    expect(byId(f.stalled, d.id)).toBeUndefined();
    expect(byId(f.noNextStep, d.id)).toBeUndefined();
  });
});

describe('no next step', () => {
  it('says which: no text, no date, or a date that has passed (with the days); today is fine', async () => {
    const noText = await deal('无下一步文字', { nextStep: null });
    const blank = await deal('空白下一步', { nextStep: '   ' });
    const noDate = await deal('无日期', { nextStepDate: null });
    const late = await deal('已过期', { nextStepDate: addDays(TODAY, -2) });
    const today = await deal('今天', { nextStepDate: TODAY });
    const f = await findings();
    expect(byId(f.noNextStep, noText.id)).toMatchObject({ kind: 'deal_no_next_step', reason: 'missing' });
    expect(byId(f.noNextStep, blank.id)?.reason).toBe('missing');
    expect(byId(f.noNextStep, noDate.id)).toMatchObject({
      reason: 'missing',
      nextStep: '约技术交流',
      nextStepDate: null,
    });
    expect(byId(f.noNextStep, late.id)).toMatchObject({
      reason: 'overdue',
      days: 2,
      nextStepDate: addDays(TODAY, -2),
    });
    expect(byId(f.noNextStep, today.id)).toBeUndefined();
    // overdue ones come first
    expect(f.noNextStep[0]!.reason).toBe('overdue');
  });
});

describe('overdue tasks', () => {
  it('lists activities not done whose due time has passed, with the days past due', async () => {
    const rep = await t.as('repShanghai');
    const mk = async (subject: string, extra: Record<string, unknown>) =>
      (
        await rep.post('/api/v1/activities', {
          type: 'task',
          subject,
          relatedType: 'account',
          relatedId: accountId,
          ...extra,
        })
      ).body.id as string;
    const earlier = await mk('一小时前到期', { dueAt: new Date(NOW.getTime() - 3_600_000).toISOString() });
    const old = await mk('三天前到期', { dueAt: cst(3, '18:00') });
    const later = await mk('一小时后到期', { dueAt: new Date(NOW.getTime() + 3_600_000).toISOString() });
    const done = await mk('已完成', { dueAt: cst(3), doneAt: cst(2) });
    const f = await findings();
    expect(byId(f.overdueTasks, earlier)).toMatchObject({
      kind: 'task_overdue',
      recordType: 'activity',
      days: 0,
      activityType: 'task',
      accountId,
      relatedType: 'account',
    });
    expect(byId(f.overdueTasks, old)?.days).toBe(3);
    expect(byId(f.overdueTasks, later)).toBeUndefined();
    expect(byId(f.overdueTasks, done)).toBeUndefined();
    // oldest first
    const ids = f.overdueTasks.map((x) => x.recordId);
    expect(ids.indexOf(old)).toBeLessThan(ids.indexOf(earlier));
  });
});

describe('forgotten customers (遗忘客户)', () => {
  async function account(name: string, createdDaysAgo: number, extra: Record<string, unknown> = {}) {
    const rep = await t.as('repEast');
    const r = await rep.post('/api/v1/accounts', { name, ...extra });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await t.db.kysely
      .updateTable('accounts')
      .set({ createdAt: cst(createdDaysAgo) })
      .where('id', '=', r.body.id)
      .execute();
    return r.body.id as string;
  }
  async function contacted(id: string, daysAgo: number) {
    const rep = await t.as('repEast');
    const r = await rep.post('/api/v1/activities', {
      type: 'call',
      subject: '回访',
      doneAt: cst(daysAgo, '20:00'),
      relatedType: 'account',
      relatedId: id,
    });
    expect(r.status).toBe(201);
  }

  it('counts from the last done activity, else creation; day 30 is forgotten, day 29 not; pooled accounts never', async () => {
    const never = await account('从未联系', 40);
    const d30 = await account('30 天前联系', 60);
    await contacted(d30, 30);
    const d29 = await account('29 天前联系', 60);
    await contacted(d29, 29);
    const fresh = await account('新客户', 3);
    const pooled = await account('公海客户', 90);
    await t.db.kysely.updateTable('accounts').set({ ownerId: null }).where('id', '=', pooled).execute();
    const f = await findings();
    expect(byId(f.forgotten, never)).toMatchObject({
      kind: 'customer_forgotten',
      recordType: 'account',
      days: 40,
      thresholdDays: 30,
      lastTouchAt: null,
      ownerName: 'repEast',
    });
    expect(byId(f.forgotten, d30)).toMatchObject({ days: 30, lastTouchAt: cst(30, '20:00') });
    expect(byId(f.forgotten, d29)).toBeUndefined();
    expect(byId(f.forgotten, fresh)).toBeUndefined();
    expect(byId(f.forgotten, pooled)).toBeUndefined();
  });

  it('an account level’s own days override the default', async () => {
    const admin = await t.as('admin');
    const saved = await admin.put('/api/v1/supervision/settings', {
      defaultStallDays: 14,
      forgottenDays: 30,
      forgottenDaysByLevel: { A: 7 },
      notifyOwners: true,
      notifyManagers: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const a8 = await account('A 级 8 天', 50, { level: 'A' });
    await contacted(a8, 8);
    const a6 = await account('A 级 6 天', 50, { level: 'A' });
    await contacted(a6, 6);
    const b8 = await account('B 级 8 天', 50, { level: 'B' });
    await contacted(b8, 8);
    const f = await findings();
    expect(byId(f.forgotten, a8)).toMatchObject({ days: 8, thresholdDays: 7, level: 'A' });
    expect(byId(f.forgotten, a6)).toBeUndefined();
    expect(byId(f.forgotten, b8)).toBeUndefined();
    await admin.put('/api/v1/supervision/settings', {
      defaultStallDays: 14,
      forgottenDays: 30,
      notifyOwners: true,
      notifyManagers: true,
    });
    expect(byId((await findings()).forgotten, a8)).toBeUndefined();
  });

  it('the default stall days come from the settings', async () => {
    const d = await deal('默认 10 天');
    await enteredAt(d.id, cst(10));
    expect(byId((await findings()).stalled, d.id)).toBeUndefined();
    const admin = await t.as('admin');
    await admin.put('/api/v1/supervision/settings', {
      defaultStallDays: 10,
      forgottenDays: 30,
      notifyOwners: true,
      notifyManagers: true,
    });
    expect(byId((await findings()).stalled, d.id)).toMatchObject({ days: 10, thresholdDays: 10 });
    await admin.put('/api/v1/supervision/settings', {
      defaultStallDays: 14,
      forgottenDays: 30,
      notifyOwners: true,
      notifyManagers: true,
    });
  });
});
