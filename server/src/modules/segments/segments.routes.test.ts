import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { newId } from '../../lib/ids.js';
import { yearsBefore } from './segments.repository.js';

let t: TestApp;
const at = '2026-01-10T02:00:00.000Z';

async function account(owner: keyof TestApp['fx']['users'], fields: Record<string, unknown>) {
  const id = newId();
  await t.db.kysely
    .insertInto('accounts')
    .values({
      id,
      orgId: owner.startsWith('other') ? t.fx.otherOrgId : t.fx.orgId,
      name: `客户 ${id.slice(-6)}`,
      kind: 'company',
      ownerId: t.fx.users[owner].id,
      createdAt: at,
      updatedAt: at,
      ...fields,
    } as never)
    .execute();
  return id;
}
async function contact(
  owner: keyof TestApp['fx']['users'],
  accountId: string | null,
  fields: Record<string, unknown>,
) {
  const id = newId();
  await t.db.kysely
    .insertInto('contacts')
    .values({
      id,
      orgId: t.fx.orgId,
      accountId,
      name: `联系人 ${id.slice(-6)}`,
      ownerId: t.fx.users[owner].id,
      createdAt: at,
      updatedAt: at,
      ...fields,
    } as never)
    .execute();
  return id;
}
async function lead(ownerId: string | null, fields: Record<string, unknown>) {
  const id = newId();
  await t.db.kysely
    .insertInto('leads')
    .values({
      id,
      orgId: t.fx.orgId,
      name: `线索 ${id.slice(-6)}`,
      status: 'new',
      ownerId,
      createdAt: at,
      updatedAt: at,
      ...fields,
    } as never)
    .execute();
  return id;
}

const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  // "today" for ages: 2026-06-15 in China
  t.services.segments.clock = () => new Date('2026-06-15T04:00:00Z');
  // companies: 华东 manufacturing ×3 (one the Shanghai rep's), 华南 manufacturing, 华东 IT
  ids.eastMfgRep = await account('repShanghai', { industry: 'manufacturing', region: '华东', size: 'large' });
  ids.eastMfg2 = await account('repEast', { industry: 'manufacturing', region: '华东', size: 'small' });
  ids.eastMfg3 = await account('managerEast', { industry: 'manufacturing', region: '华东' });
  ids.southMfg = await account('repSouth', { industry: 'manufacturing', region: '华南' });
  ids.eastIt = await account('repShanghai', { industry: 'it', region: '华东' });
  await account('otherRep', { industry: 'manufacturing', region: '华东' });
  // consumers: ages around the 25–45 boundaries on 2026-06-15
  const person = async (
    birthday: string | null,
    band: string | null,
    interests: string[] | null,
    email: string | null,
  ) => {
    const a = await account('repEast', {
      kind: 'individual',
      incomeBand: band,
      interests: interests ? JSON.stringify(interests) : null,
    });
    await contact('repEast', a, { birthday, email });
    return a;
  };
  ids.age25 = await person('2001-06-15', 'over_50k', ['旅游', '高尔夫'], 'a25@x.cn'); // 25 today
  ids.age24 = await person('2001-06-16', 'over_50k', ['旅游'], 'a24@x.cn'); // 25 tomorrow
  ids.age45 = await person('1980-06-16', '20k_50k', ['摄影'], null); // 46 tomorrow
  ids.age46 = await person('1980-06-15', 'over_50k', ['旅游'], 'a46@x.cn'); // 46 today
  ids.noBirthday = await person(null, 'over_50k', ['旅游'], 'nb@x.cn');
  ids.lowIncome = await person('1990-01-01', 'under_5k', [], 'low@x.cn');
  // leads
  const campaignless = null;
  ids.leadHot = await lead(t.fx.users.repSouth.id, {
    score: 80,
    source: 'trade_show',
    email: 'hot@x.cn',
    region: '华南',
  });
  ids.leadWarm = await lead(t.fx.users.repEast.id, { score: 60, source: 'trade_show', email: null });
  ids.leadCold = await lead(t.fx.users.repEast.id, { score: 20, source: 'seo', email: 'cold@x.cn' });
  ids.leadPool = await lead(campaignless, { score: 90, source: 'trade_show', email: 'pool@x.cn' });
});
afterAll(() => t.close());

const count = async (who: Parameters<TestApp['as']>[0], criteria: unknown) =>
  (await (await t.as(who)).post('/api/v1/segments/count', criteria)).body;

describe('segment criteria', () => {
  it('counts companies by industry and region, AND across conditions and OR within one', async () => {
    const c = {
      object: 'account',
      conditions: [
        { field: 'industry', op: 'is', value: 'manufacturing' },
        { field: 'region', op: 'is', value: '华东' },
      ],
    };
    expect(await count('admin', c)).toEqual({ count: 3, limited: false });
    const anyRegion = {
      object: 'account',
      conditions: [
        { field: 'industry', op: 'in', value: ['manufacturing', 'it'] },
        { field: 'region', op: 'in', value: ['华东', '华南'] },
        { field: 'kind', op: 'is', value: 'company' },
      ],
    };
    expect((await count('admin', anyRegion)).count).toBe(5);
    expect(
      (await count('admin', { object: 'account', conditions: [{ field: 'size', op: 'empty' }] })).count,
    ).toBe(3 + 6); // eastMfg3, southMfg, eastIt and the six individuals
  });

  it('counts only what the caller may see, and says so', async () => {
    const c = {
      object: 'account',
      conditions: [
        { field: 'industry', op: 'is', value: 'manufacturing' },
        { field: 'region', op: 'is', value: '华东' },
      ],
    };
    expect(await count('repShanghai', c)).toEqual({ count: 1, limited: true });
    // the East manager sees the team: the Shanghai rep's, the East rep's and their own
    expect(await count('managerEast', c)).toEqual({ count: 3, limited: true });
    expect(await count('managerSouth', c)).toEqual({ count: 0, limited: true });
    // another organisation's data never counts
    expect(await count('otherAdmin', c)).toEqual({ count: 1, limited: false });
  });

  it('ages from the birthday on the injected today: 25–45 includes 25 today and 45 until the day before 46', async () => {
    expect(yearsBefore('2026-06-15', 25)).toBe('2001-06-15');
    expect(yearsBefore('2025-02-28', 25)).toBe('2000-02-28');
    expect(yearsBefore('2028-02-29', 1)).toBe('2027-02-28');
    const between = { field: 'age', op: 'between', value: [25, 45] };
    const members = async (conditions: unknown[]) =>
      (await (await t.as('admin')).post('/api/v1/segments/preview', { object: 'account', conditions })).body;
    const r = await members([between]);
    // 1990-01-01 is 36
    expect(r.count).toBe(3);
    expect(r.items.map((m: { id: string }) => m.id).sort()).toEqual(
      [ids.age25, ids.age45, ids.lowIncome].sort(),
    );
    expect((await count('admin', { object: 'contact', conditions: [between] })).count).toBe(3);
    expect(
      (await count('admin', { object: 'contact', conditions: [{ field: 'age', op: 'gte', value: 46 }] }))
        .count,
    ).toBe(1);
    expect(
      (await count('admin', { object: 'contact', conditions: [{ field: 'age', op: 'lte', value: 24 }] }))
        .count,
    ).toBe(1);
    expect(
      (await count('admin', { object: 'contact', conditions: [{ field: 'age', op: 'is', value: 45 }] }))
        .count,
    ).toBe(1);
    expect(
      (await count('admin', { object: 'contact', conditions: [{ field: 'age', op: 'empty' }] })).count,
    ).toBe(1);
    // a day later the 24-year-old turns 25 and the 45-year-old turns 46
    t.services.segments.clock = () => new Date('2026-06-16T04:00:00Z');
    const next = await members([between]);
    expect(next.items.map((m: { id: string }) => m.id).sort()).toEqual(
      [ids.age25, ids.age24, ids.lowIncome].sort(),
    );
    t.services.segments.clock = () => new Date('2026-06-15T04:00:00Z');
  });

  it('finds high-income individuals aged 25–45 with an interest', async () => {
    const c = {
      object: 'contact',
      conditions: [
        { field: 'kind', op: 'is', value: 'individual' },
        { field: 'age', op: 'between', value: [25, 45] },
        { field: 'incomeBand', op: 'in', value: ['20k_50k', 'over_50k'] },
      ],
    };
    expect((await count('admin', c)).count).toBe(2);
    expect(
      (
        await count('admin', {
          ...c,
          conditions: [...c.conditions, { field: 'interests', op: 'contains', value: '旅游' }],
        })
      ).count,
    ).toBe(1);
    expect(
      (
        await count('admin', {
          object: 'account',
          conditions: [{ field: 'interests', op: 'contains', value: ['摄影', '高尔夫'] }],
        })
      ).count,
    ).toBe(2);
    expect(
      (
        await count('admin', {
          object: 'account',
          conditions: [
            { field: 'kind', op: 'is', value: 'individual' },
            { field: 'interests', op: 'empty' },
          ],
        })
      ).count,
    ).toBe(1);
  });

  it('counts leads by score, source and e-mail; pool leads count for every reader', async () => {
    const hot = { object: 'lead', conditions: [{ field: 'score', op: 'gte', value: 60 }] };
    expect((await count('admin', hot)).count).toBe(3);
    expect(await count('repEast', hot)).toEqual({ count: 2, limited: true }); // own 60 + the pool's 90
    expect(
      (
        await count('admin', {
          object: 'lead',
          conditions: [
            { field: 'source', op: 'is', value: 'trade_show' },
            { field: 'email', op: 'not_empty' },
          ],
        })
      ).count,
    ).toBe(2);
    expect(
      (
        await count('admin', {
          object: 'lead',
          conditions: [{ field: 'score', op: 'between', value: [20, 60] }],
        })
      ).count,
    ).toBe(2);
  });

  it('refuses unknown fields, operators and values with a 400 naming them', async () => {
    const admin = await t.as('admin');
    const bad = async (conditions: unknown[], object = 'account') =>
      admin.post('/api/v1/segments/count', { object, conditions });
    let r = await bad([
      { field: 'industry', op: 'is', value: 'it' },
      { field: 'shoeSize', op: 'is', value: '42' },
    ]);
    expect(r.status).toBe(400);
    expect(r.body.error.fields[0].path).toBe('conditions/1/field');
    expect(r.body.error.message).toContain('unknown field "shoeSize"');
    r = await bad([{ field: 'industry', op: 'like', value: 'it' }]);
    expect(r.status).toBe(400);
    expect(r.body.error.fields[0].path).toBe('conditions/0/op');
    expect(r.body.error.message).toContain('unknown operator "like"');
    r = await bad([{ field: 'industry', op: 'between', value: [1, 2] }]);
    expect(r.body.error.message).toContain('operator "between" does not apply to industry');
    r = await bad([{ field: 'industry', op: 'is', value: 'steel' }]);
    expect(r.body.error.fields[0].path).toBe('conditions/0/value');
    expect(r.body.error.message).toContain('unknown value "steel"');
    r = await bad([{ field: 'age', op: 'between', value: [45, 25] }]);
    expect(r.status).toBe(400);
    r = await bad([{ field: 'score', op: 'gte', value: '60' }], 'lead');
    expect(r.body.error.message).toContain('whole numbers');
    r = await bad([{ field: 'score', op: 'gte', value: 60 }], 'account');
    expect(r.body.error.message).toContain('unknown field "score" for account segments');
    r = await admin.post('/api/v1/segments', {
      name: 'x',
      object: 'lead',
      conditions: [{ field: 'nope', op: 'is', value: 'a' }],
    });
    expect(r.status).toBe(400);
    expect(await t.db.kysely.selectFrom('segments').selectAll().execute()).toEqual([]);
  });
});

describe('saved segments', () => {
  let segmentId: string;
  it('saves a segment, lists its members in pages within the caller’s scope', async () => {
    const mkt = await t.as('marketing');
    const created = await mkt.post('/api/v1/segments', {
      name: '华东制造业客户',
      object: 'account',
      conditions: [
        { field: 'industry', op: 'is', value: 'manufacturing' },
        { field: 'region', op: 'is', value: '华东' },
      ],
    });
    expect(created.status).toBe(201);
    segmentId = created.body.id;
    const p1 = await mkt.get(`/api/v1/segments/${segmentId}/members?limit=2`);
    expect(p1.body).toMatchObject({ count: 3, limited: false });
    expect(p1.body.items).toHaveLength(2);
    const p2 = await mkt.get(`/api/v1/segments/${segmentId}/members?limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items).toHaveLength(1);
    expect(p2.body.nextCursor).toBeNull();
    expect([...p1.body.items, ...p2.body.items].map((m: { id: string }) => m.id).sort()).toEqual(
      [ids.eastMfgRep, ids.eastMfg2, ids.eastMfg3].sort(),
    );
    const rep = await (await t.as('repShanghai')).get(`/api/v1/segments/${segmentId}/members`);
    expect(rep.body).toMatchObject({ count: 1, limited: true });
    expect(rep.body.items[0]).toMatchObject({ id: ids.eastMfgRep, ownerName: 'repShanghai' });
  });

  it('filters the accounts and leads lists by a segment', async () => {
    const admin = await t.as('admin');
    const r = await admin.get(`/api/v1/accounts?segmentId=${segmentId}`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((a: { id: string }) => a.id).sort()).toEqual(
      [ids.eastMfgRep, ids.eastMfg2, ids.eastMfg3].sort(),
    );
    const rep = await (await t.as('repShanghai')).get(`/api/v1/accounts?segmentId=${segmentId}`);
    expect(rep.body.items.map((a: { id: string }) => a.id)).toEqual([ids.eastMfgRep]);
    expect((await admin.get(`/api/v1/leads?segmentId=${segmentId}`)).status).toBe(400);
    const hot = await admin.post('/api/v1/segments', {
      name: '高分线索',
      object: 'lead',
      conditions: [{ field: 'score', op: 'gte', value: 60 }],
    });
    const leads = await admin.get(`/api/v1/leads?segmentId=${hot.body.id}`);
    expect(leads.body.items.map((l: { id: string }) => l.id).sort()).toEqual(
      [ids.leadHot, ids.leadWarm, ids.leadPool].sort(),
    );
  });

  it('keeps other organisations out and reps to their own segments', async () => {
    const other = await t.as('otherAdmin');
    expect((await other.get(`/api/v1/segments/${segmentId}`)).status).toBe(404);
    expect((await other.get(`/api/v1/segments/${segmentId}/members`)).status).toBe(404);
    expect((await other.get(`/api/v1/accounts?segmentId=${segmentId}`)).status).toBe(400);
    expect((await other.get('/api/v1/segments')).body.items).toEqual([]);
    const rep = await t.as('repShanghai');
    expect((await rep.get(`/api/v1/segments/${segmentId}`)).status).toBe(200);
    expect((await rep.patch(`/api/v1/segments/${segmentId}`, { name: '改名', version: 1 })).status).toBe(403);
    expect((await (await t.as('service')).get('/api/v1/segments')).status).toBe(403);
    const renamed = await (
      await t.as('marketing')
    ).patch(`/api/v1/segments/${segmentId}`, {
      name: '华东制造业',
      version: 1,
    });
    expect(renamed.body).toMatchObject({ name: '华东制造业', version: 2 });
  });
});
