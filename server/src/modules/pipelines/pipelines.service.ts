import type { Kysely } from 'kysely';
import {
  PIPELINE_SORTS,
  type Board,
  type Pipeline,
  type PipelineCreate,
  type PipelineUpdate,
  type ChecklistTemplateItem,
  type RequirableField,
  type Stage,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { conflict, invalidField, notFound } from '../../http/errors.js';
import { recordChanges } from '../../lib/history.js';
import { newId } from '../../lib/ids.js';
import { parseSort } from '../../lib/pagination.js';
import { requiredText, updateVersioned } from '../../lib/records.js';
import { likePattern } from '../../lib/text.js';
import { authorize, guard, listOwners, type Actor, type DirectoryCache } from '../access/index.js';
import { PipelinesRepository, type StageRow } from './pipelines.repository.js';

type StageInput = PipelineCreate['stages'][number];

/** Pipelines (商机组) with ordered stages; configuration, so organisation-wide. */
export class PipelinesService {
  private readonly repo: PipelinesRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly directory: DirectoryCache,
  ) {
    this.repo = new PipelinesRepository(db);
  }

  async list(actor: Actor, query: { sort?: string; q?: string }) {
    authorize(actor, 'pipeline', 'read');
    parseSort(query.sort, 'pipelines', PIPELINE_SORTS, 'name');
    const rows = await this.repo.list(actor.orgId);
    const stages = await this.repo.stages(
      actor.orgId,
      rows.map((r) => r.id),
    );
    const q = query.q?.trim().toLowerCase();
    const items = rows
      .filter((r) => !q || r.name.toLowerCase().includes(q))
      .map((r) => toPipeline(r, stages));
    // a handful per organisation: one page
    return { items, nextCursor: null };
  }

  async get(actor: Actor, id: string): Promise<Pipeline> {
    authorize(actor, 'pipeline', 'read');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Pipeline');
    return toPipeline(row, await this.repo.stages(actor.orgId, [id]));
  }

  /** The pipeline a new opportunity goes into when none is named. */
  async defaultPipeline(orgId: string) {
    const row = await this.repo.getDefault(orgId);
    if (!row) throw invalidField('pipelineId', 'the organisation has no pipeline yet; create one first');
    return row;
  }

  stagesOf(orgId: string, pipelineId: string) {
    return this.repo.stages(orgId, [pipelineId]);
  }

  /** A pipeline's stages in order, with their criteria parsed (no permission check: callers have one). */
  async stages(orgId: string, pipelineId: string): Promise<Stage[]> {
    return (await this.repo.stages(orgId, [pipelineId])).map(toStage);
  }

  stage(orgId: string, id: string) {
    return this.repo.stage(orgId, id);
  }

  async create(actor: Actor, input: PipelineCreate): Promise<Pipeline> {
    authorize(actor, 'pipeline', 'create');
    checkStages(input.stages);
    const name = requiredText(input.name);
    const at = new Date().toISOString();
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      if (input.isDefault)
        await trx.updateTable('pipelines').set({ isDefault: 0 }).where('orgId', '=', actor.orgId).execute();
      await trx
        .insertInto('pipelines')
        .values({
          id,
          orgId: actor.orgId,
          name,
          isDefault: input.isDefault ? 1 : 0,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      await trx
        .insertInto('pipelineStages')
        .values(
          input.stages.map((s, position) => ({
            id: newId(),
            orgId: actor.orgId,
            pipelineId: id,
            name: s.name.trim(),
            position,
            probability: s.probability,
            kind: s.kind,
            ...criteriaOf(s, undefined),
          })),
        )
        .execute();
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: PipelineUpdate): Promise<Pipeline> {
    authorize(actor, 'pipeline', 'update');
    const before = await this.get(actor, id);
    const at = new Date().toISOString();
    if (input.stages) checkStages(input.stages);
    const keep = new Set((input.stages ?? []).map((s) => s.id).filter(Boolean));
    const current = new Map(before.stages.map((s) => [s.id, s]));
    for (const s of input.stages ?? []) {
      if (s.id && !current.has(s.id)) throw invalidField('stages', `stage ${s.id} is not in this pipeline`);
    }
    const removed = input.stages ? before.stages.filter((s) => !keep.has(s.id)).map((s) => s.id) : [];
    if (removed.length) {
      const n = await this.repo.countOpportunities(actor.orgId, 'stageId', removed);
      if (n > 0)
        throw conflict(`${n} opportunities are in the stages you removed; move them first`, [
          { path: 'stages', message: 'stage still in use' },
        ]);
    }
    await this.db.transaction().execute(async (trx) => {
      const patch: Record<string, unknown> = {};
      if (input.name !== undefined) patch.name = requiredText(input.name);
      if (input.isDefault !== undefined) {
        patch.isDefault = input.isDefault ? 1 : 0;
        if (input.isDefault)
          await trx
            .updateTable('pipelines')
            .set({ isDefault: 0 })
            .where('orgId', '=', actor.orgId)
            .where('id', '!=', id)
            .execute();
      }
      await updateVersioned(
        trx,
        'pipelines',
        { orgId: actor.orgId, id, version: input.version },
        patch,
        at,
        'Pipeline',
      );
      if (input.stages) {
        if (removed.length)
          await trx
            .deleteFrom('pipelineStages')
            .where('orgId', '=', actor.orgId)
            .where('id', 'in', removed)
            .execute();
        for (const [position, s] of input.stages.entries()) {
          const values = {
            name: s.name.trim(),
            position,
            probability: s.probability,
            kind: s.kind,
            ...criteriaOf(s, s.id ? current.get(s.id) : undefined),
          };
          if (s.id)
            await trx
              .updateTable('pipelineStages')
              .set(values)
              .where('id', '=', s.id)
              .where('orgId', '=', actor.orgId)
              .execute();
          else
            await trx
              .insertInto('pipelineStages')
              .values({ id: newId(), orgId: actor.orgId, pipelineId: id, ...values })
              .execute();
        }
        const describe = (
          stages: {
            name: string;
            probability: number;
            requiredFields?: string[];
            checklist?: unknown[];
            stallDays?: number | null;
          }[],
        ) =>
          stages
            .map(
              (s) =>
                `${s.name} ${s.probability}%` +
                (s.requiredFields?.length ? ` [${s.requiredFields.join(', ')}]` : '') +
                (s.checklist?.length ? ` (${s.checklist.length} ✓)` : '') +
                (s.stallDays ? ` ⏱${s.stallDays}d` : ''),
            )
            .join(' → ');
        await recordChanges(trx, {
          orgId: actor.orgId,
          entityType: 'pipeline',
          entityId: id,
          userId: actor.userId,
          before: { stages: describe(before.stages) },
          after: {
            stages: describe(
              input.stages.map((s) => ({
                ...s,
                stallDays:
                  s.stallDays !== undefined ? s.stallDays : s.id ? current.get(s.id)?.stallDays : null,
              })),
            ),
          },
          fields: ['stages'],
          at,
        });
      }
      await recordChanges(trx, {
        orgId: actor.orgId,
        entityType: 'pipeline',
        entityId: id,
        userId: actor.userId,
        before,
        after: patch,
        fields: ['name'],
        at,
      });
    });
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'pipeline', 'delete');
    const p = await this.get(actor, id);
    if (p.isDefault)
      throw conflict('The default pipeline cannot be deleted; make another one the default first');
    const n = await this.repo.countOpportunities(actor.orgId, 'pipelineId', [id]);
    if (n > 0) throw conflict(`${n} opportunities use this pipeline; move them first`);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('pipelineStages')
        .where('orgId', '=', actor.orgId)
        .where('pipelineId', '=', id)
        .execute();
      await trx.deleteFrom('pipelines').where('orgId', '=', actor.orgId).where('id', '=', id).execute();
    });
  }

  /** Kanban column totals within the actor's opportunity scope and saved view. */
  async board(
    actor: Actor,
    id: string,
    query: { view?: 'mine' | 'subordinates' | 'all'; ownerId?: string; q?: string },
  ): Promise<Board> {
    const pipeline = await this.get(actor, id);
    const g = await guard(this.directory, actor, 'opportunity', 'read');
    const owners = listOwners(actor, g, query.view, query.ownerId);
    const collaborator =
      owners !== null && !query.ownerId && query.view !== 'subordinates' ? actor.userId : null;
    const rows = await this.repo.board(
      actor.orgId,
      id,
      owners,
      collaborator,
      query.q ? likePattern(query.q) : null,
      this.dialect.ilike,
    );
    const byStage = new Map(rows.map((r) => [r.stageId, r]));
    return {
      pipelineId: id,
      columns: pipeline.stages.map((s) => {
        const r = byStage.get(s.id);
        const amount = Number(r?.amount ?? 0);
        return {
          stageId: s.id,
          count: Number(r?.count ?? 0),
          amount,
          weightedAmount: Math.round((amount * s.probability) / 100),
        };
      }),
    };
  }
}

/** The stage's criteria columns: the input's, or what the existing stage had when the input leaves them out. */
function criteriaOf(s: StageInput, existing: Stage | undefined) {
  const requiredFields = s.requiredFields ?? existing?.requiredFields ?? [];
  const checklist: ChecklistTemplateItem[] = s.checklist
    ? s.checklist.map((c) => ({ id: c.id ?? newId(), label: c.label.trim(), required: c.required }))
    : (existing?.checklist ?? []);
  const stallDays = s.stallDays !== undefined ? s.stallDays : (existing?.stallDays ?? null);
  return { requiredFields: JSON.stringify(requiredFields), checklist: JSON.stringify(checklist), stallDays };
}

function checkStages(stages: StageInput[]) {
  const names = new Set<string>();
  stages.forEach((s, i) => {
    const n = s.name.trim();
    if (!n) throw invalidField(`stages/${i}/name`, 'must not be empty');
    if (names.has(n)) throw invalidField(`stages/${i}/name`, `stage name ${n} appears twice`);
    names.add(n);
    const ids = new Set<string>();
    (s.checklist ?? []).forEach((c, k) => {
      if (!c.label.trim()) throw invalidField(`stages/${i}/checklist/${k}/label`, 'must not be empty');
      if (c.id && ids.has(c.id))
        throw invalidField(`stages/${i}/checklist/${k}/id`, `checklist item ${c.id} appears twice`);
      if (c.id) ids.add(c.id);
    });
  });
  if (!stages.some((s) => s.kind === 'open')) throw invalidField('stages', 'needs at least one open stage');
  if (!stages.some((s) => s.kind === 'won')) throw invalidField('stages', 'needs a won stage');
  if (!stages.some((s) => s.kind === 'lost')) throw invalidField('stages', 'needs a lost stage');
}

export function toPipeline(
  r: { id: string; name: string; isDefault: number; createdAt: string; updatedAt: string; version: number },
  stages: StageRow[],
): Pipeline {
  return {
    id: r.id,
    name: r.name,
    isDefault: r.isDefault === 1,
    stages: stages
      .filter((s) => s.pipelineId === r.id)
      .sort((a, b) => a.position - b.position)
      .map(toStage),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

export function toStage(s: StageRow): Stage {
  return {
    id: s.id,
    name: s.name,
    position: s.position,
    probability: s.probability,
    kind: s.kind as Stage['kind'],
    requiredFields: parseJson<RequirableField[]>(s.requiredFields),
    checklist: parseJson<ChecklistTemplateItem[]>(s.checklist),
    stallDays: s.stallDays ?? null,
  };
}

function parseJson<T extends unknown[]>(text: string | undefined): T {
  if (!text) return [] as unknown as T;
  try {
    const v: unknown = JSON.parse(text);
    return (Array.isArray(v) ? v : []) as T;
  } catch {
    return [] as unknown as T;
  }
}
