import type { Insertable } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDays, localDate } from '../lib/dates.js';
import type { DemoRows } from './demo-build.js';
import { createRng, seededUuidV7 } from './random.js';

export interface DemoMeetingsRows {
  activities: Insertable<Database['activities']>[];
  meetings: Insertable<Database['meetings']>[];
  meetingAttendees: Insertable<Database['meetingAttendees']>[];
  meetingOpportunities: Insertable<Database['meetingOpportunities']>[];
  meetingActionItems: Insertable<Database['meetingActionItems']>[];
}

const HOUR = 3_600_000;
/** A China-time wall clock moment on `date` (YYYY-MM-DD) as epoch ms. */
const cst = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);
const iso = (ms: number) => new Date(ms).toISOString();

const NOTES = `【上周回顾】
- 李娜：两单进入方案报价，客户关注实施周期与本地化服务。
- 张伟：上海区域一单输给竞品，主要原因是价格；复盘报价策略。
- 徐静：浙江组回款推进顺利，本月目标过半。

【本周重点】
1. 所有进行中的商机补齐下一步与日期，周三前完成。
2. 停滞超过两周的商机逐一过会，决定推进或关闭。
3. 重点客户回款：月底前确认到账时间。

【风险】
- 两家客户预算冻结至明年一季度，需调整预计成交日期。`;

/** What was agreed last week: [owner key, title, due in days after the meeting, done?]. */
const ITEMS: [string, string, number, boolean][] = [
  ['rep', '给重点客户发送正式报价并确认技术交流时间', 2, true],
  ['rep2', '整理输单复盘：价格对比与竞品方案差异', 3, true],
  ['rep', '补齐所有进行中商机的下一步与日期', 4, false],
  ['rep3', '跟进两笔逾期回款，确认到账日期', 5, false],
  ['rep2', '约上海区域两家停滞客户面谈，决定推进或关闭', 9, false],
];

/**
 * 华东大区's sales meetings: last week's weekly meeting (held, with notes and action items, two
 * done and three open), this week's (planned; its agenda carries the open items over), and a
 * deal review of the team's three largest open deals. Weekly meetings are on Friday 16:00 China
 * time: the latest one that is over (held) and the one a week later (planned).
 */
export function buildDemoMeetings(rows: DemoRows, now: Date): DemoMeetingsRows {
  const idRng = createRng(20_261_128_6);
  const orgId = String(rows.organizations[0]!.id);
  const out: DemoMeetingsRows = {
    activities: [],
    meetings: [],
    meetingAttendees: [],
    meetingOpportunities: [],
    meetingActionItems: [],
  };
  const user = (key: string) => rows.users.find((u) => u.email === `${key}@tuoke.demo`)!;
  const team = rows.teams.find((t) => t.name === '华东大区');
  if (!team) return out;
  const manager = String(user('manager').id);
  const people = ['manager', 'rep', 'rep2', 'rep3'].map((k) => String(user(k).id));

  const nowMs = now.getTime();
  const today = localDate(now);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  // the latest Friday whose meeting was over two hours ago; this week's is a week after it
  let lastFriday = addDays(today, -((weekday - 5 + 7) % 7));
  if (cst(lastFriday, '18:00') > nowMs) lastFriday = addDays(lastFriday, -7);
  const nextFriday = addDays(lastFriday, 7);
  // the deal review: the next working day
  let reviewDay = addDays(today, 1);
  while ([0, 6].includes(new Date(`${reviewDay}T00:00:00Z`).getUTCDay())) reviewDay = addDays(reviewDay, 1);

  const meeting = (
    kind: string,
    title: string,
    at: number,
    status: string,
    extra: Partial<Insertable<Database['meetings']>> = {},
  ) => {
    const createdAt = Math.min(at - 3 * 24 * HOUR, nowMs - HOUR);
    const id = seededUuidV7(idRng, createdAt);
    out.meetings.push({
      id,
      orgId,
      teamId: String(team.id),
      kind,
      title,
      scheduledAt: iso(at),
      durationMinutes: kind === 'deal_review' ? 90 : 60,
      location: '杭州总部 6F 大会议室',
      onlineUrl: 'https://meeting.tencent.com/dm/tuoke-east',
      organizerId: manager,
      status,
      notes: null,
      agendaSnapshot: null,
      heldAt: null,
      cancelledAt: null,
      cancelReason: null,
      createdBy: manager,
      createdAt: iso(createdAt),
      updatedAt: iso(createdAt),
      version: 1,
      ...extra,
    });
    for (const userId of people) out.meetingAttendees.push({ meetingId: id, userId, orgId });
    return id;
  };

  // Last week's, held. Its agenda snapshot is taken the first time it is read (as of when it was held).
  const heldAt = cst(lastFriday, '17:10');
  const held = meeting('weekly', `华东大区周会 ${lastFriday.slice(5)}`, cst(lastFriday, '16:00'), 'held', {
    notes: NOTES,
    heldAt: iso(heldAt),
    updatedAt: iso(heldAt),
    version: 3,
  });
  meeting('weekly', `华东大区周会 ${nextFriday.slice(5)}`, cst(nextFriday, '16:00'), 'planned', {
    notes: '1. 上周待办逐项过\n2. 各人本周商机变化与停滞商机\n3. 本月回款进度',
  });

  // Action items of last week's meeting, each with its owner's task.
  const openDealOf = (ownerId: string, skip: number) =>
    rows.opportunities
      .filter((o) => o.ownerId === ownerId && o.status === 'open')
      .sort((a, b) => Number(b.amount) - Number(a.amount))[skip];
  ITEMS.forEach(([key, title, days, done], i) => {
    const ownerId = String(user(key).id);
    const dueDate = addDays(lastFriday, days);
    const deal = i % 2 === 0 ? openDealOf(ownerId, i) : undefined;
    const createdAt = cst(lastFriday, '16:40') + i * 60_000;
    const doneAt = done ? iso(Math.min(cst(dueDate, '11:00'), nowMs - HOUR)) : null;
    const activityId = seededUuidV7(idRng, createdAt);
    out.activities.push({
      id: activityId,
      orgId,
      type: 'task',
      subject: title,
      body: `会议待办 · 华东大区周会 ${lastFriday.slice(5)}`,
      dueAt: iso(cst(dueDate, '23:59') + 59_000),
      doneAt,
      nextStep: null,
      location: null,
      relatedType: deal ? 'opportunity' : null,
      relatedId: deal ? String(deal.id) : null,
      accountId: deal ? String(deal.accountId) : null,
      ownerId,
      createdAt: iso(createdAt),
      updatedAt: doneAt ?? iso(createdAt),
      version: done ? 2 : 1,
    });
    out.meetingActionItems.push({
      id: seededUuidV7(idRng, createdAt),
      orgId,
      meetingId: held,
      title,
      ownerId,
      dueDate,
      status: done ? 'done' : 'open',
      doneAt,
      opportunityId: deal ? String(deal.id) : null,
      activityId,
      createdBy: manager,
      createdAt: iso(createdAt),
      updatedAt: doneAt ?? iso(createdAt),
      version: done ? 2 : 1,
    });
  });

  // A deal review of the team's three largest open deals, the next working day at 14:00.
  const review = meeting('deal_review', '华东重点商机评审', cst(reviewDay, '14:00'), 'planned', {
    notes: '每单过：决策链、竞争态势、下一步与日期、需要的支持。',
  });
  const reps = new Set(people.slice(1));
  rows.opportunities
    .filter((o) => o.status === 'open' && reps.has(String(o.ownerId)))
    .sort((a, b) => Number(b.amount) - Number(a.amount))
    .slice(0, 3)
    .forEach((o, position) =>
      out.meetingOpportunities.push({ meetingId: review, opportunityId: String(o.id), orgId, position }),
    );
  return out;
}
