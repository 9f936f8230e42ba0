import type {
  EngagementType,
  ScoreFactor,
  ScoringField,
  ScoringOperator,
  ScoringRuleKind,
} from '@tuoke/shared';
import { featuresOf, predict, type ModelLead, type NaiveBayesModel } from './scoring.model.js';

/*
 * The score, and its explanation. Final score 0–100:
 *   rules  R = fit points + engagement points, kept within 0–100;
 *   model  M = 100 × the model's conversion probability (when the model is on);
 *   score    = (1 − w)·R + w·M, w = the organisation's model weight (default 40 %);
 *              w = 0 when the model is off, w = 1 when the model is on and no rule is active.
 * Each factor's `contribution` is its share of that sum: a rule's points × (1 − w); the model's
 * base rate × w; and the model's move away from its base rate, split over the features in
 * proportion to their log-likelihood ratios, × w. Contributions are rounded to one decimal and
 * the score is their sum, rounded — so the explanation always adds up.
 */

export interface ScoringRuleDef {
  id: string;
  kind: ScoringRuleKind;
  name: string;
  field: ScoringField | null;
  operator: ScoringOperator | null;
  value: string[] | null;
  activityTypes: EngagementType[] | null;
  windowDays: number | null;
  points: number;
  cap: number | null;
}

export interface ScoringLead extends ModelLead {
  wechat: string | null;
  notes: string | null;
}

export interface ScoreResult {
  total: number;
  rulesScore: number;
  modelScore: number | null;
  modelWeight: number;
  factors: ScoreFactor[];
}

const norm = (v: string | null | undefined) => (v ?? '').trim().toLowerCase();
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Does a fit rule hold for the lead? Returns the value it looked at, or null when it does not. */
export function fitMatch(rule: ScoringRuleDef, lead: ScoringLead): string | null {
  if (!rule.field || !rule.operator) return null;
  const raw = (lead as unknown as Record<ScoringField, string | null>)[rule.field] ?? null;
  const v = norm(raw);
  const wanted = (rule.value ?? []).map(norm).filter(Boolean);
  switch (rule.operator) {
    case 'present':
      return v ? raw : null;
    case 'absent':
      return v ? null : '—';
    case 'equals':
      return v && wanted.length > 0 && v === wanted[0] ? raw : null;
    case 'in':
      return v && wanted.includes(v) ? raw : null;
    case 'contains':
      return v && wanted.some((w) => v.includes(w)) ? raw : null;
  }
}

/** An engagement rule's points for `count` activities: points each, capped (in either direction). */
export function engagementPoints(rule: ScoringRuleDef, count: number): number {
  const raw = count * rule.points;
  if (rule.cap === null) return raw;
  return raw >= 0 ? Math.min(raw, rule.cap) : Math.max(raw, -rule.cap);
}

export function scoreLead(args: {
  rules: ScoringRuleDef[];
  lead: ScoringLead;
  /** Activities (and form submissions) in each engagement rule's window, by rule id. */
  engagement: Map<string, number>;
  model: NaiveBayesModel | null;
  /** 0–100 */
  modelWeight: number;
}): ScoreResult {
  const { rules, lead, engagement, model } = args;
  const w = !model ? 0 : rules.length === 0 ? 1 : args.modelWeight / 100;
  const raw: ScoreFactor[] = [];
  let rulesRaw = 0;
  for (const rule of rules) {
    if (rule.kind === 'fit') {
      const value = fitMatch(rule, lead);
      if (value === null) continue;
      rulesRaw += rule.points;
      raw.push({
        kind: 'fit',
        name: rule.name,
        ruleId: rule.id,
        field: rule.field,
        value,
        points: rule.points,
        contribution: (1 - w) * rule.points,
      });
    } else {
      const count = engagement.get(rule.id) ?? 0;
      const points = engagementPoints(rule, count);
      if (count === 0) continue;
      rulesRaw += points;
      raw.push({
        kind: 'engagement',
        name: rule.name,
        ruleId: rule.id,
        field: null,
        value: String(count),
        points,
        contribution: (1 - w) * points,
      });
    }
  }
  const rulesScore = Math.min(100, Math.max(0, rulesRaw));
  if (rulesScore !== rulesRaw)
    raw.push({
      kind: 'rules_cap',
      name: rulesRaw > 100 ? 'max 100' : 'min 0',
      ruleId: null,
      field: null,
      value: String(rulesRaw),
      points: rulesScore - rulesRaw,
      contribution: (1 - w) * (rulesScore - rulesRaw),
    });

  let modelScore: number | null = null;
  if (model) {
    const p = predict(model, featuresOf(lead));
    modelScore = round1(p.probability * 100);
    raw.push({
      kind: 'model_base',
      name: 'base rate',
      ruleId: null,
      field: null,
      value: null,
      points: null,
      contribution: w * p.baseline * 100,
    });
    const sum = p.weights.reduce((s, f) => s + f.weight, 0);
    const move = (p.probability - p.baseline) * 100;
    for (const f of p.weights)
      raw.push({
        kind: 'model',
        name: f.feature,
        ruleId: null,
        field: null,
        value: f.value,
        points: Math.round(f.weight * 1000) / 1000,
        contribution: Math.abs(sum) < 1e-12 ? 0 : (w * move * f.weight) / sum,
      });
  }
  const factors = raw.map((f) => ({ ...f, contribution: round1(f.contribution) }));
  const sum = factors.reduce((s, f) => s + f.contribution, 0);
  return {
    total: Math.min(100, Math.max(0, Math.round(sum))),
    rulesScore,
    modelScore,
    modelWeight: Math.round(w * 100),
    factors,
  };
}
