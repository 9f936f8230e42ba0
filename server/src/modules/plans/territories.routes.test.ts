import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { newId } from '../../lib/ids.js';

/*
 * Territories on a real database: accounts follow them (created, region changed, overlaps by
 * priority and specificity, the set-based reassign), the ranking by potential with known numbers,
 * permissions and another organisation.
 */
let t: TestApp;
const at = new Date().toISOString();

beforeAll(async () => {
  t = await createTestApp();
  // "today" for the last 12 months of revenue
  t.services.territories.clock = () => new Date('2026-06-15T04:00:00Z');
});
afterAll(() => t.close());

async function wonDeal(accountId: string, amount: number, closedAt: string, channel: string | null = null) {
  const won = t.fx.stages.find((s) => s.kind === 'won')!;
  await t.db.kysely
    .insertInto('opportunities')
    .values({
      id: newId(),
      orgId: t.fx.orgId,
      name: 'deal',
      accountId,
      pipelineId: t.fx.pipelineId,
      stageId: won.id,
      status: 'won',
      amount,
      currency: 'CNY',
      expectedCloseDate: closedAt.slice(0, 10),
      nextStep: null,
      lostReason: null,
      closedAt,
      ownerId: t.fx.users.repShanghai.id,
      lostCompetitor: null,
      campaignId: null,
      leadId: null,
      channel,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
}

async function market(name: string, region: string | null, size: number, industry: string | null = null) {
  await t.db.kysely
    .insertInto('markets')
    .values({
      id: newId(),
      orgId: t.fx.orgId,
      name,
      region,
      industry,
      description: null,
      size,
      sizeYear: 2026,
      growthBp: 0,
      createdBy: null,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
}

const territoryIds: Record<string, string> = {};

describe('territories', () => {
  it('a director creates territories; bad input names the field; names are unique', async () => {
    const dir = await t.as('director');
    const east = await dir.post('/api/v1/territories', {
      name: '华东大区',
      regions: ['华东'],
      teamId: t.fx.teams.east,
      headcount: 5,
    });
    expect(east.status).toBe(201);
    expect(east.body).toMatchObject({
      name: '华东大区',
      regions: ['华东'],
      industries: [],
      teamName: expect.any(String),
      headcount: 5,
      active: true,
    });
    territoryIds.east = east.body.id;
    const south = await dir.post('/api/v1/territories', {
      name: '华南大区',
      regions: ['华南'],
      teamId: t.fx.teams.south,
    });
    expect(south.status).toBe(201);
    territoryIds.south = south.body.id;

    const empty = await dir.post('/api/v1/territories', { name: 'x', regions: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toContain('regions');
    const unknownRegion = await dir.post('/api/v1/territories', { name: 'x', regions: ['火星'] });
    expect(unknownRegion.status).toBe(400);
    const badTeam = await dir.post('/api/v1/territories', { name: 'x', regions: ['华北'], teamId: newId() });
    expect(badTeam.status).toBe(400);
    expect(badTeam.body.error.fields).toEqual([{ path: 'teamId', message: 'no such team' }]);
    const dup = await dir.post('/api/v1/territories', { name: '华东大区', regions: ['华北'] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields[0].path).toBe('name');
  });

  it('an account created in 华东 lands in the 华东 territory; changing its region moves it', async () => {
    const rep = await t.as('repShanghai');
    const created = await rep.post('/api/v1/accounts', {
      name: '上海精密机械',
      region: '华东',
      industry: 'manufacturing',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ territoryId: territoryIds.east, territoryName: '华东大区' });
    const detail = await rep.get(`/api/v1/accounts/${created.body.id}`);
    expect(detail.body).toMatchObject({ territoryId: territoryIds.east, territoryName: '华东大区' });

    const moved = await rep.patch(`/api/v1/accounts/${created.body.id}`, {
      region: '华南',
      version: detail.body.version,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ territoryId: territoryIds.south, territoryName: '华南大区' });

    const nowhere = await rep.patch(`/api/v1/accounts/${created.body.id}`, {
      region: '西北',
      version: moved.body.version,
    });
    expect(nowhere.body).toMatchObject({ territoryId: null, territoryName: null });
    // a region the account gives as free text that is no region of ours matches nothing
    const free = await rep.post('/api/v1/accounts', { name: '通配符公司', region: '%' });
    expect(free.body.territoryId).toBeNull();
  });

  it('overlaps: priority decides first, then the more specific territory (an industry list)', async () => {
    const dir = await t.as('director');
    const rep = await t.as('repShanghai');
    const mfg = await dir.post('/api/v1/territories', {
      name: '华东制造业',
      regions: ['华东'],
      industries: ['manufacturing'],
    });
    expect(mfg.status).toBe(201);
    territoryIds.mfg = mfg.body.id;
    const factory = await rep.post('/api/v1/accounts', {
      name: '苏州电机厂',
      region: '华东',
      industry: 'manufacturing',
    });
    const bank = await rep.post('/api/v1/accounts', {
      name: '杭州城商行',
      region: '华东',
      industry: 'finance',
    });
    // same priority: the industry territory is more specific than "every industry"
    expect(factory.body.territoryName).toBe('华东制造业');
    expect(bank.body.territoryName).toBe('华东大区');

    // a key-account territory over 华东 and 华南 with a higher priority takes both
    const key = await dir.post('/api/v1/territories', {
      name: '重点客户部',
      regions: ['华东', '华南'],
      priority: 10,
    });
    expect(key.status).toBe(201);
    for (const id of [factory.body.id, bank.body.id]) {
      const a = await rep.get(`/api/v1/accounts/${id}`);
      expect(a.body.territoryName).toBe('重点客户部');
    }
    // deactivating it gives them back (territory changes reassign every account)
    const moved = await dir.patch(`/api/v1/territories/${key.body.id}`, {
      active: false,
      version: key.body.version,
    });
    expect(moved.status).toBe(200);
    expect((await rep.get(`/api/v1/accounts/${factory.body.id}`)).body.territoryName).toBe('华东制造业');
    expect((await rep.get(`/api/v1/accounts/${bank.body.id}`)).body.territoryName).toBe('华东大区');
    expect((await dir.delete(`/api/v1/territories/${key.body.id}`)).status).toBe(204);
  });

  it('POST /territories/reassign re-evaluates every account of the organisation and counts the moves', async () => {
    // accounts written behind the service's back (an import, a migration) have no territory yet
    const orphan = newId();
    await t.db.kysely
      .insertInto('accounts')
      .values({
        id: orphan,
        orgId: t.fx.orgId,
        name: '宁波港务',
        kind: 'company',
        industry: 'logistics',
        size: null,
        region: '华东',
        level: null,
        source: null,
        address: null,
        creditCode: null,
        phone: null,
        website: null,
        notes: null,
        ownerId: t.fx.users.repEast.id,
        incomeBand: null,
        interests: null,
        poolId: null,
        poolEnteredAt: null,
        previousOwnerId: null,
        ownedSince: null,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    const rep = await t.as('repShanghai');
    expect((await rep.post('/api/v1/territories/reassign')).status).toBe(403);
    const dir = await t.as('director');
    const r = await dir.post('/api/v1/territories/reassign');
    expect(r.status).toBe(200);
    expect(r.body.moved).toBe(1);
    const row = await t.db.kysely
      .selectFrom('accounts')
      .select('territoryId')
      .where('id', '=', orphan)
      .executeTakeFirst();
    expect(row?.territoryId).toBe(territoryIds.east);
    const again = await dir.post('/api/v1/territories/reassign');
    expect(again.body.moved).toBe(0);
    expect(again.body.assigned + again.body.unassigned).toBeGreaterThanOrEqual(5);
    const list = await dir.get('/api/v1/territories');
    expect(list.body.items.find((x: { id: string }) => x.id === territoryIds.east).accounts).toBe(2);
  });

  it('ranks territories by potential: market size (nationwide pro-rated by accounts) less our revenue', async () => {
    await market('华东工业软件', '华东', 100_000_000);
    await market('华南工业软件', '华南', 30_000_000);
    await market('全国中小企业 SaaS', null, 10_000_000);
    await market('停用的市场', '华东', 999_000_000);
    await t.db.kysely.updateTable('markets').set({ active: 0 }).where('name', '=', '停用的市场').execute();
    // revenue in the last 12 months (to 2026-06-15) counts; older does not
    const east = await t.db.kysely
      .selectFrom('accounts')
      .select('id')
      .where('orgId', '=', t.fx.orgId)
      .where('territoryId', '=', territoryIds.east)
      .executeTakeFirstOrThrow();
    await wonDeal(east.id, 20_000_000, '2026-03-10T04:00:00.000Z');
    await wonDeal(east.id, 7_000_000, '2025-05-01T04:00:00.000Z');
    const counts = await t.db.kysely
      .selectFrom('accounts')
      .select(['territoryId'])
      .where('orgId', '=', t.fx.orgId)
      .execute();
    const total = counts.length;
    const inEast = counts.filter((c) => c.territoryId === territoryIds.east).length;
    const inMfg = counts.filter((c) => c.territoryId === territoryIds.mfg).length;

    const rows = await t.services.territories.potentials(t.fx.orgId, 2026);
    const eastRow = rows.find((r) => r.territoryId === territoryIds.east)!;
    const nationwideEast = Math.round((10_000_000 * inEast) / total);
    expect(eastRow).toMatchObject({
      name: '华东大区',
      teamId: t.fx.teams.east,
      marketSize: 100_000_000 + nationwideEast,
      ourRevenue: 20_000_000,
      potential: 80_000_000 + nationwideEast,
      shareBp: Math.round((20_000_000 * 10_000) / (100_000_000 + nationwideEast)),
      customers: inEast,
      headcount: 5,
      factors: {
        regionalMarkets: 1,
        nationwideMarkets: 1,
        revenueFrom: '2025-06-16',
        revenueTo: '2026-06-15',
      },
    });
    // members: the people of 华东 and 上海组 below it (manager + two reps)
    expect(eastRow.members).toBe(3);
    // the manufacturing territory: 华东 markets of any industry count too (a market without industry)
    const mfgRow = rows.find((r) => r.territoryId === territoryIds.mfg)!;
    expect(mfgRow.marketSize).toBe(100_000_000 + Math.round((10_000_000 * inMfg) / total));
    const southRow = rows.find((r) => r.territoryId === territoryIds.south)!;
    expect(southRow.ourRevenue).toBe(0);
    // ranked: highest potential first
    expect(rows.map((r) => r.potential)).toEqual([...rows.map((r) => r.potential)].sort((a, b) => b - a));

    // the same through the API, with ranks, for anyone who may read territories
    const rep = await t.as('repShanghai');
    const api = await rep.get('/api/v1/territories/potentials?year=2026');
    expect(api.status).toBe(200);
    expect(api.body.items[0]).toMatchObject({ rank: 1, territoryId: rows[0]!.territoryId });

    // a later year grows the markets by their growth rate
    await t.db.kysely
      .updateTable('markets')
      .set({ growthBp: 1000 })
      .where('name', '=', '华南工业软件')
      .execute();
    const next = await t.services.territories.potentials(t.fx.orgId, 2027);
    expect(next.find((r) => r.territoryId === territoryIds.south)!.factors.regionalSize).toBe(33_000_000);

    // a size recorded for that year (market history) wins over the projection
    const southMarket = await t.db.kysely
      .selectFrom('markets')
      .select('id')
      .where('name', '=', '华南工业软件')
      .executeTakeFirstOrThrow();
    const admin = await t.as('admin');
    const put = await admin.put(`/api/v1/markets/${southMarket.id}/years/2027`, { size: 40_000_000 });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const recorded = await t.services.territories.potentials(t.fx.orgId, 2027);
    expect(recorded.find((r) => r.territoryId === territoryIds.south)!.factors.regionalSize).toBe(40_000_000);
  });

  it('a rep reads but cannot change territories; another organisation sees none of them', async () => {
    const rep = await t.as('repShanghai');
    expect((await rep.get('/api/v1/territories')).status).toBe(200);
    expect((await rep.post('/api/v1/territories', { name: '西南', regions: ['西南'] })).status).toBe(403);
    const other = await t.as('otherAdmin');
    expect((await other.get(`/api/v1/territories/${territoryIds.east}`)).status).toBe(404);
    expect(
      (await other.patch(`/api/v1/territories/${territoryIds.east}`, { name: 'x', version: 1 })).status,
    ).toBe(404);
    expect((await other.delete(`/api/v1/territories/${territoryIds.east}`)).status).toBe(404);
    expect((await other.get('/api/v1/territories')).body.items).toEqual([]);
    const r = await other.post('/api/v1/territories/reassign');
    expect(r.body).toEqual({ moved: 0, assigned: 0, unassigned: 0 });
    expect(await t.services.territories.potentials(t.fx.otherOrgId, 2026)).toEqual([]);
  });
});
