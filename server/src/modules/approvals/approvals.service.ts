import type { Kysely } from 'kysely';
import type {
  ApprovalActionEntry,
  ApprovalBusinessType,
  ApprovalConditions,
  ApprovalDecision,
  ApprovalDurationRow,
  ApprovalInboxQuery,
  ApprovalReminder,
  ApprovalRemindersReadResult,
  ApprovalRequest,
  ApprovalRequestDetail,
  ApprovalRule,
  ApprovalRuleCreate,
  ApprovalRuleUpdate,
  ApprovalStep,
  ApprovalStepDef,
} from '@tuoke/shared';
import { APPROVAL_BUSINESS_TYPES } from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, forbidden, invalidField, notFound, stale } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import {
  authorize,
  subordinatesOf,
  teamSubtree,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
} from '../access/index.js';
import type { NotifyInput } from '../notifications/index.js';
import { ApprovalsRepository, type RequestRow, type RuleRow, type TaskRow } from './approvals.repository.js';

/** NotificationsService.notify, wired in app.ts: approvers hear of a new task, submitters of the outcome. */
export type ApprovalNotifier = (
  orgId: string,
  items: NotifyInput[],
  trx: Kysely<Database>,
) => Promise<number>;

/** What a business module sends for approval. Amounts in fen, discount and margin in basis points. */
export interface ApprovalSubmission {
  businessType: ApprovalBusinessType;
  businessId: string;
  title: string;
  amount: number;
  discountBp?: number | null;
  marginBp?: number | null;
  productIds?: string[];
  /** Defaults to the submitter's team. */
  teamId?: string | null;
}

/** Runs in the transaction that decided the request (approved, rejected back to the submitter, withdrawn). */
export type DecidedHandler = (
  request: ApprovalRequest,
  trx: Kysely<Database>,
  orgId: string,
) => Promise<void>;

/** Resubmits from the business record, so the approval sees the record's current values. */
export type ResubmitHandler = (actor: Actor, businessId: string) => Promise<unknown>;

interface StoredStep {
  label: string;
  mode: 'sequential' | 'any' | 'all';
  approverIds: string[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The approval engine. A business module calls `submit` (inside its own transaction if it
 * likes); the engine picks the first active rule (lowest priority number) whose conditions
 * match, resolves its steps to people at that moment, and walks them. Each decision is a
 * compare-and-set on the request's version, so two approvers acting at once produce one outcome.
 */
export class ApprovalsService {
  private readonly repo: ApprovalsRepository;
  private readonly handlers = new Map<string, DecidedHandler[]>();
  private readonly resubmitters = new Map<string, ResubmitHandler>();
  private notifier: ApprovalNotifier | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
  ) {
    this.repo = new ApprovalsRepository(db);
  }

  /** Notifications (通知中心): sent in the same transaction as the task or decision they are about. */
  useNotifier(notifier: ApprovalNotifier): void {
    this.notifier = notifier;
  }

  onDecided(businessType: ApprovalBusinessType, handler: DecidedHandler): void {
    this.handlers.set(businessType, [...(this.handlers.get(businessType) ?? []), handler]);
  }

  /**
   * The business module's own submit, used by `resubmit`: a quote or contract may have changed
   * since it was rejected, and the module moves its record back to "waiting for approval".
   */
  onResubmit(businessType: ApprovalBusinessType, handler: ResubmitHandler): void {
    this.resubmitters.set(businessType, handler);
  }

  // ---- submitting -------------------------------------------------------------------------

  /**
   * Submits (or, when the business record's last request was rejected or withdrawn, resubmits)
   * for approval. Returns the request; its status is `approved` at once when no rule applies or
   * the amount is under the rule's auto-approve threshold.
   */
  async submit(
    actor: Actor,
    input: ApprovalSubmission,
    trx?: Kysely<Database>,
    now = new Date(),
  ): Promise<ApprovalRequest> {
    checkSubmission(input);
    const db = trx ?? this.db;
    const repo = this.repo.with(db);
    const dir = await this.directory.get(actor.orgId);
    const previous = await repo.latestForBusiness(actor.orgId, input.businessType, input.businessId);
    if (previous?.status === 'pending')
      throw conflict('This record is already waiting for approval; withdraw it first');
    const teamId = input.teamId === undefined ? actor.teamId : input.teamId;
    const rules = await repo.rules(actor.orgId, input.businessType, true);
    const rule = rules.find((r) => matches(JSON.parse(r.conditions), input, teamId, dir)) ?? null;
    const auto = !rule || (rule.autoApproveBelow !== null && input.amount < rule.autoApproveBelow);
    const steps = rule && !auto ? await this.resolveSteps(actor, rule, dir, repo) : [];
    const at = now.toISOString();
    const id = previous?.id ?? newId();
    const round = previous ? previous.round + 1 : 1;
    const base = {
      ruleId: rule?.id ?? null,
      title: input.title.trim().slice(0, 200) || input.businessType,
      amount: input.amount,
      discountBp: input.discountBp ?? null,
      marginBp: input.marginBp ?? null,
      submitterId: actor.userId,
      status: auto ? 'approved' : 'pending',
      steps: JSON.stringify(steps),
      currentStep: 0,
      round,
      submittedAt: at,
      stepStartedAt: auto ? null : at,
      decidedAt: auto ? at : null,
      updatedAt: at,
    };
    const work = async (t: Kysely<Database>) => {
      const r = this.repo.with(t);
      if (previous) {
        if (previous.submitterId !== actor.userId)
          throw forbidden('Only the person who submitted it can resubmit this record');
        if (!(await r.casRequest(actor.orgId, id, previous.version, base))) throw stale('Approval request');
      } else {
        await r.insertRequest({
          ...base,
          id,
          orgId: actor.orgId,
          businessType: input.businessType,
          businessId: input.businessId,
          createdAt: at,
          version: 1,
        });
      }
      await this.act(
        r,
        actor.orgId,
        id,
        round,
        null,
        actor.userId,
        previous ? 'resubmit' : 'submit',
        null,
        at,
      );
      await r.replaceCcs(actor.orgId, id, rule ? ccOf(rule, actor.userId, dir) : []);
      if (auto) {
        await this.act(
          r,
          actor.orgId,
          id,
          round,
          null,
          null,
          'auto_approve',
          rule ? null : 'no rule applies',
          at,
        );
      } else {
        await this.openStep(r, actor.orgId, id, round, 0, steps[0]!, rule!.timeLimitHours, now);
        await this.notifyApprovers(
          t,
          actor.orgId,
          { ...base, id, businessType: input.businessType },
          0,
          steps[0]!,
          dir,
        );
      }
      const row = (await r.request(actor.orgId, id))!;
      const request = await this.toRequest(row, dir, r);
      if (auto) await this.fire(request, t, actor.orgId);
      return request;
    };
    return trx ? work(trx) : this.db.transaction().execute(work);
  }

  /** The rule's steps as people now. The submitter never approves their own request. */
  private async resolveSteps(
    actor: Actor,
    rule: RuleRow,
    dir: OrgDirectory,
    repo: ApprovalsRepository,
  ): Promise<StoredStep[]> {
    const defs = JSON.parse(rule.steps) as ApprovalStepDef[];
    const me = actor.userId;
    const active = (id: string | null | undefined): id is string => !!id && !!dir.users.get(id)?.active;
    const managerOf = (id: string) => dir.users.get(id)?.managerId ?? null;
    const out: StoredStep[] = [];
    const fallback = (): string[] => {
      // Escalate: the submitter's manager, then the rule's fallback approver.
      const m = managerOf(me);
      if (active(m) && m !== me) return [m];
      if (active(rule.fallbackUserId) && rule.fallbackUserId !== me) return [rule.fallbackUserId];
      return [];
    };
    for (const def of defs) {
      const mode = def.mode ?? 'any';
      const a = def.approver;
      let groups: { label: string; ids: string[] }[];
      switch (a.type) {
        case 'manager':
          groups = [{ label: 'manager', ids: [managerOf(me)].filter(active) }];
          break;
        case 'managers': {
          groups = [];
          let cur: string | null = me;
          for (let level = 1; level <= a.levels; level++) {
            cur = cur ? managerOf(cur) : null;
            if (!active(cur)) break;
            groups.push({ label: `manager:${level}`, ids: [cur] });
          }
          if (groups.length === 0) groups = [{ label: 'manager:1', ids: [] }];
          break;
        }
        case 'role':
          groups = [{ label: `role:${a.role}`, ids: await repo.usersWithRole(actor.orgId, a.role) }];
          break;
        case 'user':
          groups = [{ label: 'user', ids: [a.userId].filter(active) }];
          break;
      }
      for (const g of groups) {
        let ids = g.ids.filter((id) => id !== me);
        let label = g.label;
        if (ids.length === 0) {
          ids = fallback();
          label = `${g.label}>fallback`;
        }
        if (ids.length === 0)
          throw conflict(
            'No one can approve this: the rule has no approver for you and no fallback approver',
          );
        if (mode === 'sequential') for (const id of ids) out.push({ label, mode: 'any', approverIds: [id] });
        else out.push({ label, mode, approverIds: ids });
      }
    }
    // Two consecutive steps with the same single approver are one decision, not two.
    return out.filter(
      (s, i) =>
        i === 0 || !(s.approverIds.length === 1 && out[i - 1]!.approverIds.join() === s.approverIds.join()),
    );
  }

  private async openStep(
    repo: ApprovalsRepository,
    orgId: string,
    requestId: string,
    round: number,
    step: number,
    def: StoredStep,
    timeLimitHours: number,
    now: Date,
  ) {
    const at = now.toISOString();
    const dueAt = new Date(now.getTime() + timeLimitHours * HOUR_MS).toISOString();
    await repo.insertTasks(
      def.approverIds.map((userId) => ({
        id: newId(),
        orgId,
        requestId,
        step,
        round,
        userId,
        status: 'pending',
        dueAt,
        remindedAt: null,
        decidedAt: null,
        createdAt: at,
      })),
    );
  }

  /** Tells a step's approvers that the request waits for them (once per request, round and step). */
  private async notifyApprovers(
    trx: Kysely<Database>,
    orgId: string,
    req: Pick<RequestRow, 'id' | 'round' | 'title' | 'amount' | 'submitterId' | 'businessType'>,
    step: number,
    def: StoredStep,
    dir: OrgDirectory,
    round = req.round,
  ) {
    if (!this.notifier) return;
    await this.notifier(
      orgId,
      def.approverIds.map((userId) => ({
        userId,
        kind: 'approval_pending' as const,
        params: {
          businessType: req.businessType,
          title: req.title,
          submitterName: dir.users.get(req.submitterId)?.name ?? null,
          amount: req.amount,
        },
        link: `/approvals?open=${req.id}`,
        refType: 'approval_request',
        refId: req.id,
        dedupeKey: `approval_pending:${req.id}:${round}:${step}`,
      })),
      trx,
    );
  }

  // ---- deciding ---------------------------------------------------------------------------

  async approve(actor: Actor, id: string, input: ApprovalDecision = {}, now = new Date()) {
    if (input.toStep !== undefined) throw invalidField('toStep', 'only a rejection goes back to a step');
    return this.decide(actor, id, 'approve', input, now);
  }

  async reject(actor: Actor, id: string, input: ApprovalDecision = {}, now = new Date()) {
    return this.decide(actor, id, 'reject', input, now);
  }

  private async decide(
    actor: Actor,
    id: string,
    action: 'approve' | 'reject',
    input: ApprovalDecision,
    now: Date,
  ): Promise<ApprovalRequestDetail> {
    const req = await this.repo.request(actor.orgId, id);
    if (!req) throw notFound('Approval request');
    if (req.status !== 'pending') throw conflict(`This request is already ${req.status}`);
    if (req.submitterId === actor.userId) throw forbidden('You cannot decide on your own request');
    const tasks = (await this.repo.tasksOf([id])).filter(
      (t) => t.round === req.round && t.step === req.currentStep,
    );
    const mine = tasks.find((t) => t.userId === actor.userId);
    if (!mine) throw forbidden('This request is not waiting for you');
    if (mine.status !== 'pending') throw conflict(`You already ${mine.status} this step`);
    const steps = JSON.parse(req.steps) as StoredStep[];
    if (action === 'reject' && input.toStep !== undefined && input.toStep >= req.currentStep)
      throw invalidField('toStep', 'must be an earlier step than the current one');
    const rule = req.ruleId ? await this.repo.rule(actor.orgId, req.ruleId) : undefined;
    const at = now.toISOString();
    const dir = await this.directory.get(actor.orgId);

    return this.db.transaction().execute(async (trx) => {
      const r = this.repo.with(trx);
      let patch: Partial<RequestRow>;
      let next: { step: number; round: number } | null = null;
      let decided = false;
      if (action === 'approve') {
        const step = steps[req.currentStep]!;
        const approved = tasks.filter((t) => t.status === 'approved').length + 1;
        const stepDone = step.mode !== 'all' || approved >= tasks.length;
        const last = req.currentStep + 1 >= steps.length;
        if (stepDone && last) {
          patch = { status: 'approved', decidedAt: at, updatedAt: at };
          decided = true;
        } else if (stepDone) {
          patch = { currentStep: req.currentStep + 1, stepStartedAt: at, updatedAt: at };
          next = { step: req.currentStep + 1, round: req.round };
        } else patch = { updatedAt: at };
      } else if (input.toStep !== undefined) {
        patch = { currentStep: input.toStep, round: req.round + 1, stepStartedAt: at, updatedAt: at };
        next = { step: input.toStep, round: req.round + 1 };
      } else {
        patch = { status: 'rejected', decidedAt: at, updatedAt: at };
        decided = true;
      }
      // The compare-and-set first: a concurrent decision makes this one fail before it writes anything.
      if (!(await r.casRequest(actor.orgId, id, req.version, patch)))
        throw new AppError(
          409,
          'conflict',
          'Someone else acted on this request at the same moment; reload it',
        );
      if (!(await r.decideTask(mine.id, action === 'approve' ? 'approved' : 'rejected', at)))
        throw conflict('You already acted on this step');
      await this.act(
        r,
        actor.orgId,
        id,
        req.round,
        req.currentStep,
        actor.userId,
        action,
        input.comment ?? null,
        at,
      );
      if (decided || next) await r.cancelPending(id, at);
      if (next)
        await this.openStep(
          r,
          actor.orgId,
          id,
          next.round,
          next.step,
          steps[next.step]!,
          rule?.timeLimitHours ?? 24,
          now,
        );
      if (next)
        await this.notifyApprovers(trx, actor.orgId, req, next.step, steps[next.step]!, dir, next.round);
      if (decided && this.notifier)
        await this.notifier(
          actor.orgId,
          [
            {
              userId: req.submitterId,
              kind: 'approval_decided',
              params: {
                businessType: req.businessType,
                title: req.title,
                decision: action === 'approve' ? 'approved' : 'rejected',
                approverName: dir.users.get(actor.userId)?.name ?? null,
                comment: input.comment?.trim().slice(0, 500) || null,
              },
              link: `/approvals?open=${id}`,
              refType: 'approval_request',
              refId: id,
              dedupeKey: `approval_decided:${id}:${req.round}`,
            },
          ],
          trx,
        );
      const row = (await r.request(actor.orgId, id))!;
      const request = await this.toRequest(row, dir, r);
      if (decided) await this.fire(request, trx, actor.orgId);
      return { ...request, trail: await this.trail(r, actor.orgId, id, dir) };
    });
  }

  /** The submitter takes a pending request back; the business record returns to draft. */
  async withdraw(actor: Actor, id: string, now = new Date()): Promise<ApprovalRequestDetail> {
    const req = await this.repo.request(actor.orgId, id);
    if (!req) throw notFound('Approval request');
    if (req.submitterId !== actor.userId) throw forbidden('Only the submitter can withdraw a request');
    if (req.status !== 'pending') throw conflict(`This request is already ${req.status}`);
    const at = now.toISOString();
    const dir = await this.directory.get(actor.orgId);
    return this.db.transaction().execute(async (trx) => {
      const r = this.repo.with(trx);
      if (
        !(await r.casRequest(actor.orgId, id, req.version, {
          status: 'withdrawn',
          decidedAt: at,
          updatedAt: at,
        }))
      )
        throw conflict('Someone acted on this request at the same moment; reload it');
      await r.cancelPending(id, at);
      await this.act(r, actor.orgId, id, req.round, req.currentStep, actor.userId, 'withdraw', null, at);
      const request = await this.toRequest((await r.request(actor.orgId, id))!, dir, r);
      await this.fire(request, trx, actor.orgId);
      return { ...request, trail: await this.trail(r, actor.orgId, id, dir) };
    });
  }

  /** Resubmits a rejected or withdrawn request with the values it had. */
  async resubmit(actor: Actor, id: string, now = new Date()): Promise<ApprovalRequest> {
    const req = await this.repo.request(actor.orgId, id);
    if (!req) throw notFound('Approval request');
    if (req.submitterId !== actor.userId) throw forbidden('Only the submitter can resubmit a request');
    if (req.status !== 'rejected' && req.status !== 'withdrawn')
      throw conflict(`Only a rejected or withdrawn request can be resubmitted (this one is ${req.status})`);
    const resubmitter = this.resubmitters.get(req.businessType);
    if (resubmitter) {
      await resubmitter(actor, req.businessId);
      const row = (await this.repo.request(actor.orgId, id))!;
      return this.toRequest(row, await this.directory.get(actor.orgId), this.repo);
    }
    return this.submit(
      actor,
      {
        businessType: req.businessType as ApprovalBusinessType,
        businessId: req.businessId,
        title: req.title,
        amount: req.amount,
        discountBp: req.discountBp,
        marginBp: req.marginBp,
      },
      undefined,
      now,
    );
  }

  private async fire(request: ApprovalRequest, trx: Kysely<Database>, orgId: string) {
    for (const h of this.handlers.get(request.businessType) ?? []) await h(request, trx, orgId);
  }

  private act(
    repo: ApprovalsRepository,
    orgId: string,
    requestId: string,
    round: number,
    step: number | null,
    userId: string | null,
    action: string,
    comment: string | null,
    at: string,
  ) {
    return repo.insertAction({
      id: newId(),
      orgId,
      requestId,
      round,
      step,
      userId,
      action,
      comment,
      createdAt: at,
    });
  }

  // ---- reading ----------------------------------------------------------------------------

  async get(actor: Actor, id: string): Promise<ApprovalRequestDetail> {
    const row = await this.repo.request(actor.orgId, id);
    if (!row) throw notFound('Approval request');
    const dir = await this.directory.get(actor.orgId);
    if (!(await this.canSee(actor, row, dir))) throw notFound('Approval request');
    const request = await this.toRequest(row, dir, this.repo);
    return { ...request, trail: await this.trail(this.repo, actor.orgId, id, dir) };
  }

  /** The latest request for a business record, for the module that owns the record (no access check). */
  async latestFor(orgId: string, businessType: ApprovalBusinessType, businessId: string) {
    const row = await this.repo.latestForBusiness(orgId, businessType, businessId);
    if (!row) return null;
    return this.toRequest(row, await this.directory.get(orgId), this.repo);
  }

  /** Whether the user takes part in the request (submitter, approver in any round, CC). */
  async isParticipant(orgId: string, requestId: string, userId: string): Promise<boolean> {
    const row = await this.repo.request(orgId, requestId);
    if (!row) return false;
    if (row.submitterId === userId) return true;
    const [tasks, ccs] = await Promise.all([this.repo.tasksOf([requestId]), this.repo.ccsOf([requestId])]);
    return tasks.some((t) => t.userId === userId) || ccs.some((c) => c.userId === userId);
  }

  private async canSee(actor: Actor, row: RequestRow, dir: OrgDirectory) {
    if (actor.role === 'admin' || actor.role === 'sales_director') return true;
    if (subordinatesOf(dir, actor.userId).includes(row.submitterId)) return true;
    return this.isParticipant(actor.orgId, row.id, actor.userId);
  }

  async inbox(actor: Actor, query: ApprovalInboxQuery) {
    const limit = query.limit ?? 50;
    const box = query.box ?? 'pending';
    const rows =
      box === 'pending'
        ? await this.repo.pendingFor(actor.orgId, actor.userId, limit)
        : box === 'submitted'
          ? await this.repo.submittedBy(actor.orgId, actor.userId, limit)
          : await this.repo.ccTo(actor.orgId, actor.userId, limit);
    const dir = await this.directory.get(actor.orgId);
    return { items: await this.toRequests(rows, dir, this.repo) };
  }

  async counts(actor: Actor) {
    const [pending, reminders] = await Promise.all([
      this.repo.countPendingFor(actor.orgId, actor.userId),
      this.repo.countUnreadReminders(actor.orgId, actor.userId),
    ]);
    return { pending, reminders };
  }

  private async trail(repo: ApprovalsRepository, orgId: string, id: string, dir: OrgDirectory) {
    return (await repo.actionsOf(orgId, id)).map((a): ApprovalActionEntry => ({
      id: a.id,
      action: a.action as ApprovalActionEntry['action'],
      step: a.step,
      round: a.round,
      userId: a.userId,
      userName: a.userId ? (dir.users.get(a.userId)?.name ?? '') : null,
      comment: a.comment,
      createdAt: a.createdAt,
    }));
  }

  private async toRequest(row: RequestRow, dir: OrgDirectory, repo: ApprovalsRepository) {
    return (await this.toRequests([row], dir, repo))[0]!;
  }

  private async toRequests(rows: RequestRow[], dir: OrgDirectory, repo: ApprovalsRepository) {
    const ids = rows.map((r) => r.id);
    const [tasks, ccs, rules] = await Promise.all([
      repo.tasksOf(ids),
      repo.ccsOf(ids),
      rows.length ? repo.rules(rows[0]!.orgId) : Promise.resolve([]),
    ]);
    const ruleName = new Map(rules.map((r) => [r.id, r.name]));
    return rows.map((r): ApprovalRequest => {
      const steps = JSON.parse(r.steps) as StoredStep[];
      return {
        id: r.id,
        ruleId: r.ruleId,
        ruleName: r.ruleId ? (ruleName.get(r.ruleId) ?? null) : null,
        businessType: r.businessType as ApprovalBusinessType,
        businessId: r.businessId,
        title: r.title,
        amount: r.amount,
        discountBp: r.discountBp,
        marginBp: r.marginBp,
        submitterId: r.submitterId,
        submitterName: dir.users.get(r.submitterId)?.name ?? '',
        status: r.status as ApprovalRequest['status'],
        steps: steps.map((s): ApprovalStep => ({
          ...s,
          approverNames: s.approverIds.map((id) => dir.users.get(id)?.name ?? ''),
        })),
        currentStep: r.currentStep,
        round: r.round,
        pendingApproverIds: tasks
          .filter((t: TaskRow) => t.requestId === r.id && t.status === 'pending')
          .map((t) => t.userId),
        ccUserIds: ccs.filter((c) => c.requestId === r.id).map((c) => c.userId),
        submittedAt: r.submittedAt,
        stepStartedAt: r.stepStartedAt,
        decidedAt: r.decidedAt,
        version: r.version,
      };
    });
  }

  // ---- reminders and report ---------------------------------------------------------------

  /** Records one reminder per task waiting past its time limit. Safe to run on several instances. */
  async remindOverdue(now = new Date()): Promise<number> {
    const at = now.toISOString();
    let n = 0;
    for (const t of await this.repo.overdueTasks(at)) {
      await this.db.transaction().execute(async (trx) => {
        const r = this.repo.with(trx);
        if (!(await r.markReminded(t.id, at))) return;
        await r.insertReminder({
          id: newId(),
          orgId: t.orgId,
          requestId: t.requestId,
          taskId: t.id,
          userId: t.userId,
          readAt: null,
          createdAt: at,
        });
        await this.act(r, t.orgId, t.requestId, t.round, t.step, t.userId, 'remind', null, at);
        n++;
      });
    }
    return n;
  }

  /** My reminders (at most 100): unread first, then newest first. */
  async reminders(actor: Actor): Promise<{ items: ApprovalReminder[] }> {
    const [rows, dir] = await Promise.all([
      this.repo.remindersFor(actor.orgId, actor.userId, 100),
      this.directory.get(actor.orgId),
    ]);
    return {
      items: rows.map((m) => ({
        id: m.id,
        requestId: m.requestId,
        title: m.title,
        businessType: m.businessType as ApprovalBusinessType,
        businessId: m.businessId,
        amount: m.amount,
        submitterId: m.submitterId,
        submitterName: dir.users.get(m.submitterId)?.name ?? '',
        requestStatus: m.requestStatus as ApprovalReminder['requestStatus'],
        dueAt: m.dueAt,
        waiting: m.taskStatus === 'pending' && m.requestStatus === 'pending',
        read: m.readAt !== null,
        createdAt: m.createdAt,
      })),
    };
  }

  /** Marks my reminders read: these ids, or all of mine. Ids that are not mine are ignored. */
  async markRemindersRead(
    actor: Actor,
    ids: string[] | undefined,
    now = new Date(),
  ): Promise<ApprovalRemindersReadResult> {
    const marked = await this.repo.markRemindersRead(actor.orgId, actor.userId, ids, now.toISOString());
    return { marked, unread: await this.repo.countUnreadReminders(actor.orgId, actor.userId) };
  }

  /**
   * How long approvals take, per rule: the whole request (submit to decision) and each step, in
   * hours (avg, median, p90), so a manager can see what removing a level would save.
   */
  async durations(actor: Actor, businessType?: ApprovalBusinessType, days = 90, now = new Date()) {
    if (!['admin', 'sales_director', 'sales_manager'].includes(actor.role))
      throw forbidden('Only managers can see approval durations');
    const since = new Date(now.getTime() - days * DAY_MS).toISOString();
    const reqs = await this.repo.decidedRequests(actor.orgId, businessType, since);
    const tasks = await this.repo.tasksOf(reqs.map((r) => r.id));
    const groups = new Map<
      string,
      { ruleId: string | null; ruleName: string; step: number | null; hours: number[] }
    >();
    const add = (ruleId: string | null, ruleName: string, step: number | null, hours: number) => {
      const key = `${ruleId}|${step}`;
      const g = groups.get(key) ?? { ruleId, ruleName, step, hours: [] };
      g.hours.push(hours);
      groups.set(key, g);
    };
    for (const r of reqs) {
      const name = r.ruleName ?? '';
      add(r.ruleId, name, null, (Date.parse(r.decidedAt!) - Date.parse(r.submittedAt)) / HOUR_MS);
      // Each step of the final round: from its tasks' creation to the last decision on it.
      const byStep = new Map<number, { start: number; end: number }>();
      for (const t of tasks) {
        if (t.requestId !== r.id || t.round !== r.round || !t.decidedAt || t.status === 'cancelled') continue;
        const s = byStep.get(t.step) ?? { start: Date.parse(t.createdAt), end: 0 };
        s.end = Math.max(s.end, Date.parse(t.decidedAt));
        byStep.set(t.step, s);
      }
      for (const [step, s] of byStep) add(r.ruleId, name, step, (s.end - s.start) / HOUR_MS);
    }
    const items: ApprovalDurationRow[] = [...groups.values()]
      .map((g) => ({ ruleId: g.ruleId, ruleName: g.ruleName, step: g.step, ...stats(g.hours) }))
      .sort((a, b) => a.ruleName.localeCompare(b.ruleName) || (a.step ?? -1) - (b.step ?? -1));
    return { items };
  }

  // ---- rules ------------------------------------------------------------------------------

  async listRules(actor: Actor) {
    authorize(actor, 'approval_rule', 'read');
    return { items: (await this.repo.rules(actor.orgId)).map(toRule) };
  }

  async createRule(actor: Actor, input: ApprovalRuleCreate): Promise<ApprovalRule> {
    authorize(actor, 'approval_rule', 'create');
    const dir = await this.directory.get(actor.orgId);
    checkRule(input, dir);
    const at = new Date().toISOString();
    const row: RuleRow = {
      id: newId(),
      orgId: actor.orgId,
      businessType: input.businessType,
      name: input.name.trim(),
      priority: input.priority ?? 100,
      conditions: JSON.stringify(input.conditions ?? {}),
      steps: JSON.stringify(input.steps),
      autoApproveBelow: input.autoApproveBelow ?? null,
      ccUserIds: JSON.stringify(input.ccUserIds ?? []),
      fallbackUserId: input.fallbackUserId ?? null,
      timeLimitHours: input.timeLimitHours ?? 24,
      active: input.active === false ? 0 : 1,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    if (!row.name) throw invalidField('name', 'must not be empty');
    await this.repo.insertRule(row);
    return toRule(row);
  }

  async updateRule(actor: Actor, id: string, input: ApprovalRuleUpdate): Promise<ApprovalRule> {
    authorize(actor, 'approval_rule', 'update');
    const before = await this.repo.rule(actor.orgId, id);
    if (!before) throw notFound('Approval rule');
    const dir = await this.directory.get(actor.orgId);
    checkRule(input, dir);
    const patch: Partial<RuleRow> = { updatedAt: new Date().toISOString() };
    if (input.businessType !== undefined) patch.businessType = input.businessType;
    if (input.name !== undefined) patch.name = input.name.trim();
    if (patch.name === '') throw invalidField('name', 'must not be empty');
    if (input.priority !== undefined) patch.priority = input.priority;
    if (input.conditions !== undefined) patch.conditions = JSON.stringify(input.conditions);
    if (input.steps !== undefined) patch.steps = JSON.stringify(input.steps);
    if (input.autoApproveBelow !== undefined) patch.autoApproveBelow = input.autoApproveBelow;
    if (input.ccUserIds !== undefined) patch.ccUserIds = JSON.stringify(input.ccUserIds);
    if (input.fallbackUserId !== undefined) patch.fallbackUserId = input.fallbackUserId;
    if (input.timeLimitHours !== undefined) patch.timeLimitHours = input.timeLimitHours;
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    if (!(await this.repo.updateRule(actor.orgId, id, input.version, patch))) throw stale('Approval rule');
    return toRule((await this.repo.rule(actor.orgId, id))!);
  }

  async removeRule(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'approval_rule', 'delete');
    if (!(await this.repo.rule(actor.orgId, id))) throw notFound('Approval rule');
    await this.db.transaction().execute((trx) => this.repo.with(trx).deleteRule(actor.orgId, id));
  }
}

function checkSubmission(input: ApprovalSubmission) {
  if (!APPROVAL_BUSINESS_TYPES.includes(input.businessType))
    throw invalidField('businessType', 'unknown business type');
  if (!Number.isSafeInteger(input.amount) || input.amount < 0)
    throw invalidField('amount', 'must be a non-negative whole number of fen');
  for (const k of ['discountBp', 'marginBp'] as const) {
    const v = input[k];
    if (
      v !== undefined &&
      v !== null &&
      (!Number.isInteger(v) || v > 10_000 || (k === 'discountBp' && v < 0))
    )
      throw invalidField(k, 'must be basis points between 0 and 10000');
  }
}

function checkRule(input: Partial<ApprovalRuleCreate>, dir: OrgDirectory) {
  const userOk = (id: string) => !!dir.users.get(id)?.active;
  input.steps?.forEach((s, i) => {
    if (s.approver.type === 'user' && !userOk(s.approver.userId))
      throw invalidField(`steps/${i}/approver/userId`, 'no active user with this id in your organisation');
  });
  input.ccUserIds?.forEach((id, i) => {
    if (!userOk(id)) throw invalidField(`ccUserIds/${i}`, 'no active user with this id in your organisation');
  });
  if (input.fallbackUserId && !userOk(input.fallbackUserId))
    throw invalidField('fallbackUserId', 'no active user with this id in your organisation');
  input.conditions?.teamIds?.forEach((id, i) => {
    if (!dir.teams.has(id))
      throw invalidField(`conditions/teamIds/${i}`, 'no such team in your organisation');
  });
}

/** Every condition the rule sets must hold; a rule without conditions matches everything. */
export function matches(
  c: ApprovalConditions,
  input: ApprovalSubmission,
  teamId: string | null,
  dir: OrgDirectory,
): boolean {
  if (c.discountAboveBp !== undefined && !((input.discountBp ?? 0) > c.discountAboveBp)) return false;
  if (c.amountAtLeast !== undefined && !(input.amount >= c.amountAtLeast)) return false;
  if (c.marginBelowBp !== undefined && !(input.marginBp != null && input.marginBp < c.marginBelowBp))
    return false;
  if (c.productIds?.length && !(input.productIds ?? []).some((p) => c.productIds!.includes(p))) return false;
  if (c.teamIds?.length) {
    if (!teamId) return false;
    if (!c.teamIds.some((t) => teamSubtree(dir, t).has(teamId))) return false;
  }
  return true;
}

function ccOf(rule: RuleRow, submitterId: string, dir: OrgDirectory): string[] {
  return [...new Set(JSON.parse(rule.ccUserIds) as string[])].filter(
    (id) => id !== submitterId && dir.users.get(id)?.active,
  );
}

/** avg, median and p90 (nearest rank) of hours, rounded to 0.01 h. */
export function stats(hours: number[]) {
  const sorted = [...hours].sort((a, b) => a - b);
  const n = sorted.length;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const p90 = sorted[Math.max(0, Math.ceil(0.9 * n) - 1)]!;
  return {
    count: n,
    avgHours: r2(sorted.reduce((s, x) => s + x, 0) / n),
    medianHours: r2(median),
    p90Hours: r2(p90),
  };
}

export function toRule(r: RuleRow): ApprovalRule {
  return {
    id: r.id,
    businessType: r.businessType as ApprovalRule['businessType'],
    name: r.name,
    priority: r.priority,
    conditions: JSON.parse(r.conditions),
    steps: JSON.parse(r.steps),
    autoApproveBelow: r.autoApproveBelow,
    ccUserIds: JSON.parse(r.ccUserIds),
    fallbackUserId: r.fallbackUserId,
    timeLimitHours: r.timeLimitHours,
    active: r.active === 1,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
