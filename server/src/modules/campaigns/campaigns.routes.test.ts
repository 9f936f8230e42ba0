import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { newId } from '../../lib/ids.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const at = '2026-03-01T02:00:00.000Z';
async function insertLead(campaignId: string | null, status = 'new', convertedAt: string | null = null) {
  await t.db.kysely
    .insertInto('leads')
    .values({
      id: newId(),
      orgId: t.fx.orgId,
      name: '展会线索',
      status,
      ownerId: t.fx.users.repEast.id,
      campaignId,
      convertedAt,
      createdAt: at,
      updatedAt: at,
    } as never)
    .execute();
}
let accountId: string;
async function insertDeal(campaignId: string | null, kind: 'open' | 'won' | 'lost', amount: number) {
  const stage = t.fx.stages.find((s) => s.kind === kind)!;
  await t.db.kysely
    .insertInto('opportunities')
    .values({
      id: newId(),
      orgId: t.fx.orgId,
      name: '商机',
      accountId,
      pipelineId: t.fx.pipelineId,
      stageId: stage.id,
      status: kind,
      amount,
      currency: 'CNY',
      expectedCloseDate: '2026-06-30',
      ownerId: t.fx.users.repEast.id,
      campaignId,
      closedAt: kind === 'open' ? null : at,
      createdAt: at,
      updatedAt: at,
    } as never)
    .execute();
}

describe('campaigns and their return', () => {
  let id: string;
  it('creates a campaign; bad dates and links are 400 naming the field', async () => {
    const mkt = await t.as('marketing');
    accountId = (await (await t.as('admin')).post('/api/v1/accounts', { name: '苏州精密机械有限公司' })).body
      .id;
    const r = await mkt.post('/api/v1/campaigns', {
      name: '2026 上海工博会',
      type: 'event',
      startDate: '2026-09-15',
      endDate: '2026-09-19',
      budget: 30_000_000,
      source: 'trade_show',
      location: '国家会展中心',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      status: 'planned',
      ownerName: 'marketing',
      roi: { cost: 0, leads: 0, costPerLead: null, roiBp: null, wonRevenue: 0 },
    });
    id = r.body.id;
    const bad = await mkt.post('/api/v1/campaigns', {
      name: 'x',
      type: 'event',
      startDate: '2026-09-15',
      endDate: '2026-09-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('endDate');
    const noSeg = await mkt.post('/api/v1/campaigns', { name: 'x', type: 'email', segmentId: newId() });
    expect(noSeg.body.error.fields[0].path).toBe('segmentId');
    expect((await mkt.post('/api/v1/campaigns', { name: 'x', type: 'fax' })).status).toBe(400);
    expect(
      (await (await t.as('repEast')).post('/api/v1/campaigns', { name: 'x', type: 'other' })).status,
    ).toBe(403);
  });

  it('adds up costs, leads, conversions, deals and won revenue exactly to the fen', async () => {
    const mkt = await t.as('marketing');
    // costs: 12,345.67 + 0.01 + 87,654.32 = 100,000.00 yuan
    for (const [item, amount] of [
      ['展位费', 1_234_567],
      ['快递', 1],
      ['搭建与物料', 8_765_432],
    ] as const)
      expect(
        (await mkt.post(`/api/v1/campaigns/${id}/costs`, { date: '2026-09-10', item, amount })).status,
      ).toBe(201);
    expect(
      (await mkt.post(`/api/v1/campaigns/${id}/costs`, { date: '2026-09-31', item: 'x', amount: 1 })).status,
    ).toBe(400);
    expect(
      (await mkt.post(`/api/v1/campaigns/${id}/costs`, { date: '2026-09-10', item: 'x', amount: -1 })).status,
    ).toBe(400);
    expect(
      (await mkt.post(`/api/v1/campaigns/${id}/costs`, { date: '2026-09-10', item: 'x', amount: 1.5 }))
        .status,
    ).toBe(400);
    for (let i = 0; i < 6; i++) await insertLead(id);
    await insertLead(id, 'converted', at);
    await insertLead(id, 'qualified', at); // converted through the conversion record
    await insertLead(null);
    await insertDeal(id, 'won', 12_000_001);
    await insertDeal(id, 'won', 23_000_000);
    await insertDeal(id, 'open', 5_000_050);
    await insertDeal(id, 'lost', 9_999_999);
    await insertDeal(null, 'won', 77_777_777);
    const r = await mkt.get(`/api/v1/campaigns/${id}`);
    expect(r.body.roi).toEqual({
      cost: 10_000_000,
      leads: 8,
      convertedLeads: 2,
      opportunities: 4,
      wonOpportunities: 2,
      wonRevenue: 35_000_001,
      pipelineAmount: 5_000_050,
      costPerLead: 1_250_000,
      // (35,000,001 − 10,000,000) / 10,000,000 = 2.5000001 → 25000 bp
      roiBp: 25_000,
    });
    const list = await mkt.get('/api/v1/campaigns?type=event');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].roi.wonRevenue).toBe(35_000_001);
    const costs = await mkt.get(`/api/v1/campaigns/${id}/costs`);
    expect(costs.body.map((c: { amount: number }) => c.amount)).toEqual([1_234_567, 1, 8_765_432]);
    expect((await mkt.delete(`/api/v1/campaigns/${id}/costs/${costs.body[1].id}`)).status).toBe(204);
    expect((await mkt.get(`/api/v1/campaigns/${id}`)).body.roi.cost).toBe(9_999_999);
    // a rep reads campaigns but may not change their costs
    expect(
      (
        await (
          await t.as('repEast')
        ).post(`/api/v1/campaigns/${id}/costs`, { date: '2026-09-10', item: 'x', amount: 1 })
      ).status,
    ).toBe(403);
    // a campaign with results is kept
    expect((await mkt.delete(`/api/v1/campaigns/${id}`)).status).toBe(409);
  });

  it('registers attendees, checks them in, exports CSV and captures booth leads', async () => {
    const rep = await t.as('repEast');
    const known = await (
      await t.as('admin')
    ).post('/api/v1/contacts', {
      name: '王芳',
      accountId,
      email: 'wang.fang@jingmi.cn',
    });
    const r1 = await rep.post(`/api/v1/campaigns/${id}/registrations`, {
      name: '王芳',
      company: '苏州精密机械',
      email: 'Wang.Fang@jingmi.cn',
      phone: '139-0000-0000',
    });
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({
      attended: false,
      contactId: known.body.id,
      email: 'wang.fang@jingmi.cn',
    });
    const r2 = await rep.post(`/api/v1/campaigns/${id}/registrations`, {
      name: '=HYPERLINK("x")',
      company: '杭州, "云拓"',
    });
    const checked = await rep.post(`/api/v1/campaigns/${id}/registrations/${r1.body.id}/check-in`, {
      attended: true,
    });
    expect(checked.body.attended).toBe(true);
    expect(checked.body.attendedAt).toBeTruthy();
    const list = await rep.get(`/api/v1/campaigns/${id}/registrations`);
    expect(list.body).toMatchObject({ registered: 2, attended: 1 });
    expect((await rep.get(`/api/v1/campaigns/${id}/registrations?attended=true`)).body.items).toHaveLength(1);
    const events = await t.db.kysely
      .selectFrom('engagementEvents')
      .select(['type', 'contactId'])
      .orderBy('occurredAt')
      .execute();
    expect(events).toEqual([
      { type: 'event_registered', contactId: known.body.id },
      { type: 'event_attended', contactId: known.body.id },
    ]);
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/v1/campaigns/${id}/registrations/export`,
      headers: await sessionHeaders('repEast'),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('姓名 Name');
    expect(lines[1]).toContain('王芳');
    expect(lines[1]).toContain('是 yes');
    expect(lines[2]).toContain(`'=HYPERLINK(""x"")`);
    expect(lines[2]).toContain('"杭州, ""云拓"""');

    const booth = await rep.post(`/api/v1/campaigns/${id}/booth-leads`, {
      name: '李雷',
      company: '无锡新材料',
      phone: '138-1111-2222',
      registrationId: r2.body.id,
    });
    expect(booth.status).toBe(201);
    expect(booth.body).toMatchObject({ campaignId: id, source: 'trade_show' });
    const lead = await rep.get(`/api/v1/leads/${booth.body.leadId}`);
    expect(lead.body).toMatchObject({ campaignId: id, source: 'trade_show', ownerId: t.fx.users.repEast.id });
    const linked = await rep.get(`/api/v1/campaigns/${id}/registrations?q=HYPERLINK`);
    expect(linked.body.items[0].leadId).toBe(booth.body.leadId);
    expect((await rep.get(`/api/v1/campaigns/${id}`)).body.roi.leads).toBe(9);
    // only event campaigns take registrations
    const other = await (await t.as('marketing')).post('/api/v1/campaigns', { name: '其他', type: 'other' });
    expect((await rep.post(`/api/v1/campaigns/${other.body.id}/registrations`, { name: 'x' })).status).toBe(
      400,
    );
    expect(
      (await rep.post(`/api/v1/campaigns/${id}/registrations/${newId()}/check-in`, { attended: true }))
        .status,
    ).toBe(404);
  });

  it('keeps other organisations out', async () => {
    const other = await t.as('otherAdmin');
    expect((await other.get(`/api/v1/campaigns/${id}`)).status).toBe(404);
    expect((await other.get('/api/v1/campaigns')).body.items).toEqual([]);
    expect((await other.get(`/api/v1/campaigns/${id}/costs`)).status).toBe(404);
    expect((await other.post(`/api/v1/campaigns/${id}/registrations`, { name: 'x' })).status).toBe(404);
    expect((await other.post(`/api/v1/campaigns/${id}/booth-leads`, { name: 'x' })).status).toBe(404);
    expect((await other.patch(`/api/v1/campaigns/${id}`, { name: 'x', version: 1 })).status).toBe(404);
    const own = await other.post('/api/v1/campaigns', { name: '别家活动', type: 'event' });
    expect(own.body.roi.leads).toBe(0);
    expect((await (await t.as('marketing')).get(`/api/v1/campaigns/${own.body.id}`)).status).toBe(404);
  });
});

async function sessionHeaders(person: 'repEast') {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: t.fx.users[person].email, password: 'test-password-1' },
  });
  const cookie = r.cookies.find((c) => c.name === 'tuoke_session')!;
  return { cookie: `tuoke_session=${cookie.value}` };
}
