import type { Kysely } from 'kysely';
import {
  MODEL_FEATURES,
  MODEL_MIN_EXAMPLES,
  scoreBand,
  type EngagementType,
  type LeadScore,
  type ModelFeature,
  type ScoreModelStatus,
  type ScoringField,
  type ScoringOperator,
  type ScoringRule,
  type ScoringRuleCreate,
  type ScoringRuleKind,
  type ScoringRuleUpdate,
  type ScoringSettingsUpdate,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { invalidField, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { updateVersioned } from '../../lib/records.js';
import { authorize, type Actor } from '../access/index.js';
import { scoreLead, type ScoreResult, type ScoringLead, type ScoringRuleDef } from './scoring.engine.js';
import { train, type NaiveBayesModel } from './scoring.model.js';
import {
  ScoringRepository,
  type EngagementEvent,
  type ScoreModelRow,
  type ScoredLeadRow,
  type ScoringRuleRow,
} from './scoring.repository.js';

const DAY = 86_400_000;
const DEFAULT_MODEL_WEIGHT = 40;

/** How the scoring module checks the actor may read a lead (the leads module's rule). */
export type LeadVisibility = (actor: Actor, leadId: string) => Promise<unknown>;

/**
 * Lead scoring: fit and engagement rules plus a naive Bayes model learned from the organisation's
 * converted and disqualified leads (see scoring.engine.ts for the blend). Scores are stored in
 * leads.score after every create, change and activity, after a rule or weight change, and by
 * the nightly job (engagement ages out of its window).
 */
export class ScoringService {
  /** "Now", replaceable in tests: engagement counts the last N days. */
  clock: () => Date = () => new Date();
  private readonly repo: ScoringRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly leadVisible: LeadVisibility,
  ) {
    this.repo = new ScoringRepository(db);
  }

  // --- rules ---------------------------------------------------------------------------------

  async listRules(actor: Actor): Promise<{ items: ScoringRule[] }> {
    authorize(actor, 'scoring_rule', 'read');
    return { items: (await this.repo.rules(actor.orgId)).map(toRule) };
  }

  async createRule(actor: Actor, input: ScoringRuleCreate): Promise<ScoringRule> {
    authorize(actor, 'scoring_rule', 'create');
    const at = new Date().toISOString();
    const row: ScoringRuleRow = {
      id: newId(),
      orgId: actor.orgId,
      ...checkedRule({
        kind: input.kind,
        name: input.name,
        field: input.field ?? null,
        operator: input.operator ?? null,
        value: input.value ?? null,
        activityTypes: input.activityTypes ?? null,
        windowDays: input.windowDays ?? null,
        points: input.points,
        cap: input.cap ?? null,
      }),
      active: input.active === false ? 0 : 1,
      position: await this.repo.nextPosition(actor.orgId),
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.repo.insertRule(row);
    await this.rescoreAll(actor.orgId);
    return toRule(row);
  }

  async updateRule(actor: Actor, id: string, input: ScoringRuleUpdate): Promise<ScoringRule> {
    authorize(actor, 'scoring_rule', 'update');
    const row = await this.repo.rule(actor.orgId, id);
    if (!row) throw notFound('Scoring rule');
    const current = toRule(row);
    const merged = checkedRule({
      kind: input.kind ?? current.kind,
      name: input.name ?? current.name,
      field: input.field !== undefined ? input.field : current.field,
      operator: input.operator !== undefined ? input.operator : current.operator,
      value: input.value !== undefined ? input.value : current.value,
      activityTypes: input.activityTypes !== undefined ? input.activityTypes : current.activityTypes,
      windowDays: input.windowDays !== undefined ? input.windowDays : current.windowDays,
      points: input.points ?? current.points,
      cap: input.cap !== undefined ? input.cap : current.cap,
    });
    const patch: Record<string, unknown> = { ...merged };
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    await updateVersioned(
      this.db,
      'leadScoringRules',
      { orgId: actor.orgId, id, version: input.version },
      patch,
      new Date().toISOString(),
      'Scoring rule',
    );
    await this.rescoreAll(actor.orgId);
    return toRule((await this.repo.rule(actor.orgId, id))!);
  }

  async removeRule(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'scoring_rule', 'delete');
    if (!(await this.repo.rule(actor.orgId, id))) throw notFound('Scoring rule');
    await this.repo.deleteRule(actor.orgId, id);
    await this.rescoreAll(actor.orgId);
  }

  // --- model ---------------------------------------------------------------------------------

  async modelStatus(actor: Actor): Promise<ScoreModelStatus> {
    authorize(actor, 'scoring_rule', 'read');
    return toStatus(await this.modelRow(actor.orgId));
  }

  async updateSettings(actor: Actor, input: ScoringSettingsUpdate): Promise<ScoreModelStatus> {
    authorize(actor, 'scoring_rule', 'update');
    const row = await this.modelRow(actor.orgId);
    await this.repo.saveModel({
      ...row,
      modelWeight: input.modelWeight,
      updatedAt: new Date().toISOString(),
    });
    await this.rescoreAll(actor.orgId);
    return toStatus(await this.modelRow(actor.orgId));
  }

  /** Trains on demand (the nightly job does the same), then rescores every lead. */
  async trainNow(actor: Actor): Promise<ScoreModelStatus> {
    authorize(actor, 'scoring_rule', 'update');
    await this.train(actor.orgId);
    await this.rescoreAll(actor.orgId);
    return toStatus(await this.modelRow(actor.orgId));
  }

  async train(orgId: string): Promise<void> {
    const decided = await this.repo.decidedLeads(orgId);
    const result = train(decided.map((l) => ({ id: l.id, lead: l, converted: l.status === 'converted' })));
    const row = await this.modelRow(orgId);
    const at = this.clock().toISOString();
    await this.repo.saveModel(
      result.status === 'on'
        ? {
            ...row,
            status: 'on',
            offReason: null,
            examples: result.examples,
            positives: result.positives,
            negatives: result.negatives,
            holdoutSize: result.holdoutSize,
            accuracyBp: result.accuracy === null ? null : Math.round(result.accuracy * 10_000),
            aucBp: result.auc === null ? null : Math.round(result.auc * 10_000),
            weights: JSON.stringify(result.model),
            trainedAt: at,
            updatedAt: at,
          }
        : {
            ...row,
            status: 'off',
            offReason: result.reason,
            examples: result.examples,
            positives: result.positives,
            negatives: result.negatives,
            holdoutSize: 0,
            accuracyBp: null,
            aucBp: null,
            weights: null,
            trainedAt: at,
            updatedAt: at,
          },
    );
  }

  // --- scores --------------------------------------------------------------------------------

  /** GET /leads/:id/score: the score with every factor; stores it when it has changed. */
  async explain(actor: Actor, leadId: string): Promise<LeadScore> {
    await this.leadVisible(actor, leadId);
    const lead = await this.repo.lead(actor.orgId, leadId);
    if (!lead) throw notFound('Lead');
    const ctx = await this.context(actor.orgId);
    const result = this.compute(ctx, lead, await this.repo.engagement(actor.orgId, ctx.since, leadId));
    if (lead.score !== result.total)
      await this.repo.setScores(actor.orgId, new Map([[leadId, result.total]]));
    return {
      leadId,
      total: result.total,
      band: scoreBand(result.total),
      rulesScore: result.rulesScore,
      modelScore: result.modelScore,
      modelWeight: result.modelWeight,
      factors: result.factors,
      computedAt: this.clock().toISOString(),
    };
  }

  async rescoreLead(orgId: string, leadId: string): Promise<number | null> {
    const lead = await this.repo.lead(orgId, leadId);
    if (!lead) return null;
    const ctx = await this.context(orgId);
    const { total } = this.compute(ctx, lead, await this.repo.engagement(orgId, ctx.since, leadId));
    if (lead.score !== total) await this.repo.setScores(orgId, new Map([[leadId, total]]));
    return total;
  }

  /** Every lead of the organisation; writes only the scores that changed. Returns how many. */
  async rescoreAll(orgId: string): Promise<number> {
    const ctx = await this.context(orgId);
    const [leads, events] = await Promise.all([
      this.repo.allLeads(orgId),
      this.repo.engagement(orgId, ctx.since),
    ]);
    const byLead = new Map<string, EngagementEvent[]>();
    for (const e of events) byLead.set(e.leadId, [...(byLead.get(e.leadId) ?? []), e]);
    const changed = new Map<string, number>();
    for (const lead of leads) {
      const { total } = this.compute(ctx, lead, byLead.get(lead.id) ?? []);
      if (lead.score !== total) changed.set(lead.id, total);
    }
    await this.repo.setScores(orgId, changed);
    return changed.size;
  }

  /** The nightly job: retrain and rescore every organisation. */
  async nightly(): Promise<void> {
    for (const orgId of await this.repo.organizations()) {
      await this.train(orgId);
      await this.rescoreAll(orgId);
    }
  }

  private async context(orgId: string) {
    const [rules, model] = await Promise.all([this.repo.rules(orgId), this.modelRow(orgId)]);
    const active = rules.filter((r) => r.active === 1).map(toRule);
    const now = this.clock().getTime();
    const longest = Math.max(0, ...active.map((r) => (r.kind === 'engagement' ? (r.windowDays ?? 0) : 0)));
    return {
      now,
      rules: active as ScoringRuleDef[],
      model: model.status === 'on' && model.weights ? (JSON.parse(model.weights) as NaiveBayesModel) : null,
      modelWeight: model.modelWeight,
      since: new Date(now - longest * DAY).toISOString(),
    };
  }

  private compute(
    ctx: Awaited<ReturnType<ScoringService['context']>>,
    lead: ScoredLeadRow,
    events: EngagementEvent[],
  ): ScoreResult {
    const engagement = new Map<string, number>();
    for (const rule of ctx.rules) {
      if (rule.kind !== 'engagement' || !rule.activityTypes || !rule.windowDays) continue;
      const since = new Date(ctx.now - rule.windowDays * DAY).toISOString();
      const types = new Set<string>(rule.activityTypes);
      engagement.set(rule.id, events.filter((e) => types.has(e.type) && iso(e.at) >= since).length);
    }
    return scoreLead({
      rules: ctx.rules,
      lead: lead as ScoringLead,
      engagement,
      model: ctx.model,
      modelWeight: ctx.modelWeight,
    });
  }

  private async modelRow(orgId: string): Promise<ScoreModelRow> {
    return (
      (await this.repo.model(orgId)) ?? {
        orgId,
        modelWeight: DEFAULT_MODEL_WEIGHT,
        status: 'off',
        offReason: 'never_trained',
        examples: 0,
        positives: 0,
        negatives: 0,
        holdoutSize: 0,
        accuracyBp: null,
        aucBp: null,
        weights: null,
        trainedAt: null,
        updatedAt: new Date().toISOString(),
      }
    );
  }
}

/** PostgreSQL gives timestamps back as ISO strings too (see db/database.ts); normalise anyway. */
const iso = (v: string) => (v.endsWith('Z') ? v : new Date(v).toISOString());

type RuleFields = Pick<
  ScoringRule,
  'kind' | 'name' | 'field' | 'operator' | 'value' | 'activityTypes' | 'windowDays' | 'points' | 'cap'
>;

/** Checks a rule's fields fit its kind; returns the columns, JSON encoded, with the others cleared. */
function checkedRule(r: RuleFields) {
  const name = r.name.trim();
  if (!name) throw invalidField('name', 'must not be empty');
  if (r.kind === 'fit') {
    if (!r.field) throw invalidField('field', 'a fit rule looks at a lead field');
    if (!r.operator) throw invalidField('operator', 'a fit rule needs an operator');
    const value = (r.value ?? []).map((v) => v.trim()).filter(Boolean);
    const needsValue = r.operator !== 'present' && r.operator !== 'absent';
    if (needsValue && value.length === 0) throw invalidField('value', 'give the value(s) to compare with');
    if (r.operator === 'equals' && value.length > 1) throw invalidField('value', 'equals takes one value');
    return {
      kind: r.kind,
      name,
      field: r.field,
      operator: r.operator,
      value: needsValue ? JSON.stringify(value) : null,
      activityTypes: null,
      windowDays: null,
      points: r.points,
      cap: null,
    };
  }
  if (!r.activityTypes || r.activityTypes.length === 0)
    throw invalidField('activityTypes', 'an engagement rule counts at least one kind of activity');
  if (!r.windowDays) throw invalidField('windowDays', 'an engagement rule counts the last N days');
  return {
    kind: r.kind,
    name,
    field: null,
    operator: null,
    value: null,
    activityTypes: JSON.stringify([...new Set(r.activityTypes)]),
    windowDays: r.windowDays,
    points: r.points,
    cap: r.cap,
  };
}

function toRule(r: ScoringRuleRow): ScoringRule {
  return {
    id: r.id,
    kind: r.kind as ScoringRuleKind,
    name: r.name,
    field: r.field as ScoringField | null,
    operator: r.operator as ScoringOperator | null,
    value: r.value ? (JSON.parse(r.value) as string[]) : null,
    activityTypes: r.activityTypes ? (JSON.parse(r.activityTypes) as EngagementType[]) : null,
    windowDays: r.windowDays,
    points: r.points,
    cap: r.cap,
    active: r.active === 1,
    position: r.position,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

function toStatus(r: ScoreModelRow): ScoreModelStatus {
  const model = r.status === 'on' && r.weights ? (JSON.parse(r.weights) as NaiveBayesModel) : null;
  const top = model
    ? MODEL_FEATURES.flatMap((feature) =>
        Object.entries(model.features[feature].values).map(([value, weight]) => ({
          feature: feature as ModelFeature,
          value,
          weight: Math.round(weight * 1000) / 1000,
        })),
      )
        .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
        .slice(0, 10)
    : [];
  return {
    status: model ? 'on' : 'off',
    offReason: model ? null : ((r.offReason ?? 'never_trained') as ScoreModelStatus['offReason']),
    modelWeight: r.modelWeight,
    minExamples: MODEL_MIN_EXAMPLES,
    examples: r.examples,
    positives: r.positives,
    negatives: r.negatives,
    holdoutSize: r.holdoutSize,
    accuracy: r.accuracyBp === null ? null : r.accuracyBp / 10_000,
    auc: r.aucBp === null ? null : r.aucBp / 10_000,
    trainedAt: r.trainedAt,
    topFeatures: top,
  };
}
