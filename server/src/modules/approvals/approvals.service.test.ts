import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRuleCreate, Role } from '@tuoke/shared';
import { createTestApp, type Person, type TestApp } from '../../../test/app.js';
import { newId } from '../../lib/ids.js';
import type { Actor } from '../access/index.js';
import type { ApprovalSubmission } from './index.js';

let t: TestApp;
const decided: { id: string; status: string }[] = [];
beforeAll(async () => {
  t = await createTestApp();
  t.services.approvals.onDecided('discount', async (request) => {
    decided.push({ id: request.businessId, status: request.status });
  });
});
afterAll(() => t.close());

/** Each test starts with only the rules it creates. */
beforeEach(async () => {
  const admin = await t.as('admin');
  for (const r of (await admin.get('/api/v1/approvals/rules')).body.items)
    await admin.delete(`/api/v1/approvals/rules/${r.id}`);
  decided.length = 0;
});

async function actor(person: Person): Promise<Actor> {
  const u = await t.db.kysely
    .selectFrom('users')
    .selectAll()
    .where('id', '=', t.fx.users[person].id)
    .executeTakeFirstOrThrow();
  return {
    userId: u.id,
    orgId: u.orgId,
    role: u.role as Role,
    name: u.name,
    teamId: u.teamId,
    managerId: u.managerId,
    via: 'session',
  };
}
const id = (p: Person) => t.fx.users[p].id;

async function rule(body: Partial<ApprovalRuleCreate> & Pick<ApprovalRuleCreate, 'steps'>) {
  const r = await (
    await t.as('admin')
  ).post('/api/v1/approvals/rules', {
    businessType: 'discount',
    name: 'rule',
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

function submit(person: Person, extra: Partial<ApprovalSubmission> = {}, now?: Date) {
  return actor(person).then((a) =>
    t.services.approvals.submit(
      a,
      {
        businessType: 'discount',
        businessId: newId(),
        title: '折扣申请',
        amount: 100_000,
        discountBp: 2000,
        ...extra,
      },
      undefined,
      now,
    ),
  );
}
const approve = async (p: Person, reqId: string, body: object = {}) =>
  (await t.as(p)).post(`/api/v1/approvals/${reqId}/approve`, body);
const reject = async (p: Person, reqId: string, body: object = {}) =>
  (await t.as(p)).post(`/api/v1/approvals/${reqId}/reject`, body);

describe('routing', () => {
  it('approves at once when no rule applies or the amount is under the threshold', async () => {
    const none = await submit('repShanghai');
    expect(none).toMatchObject({ status: 'approved', ruleId: null, steps: [] });
    await rule({
      conditions: { discountAboveBp: 1000 },
      autoApproveBelow: 50_000,
      steps: [{ approver: { type: 'manager' } }],
    });
    expect((await submit('repShanghai', { discountBp: 500 })).status).toBe('approved');
    expect((await submit('repShanghai', { amount: 49_999 })).status).toBe('approved');
    expect((await submit('repShanghai', { amount: 50_000 })).status).toBe('pending');
    expect(decided.map((d) => d.status)).toEqual(['approved', 'approved', 'approved']);
  });

  it('sends to the direct manager, who sees it in the inbox; nobody else may decide', async () => {
    await rule({ conditions: { discountAboveBp: 1000 }, steps: [{ approver: { type: 'manager' } }] });
    const req = await submit('repShanghai');
    expect(req).toMatchObject({ status: 'pending', pendingApproverIds: [id('managerEast')] });
    const mgr = await t.as('managerEast');
    expect(
      (await mgr.get('/api/v1/approvals?box=pending')).body.items.map((r: { id: string }) => r.id),
    ).toContain(req.id);
    expect((await mgr.get('/api/v1/approvals/counts')).body.pending).toBeGreaterThanOrEqual(1);
    expect((await (await t.as('repShanghai')).get('/api/v1/approvals?box=submitted')).body.items[0].id).toBe(
      req.id,
    );
    expect((await approve('repShanghai', req.id)).status).toBe(403); // own request
    expect((await approve('repEast', req.id)).status).toBe(403); // not their step
    expect((await approve('otherAdmin', req.id)).status).toBe(404); // another tenant
    const ok = await approve('managerEast', req.id, { comment: '同意' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', pendingApproverIds: [] });
    expect(ok.body.trail.map((a: { action: string }) => a.action)).toEqual(['submit', 'approve']);
    const twice = await approve('managerEast', req.id);
    expect(twice.status).toBe(409);
    expect(decided).toEqual([{ id: req.businessId, status: 'approved' }]);
  });

  it('walks consecutive managers up N levels, in order', async () => {
    await rule({ steps: [{ approver: { type: 'managers', levels: 2 } }] });
    const req = await submit('repShanghai');
    expect(req.steps.map((s) => s.approverIds)).toEqual([[id('managerEast')], [id('director')]]);
    expect((await approve('director', req.id)).status).toBe(403);
    expect((await approve('managerEast', req.id)).body).toMatchObject({ status: 'pending', currentStep: 1 });
    expect((await approve('director', req.id)).body.status).toBe('approved');
  });

  it('any-of: one of the role decides; all-of: every one must approve', async () => {
    await rule({ steps: [{ approver: { type: 'role', role: 'sales_manager' }, mode: 'any' }] });
    const any = await submit('repShanghai');
    expect(any.pendingApproverIds.sort()).toEqual([id('managerEast'), id('managerSouth')].sort());
    expect((await approve('managerSouth', any.id)).body.status).toBe('approved');

    await t.services.approvals.removeRule(
      await actor('admin'),
      (await t.services.approvals.listRules(await actor('admin'))).items[0]!.id,
    );
    await rule({ steps: [{ approver: { type: 'role', role: 'sales_manager' }, mode: 'all' }] });
    const all = await submit('repShanghai');
    const first = await approve('managerEast', all.id);
    expect(first.body).toMatchObject({ status: 'pending', pendingApproverIds: [id('managerSouth')] });
    expect((await approve('managerSouth', all.id)).body.status).toBe('approved');
  });

  it('a named user, and sequential approvers one after another; CC users see it', async () => {
    await rule({
      steps: [
        { approver: { type: 'user', userId: id('director') } },
        { approver: { type: 'role', role: 'sales_manager' }, mode: 'sequential' },
      ],
      ccUserIds: [id('admin'), id('repShanghai')],
    });
    const req = await submit('repShanghai');
    expect(req.steps.map((s) => s.approverIds.length)).toEqual([1, 1, 1]);
    expect(req.ccUserIds).toEqual([id('admin')]); // the submitter is not CC'd on their own request
    const cc = (await (await t.as('admin')).get('/api/v1/approvals?box=cc')).body.items;
    expect(cc.map((r: { id: string }) => r.id)).toContain(req.id);
    for (const p of ['director', req.steps[1]!.approverIds[0], req.steps[2]!.approverIds[0]]) {
      const who = (Object.keys(t.fx.users) as Person[]).find((k) => t.fx.users[k].id === p || k === p)!;
      expect((await approve(who, req.id)).status).toBe(200);
    }
    expect((await t.services.approvals.get(await actor('admin'), req.id)).status).toBe('approved');
  });

  it('uses the fallback approver when there is no manager, and refuses when there is nobody', async () => {
    await rule({ steps: [{ approver: { type: 'manager' } }] });
    await expect(submit('admin')).rejects.toMatchObject({ status: 409 });
    const admin = await t.as('admin');
    const r = (await admin.get('/api/v1/approvals/rules')).body.items[0];
    await admin.patch(`/api/v1/approvals/rules/${r.id}`, {
      fallbackUserId: id('director'),
      version: r.version,
    });
    const req = await submit('admin');
    expect(req.steps[0]).toMatchObject({ label: 'manager>fallback', approverIds: [id('director')] });
  });

  it('never lets the submitter approve: a role step without them escalates to their manager', async () => {
    await rule({ steps: [{ approver: { type: 'role', role: 'sales_manager' }, mode: 'all' }] });
    const req = await submit('managerEast');
    expect(req.steps[0]!.approverIds).toEqual([id('managerSouth')]);
    await t.services.approvals.removeRule(await actor('admin'), req.ruleId!);
    await rule({ steps: [{ approver: { type: 'user', userId: id('managerEast') } }] });
    const own = await submit('managerEast');
    expect(own.steps[0]).toMatchObject({ label: 'user>fallback', approverIds: [id('director')] });
  });

  it('matches conditions: amount, margin, product and team', async () => {
    const product = newId();
    await rule({
      priority: 1,
      conditions: { productIds: [product] },
      steps: [{ approver: { type: 'user', userId: id('admin') } }],
    });
    await rule({
      priority: 2,
      conditions: { teamIds: [t.fx.teams.east] },
      steps: [{ approver: { type: 'manager' } }],
    });
    await rule({
      priority: 3,
      conditions: { amountAtLeast: 1_000_000, marginBelowBp: 2000 },
      steps: [{ approver: { type: 'user', userId: id('director') } }],
    });
    expect((await submit('repSouth', { productIds: [product] })).pendingApproverIds).toEqual([id('admin')]);
    // repShanghai's team is below 华东
    expect((await submit('repShanghai')).pendingApproverIds).toEqual([id('managerEast')]);
    expect((await submit('repSouth', { amount: 1_000_000, marginBp: 1500 })).pendingApproverIds).toEqual([
      id('director'),
    ]);
    expect((await submit('repSouth', { amount: 1_000_000, marginBp: 2500 })).status).toBe('approved');
  });
});

describe('actions', () => {
  it('rejects back to an earlier step, which starts a new round', async () => {
    await rule({ steps: [{ approver: { type: 'managers', levels: 2 } }] });
    const req = await submit('repShanghai');
    await approve('managerEast', req.id);
    expect((await reject('director', req.id, { toStep: 1 })).status).toBe(400);
    const back = await reject('director', req.id, { toStep: 0, comment: '价格再核' });
    expect(back.body).toMatchObject({
      status: 'pending',
      currentStep: 0,
      round: 2,
      pendingApproverIds: [id('managerEast')],
    });
    await approve('managerEast', req.id);
    const done = await approve('director', req.id);
    expect(done.body.status).toBe('approved');
    expect(done.body.trail.map((a: { action: string }) => a.action)).toEqual([
      'submit',
      'approve',
      'reject',
      'approve',
      'approve',
    ]);
  });

  it('rejects back to the submitter, who resubmits; withdraw and resubmit', async () => {
    await rule({ steps: [{ approver: { type: 'manager' } }] });
    const req = await submit('repShanghai');
    const r = await reject('managerEast', req.id, { comment: '折扣过大' });
    expect(r.body.status).toBe('rejected');
    expect(decided).toEqual([{ id: req.businessId, status: 'rejected' }]);
    const rep = await t.as('repShanghai');
    expect((await (await t.as('repEast')).post(`/api/v1/approvals/${req.id}/resubmit`)).status).toBe(403);
    const again = await rep.post(`/api/v1/approvals/${req.id}/resubmit`);
    expect(again.body).toMatchObject({ id: req.id, status: 'pending', round: 2 });
    expect((await rep.post(`/api/v1/approvals/${req.id}/withdraw`)).body.status).toBe('withdrawn');
    expect((await approve('managerEast', req.id)).status).toBe(409);
    expect((await rep.post(`/api/v1/approvals/${req.id}/resubmit`)).body.status).toBe('pending');
    const trail = (await rep.get(`/api/v1/approvals/${req.id}`)).body.trail.map(
      (a: { action: string }) => a.action,
    );
    expect(trail).toEqual(['submit', 'reject', 'resubmit', 'withdraw', 'resubmit']);
    // a second submission for the same record while one is pending
    await expect(
      t.services.approvals.submit(await actor('repShanghai'), {
        businessType: 'discount',
        businessId: req.businessId,
        title: 'x',
        amount: 1,
      }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it('two approvers acting at the same moment produce exactly one outcome', async () => {
    await rule({ steps: [{ approver: { type: 'role', role: 'sales_manager' }, mode: 'any' }] });
    for (let i = 0; i < 3; i++) {
      const req = await submit('repShanghai');
      const results = await Promise.all([approve('managerEast', req.id), reject('managerSouth', req.id)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const detail = await t.services.approvals.get(await actor('admin'), req.id);
      const decisions = detail.trail.filter((a) => a.action === 'approve' || a.action === 'reject');
      expect(decisions).toHaveLength(1);
      expect(detail.status).toBe(decisions[0]!.action === 'approve' ? 'approved' : 'rejected');
      expect(detail.version).toBe(2);
    }
  });

  it('refuses bad submissions with a 4xx and stores nothing', async () => {
    const before = await t.db.kysely.selectFrom('approvalRequests').select('id').execute();
    await expect(submit('repShanghai', { amount: -1 })).rejects.toMatchObject({ status: 400 });
    await expect(submit('repShanghai', { discountBp: 10_001 })).rejects.toMatchObject({ status: 400 });
    expect(await t.db.kysely.selectFrom('approvalRequests').select('id').execute()).toHaveLength(
      before.length,
    );
    const admin = await t.as('admin');
    const bad = await admin.post('/api/v1/approvals/rules', {
      businessType: 'quote',
      name: 'x',
      conditions: { discountAboveBp: 20_000 },
      steps: [{ approver: { type: 'manager' } }],
    });
    expect(bad.status).toBe(400);
    const foreign = await admin.post('/api/v1/approvals/rules', {
      businessType: 'quote',
      name: 'x',
      steps: [{ approver: { type: 'user', userId: t.fx.users.otherRep.id } }],
    });
    expect(foreign.body.error.fields[0].path).toBe('steps/0/approver/userId');
    expect(
      (
        await (
          await t.as('repShanghai')
        ).post('/api/v1/approvals/rules', {
          businessType: 'quote',
          name: 'x',
          steps: [{ approver: { type: 'manager' } }],
        })
      ).status,
    ).toBe(403);
  });
});

describe('reminders and durations', () => {
  it('reminds once per overdue step, through the job runner', async () => {
    await rule({ timeLimitHours: 24, steps: [{ approver: { type: 'manager' } }] });
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    const old = await submit('repShanghai', {}, twoDaysAgo);
    const fresh = await submit('repShanghai');
    await t.services.jobs.enqueue('approvals.remind-overdue');
    await t.services.jobs.runDue();
    const reminders = await t.db.kysely.selectFrom('approvalReminders').selectAll().execute();
    expect(reminders.map((r) => r.requestId)).toEqual([old.id]);
    expect(reminders[0]!.userId).toBe(id('managerEast'));
    expect(await t.services.approvals.remindOverdue()).toBe(0); // once
    expect(
      (await (await t.as('managerEast')).get('/api/v1/approvals/counts')).body.reminders,
    ).toBeGreaterThanOrEqual(1);
    expect(fresh.status).toBe('pending');
  });

  it("lists only the caller's own reminders, never another organisation's; marking read changes the counts", async () => {
    await rule({ timeLimitHours: 24, steps: [{ approver: { type: 'manager' } }] });
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    const east = await submit('repShanghai', { title: '华东折扣', amount: 120_000 }, twoDaysAgo);
    const east2 = await submit('repEast', { title: '华东折扣二' }, twoDaysAgo);
    const south = await submit('repSouth', { title: '华南折扣' }, twoDaysAgo);
    // another organisation, with its own rule and an overdue request
    const other = await t.as('otherAdmin');
    const or = await other.post('/api/v1/approvals/rules', {
      businessType: 'discount',
      name: 'other',
      steps: [{ approver: { type: 'user', userId: id('otherAdmin') } }],
    });
    expect(or.status, JSON.stringify(or.body)).toBe(201);
    const foreign = await submit('otherRep', { title: '外部折扣' }, twoDaysAgo);
    expect(foreign.pendingApproverIds).toEqual([id('otherAdmin')]);
    await t.services.approvals.remindOverdue();

    const mgr = await t.as('managerEast');
    const before = (await mgr.get('/api/v1/approvals/counts')).body.reminders;
    const list = await mgr.get('/api/v1/approvals/reminders');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const items = list.body.items as { id: string; requestId: string; read: boolean }[];
    const requestIds = items.map((i) => i.requestId);
    expect(requestIds).toEqual(expect.arrayContaining([east.id, east2.id]));
    expect(requestIds).not.toContain(south.id);
    expect(requestIds).not.toContain(foreign.id);
    expect(items.filter((i) => !i.read)).toHaveLength(before);
    const mine = list.body.items.find((i: { requestId: string }) => i.requestId === east.id);
    expect(mine).toMatchObject({
      title: '华东折扣',
      businessType: 'discount',
      businessId: east.businessId,
      amount: 120_000,
      submitterId: id('repShanghai'),
      submitterName: 'repShanghai',
      requestStatus: 'pending',
      waiting: true,
      read: false,
    });
    expect(Date.parse(mine.dueAt)).toBeLessThan(Date.now());

    const south2 = (await (await t.as('managerSouth')).get('/api/v1/approvals/reminders')).body.items;
    expect(south2.map((i: { requestId: string }) => i.requestId)).toEqual([south.id]);
    const foreignList = (await other.get('/api/v1/approvals/reminders')).body.items;
    expect(foreignList.map((i: { requestId: string }) => i.requestId)).toEqual([foreign.id]);

    // someone else's ids change nothing
    expect((await other.post('/api/v1/approvals/reminders/read', { ids: [mine.id] })).body).toEqual({
      marked: 0,
      unread: 1,
    });
    expect((await mgr.post('/api/v1/approvals/reminders/read', { ids: [] })).status).toBe(400);
    const one = await mgr.post('/api/v1/approvals/reminders/read', { ids: [mine.id, foreignList[0].id] });
    expect(one.body).toEqual({ marked: 1, unread: before - 1 });
    expect((await mgr.get('/api/v1/approvals/counts')).body.reminders).toBe(before - 1);
    const after = (await mgr.get('/api/v1/approvals/reminders')).body.items as {
      id: string;
      read: boolean;
    }[];
    expect(after.find((i) => i.id === mine.id)!.read).toBe(true);
    expect(after.at(-1)!.read).toBe(true); // unread ones come first
    expect((await mgr.post('/api/v1/approvals/reminders/read', {})).body).toEqual({
      marked: before - 1,
      unread: 0,
    });
    expect((await mgr.get('/api/v1/approvals/counts')).body.reminders).toBe(0);
    // the other organisation's reminder is still unread
    expect((await other.get('/api/v1/approvals/counts')).body.reminders).toBe(1);

    // once decided, the reminder no longer waits for anyone
    await approve('managerEast', east.id);
    const done = (await mgr.get('/api/v1/approvals/reminders')).body.items.find(
      (i: { requestId: string }) => i.requestId === east.id,
    );
    expect(done).toMatchObject({ waiting: false, requestStatus: 'approved' });
  });

  it('reports durations per rule and step (avg, median, p90)', async () => {
    const r = await rule({ name: '两级审批', steps: [{ approver: { type: 'managers', levels: 2 } }] });
    const start = new Date('2026-11-01T00:00:00Z');
    for (const hours of [1, 2, 10]) {
      const req = await submit('repShanghai', {}, start);
      await t.services.approvals.approve(
        await actor('managerEast'),
        req.id,
        {},
        new Date(start.getTime() + hours * 3_600_000),
      );
      await t.services.approvals.approve(
        await actor('director'),
        req.id,
        {},
        new Date(start.getTime() + (hours + 1) * 3_600_000),
      );
    }
    const report = await t.services.approvals.durations(
      await actor('director'),
      'discount',
      90,
      new Date('2026-11-20T00:00:00Z'),
    );
    const mine = report.items.filter((i) => i.ruleId === r.id);
    expect(mine).toEqual([
      {
        ruleId: r.id,
        ruleName: '两级审批',
        step: null,
        count: 3,
        avgHours: 5.33,
        medianHours: 3,
        p90Hours: 11,
      },
      { ruleId: r.id, ruleName: '两级审批', step: 0, count: 3, avgHours: 4.33, medianHours: 2, p90Hours: 10 },
      { ruleId: r.id, ruleName: '两级审批', step: 1, count: 3, avgHours: 1, medianHours: 1, p90Hours: 1 },
    ]);
    expect((await (await t.as('repShanghai')).get('/api/v1/approvals/report/durations')).status).toBe(403);
    expect((await (await t.as('director')).get('/api/v1/approvals/report/durations')).status).toBe(200);
  });
});
