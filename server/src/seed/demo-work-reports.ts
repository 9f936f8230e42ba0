import type { Insertable, Kysely } from 'kysely';
import type { WorkReportFacts } from '@tuoke/shared';
import type { Database } from '../db/schema.js';
import { addDays, localDate, weekStart } from '../lib/dates.js';
import { DirectoryCache } from '../modules/access/index.js';
import { WorkReportsService, deadlineOf, ruleApplies, type RuleSpec } from '../modules/work-reports/index.js';
import { createRng, seededUuidV7, type Rng } from './random.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The demo's report rules: reps write a daily by 19:00 on workdays; reps and managers a weekly by Friday 20:00. */
export const DEMO_REPORT_RULES = {
  daily: { name: '销售日报', dueTime: '19:00', weekdays: [1, 2, 3, 4, 5], lateDays: 2 },
  weekly: { name: '销售周报', dueTime: '20:00', weekdays: [5], lateDays: 3 },
} as const;

const PROBLEMS = [
  '客户采购流程较长，预算需要集团审批，预计下月才能批复。',
  '竞品报价比我们低 15% 左右，客户在比价，需要申请特价支持。',
  '客户 IT 负责人变动，新负责人还不熟悉项目背景，需要重新介绍方案。',
  '演示环境数据不全，客户想看行业案例，需要售前协助准备。',
  '回款流程卡在客户财务，发票抬头需要重新确认。',
  '客户希望分期付款，需要和财务确认合同条款。',
  '',
  '',
];
const DAILY_PLANS = [
  '上午电话回访昨天拜访的客户，下午准备报价单。',
  '跟进合同盖章进度，约客户下周做方案演示。',
  '整理客户需求清单，和售前确认演示脚本。',
  '拜访老客户了解续费意向，顺便挖掘新需求。',
  '催办回款，确认发票寄送信息。',
  '准备周五的客户培训材料，约技术对接会议。',
];
const WEEKLY_PLANS = [
  '重点推进两个方案报价阶段的商机，争取下周签约一个。\n拜访 3 家 A 类客户，了解明年预算。',
  '完成本月回款目标的剩余部分，跟进逾期的两笔款项。\n约新线索做首次电话沟通。',
  '配合售前完成 POC 演示，推动客户进入商务谈判。\n整理流失客户，申请回访。',
  '参加行业展会，收集线索；跟进上周的报价反馈。',
];
const NO_ACTIVITY_WORK = [
  '整理客户资料和商机信息，更新下周拜访计划。',
  '参加公司产品培训，学习新版本功能。',
  '准备投标文件，核对技术参数。',
];
const MANAGER_COMMENTS = [
  '拜访节奏不错，注意把下一步和时间落到商机上。',
  '价格问题周五例会上一起讨论，先别松口。',
  '这个客户很关键，需要支持随时找我。',
  '回款要盯紧，月底前必须到账。',
  '方案演示前先和售前对一下客户的痛点。',
  '好的，继续保持。明天的拜访记得签到。',
  '报价前先走审批，折扣不要超过权限。',
];
const REPLIES = ['收到，明天落实。', '好的，已经约了售前。', '明白，周五前给您反馈。', '收到！'];

const yuan = (fen: number) => `¥${Math.round(fen / 100).toLocaleString('en-US')}`;

/** The rep's own words for a period, from its facts: what the manager would expect to read. */
function writeWork(f: WorkReportFacts, weekly: boolean, rng: Rng): string {
  const lines: string[] = [];
  const visited = [
    ...new Set(f.activities.filter((a) => a.type === 'visit' && a.accountName).map((a) => a.accountName!)),
  ];
  if (f.activityCounts.visit)
    lines.push(
      `拜访客户 ${f.activityCounts.visit} 次${visited.length ? `：${visited.slice(0, 3).join('、')}${visited.length > 3 ? ' 等' : ''}` : ''}。`,
    );
  if (f.activityCounts.call) lines.push(`电话沟通 ${f.activityCounts.call} 次，跟进需求和报价反馈。`);
  if (f.activityCounts.meeting) lines.push(`参加客户会议 ${f.activityCounts.meeting} 场。`);
  for (const s of f.stageChanges.filter((x) => x.toKind === 'open').slice(0, 2))
    lines.push(`推进「${s.opportunityName}」进入${s.toStage}阶段。`);
  for (const d of f.won.items.slice(0, 2)) lines.push(`赢单「${d.name}」，合同金额 ${yuan(d.amount)}。`);
  if (f.payments.count)
    lines.push(`收到回款 ${f.payments.count} 笔，共 ${yuan(f.payments.totals[0]?.amount ?? 0)}。`);
  if (f.quotesSent.count) lines.push(`发出报价 ${f.quotesSent.count} 份。`);
  if (!lines.length) lines.push(rng.pick(NO_ACTIVITY_WORK));
  if (weekly && f.lost.count) lines.push(`输单 ${f.lost.count} 个，已做复盘。`);
  return lines.map((l, i) => (lines.length > 1 ? `${i + 1}. ${l}` : l)).join('\n');
}

/**
 * Report rules and about two weeks of daily and weekly reports for the demo's sales teams, with
 * facts computed from the demo's own records as they stood when each was submitted: most on
 * time, some late, some missing; many read by the manager, some commented on (and answered).
 * Runs inside the seeding transaction, after every other row is in.
 */
export async function seedDemoWorkReports(db: Kysely<Database>, orgId: string, now: Date): Promise<void> {
  const rng = createRng(5_2026);
  const idRng = createRng(52);
  const nowMs = now.getTime();
  const at = (ms: number) => new Date(ms).toISOString();
  const users = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'teamId', 'managerId'])
    .where('orgId', '=', orgId)
    .execute();
  const sales = await db
    .selectFrom('teams')
    .select('id')
    .where('orgId', '=', orgId)
    .where('parentId', 'is', null)
    .where('name', '=', '销售部')
    .executeTakeFirst();
  if (!sales) return;
  const created = at(nowMs - 30 * DAY);
  const rules: (RuleSpec & { row: Insertable<Database['reportRules']> })[] = (
    ['daily', 'weekly'] as const
  ).map((kind) => {
    const spec = DEMO_REPORT_RULES[kind];
    const roles = kind === 'daily' ? ['sales_rep'] : ['sales_rep', 'sales_manager'];
    const id = seededUuidV7(idRng, nowMs - 30 * DAY);
    return {
      id,
      name: spec.name,
      kind,
      teamIds: [sales.id],
      roles,
      weekdays: [...spec.weekdays],
      dueTime: spec.dueTime,
      lateDays: spec.lateDays,
      row: {
        id,
        orgId,
        name: spec.name,
        kind,
        teamIds: JSON.stringify([sales.id]),
        roles: JSON.stringify(roles),
        weekdays: JSON.stringify(spec.weekdays),
        dueTime: spec.dueTime,
        lateDays: spec.lateDays,
        active: 1,
        createdAt: created,
        updatedAt: created,
        version: 1,
      },
    };
  });
  await db
    .insertInto('reportRules')
    .values(rules.map((r) => r.row))
    .execute();

  const directory = new DirectoryCache(db);
  const dir = await directory.get(orgId);
  const facts = new WorkReportsService(db, directory, { notify: async () => 0 });
  const director = users.find((u) => u.role === 'sales_director');
  const reports: Insertable<Database['workReports']>[] = [];
  const reads: Insertable<Database['workReportReads']>[] = [];
  const comments: Insertable<Database['workReportComments']>[] = [];
  const demoRep = users.find((u) => u.email === 'rep@tuoke.demo');
  const today = localDate(now);
  const firstMonday = addDays(weekStart(today), -14);

  for (const rule of rules) {
    const people = users.filter((u) =>
      ruleApplies(rule, { id: u.id, role: u.role, teamId: u.teamId, active: true }, dir),
    );
    const starts: string[] = [];
    if (rule.kind === 'daily') for (let d = firstMonday; d <= today; d = addDays(d, 1)) starts.push(d);
    else for (let d = firstMonday; d <= today; d = addDays(d, 7)) starts.push(d);
    for (const start of starts) {
      const due = deadlineOf(rule, start);
      if (!due || due.getTime() >= nowMs) continue;
      const closes = due.getTime() + rule.lateDays * DAY;
      const lastDue = rule.kind === 'daily' && nowMs - due.getTime() < DAY;
      for (const u of people) {
        // the demo rep missed the last daily (still within the late window): the manager sees it
        const isDemoRep = u.id === demoRep?.id;
        const roll = rng.next();
        if (isDemoRep && lastDue) continue;
        const outcome = isDemoRep
          ? roll < 0.85
            ? 'on_time'
            : 'late'
          : roll < 0.72
            ? 'on_time'
            : roll < 0.86
              ? 'late'
              : 'missing';
        if (outcome === 'missing') continue;
        let submittedMs =
          outcome === 'on_time'
            ? due.getTime() - rng.int(15, rule.kind === 'daily' ? 150 : 300) * 60_000
            : due.getTime() + rng.int(1, rule.kind === 'daily' ? 36 : 60) * HOUR + rng.int(0, 59) * 60_000;
        if (submittedMs >= nowMs || submittedMs > closes) {
          if (outcome === 'late') continue; // would be in the future: not submitted yet
          submittedMs = Math.min(submittedMs, nowMs - 60_000);
        }
        const period = { start, end: rule.kind === 'daily' ? start : addDays(start, 6) };
        const f = await facts.facts(orgId, u.id, period, new Date(submittedMs), {
          recordedUntil: new Date(submittedMs),
        });
        const id = seededUuidV7(idRng, submittedMs - 20 * 60_000);
        const late = submittedMs > due.getTime();
        reports.push({
          id,
          orgId,
          userId: u.id,
          kind: rule.kind,
          periodStart: period.start,
          periodEnd: period.end,
          status: 'submitted',
          work: writeWork(f, rule.kind === 'weekly', rng),
          problems: rng.pick(PROBLEMS),
          plan: rng.pick(rule.kind === 'daily' ? DAILY_PLANS : WEEKLY_PLANS),
          facts: JSON.stringify(f),
          submittedAt: at(submittedMs),
          dueAt: due.toISOString(),
          late: late ? 1 : 0,
          ruleId: rule.id,
          createdAt: at(submittedMs - 20 * 60_000),
          updatedAt: at(submittedMs),
          version: 2,
        });
        // the manager reads most reports within working hours; the director some reps' weeklies
        if (director && rule.kind === 'weekly' && u.managerId !== director.id && rng.chance(0.3)) {
          const ms = submittedMs + rng.int(60, 20 * 60) * 60_000;
          if (ms < nowMs)
            reads.push({
              id: seededUuidV7(idRng, ms),
              orgId,
              reportId: id,
              userId: director.id,
              firstReadAt: at(ms),
            });
        }
        const managerId = u.managerId;
        if (!managerId || !rng.chance(rule.kind === 'daily' ? 0.7 : 0.85)) continue;
        const readMs = submittedMs + rng.int(20, 16 * 60) * 60_000;
        if (readMs >= nowMs) continue;
        reads.push({
          id: seededUuidV7(idRng, readMs),
          orgId,
          reportId: id,
          userId: managerId,
          firstReadAt: at(readMs),
        });
        if (!rng.chance(0.3)) continue;
        const commentMs = readMs + rng.int(1, 10) * 60_000;
        if (commentMs >= nowMs) continue;
        comments.push({
          id: seededUuidV7(idRng, commentMs),
          orgId,
          reportId: id,
          userId: managerId,
          body: rng.pick(MANAGER_COMMENTS),
          createdAt: at(commentMs),
        });
        const replyMs = commentMs + rng.int(10, 180) * 60_000;
        if (rng.chance(0.45) && replyMs < nowMs)
          comments.push({
            id: seededUuidV7(idRng, replyMs),
            orgId,
            reportId: id,
            userId: u.id,
            body: rng.pick(REPLIES),
            createdAt: at(replyMs),
          });
      }
    }
  }
  for (let i = 0; i < reports.length; i += 100)
    await db
      .insertInto('workReports')
      .values(reports.slice(i, i + 100))
      .execute();
  for (let i = 0; i < reads.length; i += 200)
    await db
      .insertInto('workReportReads')
      .values(reads.slice(i, i + 200))
      .execute();
  for (let i = 0; i < comments.length; i += 200)
    await db
      .insertInto('workReportComments')
      .values(comments.slice(i, i + 200))
      .execute();
}
