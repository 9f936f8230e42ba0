import type { Kysely } from 'kysely';
import {
  OPPORTUNITY_SORTS,
  missingRequirements,
  type GateSubject,
  type Requirement,
  type Opportunity,
  type OpportunityCreate,
  type OpportunityListItem,
  type OpportunityListQuery,
  type OpportunityUpdate,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { AppError, invalidField, notFound, stageRequirements } from '../../http/errors.js';
import { recordChanges } from '../../lib/history.js';
import { newId } from '../../lib/ids.js';
import { parseSort, toPage } from '../../lib/pagination.js';
import { pick, requiredText, updateVersioned } from '../../lib/records.js';
import {
  assertAssignable,
  canSeeOwner,
  guard,
  listOwners,
  nameOf,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
} from '../access/index.js';
import type { AccountsService } from '../accounts/index.js';
import { checkDate, localDate } from '../../lib/dates.js';
import type { PipelinesService } from '../pipelines/index.js';
import {
  OpportunitiesRepository,
  type OpportunityJoined,
  type OpportunityRow,
} from './opportunities.repository.js';
import { StageProcessRepository } from './stage-process.repository.js';

const TRACKED = [
  'name',
  'accountId',
  'stageId',
  'status',
  'amount',
  'currency',
  'expectedCloseDate',
  'nextStep',
  'nextStepDate',
  'lostReason',
  'lostCompetitor',
  'channel',
  'ownerId',
] as const;

/** Line amount in fen: quantity × unit price, less the discount in basis points, rounded. */
export function lineAmount(quantity: number, unitPrice: number, discountBp: number): number {
  return Math.round((quantity * unitPrice * (10_000 - discountBp)) / 10_000);
}

/** A deal's status or lost-to competitor as one update leaves it. */
export interface DealStatusChange {
  orgId: string;
  opportunityId: string;
  status: 'open' | 'won' | 'lost';
  lostCompetitor: string | null;
  userId: string;
  at: string;
}

export class OpportunitiesService {
  private readonly repo: OpportunitiesRepository;
  /** What "today" is for the next step's overdue filter; tests move it. */
  clock: () => Date = () => new Date();
  /** Told inside the updating transaction when a deal closes, reopens or its lost-to competitor changes. */
  private readonly statusHooks: Array<(trx: Kysely<Database>, change: DealStatusChange) => Promise<void>> =
    [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly accounts: AccountsService,
    private readonly pipelines: PipelinesService,
  ) {
    this.repo = new OpportunitiesRepository(db, dialect);
  }

  /** Market analysis records the competitor a deal was lost to (wired in app.ts). */
  onStatusChange(hook: (trx: Kysely<Database>, change: DealStatusChange) => Promise<void>): void {
    this.statusHooks.push(hook);
  }

  async list(actor: Actor, query: OpportunityListQuery) {
    const g = await guard(this.directory, actor, 'opportunity', 'read');
    const owners = listOwners(actor, g, query.view, query.ownerId);
    // A collaborator sees the deal in "mine" and "all", not in "subordinates" or another owner's filter.
    const collaborator =
      owners !== null && !query.ownerId && query.view !== 'subordinates' ? actor.userId : null;
    const sort = parseSort(query.sort, 'opportunities', OPPORTUNITY_SORTS);
    const limit = query.limit ?? 50;
    const today = localDate(this.clock());
    const rows = await this.repo.list(actor.orgId, owners, collaborator, query, sort, limit, today);
    return toPage(
      rows.map((r) => toListItem(r, g.dir)),
      sort,
      limit,
    );
  }

  async get(actor: Actor, id: string): Promise<Opportunity> {
    const g = await guard(this.directory, actor, 'opportunity', 'read');
    const detail = await this.repo.getDetail(actor.orgId, id);
    if (!detail) throw notFound('Opportunity');
    const { opportunity, items, collaboratorIds } = detail;
    if (!canSeeOwner(g.owners, opportunity.ownerId) && !collaboratorIds.includes(actor.userId))
      throw notFound('Opportunity');
    return { ...toListItem(opportunity, g.dir), items, collaboratorIds };
  }

  async create(actor: Actor, input: OpportunityCreate): Promise<Opportunity> {
    const plan = await this.prepareCreate(actor, input);
    await this.db.transaction().execute((trx) => plan.write(trx));
    return this.get(actor, plan.row.id);
  }

  /**
   * Checks a new deal and returns its row and the writes that create it, for a caller that runs
   * them inside its own transaction (lead conversion: the account may be created in the same
   * transaction, `accountChecked` says the caller has checked it; the deal remembers its lead and
   * campaign).
   */
  async prepareCreate(
    actor: Actor,
    input: OpportunityCreate,
    opts: { accountChecked?: boolean; leadId?: string | null; campaignId?: string | null } = {},
  ): Promise<{ row: OpportunityRow; write: (trx: Kysely<Database>) => Promise<void> }> {
    const g = await guard(this.directory, actor, 'opportunity', 'create');
    const ownerId = input.ownerId ?? actor.userId;
    assertAssignable(g.owners, g.dir, ownerId);
    if (!opts.accountChecked) await this.accounts.requireReadable(actor, input.accountId);
    checkDate(input.expectedCloseDate, 'expectedCloseDate');
    checkDate(input.nextStepDate ?? null, 'nextStepDate');
    const pipelineId = input.pipelineId ?? (await this.pipelines.defaultPipeline(actor.orgId)).id;
    const stages = await this.pipelines.stagesOf(actor.orgId, pipelineId);
    if (stages.length === 0) throw invalidField('pipelineId', 'no such pipeline');
    const stage = input.stageId
      ? stages.find((s) => s.id === input.stageId)
      : stages.find((s) => s.kind === 'open');
    if (!stage) throw invalidField('stageId', 'is not a stage of this pipeline');
    if (stage.kind === 'lost' && !input.lostReason?.trim())
      throw invalidField('lostReason', 'say why the deal was lost');
    const collaboratorIds = this.checkCollaborators(g.dir, input.collaboratorIds ?? [], ownerId);
    const items = await this.buildItems(actor.orgId, input.items ?? []);
    const amount = items.length ? items.reduce((s, i) => s + i.amount, 0) : (input.amount ?? 0);
    // Starting in a later stage skips the earlier ones: their criteria apply (no checklist is ticked yet).
    await this.assertCanEnter(actor.orgId, pipelineId, null, stage.id, new Set(), {
      amount,
      nextStep: input.nextStep ?? null,
      itemCount: items.length,
      collaboratorCount: collaboratorIds.length,
    });
    const at = new Date().toISOString();
    const row: OpportunityRow = {
      id: newId(),
      orgId: actor.orgId,
      name: requiredText(input.name),
      accountId: input.accountId,
      pipelineId,
      stageId: stage.id,
      status: stage.kind,
      amount,
      currency: input.currency ?? 'CNY',
      expectedCloseDate: input.expectedCloseDate,
      nextStep: input.nextStep ?? null,
      nextStepDate: input.nextStepDate ?? null,
      lostReason: stage.kind === 'lost' ? (input.lostReason ?? null) : null,
      lostCompetitor: stage.kind === 'lost' ? input.lostCompetitor?.trim() || null : null,
      channel: input.channel ?? 'direct',
      closedAt: stage.kind === 'open' ? null : at,
      ownerId,
      campaignId: opts.campaignId ?? null,
      leadId: opts.leadId ?? null,
      createdAt: at,
      updatedAt: at,
      lastTouchAt: at,
      version: 1,
    };
    const write = async (trx: Kysely<Database>) => {
      const repo = new OpportunitiesRepository(trx, this.dialect);
      await repo.insert(row);
      await repo.replaceItems(actor.orgId, row.id, items);
      await repo.replaceCollaborators(actor.orgId, row.id, collaboratorIds);
      await new StageProcessRepository(trx).enterStage({
        orgId: actor.orgId,
        opportunityId: row.id,
        pipelineId,
        stageId: stage.id,
        userId: actor.userId,
        at,
      });
    };
    return { row, write };
  }

  async update(actor: Actor, id: string, input: OpportunityUpdate): Promise<Opportunity> {
    const { row, dir, owners, asCollaborator } = await this.visible(actor, id, 'update');
    // A collaborator works on the deal; who owns it and who shares it stay the owner's side's call.
    if (asCollaborator && input.ownerId !== undefined && input.ownerId !== row.ownerId)
      throw new AppError(403, 'forbidden', 'Collaborators may not reassign the opportunity', [
        { path: 'ownerId', message: 'only the owner or their managers can reassign' },
      ]);
    if (asCollaborator && input.collaboratorIds !== undefined)
      throw new AppError(403, 'forbidden', 'Collaborators may not change who collaborates', [
        { path: 'collaboratorIds', message: 'only the owner or their managers can change this' },
      ]);
    const patch = pick(input, [
      'name',
      'accountId',
      'amount',
      'currency',
      'expectedCloseDate',
      'nextStep',
      'nextStepDate',
      'lostReason',
      'lostCompetitor',
      'channel',
      'ownerId',
    ]);
    if (typeof patch.lostCompetitor === 'string') patch.lostCompetitor = patch.lostCompetitor.trim() || null;
    if (typeof patch.name === 'string') patch.name = patch.name.trim();
    if (patch.name === '') throw invalidField('name', 'must not be empty');
    const ownerId = (patch.ownerId as string | undefined) ?? row.ownerId;
    if (patch.ownerId !== undefined && patch.ownerId !== row.ownerId) assertAssignable(owners, dir, ownerId);
    if (patch.accountId !== undefined && patch.accountId !== row.accountId)
      await this.accounts.requireReadable(actor, patch.accountId as string);
    if (patch.expectedCloseDate !== undefined)
      checkDate(patch.expectedCloseDate as string, 'expectedCloseDate');
    if (patch.nextStepDate !== undefined) checkDate(patch.nextStepDate as string | null, 'nextStepDate');

    if (input.stageId !== undefined && input.stageId !== row.stageId) {
      const stage = await this.pipelines.stage(actor.orgId, input.stageId);
      if (!stage || stage.pipelineId !== row.pipelineId)
        throw invalidField('stageId', 'is not a stage of this opportunity’s pipeline');
      patch.stageId = stage.id;
      patch.status = stage.kind;
      patch.closedAt = stage.kind === 'open' ? null : new Date().toISOString();
      const reason = (input.lostReason ?? row.lostReason ?? '').trim();
      if (stage.kind === 'lost' && !reason) throw invalidField('lostReason', 'say why the deal was lost');
      if (stage.kind !== 'lost') {
        patch.lostReason = null;
        patch.lostCompetitor = null;
      }
    }
    const items = input.items
      ? await this.buildItems(
          actor.orgId,
          input.items,
          new Set((await this.repo.items(actor.orgId, id)).map((i) => i.productId)),
        )
      : null;
    if (items && items.length) patch.amount = items.reduce((s, i) => s + i.amount, 0);
    else if (!items && patch.amount !== undefined) {
      const existing = await this.repo.items(actor.orgId, id);
      if (existing.length)
        throw invalidField('amount', 'is the sum of the line items; change the items instead');
    }
    const collaboratorIds = input.collaboratorIds
      ? this.checkCollaborators(dir, input.collaboratorIds, ownerId)
      : null;
    if (patch.stageId !== undefined) {
      // The criteria look at the deal as it will be after this change, so one PATCH can fill a field and move on.
      const process = new StageProcessRepository(this.db);
      const checked = new Set(
        (await process.checklist(actor.orgId, id))
          .filter((c) => c.checked === 1)
          .map((c) => `${c.stageId}/${c.itemId}`),
      );
      await this.assertCanEnter(actor.orgId, row.pipelineId, row.stageId, patch.stageId as string, checked, {
        amount: (patch.amount as number | undefined) ?? row.amount,
        nextStep: 'nextStep' in patch ? (patch.nextStep as string | null) : row.nextStep,
        itemCount: items ? items.length : (await this.repo.items(actor.orgId, id)).length,
        collaboratorCount: collaboratorIds
          ? collaboratorIds.length
          : (await this.repo.collaborators(actor.orgId, id)).length,
      });
    }

    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const repo = new OpportunitiesRepository(trx, this.dialect);
      await updateVersioned(
        trx,
        'opportunities',
        { orgId: actor.orgId, id, version: input.version },
        patch,
        at,
        'Opportunity',
      );
      if (items) await repo.replaceItems(actor.orgId, id, items);
      if (collaboratorIds) await repo.replaceCollaborators(actor.orgId, id, collaboratorIds);
      const status = (patch.status ?? row.status) as DealStatusChange['status'];
      const lostCompetitor =
        'lostCompetitor' in patch ? (patch.lostCompetitor as string | null) : row.lostCompetitor;
      if (status !== row.status || (status === 'lost' && lostCompetitor !== row.lostCompetitor))
        for (const hook of this.statusHooks)
          await hook(trx, {
            orgId: actor.orgId,
            opportunityId: id,
            status,
            lostCompetitor,
            userId: actor.userId,
            at,
          });
      if (patch.stageId !== undefined)
        await new StageProcessRepository(trx).enterStage({
          orgId: actor.orgId,
          opportunityId: id,
          pipelineId: row.pipelineId,
          stageId: patch.stageId as string,
          userId: actor.userId,
          at,
        });
      await recordChanges(trx, {
        orgId: actor.orgId,
        entityType: 'opportunity',
        entityId: id,
        userId: actor.userId,
        before: row,
        after: patch,
        fields: TRACKED,
        at,
      });
    });
    return this.get(actor, id);
  }

  /**
   * Sets the deal's next step and its date, with field history like any other change (a visit's
   * check-out records what was agreed with the customer).
   */
  async setNextStep(
    actor: Actor,
    id: string,
    input: { nextStep: string | null; nextStepDate?: string | null },
  ): Promise<Opportunity> {
    const { write } = await this.prepareNextStep(actor, id, input);
    await this.db.transaction().execute((trx) => write(trx));
    return this.get(actor, id);
  }

  /**
   * setNextStep in two halves for a caller with its own transaction: every check now (the actor
   * may update the deal, the date is real), the versioned update and its history in `write`.
   */
  async prepareNextStep(
    actor: Actor,
    id: string,
    input: { nextStep: string | null; nextStepDate?: string | null },
  ): Promise<{ write: (trx: Kysely<Database>, at?: string) => Promise<void> }> {
    const { row } = await this.visible(actor, id, 'update');
    if (input.nextStepDate) checkDate(input.nextStepDate, 'nextStepDate');
    const patch: Record<string, unknown> = { nextStep: input.nextStep?.trim() || null };
    if (input.nextStepDate !== undefined) patch.nextStepDate = input.nextStepDate;
    const write = async (trx: Kysely<Database>, at = new Date().toISOString()) => {
      const where = { orgId: actor.orgId, id, version: row.version };
      await updateVersioned(trx, 'opportunities', where, patch, at, 'Opportunity');
      await recordChanges(trx, {
        orgId: actor.orgId,
        entityType: 'opportunity',
        entityId: id,
        userId: actor.userId,
        before: row,
        after: patch,
        fields: TRACKED,
        at,
      });
    };
    return { write };
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.visible(actor, id, 'delete');
    await this.db
      .transaction()
      .execute((trx) => new OpportunitiesRepository(trx, this.dialect).delete(actor.orgId, id));
  }

  /** Refuses (409 stage_requirements) a move forward while the stages it leaves have unmet criteria. */
  private async assertCanEnter(
    orgId: string,
    pipelineId: string,
    fromStageId: string | null,
    toStageId: string,
    checked: Set<string>,
    subject: GateSubject,
  ) {
    const stages = await this.pipelines.stages(orgId, pipelineId);
    const missing = missingRequirements(stages, fromStageId, toStageId, subject, checked);
    if (missing.length === 0) return;
    const to = stages.find((s) => s.id === toStageId)?.name ?? '';
    throw stageRequirements(
      `Cannot move to “${to}” yet: ${describeMissing(missing)}`,
      missing.map(toFieldError),
    );
  }

  /** The opportunity if it is in the actor's scope, as owner-in-scope or as a collaborator. */
  async visible(actor: Actor, id: string, action: 'read' | 'update' | 'delete') {
    const g = await guard(this.directory, actor, 'opportunity', action);
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Opportunity');
    const asCollaborator = !canSeeOwner(g.owners, row.ownerId);
    if (asCollaborator && !(action !== 'delete' && (await this.repo.isCollaborator(id, actor.userId))))
      throw notFound('Opportunity');
    return { row, ...g, asCollaborator };
  }

  private checkCollaborators(dir: OrgDirectory, ids: string[], ownerId: string): string[] {
    const unique = [...new Set(ids)].filter((id) => id !== ownerId);
    unique.forEach((id, i) => {
      const u = dir.users.get(id);
      if (!u || !u.active)
        throw invalidField(`collaboratorIds/${i}`, 'no active user with this id in your organisation');
    });
    return unique;
  }

  /** Line items priced from the catalogue; a deactivated product may stay on a deal that has it, not be added. */
  private async buildItems(
    orgId: string,
    inputs: NonNullable<OpportunityCreate['items']>,
    kept = new Set<string>(),
  ) {
    const products = new Map(
      (await this.repo.products(orgId, [...new Set(inputs.map((i) => i.productId))])).map((p) => [p.id, p]),
    );
    return inputs.map((input, position) => {
      const product = products.get(input.productId);
      if (!product) throw invalidField(`items/${position}/productId`, 'no such product in your catalogue');
      if (product.active !== 1 && !kept.has(product.id)) {
        throw invalidField(`items/${position}/productId`, 'this product is deactivated');
      }
      const unitPrice = input.unitPrice ?? product.listPrice;
      const discountBp = input.discountBp ?? 0;
      return {
        id: newId(),
        productId: input.productId,
        position,
        quantity: input.quantity,
        unitPrice,
        discountBp,
        amount: lineAmount(input.quantity, unitPrice, discountBp),
      };
    });
  }
}

const FIELD_NAMES: Record<string, string> = {
  amount: 'amount (more than 0)',
  nextStep: 'next step',
  items: 'at least one line item',
  collaborators: 'at least one collaborator',
};

/** "需求确认 needs next step; checklist items 痛点, 预算" — one clause per stage. */
export function describeMissing(missing: Requirement[]): string {
  const byStage = new Map<string, Requirement[]>();
  for (const m of missing) byStage.set(m.stageName, [...(byStage.get(m.stageName) ?? []), m]);
  return [...byStage]
    .map(([stage, ms]) => {
      const fields = ms.filter((m) => m.kind === 'field').map((m) => FIELD_NAMES[m.key] ?? m.key);
      const items = ms.filter((m) => m.kind === 'checklist').map((m) => m.label);
      const parts = [
        ...(fields.length ? [fields.join(', ')] : []),
        ...(items.length ? [`checklist items ${items.join(', ')}`] : []),
      ];
      return `${stage} needs ${parts.join('; ')}`;
    })
    .join('. ');
}

const toFieldError = (m: Requirement) =>
  m.kind === 'field'
    ? { path: m.key, message: `required to leave ${m.stageName}` }
    : { path: `checklist/${m.stageId}/${m.key}`, message: `${m.stageName}: ${m.label}` };

export function toListItem(r: OpportunityJoined, dir: OrgDirectory): OpportunityListItem {
  return {
    id: r.id,
    name: r.name,
    accountId: r.accountId,
    accountName: r.accountName,
    pipelineId: r.pipelineId,
    stageId: r.stageId,
    stageName: r.stageName,
    probability: r.probability,
    status: r.status as Opportunity['status'],
    amount: r.amount,
    currency: r.currency,
    expectedCloseDate: r.expectedCloseDate,
    nextStep: r.nextStep,
    nextStepDate: r.nextStepDate ?? null,
    lostReason: r.lostReason,
    lostCompetitor: r.lostCompetitor ?? null,
    channel: (r.channel ?? 'direct') as Opportunity['channel'],
    closedAt: r.closedAt,
    ownerId: r.ownerId,
    ownerName: nameOf(dir, r.ownerId) ?? '',
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
