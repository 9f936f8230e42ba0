import { updateIfVersion } from '../../lib/records.js';
import { sql, type Kysely } from 'kysely';
import type {
  Database,
  ReportRulesTable,
  WorkReportCommentsTable,
  WorkReportReadsTable,
  WorkReportsTable,
} from '../../db/schema.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { ownerIn } from '../access/index.js';

export type RuleRow = Omit<ReportRulesTable, 'version' | 'teamIds' | 'roles' | 'lateDays' | 'active'> & {
  teamIds: string;
  roles: string;
  lateDays: number;
  active: number;
  version: number;
};
export type ReportRow = Omit<
  WorkReportsTable,
  'version' | 'status' | 'work' | 'problems' | 'plan' | 'late'
> & {
  status: string;
  work: string;
  problems: string;
  plan: string;
  late: number;
  version: number;
};
export type ReportListRow = ReportRow & { readCount: number; commentCount: number };
export type ReadRow = WorkReportReadsTable;
export type CommentRow = WorkReportCommentsTable;

/** Who may have to submit: everyone of the organisation with what rules and notices need. */
export interface PersonRow {
  id: string;
  name: string;
  role: string;
  teamId: string | null;
  managerId: string | null;
  /** The manager of the person's team (teams.manager_id), when the person has no direct manager. */
  teamManagerId: string | null;
  active: number;
  createdAt: string;
}

/** A UTC window [from, to) and the calendar days [fromDate, toDate] of one period. */
export interface FactWindow {
  userId: string;
  from: string;
  to: string;
  fromDate: string;
  toDate: string;
  limit: number;
}

export interface ReportFilters {
  userId?: string;
  kind?: string;
  from?: string;
  to?: string;
  status?: string;
  cursor?: string;
}

/**
 * The only place that knows the report tables. Every query is bound to one organisation. The
 * facts queries read other modules' tables (activities, deals, stage history, contracts,
 * payments, quotes, accounts, leads) read-only, the way a report does.
 */
export class WorkReportsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  with(trx: Kysely<Database>) {
    return new WorkReportsRepository(trx);
  }

  // ---- rules --------------------------------------------------------------------------------

  rules(orgId: string, opts: { kind?: string; activeOnly?: boolean } = {}): Promise<RuleRow[]> {
    let q = this.db.selectFrom('reportRules').selectAll().where('orgId', '=', orgId);
    if (opts.kind) q = q.where('kind', '=', opts.kind);
    if (opts.activeOnly) q = q.where('active', '=', 1);
    return q.orderBy('kind').orderBy('name').orderBy('id').execute();
  }
  rule(orgId: string, id: string): Promise<RuleRow | undefined> {
    return this.db
      .selectFrom('reportRules')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }
  async insertRule(row: RuleRow) {
    await this.db.insertInto('reportRules').values(row).execute();
  }
  async updateRule(orgId: string, id: string, version: number, patch: Partial<RuleRow>): Promise<boolean> {
    return updateIfVersion(this.db, 'reportRules', { orgId, id, version }, patch);
  }
  async deleteRule(orgId: string, id: string) {
    // reports keep rule_id as a plain value: what they were due by is stored with them
    await this.db.deleteFrom('reportRules').where('orgId', '=', orgId).where('id', '=', id).execute();
  }
  async orgsWithActiveRules(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('reportRules')
      .select('orgId')
      .distinct()
      .where('active', '=', 1)
      .execute();
    return rows.map((r) => r.orgId);
  }

  people(orgId: string): Promise<PersonRow[]> {
    return this.db
      .selectFrom('users')
      .leftJoin('teams', 'teams.id', 'users.teamId')
      .select([
        'users.id',
        'users.name',
        'users.role',
        'users.teamId',
        'users.managerId',
        'teams.managerId as teamManagerId',
        'users.active',
        'users.createdAt',
      ])
      .where('users.orgId', '=', orgId)
      .orderBy('users.name')
      .orderBy('users.id')
      .execute();
  }

  // ---- reports ------------------------------------------------------------------------------

  report(orgId: string, id: string): Promise<ReportListRow | undefined> {
    return this.reports()
      .where('workReports.orgId', '=', orgId)
      .where('workReports.id', '=', id)
      .executeTakeFirst();
  }
  reportFor(orgId: string, userId: string, kind: string, periodStart: string) {
    return this.reports()
      .where('workReports.orgId', '=', orgId)
      .where('workReports.userId', '=', userId)
      .where('workReports.kind', '=', kind)
      .where('workReports.periodStart', '=', periodStart)
      .executeTakeFirst();
  }
  async insertReport(row: ReportRow) {
    await this.db.insertInto('workReports').values(row).execute();
  }
  /** Compare-and-set on the version, only while the report is a draft. */
  async updateDraft(orgId: string, id: string, version: number, patch: Partial<ReportRow>): Promise<boolean> {
    const r = await this.db
      .updateTable('workReports')
      .set({ ...patch, version: version + 1 })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Reports newest period first. `owners` null: anyone's; others' drafts never show (`viewerId`
   * sees their own).
   */
  list(
    orgId: string,
    owners: string[] | null,
    viewerId: string,
    f: ReportFilters,
    limit: number,
  ): Promise<ReportListRow[]> {
    let q = this.reports().where('workReports.orgId', '=', orgId);
    if (owners) q = q.where(ownerIn('workReports.userId', owners));
    q = q.where((eb) =>
      eb.or([eb('workReports.status', '=', 'submitted'), eb('workReports.userId', '=', viewerId)]),
    );
    if (f.userId) q = q.where('workReports.userId', '=', f.userId);
    if (f.kind) q = q.where('workReports.kind', '=', f.kind);
    if (f.from) q = q.where('workReports.periodStart', '>=', f.from);
    if (f.to) q = q.where('workReports.periodStart', '<=', f.to);
    if (f.status) q = q.where('workReports.status', '=', f.status);
    const sort: SortSpec = { field: 'periodStart', column: 'workReports.periodStart', desc: true };
    return applyKeyset(q, sort, 'workReports.id', f.cursor, limit).execute();
  }

  /** Submitted reports of one kind with a period starting in [from, to], for the status grid. */
  submittedInRange(orgId: string, kind: string, from: string, to: string) {
    return this.db
      .selectFrom('workReports')
      .select(['id', 'userId', 'periodStart', 'submittedAt', 'late', 'dueAt'])
      .where('orgId', '=', orgId)
      .where('kind', '=', kind)
      .where('periodStart', '>=', from)
      .where('periodStart', '<=', to)
      .where('status', '=', 'submitted')
      .execute();
  }

  /** Reports with how many people read them and how many comments they have. */
  private reports() {
    return this.db
      .selectFrom('workReports')
      .selectAll('workReports')
      .select([
        sql<number>`(select count(*) from work_report_reads r where r.report_id = work_reports.id)`.as(
          'readCount',
        ),
        sql<number>`(select count(*) from work_report_comments c where c.report_id = work_reports.id)`.as(
          'commentCount',
        ),
      ]);
  }

  // ---- reads and comments -------------------------------------------------------------------

  /** Records the first read only; a second read by the same person changes nothing. */
  async recordRead(row: ReadRow): Promise<void> {
    await this.db
      .insertInto('workReportReads')
      .values(row)
      .onConflict((oc) => oc.columns(['reportId', 'userId']).doNothing())
      .execute();
  }
  reads(orgId: string, reportId: string): Promise<ReadRow[]> {
    return this.db
      .selectFrom('workReportReads')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('reportId', '=', reportId)
      .orderBy('firstReadAt')
      .orderBy('id')
      .execute();
  }
  comments(orgId: string, reportId: string): Promise<CommentRow[]> {
    return this.db
      .selectFrom('workReportComments')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('reportId', '=', reportId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  }
  async insertComment(row: CommentRow) {
    await this.db.insertInto('workReportComments').values(row).execute();
  }

  // ---- facts --------------------------------------------------------------------------------

  /** Activities the user completed in the window, with their account's name. */
  async activitiesDone(orgId: string, w: FactWindow) {
    const base = this.db
      .selectFrom('activities')
      .where('activities.orgId', '=', orgId)
      .where('activities.ownerId', '=', w.userId)
      .where('activities.doneAt', '>=', w.from)
      .where('activities.doneAt', '<', w.to);
    const [counts, items] = await Promise.all([
      base
        .select(['activities.type', sql<number>`count(*)`.as('n')])
        .groupBy('activities.type')
        .execute(),
      base
        .leftJoin('accounts', 'accounts.id', 'activities.accountId')
        .select([
          'activities.id',
          'activities.type',
          'activities.subject',
          'activities.doneAt',
          'activities.accountId',
          'accounts.name as accountName',
        ])
        .orderBy('activities.doneAt')
        .orderBy('activities.id')
        .limit(w.limit)
        .execute(),
    ]);
    return { counts: counts.map((c) => ({ type: c.type, n: Number(c.n) })), items };
  }

  /** Stages the user's deals entered in the window, with the stage each came from. */
  stageChanges(orgId: string, w: FactWindow) {
    return this.db
      .selectFrom('opportunityStageHistory as h')
      .innerJoin('opportunities as o', 'o.id', 'h.opportunityId')
      .innerJoin('pipelineStages as s', 's.id', 'h.stageId')
      .leftJoin('accounts as a', 'a.id', 'o.accountId')
      .select((eb) => [
        'h.id',
        'h.opportunityId',
        'h.enteredAt',
        'o.name as opportunityName',
        'a.name as accountName',
        's.name as toStage',
        's.kind as toKind',
        eb
          .selectFrom('opportunityStageHistory as p')
          .innerJoin('pipelineStages as ps', 'ps.id', 'p.stageId')
          .select('ps.name')
          .whereRef('p.opportunityId', '=', 'h.opportunityId')
          .where((e) =>
            e.or([
              e('p.enteredAt', '<', e.ref('h.enteredAt')),
              e.and([e('p.enteredAt', '=', e.ref('h.enteredAt')), e('p.id', '<', e.ref('h.id'))]),
            ]),
          )
          .orderBy('p.enteredAt', 'desc')
          .orderBy('p.id', 'desc')
          .limit(1)
          .as('fromStage'),
      ])
      .where('h.orgId', '=', orgId)
      .where('o.ownerId', '=', w.userId)
      .where('h.enteredAt', '>=', w.from)
      .where('h.enteredAt', '<', w.to)
      .orderBy('h.enteredAt')
      .orderBy('h.id')
      .execute();
  }

  /** The user's deals won or lost (closed) in the window. */
  closedDeals(orgId: string, w: FactWindow) {
    return this.db
      .selectFrom('opportunities as o')
      .leftJoin('accounts as a', 'a.id', 'o.accountId')
      .select([
        'o.id',
        'o.name',
        'o.status',
        'o.amount',
        'o.currency',
        'o.closedAt',
        'o.lostReason',
        'a.name as accountName',
      ])
      .where('o.orgId', '=', orgId)
      .where('o.ownerId', '=', w.userId)
      .where('o.status', 'in', ['won', 'lost'])
      .where('o.closedAt', '>=', w.from)
      .where('o.closedAt', '<', w.to)
      .orderBy('o.closedAt')
      .orderBy('o.id')
      .execute();
  }

  /**
   * Payments received on the user's contracts on a day of the period that count as received:
   * confirmed (approved, or no approval needed) and not voided.
   */
  payments(orgId: string, w: FactWindow) {
    return this.db
      .selectFrom('payments as p')
      .innerJoin('contracts as c', 'c.id', 'p.contractId')
      .leftJoin('accounts as a', 'a.id', 'c.accountId')
      .select([
        'p.id',
        'p.contractId',
        'p.amount',
        'p.receivedDate',
        'c.number as contractNumber',
        'c.name as contractName',
        'c.currency',
        'a.name as accountName',
      ])
      .where('p.orgId', '=', orgId)
      .where('c.ownerId', '=', w.userId)
      .where('p.status', '=', 'confirmed')
      .where('p.voidedAt', 'is', null)
      .where('p.receivedDate', '>=', w.fromDate)
      .where('p.receivedDate', '<=', w.toDate)
      .orderBy('p.receivedDate')
      .orderBy('p.id')
      .execute();
  }

  /**
   * The user's quotes first sent in the window. Sharing an approved quote with the customer is
   * what marks it sent, so its first share is when it went out.
   */
  async quotesSent(orgId: string, w: FactWindow) {
    const first = await this.db
      .selectFrom('quoteShares as s')
      .innerJoin('quotes as q', 'q.id', 's.quoteId')
      .select(['s.quoteId', sql<string>`min(s.created_at)`.as('sentAt')])
      .where('s.orgId', '=', orgId)
      .where('q.ownerId', '=', w.userId)
      .groupBy('s.quoteId')
      .having(sql<string>`min(s.created_at)`, '>=', w.from)
      .having(sql<string>`min(s.created_at)`, '<', w.to)
      .execute();
    if (first.length === 0) return [];
    const quotes = await this.db
      .selectFrom('quotes as q')
      .innerJoin('opportunities as o', 'o.id', 'q.opportunityId')
      .leftJoin('accounts as a', 'a.id', 'o.accountId')
      .select([
        'q.id',
        'q.number',
        'q.revision',
        'q.total',
        'q.currency',
        'q.opportunityId',
        'o.name as opportunityName',
        'a.name as accountName',
      ])
      .where('q.orgId', '=', orgId)
      .where(
        'q.id',
        'in',
        first.map((f) => f.quoteId),
      )
      .execute();
    const sentAt = new Map(first.map((f) => [f.quoteId, new Date(f.sentAt).toISOString()]));
    return quotes
      .map((q) => ({ ...q, sentAt: sentAt.get(q.id)! }))
      .sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id));
  }

  newAccounts(orgId: string, w: FactWindow) {
    return this.db
      .selectFrom('accounts')
      .select(['id', 'name', 'createdAt'])
      .where('orgId', '=', orgId)
      .where('ownerId', '=', w.userId)
      .where('createdAt', '>=', w.from)
      .where('createdAt', '<', w.to)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  }

  newLeads(orgId: string, w: FactWindow) {
    return this.db
      .selectFrom('leads')
      .select(['id', 'name', 'company', 'createdAt'])
      .where('orgId', '=', orgId)
      .where('ownerId', '=', w.userId)
      .where('createdAt', '>=', w.from)
      .where('createdAt', '<', w.to)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  }
}
