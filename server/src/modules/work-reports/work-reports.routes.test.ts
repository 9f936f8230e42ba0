import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Person, type TestApp } from '../../../test/app.js';

/*
 * The week of Monday 2026-11-23 (China time). The daily rule asks the reps of 销售部 (and its
 * sub-teams) Monday–Friday by 19:00, taking late reports for two days; the weekly rule asks
 * everyone of 销售部 by Friday 20:00.
 */
let t: TestApp;
let now = new Date('2026-11-25T10:00:00Z'); // Wednesday 18:00 in Shanghai
const at = (s: string) => new Date(s);
let accountId: string;
let dailyRule: { id: string; version: number };
let weeklyRule: { id: string; version: number };
let reportId: string;

const as = (p: Person) => t.as(p);
const ids = () => t.fx.users;
const notices = (person: Person, kind?: string) => {
  let q = t.db.kysely
    .selectFrom('notifications')
    .selectAll()
    .where('userId', '=', ids()[person].id)
    .orderBy('createdAt')
    .orderBy('id');
  if (kind) q = q.where('kind', '=', kind);
  return q.execute();
};

async function activity(person: Person, type: string, doneAt: string | null, subject = `${type} ${doneAt}`) {
  const r = await (
    await as(person)
  ).post('/api/v1/activities', {
    type,
    subject,
    doneAt,
    dueAt: doneAt ? null : '2026-11-25T08:00:00.000Z',
    ...(person === 'repShanghai' ? { relatedType: 'account', relatedId: accountId } : {}),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

async function deal(person: Person, name: string, amount: number) {
  const rep = await as(person);
  const acc =
    person === 'repShanghai'
      ? accountId
      : (await rep.post('/api/v1/accounts', { name: `${name}客户` })).body.id;
  const r = await rep.post('/api/v1/opportunities', {
    name,
    accountId: acc,
    amount,
    expectedCloseDate: '2026-12-31',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

const close = (id: string, status: 'won' | 'lost', closedAt: string, lostReason: string | null = null) => {
  const stage = t.fx.stages.find((s) => s.kind === status)!;
  return t.db.kysely
    .updateTable('opportunities')
    .set({ status, stageId: stage.id, closedAt, lostReason })
    .where('id', '=', id)
    .execute();
};

beforeAll(async () => {
  t = await createTestApp();
  t.services.workReports.clock = () => now;
  const admin = await as('admin');
  const d = await admin.post('/api/v1/work-reports/rules', {
    name: '销售日报',
    kind: 'daily',
    teamIds: [t.fx.teams.sales],
    roles: ['sales_rep'],
    weekdays: [5, 1, 2, 3, 4],
    dueTime: '19:00',
    lateDays: 2,
  });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  dailyRule = d.body;
  const w = await admin.post('/api/v1/work-reports/rules', {
    name: '销售周报',
    kind: 'weekly',
    teamIds: [t.fx.teams.sales],
    weekdays: [5],
    dueTime: '20:00',
    lateDays: 3,
  });
  expect(w.status, JSON.stringify(w.body)).toBe(201);
  weeklyRule = w.body;

  const rep = await as('repShanghai');
  accountId = (await rep.post('/api/v1/accounts', { name: '上海联创' })).body.id;
  // a new account of Wednesday (created_at is the real clock's; put it in the week)
  await t.db.kysely
    .updateTable('accounts')
    .set({ createdAt: '2026-11-25T01:00:00.000Z' })
    .where('id', '=', accountId)
    .execute();

  // Wednesday's activities of repShanghai; the edges of the day and of the week; others' activities
  await activity('repShanghai', 'call', '2026-11-25T02:00:00.000Z');
  await activity('repShanghai', 'visit', '2026-11-25T06:00:00.000Z', '拜访上海联创');
  await activity('repShanghai', 'visit', '2026-11-25T15:59:59.000Z'); // Wed 23:59:59
  await activity('repShanghai', 'visit', '2026-11-25T16:00:00.000Z'); // Thu 00:00
  await activity('repShanghai', 'meeting', null); // not done: not a fact
  await activity('repShanghai', 'email', '2026-11-25T03:00:00.000Z');
  await activity('repShanghai', 'call', '2026-11-22T15:59:00.000Z'); // Sunday 23:59, the week before
  await activity('repShanghai', 'call', '2026-11-22T16:00:00.000Z'); // Monday 00:00
  await activity('repShanghai', 'task', '2026-11-29T15:59:00.000Z'); // Sunday 23:59
  await activity('repShanghai', 'task', '2026-11-29T16:00:00.000Z'); // next Monday 00:00
  await activity('repEast', 'call', '2026-11-25T02:00:00.000Z');

  // deals: a stage change, a win and a loss on Wednesday; one won Thursday; repEast's win
  const moved = await deal('repShanghai', '联创 CRM 采购', 1_234_567);
  const [first] = await t.db.kysely
    .selectFrom('opportunityStageHistory')
    .selectAll()
    .where('opportunityId', '=', moved)
    .execute();
  await t.db.kysely
    .updateTable('opportunityStageHistory')
    .set({ enteredAt: '2026-11-20T02:00:00.000Z', leftAt: '2026-11-25T03:00:00.000Z' })
    .where('id', '=', first!.id)
    .execute();
  await t.db.kysely
    .insertInto('opportunityStageHistory')
    .values({
      id: `01900000-0000-7000-8000-${'1'.padStart(12, '0')}`,
      orgId: t.fx.orgId,
      opportunityId: moved,
      pipelineId: t.fx.pipelineId,
      stageId: t.fx.stages[1]!.id,
      enteredAt: '2026-11-25T03:00:00.000Z',
      leftAt: null,
      userId: ids().repShanghai.id,
    })
    .execute();
  await close(await deal('repShanghai', '联创 二期', 500_001), 'won', '2026-11-25T05:00:00.000Z');
  await close(
    await deal('repShanghai', '联创 三期', 300_003),
    'lost',
    '2026-11-25T07:00:00.000Z',
    '价格太高',
  );
  await close(await deal('repShanghai', '联创 四期', 999_999), 'won', '2026-11-26T05:00:00.000Z');
  await close(await deal('repEast', '东方 一期', 777_777), 'won', '2026-11-25T05:00:00.000Z');
  // the deals above were created "now" (the real clock): keep their creation out of this week
  await t.db.kysely
    .updateTable('opportunityStageHistory')
    .set({ enteredAt: '2026-10-01T00:00:00.000Z' })
    .where('enteredAt', '>', '2026-11-27T00:00:00.000Z')
    .execute();

  // payments on repShanghai's contract: two count on Wednesday; one is Tuesday's, one voided,
  // one still waiting for approval
  const c = await rep.post('/api/v1/contracts', {
    accountId,
    name: '联创合同',
    amount: 50_000_000,
    status: 'active',
    startDate: '2026-11-01',
    endDate: '2027-10-31',
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
  await pay(1_000_001, '2026-11-25');
  await pay(2_000_002, '2026-11-25');
  await pay(4_000_004, '2026-11-24');
  const voided = await pay(8_000_008, '2026-11-25');
  expect((await rep.post(`/api/v1/payments/${voided}/void`, { reason: '退票' })).status).toBe(200);
  const waiting = await pay(16_000_016, '2026-11-25');
  await t.db.kysely
    .updateTable('payments')
    .set({ status: 'pending_approval' })
    .where('id', '=', waiting)
    .execute();

  // a quote first sent on Wednesday (shared again on Thursday: still sent once, on Wednesday)
  const product = (await admin.post('/api/v1/products', { sku: 'STD', name: '标准版', listPrice: 100_000 }))
    .body.id;
  const q = await rep.post('/api/v1/quotes', {
    opportunityId: moved,
    items: [{ productId: product, quantity: 3 }],
    taxRateBp: 1300,
    validUntil: '2099-12-31',
  });
  expect(q.status, JSON.stringify(q.body)).toBe(201);
  const sub = await rep.post(`/api/v1/quotes/${q.body.id}/submit`, { version: q.body.version });
  expect(sub.body.status).toBe('approved');
  const s1 = await rep.post(`/api/v1/quotes/${q.body.id}/share`, { days: 7 });
  const s2 = await rep.post(`/api/v1/quotes/${q.body.id}/share`, { days: 7 });
  for (const [id, createdAt] of [
    [s1.body.id, '2026-11-25T04:00:00.000Z'],
    [s2.body.id, '2026-11-26T04:00:00.000Z'],
  ])
    await t.db.kysely.updateTable('quoteShares').set({ createdAt }).where('id', '=', id).execute();
});
afterAll(() => t.close());

describe('report rules', () => {
  it('lists rules with weekdays sorted, for admins and managers; reps may not read them', async () => {
    expect(dailyRule).toMatchObject({
      weekdays: [1, 2, 3, 4, 5],
      dueTime: '19:00',
      lateDays: 2,
      active: true,
    });
    const list = await (await as('managerEast')).get('/api/v1/work-reports/rules');
    expect(list.body.items.map((r: { name: string }) => r.name)).toEqual(['销售日报', '销售周报']);
    expect((await (await as('repShanghai')).get('/api/v1/work-reports/rules')).status).toBe(403);
    const byManager = await (
      await as('managerEast')
    ).post('/api/v1/work-reports/rules', {
      name: 'x',
      kind: 'daily',
      roles: ['sales_rep'],
      weekdays: [1],
      dueTime: '19:00',
    });
    expect(byManager.status).toBe(403);
  });

  it('refuses bad input with the field: time, weekdays, unknown team, nobody asked', async () => {
    const admin = await as('admin');
    const base = {
      name: '日报',
      kind: 'daily',
      teamIds: [t.fx.teams.east],
      weekdays: [1, 2],
      dueTime: '18:30',
    };
    const cases: [object, string][] = [
      [{ ...base, dueTime: '25:00' }, 'dueTime'],
      [{ ...base, dueTime: '7:00' }, 'dueTime'],
      [{ ...base, weekdays: [] }, 'weekdays'],
      [{ ...base, weekdays: [0] }, 'weekdays/0'],
      [{ ...base, kind: 'weekly', weekdays: [4, 5] }, 'weekdays'],
      [{ ...base, teamIds: ['no-such-team'] }, 'teamIds/0'],
      [{ ...base, teamIds: [t.fx.teams.east, 'nope'] }, 'teamIds/1'],
      [{ ...base, teamIds: [] }, 'teamIds'],
      [{ ...base, lateDays: -1 }, 'lateDays'],
      [{ ...base, name: '  ' }, 'name'],
      [{ ...base, extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await admin.post('/api/v1/work-reports/rules', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(
        r.body.error.fields.map((f: { path: string }) => f.path.replace(/^\//, '')),
        JSON.stringify(body),
      ).toContain(field);
    }
    // a team of another organisation is unknown too
    const other = await (await as('otherAdmin')).post('/api/v1/work-reports/rules', base);
    expect(other.status).toBe(400);
  });

  it('changes a rule under its version, switches it off and on, and keeps tenants apart', async () => {
    const admin = await as('admin');
    const off = await admin.patch(`/api/v1/work-reports/rules/${weeklyRule.id}`, {
      active: false,
      version: weeklyRule.version,
    });
    expect(off.body).toMatchObject({ active: false, version: weeklyRule.version + 1 });
    const stale = await admin.patch(`/api/v1/work-reports/rules/${weeklyRule.id}`, {
      active: true,
      version: weeklyRule.version,
    });
    expect(stale.status).toBe(409);
    const empty = await (await as('director')).get('/api/v1/work-reports/status?kind=weekly&date=2026-11-23');
    expect(empty.body.rows).toEqual([]);
    const bad = await admin.patch(`/api/v1/work-reports/rules/${weeklyRule.id}`, {
      weekdays: [1, 5],
      version: off.body.version,
    });
    expect(bad.status).toBe(400);
    const on = await admin.patch(`/api/v1/work-reports/rules/${weeklyRule.id}`, {
      active: true,
      version: off.body.version,
    });
    expect(on.body.active).toBe(true);
    weeklyRule = on.body;
    const foreign = await (
      await as('otherAdmin')
    ).patch(`/api/v1/work-reports/rules/${weeklyRule.id}`, {
      active: false,
      version: weeklyRule.version,
    });
    expect(foreign.status).toBe(404);
    expect((await (await as('otherAdmin')).get('/api/v1/work-reports/rules')).body.items).toEqual([]);
    const tmp = await admin.post('/api/v1/work-reports/rules', {
      name: '临时',
      kind: 'daily',
      roles: ['marketing'],
      weekdays: [6],
      dueTime: '12:00',
    });
    expect((await admin.delete(`/api/v1/work-reports/rules/${tmp.body.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/v1/work-reports/rules/${tmp.body.id}`)).status).toBe(404);
  });
});

describe('prefill: the period facts of the caller', () => {
  it("counts Wednesday's activities by type, to the second, and only the caller's", async () => {
    now = at('2026-11-25T10:00:00Z');
    const r = await (await as('repShanghai')).get('/api/v1/work-reports/draft?kind=daily&date=2026-11-25');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      kind: 'daily',
      periodStart: '2026-11-25',
      periodEnd: '2026-11-25',
      due: true,
      ruleName: '销售日报',
      dueAt: '2026-11-25T11:00:00.000Z',
      closesAt: '2026-11-27T11:00:00.000Z',
      window: 'open',
      report: null,
    });
    const f = r.body.facts;
    expect(f.activityCounts).toEqual({ call: 1, visit: 2, meeting: 0, email: 1, task: 0, note: 0 });
    expect(f.activities).toHaveLength(4);
    expect(f.activities.find((a: { subject: string }) => a.subject === '拜访上海联创')).toMatchObject({
      type: 'visit',
      accountId,
      accountName: '上海联创',
    });
  });

  it('lists stage changes, wins and losses, payments and quotes sent with exact sums in fen', async () => {
    const f = (await (await as('repShanghai')).get('/api/v1/work-reports/draft?kind=daily&date=2026-11-25'))
      .body.facts;
    expect(f.stageChanges).toEqual([
      expect.objectContaining({
        opportunityName: '联创 CRM 采购',
        fromStage: '初步接洽',
        toStage: '需求确认',
        toKind: 'open',
      }),
    ]);
    expect(f.won).toMatchObject({ count: 1, totals: [{ currency: 'CNY', amount: 500_001 }] });
    expect(f.won.items[0]).toMatchObject({ name: '联创 二期', accountName: '上海联创', amount: 500_001 });
    expect(f.lost).toMatchObject({ count: 1, totals: [{ currency: 'CNY', amount: 300_003 }] });
    expect(f.lost.items[0].lostReason).toBe('价格太高');
    expect(f.payments).toMatchObject({ count: 2, totals: [{ currency: 'CNY', amount: 3_000_003 }] });
    expect(f.payments.items.map((p: { amount: number }) => p.amount)).toEqual([1_000_001, 2_000_002]);
    expect(f.quotesSent.count).toBe(1);
    expect(f.quotesSent.items[0]).toMatchObject({
      opportunityName: '联创 CRM 采购',
      sentAt: '2026-11-25T04:00:00.000Z',
    });
    expect(f.quotesSent.totals[0].amount).toBe(f.quotesSent.items[0].total);
    expect(f.newAccounts).toMatchObject({ count: 1, items: [{ name: '上海联创' }] });

    const thursday = (
      await (await as('repShanghai')).get('/api/v1/work-reports/draft?kind=daily&date=2026-11-26')
    ).body.facts;
    expect(thursday.activityCounts.visit).toBe(1);
    expect(thursday.won).toMatchObject({ count: 1, totals: [{ amount: 999_999 }] });
    expect(thursday.quotesSent.count).toBe(0); // the second share is not a second sending
    expect(thursday.payments.count).toBe(0);

    const east = (await (await as('repEast')).get('/api/v1/work-reports/draft?kind=daily&date=2026-11-25'))
      .body.facts;
    expect(east.activityCounts.call).toBe(1);
    expect(east.won.items.map((d: { name: string }) => d.name)).toEqual(['东方 一期']);
    expect(east.payments.count).toBe(0);
  });

  it('takes a week from Monday 00:00 to Sunday 23:59 in China time', async () => {
    const r = await (await as('repShanghai')).get('/api/v1/work-reports/draft?kind=weekly&date=2026-11-26');
    expect(r.body).toMatchObject({
      periodStart: '2026-11-23',
      periodEnd: '2026-11-29',
      dueAt: '2026-11-27T12:00:00.000Z',
      window: 'open',
    });
    const c = r.body.facts.activityCounts;
    // calls: Monday 00:00 and Wednesday (not Sunday 23:59 before); tasks: Sunday 23:59 only
    expect(c).toEqual({ call: 2, visit: 3, meeting: 0, email: 1, task: 1, note: 0 });
    expect(r.body.facts.won.count).toBe(2);
    expect(r.body.facts.won.totals).toEqual([{ currency: 'CNY', amount: 1_500_000 }]);
    expect(r.body.facts.payments.totals).toEqual([{ currency: 'CNY', amount: 7_000_007 }]);
  });

  it('refuses a bad kind or date', async () => {
    const rep = await as('repShanghai');
    expect((await rep.get('/api/v1/work-reports/draft?kind=monthly')).status).toBe(400);
    const r = await rep.get('/api/v1/work-reports/draft?kind=daily&date=2026-02-30');
    expect(r.status).toBe(400);
    expect(r.body.error.fields[0].path).toBe('date');
  });
});

describe('writing and submitting', () => {
  it('saves a draft, edits it under its version, and submits it on time with the facts frozen', async () => {
    now = at('2026-11-25T10:00:00Z');
    const rep = await as('repShanghai');
    const created = await rep.post('/api/v1/work-reports', {
      kind: 'daily',
      date: '2026-11-25',
      work: '拜访联创',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', work: '拜访联创', submittedAt: null, late: false });
    reportId = created.body.id;
    expect(created.body.facts.activityCounts.visit).toBe(2);
    const again = await rep.post('/api/v1/work-reports', { kind: 'daily', date: '2026-11-25' });
    expect(again.status).toBe(409);
    const edited = await rep.patch(`/api/v1/work-reports/${reportId}`, {
      problems: '客户预算待审批',
      plan: '跟进报价',
      version: created.body.version,
    });
    expect(edited.body).toMatchObject({ problems: '客户预算待审批', version: 2 });
    expect(
      (await rep.patch(`/api/v1/work-reports/${reportId}`, { plan: 'x', version: created.body.version }))
        .status,
    ).toBe(409);
    const empty = await rep.post(`/api/v1/work-reports/${reportId}/submit`, { work: ' ', version: 2 });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe('work');

    now = at('2026-11-25T10:30:00Z'); // 18:30, before the 19:00 deadline
    const sub = await rep.post(`/api/v1/work-reports/${reportId}/submit`, {
      work: '拜访联创，确认需求',
      version: 2,
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    expect(sub.body).toMatchObject({
      status: 'submitted',
      work: '拜访联创，确认需求',
      plan: '跟进报价',
      submittedAt: '2026-11-25T10:30:00.000Z',
      dueAt: '2026-11-25T11:00:00.000Z',
      late: false,
    });
    expect(sub.body.facts.computedAt).toBe('2026-11-25T10:30:00.000Z');

    // later activity on that day does not change what was reported
    await activity('repShanghai', 'call', '2026-11-25T09:00:00.000Z', '补录的电话');
    const read = await rep.get(`/api/v1/work-reports/${reportId}`);
    expect(read.body.facts.activityCounts.call).toBe(1);
    expect(read.body.facts.activities).toHaveLength(4);
    const form = await rep.get('/api/v1/work-reports/draft?kind=daily&date=2026-11-25');
    expect(form.body.report.status).toBe('submitted');
    expect(form.body.facts.activityCounts.call).toBe(1);
    // …while the week, not submitted yet, sees it
    const week = await rep.get('/api/v1/work-reports/draft?kind=weekly&date=2026-11-25');
    expect(week.body.facts.activityCounts.call).toBe(3);
  });

  it('refuses a second submission, edits after submitting, and writing for someone else', async () => {
    const rep = await as('repShanghai');
    const twice = await rep.post(`/api/v1/work-reports/${reportId}/submit`, { version: 3 });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already submitted/);
    expect((await rep.patch(`/api/v1/work-reports/${reportId}`, { plan: 'x', version: 3 })).status).toBe(409);
    // someone outside the author's scope does not see it; the manager sees it but may not change it
    const other = await (await as('repEast')).post(`/api/v1/work-reports/${reportId}/submit`, { version: 3 });
    expect(other.status).toBe(404);
    const mgr = await (
      await as('managerEast')
    ).patch(`/api/v1/work-reports/${reportId}`, { plan: 'x', version: 3 });
    expect(mgr.status).toBe(403);
    expect((await (await as('otherAdmin')).get(`/api/v1/work-reports/${reportId}`)).status).toBe(404);
  });

  it('tells the manager a report was submitted', async () => {
    const n = await notices('managerEast', 'report_submitted');
    expect(n).toHaveLength(1);
    expect(JSON.parse(n[0]!.params)).toMatchObject({
      repName: 'repShanghai',
      reportType: 'daily',
      period: '2026-11-25',
    });
    expect(n[0]!.link).toBe(`/work-reports/${reportId}`);
  });

  it('flags a report after the deadline late, refuses a closed period (409) and a future one (400)', async () => {
    now = at('2026-11-26T02:00:00Z'); // Thursday 10:00
    const rep = await as('repEast');
    const late = await rep.post('/api/v1/work-reports', {
      kind: 'daily',
      date: '2026-11-25',
      work: '电话',
      submit: true,
    });
    expect(late.status, JSON.stringify(late.body)).toBe(201);
    expect(late.body).toMatchObject({ status: 'submitted', late: true, dueAt: '2026-11-25T11:00:00.000Z' });

    // Monday's closed on Wednesday 19:00 (deadline + 2 days)
    const closed = await rep.post('/api/v1/work-reports', { kind: 'daily', date: '2026-11-23', work: '补' });
    expect(closed.status).toBe(409);
    expect(closed.body.error.message).toMatch(/closed/);
    expect(closed.body.error.fields[0].path).toBe('date');
    const form = await rep.get('/api/v1/work-reports/draft?kind=daily&date=2026-11-23');
    expect(form.body.window).toBe('closed');
    // Tuesday's is still taken, late
    expect((await rep.get('/api/v1/work-reports/draft?kind=daily&date=2026-11-24')).body.window).toBe('late');

    const future = await rep.post('/api/v1/work-reports', {
      kind: 'daily',
      date: '2026-11-27',
      work: '明天',
      submit: true,
    });
    expect(future.status).toBe(400);
    expect(future.body.error.fields[0].path).toBe('date');
    const nextWeek = await rep.post('/api/v1/work-reports', {
      kind: 'weekly',
      date: '2026-11-30',
      work: 'x',
    });
    expect(nextWeek.status).toBe(400);
  });

  it('closes a started draft with its period: the submit is refused once the window passed', async () => {
    now = at('2026-11-26T02:00:00Z');
    const rep = await as('repSouth');
    const d = await rep.post('/api/v1/work-reports', { kind: 'daily', date: '2026-11-24', work: '周二' });
    expect(d.status).toBe(201);
    now = at('2026-11-26T11:00:01Z'); // Thursday 19:00:01: Tuesday's window closed
    const r = await rep.post(`/api/v1/work-reports/${d.body.id}/submit`, { version: d.body.version });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/closed/);
  });

  it('takes a report on a day no rule makes due (Saturday): never late', async () => {
    now = at('2026-11-30T03:00:00Z'); // Monday after
    const r = await (
      await as('repShanghai')
    ).post('/api/v1/work-reports', {
      kind: 'daily',
      date: '2026-11-28',
      work: '周六加班拜访',
      submit: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ late: false, dueAt: null });
  });
});

describe('managers: status grid, reading, comments', () => {
  it("shows each person's week of dailies: on time, late, missing, pending, not due", async () => {
    now = at('2026-11-26T12:00:00Z'); // Thursday 20:00
    const r = await (await as('managerEast')).get('/api/v1/work-reports/status?kind=daily&date=2026-11-25');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.periods.map((p: { start: string }) => p.start)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    const states = Object.fromEntries(
      r.body.rows.map((row: { userName: string; cells: { state: string }[] }) => [
        row.userName,
        row.cells.map((c) => c.state),
      ]),
    );
    // managers are not asked by the daily rule (reps only); repSouth is outside 华东
    expect(states).toEqual({
      repEast: ['missing', 'missing', 'late', 'missing', 'pending', 'not_due', 'not_due'],
      repShanghai: ['missing', 'missing', 'on_time', 'missing', 'pending', 'on_time', 'not_due'],
    });
    const cell = r.body.rows.find((x: { userName: string }) => x.userName === 'repShanghai').cells[2];
    expect(cell).toMatchObject({ reportId, submittedAt: '2026-11-25T10:30:00.000Z' });
    expect(r.body.summary).toEqual({ on_time: 2, late: 1, missing: 6, pending: 2, not_due: 3 });
  });

  it('narrows to a team and its sub-teams, a single day, and the caller’s scope', async () => {
    const director = await as('director');
    const all = await director.get('/api/v1/work-reports/status?kind=daily&date=2026-11-25&range=day');
    expect(all.body.rows.map((r: { userName: string }) => r.userName).sort()).toEqual([
      'repEast',
      'repShanghai',
      'repSouth',
    ]);
    expect(all.body.periods).toHaveLength(1);
    const sh = await director.get(
      `/api/v1/work-reports/status?kind=daily&date=2026-11-25&range=day&teamId=${t.fx.teams.shanghai}`,
    );
    expect(sh.body.rows.map((r: { userName: string }) => r.userName)).toEqual(['repShanghai']);
    const east = await director.get(
      `/api/v1/work-reports/status?kind=daily&date=2026-11-25&teamId=${t.fx.teams.east}`,
    );
    expect(east.body.rows).toHaveLength(2);
    const bad = await director.get('/api/v1/work-reports/status?kind=daily&teamId=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('teamId');
    const mine = await (await as('repEast')).get('/api/v1/work-reports/status?kind=daily&date=2026-11-25');
    expect(mine.body.rows.map((r: { userName: string }) => r.userName)).toEqual(['repEast']);
    const other = await (
      await as('otherAdmin')
    ).get('/api/v1/work-reports/status?kind=daily&date=2026-11-25');
    expect(other.body.rows).toEqual([]);
  });

  it('shows weeklies for everyone of 销售部, managers included', async () => {
    const r = await (await as('director')).get('/api/v1/work-reports/status?kind=weekly&date=2026-11-25');
    expect(r.body.periods).toEqual([{ start: '2026-11-23', end: '2026-11-29' }]);
    expect(r.body.rows.map((x: { userName: string }) => x.userName).sort()).toEqual(
      ['director', 'managerEast', 'managerSouth', 'repEast', 'repShanghai', 'repSouth'].sort(),
    );
    expect(r.body.rows.every((x: { cells: { state: string }[] }) => x.cells[0]!.state === 'pending')).toBe(
      true,
    );
  });

  it('lists reports in scope, never others’ drafts', async () => {
    const mgr = await as('managerEast');
    const list = await mgr.get('/api/v1/work-reports?kind=daily');
    const got = list.body.items.map(
      (r: { userName: string; periodStart: string }) => `${r.userName} ${r.periodStart}`,
    );
    expect(got[0]).toBe('repShanghai 2026-11-28');
    expect(got.slice(1).sort()).toEqual(['repEast 2026-11-25', 'repShanghai 2026-11-25']);
    const one = await mgr.get(
      `/api/v1/work-reports?userId=${ids().repEast.id}&from=2026-11-25&to=2026-11-25`,
    );
    expect(one.body.items).toHaveLength(1);
    // repSouth's draft is his alone
    const south = await (await as('director')).get(`/api/v1/work-reports?userId=${ids().repSouth.id}`);
    expect(south.body.items).toEqual([]);
    const own = await (await as('repSouth')).get('/api/v1/work-reports?status=draft');
    expect(own.body.items).toHaveLength(1);
    const paged = await mgr.get('/api/v1/work-reports?limit=1');
    expect(paged.body.items).toHaveLength(1);
    const next = await mgr.get(`/api/v1/work-reports?limit=1&cursor=${paged.body.nextCursor}`);
    expect(next.body.items[0].id).not.toBe(paged.body.items[0].id);
    expect((await (await as('otherRep')).get('/api/v1/work-reports')).body.items).toEqual([]);
    expect((await mgr.get('/api/v1/work-reports?from=2026-13-01')).status).toBe(400);
  });

  it('records a read receipt for readers other than the author, once each', async () => {
    now = at('2026-11-26T12:05:00Z');
    expect((await (await as('repShanghai')).get(`/api/v1/work-reports/${reportId}`)).body.reads).toEqual([]);
    const first = await (await as('managerEast')).get(`/api/v1/work-reports/${reportId}`);
    expect(first.body.reads).toEqual([
      { userId: ids().managerEast.id, userName: 'managerEast', firstReadAt: '2026-11-26T12:05:00.000Z' },
    ]);
    now = at('2026-11-26T13:00:00Z');
    await (await as('managerEast')).get(`/api/v1/work-reports/${reportId}`);
    await (await as('director')).get(`/api/v1/work-reports/${reportId}`);
    const seen = await (await as('repShanghai')).get(`/api/v1/work-reports/${reportId}`);
    expect(seen.body.reads).toEqual([
      { userId: ids().managerEast.id, userName: 'managerEast', firstReadAt: '2026-11-26T12:05:00.000Z' },
      { userId: ids().director.id, userName: 'director', firstReadAt: '2026-11-26T13:00:00.000Z' },
    ]);
    expect(seen.body.readCount).toBe(2);
    // someone who may not read it leaves no receipt
    expect((await (await as('repSouth')).get(`/api/v1/work-reports/${reportId}`)).status).toBe(404);
    expect((await (await as('managerSouth')).get(`/api/v1/work-reports/${reportId}`)).status).toBe(404);
    const rows = await t.db.kysely
      .selectFrom('workReportReads')
      .selectAll()
      .where('reportId', '=', reportId)
      .execute();
    expect(rows).toHaveLength(2);
  });

  it("comments notify the author, and the author's answer notifies the commenters", async () => {
    now = at('2026-11-26T13:10:00Z');
    const mgr = await as('managerEast');
    const c = await mgr.post(`/api/v1/work-reports/${reportId}/comments`, {
      body: '报价注意毛利，周五前给我看一下',
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ userName: 'managerEast', createdAt: '2026-11-26T13:10:00.000Z' });
    const n = await notices('repShanghai', 'report_comment');
    expect(n).toHaveLength(1);
    expect(JSON.parse(n[0]!.params)).toMatchObject({
      authorName: 'managerEast',
      reportType: 'daily',
      period: '2026-11-25',
    });
    expect(n[0]!.link).toBe(`/work-reports/${reportId}`);

    const reply = await (
      await as('repShanghai')
    ).post(`/api/v1/work-reports/${reportId}/comments`, { body: '好的' });
    expect(reply.status).toBe(201);
    expect(await notices('managerEast', 'report_comment')).toHaveLength(1);
    expect(await notices('repShanghai', 'report_comment')).toHaveLength(1);

    const detail = await mgr.get(`/api/v1/work-reports/${reportId}`);
    expect(detail.body.comments.map((x: { body: string }) => x.body)).toEqual([
      '报价注意毛利，周五前给我看一下',
      '好的',
    ]);
    expect(detail.body.commentCount).toBe(2);

    expect((await mgr.post(`/api/v1/work-reports/${reportId}/comments`, { body: '' })).status).toBe(400);
    expect((await mgr.post(`/api/v1/work-reports/${reportId}/comments`, { body: '   ' })).status).toBe(400);
    expect(
      (await (await as('repEast')).post(`/api/v1/work-reports/${reportId}/comments`, { body: 'x' })).status,
    ).toBe(404);
    expect(
      (await (await as('otherAdmin')).post(`/api/v1/work-reports/${reportId}/comments`, { body: 'x' }))
        .status,
    ).toBe(404);
    const draft = (await (await as('repSouth')).get('/api/v1/work-reports?status=draft')).body.items[0];
    expect(
      (await (await as('repSouth')).post(`/api/v1/work-reports/${draft.id}/comments`, { body: 'x' })).status,
    ).toBe(409);
  });
});

describe('the deadline job', () => {
  it('tells each person who missed a deadline, and their manager once per deadline; a rerun tells nobody twice', async () => {
    const before = await t.db.kysely
      .selectFrom('notifications')
      .select('id')
      .where('kind', '=', 'report_missing')
      .execute();
    expect(before).toEqual([]);
    const run = at('2026-11-26T12:00:00Z'); // Thursday 20:00: Tue, Wed and Thu deadlines in the last 72 h
    const created = await t.services.workReports.runDeadlines(run);
    // repShanghai: Tue, Thu; repEast: Tue, Thu; repSouth: Tue, Wed, Thu; managerEast: Tue, Thu; managerSouth: 3
    expect(created).toBe(12);
    const mine = await notices('repShanghai', 'report_missing');
    expect(mine.map((n) => JSON.parse(n.params).period)).toEqual(['2026-11-24', '2026-11-26']);
    expect(mine[0]!.link).toBe('/work-reports/write?kind=daily&date=2026-11-24');
    const mgr = await notices('managerEast', 'report_missing');
    expect(mgr.map((n) => JSON.parse(n.params))).toEqual(
      [
        { reportType: 'daily', period: '2026-11-24', repName: 'repShanghai、repEast' },
        { reportType: 'daily', period: '2026-11-26', repName: 'repShanghai、repEast' },
      ].map((p) => ({
        ...p,
        repName: expect.stringMatching(/^(repShanghai、repEast|repEast、repShanghai)$/),
      })),
    );
    expect(await t.services.workReports.runDeadlines(run)).toBe(0);
    expect(await t.services.workReports.runDeadlines(at('2026-11-26T12:15:00Z'))).toBe(0);
    // nothing for the other organisation, which has no rules
    const other = await t.db.kysely
      .selectFrom('notifications')
      .select('id')
      .where('orgId', '=', t.fx.otherOrgId)
      .execute();
    expect(other).toEqual([]);
  });

  it('tells nobody before a deadline, nor about a report submitted late', async () => {
    // Friday 19:59: the week's deadline (Friday 20:00) is ahead; Friday's daily is due at 19:00
    const created = await t.services.workReports.runDeadlines(at('2026-11-27T11:59:00Z'));
    const periods = (
      await t.db.kysely
        .selectFrom('notifications')
        .select(['params', 'userId'])
        .where('kind', '=', 'report_missing')
        .execute()
    ).map((n) => JSON.parse(n.params));
    expect(periods.some((p) => p.reportType === 'weekly')).toBe(false);
    // Friday's dailies: 3 reps + 2 managers' summaries
    expect(created).toBe(5);
    // repEast's late Wednesday report means no Wednesday notice for him
    const east = await notices('repEast', 'report_missing');
    expect(east.map((n) => JSON.parse(n.params).period)).toEqual(['2026-11-24', '2026-11-26', '2026-11-27']);
  });
});
