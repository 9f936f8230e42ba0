import type { Insertable } from 'kysely';
import type { NotificationKind } from '@tuoke/shared';
import type { Database } from '../db/schema.js';
import { addDays, localDate, weekStart } from '../lib/dates.js';
import type { DemoRows } from './demo-build.js';
import { createRng, seededUuidV7 } from './random.js';

export interface DemoNotificationRows {
  notifications: Insertable<Database['notifications']>[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * 通知中心: a few days of notifications for the people the demo signs in as, built from the
 * demo's own records (the rep's open deals, activities and customers; the 华东 manager's team):
 * the recent ones unread, older ones read. No e-mail went out (the demo has no mail server).
 */
export function buildDemoNotifications(rows: DemoRows, now: Date): DemoNotificationRows {
  const idRng = createRng(20_261_128_3);
  const out: DemoNotificationRows = { notifications: [] };
  const orgId = String(rows.organizations[0]!.id);
  const user = (key: string) => rows.users.find((u) => u.email === `${key}@tuoke.demo`);
  const rep = user('rep');
  const manager = user('manager');
  const director = user('director');
  const admin = user('admin');
  if (!rep || !manager || !admin) return out;
  const repId = String(rep.id);
  const nowMs = now.getTime();
  const today = localDate(now);
  const yesterday = addDays(today, -1);

  const add = (
    userId: string,
    kind: NotificationKind,
    minutesAgo: number,
    read: boolean,
    params: Record<string, string | number | null>,
    link: string | null,
    ref: [string, string] | null = null,
  ) => {
    const at = nowMs - minutesAgo * MINUTE;
    out.notifications.push({
      id: seededUuidV7(idRng, at),
      orgId,
      userId,
      kind,
      params: JSON.stringify(params),
      link,
      refType: ref?.[0] ?? null,
      refId: ref?.[1] ?? null,
      dedupeKey: null,
      createdAt: iso(at),
      readAt: read ? iso(at + 2 * HOUR) : null,
      inApp: 1,
      emailState: 'none',
      emailedAt: null,
      emailError: null,
    });
  };

  const accountName = new Map(rows.accounts.map((a) => [String(a.id), String(a.name)]));
  const stageName = new Map(rows.pipelineStages.map((s) => [String(s.id), String(s.name)]));
  const openDeals = rows.opportunities
    .filter((o) => o.ownerId === repId && o.status === 'open')
    .sort((a, b) => String(a.updatedAt).localeCompare(String(b.updatedAt)));
  const repAccounts = rows.accounts.filter((a) => a.ownerId === repId);
  const soon = rows.activities
    .filter((a) => a.ownerId === repId && !a.doneAt && a.dueAt && Date.parse(String(a.dueAt)) > nowMs)
    .sort((a, b) => String(a.dueAt).localeCompare(String(b.dueAt)))[0];

  // The rep (李娜 or whoever rep@ is): a due activity, a stalled deal, the manager's comment, …
  if (soon) {
    const accountId = soon.accountId ? String(soon.accountId) : null;
    add(
      repId,
      'activity_due',
      12,
      false,
      {
        subject: String(soon.subject),
        activityType: String(soon.type),
        dueAt: new Date(Date.parse(String(soon.dueAt))).toISOString(),
        overdue: 0,
        accountName: accountId ? (accountName.get(accountId) ?? null) : null,
      },
      accountId ? `/accounts/${accountId}` : '/activities',
      ['activity', String(soon.id)],
    );
    // the key the due-reminders job uses, so it does not remind of the same due time again
    out.notifications[out.notifications.length - 1]!.dedupeKey =
      `activity_due:${String(soon.id)}:${new Date(Date.parse(String(soon.dueAt))).toISOString()}`;
  }
  const stalled = openDeals[0];
  if (stalled)
    add(
      repId,
      'deal_stalled',
      95,
      false,
      {
        dealName: String(stalled.name),
        stageName: stageName.get(String(stalled.stageId)) ?? null,
        days: Math.max(14, Math.round((nowMs - Date.parse(String(stalled.updatedAt))) / (24 * HOUR))),
        accountName: accountName.get(String(stalled.accountId)) ?? null,
      },
      `/opportunities/${stalled.id}`,
      ['opportunity', String(stalled.id)],
    );
  add(
    repId,
    'report_comment',
    140,
    false,
    {
      authorName: String(manager.name),
      reportType: 'daily',
      period: yesterday,
      excerpt: '报价前先和客户确认实施范围，周五例会上过一下。',
    },
    '/activities',
  );
  const noNext = openDeals[1];
  if (noNext)
    add(
      repId,
      'deal_no_next_step',
      60 * 20,
      true,
      {
        dealName: String(noNext.name),
        accountName: accountName.get(String(noNext.accountId)) ?? null,
      },
      `/opportunities/${noNext.id}`,
      ['opportunity', String(noNext.id)],
    );
  const forgotten = repAccounts[repAccounts.length - 1];
  if (forgotten)
    add(
      repId,
      'customer_forgotten',
      60 * 26,
      true,
      { accountName: String(forgotten.name), days: 45 },
      `/accounts/${forgotten.id}`,
      ['account', String(forgotten.id)],
    );
  add(
    repId,
    'action_item_assigned',
    60 * 50,
    true,
    {
      title: '补齐所有进行中商机的下一步与日期',
      dueDate: addDays(today, 2),
      meetingTitle: '华东大区周例会',
      assignerName: String(manager.name),
    },
    '/activities',
  );
  add(
    repId,
    'approval_decided',
    60 * 74,
    true,
    {
      businessType: 'quote',
      title: stalled ? `${String(stalled.name)} 报价` : '年度服务报价',
      decision: 'approved',
      approverName: String(manager.name),
      comment: '价格可以，注意付款节点。',
    },
    '/approvals',
  );

  // The 华东 manager: what his team needs from him.
  const managerId = String(manager.id);
  const teamReps = rows.users.filter((u) => u.managerId === managerId && /^rep/.test(String(u.email)));
  const rep2 = teamReps.find((u) => u.id !== rep.id) ?? rep;
  const teamAccount = (i: number) => {
    const owned = rows.accounts.filter((a) => teamReps.some((u) => u.id === a.ownerId));
    return owned[i % Math.max(owned.length, 1)];
  };
  add(
    managerId,
    'approval_pending',
    25,
    false,
    {
      businessType: 'quote',
      title: stalled ? `${String(stalled.name)} 报价（折扣 12%）` : '年度服务报价（折扣 12%）',
      submitterName: String(rep.name),
      amount: stalled ? Number(stalled.amount ?? 0) || 38_600_000 : 38_600_000,
    },
    '/approvals',
  );
  const missedAt = teamAccount(3);
  if (missedAt)
    add(
      managerId,
      'visit_missed',
      70,
      false,
      { repName: String(rep2.name), accountName: String(missedAt.name), plannedDate: yesterday },
      `/accounts/${missedAt.id}`,
      ['account', String(missedAt.id)],
    );
  add(
    managerId,
    'report_missing',
    110,
    false,
    { reportType: 'daily', period: yesterday, repName: String(rep2.name) },
    null,
  );
  const farAt = teamAccount(7);
  if (farAt)
    add(
      managerId,
      'visit_far_checkin',
      60 * 22,
      true,
      { repName: String(rep.name), accountName: String(farAt.name), distanceM: 2350 },
      `/accounts/${farAt.id}`,
      ['account', String(farAt.id)],
    );
  add(
    managerId,
    'report_submitted',
    60 * 15,
    true,
    { repName: String(rep.name), reportType: 'daily', period: yesterday },
    null,
  );
  add(
    managerId,
    'supervision_digest',
    60 * 30,
    true,
    { teamName: '华东大区', noNextStep: 6, stalled: 4, overdueTasks: 9, forgotten: 3 },
    '/supervision',
  );
  add(
    managerId,
    'meeting_scheduled',
    60 * 49,
    true,
    {
      title: '华东大区周例会',
      startsAt: iso(Date.parse(`${addDays(weekStart(today), 4)}T16:00:00+08:00`)),
      organizerName: String(manager.name),
    },
    null,
  );

  // The director and the administrator: the weekly picture, and an approval.
  if (director)
    add(
      String(director.id),
      'supervision_digest',
      45,
      false,
      { teamName: '销售部', noNextStep: 17, stalled: 11, overdueTasks: 23, forgotten: 8 },
      '/supervision',
    );
  add(
    String(admin.id),
    'approval_pending',
    35,
    false,
    {
      businessType: 'contract',
      title: '年度框架合同（付款方式变更）',
      submitterName: String(manager.name),
      amount: 126_000_000,
    },
    '/approvals',
  );
  return out;
}
