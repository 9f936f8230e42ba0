import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Person, type TestApp } from '../../../test/app.js';
import { localDate } from '../../lib/dates.js';

/*
 * Targets through the API on a real database: SMART refusals naming the missing part, overlaps,
 * cascade arithmetic to the fen, attainment that moves when a deal is won, pace on a moved
 * clock, and who may see which target.
 */
let t: TestApp;
const STAGE = { first: 0, won: 4 } as const;

// the quarter containing the real today: deals won through the API close "now"
const today = localDate(new Date());
const qStartMonth = Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1;
const year = Number(today.slice(0, 4));
const pad = (n: number) => String(n).padStart(2, '0');
const Q = {
  startDate: `${year}-${pad(qStartMonth)}-01`,
  endDate: new Date(Date.UTC(year, qStartMonth + 2, 0)).toISOString().slice(0, 10),
};

const companyQuarter = (value: number, extra: Record<string, unknown> = {}) => ({
  name: '季度收入目标',
  metric: 'revenue',
  value,
  periodType: 'quarter',
  ...Q,
  ownerType: 'company',
  ...extra,
});

async function wonDeal(who: Person, amount: number, accountExtra: Record<string, unknown> = {}) {
  const c = await t.as(who);
  const account = (await c.post('/api/v1/accounts', { name: `客户 ${Math.random()}`, ...accountExtra })).body
    .id;
  const d = await c.post('/api/v1/opportunities', {
    name: '赢单测试',
    accountId: account,
    stageId: t.fx.stages[STAGE.first]!.id,
    amount,
    expectedCloseDate: Q.endDate,
  });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  const won = await c.patch(`/api/v1/opportunities/${d.body.id}`, {
    stageId: t.fx.stages[STAGE.won]!.id,
    version: d.body.version,
  });
  expect(won.status, JSON.stringify(won.body)).toBe(200);
  return d.body.id as string;
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('SMART validation', () => {
  it('refuses a target that is not specific, measurable, time-bound or relevant, naming the part', async () => {
    const director = await t.as('director');
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ ...companyQuarter(100), metric: undefined }, 'metric', /specific/],
      [{ ...companyQuarter(100), ownerType: undefined }, 'ownerType', /specific/],
      [{ ...companyQuarter(100), ownerType: 'team' }, 'ownerId', /specific/],
      [{ ...companyQuarter(100), ownerType: 'rep', ownerId: t.fx.users.otherRep.id }, 'ownerId', /specific/],
      [{ ...companyQuarter(100), value: undefined }, 'value', /measurable/],
      [companyQuarter(0), 'value', /measurable/],
      [{ ...companyQuarter(100), periodType: undefined }, 'periodType', /time-bound/],
      [{ ...companyQuarter(100), startDate: undefined, endDate: undefined }, 'startDate', /time-bound/],
      [
        { ...companyQuarter(100), startDate: '2026-11-01', endDate: '2027-01-31' },
        'endDate',
        /calendar quarter/,
      ],
      [{ ...companyQuarter(100), periodType: 'month' }, 'endDate', /time-bound/],
      [{ ...companyQuarter(100), planId: '0190aaaa-0000-7000-8000-000000000000' }, 'planId', /relevant/],
      [{ ...companyQuarter(100), metric: 'market_share' }, 'marketId', /relevant/],
    ];
    for (const [body, path, message] of cases) {
      const r = await director.post('/api/v1/targets', JSON.parse(JSON.stringify(body)));
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.fields[0].path).toBe(path);
      expect(r.body.error.message).toMatch(message);
    }
    // /check validates the same way
    const c = await director.post('/api/v1/targets/check', { ...companyQuarter(100), periodType: undefined });
    expect(c.status).toBe(400);
    expect(c.body.error.fields[0].path).toBe('periodType');
    // strict body
    const x = await director.post('/api/v1/targets', { ...companyQuarter(100), colour: 'red' });
    expect(x.status).toBe(400);
  });

  it('refuses an overlapping period for the same owner, metric and period type', async () => {
    const director = await t.as('director');
    const a = await director.post(
      '/api/v1/targets',
      companyQuarter(300_000_00, { metric: 'units', value: 500 }),
    );
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.target.stretchValue).toBe(550);
    expect(a.body.target.challengeValue).toBe(625);
    const b = await director.post('/api/v1/targets', companyQuarter(0, { metric: 'units', value: 600 }));
    expect(b.status).toBe(409);
    expect(b.body.error.fields[0].path).toBe('startDate');
    // a month of the same owner and metric is another period type: allowed
    const m = await director.post('/api/v1/targets', {
      ...companyQuarter(0, { metric: 'units', value: 200 }),
      periodType: 'month',
      startDate: Q.startDate,
      endDate: new Date(Date.UTC(year, qStartMonth, 0)).toISOString().slice(0, 10),
    });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    // stretch below target refused
    const s = await director.post(
      '/api/v1/targets',
      companyQuarter(100, { metric: 'activities', stretchValue: 50 }),
    );
    expect(s.status).toBe(400);
    expect(s.body.error.fields[0].path).toBe('stretchValue');
  });

  it('warns (does not refuse) when a target is far above what is achievable or trivially low', async () => {
    const director = await t.as('director');
    await wonDeal('repSouth', 1_000_000);
    const high = await director.post(
      '/api/v1/targets/check',
      companyQuarter(100_000_000, { metric: 'payments' }),
    );
    expect(high.status).toBe(200);
    // no 回款 at all: nothing to compare with, no warning
    expect(high.body.warnings).toEqual([]);
    const r = await director.post(
      '/api/v1/targets/check',
      companyQuarter(100_000_000, { ownerType: 'rep', ownerId: t.fx.users.repSouth.id }),
    );
    expect(r.body.soFar).toBe(1_000_000);
    expect(r.body.achievable).toBeGreaterThanOrEqual(1_000_000);
    expect(r.body.warnings.map((w: { code: string }) => w.code)).toEqual(['far_above_achievable']);
  });
});

describe('cascade', () => {
  let parent: string;
  it('splits 5,000,000.00 CNY over three months to the exact fen, evenly', async () => {
    const director = await t.as('director');
    const r = await director.post('/api/v1/targets', companyQuarter(500_000_000));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    parent = r.body.target.id;
    const p = await director.post(`/api/v1/targets/${parent}/cascade/preview`, {
      dimension: 'period',
      method: 'even',
    });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.children.map((c: { value: number }) => c.value)).toEqual([
      166_666_667, 166_666_667, 166_666_666,
    ]);
    expect(p.body.total).toBe(500_000_000);
    expect(p.body.difference).toBe(0);
  });

  it('splits to the teams under the single top-level team, summing exactly, and saves them', async () => {
    const director = await t.as('director');
    const p = await director.post(`/api/v1/targets/${parent}/cascade/preview`, {
      dimension: 'team',
      method: 'potential',
    });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    // fixture: 销售部 > 华东, 华南
    expect(p.body.children.map((c: { ownerId: string }) => c.ownerId).sort()).toEqual(
      [t.fx.teams.east, t.fx.teams.south].sort(),
    );
    expect(p.body.children.reduce((a: number, c: { value: number }) => a + c.value, 0)).toBe(500_000_000);
    const saved = await director.post(`/api/v1/targets/${parent}/cascade`, {
      dimension: 'team',
      method: 'even',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.children).toHaveLength(2);
    expect(
      saved.body.children.every(
        (c: { value: number; parentId: string }) => c.value === 250_000_000 && c.parentId === parent,
      ),
    ).toBe(true);
    // again: the same children are updated, not duplicated
    const again = await director.post(`/api/v1/targets/${parent}/cascade`, {
      dimension: 'team',
      method: 'manual',
      children: [
        { ownerId: t.fx.teams.east, value: 300_000_000 },
        { ownerId: t.fx.teams.south, value: 150_000_000 },
      ],
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.preview.difference).toBe(50_000_000);
    const detail = await director.get(`/api/v1/targets/${parent}`);
    expect(detail.body.ranking).toHaveLength(2);
    expect(detail.body.target.childCount).toBe(2);
  });

  it('gives 0.01 CNY over three children to one of them', async () => {
    const director = await t.as('director');
    const r = await director.post('/api/v1/targets', companyQuarter(1, { metric: 'contract_amount' }));
    const p = await director.post(`/api/v1/targets/${r.body.target.id}/cascade/preview`, {
      dimension: 'period',
      method: 'even',
    });
    expect(p.body.children.map((c: { value: number }) => c.value)).toEqual([1, 0, 0]);
  });

  it('refuses a manual split above the parent, naming the difference', async () => {
    const director = await t.as('director');
    const r = await director.post(`/api/v1/targets/${parent}/cascade`, {
      dimension: 'team',
      method: 'manual',
      children: [
        { ownerId: t.fx.teams.east, value: 300_000_000 },
        { ownerId: t.fx.teams.south, value: 200_000_001 },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.fields[0].path).toBe('children');
    expect(r.body.error.message).toMatch(/1 more than/);
    // a child outside the candidates
    const x = await director.post(`/api/v1/targets/${parent}/cascade/preview`, {
      dimension: 'team',
      method: 'manual',
      children: [{ ownerId: t.fx.teams.shanghai, value: 1 }],
    });
    expect(x.status).toBe(400);
    expect(x.body.error.fields[0].path).toBe('children/0/ownerId');
    // raising one child above what its parent leaves is refused too
    const east = (
      await director.get(
        `/api/v1/targets?ownerType=team&ownerId=${t.fx.teams.east}&periodType=quarter&on=${Q.startDate}`,
      )
    ).body.items[0];
    const up = await director.patch(`/api/v1/targets/${east.id}`, {
      value: 350_000_001,
      version: east.version,
    });
    expect(up.status).toBe(400);
    expect(up.body.error.fields[0].path).toBe('value');
  });

  it('lets a manager split his team target to his reps, not the company target', async () => {
    const manager = await t.as('managerEast');
    const list = (await manager.get(`/api/v1/targets?periodType=quarter&metric=revenue&on=${Q.startDate}`))
      .body.items;
    const east = list.find((x: { ownerId: string }) => x.ownerId === t.fx.teams.east);
    expect(east.canEdit).toBe(true);
    // he reads the company target his team's cascades from, read-only; not 华南's
    const company = list.find((x: { id: string }) => x.id === parent);
    expect(company.canEdit).toBe(false);
    expect(list.some((x: { ownerId: string }) => x.ownerId === t.fx.teams.south)).toBe(false);
    expect(
      (await manager.post(`/api/v1/targets/${parent}/cascade/preview`, { dimension: 'team', method: 'even' }))
        .status,
    ).toBe(403);
    const p = await manager.post(`/api/v1/targets/${east.id}/cascade`, {
      dimension: 'rep',
      method: 'potential',
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect(p.body.children.map((c: { ownerId: string }) => c.ownerId).sort()).toEqual(
      [t.fx.users.repEast.id, t.fx.users.repShanghai.id].sort(),
    );
    expect(p.body.children.reduce((a: number, c: { value: number }) => a + c.value, 0)).toBe(300_000_000);
  });
});

describe('territory potential and market share', () => {
  let eastMarket: string;
  it('splits a company target to teams by the potential of the territories they cover', async () => {
    const director = await t.as('director');
    const m1 = await director.post('/api/v1/markets', {
      name: '华东制造业',
      region: '华东',
      size: 3_000_000_000,
      sizeYear: year,
    });
    expect(m1.status, JSON.stringify(m1.body)).toBe(201);
    eastMarket = m1.body.id;
    const m2 = await director.post('/api/v1/markets', {
      name: '华南制造业',
      region: '华南',
      size: 1_000_000_000,
      sizeYear: year,
    });
    expect(m2.status, JSON.stringify(m2.body)).toBe(201);
    for (const [name, region, teamId] of [
      ['华东区域', '华东', t.fx.teams.east],
      ['华南区域', '华南', t.fx.teams.south],
    ] as const) {
      const r = await (await t.as('admin')).post('/api/v1/territories', { name, regions: [region], teamId });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const target = await director.post('/api/v1/targets', {
      metric: 'revenue',
      value: 500_000_000,
      periodType: 'year',
      startDate: `${year}-01-01`,
      endDate: `${year}-12-31`,
      ownerType: 'company',
    });
    expect(target.status, JSON.stringify(target.body)).toBe(201);
    const p = await director.post(`/api/v1/targets/${target.body.target.id}/cascade/preview`, {
      dimension: 'team',
      method: 'potential',
    });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.basisKind).toBe('potential');
    expect(p.body.fallback).toBe(false);
    const byTeam = Object.fromEntries(
      p.body.children.map((c: { ownerId: string; value: number }) => [c.ownerId, c.value]),
    );
    expect(byTeam[t.fx.teams.east]).toBe(375_000_000);
    expect(byTeam[t.fx.teams.south]).toBe(125_000_000);
  });

  it('measures a market share target as revenue in the market over its size', async () => {
    const director = await t.as('director');
    const r = await director.post(
      '/api/v1/targets',
      companyQuarter(1_000, { metric: 'market_share', marketId: eastMarket }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const before = r.body.target.attainment.actual;
    await wonDeal('repEast', 30_000_000, { region: '华东' });
    const after = (await director.get(`/api/v1/targets/${r.body.target.id}`)).body.target.attainment;
    // 300,000 CNY of 30,000,000 CNY = 1 % = 100 bp
    expect(after.actual - before).toBe(100);
    // a share is not split
    const c = await director.post(`/api/v1/targets/${r.body.target.id}/cascade/preview`, {
      dimension: 'period',
      method: 'even',
    });
    expect(c.status).toBe(400);
  });
});

describe('attainment', () => {
  it('moves when a deal is won through the opportunities API', async () => {
    const rep = await t.as('repEast');
    const mine = async () =>
      (await rep.get(`/api/v1/targets?ownerType=rep&ownerId=${t.fx.users.repEast.id}&on=${today}`)).body
        .items[0];
    const before = await mine();
    expect(before.ownerId).toBe(t.fx.users.repEast.id);
    const teamQ = async () =>
      (
        await t.services.targets.currentFor(t.fx.orgId, { type: 'team', id: t.fx.teams.east }, new Date())
      ).find((c) => c.periodType === 'quarter' && c.metric === 'revenue')!;
    const companyQ = async () =>
      (await t.services.targets.currentFor(t.fx.orgId, { type: 'company', id: null }, new Date())).find(
        (c) => c.metric === 'revenue' && c.value === 500_000_000,
      )!;
    const [teamBefore, companyBefore] = [await teamQ(), await companyQ()];
    await wonDeal('repEast', 12_345_600);
    const after = await mine();
    expect(after.attainment.actual - before.attainment.actual).toBe(12_345_600);
    expect(after.attainment.attainmentBp).toBe(Math.round((after.attainment.actual * 10_000) / after.value));
    // the team target (its subtree) and the company target see it too
    const teamAfter = await teamQ();
    expect(teamAfter.actual - teamBefore.actual).toBe(12_345_600);
    expect(teamAfter.value).toBe(300_000_000);
    expect(teamAfter.attainmentBp).toBe(Math.round((teamAfter.actual * 10_000) / 300_000_000));
    expect((await companyQ()).actual - companyBefore.actual).toBe(12_345_600);
  });

  it('measures pace against the time elapsed on an injected clock', async () => {
    const director = await t.as('director');
    const r = await director.post('/api/v1/targets', {
      name: 'Q3 华南',
      metric: 'revenue',
      value: 10_000_000,
      periodType: 'quarter',
      startDate: '2026-07-01',
      endDate: '2026-09-30',
      ownerType: 'team',
      ownerId: t.fx.teams.south,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = await wonDeal('repSouth', 2_000_000);
    await t.db.kysely
      .updateTable('opportunities')
      .set({ closedAt: '2026-07-20T04:00:00.000Z' })
      .where('id', '=', id)
      .execute();
    const old = t.services.targets.clock;
    t.services.targets.clock = () => new Date('2026-08-15T04:00:00Z');
    try {
      const d = (await director.get(`/api/v1/targets/${r.body.target.id}`)).body;
      const a = d.target.attainment;
      expect(a.actual).toBe(2_000_000);
      expect(a.attainmentBp).toBe(2_000);
      expect(a.expectedBp).toBe(5_000); // 46 of 92 days
      expect(a.paceBp).toBe(4_000);
      expect(a.projected).toBe(4_000_000);
      expect(a.level).toBe('none');
      const first = d.pace[0];
      expect(first).toEqual({
        date: '2026-07-07',
        actual: 0,
        expected: Math.round((10_000_000 * Math.round((7 * 10_000) / 92)) / 10_000),
      });
      expect(d.pace.find((p: { date: string }) => p.date === '2026-07-21').actual).toBe(2_000_000);
      expect(d.pace.at(-1)).toMatchObject({ date: '2026-09-30', actual: null, expected: 10_000_000 });
      t.services.targets.clock = () => new Date('2026-10-02T04:00:00Z');
      const done = (await director.get(`/api/v1/targets/${r.body.target.id}`)).body.target.attainment;
      expect(done.expectedBp).toBe(10_000);
    } finally {
      t.services.targets.clock = old;
    }
  });

  it('a draft target is nobody\u2019s current target until it is made active', async () => {
    const director = await t.as('director');
    const on = new Date('2026-05-15T04:00:00Z');
    const r = await director.post('/api/v1/targets', {
      name: '5 月华南草案',
      metric: 'revenue',
      value: 3_000_000,
      periodType: 'month',
      startDate: '2026-05-01',
      endDate: '2026-05-31',
      ownerType: 'team',
      ownerId: t.fx.teams.south,
      status: 'draft',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const current = () =>
      t.services.targets.currentFor(t.fx.orgId, { type: 'team', id: t.fx.teams.south }, on);
    expect((await current()).map((c) => c.targetId)).not.toContain(r.body.target.id);
    const p = await director.patch(`/api/v1/targets/${r.body.target.id}`, {
      version: r.body.target.version,
      status: 'active',
    });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect((await current()).map((c) => c.targetId)).toContain(r.body.target.id);
  });
});

describe('scope', () => {
  it('a rep reads his own and his team’s targets, not another rep’s; other tenants see nothing', async () => {
    const director = await t.as('director');
    const south = await director.post(
      '/api/v1/targets',
      companyQuarter(0, {
        name: '梁 Q',
        value: 5_000_000,
        ownerType: 'rep',
        ownerId: t.fx.users.repSouth.id,
      }),
    );
    expect(south.status, JSON.stringify(south.body)).toBe(201);
    const id = south.body.target.id;
    const repEast = await t.as('repEast');
    expect((await repEast.get(`/api/v1/targets/${id}`)).status).toBe(404);
    const list = (await repEast.get(`/api/v1/targets?on=${today}`)).body.items as Array<{
      ownerType: string;
      ownerId: string;
    }>;
    expect(list.length).toBeGreaterThan(0);
    expect(
      list.every(
        (x) =>
          (x.ownerType === 'rep' && x.ownerId === t.fx.users.repEast.id) ||
          (x.ownerType === 'team' && x.ownerId === t.fx.teams.east),
      ),
    ).toBe(true);
    expect(
      (await repEast.post('/api/v1/targets', companyQuarter(100, { metric: 'activities' }))).status,
    ).toBe(403);
    expect((await (await t.as('repSouth')).get(`/api/v1/targets/${id}`)).status).toBe(200);
    const other = await t.as('otherAdmin');
    expect((await other.get(`/api/v1/targets/${id}`)).status).toBe(404);
    expect((await other.patch(`/api/v1/targets/${id}`, { value: 1, version: 1 })).status).toBe(404);
    expect((await other.get(`/api/v1/targets?on=${today}`)).body.items).toEqual([]);
    // a manager cannot set a target for another team's rep
    const m = await (
      await t.as('managerEast')
    ).post(
      '/api/v1/targets',
      companyQuarter(0, {
        metric: 'activities',
        value: 10,
        ownerType: 'rep',
        ownerId: t.fx.users.repSouth.id,
      }),
    );
    expect(m.status).toBe(403);
  });
});
