import type { Kysely } from 'kysely';
import {
  missingRequirements,
  type ChecklistUpdate,
  type OpportunityChecklist,
  type StageFunnel,
  type StageFunnelQuery,
  type StageHistory,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { invalidField, notFound } from '../../http/errors.js';
import { checkDate } from '../../lib/dates.js';
import { guard, nameOf, type Actor, type DirectoryCache } from '../access/index.js';
import type { PipelinesService } from '../pipelines/index.js';
import type { OpportunitiesService } from './opportunities.service.js';
import { StageProcessRepository } from './stage-process.repository.js';

const DAY = 86_400_000;
const round1 = (n: number) => Math.round(n * 10) / 10;
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY;

/**
 * The sales process around an opportunity: its checklist per stage, its stage history, and the
 * stage funnel over many. Visibility is the opportunity's: owners in scope, or collaborators.
 */
export class StageProcessService {
  private readonly repo: StageProcessRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly opportunities: OpportunitiesService,
    private readonly pipelines: PipelinesService,
  ) {
    this.repo = new StageProcessRepository(db);
  }

  async checklist(actor: Actor, id: string): Promise<OpportunityChecklist> {
    await this.opportunities.visible(actor, id, 'read');
    return this.buildChecklist(actor, id);
  }

  async tick(actor: Actor, id: string, input: ChecklistUpdate): Promise<OpportunityChecklist> {
    const { row } = await this.opportunities.visible(actor, id, 'update');
    const stages = await this.pipelines.stages(actor.orgId, row.pipelineId);
    const stageId = input.stageId ?? row.stageId;
    const stage = stages.find((s) => s.id === stageId);
    if (!stage) throw invalidField('stageId', 'is not a stage of this opportunity’s pipeline');
    const known = new Set(stage.checklist.map((c) => c.id));
    input.items.forEach((item, i) => {
      if (!known.has(item.id))
        throw invalidField(`items/${i}/id`, `no checklist item ${item.id} in ${stage.name}`);
    });
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const repo = new StageProcessRepository(trx);
      for (const item of input.items)
        await repo.setChecklistItem({
          orgId: actor.orgId,
          opportunityId: id,
          stageId,
          itemId: item.id,
          checked: item.checked ? 1 : 0,
          note: item.note?.trim() || null,
          checkedBy: actor.userId,
          checkedAt: at,
        });
    });
    return this.buildChecklist(actor, id);
  }

  private async buildChecklist(actor: Actor, id: string): Promise<OpportunityChecklist> {
    const opp = await this.opportunities.get(actor, id);
    const [stages, state, dir] = await Promise.all([
      this.pipelines.stages(actor.orgId, opp.pipelineId),
      this.repo.checklist(actor.orgId, id),
      this.directory.get(actor.orgId),
    ]);
    const byKey = new Map(state.map((c) => [`${c.stageId}/${c.itemId}`, c]));
    const checked = new Set(state.filter((c) => c.checked === 1).map((c) => `${c.stageId}/${c.itemId}`));
    const current = stages.find((s) => s.id === opp.stageId);
    const next =
      current?.kind === 'open'
        ? stages.find((s) => s.position > current.position && s.kind !== 'lost')
        : undefined;
    return {
      opportunityId: id,
      stageId: opp.stageId,
      stages: stages.map((s) => ({
        stageId: s.id,
        stageName: s.name,
        kind: s.kind,
        requiredFields: s.requiredFields,
        items: s.checklist.map((c) => {
          const st = byKey.get(`${s.id}/${c.id}`);
          return {
            id: c.id,
            label: c.label,
            required: c.required,
            checked: st?.checked === 1,
            note: st?.note ?? null,
            checkedBy: st?.checkedBy ?? null,
            checkedByName: nameOf(dir, st?.checkedBy ?? null),
            checkedAt: st?.checkedAt ?? null,
          };
        }),
      })),
      next: next
        ? {
            stageId: next.id,
            stageName: next.name,
            missing: missingRequirements(
              stages,
              opp.stageId,
              next.id,
              {
                amount: opp.amount,
                nextStep: opp.nextStep,
                itemCount: opp.items.length,
                collaboratorCount: opp.collaboratorIds.length,
              },
              checked,
            ),
          }
        : null,
    };
  }

  async history(actor: Actor, id: string): Promise<StageHistory> {
    await this.opportunities.visible(actor, id, 'read');
    const [rows, dir] = await Promise.all([
      this.repo.history(actor.orgId, id),
      this.directory.get(actor.orgId),
    ]);
    const now = new Date().toISOString();
    return {
      items: rows.map((r) => ({
        ...r,
        days: round1(daysBetween(r.enteredAt, r.leftAt ?? now)),
        userName: nameOf(dir, r.userId),
      })),
    };
  }

  /**
   * Per stage, the deals (owned in the caller's scope) that entered it in [from, to]: how many
   * moved on to a later stage, how many were won, and how long the finished visits lasted.
   */
  async funnel(actor: Actor, query: StageFunnelQuery): Promise<StageFunnel> {
    const g = await guard(this.directory, actor, 'opportunity', 'read');
    if (query.from) checkDate(query.from, 'from');
    if (query.to) checkDate(query.to, 'to');
    if (query.from && query.to && query.from > query.to) throw invalidField('to', 'must not be before from');
    const pipelineId = query.pipelineId ?? (await this.pipelines.defaultPipeline(actor.orgId)).id;
    const stages = await this.pipelines.stages(actor.orgId, pipelineId);
    if (stages.length === 0) throw notFound('Pipeline');
    const fromTs = query.from ? `${query.from}T00:00:00.000Z` : null;
    const toEnd = query.to ? new Date(Date.parse(`${query.to}T00:00:00.000Z`) + DAY).toISOString() : null;
    const rows = await this.repo.funnelRows(actor.orgId, pipelineId, g.owners, fromTs);
    const position = new Map(stages.map((s) => [s.id, s]));
    const acc = new Map(
      stages.map((s) => [
        s.id,
        {
          entered: new Set<string>(),
          forward: new Set<string>(),
          won: new Set<string>(),
          days: [] as number[],
        },
      ]),
    );
    rows.forEach((r, i) => {
      if (toEnd && Date.parse(r.enteredAt) >= Date.parse(toEnd)) return;
      const a = acc.get(r.stageId);
      const here = position.get(r.stageId);
      if (!a || !here) return;
      a.entered.add(r.opportunityId);
      if (r.status === 'won') a.won.add(r.opportunityId);
      const next =
        rows[i + 1]?.opportunityId === r.opportunityId ? position.get(rows[i + 1]!.stageId) : undefined;
      if (next && next.position > here.position && next.kind !== 'lost') a.forward.add(r.opportunityId);
      if (r.leftAt) a.days.push(daysBetween(r.enteredAt, r.leftAt));
    });
    return {
      pipelineId,
      from: query.from ?? null,
      to: query.to ?? null,
      stages: stages.map((s) => {
        const a = acc.get(s.id)!;
        const sorted = [...a.days].sort((x, y) => x - y);
        const mid = sorted.length >> 1;
        const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
        return {
          stageId: s.id,
          stageName: s.name,
          kind: s.kind,
          entered: a.entered.size,
          movedForward: s.kind === 'open' ? a.forward.size : 0,
          conversion:
            s.kind === 'open' && a.entered.size ? round1((a.forward.size / a.entered.size) * 100) : null,
          won: a.won.size,
          avgDays: sorted.length ? round1(sorted.reduce((x, y) => x + y, 0) / sorted.length) : null,
          medianDays: sorted.length ? round1(median) : null,
        };
      }),
    };
  }
}
