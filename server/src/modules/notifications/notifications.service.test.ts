import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS, type Role } from '@tuoke/shared';
import { createTestApp, type Person, type TestApp } from '../../../test/app.js';
import { newId } from '../../lib/ids.js';
import type { Actor } from '../access/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const id = (p: Person) => t.fx.users[p].id;
const svc = () => t.services.notifications;

async function rowsOf(person: Person) {
  return t.db.kysely
    .selectFrom('notifications')
    .selectAll()
    .where('userId', '=', id(person))
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}
const emailJobs = () =>
  t.db.kysely
    .selectFrom('jobs')
    .selectAll()
    .where('type', '=', 'notifications.email')
    .where('status', '=', 'queued')
    .execute();

async function actor(person: Person): Promise<Actor> {
  const u = await t.db.kysely
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id(person))
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

beforeEach(async () => {
  await t.db.kysely.deleteFrom('notifications').execute();
  await t.db.kysely.deleteFrom('notificationPreferences').execute();
  await t.db.kysely.deleteFrom('notificationRuns').execute();
  await t.db.kysely.deleteFrom('jobs').execute();
});

describe('notify', () => {
  it('creates one row per recipient and skips a repeated dedupe key, within and across calls', async () => {
    const item = {
      userId: id('repShanghai'),
      kind: 'deal_stalled' as const,
      params: { dealName: '华东智造 MES 二期', stageName: '方案报价', days: 12 },
      link: '/opportunities/x',
      dedupeKey: 'stalled:deal-1:2026-11-28',
    };
    expect(await svc().notify(t.fx.orgId, [item, item, { ...item, userId: id('repEast') }])).toBe(2);
    expect(await svc().notify(t.fx.orgId, [item])).toBe(0);
    // a NULL key is never a duplicate
    const noKey = { ...item, dedupeKey: null };
    expect(await svc().notify(t.fx.orgId, [noKey, noKey])).toBe(2);
    const rows = await rowsOf('repShanghai');
    expect(rows).toHaveLength(3);
    expect(JSON.parse(rows[0]!.params)).toEqual(item.params);
    expect(rows[0]).toMatchObject({ kind: 'deal_stalled', link: '/opportunities/x', readAt: null });
    // deal_stalled is in-app only by default: no e-mail, no job
    expect(rows.every((r) => r.emailState === 'none')).toBe(true);
    expect(await emailJobs()).toHaveLength(0);
  });

  it('refuses a recipient of another organisation and creates nothing', async () => {
    await expect(
      svc().notify(t.fx.orgId, [
        { userId: id('repShanghai'), kind: 'activity_due', params: {} },
        { userId: id('otherRep'), kind: 'activity_due', params: {} },
      ]),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      svc().notify(t.fx.otherOrgId, [{ userId: id('repShanghai'), kind: 'activity_due', params: {} }]),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      svc().notify(t.fx.orgId, [{ userId: newId(), kind: 'activity_due', params: {} }]),
    ).rejects.toThrow(/not a user of this organisation/);
    expect(await t.db.kysely.selectFrom('notifications').selectAll().execute()).toHaveLength(0);
  });

  it('refuses unknown kinds, links outside the app and nested params', async () => {
    const bad = async (item: object) =>
      expect(
        svc().notify(t.fx.orgId, [{ userId: id('repShanghai'), ...item } as never]),
      ).rejects.toMatchObject({
        status: 400,
      });
    await bad({ kind: 'nonsense', params: {} });
    await bad({ kind: 'activity_due', params: {}, link: 'https://evil.example/' });
    await bad({ kind: 'activity_due', params: {}, link: '//evil.example/' });
    await bad({ kind: 'activity_due', params: { x: { y: 1 } } });
  });

  it('skips inactive people', async () => {
    await t.db.kysely.updateTable('users').set({ active: 0 }).where('id', '=', id('service')).execute();
    try {
      expect(
        await svc().notify(t.fx.orgId, [
          { userId: id('service'), kind: 'report_missing', params: {} },
          { userId: id('recruiter'), kind: 'report_missing', params: {} },
        ]),
      ).toBe(1);
    } finally {
      await t.db.kysely.updateTable('users').set({ active: 1 }).where('id', '=', id('service')).execute();
    }
  });

  it('follows the defaults per kind: e-mail kinds are queued and one e-mail job is queued for a burst', async () => {
    await svc().notify(t.fx.orgId, [
      {
        userId: id('repShanghai'),
        kind: 'report_missing',
        params: { reportType: 'daily', period: '2026-11-27' },
      },
      { userId: id('repShanghai'), kind: 'activity_due', params: {} },
    ]);
    await svc().notify(t.fx.orgId, [{ userId: id('repEast'), kind: 'approval_pending', params: {} }]);
    const rows = await rowsOf('repShanghai');
    expect(rows.map((r) => [r.kind, r.emailState])).toEqual([
      ['report_missing', 'queued'],
      ['activity_due', 'none'],
    ]);
    const jobs = await emailJobs();
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(jobs[0]!.payload)).toEqual({ orgId: t.fx.orgId });
  });

  it('honours preferences: in-app off keeps an e-mail-only row out of the list; both off creates nothing', async () => {
    const a = await actor('repShanghai');
    await svc().savePreferences(a, {
      items: [
        { kind: 'report_missing', inApp: false, email: true },
        { kind: 'deal_stalled', inApp: false, email: false },
        { kind: 'activity_due', inApp: true, email: true },
      ],
    });
    const prefs = await svc().preferences(a);
    expect(prefs.items).toHaveLength(NOTIFICATION_KINDS.length);
    expect(prefs.items.find((p) => p.kind === 'deal_stalled')).toEqual({
      kind: 'deal_stalled',
      inApp: false,
      email: false,
    });
    // untouched kinds keep their defaults
    expect(prefs.items.find((p) => p.kind === 'approval_pending')).toMatchObject({
      inApp: true,
      email: true,
    });
    expect(
      await svc().notify(t.fx.orgId, [
        { userId: id('repShanghai'), kind: 'report_missing', params: {} },
        { userId: id('repShanghai'), kind: 'deal_stalled', params: {} },
        { userId: id('repShanghai'), kind: 'activity_due', params: {} },
        // someone else's preferences are theirs: repEast still gets deal_stalled
        { userId: id('repEast'), kind: 'deal_stalled', params: {} },
      ]),
    ).toBe(3);
    const rows = await rowsOf('repShanghai');
    expect(rows.map((r) => [r.kind, r.inApp, r.emailState])).toEqual([
      ['report_missing', 0, 'queued'],
      ['activity_due', 1, 'queued'],
    ]);
    const list = await svc().list(a, {});
    expect(list.items.map((n) => n.kind)).toEqual(['activity_due']);
    expect((await svc().unreadCount(a)).count).toBe(1);
  });

  it('writes in the caller transaction: a rollback leaves neither the row nor the e-mail job', async () => {
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        expect(
          await svc().notify(
            t.fx.orgId,
            [{ userId: id('repShanghai'), kind: 'approval_pending', params: {} }],
            trx,
          ),
        ).toBe(1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await rowsOf('repShanghai')).toHaveLength(0);
    expect(await emailJobs()).toHaveLength(0);
    await t.db.kysely.transaction().execute(async (trx) => {
      await svc().notify(
        t.fx.orgId,
        [{ userId: id('repShanghai'), kind: 'approval_pending', params: {} }],
        trx,
      );
    });
    expect(await rowsOf('repShanghai')).toHaveLength(1);
    expect(await emailJobs()).toHaveLength(1);
  });
});

describe('due-activity reminders', () => {
  const NOW = new Date('2026-11-28T02:00:00.000Z'); // 10:00 in Shanghai
  const at = (minutes: number, from = NOW) => new Date(from.getTime() + minutes * 60_000);
  const owner = () => id('repShanghai');

  async function activity(dueAt: Date | string | null, extra: { doneAt?: string; subject?: string } = {}) {
    const aid = newId();
    const ts = new Date().toISOString();
    await t.db.kysely
      .insertInto('activities')
      .values({
        id: aid,
        orgId: t.fx.orgId,
        type: 'call',
        subject: extra.subject ?? `回访 ${aid.slice(-4)}`,
        body: null,
        dueAt: dueAt === null ? null : typeof dueAt === 'string' ? dueAt : dueAt.toISOString(),
        doneAt: extra.doneAt ?? null,
        nextStep: null,
        location: null,
        relatedType: null,
        relatedId: null,
        accountId: null,
        ownerId: owner(),
        createdAt: ts,
        updatedAt: ts,
      })
      .execute();
    return aid;
  }
  const reminded = async () =>
    (await rowsOf('repShanghai'))
      .filter((r) => r.kind === 'activity_due')
      .map((r) => ({ refId: r.refId, params: JSON.parse(r.params) as Record<string, unknown> }));

  beforeEach(async () => {
    await t.db.kysely.deleteFrom('activities').execute();
  });

  it('reminds of activities due within 30 minutes (boundary included), not later, not done, not undated', async () => {
    const inside = await activity(at(10));
    const edge = await activity(at(30));
    const later = await activity(at(30.5));
    await activity(at(5), { doneAt: at(-60).toISOString() });
    await activity(null);
    expect(await svc().runDueReminders(NOW)).toBe(2);
    const got = await reminded();
    expect(got.map((r) => r.refId).sort()).toEqual([inside, edge].sort());
    expect(got.find((r) => r.refId === inside)!.params).toMatchObject({
      activityType: 'call',
      dueAt: at(10).toISOString(),
      overdue: 0,
    });
    // five minutes later the next one comes into the window; the others are not reminded again
    expect(await svc().runDueReminders(at(5))).toBe(1);
    expect((await reminded()).map((r) => r.refId)).toContain(later);
    expect(await svc().runDueReminders(at(5))).toBe(0);
  });

  it('reminds of what became overdue since the last run, and not of what was overdue before it', async () => {
    const old = await activity(at(-120));
    expect(await svc().runDueReminders(NOW)).toBe(0); // first run: only the last few minutes
    // created after that run with a due time that passed meanwhile (e.g. written late)
    const missed = await activity(at(2));
    // a 31-minute gap: it was never "due soon" in a run, and is overdue now
    expect(await svc().runDueReminders(at(40))).toBe(1);
    const got = await reminded();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ refId: missed, params: { overdue: 1 } });
    expect(got.map((r) => r.refId)).not.toContain(old);
  });

  it('reminds again when the activity is rescheduled, once per due time', async () => {
    const aid = await activity(at(20));
    expect(await svc().runDueReminders(NOW)).toBe(1);
    const later = at(25, at(60));
    await t.db.kysely
      .updateTable('activities')
      .set({ dueAt: later.toISOString() })
      .where('id', '=', aid)
      .execute();
    expect(await svc().runDueReminders(at(5))).toBe(0); // not yet within 30 minutes
    expect(await svc().runDueReminders(at(60))).toBe(1);
    expect(await svc().runDueReminders(at(65))).toBe(0);
    const keys = (await rowsOf('repShanghai')).map((r) => r.dedupeKey);
    expect(keys).toEqual([
      `activity_due:${aid}:${at(20).toISOString()}`,
      `activity_due:${aid}:${later.toISOString()}`,
    ]);
  });

  it('reads due times written with an offset', async () => {
    // 10:20 in Shanghai = 02:20Z
    const offset = await activity('2026-11-28T10:20:00+08:00');
    expect(await svc().runDueReminders(NOW)).toBe(1);
    expect((await reminded())[0]).toMatchObject({
      refId: offset,
      params: { dueAt: '2026-11-28T02:20:00.000Z' },
    });
  });

  it('uses the injected clock when none is passed', async () => {
    const aid = await activity(at(10));
    svc().clock = () => NOW;
    try {
      expect(await svc().runDueReminders()).toBe(1);
      expect((await reminded())[0]!.refId).toBe(aid);
    } finally {
      svc().clock = () => new Date();
    }
  });

  it('runs as the scheduled job type', async () => {
    await activity(new Date(Date.now() + 10 * 60_000));
    await t.services.jobs.enqueue('activities.due-reminders');
    expect(await t.services.jobs.runDue()).toBe(1);
    expect(await reminded()).toHaveLength(1);
    const failed = await t.db.kysely.selectFrom('jobs').selectAll().where('status', '=', 'failed').execute();
    expect(failed).toEqual([]);
  });
});

describe('approvals', () => {
  beforeEach(async () => {
    const admin = await t.as('admin');
    for (const r of (await admin.get('/api/v1/approvals/rules')).body.items)
      await admin.delete(`/api/v1/approvals/rules/${r.id}`);
  });

  it('notifies each approver of a new task and the submitter of the decision', async () => {
    const admin = await t.as('admin');
    const rule = await admin.post('/api/v1/approvals/rules', {
      businessType: 'discount',
      name: '两级折扣审批',
      steps: [{ approver: { type: 'manager' } }, { approver: { type: 'user', userId: id('director') } }],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const request = await t.services.approvals.submit(await actor('repShanghai'), {
      businessType: 'discount',
      businessId: newId(),
      title: '华东智造 折扣 20%',
      amount: 12_800_000,
      discountBp: 2000,
    });
    expect(request.status).toBe('pending');
    const pending = await rowsOf('managerEast');
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      kind: 'approval_pending',
      link: `/approvals?open=${request.id}`,
      refType: 'approval_request',
      refId: request.id,
      emailState: 'queued',
    });
    expect(JSON.parse(pending[0]!.params)).toEqual({
      businessType: 'discount',
      title: '华东智造 折扣 20%',
      submitterName: 'repShanghai',
      amount: 12_800_000,
    });
    expect(await rowsOf('director')).toHaveLength(0);

    // the manager approves: the director's step opens and he hears of it; the submitter not yet
    expect(
      (await (await t.as('managerEast')).post(`/api/v1/approvals/${request.id}/approve`, {})).status,
    ).toBe(200);
    expect((await rowsOf('director')).map((r) => r.kind)).toEqual(['approval_pending']);
    expect(await rowsOf('repShanghai')).toHaveLength(0);

    const r = await (
      await t.as('director')
    ).post(`/api/v1/approvals/${request.id}/reject`, {
      comment: '折扣过高',
    });
    expect(r.status).toBe(200);
    const decided = await rowsOf('repShanghai');
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatchObject({ kind: 'approval_decided', refId: request.id });
    expect(JSON.parse(decided[0]!.params)).toEqual({
      businessType: 'discount',
      title: '华东智造 折扣 20%',
      decision: 'rejected',
      approverName: 'director',
      comment: '折扣过高',
    });
  });

  it('says nothing when no rule applies (approved at once)', async () => {
    const request = await t.services.approvals.submit(await actor('repShanghai'), {
      businessType: 'discount',
      businessId: newId(),
      title: '小额折扣',
      amount: 1000,
    });
    expect(request.status).toBe('approved');
    expect(await t.db.kysely.selectFrom('notifications').selectAll().execute()).toHaveLength(0);
  });
});

describe('purge', () => {
  it('deletes messages read more than 90 days ago, keeps unread ones and mail still going out', async () => {
    const now = new Date('2026-11-28T02:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    const base = { kind: 'deal_stalled' as const, params: { dealName: 'x', stageName: 'y', days: 1 } };
    await svc().notify(t.fx.orgId, [
      { ...base, userId: id('repShanghai'), dedupeKey: 'old-read' },
      { ...base, userId: id('repShanghai'), dedupeKey: 'recent-read' },
      { ...base, userId: id('repShanghai'), dedupeKey: 'old-unread' },
      { ...base, userId: id('repShanghai'), dedupeKey: 'old-read-mail-queued' },
    ]);
    const set = (key: string, patch: { readAt: string | null; emailState?: string }) =>
      t.db.kysely.updateTable('notifications').set(patch).where('dedupeKey', '=', key).execute();
    await set('old-read', { readAt: daysAgo(91) });
    await set('recent-read', { readAt: daysAgo(89) });
    await set('old-unread', { readAt: null });
    await set('old-read-mail-queued', { readAt: daysAgo(200), emailState: 'queued' });
    expect(await svc().purgeRead(now)).toBe(1);
    expect((await rowsOf('repShanghai')).map((r) => r.dedupeKey).sort()).toEqual([
      'old-read-mail-queued',
      'old-unread',
      'recent-read',
    ]);
    expect(await svc().purgeRead(now)).toBe(0);
  });
});
