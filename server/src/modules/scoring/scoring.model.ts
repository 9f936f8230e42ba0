import { MODEL_FEATURES, MODEL_MIN_EXAMPLES, type ModelFeature } from '@tuoke/shared';

/*
 * The conversion model learned from an organisation's own history: naive Bayes over categorical
 * lead features, with Laplace smoothing (add one per value, plus an "unseen" value per feature).
 * Naive Bayes because the history is small (tens to a few thousand decided leads), training is
 * closed-form and deterministic, and each feature value's weight is a log-likelihood ratio that
 * explains itself: > 0 speaks for conversion, < 0 against.
 */

/** The lead fields the model looks at. */
export interface ModelLead {
  source: string | null;
  industry: string | null;
  region: string | null;
  title: string | null;
  phone: string | null;
  email: string | null;
  company: string | null;
}

export type FeatureValues = Record<ModelFeature, string>;

export interface NaiveBayesModel {
  /** log((positives + 1) / (negatives + 1)) */
  prior: number;
  features: Record<ModelFeature, { values: Record<string, number>; unseen: number }>;
}

export interface TrainingExample {
  id: string;
  lead: ModelLead;
  converted: boolean;
}

export type TrainResult =
  | {
      status: 'off';
      reason: 'too_few_examples' | 'one_class';
      examples: number;
      positives: number;
      negatives: number;
    }
  | {
      status: 'on';
      model: NaiveBayesModel;
      examples: number;
      positives: number;
      negatives: number;
      holdoutSize: number;
      accuracy: number | null;
      auc: number | null;
    };

const NONE = '(none)';

/** How senior a title is, from keywords in Chinese and English. 总监 is a director, 总经理 an executive. */
export function seniority(title: string | null): string {
  const t = (title ?? '').trim().toLowerCase();
  if (!t) return NONE;
  if (/总监|director|head of|主任|部长/.test(t)) return 'director';
  if (/总|董事|ceo|cto|cfo|coo|cio|president|chief|owner|founder|老板|创始人|合伙人|partner|\bvp\b/.test(t))
    return 'executive';
  if (/经理|主管|manager|supervisor|lead/.test(t)) return 'manager';
  return 'staff';
}

const present = (v: string | null) => (v && v.trim() ? 'yes' : 'no');

export function featuresOf(lead: ModelLead): FeatureValues {
  return {
    source: lead.source || NONE,
    industry: lead.industry || NONE,
    region: lead.region?.trim() || NONE,
    seniority: seniority(lead.title),
    hasPhone: present(lead.phone),
    hasEmail: present(lead.email),
    hasCompany: present(lead.company),
  };
}

/** Fits the model on the examples (no checks on their number). */
export function fitNaiveBayes(examples: { features: FeatureValues; converted: boolean }[]): NaiveBayesModel {
  const pos = examples.filter((e) => e.converted).length;
  const neg = examples.length - pos;
  const features = {} as NaiveBayesModel['features'];
  for (const f of MODEL_FEATURES) {
    const counts = new Map<string, { pos: number; neg: number }>();
    for (const e of examples) {
      const c = counts.get(e.features[f]) ?? { pos: 0, neg: 0 };
      if (e.converted) c.pos++;
      else c.neg++;
      counts.set(e.features[f], c);
    }
    const k = counts.size + 1; // the values seen, and one for any value not seen
    const llr = (p: number, n: number) => Math.log((p + 1) / (pos + k)) - Math.log((n + 1) / (neg + k));
    const values: Record<string, number> = {};
    for (const [v, c] of [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)))
      values[v] = llr(c.pos, c.neg);
    features[f] = { values, unseen: llr(0, 0) };
  }
  return { prior: Math.log((pos + 1) / (neg + 1)), features };
}

export interface Prediction {
  /** Conversion probability, 0–1. */
  probability: number;
  /** The probability with no feature known: the prior. */
  baseline: number;
  /** Per feature: the value and its log-likelihood ratio. */
  weights: { feature: ModelFeature; value: string; weight: number }[];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function predict(model: NaiveBayesModel, features: FeatureValues): Prediction {
  const weights = MODEL_FEATURES.map((feature) => {
    const f = model.features[feature];
    const value = features[feature];
    return { feature, value, weight: f ? (f.values[value] ?? f.unseen) : 0 };
  });
  const logit = model.prior + weights.reduce((s, w) => s + w.weight, 0);
  return { probability: sigmoid(logit), baseline: sigmoid(model.prior), weights };
}

/** Area under the ROC curve: the chance a random positive ranks above a random negative (ties ½). */
export function auc(scored: { p: number; positive: boolean }[]): number | null {
  const pos = scored.filter((s) => s.positive);
  const neg = scored.filter((s) => !s.positive);
  if (pos.length === 0 || neg.length === 0) return null;
  let wins = 0;
  for (const a of pos) for (const b of neg) wins += a.p > b.p ? 1 : a.p === b.p ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

/**
 * Measures the model on a held-out fifth of the history (every fifth example in id order, so
 * the split is stable), then fits it on all of it. Off with fewer than MODEL_MIN_EXAMPLES
 * examples or only one outcome.
 */
export function train(examples: TrainingExample[]): TrainResult {
  const positives = examples.filter((e) => e.converted).length;
  const negatives = examples.length - positives;
  const base = { examples: examples.length, positives, negatives };
  if (examples.length < MODEL_MIN_EXAMPLES) return { status: 'off', reason: 'too_few_examples', ...base };
  if (positives === 0 || negatives === 0) return { status: 'off', reason: 'one_class', ...base };
  const all = [...examples]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((e) => ({ features: featuresOf(e.lead), converted: e.converted }));
  const holdout = all.filter((_, i) => i % 5 === 4);
  const rest = all.filter((_, i) => i % 5 !== 4);
  let accuracy: number | null = null;
  let area: number | null = null;
  if (holdout.length > 0 && rest.some((e) => e.converted) && rest.some((e) => !e.converted)) {
    const measured = fitNaiveBayes(rest);
    const scored = holdout.map((e) => ({
      p: predict(measured, e.features).probability,
      positive: e.converted,
    }));
    accuracy = scored.filter((s) => s.p >= 0.5 === s.positive).length / scored.length;
    area = auc(scored);
  }
  return {
    status: 'on',
    model: fitNaiveBayes(all),
    ...base,
    holdoutSize: holdout.length,
    accuracy,
    auc: area,
  };
}
