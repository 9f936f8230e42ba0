import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Person, type TestApp } from '../../../test/app.js';
import { refreshLastTouch } from '../opportunities/index.js';

/*
 * Time line (UTC; China time is +8):
 *   M1 华东周会 planned for 12-02 02:00 (held 03:00), M2 for 12-09 02:00; "now" is 12-09 02:00.
 *   M2's period is [12-02 02:00, 12-09 02:00); month to date is 12-01 00:00 CST (11-30 16:00Z) to
 *   now; the same stretch of last month is 11-01 00:00 CST to 11-09 10:00 CST.
 */
let t: TestApp;
let now = new Date('2026-12-09T02:00:00Z');
const STAGE = { first: 0, needs: 1, proposal: 2, won: 4, lost: 5 } as const;
const ids: Record<string, string> = {};
let m1: string;
let m2: string;

const db = () => t.db.kysely;
const stageId = (i: number) => t.fx.stages[i]!.id;

/** A deal created through the API, then moved to its place in the time line. */
async function deal(
  who: Person,
  account: string,
  name: string,
  stage: number,
  amount: number,
  createdAt: string,
  extra: Record<string, unknown> = {},
) {
  const r = await (
    await t.as(who)
  ).post('/api/v1/opportunities', {
    name,
    accountId: account,
    stageId: stageId(stage),
    amount,
    expectedCloseDate: '2027-01-31',
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  await db().updateTable('opportunities').set({ createdAt }).where('id', '=', r.body.id).execute();
  await db()
    .updateTable('opportunityStageHistory')
    .set({ enteredAt: createdAt })
    .where('opportunityId', '=', r.body.id)
    .execute();
  if (r.body.status !== 'open')
    await db()
      .updateTable('opportunities')
      .set({ closedAt: createdAt })
      .where('id', '=', r.body.id)
      .execute();
  // the deal's last touch summarises the rows dated above
  await refreshLastTouch(db(), t.fx.orgId, [r.body.id]);
  return r.body.id as string;
}

/** Moves a deal to another stage through the API and dates the move. */
async function move(who: Person, id: string, stage: number, at: string) {
  const c = await t.as(who);
  const o = (await c.get(`/api/v1/opportunities/${id}`)).body;
  const r = await c.patch(`/api/v1/opportunities/${id}`, { stageId: stageId(stage), version: o.version });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  await db()
    .updateTable('opportunityStageHistory')
    .set({ enteredAt: at })
    .where('opportunityId', '=', id)
    .where('stageId', '=', stageId(stage))
    .execute();
  await refreshLastTouch(db(), t.fx.orgId, [id]);
}

async function closedOn(id: string, closedAt: string) {
  await db().updateTable('opportunities').set({ closedAt }).where('id', '=', id).execute();
}

beforeAll(async () => {
  t = await createTestApp();
  t.services.meetings.clock = () => now;
  t.services.contracts.clock = () => now;
  t.services.supervision.clock = () => now;
  const acc = async (who: Person, name: string) =>
    (await (await t.as(who)).post('/api/v1/accounts', { name })).body.id as string;
  const sh = await acc('repShanghai', '上海明远制造有限公司');
  const east = await acc('repEast', '苏州恒远精密机械有限公司');
  const south = await acc('repSouth', '广州南方电子有限公司');

  ids.A = await deal('repShanghai', sh, 'A 明远 WMS', STAGE.first, 800_000, '2026-11-20T02:00:00.000Z', {
    nextStep: '发送报价',
    nextStepDate: '2026-12-15',
  });
  await move('repShanghai', ids.A, STAGE.proposal, '2026-12-03T02:00:00.000Z');
  ids.B = await deal('repShanghai', sh, 'B 明远 MES', STAGE.first, 123_456, '2026-12-04T02:00:00.000Z');
  ids.C = await deal('repShanghai', sh, 'C 明远 CRM', STAGE.won, 1_000_001, '2026-12-05T02:00:00.000Z');
  await db()
    .updateTable('opportunities')
    .set({ createdAt: '2026-11-10T02:00:00.000Z' })
    .where('id', '=', ids.C)
    .execute();
  ids.D = await deal('repShanghai', sh, 'D 明远 BI', STAGE.lost, 500_000, '2026-12-06T02:00:00.000Z', {
    lostReason: '价格高于预算',
    lostCompetitor: '金蝶',
  });
  await db()
    .updateTable('opportunities')
    .set({ createdAt: '2026-11-10T02:00:00.000Z' })
    .where('id', '=', ids.D)
    .execute();
  // won on 12-01 09:00 China time: month to date, before M2's period (and inside M1's)
  ids.E = await deal('repShanghai', sh, 'E 明远 OA', STAGE.won, 40_000, '2026-11-10T02:00:00.000Z');
  await closedOn(ids.E, '2026-12-01T01:00:00.000Z');
  // won 11-05: the same stretch of last month
  ids.F = await deal('repShanghai', sh, 'F 明远 HR', STAGE.won, 70_000, '2026-10-10T02:00:00.000Z');
  await closedOn(ids.F, '2026-11-05T01:00:00.000Z');
  ids.G = await deal('repShanghai', sh, 'G 明远 SRM', STAGE.proposal, 300_000, '2026-11-10T02:00:00.000Z', {
    nextStep: '再次报价',
    nextStepDate: '2026-12-20',
  });
  await move('repShanghai', ids.G, STAGE.needs, '2026-12-07T02:00:00.000Z');
  // moved before the period: not a change of M2's
  ids.H = await deal('repShanghai', sh, 'H 明远 PLM', STAGE.first, 10_000, '2026-11-10T02:00:00.000Z', {
    nextStep: '拜访',
    nextStepDate: '2026-12-30',
  });
  await move('repShanghai', ids.H, STAGE.needs, '2026-12-01T02:00:00.000Z');
  // untouched since September: stalled, and no next step
  ids.S = await deal('repShanghai', sh, 'S 明远 老项目', STAGE.first, 90_000, '2026-09-01T02:00:00.000Z');
  ids.W = await deal('repEast', east, 'W 恒远 WMS', STAGE.won, 250, '2026-11-10T02:00:00.000Z');
  await closedOn(ids.W, '2026-12-03T02:00:00.000Z');
  ids.X = await deal('repSouth', south, 'X 南方 MES', STAGE.won, 9_999, '2026-11-10T02:00:00.000Z');
  await closedOn(ids.X, '2026-12-04T02:00:00.000Z');

  // 回款 on repShanghai's contract: 12-03 (period), 12-01 (month only), 11-04 (last month), a voided one
  const rep = await t.as('repShanghai');
  const c = await rep.post('/api/v1/contracts', {
    accountId: sh,
    name: '明远框架合同',
    amount: 5_000_000,
    status: 'active',
    startDate: '2026-10-01',
    endDate: '2027-09-30',
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const pay = async (amount: number, receivedDate: string) => {
    const r = await rep.post(`/api/v1/contracts/${c.body.id}/payments`, {
      amount,
      receivedDate,
      method: 'bank_transfer',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  await pay(300_000, '2026-12-03');
  await pay(200_000, '2026-12-01');
  await pay(65_432, '2026-11-04');
  const voided = await pay(1_111, '2026-12-04');
  expect((await rep.post(`/api/v1/payments/${voided}/void`, { reason: '重复录入' })).status).toBe(200);
  // (set last: deals created in a later stage would have to meet it)
  const admin = await t.as('admin');
  // 方案报价 has a checklist the deal review shows as missing
  const p = (await admin.get(`/api/v1/pipelines/${t.fx.pipelineId}`)).body;
  const stages = p.stages.map(
    (s: { id: string; name: string; probability: number; kind: string }, i: number) => ({
      id: s.id,
      name: s.name,
      probability: s.probability,
      kind: s.kind,
      ...(i === STAGE.proposal
        ? {
            checklist: [
              { id: 'quote-sent', label: '报价已发送', required: true },
              { id: 'tech-review', label: '技术交流', required: false },
            ],
          }
        : {}),
    }),
  );
  expect(
    (await admin.patch(`/api/v1/pipelines/${t.fx.pipelineId}`, { stages, version: p.version })).status,
  ).toBe(200);
});
afterAll(() => t.close());

describe('meetings', () => {
  it('plans a weekly meeting for the team, invites its members and manager and notifies them', async () => {
    now = new Date('2026-12-01T02:00:00Z');
    const manager = await t.as('managerEast');
    const teams = (await manager.get('/api/v1/meetings/teams')).body.items;
    expect(teams.map((x: { id: string }) => x.id).sort()).toEqual(
      [t.fx.teams.east, t.fx.teams.shanghai].sort(),
    );
    const r = await manager.post('/api/v1/meetings', {
      teamId: t.fx.teams.east,
      kind: 'weekly',
      title: '华东周会 12-02',
      scheduledAt: '2026-12-02T02:00:00Z',
      location: '杭州总部 3F 会议室',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    m1 = r.body.id;
    expect(r.body).toMatchObject({
      status: 'planned',
      teamName: '华东',
      durationMinutes: 60,
      organizerName: 'managerEast',
      since: '2026-11-25T02:00:00.000Z',
      previousMeetingId: null,
      canEdit: true,
    });
    expect(r.body.attendees.map((a: { name: string }) => a.name).sort()).toEqual([
      'managerEast',
      'repEast',
      'repShanghai',
    ]);
    const inbox = (await (await t.as('repShanghai')).get('/api/v1/notifications')).body.items;
    expect(inbox).toContainEqual(
      expect.objectContaining({
        kind: 'meeting_scheduled',
        refId: m1,
        link: `/meetings/${m1}`,
        params: expect.objectContaining({ title: '华东周会 12-02', organizerName: 'managerEast' }),
      }),
    );
    const own = (await manager.get('/api/v1/notifications')).body.items;
    expect(own.filter((n: { refId: string }) => n.refId === m1)).toEqual([]);
  });

  it('moving a meeting tells its attendees the new time once; other edits say nothing', async () => {
    const manager = await t.as('managerSouth');
    const r = await manager.post('/api/v1/meetings', {
      teamId: t.fx.teams.south,
      kind: 'weekly',
      title: '华南周会',
      scheduledAt: '2026-12-03T02:00:00Z',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const rep = await t.as('repSouth');
    const heard = async () =>
      (
        (await rep.get('/api/v1/notifications')).body.items as Array<{
          refId: string;
          params: { startsAt: string };
        }>
      )
        .filter((n) => n.refId === r.body.id)
        .map((n) => n.params.startsAt)
        .sort();
    expect(await heard()).toEqual(['2026-12-03T02:00:00.000Z']);
    const moved = await manager.patch(`/api/v1/meetings/${r.body.id}`, {
      version: r.body.version,
      scheduledAt: '2026-12-04T06:30:00Z',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await heard()).toEqual(['2026-12-03T02:00:00.000Z', '2026-12-04T06:30:00.000Z']);
    const renamed = await manager.patch(`/api/v1/meetings/${r.body.id}`, {
      version: moved.body.version,
      title: '华南周会（改期）',
      scheduledAt: '2026-12-04T06:30:00Z',
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(await heard()).toHaveLength(2);
    const cancelled = await manager.post(`/api/v1/meetings/${r.body.id}/cancel`, {
      version: renamed.body.version,
      reason: '改到下周',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
  });

  it('turns action items into tasks and keeps item and task completion in step both ways', async () => {
    const manager = await t.as('managerEast');
    const add = async (body: Record<string, unknown>) => {
      const r = await manager.post(`/api/v1/meetings/${m1}/items`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    const i1 = await add({
      title: '给明远发正式报价',
      ownerId: t.fx.users.repShanghai.id,
      dueDate: '2026-12-05',
      opportunityId: ids.A,
    });
    ids.i1 = i1.id;
    const i2 = await add({ title: '约恒远技术交流', ownerId: t.fx.users.repEast.id, dueDate: '2026-12-04' });
    const i3 = await add({
      title: '整理老项目清单',
      ownerId: t.fx.users.repShanghai.id,
      dueDate: '2026-12-04',
    });
    expect(i1).toMatchObject({
      status: 'open',
      ownerName: 'repShanghai',
      opportunityName: 'A 明远 WMS',
      meetingId: m1,
    });

    const rep = await t.as('repShanghai');
    const task = (await rep.get(`/api/v1/activities/${i1.activityId}`)).body;
    expect(task).toMatchObject({
      type: 'task',
      subject: '给明远发正式报价',
      ownerId: t.fx.users.repShanghai.id,
      dueAt: '2026-12-05T15:59:59.000Z',
      doneAt: null,
      relatedType: 'opportunity',
      relatedId: ids.A,
    });
    const inbox = (await rep.get('/api/v1/notifications')).body.items;
    expect(inbox).toContainEqual(
      expect.objectContaining({
        kind: 'action_item_assigned',
        refId: i1.id,
        params: expect.objectContaining({ meetingTitle: '华东周会 12-02' }),
      }),
    );

    // the owner ticks their item in the meeting: the task is done
    const east = await t.as('repEast');
    const ticked = await east.patch(`/api/v1/meetings/${m1}/items/${i2.id}`, {
      status: 'done',
      version: i2.version,
    });
    expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
    expect(ticked.body).toMatchObject({ status: 'done', doneAt: now.toISOString() });
    expect((await east.get(`/api/v1/activities/${i2.activityId}`)).body.doneAt).toBe(now.toISOString());
    // …but may not rename it, nor tick someone else's
    expect(
      (
        await east.patch(`/api/v1/meetings/${m1}/items/${i2.id}`, {
          title: 'x',
          version: ticked.body.version,
        })
      ).status,
    ).toBe(403);
    expect(
      (await east.patch(`/api/v1/meetings/${m1}/items/${i3.id}`, { status: 'done', version: i3.version }))
        .status,
    ).toBe(403);

    // the owner completes the task in the activities list: the item shows done
    const t3 = (await rep.get(`/api/v1/activities/${i3.activityId}`)).body;
    expect(
      (
        await rep.patch(`/api/v1/activities/${i3.activityId}`, {
          doneAt: '2026-12-01T09:00:00.000Z',
          version: t3.version,
        })
      ).status,
    ).toBe(200);
    const m = (await manager.get(`/api/v1/meetings/${m1}`)).body;
    const byId = new Map(m.actionItems.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(i3.id)).toMatchObject({ status: 'done', doneAt: '2026-12-01T09:00:00.000Z' });
    expect(byId.get(i1.id)).toMatchObject({ status: 'open' });
    expect(m).toMatchObject({ itemCount: 3, openItemCount: 1 });

    // reopening an item reopens its task
    const i3now = byId.get(i3.id) as { version: number };
    const reopened = await manager.patch(`/api/v1/meetings/${m1}/items/${i3.id}`, {
      status: 'open',
      version: i3now.version,
    });
    expect(reopened.body.status).toBe('open');
    expect((await rep.get(`/api/v1/activities/${i3.activityId}`)).body.doneAt).toBeNull();
    const again = await manager.patch(`/api/v1/meetings/${m1}/items/${i3.id}`, {
      status: 'done',
      version: reopened.body.version,
    });
    expect(again.body.status).toBe('done');
    // a stale version is refused
    expect(
      (
        await manager.patch(`/api/v1/meetings/${m1}/items/${i3.id}`, {
          status: 'open',
          version: reopened.body.version,
        })
      ).status,
    ).toBe(409);
  });

  it('builds the agenda live while planned and keeps it as it was once held', async () => {
    now = new Date('2026-12-02T03:00:00Z');
    const manager = await t.as('managerEast');
    const live = (await manager.get(`/api/v1/meetings/${m1}/agenda`)).body;
    expect(live).toMatchObject({ live: true, since: '2026-11-25T02:00:00.000Z', until: now.toISOString() });
    const sh = live.reps.find((r: { name: string }) => r.name === 'repShanghai');
    expect(sh.won.map((d: { name: string }) => d.name)).toEqual(['E 明远 OA']);
    expect(sh.movedForward.map((d: { name: string }) => d.name)).toEqual(['H 明远 PLM']);

    const m = (await manager.get(`/api/v1/meetings/${m1}`)).body;
    const held = await manager.post(`/api/v1/meetings/${m1}/hold`, { version: m.version });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body).toMatchObject({ status: 'held', heldAt: now.toISOString(), canEdit: false });

    // a deal dated into M1's period after it was held does not change its record
    const acc = (await (await t.as('repShanghai')).get('/api/v1/accounts')).body.items[0].id;
    await deal('repShanghai', acc, 'Z 迟到的商机', STAGE.first, 5_000, '2026-12-01T12:00:00.000Z');
    now = new Date('2026-12-09T02:00:00Z');
    const snap = (await manager.get(`/api/v1/meetings/${m1}/agenda`)).body;
    expect(snap.live).toBe(false);
    expect(snap.builtAt).toBe('2026-12-02T03:00:00.000Z');
    expect({ ...snap, live: true }).toEqual(live);

    // a held meeting is a record: edits and new items are refused
    const edit = await manager.patch(`/api/v1/meetings/${m1}`, { notes: '补记', version: held.body.version });
    expect(edit.status).toBe(409);
    expect(edit.body.error.fields).toEqual([{ path: 'status', message: 'the meeting is held' }]);
    const item = await manager.post(`/api/v1/meetings/${m1}/items`, {
      title: '补一条',
      ownerId: t.fx.users.repEast.id,
      dueDate: '2026-12-10',
    });
    expect(item.status).toBe(409);
    expect((await manager.post(`/api/v1/meetings/${m1}/cancel`, { version: held.body.version })).status).toBe(
      409,
    );
  });

  it('shows per rep the changes since the previous meeting, exact sums, results and carried items', async () => {
    now = new Date('2026-12-08T02:00:00Z');
    const manager = await t.as('managerEast');
    const r = await manager.post('/api/v1/meetings', {
      teamId: t.fx.teams.east,
      kind: 'weekly',
      title: '华东周会 12-09',
      scheduledAt: '2026-12-09T02:00:00Z',
      onlineUrl: 'https://meeting.tencent.com/dm/abc',
      notes: '1. 回顾上周待办\n2. 过商机',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    m2 = r.body.id;
    expect(r.body).toMatchObject({ since: '2026-12-02T02:00:00.000Z', previousMeetingId: m1 });
    const i4 = await manager.post(`/api/v1/meetings/${m2}/items`, {
      title: '更新 S 项目的下一步',
      ownerId: t.fx.users.repShanghai.id,
      dueDate: '2026-12-11',
      opportunityId: ids.S,
    });
    expect(i4.status, JSON.stringify(i4.body)).toBe(201);

    now = new Date('2026-12-09T02:00:00Z');
    const a = (await manager.get(`/api/v1/meetings/${m2}/agenda`)).body;
    expect(a).toMatchObject({
      live: true,
      since: '2026-12-02T02:00:00.000Z',
      until: '2026-12-09T02:00:00.000Z',
    });
    expect(a.reps.map((x: { name: string }) => x.name).sort()).toEqual(['repEast', 'repShanghai']);
    const sh = a.reps.find((x: { name: string }) => x.name === 'repShanghai');
    const names = (list: { name: string }[]) => list.map((d) => d.name);
    expect(names(sh.newDeals)).toEqual(['B 明远 MES']);
    expect(sh.newDeals[0]).toMatchObject({ amount: 123_456, stageName: '初步接洽' });
    expect(sh.movedForward).toEqual([
      expect.objectContaining({
        name: 'A 明远 WMS',
        fromStage: '初步接洽',
        toStage: '方案报价',
        at: '2026-12-03T02:00:00.000Z',
      }),
    ]);
    expect(sh.movedBack).toEqual([
      expect.objectContaining({ name: 'G 明远 SRM', fromStage: '方案报价', toStage: '需求确认' }),
    ]);
    expect(names(sh.won)).toEqual(['C 明远 CRM']);
    expect(sh.lost).toEqual([
      expect.objectContaining({
        name: 'D 明远 BI',
        amount: 500_000,
        lostReason: '价格高于预算',
        lostCompetitor: '金蝶',
      }),
    ]);
    expect(sh).toMatchObject({ wonAmount: 1_000_001, lostAmount: 500_000 });
    expect(sh.results.period).toMatchObject({ wonCount: 1, wonAmount: 1_000_001, received: 300_000 });
    expect(sh.results.monthToDate).toMatchObject({
      from: '2026-11-30T16:00:00.000Z',
      wonCount: 2,
      wonAmount: 1_040_001,
      received: 500_000,
    });
    expect(sh.results.lastMonthSamePeriod).toMatchObject({
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-09T02:00:00.000Z',
      wonCount: 1,
      wonAmount: 70_000,
      received: 65_432,
    });
    // supervision's findings, per rep
    expect(names(sh.stalled)).toContain('S 明远 老项目');
    expect(names(sh.noNextStep)).toEqual(expect.arrayContaining(['B 明远 MES', 'S 明远 老项目']));
    expect(names(sh.noNextStep)).not.toContain('A 明远 WMS');
    // open items: M1's open one carried over, this meeting's own; the done ones not
    expect(
      sh.openItems.map((i: { title: string; carried: boolean; meetingTitle: string }) => [
        i.title,
        i.carried,
        i.meetingTitle,
      ]),
    ).toEqual([
      ['给明远发正式报价', true, '华东周会 12-02'],
      ['更新 S 项目的下一步', false, '华东周会 12-09'],
    ]);
    expect(sh.openItems[0]).toMatchObject({ overdue: true, dueDate: '2026-12-05' });
    expect(a.openItems).toHaveLength(2);

    const east = a.reps.find((x: { name: string }) => x.name === 'repEast');
    expect(east.results.period).toMatchObject({ wonCount: 1, wonAmount: 250, received: 0 });
    expect(east.openItems).toEqual([]);
    // the team adds up exactly; repSouth's deal is another team's
    expect(a.totals).toMatchObject({
      newDeals: 1,
      newAmount: 123_456,
      wonCount: 2,
      wonAmount: 1_000_251,
      lostCount: 1,
      lostAmount: 500_000,
    });
    expect(a.totals.results.monthToDate).toMatchObject({ wonAmount: 1_040_251, received: 500_000 });

    // the rep attends: reads the meeting and its agenda
    const rep = await t.as('repShanghai');
    expect((await rep.get(`/api/v1/meetings/${m2}/agenda`)).status).toBe(200);
    const mine = (await rep.get('/api/v1/meetings?when=upcoming')).body.items;
    expect(mine.map((x: { id: string }) => x.id)).toContain(m2);
    const past = (await rep.get('/api/v1/meetings?when=past')).body.items;
    expect(past).toEqual([
      expect.objectContaining({ id: m1, status: 'held', itemCount: 3, openItemCount: 1 }),
    ]);
  });

  it('reviews the chosen deals: stage history since the last review, next step, activities, missing checklist', async () => {
    const manager = await t.as('managerEast');
    const rep = await t.as('repShanghai');
    expect(
      (
        await rep.post('/api/v1/activities', {
          type: 'call',
          subject: '与明远采购电话沟通报价',
          doneAt: '2026-12-08T03:00:00.000Z',
          relatedType: 'opportunity',
          relatedId: ids.A,
        })
      ).status,
    ).toBe(201);
    const noDeals = await manager.post('/api/v1/meetings', {
      teamId: t.fx.teams.east,
      kind: 'deal_review',
      title: '重点商机评审',
      scheduledAt: '2026-12-09T06:00:00Z',
    });
    expect(noDeals.status).toBe(400);
    expect(noDeals.body.error.fields[0].path).toBe('opportunityIds');
    const r = await manager.post('/api/v1/meetings', {
      teamId: t.fx.teams.east,
      kind: 'deal_review',
      title: '重点商机评审',
      scheduledAt: '2026-12-09T06:00:00Z',
      opportunityIds: [ids.A, ids.G],
      durationMinutes: 90,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.opportunities.map((d: { name: string }) => d.name)).toEqual(['A 明远 WMS', 'G 明远 SRM']);
    const a = (await manager.get(`/api/v1/meetings/${r.body.id}/agenda`)).body;
    expect(a.since).toBe('2026-12-02T06:00:00.000Z');
    const [A, G] = a.deals;
    expect(A).toMatchObject({
      name: 'A 明远 WMS',
      stageName: '方案报价',
      nextStep: '发送报价',
      nextStepDate: '2026-12-15',
      amount: 800_000,
      stageHistory: [
        { stageName: '方案报价', enteredAt: '2026-12-03T02:00:00.000Z', userName: 'repShanghai' },
      ],
      missingChecklist: [
        { id: 'quote-sent', label: '报价已发送', required: true },
        { id: 'tech-review', label: '技术交流', required: false },
      ],
    });
    expect(A.lastActivities[0]).toMatchObject({
      type: 'call',
      subject: '与明远采购电话沟通报价',
      done: true,
    });
    expect(G).toMatchObject({ stageName: '需求确认', missingChecklist: [] });
    expect(G.stageHistory.map((h: { stageName: string }) => h.stageName)).toEqual(['需求确认']);
  });

  it('keeps meetings within their team and organisation', async () => {
    for (const who of ['repSouth', 'managerSouth', 'otherAdmin', 'otherRep'] as const) {
      const c = await t.as(who);
      expect((await c.get(`/api/v1/meetings/${m2}`)).status, who).toBe(404);
      expect((await c.get(`/api/v1/meetings/${m2}/agenda`)).status, who).toBe(404);
      const list = (await c.get('/api/v1/meetings?when=upcoming')).body.items ?? [];
      expect(
        list.map((x: { id: string }) => x.id),
        who,
      ).not.toContain(m2);
    }
    // the director sees every team's; a rep may read but not run a meeting
    expect((await (await t.as('director')).get(`/api/v1/meetings/${m2}`)).status).toBe(200);
    const rep = await t.as('repShanghai');
    const m = (await rep.get(`/api/v1/meetings/${m2}`)).body;
    expect(m).toMatchObject({ canEdit: false, canManageItems: false });
    expect((await rep.patch(`/api/v1/meetings/${m2}`, { notes: 'x', version: m.version })).status).toBe(403);
    expect(
      (
        await rep.post('/api/v1/meetings', {
          teamId: t.fx.teams.shanghai,
          kind: 'weekly',
          title: '自己开会',
          scheduledAt: '2026-12-10T02:00:00Z',
        })
      ).status,
    ).toBe(403);
    // a manager holds meetings for his teams only
    const south = await (
      await t.as('managerSouth')
    ).post('/api/v1/meetings', {
      teamId: t.fx.teams.east,
      kind: 'weekly',
      title: '越界',
      scheduledAt: '2026-12-10T02:00:00Z',
    });
    expect(south.status).toBe(403);
    expect(south.body.error.fields).toEqual([{ path: 'teamId', message: 'outside your data scope' }]);
    // another organisation's team is unknown
    const other = await (
      await t.as('otherAdmin')
    ).post('/api/v1/meetings', {
      teamId: t.fx.teams.east,
      kind: 'weekly',
      title: '别家',
      scheduledAt: '2026-12-10T02:00:00Z',
    });
    expect(other.status).toBe(400);
    expect(other.body.error.fields[0].path).toBe('teamId');
  });

  it('refuses bad input with the field', async () => {
    const manager = await t.as('managerEast');
    const item = (body: Record<string, unknown>) =>
      manager.post(`/api/v1/meetings/${m2}/items`, {
        title: '跟进',
        ownerId: t.fx.users.repEast.id,
        dueDate: '2026-12-12',
        ...body,
      });
    const cases: [Record<string, unknown>, string][] = [
      [{ ownerId: t.fx.users.repSouth.id }, 'ownerId'],
      [{ ownerId: t.fx.users.otherRep.id }, 'ownerId'],
      [{ dueDate: '2026-02-30' }, 'dueDate'],
      [{ dueDate: '2026-12-08' }, 'dueDate'],
      [{ dueDate: 'next week' }, 'dueDate'],
      [{ title: '   ' }, 'title'],
      [{ opportunityId: ids.X }, 'opportunityId'],
      [{ extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await item(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(r.body.error.fields), JSON.stringify(body)).toContain(field);
    }
    const meeting = (body: Record<string, unknown>) =>
      manager.post('/api/v1/meetings', {
        teamId: t.fx.teams.east,
        kind: 'weekly',
        title: '周会',
        scheduledAt: '2026-12-16T02:00:00Z',
        ...body,
      });
    const bad: [Record<string, unknown>, string][] = [
      [{ kind: 'party' }, 'kind'],
      [{ scheduledAt: '明天' }, 'scheduledAt'],
      [{ onlineUrl: 'javascript:alert(1)' }, 'onlineUrl'],
      [{ attendeeIds: [t.fx.users.otherRep.id] }, 'attendeeIds/0'],
      [{ opportunityIds: [ids.A] }, 'opportunityIds'],
      [{ durationMinutes: 0 }, 'durationMinutes'],
    ];
    for (const [body, field] of bad) {
      const r = await meeting(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(r.body.error.fields), JSON.stringify(body)).toContain(field);
    }
    // a review of a deal outside the manager's scope
    const r = await meeting({ kind: 'deal_review', opportunityIds: [ids.A, ids.X] });
    expect(r.body.error.fields).toEqual([
      { path: 'opportunityIds/1', message: 'no such opportunity in your data scope' },
    ]);
    // a meeting of a later day cannot be held yet; a stale version is refused
    const later = (await meeting({})).body;
    const hold = await manager.post(`/api/v1/meetings/${later.id}/hold`, { version: later.version });
    expect(hold.status).toBe(409);
    expect(hold.body.error.fields[0].path).toBe('scheduledAt');
    const edited = await manager.patch(`/api/v1/meetings/${later.id}`, {
      title: '周会（改）',
      version: later.version,
    });
    expect(edited.status).toBe(200);
    expect(
      (await manager.patch(`/api/v1/meetings/${later.id}`, { title: '再改', version: later.version })).status,
    ).toBe(409);
    const cancelled = await manager.post(`/api/v1/meetings/${later.id}/cancel`, {
      version: edited.body.version,
      reason: '出差',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '出差' });
    // cancelled meetings are not the "previous" one of the next
    const next = (await meeting({ scheduledAt: '2026-12-23T02:00:00Z' })).body;
    expect(next.previousMeetingId).toBe(m2);
  });

  it('removes an item of a planned meeting together with its open task', async () => {
    const manager = await t.as('managerEast');
    const i = (
      await manager.post(`/api/v1/meetings/${m2}/items`, {
        title: '临时',
        ownerId: t.fx.users.repEast.id,
        dueDate: '2026-12-12',
      })
    ).body;
    expect((await manager.delete(`/api/v1/meetings/${m2}/items/${i.id}`)).status).toBe(204);
    expect((await (await t.as('repEast')).get(`/api/v1/activities/${i.activityId}`)).status).toBe(404);
    expect((await manager.delete(`/api/v1/meetings/${m1}/items/${ids.i1}`)).status).toBe(409);
  });
});
