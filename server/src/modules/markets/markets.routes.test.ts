import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../test/app.js';

/*
 * Market analysis through the API on a real database: markets with their size history, competitors
 * with products and shares (never above 100 % per market and year), macro factors, competitors on
 * deals (the deal's scope decides; a lost deal records the competitor it names) and won/lost per
 * competitor within the caller's scope; other organisations see none of it.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const YI = 10_000_000_000; // 1 亿 yuan in fen

async function market(c: Client, body: Record<string, unknown>) {
  const r = await c.post('/api/v1/markets', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; version: number; name: string };
}

describe('markets', () => {
  it('keep a size history: the current size is the latest year, the growth comes from the history', async () => {
    const mkt = await t.as('marketing');
    const m = await market(mkt, {
      name: '华东制造业数字化',
      region: '华东',
      industry: 'manufacturing',
      size: 96 * YI,
      sizeYear: 2025,
      growthBp: 500,
      years: [
        { year: 2023, size: 70 * YI, notes: '行业报告' },
        { year: 2024, size: 80 * YI },
      ],
    });
    expect(m).toMatchObject({
      size: 96 * YI,
      sizeYear: 2025,
      growthBp: 2000, // 80 → 96 亿
      growthFromHistory: true,
      region: '华东',
      industry: 'manufacturing',
      active: true,
      version: 1,
    });
    expect((m as any).years).toEqual([
      { year: 2023, size: 70 * YI, notes: '行业报告' },
      { year: 2024, size: 80 * YI, notes: null },
      { year: 2025, size: 96 * YI, notes: null },
    ]);

    // adding a later year moves the current size and the growth
    const added = await mkt.put(`/api/v1/markets/${m.id}/years/2026`, { size: 120 * YI, notes: '预测' });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ size: 120 * YI, sizeYear: 2026, growthBp: 2500, version: 1 });
    // removing it moves them back; the last year cannot go
    const removed = await mkt.delete(`/api/v1/markets/${m.id}/years/2026`);
    expect(removed.body).toMatchObject({ size: 96 * YI, sizeYear: 2025, growthBp: 2000 });
    expect((await mkt.delete(`/api/v1/markets/${m.id}/years/2019`)).status).toBe(404);

    // a PATCH of size sets that year; a stale version is refused
    const patched = await mkt.patch(`/api/v1/markets/${m.id}`, {
      size: 100 * YI,
      description: '离散制造与流程制造',
      version: 1,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ size: 100 * YI, sizeYear: 2025, growthBp: 2500, version: 2 });
    expect((await mkt.patch(`/api/v1/markets/${m.id}`, { name: 'x', version: 1 })).status).toBe(409);

    // one year only: the growth entered stays
    const single = await market(mkt, {
      name: '华南零售 SaaS',
      region: '华南',
      size: 30 * YI,
      sizeYear: 2025,
      growthBp: 1200,
    });
    expect(single).toMatchObject({ growthBp: 1200, growthFromHistory: false, industry: null });
    const only = await mkt.delete(`/api/v1/markets/${single.id}/years/2025`);
    expect(only.status).toBe(409);

    const list = await (await t.as('repShanghai')).get('/api/v1/markets');
    expect(list.status).toBe(200);
    expect(list.body.items.map((x: { name: string }) => x.name)).toEqual([
      '华东制造业数字化',
      '华南零售 SaaS',
    ]);
  });

  it('refuse bad input with the field named', async () => {
    const mkt = await t.as('marketing');
    const bad = async (body: Record<string, unknown>) => {
      const r = await mkt.post('/api/v1/markets', { name: '测试市场', size: YI, sizeYear: 2025, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      return r.body.error.fields[0].path as string;
    };
    expect(await bad({ region: '火星' })).toContain('region');
    expect(await bad({ industry: 'mining' })).toContain('industry');
    expect(await bad({ size: -1 })).toContain('size');
    expect(await bad({ sizeYear: 1899 })).toContain('sizeYear');
    expect(await bad({ name: '   ' })).toBe('name');
    expect(
      await bad({
        years: [
          { year: 2024, size: 1 },
          { year: 2024, size: 2 },
        ],
      }),
    ).toBe('years/1/year');
    expect(await bad({ extra: 1 })).toBeTruthy();
    const dup = await mkt.post('/api/v1/markets', { name: '华东制造业数字化', size: YI, sizeYear: 2025 });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields).toEqual([{ path: 'name', message: 'already used' }]);
  });

  it('are read by sales and written by marketing and directors only', async () => {
    const rep = await t.as('repShanghai');
    expect((await rep.post('/api/v1/markets', { name: '私自', size: 1, sizeYear: 2025 })).status).toBe(403);
    const manager = await t.as('managerEast');
    const m = (await manager.get('/api/v1/markets')).body.items[0];
    expect((await manager.patch(`/api/v1/markets/${m.id}`, { name: 'x', version: m.version })).status).toBe(
      403,
    );
    expect((await (await t.as('recruiter')).get('/api/v1/markets')).status).toBe(403);
    const director = await t.as('director');
    expect(
      (await director.post('/api/v1/markets', { name: '西南能源', size: YI, sizeYear: 2025 })).status,
    ).toBe(201);
  });

  it('belong to one organisation', async () => {
    const mine = (await (await t.as('marketing')).get('/api/v1/markets')).body.items[0];
    const other = await t.as('otherAdmin');
    expect((await other.get('/api/v1/markets')).body.items).toEqual([]);
    expect((await other.get(`/api/v1/markets/${mine.id}`)).status).toBe(404);
    expect((await other.get(`/api/v1/markets/${mine.id}/assessment`)).status).toBe(404);
    expect(
      (await other.patch(`/api/v1/markets/${mine.id}`, { name: 'x', version: mine.version })).status,
    ).toBe(404);
    expect((await other.put(`/api/v1/markets/${mine.id}/years/2020`, { size: 1 })).status).toBe(404);
    expect((await other.delete(`/api/v1/markets/${mine.id}`)).status).toBe(404);
    // their factor cannot touch our market, their competitor cannot have a share in it
    const f = await other.post('/api/v1/markets/macro-factors', {
      category: 'policy',
      title: 'x',
      effect: 'threat',
      impact: 2,
      marketIds: [mine.id],
    });
    expect(f.status).toBe(400);
    expect(f.body.error.fields[0].path).toBe('marketIds/0');
  });
});

describe('competitors', () => {
  it('carry products, shares, strengths, weaknesses and our differentiator', async () => {
    const mkt = await t.as('marketing');
    const markets = (await mkt.get('/api/v1/markets')).body.items as { id: string; name: string }[];
    const east = markets.find((m) => m.name === '华东制造业数字化')!;
    const r = await mkt.post('/api/v1/markets/competitors', {
      name: '启明软件',
      website: 'https://qiming.example.cn',
      pricePositioning: 'premium',
      strengths: ['功能全', ' 品牌老 ', ''],
      weaknesses: ['实施周期长'],
      ourDifferentiator: '功能全但复杂 → 我们简单易用，两周上线',
      products: [{ name: '启明 CRM 旗舰版', price: 9_800_000, positioning: '大型企业' }],
      shares: [
        { marketId: east.id, year: 2025, shareBp: 3500 },
        { marketId: east.id, year: 2024, shareBp: 3800 },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      name: '启明软件',
      pricePositioning: 'premium',
      strengths: ['功能全', '品牌老'],
      weaknesses: ['实施周期长'],
      active: true,
      products: [{ name: '启明 CRM 旗舰版', price: 9_800_000, positioning: '大型企业', productId: null }],
    });
    expect(r.body.shares).toEqual([
      { marketId: east.id, marketName: east.name, year: 2025, shareBp: 3500 },
      { marketId: east.id, marketName: east.name, year: 2024, shareBp: 3800 },
    ]);
    const m = (await mkt.get(`/api/v1/markets/${east.id}`)).body;
    expect(m.competitorCount).toBe(1);

    // a PATCH replaces the lists it sends and keeps the others
    const p = await mkt.patch(`/api/v1/markets/competitors/${r.body.id}`, {
      shares: [{ marketId: east.id, year: 2025, shareBp: 4000 }],
      version: 1,
    });
    expect(p.status).toBe(200);
    expect(p.body.shares.map((s: { shareBp: number }) => s.shareBp)).toEqual([4000]);
    expect(p.body.products).toHaveLength(1);
    expect(p.body.version).toBe(2);
  });

  it('refuse shares above 100 % per market and year, unknown markets and products, and a duplicate name', async () => {
    const mkt = await t.as('marketing');
    const east = ((await mkt.get('/api/v1/markets')).body.items as { id: string; name: string }[]).find(
      (m) => m.name === '华东制造业数字化',
    )!;
    const over = await mkt.post('/api/v1/markets/competitors', {
      name: '瀚海云',
      shares: [
        { marketId: east.id, year: 2024, shareBp: 2000 },
        { marketId: east.id, year: 2025, shareBp: 6500 },
      ],
    });
    expect(over.status).toBe(400);
    expect(over.body.error.fields[0].path).toBe('shares/1/shareBp');
    expect(over.body.error.fields[0].message).toContain('105 %');
    const edge = await mkt.post('/api/v1/markets/competitors', {
      name: '瀚海云',
      shares: [{ marketId: east.id, year: 2025, shareBp: 6000 }],
    });
    expect(edge.status, JSON.stringify(edge.body)).toBe(201);
    // the first competitor may not grow past what is left either
    const first = ((await mkt.get('/api/v1/markets/competitors')).body.items as any[]).find(
      (c) => c.name === '启明软件',
    );
    const grow = await mkt.patch(`/api/v1/markets/competitors/${first.id}`, {
      shares: [{ marketId: east.id, year: 2025, shareBp: 4001 }],
      version: first.version,
    });
    expect(grow.status).toBe(400);
    expect(grow.body.error.fields[0].path).toBe('shares/0/shareBp');

    const cases: Array<[Record<string, unknown>, string]> = [
      [{ shares: [{ marketId: 'nope', year: 2025, shareBp: 10 }] }, 'shares/0/marketId'],
      [{ shares: [{ marketId: east.id, year: 2025, shareBp: 10_001 }] }, 'shareBp'],
      [
        {
          shares: [
            { marketId: east.id, year: 2023, shareBp: 10 },
            { marketId: east.id, year: 2023, shareBp: 20 },
          ],
        },
        'shares/1/year',
      ],
      [{ products: [{ name: '仿品', productId: 'no-such-product' }] }, 'products/0/productId'],
      [{ pricePositioning: 'luxury' }, 'pricePositioning'],
    ];
    for (const [body, path] of cases) {
      const r = await mkt.post('/api/v1/markets/competitors', { name: '北辰智能', ...body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.fields[0].path).toContain(path);
    }
    const dup = await mkt.post('/api/v1/markets/competitors', { name: '瀚海云' });
    expect(dup.status).toBe(409);
  });

  it('are invisible to another organisation and read-only for reps', async () => {
    const c = ((await (await t.as('marketing')).get('/api/v1/markets/competitors')).body.items as any[])[0];
    const other = await t.as('otherAdmin');
    expect((await other.get('/api/v1/markets/competitors')).body.items).toEqual([]);
    expect((await other.get(`/api/v1/markets/competitors/${c.id}`)).status).toBe(404);
    expect(
      (await other.patch(`/api/v1/markets/competitors/${c.id}`, { name: 'x', version: c.version })).status,
    ).toBe(404);
    expect((await other.delete(`/api/v1/markets/competitors/${c.id}`)).status).toBe(404);
    const rep = await t.as('repShanghai');
    expect((await rep.get(`/api/v1/markets/competitors/${c.id}`)).status).toBe(200);
    expect((await rep.post('/api/v1/markets/competitors', { name: '私自' })).status).toBe(403);
  });
});

describe('macro factors', () => {
  it('are PEST opportunities or threats with an impact of 1..5 and the markets they touch', async () => {
    const mkt = await t.as('marketing');
    const east = ((await mkt.get('/api/v1/markets')).body.items as any[]).find(
      (m) => m.name === '华东制造业数字化',
    );
    const r = await mkt.post('/api/v1/markets/macro-factors', {
      category: 'policy',
      title: '环保政策趋严',
      description: '排放标准提高，环保设备需求上升',
      effect: 'opportunity',
      impact: 4,
      startDate: '2025-01-01',
      marketIds: [east.id, east.id],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      category: 'policy',
      effect: 'opportunity',
      impact: 4,
      startDate: '2025-01-01',
      endDate: null,
      markets: [{ id: east.id, name: '华东制造业数字化' }],
    });
    const bad = async (body: Record<string, unknown>, path: string) => {
      const x = await mkt.post('/api/v1/markets/macro-factors', {
        category: 'economy',
        title: '消费降级',
        effect: 'threat',
        impact: 3,
        ...body,
      });
      expect(x.status, JSON.stringify(body)).toBe(400);
      expect(x.body.error.fields[0].path).toContain(path);
    };
    await bad({ impact: 6 }, 'impact');
    await bad({ impact: 0 }, 'impact');
    await bad({ category: 'legal' }, 'category');
    await bad({ effect: 'neutral' }, 'effect');
    await bad({ marketIds: ['unknown-market'] }, 'marketIds/0');
    await bad({ startDate: '2026-06-01', endDate: '2026-01-01' }, 'endDate');
    await bad({ startDate: '2026-02-30' }, 'startDate');

    const upd = await mkt.patch(`/api/v1/markets/macro-factors/${r.body.id}`, {
      impact: 5,
      marketIds: [],
      version: 1,
    });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ impact: 5, markets: [], version: 2 });
    expect(
      (await mkt.patch(`/api/v1/markets/macro-factors/${r.body.id}`, { impact: 9, version: 2 })).status,
    ).toBe(400);
    expect((await (await t.as('otherAdmin')).get(`/api/v1/markets/macro-factors/${r.body.id}`)).status).toBe(
      404,
    );
    expect((await mkt.delete(`/api/v1/markets/macro-factors/${r.body.id}`)).status).toBe(204);
    expect((await mkt.get(`/api/v1/markets/macro-factors/${r.body.id}`)).status).toBe(404);
  });
});

describe('competitors on deals and won/lost per competitor', () => {
  let qiming = '';
  let hanhai = '';
  const deals: Record<string, { id: string; version: number }> = {};

  async function deal(person: 'repShanghai' | 'repEast', name: string, amount: number) {
    const c = await t.as(person);
    const acc = await c.post('/api/v1/accounts', {
      name: `${name}客户`,
      region: '华东',
      industry: 'manufacturing',
    });
    expect(acc.status, JSON.stringify(acc.body)).toBe(201);
    const r = await c.post('/api/v1/opportunities', {
      name,
      accountId: acc.body.id,
      amount,
      expectedCloseDate: '2026-12-31',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    deals[name] = r.body;
    return r.body as { id: string; version: number };
  }
  const stage = (kind: string) => t.fx.stages.find((s) => s.kind === kind)!.id;
  async function close(
    person: 'repShanghai' | 'repEast',
    name: string,
    kind: 'won' | 'lost' | 'open',
    extra = {},
  ) {
    const c = await t.as(person);
    const o = (await c.get(`/api/v1/opportunities/${deals[name]!.id}`)).body;
    const stageId = kind === 'open' ? t.fx.stages[0]!.id : stage(kind);
    const r = await c.patch(`/api/v1/opportunities/${o.id}`, { stageId, version: o.version, ...extra });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  beforeAll(async () => {
    const list = (await (await t.as('marketing')).get('/api/v1/markets/competitors')).body.items as any[];
    qiming = list.find((c) => c.name === '启明软件').id;
    hanhai = list.find((c) => c.name === '瀚海云').id;
  });

  it('are recorded on a deal in its scope; a duplicate, a stranger or another organisation is refused', async () => {
    const rep = await t.as('repShanghai');
    const d = await deal('repShanghai', '上海智造 MES', 500_000_00);
    const url = `/api/v1/opportunities/${d.id}/competitors`;
    const added = await rep.post(url, { competitorId: qiming, notes: '客户用过启明旧版' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({
      competitorName: '启明软件',
      status: 'active',
      ourDifferentiator: '功能全但复杂 → 我们简单易用，两周上线',
    });
    expect((await rep.post(url, { competitorId: qiming })).status).toBe(409);
    const unknown = await rep.post(url, { competitorId: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe('competitorId');
    // another rep of the organisation cannot see the deal; the manager can
    expect((await (await t.as('repEast')).get(url)).status).toBe(404);
    expect((await (await t.as('repEast')).post(url, { competitorId: hanhai })).status).toBe(404);
    expect((await (await t.as('managerEast')).get(url)).body.items).toHaveLength(1);
    expect((await (await t.as('otherAdmin')).get(url)).status).toBe(404);
    expect((await (await t.as('otherAdmin')).delete(`${url}/${added.body.id}`)).status).toBe(404);
    const upd = await rep.patch(`${url}/${added.body.id}`, { notes: '对方报价高 30%' });
    expect(upd.body).toMatchObject({ notes: '对方报价高 30%', status: 'active' });
    const bad = await rep.patch(`${url}/${added.body.id}`, { status: 'beaten' });
    expect(bad.status).toBe(400);
  });

  it('follow the deal: won marks them beaten, a lost deal records the competitor it names', async () => {
    const rep = await t.as('repShanghai');
    await close('repShanghai', '上海智造 MES', 'won');
    const url = `/api/v1/opportunities/${deals['上海智造 MES']!.id}/competitors`;
    expect((await rep.get(url)).body.items.map((i: { status: string }) => i.status)).toEqual(['won_against']);

    await deal('repShanghai', '苏州精工 ERP', 200_000_00);
    await close('repShanghai', '苏州精工 ERP', 'lost', { lostReason: '价格', lostCompetitor: ' 瀚海云 ' });
    const lostUrl = `/api/v1/opportunities/${deals['苏州精工 ERP']!.id}/competitors`;
    expect((await rep.get(lostUrl)).body.items).toMatchObject([
      { competitorName: '瀚海云', status: 'lost_to' },
    ]);
    // a name that is none of ours stays free text only
    await deal('repShanghai', '无锡小单', 10_000_00);
    await close('repShanghai', '无锡小单', 'lost', { lostReason: '预算', lostCompetitor: '某小作坊' });
    expect((await rep.get(`/api/v1/opportunities/${deals['无锡小单']!.id}/competitors`)).body.items).toEqual(
      [],
    );
    expect((await rep.get(`/api/v1/opportunities/${deals['无锡小单']!.id}`)).body.lostCompetitor).toBe(
      '某小作坊',
    );

    // repEast loses one to 启明 (recorded by hand) and wins one against 瀚海云
    const e1 = await deal('repEast', '杭州纺织 CRM', 300_000_00);
    const east = await t.as('repEast');
    await east.post(`/api/v1/opportunities/${e1.id}/competitors`, { competitorId: qiming });
    await close('repEast', '杭州纺织 CRM', 'lost', { lostReason: '功能' });
    const e2 = await deal('repEast', '宁波港口 SFA', 150_000_00);
    await east.post(`/api/v1/opportunities/${e2.id}/competitors`, { competitorId: hanhai });
    await close('repEast', '宁波港口 SFA', 'won');
    // an open deal counts as open only
    const e3 = await deal('repEast', '合肥汽配', 80_000_00);
    await east.post(`/api/v1/opportunities/${e3.id}/competitors`, { competitorId: qiming });
  });

  it('report won and lost per competitor within the caller’s scope', async () => {
    const row = (body: any, name: string) => body.items.find((i: { name: string }) => i.name === name);
    const mine = (await (await t.as('repShanghai')).get('/api/v1/markets/competitors/win-loss')).body;
    expect(row(mine, '启明软件')).toMatchObject({
      won: 1,
      wonAmount: 500_000_00,
      lost: 0,
      open: 0,
      winRateBp: 10_000,
    });
    expect(row(mine, '瀚海云')).toMatchObject({ won: 0, lost: 1, lostAmount: 200_000_00, winRateBp: 0 });

    const east = (await (await t.as('repEast')).get('/api/v1/markets/competitors/win-loss')).body;
    expect(row(east, '启明软件')).toMatchObject({
      won: 0,
      lost: 1,
      lostAmount: 300_000_00,
      open: 1,
      winRateBp: 0,
    });
    expect(row(east, '瀚海云')).toMatchObject({ won: 1, wonAmount: 150_000_00, lost: 0 });

    for (const who of ['managerEast', 'marketing', 'director'] as const) {
      const all = (await (await t.as(who)).get('/api/v1/markets/competitors/win-loss')).body;
      expect(row(all, '启明软件'), who).toMatchObject({ won: 1, lost: 1, open: 1, winRateBp: 5000 });
      expect(row(all, '瀚海云'), who).toMatchObject({ won: 1, lost: 1, winRateBp: 5000 });
    }
    // managerSouth's scope has none of these deals
    const south = (await (await t.as('managerSouth')).get('/api/v1/markets/competitors/win-loss')).body;
    expect(row(south, '启明软件')).toMatchObject({ won: 0, lost: 0, open: 0, winRateBp: null });
    // a range before the deals closed counts none of them
    const before = (
      await (await t.as('director')).get('/api/v1/markets/competitors/win-loss?from=2020-01-01&to=2020-12-31')
    ).body;
    expect(row(before, '启明软件')).toMatchObject({ won: 0, lost: 0, open: 1 });
    const badRange = await (
      await t.as('director')
    ).get('/api/v1/markets/competitors/win-loss?from=2026-05-01&to=2026-04-01');
    expect(badRange.status).toBe(400);
    expect((await (await t.as('otherAdmin')).get('/api/v1/markets/competitors/win-loss')).body.items).toEqual(
      [],
    );
  });

  it('reopening a deal puts its competitors back in the race; deleting a competitor removes its records', async () => {
    await close('repShanghai', '苏州精工 ERP', 'open');
    const rep = await t.as('repShanghai');
    expect(
      (await rep.get(`/api/v1/opportunities/${deals['苏州精工 ERP']!.id}/competitors`)).body.items,
    ).toMatchObject([{ status: 'active' }]);
    const mkt = await t.as('marketing');
    expect((await mkt.delete(`/api/v1/markets/competitors/${hanhai}`)).status).toBe(204);
    expect(
      (await rep.get(`/api/v1/opportunities/${deals['苏州精工 ERP']!.id}/competitors`)).body.items,
    ).toEqual([]);
  });
});
