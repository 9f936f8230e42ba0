import { updateIfVersion } from '../../lib/records.js';
import type { Kysely } from 'kysely';
import type {
  ApprovalActionsTable,
  ApprovalRemindersTable,
  ApprovalRequestsTable,
  ApprovalRulesTable,
  ApprovalTasksTable,
  Database,
} from '../../db/schema.js';

export type RuleRow = Omit<ApprovalRulesTable, 'version'> & { version: number };
export type RequestRow = Omit<ApprovalRequestsTable, 'version'> & { version: number };
export type TaskRow = ApprovalTasksTable;
export type ActionRow = ApprovalActionsTable;

/** The only place that knows the approval tables. Every query is bound to one organisation. */
export class ApprovalsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  with(trx: Kysely<Database>) {
    return new ApprovalsRepository(trx);
  }

  // rules
  rules(orgId: string, businessType?: string, activeOnly = false): Promise<RuleRow[]> {
    let q = this.db.selectFrom('approvalRules').selectAll().where('orgId', '=', orgId);
    if (businessType) q = q.where('businessType', '=', businessType);
    if (activeOnly) q = q.where('active', '=', 1);
    return q.orderBy('businessType').orderBy('priority').orderBy('id').execute();
  }
  rule(orgId: string, id: string): Promise<RuleRow | undefined> {
    return this.db
      .selectFrom('approvalRules')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }
  async insertRule(row: RuleRow) {
    await this.db.insertInto('approvalRules').values(row).execute();
  }
  async updateRule(orgId: string, id: string, version: number, patch: Partial<RuleRow>): Promise<boolean> {
    return updateIfVersion(this.db, 'approvalRules', { orgId, id, version }, patch);
  }
  async deleteRule(orgId: string, id: string) {
    // Requests keep their resolved steps; they only lose the link to the rule.
    await this.db
      .updateTable('approvalRequests')
      .set({ ruleId: null })
      .where('orgId', '=', orgId)
      .where('ruleId', '=', id)
      .execute();
    await this.db.deleteFrom('approvalRules').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  /** Active users of a role, for "a role" approver steps. */
  async usersWithRole(orgId: string, role: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('users')
      .select('id')
      .where('orgId', '=', orgId)
      .where('role', '=', role)
      .where('active', '=', 1)
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  // requests
  request(orgId: string, id: string): Promise<RequestRow | undefined> {
    return this.db
      .selectFrom('approvalRequests')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }
  latestForBusiness(orgId: string, businessType: string, businessId: string) {
    return this.db
      .selectFrom('approvalRequests')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('businessType', '=', businessType)
      .where('businessId', '=', businessId)
      .orderBy('submittedAt', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst() as Promise<RequestRow | undefined>;
  }
  async insertRequest(row: RequestRow) {
    await this.db.insertInto('approvalRequests').values(row).execute();
  }
  /**
   * The compare-and-set every decision goes through: it applies only to the version the decider
   * read, so of two approvers acting at once exactly one changes the request.
   */
  async casRequest(orgId: string, id: string, version: number, patch: Partial<RequestRow>): Promise<boolean> {
    return updateIfVersion(this.db, 'approvalRequests', { orgId, id, version }, patch);
  }
  private requestsWhere(orgId: string) {
    return this.db
      .selectFrom('approvalRequests as r')
      .selectAll('r')
      .where('r.orgId', '=', orgId)
      .orderBy('r.submittedAt', 'desc')
      .orderBy('r.id', 'desc');
  }
  pendingFor(orgId: string, userId: string, limit: number): Promise<RequestRow[]> {
    return this.requestsWhere(orgId)
      .where('r.status', '=', 'pending')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('approvalTasks as t')
            .select('t.id')
            .whereRef('t.requestId', '=', 'r.id')
            .where('t.userId', '=', userId)
            .where('t.status', '=', 'pending'),
        ),
      )
      .limit(limit)
      .execute();
  }
  submittedBy(orgId: string, userId: string, limit: number): Promise<RequestRow[]> {
    return this.requestsWhere(orgId).where('r.submitterId', '=', userId).limit(limit).execute();
  }
  ccTo(orgId: string, userId: string, limit: number): Promise<RequestRow[]> {
    return this.requestsWhere(orgId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('approvalCcs as c')
            .select('c.userId')
            .whereRef('c.requestId', '=', 'r.id')
            .where('c.userId', '=', userId),
        ),
      )
      .limit(limit)
      .execute();
  }
  async countPendingFor(orgId: string, userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('approvalTasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('orgId', '=', orgId)
      .where('userId', '=', userId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
  async countUnreadReminders(orgId: string, userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('approvalReminders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('orgId', '=', orgId)
      .where('userId', '=', userId)
      .where('readAt', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  // tasks
  async insertTasks(rows: TaskRow[]) {
    if (rows.length) await this.db.insertInto('approvalTasks').values(rows).execute();
  }
  tasksOf(requestIds: string[]): Promise<TaskRow[]> {
    if (!requestIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('approvalTasks')
      .selectAll()
      .where('requestId', 'in', requestIds)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  }
  async decideTask(taskId: string, status: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('approvalTasks')
      .set({ status, decidedAt: at })
      .where('id', '=', taskId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  async cancelPending(requestId: string, at: string) {
    await this.db
      .updateTable('approvalTasks')
      .set({ status: 'cancelled', decidedAt: at })
      .where('requestId', '=', requestId)
      .where('status', '=', 'pending')
      .execute();
  }
  /** Pending tasks past their time limit that have not been reminded yet, across organisations. */
  overdueTasks(now: string, limit = 500): Promise<TaskRow[]> {
    return this.db
      .selectFrom('approvalTasks')
      .selectAll()
      .where('status', '=', 'pending')
      .where('dueAt', '<=', now)
      .where('remindedAt', 'is', null)
      .orderBy('dueAt')
      .limit(limit)
      .execute();
  }
  async markReminded(taskId: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('approvalTasks')
      .set({ remindedAt: at })
      .where('id', '=', taskId)
      .where('remindedAt', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  async insertReminder(row: ApprovalRemindersTable) {
    await this.db.insertInto('approvalReminders').values(row).execute();
  }
  /** A user's reminders with their request and task: unread first, then newest first. */
  remindersFor(orgId: string, userId: string, limit: number) {
    return this.db
      .selectFrom('approvalReminders as m')
      .innerJoin('approvalRequests as r', 'r.id', 'm.requestId')
      .innerJoin('approvalTasks as t', 't.id', 'm.taskId')
      .select([
        'm.id',
        'm.requestId',
        'm.readAt',
        'm.createdAt',
        'r.title',
        'r.businessType',
        'r.businessId',
        'r.amount',
        'r.submitterId',
        'r.status as requestStatus',
        't.dueAt',
        't.status as taskStatus',
      ])
      .where('m.orgId', '=', orgId)
      .where('m.userId', '=', userId)
      .where('r.orgId', '=', orgId)
      .orderBy((eb) => eb.case().when('m.readAt', 'is', null).then(0).else(1).end())
      .orderBy('m.createdAt', 'desc')
      .orderBy('m.id', 'desc')
      .limit(limit)
      .execute();
  }
  /** Marks a user's unread reminders read (only these ids when given); returns how many changed. */
  async markRemindersRead(orgId: string, userId: string, ids: string[] | undefined, at: string) {
    let q = this.db
      .updateTable('approvalReminders')
      .set({ readAt: at })
      .where('orgId', '=', orgId)
      .where('userId', '=', userId)
      .where('readAt', 'is', null);
    if (ids) q = q.where('id', 'in', ids);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  // trail and cc
  async insertAction(row: ActionRow) {
    await this.db.insertInto('approvalActions').values(row).execute();
  }
  actionsOf(orgId: string, requestId: string): Promise<ActionRow[]> {
    return this.db
      .selectFrom('approvalActions')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('requestId', '=', requestId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  }
  async replaceCcs(orgId: string, requestId: string, userIds: string[]) {
    await this.db.deleteFrom('approvalCcs').where('requestId', '=', requestId).execute();
    if (userIds.length)
      await this.db
        .insertInto('approvalCcs')
        .values(userIds.map((userId) => ({ orgId, requestId, userId })))
        .execute();
  }
  async ccsOf(requestIds: string[]) {
    if (!requestIds.length) return [];
    return this.db.selectFrom('approvalCcs').selectAll().where('requestId', 'in', requestIds).execute();
  }

  /** Decided requests and their decided tasks, for the durations report. */
  decidedRequests(orgId: string, businessType: string | undefined, since: string) {
    let q = this.db
      .selectFrom('approvalRequests as r')
      .leftJoin('approvalRules as ru', 'ru.id', 'r.ruleId')
      .select(['r.id', 'r.ruleId', 'ru.name as ruleName', 'r.submittedAt', 'r.decidedAt', 'r.round'])
      .where('r.orgId', '=', orgId)
      .where('r.status', 'in', ['approved', 'rejected'])
      // Approved at once (no rule, or under the threshold) took nobody's time.
      .where('r.steps', '!=', '[]')
      .where('r.decidedAt', '>=', since);
    if (businessType) q = q.where('r.businessType', '=', businessType);
    return q.execute();
  }
}
