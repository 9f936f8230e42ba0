import { describe, expect, it } from 'vitest';
import { MODEL_MIN_EXAMPLES } from '@tuoke/shared';
import { scoreLead, type ScoringRuleDef } from './scoring.engine.js';
import { auc, featuresOf, seniority, train, type ModelLead, type TrainingExample } from './scoring.model.js';

const lead = (over: Partial<ModelLead & { wechat: string | null; notes: string | null }> = {}) => ({
  source: 'website',
  industry: 'manufacturing',
  region: '华东',
  title: '采购经理',
  phone: '13800000000',
  email: null,
  company: '苏州精工',
  wechat: null,
  notes: null,
  ...over,
});

/** A history where referrals convert 3 times in 4 and cold calls 1 in 5; nothing else matters. */
function history(n: number): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (let i = 0; i < n; i++) {
    const referral = i % 2 === 0;
    const converted = referral ? i % 8 !== 0 : i % 10 === 1;
    out.push({
      id: `id-${String(i).padStart(4, '0')}`,
      lead: lead({
        source: referral ? 'referral' : 'cold_call',
        region: ['华东', '华南'][i % 3 === 0 ? 0 : 1]!,
      }),
      converted,
    });
  }
  return out;
}

describe('title seniority', () => {
  it('reads Chinese and English titles; 总监 is a director, 总经理 an executive', () => {
    expect(seniority('总经理')).toBe('executive');
    expect(seniority('副总裁')).toBe('executive');
    expect(seniority('技术总监')).toBe('director');
    expect(seniority('Head of IT')).toBe('director');
    expect(seniority('采购经理')).toBe('manager');
    expect(seniority('CTO')).toBe('executive');
    expect(seniority('工程师')).toBe('staff');
    expect(seniority(null)).toBe('(none)');
    expect(featuresOf(lead({ email: ' ' })).hasEmail).toBe('no');
  });
});

describe('the conversion model', () => {
  it('learns that a predictive feature speaks for conversion, and measures itself on a holdout', () => {
    const result = train(history(80));
    expect(result.status).toBe('on');
    if (result.status !== 'on') return;
    expect(result.examples).toBe(80);
    expect(result.holdoutSize).toBe(16);
    expect(result.model.features.source.values.referral).toBeGreaterThan(0.5);
    expect(result.model.features.source.values.cold_call).toBeLessThan(-0.5);
    // the region says nothing here: far weaker than the source
    expect(Math.abs(result.model.features.region.values['华东']!)).toBeLessThan(0.5);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.7);
    expect(result.auc).toBeGreaterThanOrEqual(0.8);
  });

  it('stays off with too little history or only one outcome', () => {
    expect(train(history(MODEL_MIN_EXAMPLES - 1))).toMatchObject({
      status: 'off',
      reason: 'too_few_examples',
    });
    const allWon = history(40).map((e) => ({ ...e, converted: true }));
    expect(train(allWon)).toMatchObject({ status: 'off', reason: 'one_class', positives: 40, negatives: 0 });
  });

  it('computes AUC as the chance a positive outranks a negative', () => {
    expect(
      auc([
        { p: 0.9, positive: true },
        { p: 0.2, positive: false },
        { p: 0.5, positive: true },
        { p: 0.5, positive: false },
      ]),
    ).toBe(0.875);
    expect(auc([{ p: 0.9, positive: true }])).toBeNull();
  });
});

describe('the blended score', () => {
  const fit = (id: string, over: Partial<ScoringRuleDef>): ScoringRuleDef => ({
    id,
    kind: 'fit',
    name: id,
    field: null,
    operator: null,
    value: null,
    activityTypes: null,
    windowDays: null,
    points: 0,
    cap: null,
    ...over,
  });
  const rules: ScoringRuleDef[] = [
    fit('mfg', { field: 'industry', operator: 'equals', value: ['manufacturing'], points: 15 }),
    fit('boss', { field: 'title', operator: 'contains', value: ['总'], points: 10 }),
    fit('email', { field: 'email', operator: 'present', points: 5 }),
    fit('east', { field: 'region', operator: 'in', value: ['华东', '华南'], points: 8 }),
    {
      ...fit('calls', { points: 6, cap: 20 }),
      kind: 'engagement',
      activityTypes: ['call', 'visit'],
      windowDays: 30,
    },
  ];

  it('without a model: the rule points, each factor explained, capped engagement', () => {
    const r = scoreLead({
      rules,
      lead: lead({ title: '总经理' }),
      engagement: new Map([['calls', 5]]),
      model: null,
      modelWeight: 40,
    });
    // 15 + 10 + 8 + min(5×6, 20) — no e-mail
    expect(r.total).toBe(53);
    expect(r.modelWeight).toBe(0);
    expect(r.factors.map((f) => [f.name, f.contribution])).toEqual([
      ['mfg', 15],
      ['boss', 10],
      ['east', 8],
      ['calls', 20],
    ]);
    expect(r.factors.find((f) => f.name === 'calls')!.value).toBe('5');
  });

  it('keeps rules within 0–100 with a visible cap factor', () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      fit(`r${i}`, { field: 'industry', operator: 'present', points: 20 }),
    );
    const r = scoreLead({ rules: many, lead: lead(), engagement: new Map(), model: null, modelWeight: 40 });
    expect(r.total).toBe(100);
    expect(r.factors.at(-1)).toMatchObject({ kind: 'rules_cap', contribution: -60 });
  });

  it('with a model: rules and model blend, and the contributions add up to the score', () => {
    const trained = train(history(80));
    if (trained.status !== 'on') throw new Error('model off');
    for (const source of ['referral', 'cold_call', 'seo']) {
      const r = scoreLead({
        rules,
        lead: lead({ source, email: 'a@b.cn' }),
        engagement: new Map([['calls', 1]]),
        model: trained.model,
        modelWeight: 40,
      });
      const sum = r.factors.reduce((s, f) => s + f.contribution, 0);
      expect(Math.round(sum)).toBe(r.total);
      expect(r.modelWeight).toBe(40);
      // 60 % of the rules (15 + 5 + 8 + 6) plus 40 % of the model's probability
      expect(r.total).toBe(Math.round(0.6 * 34 + 0.4 * r.modelScore!));
      const sourceFactor = r.factors.find((f) => f.kind === 'model' && f.name === 'source')!;
      if (source === 'referral') expect(sourceFactor.contribution).toBeGreaterThan(0);
      if (source === 'cold_call') expect(sourceFactor.contribution).toBeLessThan(0);
    }
  });
});
