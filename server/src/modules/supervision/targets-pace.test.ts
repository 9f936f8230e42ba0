import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupervisionBoard, TargetPace } from '@tuoke/shared';
import { createTestApp, type Person, type TestApp } from '../../../test/app.js';

/*
 * Targets carried into the 督导看板 (pace per person), the meeting agenda (results vs target, kept
 * in the held meeting's snapshot) and the 日报/周报 facts (frozen at submit). Targets are created
 * through the targets API; November 2026 is the month; deals are won through the API and dated.
 */
let t: TestApp;
const STAGE = { first: 0, won: 4 } as const;
const MONTH = { startDate: '2026-11-01', endDate: '2026-11-30' };
const at = (iso: string) => new Date(iso);
let boardNow = at('2026-11-30T04:00:00Z');

async function wonOn(who: Person, amount: number, closedAt: string) {
  const c = await t.as(who);
  const account = (await c.post('/api/v1/accounts', { name: `目标测试客户 ${amount} ${closedAt}` })).body.id;
  const d = await c.post('/api/v1/opportunities', {
    name: `赢单 ${amount}`,
    accountId: account,
    stageId: t.fx.stages[STAGE.first]!.id,
    amount,
    expectedCloseDate: MONTH.endDate,
  });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  const won = await c.patch(`/api/v1/opportunities/${d.body.id}`, {
    stageId: t.fx.stages[STAGE.won]!.id,
    version: d.body.version,
  });
  expect(won.status, JSON.stringify(won.body)).toBe(200);
  await t.db.kysely.updateTable('opportunities').set({ closedAt }).where('id', '=', d.body.id).execute();
}

async function target(body: Record<string, unknown>) {
  const r = await (
    await t.as('director')
  ).post('/api/v1/targets', { metric: 'revenue', periodType: 'month', ...MONTH, ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.target as { id: string };
}

beforeAll(async () => {
  t = await createTestApp();
  t.services.supervision.clock = () => boardNow;
  await target({
    name: '上海销售 11 月收入',
    value: 1_000_000,
    ownerType: 'rep',
    ownerId: t.fx.users.repShanghai.id,
  });
  await target({ name: '华东 11 月收入', value: 3_000_000, ownerType: 'team', ownerId: t.fx.teams.east });
  await wonOn('repShanghai', 200_000, '2026-11-02T02:00:00.000Z');
});
afterAll(() => t.close());

const rowOf = (b: SupervisionBoard, person: Person) =>
  b.reps.find((r) => r.ownerId === t.fx.users[person].id);

describe('督导看板: attainment and pace per person', () => {
  it('shows the rep’s current revenue target, flags it behind pace late in the month, on pace early', async () => {
    boardNow = at('2026-11-30T04:00:00Z');
    const late = await (await t.as('managerEast')).get('/api/v1/supervision');
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    const sh = rowOf(late.body, 'repShanghai')!;
    expect(sh.target).toMatchObject({
      name: '上海销售 11 月收入',
      metric: 'revenue',
      periodType: 'month',
      value: 1_000_000,
      actual: 200_000,
      attainmentBp: 2000,
      expectedBp: 10_000,
      paceBp: 2000,
      behindPace: true,
      currency: 'CNY',
    });
    // someone without a target has none
    expect(rowOf(late.body, 'repEast')!.target).toBeNull();

    boardNow = at('2026-11-03T04:00:00Z');
    const early = await (await t.as('repShanghai')).get('/api/v1/supervision');
    const mine = early.body.reps[0]!.target as TargetPace;
    expect(mine.actual).toBe(200_000);
    expect(mine.expectedBp).toBeGreaterThan(0);
    expect(mine.expectedBp).toBeLessThan(2000);
    expect(mine.paceBp).toBe(Math.round((2000 * 10_000) / mine.expectedBp));
    expect(mine.behindPace).toBe(false);
    // after the month: no current target
    boardNow = at('2026-12-02T04:00:00Z');
    expect(
      rowOf((await (await t.as('managerEast')).get('/api/v1/supervision')).body, 'repShanghai')!.target,
    ).toBeNull();
    boardNow = at('2026-11-30T04:00:00Z');
  });

  it('another organisation sees none of it', async () => {
    const other = await (await t.as('otherAdmin')).get('/api/v1/supervision');
    expect(other.status).toBe(200);
    expect(other.body.reps.every((r: { target: unknown }) => r.target === null)).toBe(true);
    expect(other.body.reps.map((r: { ownerId: string }) => r.ownerId)).not.toContain(
      t.fx.users.repShanghai.id,
    );
  });
});

describe('meeting agenda: results vs target', () => {
  it('lists the team’s and each rep’s current targets; the held meeting keeps them as they stood', async () => {
    let now = at('2026-11-16T02:00:00Z');
    t.services.meetings.clock = () => now;
    const manager = await t.as('managerEast');
    const m = await manager.post('/api/v1/meetings', {
      teamId: t.fx.teams.east,
      kind: 'weekly',
      title: '华东周会 11-17',
      scheduledAt: '2026-11-17T02:00:00Z',
    });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    const agenda = await manager.get(`/api/v1/meetings/${m.body.id}/agenda`);
    expect(agenda.status, JSON.stringify(agenda.body)).toBe(200);
    const team = await t.services.targets.currentFor(t.fx.orgId, { type: 'team', id: t.fx.teams.east }, now);
    expect(agenda.body.targets).toHaveLength(1);
    expect(agenda.body.targets[0]).toMatchObject({
      name: '华东 11 月收入',
      value: 3_000_000,
      actual: team[0]!.actual,
      attainmentBp: team[0]!.attainmentBp,
      expectedBp: team[0]!.expectedBp,
    });
    const rep = (id: string) => agenda.body.reps.find((r: { userId: string }) => r.userId === id);
    expect(rep(t.fx.users.repShanghai.id).targets).toEqual([
      expect.objectContaining({ name: '上海销售 11 月收入', actual: 200_000, attainmentBp: 2000 }),
    ]);
    expect(rep(t.fx.users.repEast.id).targets).toEqual([]);

    // held: the snapshot keeps the numbers; a deal won afterwards does not change them
    now = at('2026-11-17T03:00:00Z');
    const held = await manager.post(`/api/v1/meetings/${m.body.id}/hold`, { version: m.body.version });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    await wonOn('repShanghai', 300_000, '2026-11-12T02:00:00.000Z');
    const kept = await manager.get(`/api/v1/meetings/${m.body.id}/agenda`);
    expect(kept.body.live).toBe(false);
    expect(
      kept.body.reps.find((r: { userId: string }) => r.userId === t.fx.users.repShanghai.id).targets[0]
        .actual,
    ).toBe(200_000);
    expect(kept.body.targets).toHaveLength(1);
  });

  it('a team without targets gets none (the page compares with last month instead)', async () => {
    t.services.meetings.clock = () => at('2026-11-16T02:00:00Z');
    const m = await (
      await t.as('managerSouth')
    ).post('/api/v1/meetings', {
      teamId: t.fx.teams.south,
      kind: 'weekly',
      title: '华南周会',
      scheduledAt: '2026-11-17T02:00:00Z',
    });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    const agenda = await (await t.as('managerSouth')).get(`/api/v1/meetings/${m.body.id}/agenda`);
    expect(agenda.body.targets).toEqual([]);
    expect(agenda.body.reps.every((r: { targets: unknown[] }) => r.targets.length === 0)).toBe(true);
    expect(agenda.body.totals.results.lastMonthSamePeriod).toBeDefined();
  });
});

describe('日报/周报 facts: the author’s attainment and pace', () => {
  it('prefills them, freezes them at submit', async () => {
    const admin = await t.as('admin');
    const rule = await admin.post('/api/v1/work-reports/rules', {
      name: '销售日报',
      kind: 'daily',
      teamIds: [t.fx.teams.sales],
      roles: ['sales_rep'],
      weekdays: [1, 2, 3, 4, 5],
      dueTime: '19:00',
      lateDays: 2,
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    let now = at('2026-11-16T10:00:00Z');
    t.services.workReports.clock = () => now;
    const rep = await t.as('repShanghai');
    const draft = await rep.post('/api/v1/work-reports', {
      kind: 'daily',
      date: '2026-11-16',
      work: '跟进华东项目',
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.facts.targets).toEqual([
      expect.objectContaining({
        name: '上海销售 11 月收入',
        value: 1_000_000,
        actual: 500_000,
        attainmentBp: 5000,
        behindPace: false,
      }),
    ]);
    const pace = draft.body.facts.targets[0] as TargetPace;
    expect(pace.paceBp).toBe(Math.round((5000 * 10_000) / pace.expectedBp));
    now = at('2026-11-16T10:30:00Z');
    const sub = await rep.post(`/api/v1/work-reports/${draft.body.id}/submit`, {
      version: draft.body.version,
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    // a deal won later that day: the submitted report keeps what it said
    await wonOn('repShanghai', 100_000, '2026-11-16T08:00:00.000Z');
    const read = await rep.get(`/api/v1/work-reports/${draft.body.id}`);
    expect(read.body.facts.targets[0].actual).toBe(500_000);
    // the manager reads the same frozen facts; someone without targets has an empty list
    expect(
      (await (await t.as('managerEast')).get(`/api/v1/work-reports/${draft.body.id}`)).body.facts.targets[0]
        .actual,
    ).toBe(500_000);
    const east = await (
      await t.as('repEast')
    ).post('/api/v1/work-reports', { kind: 'daily', date: '2026-11-16' });
    expect(east.status, JSON.stringify(east.body)).toBe(201);
    expect(east.body.facts.targets).toEqual([]);
  });
});
