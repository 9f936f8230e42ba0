import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
let account: string; // repShanghai's
let otherAccount: string; // repEast's
let boss: string; // contact of `account`
let buyer: string; // contact of `account`
let stranger: string; // contact of `otherAccount`
let opportunity: string; // on `account`, in 需求确认

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.as('admin');
  // 需求确认 carries the standard checklist the needs record can tick
  const p = (await admin.get(`/api/v1/pipelines/${t.fx.pipelineId}`)).body;
  const stages = p.stages.map(
    (s: { id: string; name: string; probability: number; kind: string }, i: number) => ({
      id: s.id,
      name: s.name,
      probability: s.probability,
      kind: s.kind,
      ...(i === 1
        ? {
            checklist: [
              { id: 'pain-points', label: '痛点', required: true },
              { id: 'budget', label: '预算', required: true },
              { id: 'decision-maker', label: '决策人', required: true },
              { id: 'timeline', label: '时间表', required: true },
              { id: 'site-visit', label: '现场调研', required: false },
            ],
          }
        : {}),
    }),
  );
  expect(
    (await admin.patch(`/api/v1/pipelines/${t.fx.pipelineId}`, { stages, version: p.version })).status,
  ).toBe(200);
  const rep = await t.as('repShanghai');
  account = (await rep.post('/api/v1/accounts', { name: '上海明远制造有限公司' })).body.id;
  boss = (
    await rep.post('/api/v1/contacts', { accountId: account, name: '周总', decisionRole: 'decision_maker' })
  ).body.id;
  buyer = (await rep.post('/api/v1/contacts', { accountId: account, name: '采购 李工' })).body.id;
  const east = await t.as('repEast');
  otherAccount = (await east.post('/api/v1/accounts', { name: '华东别家' })).body.id;
  stranger = (await east.post('/api/v1/contacts', { accountId: otherAccount, name: '外人' })).body.id;
  const o = await rep.post('/api/v1/opportunities', {
    name: '明远 WMS',
    accountId: account,
    stageId: t.fx.stages[1]!.id,
    expectedCloseDate: '2026-12-31',
  });
  expect(o.status, JSON.stringify(o.body)).toBe(201);
  opportunity = o.body.id;
});
afterAll(() => t.close());

const full = () => ({
  accountId: account,
  title: '仓储数字化需求',
  situation: '三个仓库靠 Excel 管理库存，月末盘点要停工两天。',
  painPoints: [
    { description: '库存周转慢，呆滞料占用资金', severity: 5, category: 'cash_flow' },
    { description: '销售过程不透明', severity: 3, category: 'visibility' },
  ],
  goals: '库存周转天数从 90 天降到 60 天',
  budgetMin: 50_000_000,
  budgetMax: 80_000_000,
  budgetStatus: 'estimated',
  decisionDate: '2026-12-20',
  goLiveDate: '2027-03-01',
  decisionMakers: [
    { contactId: boss, role: 'decision_maker' },
    { contactId: buyer, role: 'influencer' },
  ],
  competitors: ['金蝶', ' 用友 ', '金蝶'],
  notes: '周总关注投资回报',
});

describe('needs: create and validate', () => {
  it('records a complete needs record with pain point ids and decision makers by name', async () => {
    const r = await (await t.as('repShanghai')).post('/api/v1/needs', full());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      accountName: '上海明远制造有限公司',
      painPoints: [
        { id: 'p1', severity: 5, category: 'cash_flow' },
        { id: 'p2', severity: 3 },
      ],
      budgetMin: 50_000_000,
      budgetMax: 80_000_000,
      budgetAmount: null,
      decisionMakers: [
        { contactId: boss, contactName: '周总', role: 'decision_maker' },
        { contactId: buyer, contactName: '采购 李工', role: 'influencer' },
      ],
      competitors: ['金蝶', '用友'],
      complete: true,
      createdByName: 'repShanghai',
      version: 1,
    });
  });

  it('refuses bad input with the field, and stores nothing', async () => {
    const rep = await t.as('repShanghai');
    const before = (await rep.get(`/api/v1/needs?accountId=${account}`)).body.items.length;
    const base = { accountId: account, title: '需求' };
    const cases: [object, string][] = [
      [{ painPoints: [{ description: '太慢', severity: 6 }] }, 'painPoints/0/severity'],
      [{ painPoints: [{ description: '太慢', severity: 0 }] }, 'painPoints/0/severity'],
      [{ painPoints: [{ description: '   ', severity: 3 }] }, 'painPoints/0/description'],
      [
        {
          painPoints: [
            { id: 'a', description: 'x', severity: 1 },
            { id: 'a', description: 'y', severity: 2 },
          ],
        },
        'painPoints/1/id',
      ],
      [{ budgetAmount: -100 }, 'budgetAmount'],
      [{ budgetMin: -1 }, 'budgetMin'],
      [{ budgetAmount: 100, budgetMax: 200 }, 'budgetAmount'],
      [{ budgetMin: 300, budgetMax: 200 }, 'budgetMax'],
      [{ budgetAmount: '100' }, 'budgetAmount'],
      [{ budgetStatus: 'maybe' }, 'budgetStatus'],
      [{ decisionMakers: [{ contactId: stranger, role: 'decision_maker' }] }, 'decisionMakers/0/contactId'],
      [
        {
          decisionMakers: [
            { contactId: boss, role: 'decision_maker' },
            { contactId: boss, role: 'user' },
          ],
        },
        'decisionMakers/1/contactId',
      ],
      [{ decisionMakers: [{ contactId: boss, role: 'boss' }] }, 'decisionMakers/0/role'],
      [{ contactId: stranger }, 'contactId'],
      [{ decisionDate: '2026-02-30' }, 'decisionDate'],
      [{ decisionDate: '2026-12-01', goLiveDate: '2026-11-01' }, 'goLiveDate'],
      [{ title: '  ' }, 'title'],
      [{ surprise: 1 }, ''],
    ];
    for (const [extra, path] of cases) {
      const r = await rep.post('/api/v1/needs', { ...base, ...extra });
      expect(r.status, JSON.stringify([extra, r.body])).toBe(400);
      if (path) expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    expect((await rep.get(`/api/v1/needs?accountId=${account}`)).body.items.length).toBe(before);
  });

  it('links an opportunity only of the same account and in scope', async () => {
    const rep = await t.as('repShanghai');
    const east = await t.as('repEast');
    const foreign = (
      await east.post('/api/v1/opportunities', {
        name: '别家商机',
        accountId: otherAccount,
        expectedCloseDate: '2026-12-31',
      })
    ).body.id;
    const r = await rep.post('/api/v1/needs', { accountId: account, title: 'x', opportunityId: foreign });
    expect(r.status).toBe(400);
    expect(r.body.error.fields[0].path).toBe('opportunityId');
    const ok = await rep.post('/api/v1/needs', {
      accountId: account,
      title: 'x',
      opportunityId: opportunity,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.opportunityName).toBe('明远 WMS');
    const listed = (await rep.get(`/api/v1/needs?opportunityId=${opportunity}`)).body.items;
    expect(listed.map((n: { id: string }) => n.id)).toEqual([ok.body.id]);
  });
});

describe('needs: versioned edits with history', () => {
  it('keeps pain point ids, writes one history row per changed field and refuses a stale version', async () => {
    const rep = await t.as('repShanghai');
    const n = (await rep.post('/api/v1/needs', full())).body;
    const u = await rep.patch(`/api/v1/needs/${n.id}`, {
      version: 1,
      painPoints: [
        { id: 'p2', description: '销售过程不透明，管理层看不到漏斗', severity: 4, category: 'visibility' },
        { description: '回款周期长', severity: 4, category: 'cash_flow' },
      ],
      budgetMin: null,
      budgetMax: null,
      budgetAmount: 60_000_000,
      budgetStatus: 'confirmed',
    });
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    expect(u.body.painPoints.map((p: { id: string }) => p.id)).toEqual(['p2', 'p3']);
    expect(u.body).toMatchObject({
      version: 2,
      budgetAmount: 60_000_000,
      budgetMin: null,
      title: '仓储数字化需求',
    });

    const h = (await rep.get(`/api/v1/needs/${n.id}/history`)).body.items;
    expect(h.map((c: { field: string }) => c.field).sort()).toEqual(
      ['budgetAmount', 'budgetMax', 'budgetMin', 'budgetStatus', 'painPoints'].sort(),
    );
    const budget = h.find((c: { field: string }) => c.field === 'budgetAmount');
    expect(budget).toMatchObject({ oldValue: null, newValue: '60000000', userName: 'repShanghai' });

    const s = await rep.patch(`/api/v1/needs/${n.id}`, { version: 1, title: '旧版本' });
    expect(s.status).toBe(409);
    expect(s.body.error.code).toBe('stale');
    // a range next to the stored amount is refused on the merged record
    const both = await rep.patch(`/api/v1/needs/${n.id}`, { version: 2, budgetMax: 1 });
    expect(both.status).toBe(400);
    expect((await rep.get(`/api/v1/needs/${n.id}`)).body.version).toBe(2);
  });

  it('drops a decision maker whose contact was deleted, and deletes a record without proposals', async () => {
    const rep = await t.as('repShanghai');
    const temp = (await rep.post('/api/v1/contacts', { accountId: account, name: '临时联系人' })).body.id;
    const n = (
      await rep.post('/api/v1/needs', {
        accountId: account,
        title: '临时',
        decisionMakers: [{ contactId: temp, role: 'user' }],
      })
    ).body;
    expect(n.decisionMakers).toHaveLength(1);
    // reps may not delete contacts or needs records: the manager does
    const manager = await t.as('managerEast');
    expect((await manager.delete(`/api/v1/contacts/${temp}`)).status).toBe(204);
    expect((await rep.get(`/api/v1/needs/${n.id}`)).body.decisionMakers).toEqual([]);
    expect((await rep.delete(`/api/v1/needs/${n.id}`)).status).toBe(403);
    expect((await manager.delete(`/api/v1/needs/${n.id}`)).status).toBe(204);
    expect((await rep.get(`/api/v1/needs/${n.id}`)).status).toBe(404);
  });
});

describe('needs: access follows the account', () => {
  it('another rep and another tenant get 404; the manager sees the team; marketing reads only', async () => {
    const n = (await (await t.as('repShanghai')).post('/api/v1/needs', full())).body;
    const east = await t.as('repEast');
    expect((await east.get(`/api/v1/needs/${n.id}`)).status).toBe(404);
    expect((await east.patch(`/api/v1/needs/${n.id}`, { version: 1, title: 'x' })).status).toBe(404);
    expect((await east.get(`/api/v1/needs/${n.id}/history`)).status).toBe(404);
    expect((await east.get('/api/v1/needs')).body.items.map((x: { id: string }) => x.id)).not.toContain(n.id);
    const onOther = await east.post('/api/v1/needs', { accountId: account, title: '抢单' });
    expect(onOther.status).toBe(400);
    expect(onOther.body.error.fields[0].path).toBe('accountId');

    for (const who of ['otherAdmin', 'otherRep'] as const) {
      const c = await t.as(who);
      expect((await c.get(`/api/v1/needs/${n.id}`)).status).toBe(404);
      expect((await c.patch(`/api/v1/needs/${n.id}`, { version: 1, title: 'x' })).status).toBe(404);
      expect((await c.get('/api/v1/needs')).body.items).toEqual([]);
    }

    const manager = await t.as('managerEast');
    expect((await manager.get(`/api/v1/needs/${n.id}`)).status).toBe(200);
    const edited = await manager.patch(`/api/v1/needs/${n.id}`, { version: 1, notes: '经理补充' });
    expect(edited.status).toBe(200);
    expect((await (await t.as('managerSouth')).get(`/api/v1/needs/${n.id}`)).status).toBe(404);

    const marketing = await t.as('marketing');
    expect((await marketing.get(`/api/v1/needs/${n.id}`)).status).toBe(200);
    expect((await marketing.patch(`/api/v1/needs/${n.id}`, { version: 2, title: 'x' })).status).toBe(403);
    expect((await (await t.as('recruiter')).get('/api/v1/needs')).status).toBe(403);
  });
});

describe('needs: the opportunity checklist', () => {
  it('ticks 痛点/预算/决策人/时间表 for the parts the record covers, leaving the rest', async () => {
    const rep = await t.as('repShanghai');
    const o = (
      await rep.post('/api/v1/opportunities', {
        name: '明远 MES',
        accountId: account,
        stageId: t.fx.stages[1]!.id,
        expectedCloseDate: '2026-12-31',
      })
    ).body;
    const partial = (
      await rep.post('/api/v1/needs', {
        accountId: account,
        title: 'MES 需求',
        opportunityId: o.id,
        painPoints: [{ description: '排产靠经验', severity: 4 }],
        decisionMakers: [{ contactId: boss, role: 'decision_maker' }],
      })
    ).body;
    expect(partial.completeness).toEqual({
      painPoints: true,
      budget: false,
      decisionMakers: true,
      timeline: false,
    });
    const r = await rep.post(`/api/v1/needs/${partial.id}/checklist`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      ticked: ['pain-points', 'decision-maker'],
      incomplete: ['budget', 'timeline'],
      labels: { 'pain-points': '痛点', 'decision-maker': '决策人', budget: '预算', timeline: '时间表' },
    });
    const checklist = (await rep.get(`/api/v1/opportunities/${o.id}/checklist`)).body;
    const items = checklist.stages[1].items;
    expect(items.filter((i: { checked: boolean }) => i.checked).map((i: { id: string }) => i.id)).toEqual([
      'pain-points',
      'decision-maker',
    ]);
    expect(items[0].note).toBe('需求分析：MES 需求');

    const noOpp = (await rep.post('/api/v1/needs', { accountId: account, title: '无商机' })).body;
    expect((await rep.post(`/api/v1/needs/${noOpp.id}/checklist`)).status).toBe(409);
    expect((await (await t.as('repEast')).post(`/api/v1/needs/${partial.id}/checklist`)).status).toBe(404);
  });
});
