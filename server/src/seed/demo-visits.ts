import type { Insertable } from 'kysely';
import { haversineMeters } from '@tuoke/shared';
import type { Database } from '../db/schema.js';
import { addDays, localDate, weekStart } from '../lib/dates.js';
import type { DemoRows } from './demo-build.js';
import { createRng, seededUuidV7 } from './random.js';

export interface DemoVisitRows {
  visits: Insertable<Database['visits']>[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
/** A China-time wall clock moment on a calendar date. */
const cst = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);

const PURPOSES = [
  '需求调研',
  '方案演示',
  '商务洽谈',
  '技术交流',
  '项目启动会',
  '回款跟进',
  '售后回访',
  '关系维护',
  '现场勘查',
  '合同条款沟通',
] as const;

/** What a rep writes at check-out, and the next step agreed with the customer. */
const OUTCOMES: readonly (readonly [string, string | null])[] = [
  ['客户认可整体方案，对排产和质量追溯模块兴趣较大，需内部评估预算。', '发送正式报价单'],
  ['和 IT 负责人过了一遍接口清单，现有 ERP 是用友 U8，对接难度不大。', '提交接口对接方案'],
  ['采购部确认年底前有预算，但要求再比一家同类厂商。', '准备竞品对比材料'],
  ['参观了二号车间，现场数据采集点约 40 个，设备以西门子 PLC 为主。', '出具现场勘查报告'],
  ['财务确认第二期款已走审批，预计下周付款。', '下周三电话确认到账'],
  ['系统上线三个月运行平稳，客户提出报表导出的优化需求。', '提交报表优化需求单'],
  ['总经理出差，见了生产副总，对方建议下次带成功案例来。', '约总经理时间，带案例再访'],
  ['合同条款基本谈妥，付款比例改为 3-6-1，法务下周回复。', '跟进法务审核意见'],
  ['客户计划明年二季度扩建新产线，可作为二期项目切入。', '整理二期项目建议书'],
  ['送去了新版产品手册，顺便了解到竞品近期也在接触。', null],
  ['项目启动会顺利召开，双方确认了项目组成员和里程碑。', '发出项目周报模板'],
  ['客户对上次演示的移动端审批很满意，希望试用两周。', '开通试用账号'],
];

const SLOTS = ['09:30', '10:00', '10:30', '14:00', '14:30', '15:30', '16:00'] as const;

type Outcome = 'on_time' | 'late' | 'missed' | 'cancelled';

/** The demo reps whose visits are planned, and how reliable each one is. */
const REPS: { email: string; weights: readonly (readonly [Outcome, number])[] }[] = [
  // the one the demo signs in as: last week is scripted (SCRIPT), this week mostly on time
  {
    email: 'rep@tuoke.demo',
    weights: [
      ['on_time', 8],
      ['late', 1],
    ],
  },
  {
    email: 'rep2@tuoke.demo',
    weights: [
      ['on_time', 8],
      ['late', 1],
      ['missed', 1],
    ],
  },
  {
    email: 'rep3@tuoke.demo',
    weights: [
      ['on_time', 5],
      ['late', 3],
      ['missed', 2],
      ['cancelled', 1],
    ],
  },
  {
    email: 'rep4@tuoke.demo',
    weights: [
      ['on_time', 7],
      ['late', 2],
      ['cancelled', 1],
    ],
  },
  {
    email: 'rep6@tuoke.demo',
    weights: [
      ['on_time', 6],
      ['late', 2],
      ['missed', 2],
    ],
  },
];

/** 李娜's previous week, visit by visit: mostly on time, one late, one missed, one far check-in. */
const SCRIPT: readonly Outcome[] = ['on_time', 'on_time', 'late', 'on_time', 'missed', 'on_time'];

/** A point `meters` away from `p` in direction `bearing` (radians), on a local flat approximation. */
function offset(p: { latitude: number; longitude: number }, meters: number, bearing: number) {
  const dLat = (meters * Math.cos(bearing)) / 111_320;
  const dLng = (meters * Math.sin(bearing)) / (111_320 * Math.cos((p.latitude * Math.PI) / 180));
  return {
    latitude: Math.round((p.latitude + dLat) * 1e6) / 1e6,
    longitude: Math.round((p.longitude + dLng) * 1e6) / 1e6,
  };
}

/**
 * Visit plans of five reps for the previous and the current week (and the next few days of the
 * demo rep), resolved against `now`: visits in the past were checked in on time or late, missed or
 * cancelled; checked-out ones have their outcome as an activity of type visit (pushed onto
 * rows.activities, so timelines and reports see them); one check-in of the demo rep was far from
 * the customer, and a few were made without a plan. Mutates `rows.activities`. Call after the
 * pools builder (it takes accounts from their owners): only accounts a rep still owns are visited.
 */
export function buildDemoVisits(rows: DemoRows, now: Date): DemoVisitRows {
  const rng = createRng(2026_11_28_1);
  const idRng = createRng(2026_11_28_2);
  const nowMs = now.getTime();
  const orgId = String(rows.organizations[0]!.id);
  const out: DemoVisitRows = { visits: [] };
  const monday = weekStart(localDate(now));
  const weeks = [addDays(monday, -7), monday];
  let farDone = false;

  for (const spec of REPS) {
    const user = rows.users.find((u) => u.email === spec.email);
    if (!user) continue;
    const repId = String(user.id);
    const owned = rows.accounts.filter((a) => a.ownerId === repId);
    const located = owned.filter((a) => a.latitude != null);
    const unlocated = owned.filter((a) => a.latitude == null);
    if (located.length === 0) continue;
    const accountsFor = rng.sample(located, 8);
    // one customer without a location yet: its check-ins say so
    if (unlocated.length) accountsFor.push(unlocated[0]!);
    const isDemoRep = spec.email === 'rep@tuoke.demo';

    const addVisit = (
      account: (typeof owned)[number],
      plannedMs: number,
      outcome: Outcome,
      opts: { far?: boolean; planned?: boolean } = {},
    ) => {
      const planned = opts.planned !== false;
      const deals = rows.opportunities.filter(
        (o) => o.accountId === account.id && o.ownerId === repId && o.status === 'open',
      );
      const deal = deals.length && rng.chance(0.7) ? rng.pick(deals) : null;
      const contacts = rows.contacts.filter((c) => c.accountId === account.id);
      const contact = contacts.length && rng.chance(0.8) ? contacts[0]! : null;
      const purpose = planned || rng.chance(0.5) ? rng.pick(PURPOSES) : null;
      // plans are made the Friday before the week, or the day before for this week's additions
      const createdMs = planned
        ? Math.min(nowMs, plannedMs - rng.int(1, 4) * DAY + rng.int(0, 6) * HOUR)
        : plannedMs;
      const id = seededUuidV7(idRng, createdMs);
      const visit: Insertable<Database['visits']> = {
        id,
        orgId,
        ownerId: repId,
        accountId: String(account.id),
        contactId: contact ? String(contact.id) : null,
        opportunityId: deal ? String(deal.id) : null,
        plannedAt: iso(plannedMs),
        purpose,
        status: 'planned',
        planned: planned ? 1 : 0,
        checkedInAt: null,
        checkInLatitude: null,
        checkInLongitude: null,
        checkInAccuracy: null,
        distanceM: null,
        locationFlag: null,
        checkedOutAt: null,
        checkOutLatitude: null,
        checkOutLongitude: null,
        checkOutAccuracy: null,
        outcome: null,
        nextStep: null,
        nextStepDate: null,
        activityId: null,
        cancelledAt: null,
        cancelReason: null,
        createdBy: repId,
        createdAt: iso(createdMs),
        updatedAt: iso(createdMs),
        // every row names every column: SQLite fills a multi-row insert's missing ones with NULL
        version: 1,
      };
      out.visits.push(visit);
      if (outcome === 'cancelled') {
        const cancelledMs = Math.min(plannedMs - 3 * HOUR, nowMs);
        if (cancelledMs <= createdMs) return;
        Object.assign(visit, {
          status: 'cancelled',
          cancelledAt: iso(cancelledMs),
          cancelReason: rng.pick(['客户临时出差', '客户改期到下周', '对方负责人生病请假']),
          updatedAt: iso(cancelledMs),
          version: 2,
        });
        return;
      }
      if (outcome === 'missed') return;
      const checkInMs = planned
        ? plannedMs +
          (outcome === 'late' ? rng.int(70, 150) : rng.int(-15, 35)) * MINUTE +
          rng.int(0, 59) * 1000
        : plannedMs;
      if (checkInMs > nowMs) return; // not there yet
      const home = { latitude: Number(account.latitude ?? NaN), longitude: Number(account.longitude ?? NaN) };
      const hasLocation = account.latitude != null;
      // where the rep stood: near the door, or (once) on the wrong side of the district
      const base = hasLocation ? home : { latitude: 30.2741, longitude: 120.1551 };
      const at = offset(base, opts.far ? rng.int(1400, 2300) : rng.int(15, 260), rng.next() * 2 * Math.PI);
      const distanceM = hasLocation ? Math.round(haversineMeters(home, at)) : null;
      Object.assign(visit, {
        status: 'checked_in',
        checkedInAt: iso(checkInMs),
        checkInLatitude: at.latitude,
        checkInLongitude: at.longitude,
        checkInAccuracy: rng.int(8, 45),
        distanceM,
        locationFlag: distanceM === null ? 'no_location' : distanceM > 500 ? 'far' : 'near',
        updatedAt: iso(checkInMs),
        version: 2,
      });
      const checkOutMs = checkInMs + rng.int(40, 110) * MINUTE;
      if (checkOutMs > nowMs) return; // still with the customer
      const [text, nextStep] = rng.pick(OUTCOMES);
      const nextStepDate = nextStep ? localDate(new Date(checkOutMs + rng.int(2, 7) * DAY)) : null;
      const away = offset(at, rng.int(0, 30), rng.next() * 2 * Math.PI);
      const activityId = seededUuidV7(idRng, checkOutMs);
      rows.activities.push({
        id: activityId,
        orgId,
        type: 'visit',
        subject: purpose ? `${account.name}：${purpose}`.slice(0, 200) : String(account.name),
        body: text,
        dueAt: planned ? iso(plannedMs) : null,
        doneAt: iso(checkOutMs),
        nextStep,
        location: account.address ?? null,
        relatedType: deal ? 'opportunity' : 'account',
        relatedId: deal ? String(deal.id) : String(account.id),
        accountId: String(account.id),
        ownerId: repId,
        createdAt: iso(checkOutMs),
        updatedAt: iso(checkOutMs),
      });
      Object.assign(visit, {
        status: 'completed',
        checkedOutAt: iso(checkOutMs),
        checkOutLatitude: away.latitude,
        checkOutLongitude: away.longitude,
        checkOutAccuracy: rng.int(8, 45),
        outcome: text,
        nextStep,
        nextStepDate,
        activityId,
        updatedAt: iso(checkOutMs),
        version: 3,
      });
    };

    weeks.forEach((week, w) => {
      const scripted = isDemoRep && w === 0;
      const count = scripted ? SCRIPT.length : rng.int(5, 7);
      for (let i = 0; i < count; i++) {
        // a morning visit each weekday, a second one in the afternoon on Monday and Tuesday
        const slot = i < 5 ? rng.pick(SLOTS.slice(0, 3)) : rng.pick(SLOTS.slice(3));
        const plannedMs = cst(addDays(week, i % 5), slot);
        const far = scripted && i === SCRIPT.length - 1 && !farDone;
        if (far) farDone = true;
        const account = far ? accountsFor[0]! : accountsFor[i % accountsFor.length]!;
        let outcome: Outcome = scripted ? SCRIPT[i]! : rng.weighted(spec.weights);
        // what has not happened yet is only planned (a missed one needs its time to have passed)
        if (plannedMs + HOUR >= nowMs && outcome !== 'cancelled') outcome = 'on_time';
        addVisit(account, plannedMs, outcome, { far });
      }
      // one visit a week without a plan, on a Wednesday or Thursday afternoon
      const spotMs = cst(addDays(week, rng.int(2, 3)), '16:40') + rng.int(0, 40) * MINUTE;
      if (spotMs < nowMs) addVisit(rng.pick(accountsFor), spotMs, 'on_time', { planned: false });
    });
    // the demo rep (and 张伟) have already planned the first days of next week
    if (isDemoRep || spec.email === 'rep2@tuoke.demo') {
      const next = addDays(monday, 7);
      addVisit(accountsFor[0]!, cst(next, '10:00'), 'on_time');
      addVisit(accountsFor[1 % accountsFor.length]!, cst(addDays(next, 1), '14:30'), 'on_time');
    }
  }
  return out;
}
