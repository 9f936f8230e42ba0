import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestShareTarget } from '@tuoke/shared';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { localDate } from '../../lib/dates.js';
import { growthFromHistory, scoreMarket, sizeFromHistory } from './markets.assessment.js';

describe('the opportunity score (pure)', () => {
  it('gives each factor its points and a score that is their rounded sum', () => {
    const { score, factors } = scoreMarket({
      size: 50,
      largestSize: 100,
      growthBp: 1000,
      shares: [3000, 1000],
      ourShareBp: 500,
      macro: [
        { effect: 'opportunity', impact: 4 },
        { effect: 'threat', impact: 1 },
      ],
    });
    expect(factors).toEqual([
      { key: 'size', value: 5000, points: 12.5, maxPoints: 25 },
      { key: 'growth', value: 1000, points: 10, maxPoints: 20 },
      { key: 'competition', value: 5000, points: 10, maxPoints: 20 },
      { key: 'our_share', value: 500, points: 7.5, maxPoints: 15 },
      { key: 'macro', value: 3, points: 16, maxPoints: 20 },
    ]);
    expect(score).toBe(56);
  });

  it('stays within 0..100 at the extremes', () => {
    const best = scoreMarket({
      size: 1,
      largestSize: 1,
      growthBp: 9000,
      shares: [],
      ourShareBp: 5000,
      macro: [
        { effect: 'opportunity', impact: 5 },
        { effect: 'opportunity', impact: 5 },
      ],
    });
    expect(best.score).toBe(100);
    const worst = scoreMarket({
      size: 0,
      largestSize: 0,
      growthBp: -3000,
      shares: [6000, 100, 100, 100, 100, 100],
      ourShareBp: null,
      macro: [
        { effect: 'threat', impact: 5 },
        { effect: 'threat', impact: 5 },
      ],
    });
    expect(worst.score).toBe(0);
    expect(worst.factors.every((f) => f.points >= 0)).toBe(true);
  });

  it('suggests our share plus an uplift growing with the score, capped by the leader', () => {
    expect(suggestShareTarget(0, 500, 3000, 4000)).toEqual({ upliftBp: 50, capBp: 3000, suggestedBp: 550 });
    expect(suggestShareTarget(100, 500, 3000, 4000)).toEqual({
      upliftBp: 350,
      capBp: 3000,
      suggestedBp: 850,
    });
    // close behind the leader: the leader's share is the ceiling
    expect(suggestShareTarget(80, 2900, 3000, 5000).suggestedBp).toBe(3000);
    // we lead: what the competitors leave is the ceiling
    expect(suggestShareTarget(50, 9000, 800, 900)).toEqual({ upliftBp: 200, capBp: 9100, suggestedBp: 9100 });
  });

  it('reads a year of the history or projects it with the growth', () => {
    const years = [
      { year: 2024, size: 1000 },
      { year: 2025, size: 1200 },
    ];
    expect(growthFromHistory(years)).toBe(2000);
    expect(
      growthFromHistory([
        { year: 2022, size: 100 },
        { year: 2024, size: 121 },
      ]),
    ).toBe(1000);
    expect(growthFromHistory([{ year: 2025, size: 5 }])).toBeNull();
    expect(sizeFromHistory(years, 2000, 2025)).toEqual({ size: 1200, basedOnYear: 2025, projected: false });
    expect(sizeFromHistory(years, 2000, 2027)).toEqual({ size: 1728, basedOnYear: 2025, projected: true });
    expect(sizeFromHistory(years, 2000, 2023)).toEqual({ size: 833, basedOnYear: 2024, projected: true });
    expect(sizeFromHistory([], 0, 2025)).toBeNull();
  });
});

/*
 * The assessment on a real database: our revenue comes from won deals in the market's region and
 * industry (ResultsService), shares and macro factors from what marketing recorded.
 */
describe('GET /markets/:id/assessment', () => {
  let t: TestApp;
  const Y = Number(localDate(new Date()).slice(0, 4));
  let a = '';
  let b = '';

  beforeAll(async () => {
    t = await createTestApp();
    const mkt = await t.as('marketing');
    a = (
      await mkt.post('/api/v1/markets', {
        name: '华东制造业',
        region: '华东',
        industry: 'manufacturing',
        size: 12_000_000,
        sizeYear: Y,
        years: [{ year: Y - 1, size: 10_000_000 }],
      })
    ).body.id;
    b = (await mkt.post('/api/v1/markets', { name: '全国', size: 24_000_000, sizeYear: Y, growthBp: 500 }))
      .body.id;
    const c1 = await mkt.post('/api/v1/markets/competitors', {
      name: '启明软件',
      shares: [
        { marketId: a, year: Y, shareBp: 3000 },
        { marketId: b, year: Y, shareBp: 400 },
      ],
    });
    expect(c1.status, JSON.stringify(c1.body)).toBe(201);
    await mkt.post('/api/v1/markets/competitors', {
      name: '瀚海云',
      shares: [
        { marketId: a, year: Y, shareBp: 1000 },
        // an older year does not count when a newer one exists
        { marketId: a, year: Y - 1, shareBp: 9000 },
      ],
    });
    // an inactive competitor's share does not count
    await mkt.post('/api/v1/markets/competitors', {
      name: '已退出',
      active: false,
      shares: [{ marketId: a, year: Y, shareBp: 500 }],
    });
    const factor = (body: Record<string, unknown>) =>
      mkt.post('/api/v1/markets/macro-factors', { category: 'policy', ...body });
    await factor({ title: '环保政策趋严', effect: 'opportunity', impact: 4, marketIds: [a] });
    await factor({ title: '原材料涨价', category: 'economy', effect: 'threat', impact: 1, marketIds: [a] });
    await factor({
      title: '已过期补贴',
      effect: 'opportunity',
      impact: 5,
      endDate: `${Y - 1}-12-31`,
      marketIds: [a],
    });
    await factor({ title: '停用', effect: 'threat', impact: 5, active: false, marketIds: [a] });
    await factor({ title: '只影响全国', effect: 'threat', impact: 2, marketIds: [b] });

    // our revenue: a won deal of 6,000 yuan in 华东 manufacturing; a lost one and another region's
    const rep = await t.as('repShanghai');
    const won = t.fx.stages.find((s) => s.kind === 'won')!.id;
    const lost = t.fx.stages.find((s) => s.kind === 'lost')!.id;
    const account = async (region: string, industry: string) =>
      (await rep.post('/api/v1/accounts', { name: `客户${region}${industry}`, region, industry })).body.id;
    const east = await account('华东', 'manufacturing');
    const south = await account('华南', 'retail');
    const deal = async (accountId: string, amount: number, stageId: string, extra = {}) => {
      const r = await rep.post('/api/v1/opportunities', {
        name: `单 ${amount}`,
        accountId,
        amount,
        expectedCloseDate: `${Y}-12-31`,
        stageId,
        ...extra,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    };
    await deal(east, 600_000, won);
    await deal(east, 900_000, lost, { lostReason: '价格' });
    await deal(south, 300_000, won);
  });
  afterAll(() => t.close());

  it('shows each factor with its value and points, the score, and the suggested share target', async () => {
    const r = await (await t.as('repShanghai')).get(`/api/v1/markets/${a}/assessment`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.factors).toEqual([
      { key: 'size', value: 5000, points: 12.5, maxPoints: 25 },
      { key: 'growth', value: 2000, points: 20, maxPoints: 20 },
      { key: 'competition', value: 5000, points: 10, maxPoints: 20 },
      { key: 'our_share', value: 500, points: 7.5, maxPoints: 15 },
      { key: 'macro', value: 3, points: 16, maxPoints: 20 },
    ]);
    expect(r.body).toMatchObject({
      score: 66,
      size: 12_000_000,
      largestMarketSize: 24_000_000,
      competitorCount: 2,
      shareYear: Y,
      leader: { name: '启明软件', shareBp: 3000 },
      competitorShareSumBp: 4000,
      ourRevenue: 600_000,
      ourShareBp: 500,
      // 500 + (50 + 66 × 3) = 748 bp, under the leader's 3000
      upliftBp: 248,
      capBp: 3000,
      suggestedShareBp: 748,
      suggestedYear: Y + 1,
      nextYearSize: 14_400_000,
      suggestedRevenue: 1_077_120,
    });
    expect(r.body.macroFactors.map((f: { title: string }) => f.title)).toEqual([
      '环保政策趋严',
      '原材料涨价',
    ]);
  });

  it('caps the suggestion at the leader’s share and lists markets by score', async () => {
    const mkt = await t.as('marketing');
    const r = (await mkt.get(`/api/v1/markets/${b}/assessment`)).body;
    // nationwide: all our won revenue (900,000 fen) of 24,000,000 = 375 bp; the leader has 400
    expect(r).toMatchObject({ ourRevenue: 900_000, ourShareBp: 375, capBp: 400, suggestedShareBp: 400 });
    expect(r.factors.find((f: { key: string }) => f.key === 'macro')).toMatchObject({ value: -2, points: 6 });
    const all = (await mkt.get('/api/v1/markets/assessments')).body.items;
    expect(all.map((x: { name: string }) => x.name)).toEqual(
      [...all].sort((x: any, y: any) => y.score - x.score).map((x: { name: string }) => x.name),
    );
    expect(all).toHaveLength(2);
  });

  it('exports a market’s size for a year to the targets, and its own assessment', async () => {
    const markets = t.services.markets;
    expect(await markets.sizeForYear(t.fx.orgId, a, Y)).toEqual({
      size: 12_000_000,
      basedOnYear: Y,
      projected: false,
    });
    expect(await markets.sizeForYear(t.fx.orgId, a, Y + 2)).toEqual({
      size: 17_280_000,
      basedOnYear: Y,
      projected: true,
    });
    expect(await markets.sizeForYear(t.fx.otherOrgId, a, Y)).toBeNull();
    expect((await markets.assessmentFor(t.fx.orgId, a))?.score).toBe(66);
    expect(await markets.assessmentFor(t.fx.otherOrgId, a)).toBeNull();
  });

  it('counts our share when checking that the shares stay within 100 %', async () => {
    const mkt = await t.as('marketing');
    // 全国 this year: 启明 400 + ours 375 (the revenue) → at most 9225 more
    const over = await mkt.post('/api/v1/markets/competitors', {
      name: '北辰智能',
      shares: [{ marketId: b, year: Y, shareBp: 9300 }],
    });
    expect(over.status).toBe(400);
    expect(over.body.error.fields[0]).toMatchObject({ path: 'shares/0/shareBp' });
    expect(over.body.error.fields[0].message).toContain('ours 3.75 %');
    const fits = await mkt.post('/api/v1/markets/competitors', {
      name: '北辰智能',
      shares: [{ marketId: b, year: Y, shareBp: 9225 }],
    });
    expect(fits.status, JSON.stringify(fits.body)).toBe(201);
  });
});
