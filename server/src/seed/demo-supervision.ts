import type { Insertable } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDays, localDate } from '../lib/dates.js';
import type { DemoRows } from './demo-build.js';
import { CALL_TOPICS, EMAIL_SUBJECTS, MEETING_TOPICS, NEXT_STEPS, TASK_SUBJECTS } from './demo-data.js';
import { createRng, seededUuidV7 } from './random.js';

export interface DemoSupervisionRows {
  supervisionSettings: Insertable<Database['supervisionSettings']>[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
/** A China-time wall clock moment on a calendar date. */
const cst = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);

/** Stall days of the default pipeline's stages (the rest: the organisation's default, 14). */
const STALL_DAYS: Record<string, number> = { 初步接洽: 21, 商务谈判: 7 };

const OVERDUE_TASKS = [
  '发送修改后的报价单',
  '回复客户技术问题清单',
  '提交项目实施计划',
  '跟进合同法务意见',
  '确认演示环境账号',
  '整理会议纪要发给客户',
  '预约客户高层拜访',
  '补充资质文件',
] as const;

/**
 * 督导 in the demo, on its own random stream (so every other row keeps its values): the open
 * deals' next steps get dates (most ahead, some past, some still without one), two stages of the
 * default pipeline their own stall days, most deals a recent touch (the rest stay stalled), a
 * dozen tasks are left overdue, and most reps a customer not contacted for over a month (遗忘客户).
 * A-level customers are forgotten after 10 days instead of 30 (the pool takes them back after 15).
 */
export function buildDemoSupervision(rows: DemoRows, now: Date): DemoSupervisionRows {
  const rng = createRng(20_261_205);
  const nowMs = now.getTime();
  const today = localDate(now);
  const orgId = String(rows.organizations[0]!.id);

  for (const stage of rows.pipelineStages) {
    const days = STALL_DAYS[String(stage.name)];
    if (days) stage.stallDays = days;
  }

  const open = rows.opportunities.filter((o) => o.status === 'open');
  for (const o of open) {
    if (!o.nextStep) {
      // some keep no next step at all (无下一步); the rest got one since
      if (rng.chance(0.2)) continue;
      o.nextStep = rng.pick(NEXT_STEPS);
    }
    const roll = rng.next();
    if (roll < 0.06) o.nextStepDate = null;
    else if (roll < 0.16) o.nextStepDate = addDays(today, -rng.int(1, 9));
    else o.nextStepDate = addDays(today, rng.int(0, 12));
  }

  // Most deals were worked on lately: a call or e-mail within their stall window for three in
  // four of those the year of activities left untouched for longer; the rest stay stalled.
  const stallOf = new Map(rows.pipelineStages.map((s) => [String(s.id), s.stallDays ?? 14]));
  const lastTouch = new Map<string, number>();
  const touch = (id: string, at: string | null | undefined) => {
    if (!at) return;
    const ms = Date.parse(at);
    if (ms <= nowMs && ms > (lastTouch.get(id) ?? 0)) lastTouch.set(id, ms);
  };
  for (const a of rows.activities)
    if (a.relatedType === 'opportunity' && a.relatedId) touch(String(a.relatedId), a.doneAt);
  for (const h of rows.opportunityStageHistory) touch(String(h.opportunityId), h.enteredAt);
  for (const o of open) {
    const days = stallOf.get(String(o.stageId)) ?? 14;
    const last = lastTouch.get(String(o.id)) ?? Date.parse(String(o.createdAt));
    if (nowMs - last < (days - 1) * DAY || !rng.chance(0.75)) continue;
    const at = cst(addDays(today, -rng.int(1, days - 2)), rng.pick(['09:40', '10:15', '14:20', '16:05']));
    const type = rng.pick(['call', 'call', 'email', 'visit'] as const);
    rows.activities.push({
      id: seededUuidV7(rng, at),
      orgId,
      type,
      subject:
        type === 'call'
          ? `电话沟通：${rng.pick(CALL_TOPICS)}`
          : type === 'email'
            ? rng.pick(EMAIL_SUBJECTS)
            : `拜访客户：${rng.pick(MEETING_TOPICS)}`,
      body: null,
      dueAt: type === 'visit' ? iso(at) : null,
      doneAt: iso(at),
      nextStep: o.nextStep ?? null,
      location: null,
      relatedType: 'opportunity',
      relatedId: String(o.id),
      accountId: String(o.accountId),
      ownerId: String(o.ownerId),
      createdAt: iso(at),
      updatedAt: iso(at),
    });
  }

  // tasks due in the last days and not done, on open deals and their accounts
  const accountOwner = new Map(rows.accounts.map((a) => [String(a.id), a.ownerId ?? null]));
  const picked = rng.sample(open, Math.min(14, open.length));
  picked.forEach((o, k) => {
    const due = cst(addDays(today, -rng.int(0, 8)), rng.pick(['09:30', '11:00', '14:00', '17:30']));
    const dueMs = due < nowMs ? due : nowMs - 2 * HOUR;
    const createdMs = dueMs - rng.int(2, 6) * DAY;
    const onAccount = k % 4 === 3 && accountOwner.get(String(o.accountId)) === o.ownerId;
    rows.activities.push({
      id: seededUuidV7(rng, createdMs),
      orgId,
      type: 'task',
      subject: k % 2 === 0 ? rng.pick(OVERDUE_TASKS) : rng.pick(TASK_SUBJECTS),
      body: null,
      dueAt: iso(dueMs),
      doneAt: null,
      nextStep: null,
      location: null,
      relatedType: onAccount ? 'account' : 'opportunity',
      relatedId: onAccount ? String(o.accountId) : String(o.id),
      accountId: String(o.accountId),
      ownerId: String(o.ownerId),
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs),
    });
  });

  // 遗忘客户: most reps have a smaller customer (C/D, no open deal) last contacted three to four
  // weeks ago; its follow-ups move back a few weeks, so it is forgotten (30 days) well before the
  // pools' reclaim rules for those levels (90 and 120 days) would take it back.
  const lastDone = new Map<string, number>();
  for (const a of rows.activities) {
    if (!a.accountId || !a.doneAt) continue;
    const ms = Date.parse(String(a.doneAt));
    if (ms <= nowMs && ms > (lastDone.get(String(a.accountId)) ?? 0)) lastDone.set(String(a.accountId), ms);
  }
  const withOpenDeal = new Set(open.map((o) => String(o.accountId)));
  const reps = rows.users.filter((u) => u.role === 'sales_rep' && u.active !== 0);
  for (const rep of reps) {
    if (!rng.chance(0.7)) continue;
    const candidates = rows.accounts.filter((a) => {
      const last = lastDone.get(String(a.id));
      const age = last === undefined ? 0 : nowMs - last;
      return (
        a.ownerId === rep.id &&
        (a.level === 'C' || a.level === 'D') &&
        !withOpenDeal.has(String(a.id)) &&
        age > 15 * DAY &&
        age < 29 * DAY
      );
    });
    if (candidates.length === 0) continue;
    const account = rng.pick(candidates);
    const last = lastDone.get(String(account.id))!;
    const shift = nowMs - rng.int(31, 50) * DAY - last;
    const floor = Date.parse(String(account.createdAt)) + HOUR;
    for (const a of rows.activities) {
      if (a.accountId !== account.id || !a.doneAt) continue;
      const move = (v: unknown) => (v ? iso(Math.max(floor, Date.parse(String(v)) + shift)) : null);
      a.doneAt = move(a.doneAt);
      a.dueAt = move(a.dueAt);
      a.createdAt = move(a.createdAt)!;
      a.updatedAt = move(a.updatedAt)!;
    }
  }

  return {
    supervisionSettings: [
      {
        orgId,
        defaultStallDays: 14,
        forgottenDays: 30,
        forgottenDaysA: 10,
        forgottenDaysB: null,
        forgottenDaysC: null,
        forgottenDaysD: null,
        notifyOwners: 1,
        notifyManagers: 1,
        updatedAt: iso(nowMs - 30 * DAY),
      },
    ],
  };
}
