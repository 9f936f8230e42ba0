import type { Kysely } from 'kysely';
import {
  ACTIVITY_TYPES,
  FACT_ITEMS_MAX,
  targetPace,
  type ActivityType,
  type MoneyTotal,
  type ReportKind,
  type ReportRule,
  type ReportRuleCreate,
  type ReportRuleUpdate,
  type ReportState,
  type Role,
  type StageKind,
  type WorkReport,
  type WorkReportComment,
  type WorkReportCreate,
  type WorkReportDetail,
  type WorkReportDraft,
  type WorkReportDraftQuery,
  type WorkReportFacts,
  type WorkReportListQuery,
  type WorkReportGrid,
  type WorkReportGridQuery,
  type WorkReportUpdate,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, forbidden, invalidField, notFound, stale } from '../../http/errors.js';
import { addDays, checkDate, localDate, weekStart } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { toPage } from '../../lib/pagination.js';
import {
  authorize,
  canSeeOwner,
  guard,
  nameOf,
  teamSubtree,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
} from '../access/index.js';
import type { TargetsService } from '../targets/index.js';
import {
  WorkReportsRepository,
  type FactWindow,
  type PersonRow,
  type ReportListRow,
  type ReportRow,
  type RuleRow,
} from './work-reports.repository.js';
import {
  cellState,
  isLate,
  periodBounds,
  periodOf,
  resolve,
  ruleApplies,
  windowAt,
  type Period,
  type Resolution,
  type RuleSpec,
} from './work-reports.periods.js';

/** One notice for the notification centre (the notifications module's NotifyInput). */
export interface ReportNotice {
  userId: string;
  kind: 'report_missing' | 'report_submitted' | 'report_comment';
  params: Record<string, string | number | null>;
  link?: string | null;
  refType?: string | null;
  refId?: string | null;
  dedupeKey?: string | null;
}
/** What the reports need of the notification centre (NotificationsService fits). */
export interface ReportNotifier {
  notify(orgId: string, items: ReportNotice[], trx?: Kysely<Database>): Promise<number>;
}

/** How far back the deadline job looks for deadlines that passed (it runs every 15 minutes). */
const DEADLINE_LOOKBACK_MS = 72 * 3_600_000;

interface OrgContext {
  rules: RuleSpec[];
  people: PersonRow[];
  dir: OrgDirectory;
}

/**
 * 日报 / 周报: rules for who must submit and by when, reports prefilled from the period's real
 * activity (frozen at submit), the managers' submission grid, read receipts, comments, and the
 * deadline job that tells whoever did not submit (and their manager).
 */
export class WorkReportsService {
  private readonly repo: WorkReportsRepository;
  /** The clock every window and deadline reads; tests move it. */
  clock: () => Date = () => new Date();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly notifier: ReportNotifier,
    /** Current targets with live attainment (the facts' attainment and pace); null: not wired. */
    private readonly targets: Pick<TargetsService, 'currentFor'> | null = null,
  ) {
    this.repo = new WorkReportsRepository(db);
  }

  // ---- rules --------------------------------------------------------------------------------

  async listRules(actor: Actor) {
    authorize(actor, 'report_rule', 'read');
    return { items: (await this.repo.rules(actor.orgId)).map(toRule) };
  }

  async createRule(actor: Actor, input: ReportRuleCreate): Promise<ReportRule> {
    authorize(actor, 'report_rule', 'create');
    const dir = await this.directory.get(actor.orgId);
    const at = this.clock().toISOString();
    const row: RuleRow = {
      id: newId(),
      orgId: actor.orgId,
      name: input.name.trim(),
      kind: input.kind,
      teamIds: JSON.stringify(input.teamIds ?? []),
      roles: JSON.stringify(input.roles ?? []),
      weekdays: JSON.stringify(sortedDays(input.weekdays)),
      dueTime: input.dueTime,
      lateDays: input.lateDays ?? 0,
      active: input.active === false ? 0 : 1,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    checkRule(toRule(row), dir);
    await this.repo.insertRule(row);
    return toRule(row);
  }

  async updateRule(actor: Actor, id: string, input: ReportRuleUpdate): Promise<ReportRule> {
    authorize(actor, 'report_rule', 'update');
    const before = await this.repo.rule(actor.orgId, id);
    if (!before) throw notFound('Report rule');
    const dir = await this.directory.get(actor.orgId);
    const patch: Partial<RuleRow> = { updatedAt: this.clock().toISOString() };
    if (input.name !== undefined) patch.name = input.name.trim();
    if (input.kind !== undefined) patch.kind = input.kind;
    if (input.teamIds !== undefined) patch.teamIds = JSON.stringify(input.teamIds);
    if (input.roles !== undefined) patch.roles = JSON.stringify(input.roles);
    if (input.weekdays !== undefined) patch.weekdays = JSON.stringify(sortedDays(input.weekdays));
    if (input.dueTime !== undefined) patch.dueTime = input.dueTime;
    if (input.lateDays !== undefined) patch.lateDays = input.lateDays;
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    checkRule(toRule({ ...before, ...patch }), dir);
    if (!(await this.repo.updateRule(actor.orgId, id, input.version, patch))) throw stale('Report rule');
    return toRule((await this.repo.rule(actor.orgId, id))!);
  }

  async removeRule(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'report_rule', 'delete');
    if (!(await this.repo.rule(actor.orgId, id))) throw notFound('Report rule');
    await this.repo.deleteRule(actor.orgId, id);
  }

  // ---- writing ------------------------------------------------------------------------------

  /** The form for one of my periods: window, deadline, live facts (frozen ones once submitted). */
  async draft(actor: Actor, query: WorkReportDraftQuery): Promise<WorkReportDraft> {
    authorize(actor, 'work_report', 'create');
    const now = this.clock();
    const date = checkDate(query.date ?? localDate(now), 'date')!;
    const period = periodOf(query.kind, date);
    const { res, dir } = await this.resolveMine(actor, query.kind, period);
    const existing = await this.repo.reportFor(actor.orgId, actor.userId, query.kind, period.start);
    const facts =
      existing?.facts != null
        ? (JSON.parse(existing.facts) as WorkReportFacts)
        : await this.facts(actor.orgId, actor.userId, period, now);
    return {
      kind: query.kind,
      periodStart: period.start,
      periodEnd: period.end,
      due: res.due,
      ruleName: res.rule?.name ?? null,
      dueAt: res.dueAt?.toISOString() ?? null,
      closesAt: res.closesAt?.toISOString() ?? null,
      window: windowAt(now, period, res),
      facts,
      report: existing ? toReport(existing, dir) : null,
    };
  }

  /** Starts my report for a period (a draft), or submits it at once with `submit: true`. */
  async create(actor: Actor, input: WorkReportCreate): Promise<WorkReportDetail> {
    authorize(actor, 'work_report', 'create');
    const now = this.clock();
    const date = checkDate(input.date, 'date')!;
    const period = periodOf(input.kind, date);
    const { res } = await this.resolveMine(actor, input.kind, period);
    assertWritable(windowAt(now, period, res), input.kind, period, res);
    if (await this.repo.reportFor(actor.orgId, actor.userId, input.kind, period.start))
      throw conflict(`You already have a ${input.kind} report for ${period.start}; open it to continue`, [
        { path: 'date', message: 'a report for this period exists' },
      ]);
    const at = now.toISOString();
    const row: ReportRow = {
      id: newId(),
      orgId: actor.orgId,
      userId: actor.userId,
      kind: input.kind,
      periodStart: period.start,
      periodEnd: period.end,
      status: 'draft',
      work: (input.work ?? '').trim(),
      problems: (input.problems ?? '').trim(),
      plan: (input.plan ?? '').trim(),
      facts: null,
      submittedAt: null,
      dueAt: null,
      late: 0,
      ruleId: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    if (!input.submit) {
      await this.repo.insertReport(row);
      return this.get(actor, row.id);
    }
    checkSubmittable(row);
    const facts = await this.facts(actor.orgId, actor.userId, period, now);
    await this.db.transaction().execute(async (trx) => {
      await this.repo.with(trx).insertReport({ ...row, ...submittedPatch(now, res, facts) });
      await this.noticeSubmitted(actor, row, trx);
    });
    return this.get(actor, row.id);
  }

  /** Edits my draft. */
  async update(actor: Actor, id: string, input: WorkReportUpdate): Promise<WorkReportDetail> {
    const row = await this.mine(actor, id);
    const period = { start: row.periodStart, end: row.periodEnd };
    const { res } = await this.resolveMine(actor, row.kind as ReportKind, period);
    assertWritable(windowAt(this.clock(), period, res), row.kind as ReportKind, period, res);
    const patch = textPatch(input);
    patch.updatedAt = this.clock().toISOString();
    if (!(await this.repo.updateDraft(actor.orgId, id, input.version, patch)))
      await this.casFailed(actor, id);
    return this.get(actor, id);
  }

  /**
   * Submits my report: the facts are read now and stored with it, so later changes to the
   * records do not rewrite what was reported. Late when after the deadline; refused once the
   * late window closed.
   */
  async submit(actor: Actor, id: string, input: WorkReportUpdate): Promise<WorkReportDetail> {
    const row = await this.mine(actor, id);
    const now = this.clock();
    const period = { start: row.periodStart, end: row.periodEnd };
    const { res } = await this.resolveMine(actor, row.kind as ReportKind, period);
    assertWritable(windowAt(now, period, res), row.kind as ReportKind, period, res);
    const patch = textPatch(input);
    checkSubmittable({ ...row, ...patch });
    const facts = await this.facts(actor.orgId, actor.userId, period, now);
    await this.db.transaction().execute(async (trx) => {
      const ok = await this.repo
        .with(trx)
        .updateDraft(actor.orgId, id, input.version, { ...patch, ...submittedPatch(now, res, facts) });
      if (!ok) await this.casFailed(actor, id, trx);
      await this.noticeSubmitted(actor, row, trx);
    });
    return this.get(actor, id);
  }

  // ---- reading ------------------------------------------------------------------------------

  async list(actor: Actor, query: WorkReportListQuery) {
    const g = await guard(this.directory, actor, 'work_report', 'read');
    if (query.from) checkDate(query.from, 'from');
    if (query.to) checkDate(query.to, 'to');
    const limit = query.limit ?? 50;
    const rows = await this.repo.list(actor.orgId, g.owners, actor.userId, query, limit);
    return toPage(
      rows.map((r) => toReport(r, g.dir)),
      { field: 'periodStart', column: 'workReports.periodStart', desc: true },
      limit,
    );
  }

  /**
   * One report with its facts, read receipts and comments. Opening someone else's submitted
   * report records my first read of it.
   */
  async get(actor: Actor, id: string): Promise<WorkReportDetail> {
    const { row, dir } = await this.readable(actor, id);
    const now = this.clock();
    if (row.userId !== actor.userId && row.status === 'submitted')
      await this.repo.recordRead({
        id: newId(),
        orgId: actor.orgId,
        reportId: id,
        userId: actor.userId,
        firstReadAt: now.toISOString(),
      });
    const [fresh, reads, comments] = await Promise.all([
      this.repo.report(actor.orgId, id),
      this.repo.reads(actor.orgId, id),
      this.repo.comments(actor.orgId, id),
    ]);
    const facts =
      fresh!.facts != null
        ? (JSON.parse(fresh!.facts) as WorkReportFacts)
        : await this.facts(actor.orgId, row.userId, { start: row.periodStart, end: row.periodEnd }, now);
    return {
      ...toReport(fresh!, dir),
      facts,
      reads: reads.map((r) => ({
        userId: r.userId,
        userName: nameOf(dir, r.userId) ?? '',
        firstReadAt: r.firstReadAt,
      })),
      comments: comments.map((c) => toComment(c, dir)),
      canComment: row.status === 'submitted',
    };
  }

  /**
   * A comment under a submitted report, by anyone who may read it (the author's managers, and
   * the author answering). The author is told; the author's answer tells the others who commented.
   */
  async comment(actor: Actor, id: string, body: string): Promise<WorkReportComment> {
    const { row, dir } = await this.readable(actor, id);
    if (row.status !== 'submitted') throw conflict('Only a submitted report can be commented on');
    const text = body.trim();
    if (!text) throw invalidField('body', 'must not be empty');
    const c = {
      id: newId(),
      orgId: actor.orgId,
      reportId: id,
      userId: actor.userId,
      body: text,
      createdAt: this.clock().toISOString(),
    };
    let recipients: string[];
    if (actor.userId !== row.userId) recipients = [row.userId];
    else {
      const earlier = await this.repo.comments(actor.orgId, id);
      recipients = [...new Set(earlier.map((e) => e.userId))].filter((u) => u !== row.userId);
    }
    await this.db.transaction().execute(async (trx) => {
      await this.repo.with(trx).insertComment(c);
      if (recipients.length)
        await this.notifier.notify(
          actor.orgId,
          recipients.map((userId) => ({
            userId,
            kind: 'report_comment' as const,
            params: {
              authorName: actor.name,
              reportType: row.kind,
              period: row.periodStart,
              excerpt: text.length > 80 ? `${text.slice(0, 80)}…` : text,
            },
            link: `/work-reports/${id}`,
            refType: 'work_report',
            refId: id,
          })),
          trx,
        );
    });
    return toComment(c, dir);
  }

  // ---- managers -----------------------------------------------------------------------------

  /**
   * Who in my scope had to submit, and did: one row per person, one cell per period (the days of
   * a week for dailies, or one day; the week for weeklies).
   */
  async status(actor: Actor, query: WorkReportGridQuery): Promise<WorkReportGrid> {
    const g = await guard(this.directory, actor, 'work_report', 'read');
    const now = this.clock();
    const date = checkDate(query.date ?? localDate(now), 'date')!;
    if (query.teamId && !g.dir.teams.has(query.teamId))
      throw invalidField('teamId', 'no such team in your organisation');
    const periods: Period[] =
      query.kind === 'weekly'
        ? [periodOf('weekly', date)]
        : query.range === 'day'
          ? [periodOf('daily', date)]
          : Array.from({ length: 7 }, (_, i) => periodOf('daily', addDays(weekStart(date), i)));
    const ctx = await this.context(actor.orgId, query.kind);
    const first = periods[0]!.start;
    const last = periods[periods.length - 1]!.start;
    const submitted = new Map(
      (await this.repo.submittedInRange(actor.orgId, query.kind, first, last)).map((r) => [
        `${r.userId}:${r.periodStart}`,
        r,
      ]),
    );
    const withReports = new Set([...submitted.values()].map((r) => r.userId));
    const teams = query.teamId ? teamSubtree(g.dir, query.teamId) : null;
    const summary: Record<ReportState, number> = { on_time: 0, late: 0, missing: 0, pending: 0, not_due: 0 };
    const rows = [];
    for (const p of ctx.people) {
      if (!canSeeOwner(g.owners, p.id)) continue;
      if (teams && !(p.teamId && teams.has(p.teamId))) continue;
      const applying = this.applying(ctx, p);
      if (!applying.length && !withReports.has(p.id)) continue;
      const cells = periods.map((period) => {
        const res = resolve(applying, period.start);
        const rep = submitted.get(`${p.id}:${period.start}`);
        const state = cellState(now, res, rep && { late: rep.late === 1 });
        summary[state]++;
        return {
          periodStart: period.start,
          state,
          dueAt: (rep?.dueAt ?? res.dueAt?.toISOString()) || null,
          closesAt: res.closesAt?.toISOString() ?? null,
          reportId: rep?.id ?? null,
          submittedAt: rep?.submittedAt ?? null,
        };
      });
      rows.push({
        userId: p.id,
        userName: p.name,
        teamId: p.teamId,
        teamName: p.teamId ? (g.dir.teams.get(p.teamId)?.name ?? null) : null,
        cells,
      });
    }
    rows.sort(
      (a, b) =>
        (a.teamName ?? '\uffff').localeCompare(b.teamName ?? '\uffff', 'zh-CN') ||
        a.userName.localeCompare(b.userName, 'zh-CN'),
    );
    return { kind: query.kind, periods, rows, summary };
  }

  /**
   * The deadline job: for each deadline that passed (within the last three days), tells each
   * person who has not submitted (`report_missing`) and their manager, in one summary per
   * deadline. Idempotent: every notice has a dedupe key, so a rerun tells nobody twice.
   */
  async runDeadlines(now = this.clock()): Promise<number> {
    let created = 0;
    for (const orgId of await this.repo.orgsWithActiveRules()) {
      for (const kind of ['daily', 'weekly'] as const) {
        const ctx = await this.context(orgId, kind);
        if (!ctx.rules.length) continue;
        const starts = new Set<string>();
        for (let d = 0; d <= 3; d++) {
          const date = localDate(new Date(now.getTime() - d * 86_400_000));
          starts.add(periodOf(kind, date).start);
        }
        const sorted = [...starts].sort();
        const submitted = new Set(
          (await this.repo.submittedInRange(orgId, kind, sorted[0]!, sorted[sorted.length - 1]!)).map(
            (r) => `${r.userId}:${r.periodStart}`,
          ),
        );
        const items: Parameters<ReportNotifier['notify']>[1] = [];
        const summaries = new Map<
          string,
          { managerId: string; start: string; dueAt: Date; names: string[] }
        >();
        for (const p of ctx.people) {
          const applying = this.applying(ctx, p);
          if (!applying.length) continue;
          for (const start of sorted) {
            const res = resolve(applying, start);
            // a deadline that passed within the lookback
            if (!res.dueAt || res.dueAt > now || now.getTime() - res.dueAt.getTime() > DEADLINE_LOOKBACK_MS)
              continue;
            if (submitted.has(`${p.id}:${start}`)) continue;
            items.push({
              userId: p.id,
              kind: 'report_missing',
              params: { reportType: kind, period: start },
              link: `/work-reports/write?kind=${kind}&date=${start}`,
              refType: 'work_report_period',
              refId: null,
              dedupeKey: `report_missing:${kind}:${start}`,
            });
            const managerId = managerOf(p);
            if (!managerId) continue;
            const key = `${managerId}:${start}:${res.dueAt.toISOString()}`;
            const s = summaries.get(key) ?? { managerId, start, dueAt: res.dueAt, names: [] };
            s.names.push(p.name);
            summaries.set(key, s);
          }
        }
        for (const s of summaries.values())
          items.push({
            userId: s.managerId,
            kind: 'report_missing',
            params: { reportType: kind, period: s.start, repName: s.names.join('、') },
            link: `/work-reports?tab=team&kind=${kind}&date=${s.start}`,
            refType: 'work_report_period',
            refId: null,
            dedupeKey: `report_missing:${kind}:${s.start}:team:${s.dueAt.toISOString()}`,
          });
        if (items.length) created += await this.notifier.notify(orgId, items);
      }
    }
    return created;
  }

  // ---- facts --------------------------------------------------------------------------------

  /** What `userId` did in the period, from the records, exactly (counts and sums in fen). */
  async facts(
    orgId: string,
    userId: string,
    period: Period,
    now: Date,
    opts: { recordedUntil?: Date } = {},
  ): Promise<WorkReportFacts> {
    const repo = this.repo;
    const { from, to } = periodBounds(period);
    // recordedUntil: only what had happened by then (the demo writes reports in the past)
    const until = opts.recordedUntil && opts.recordedUntil < to ? opts.recordedUntil : to;
    const w: FactWindow = {
      userId,
      from: from.toISOString(),
      to: until.toISOString(),
      fromDate: period.start,
      toDate: period.end,
      limit: FACT_ITEMS_MAX,
    };
    // targets as of the period's last moment, or now when that is earlier
    const targetsOn = new Date(Math.min(until.getTime() - 1, now.getTime()));
    const [acts, stages, deals, pays, quotes, accounts, leads, targets] = await Promise.all([
      repo.activitiesDone(orgId, w),
      repo.stageChanges(orgId, w),
      repo.closedDeals(orgId, w),
      repo.payments(orgId, w),
      repo.quotesSent(orgId, w),
      repo.newAccounts(orgId, w),
      repo.newLeads(orgId, w),
      this.targets ? this.targets.currentFor(orgId, { type: 'rep', id: userId }, targetsOn) : [],
    ]);
    const activityCounts = Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, 0])) as Record<
      ActivityType,
      number
    >;
    for (const c of acts.counts) if (c.type in activityCounts) activityCounts[c.type as ActivityType] = c.n;
    const deal = (d: (typeof deals)[number]) => ({
      opportunityId: d.id,
      name: d.name,
      accountName: d.accountName,
      amount: Number(d.amount),
      currency: d.currency,
      closedAt: d.closedAt!,
      lostReason: d.status === 'lost' ? d.lostReason : null,
    });
    const won = deals.filter((d) => d.status === 'won').map(deal);
    const lost = deals.filter((d) => d.status === 'lost').map(deal);
    const payments = pays.map((p) => ({
      paymentId: p.id,
      contractId: p.contractId,
      contractNumber: p.contractNumber,
      contractName: p.contractName,
      accountName: p.accountName,
      amount: Number(p.amount),
      currency: p.currency,
      receivedDate: p.receivedDate,
    }));
    const quotesSent = quotes.map((q) => ({
      quoteId: q.id,
      number: q.revision > 1 ? `${q.number}-v${q.revision}` : q.number,
      opportunityId: q.opportunityId,
      opportunityName: q.opportunityName,
      accountName: q.accountName,
      total: Number(q.total),
      currency: q.currency,
      sentAt: q.sentAt,
    }));
    const cap = <T>(items: T[]) => items.slice(0, FACT_ITEMS_MAX);
    return {
      periodStart: period.start,
      periodEnd: period.end,
      computedAt: now.toISOString(),
      activityCounts,
      activities: acts.items.map((a) => ({
        id: a.id,
        type: a.type as ActivityType,
        subject: a.subject,
        doneAt: a.doneAt!,
        accountId: a.accountId,
        accountName: a.accountName,
      })),
      stageChanges: cap(stages).map((s) => ({
        opportunityId: s.opportunityId,
        opportunityName: s.opportunityName,
        accountName: s.accountName,
        fromStage: s.fromStage ?? null,
        toStage: s.toStage,
        toKind: s.toKind as StageKind,
        at: s.enteredAt,
      })),
      won: { count: won.length, totals: totals(won, (d) => d.amount), items: cap(won) },
      lost: { count: lost.length, totals: totals(lost, (d) => d.amount), items: cap(lost) },
      payments: { count: payments.length, totals: totals(payments, (p) => p.amount), items: cap(payments) },
      quotesSent: {
        count: quotesSent.length,
        totals: totals(quotesSent, (q) => q.total),
        items: cap(quotesSent),
      },
      newAccounts: { count: accounts.length, items: cap(accounts) },
      newLeads: {
        count: leads.length,
        items: cap(leads).map((l) => ({
          id: l.id,
          name: l.company ? `${l.name}（${l.company}）` : l.name,
          createdAt: l.createdAt,
        })),
      },
      targets: targets.map(targetPace),
    };
  }

  // ---- helpers ------------------------------------------------------------------------------

  private async context(orgId: string, kind: ReportKind): Promise<OrgContext> {
    const [rules, people, dir] = await Promise.all([
      this.repo.rules(orgId, { kind, activeOnly: true }),
      this.repo.people(orgId),
      this.directory.get(orgId),
    ]);
    return { rules: rules.map(toSpec), people, dir };
  }

  private applying(ctx: OrgContext, p: PersonRow): RuleSpec[] {
    const person = { id: p.id, role: p.role, teamId: p.teamId, active: p.active === 1 };
    return ctx.rules.filter((r) => ruleApplies(r, person, ctx.dir));
  }

  private async resolveMine(actor: Actor, kind: ReportKind, period: Period) {
    const ctx = await this.context(actor.orgId, kind);
    const me = ctx.people.find((p) => p.id === actor.userId);
    const res: Resolution = me ? resolve(this.applying(ctx, me), period.start) : resolve([], period.start);
    return { res, dir: ctx.dir };
  }

  /** A report the actor may open: their own, or a submitted one of someone in their scope. */
  private async readable(actor: Actor, id: string) {
    const g = await guard(this.directory, actor, 'work_report', 'read');
    const row = await this.repo.report(actor.orgId, id);
    if (!row) throw notFound('Report');
    if (row.userId !== actor.userId && (row.status !== 'submitted' || !canSeeOwner(g.owners, row.userId)))
      throw notFound('Report');
    return { row, dir: g.dir };
  }

  /** My own report, to change: someone else's is 403 when I may read it, 404 otherwise. */
  private async mine(actor: Actor, id: string): Promise<ReportListRow> {
    authorize(actor, 'work_report', 'update');
    const { row } = await this.readable(actor, id);
    if (row.userId !== actor.userId) throw forbidden('Only the author may change or submit a report');
    if (row.status === 'submitted') throw conflict('This report was already submitted');
    return row;
  }

  private async casFailed(actor: Actor, id: string, db: Kysely<Database> = this.db): Promise<never> {
    const now = await this.repo.with(db).report(actor.orgId, id);
    if (now?.status === 'submitted') throw conflict('This report was already submitted');
    throw stale('Report');
  }

  private async noticeSubmitted(actor: Actor, row: ReportRow, trx: Kysely<Database>) {
    const me = (await this.repo.with(trx).people(actor.orgId)).find((p) => p.id === actor.userId);
    const managerId = me ? managerOf(me) : null;
    if (!managerId) return;
    await this.notifier.notify(
      actor.orgId,
      [
        {
          userId: managerId,
          kind: 'report_submitted',
          params: { repName: actor.name, reportType: row.kind, period: row.periodStart },
          link: `/work-reports/${row.id}`,
          refType: 'work_report',
          refId: row.id,
          dedupeKey: `report_submitted:${row.id}`,
        },
      ],
      trx,
    );
  }
}

// ---- pure helpers ---------------------------------------------------------------------------

function sortedDays(days: number[]): number[] {
  return [...new Set(days)].sort((a, b) => a - b);
}

function checkRule(rule: ReportRule, dir: OrgDirectory) {
  if (!rule.name) throw invalidField('name', 'must not be empty');
  rule.teamIds.forEach((id, i) => {
    if (!dir.teams.has(id)) throw invalidField(`teamIds/${i}`, 'no such team in your organisation');
  });
  if (!rule.teamIds.length && !rule.roles.length)
    throw invalidField('teamIds', 'choose the teams or the roles (or both) that must submit');
  if (!rule.weekdays.length) throw invalidField('weekdays', 'choose at least one weekday');
  if (rule.kind === 'weekly' && rule.weekdays.length !== 1)
    throw invalidField('weekdays', 'a weekly rule has one deadline weekday');
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(rule.dueTime))
    throw invalidField('dueTime', 'must be HH:MM (00:00–23:59)');
}

export function toRule(r: RuleRow): ReportRule {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as ReportKind,
    teamIds: JSON.parse(r.teamIds) as string[],
    roles: JSON.parse(r.roles) as Role[],
    weekdays: JSON.parse(r.weekdays) as number[],
    dueTime: r.dueTime,
    lateDays: r.lateDays,
    active: r.active === 1,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

function toSpec(r: RuleRow): RuleSpec {
  const rule = toRule(r);
  return { ...rule, roles: rule.roles as string[] };
}

function toReport(r: ReportListRow, dir: OrgDirectory): WorkReport {
  return {
    id: r.id,
    userId: r.userId,
    userName: nameOf(dir, r.userId) ?? '',
    kind: r.kind as ReportKind,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    status: r.status as WorkReport['status'],
    work: r.work,
    problems: r.problems,
    plan: r.plan,
    submittedAt: r.submittedAt,
    dueAt: r.dueAt,
    late: r.late === 1,
    readCount: Number(r.readCount ?? 0),
    commentCount: Number(r.commentCount ?? 0),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

function toComment(c: { id: string; userId: string; body: string; createdAt: string }, dir: OrgDirectory) {
  return {
    id: c.id,
    userId: c.userId,
    userName: nameOf(dir, c.userId) ?? '',
    body: c.body,
    createdAt: c.createdAt,
  };
}

function textPatch(input: Partial<Pick<WorkReportUpdate, 'work' | 'problems' | 'plan'>>): Partial<ReportRow> {
  const patch: Partial<ReportRow> = {};
  if (input.work !== undefined) patch.work = input.work.trim();
  if (input.problems !== undefined) patch.problems = input.problems.trim();
  if (input.plan !== undefined) patch.plan = input.plan.trim();
  return patch;
}

function checkSubmittable(r: { work: string }) {
  if (!r.work.trim()) throw invalidField('work', 'write what you did before submitting');
}

function submittedPatch(now: Date, res: Resolution, facts: WorkReportFacts): Partial<ReportRow> {
  return {
    status: 'submitted',
    facts: JSON.stringify(facts),
    submittedAt: now.toISOString(),
    dueAt: res.dueAt?.toISOString() ?? null,
    late: isLate(now, res.dueAt) ? 1 : 0,
    ruleId: res.rule?.id ?? null,
    updatedAt: now.toISOString(),
  };
}

function assertWritable(window: string, kind: ReportKind, period: Period, res: Resolution) {
  if (window === 'future')
    throw invalidField(
      'date',
      `the ${kind} period ${period.start} has not started yet; write it once it has`,
    );
  if (window === 'closed')
    throw new AppError(
      409,
      'conflict',
      `The ${kind} report for ${period.start} is closed: it was due ${res.dueAt!.toISOString()} and late reports were taken until ${res.closesAt!.toISOString()}`,
      [{ path: 'date', message: 'the period is closed' }],
    );
}

function totals<T extends { currency: string }>(items: T[], amount: (t: T) => number): MoneyTotal[] {
  const sums = new Map<string, bigint>();
  for (const it of items) sums.set(it.currency, (sums.get(it.currency) ?? 0n) + BigInt(amount(it)));
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amount]) => ({ currency, amount: Number(amount) }));
}

function managerOf(p: PersonRow): string | null {
  if (p.managerId) return p.managerId;
  return p.teamManagerId && p.teamManagerId !== p.id ? p.teamManagerId : null;
}
