import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoApp, type DemoApp } from '../../test/demo.js';
import { buildDemo } from './demo-build.js';
import { buildDemoMarkets } from './demo-markets.js';

describe('demo market analysis', () => {
  const now = new Date('2026-11-28T02:00:00.000Z');
  const { rows } = buildDemo(now, 'hash');
  const out = buildDemoMarkets(rows, now);

  it('has markets with three years of history, competitors within 100 % per market and year, and PEST factors', () => {
    expect(out.markets.length).toBeGreaterThanOrEqual(4);
    for (const m of out.markets) {
      const years = out.marketYears.filter((y) => y.marketId === m.id).map((y) => y.year);
      expect(years).toEqual([2024, 2025, 2026]);
      const latest = out.marketYears.find((y) => y.marketId === m.id && y.year === 2026)!;
      expect(m.size).toBe(latest.size);
    }
    const sums = new Map<string, number>();
    for (const s of out.competitorMarketShares)
      sums.set(`${s.marketId}/${s.year}`, (sums.get(`${s.marketId}/${s.year}`) ?? 0) + Number(s.shareBp));
    for (const sum of sums.values()) expect(sum).toBeLessThan(10_000);
    expect(out.competitors.map((c) => c.name)).toEqual(['启明软件', '瀚海云', '北辰智能', '锐拓科技']);
    expect(out.competitors.every((c) => c.ourDifferentiator)).toBe(true);
    expect(new Set(out.macroFactors.map((f) => f.effect))).toEqual(new Set(['opportunity', 'threat']));
  });

  it('records competitors on won and lost deals, the lost deal naming the one it was lost to', () => {
    const byId = new Map(rows.opportunities.map((o) => [o.id, o]));
    const statuses = out.opportunityCompetitors.map((l) => [byId.get(l.opportunityId)!.status, l.status]);
    expect(statuses.some(([d, l]) => d === 'won' && l === 'won_against')).toBe(true);
    expect(statuses.some(([d, l]) => d === 'lost' && l === 'lost_to')).toBe(true);
    for (const l of out.opportunityCompetitors.filter((x) => x.status === 'lost_to')) {
      const name = out.competitors.find((c) => c.id === l.competitorId)!.name;
      expect(byId.get(l.opportunityId)!.lostCompetitor).toBe(name);
    }
  });
});

describe('demo market analysis, seeded', () => {
  let app: DemoApp;
  const now = new Date('2026-11-28T02:00:00.000Z');
  beforeAll(async () => {
    app = await createDemoApp(now);
    app.services.markets.clock = () => now;
  }, 120_000);
  afterAll(() => app.close());

  it('scores every market and reports won/lost per competitor for the rep', async () => {
    const actor = await app.actor('rep@tuoke.demo');
    const scores = await app.services.markets.assessments(actor);
    expect(scores.items).toHaveLength(5);
    for (const a of scores.items) {
      expect(a.score).toBeGreaterThan(0);
      expect(a.score).toBeLessThanOrEqual(100);
    }
    const east = scores.items.find((a) => a.name === '华东制造业数字化')!;
    expect(east.ourRevenue).toBeGreaterThan(0);
    expect(east.suggestedShareBp).toBeGreaterThan(east.ourShareBp!);
    const wl = await app.services.markets.winLoss(actor, { from: '2025-11-29', to: '2026-11-28' });
    expect(wl.items.reduce((s, i) => s + i.won + i.lost, 0)).toBeGreaterThan(0);
  });
});
