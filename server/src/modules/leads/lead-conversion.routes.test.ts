import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.services.leadConversion.clock = () => new Date('2026-11-27T02:00:00Z');
});
afterAll(() => t.close());

type Who = Parameters<TestApp['as']>[0];
const created = async (who: Who, url: string, body: Record<string, unknown>) => {
  const r = await (await t.as(who)).post(url, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; version: number; name: string };
};
const count = async (table: 'accounts' | 'contacts' | 'opportunities' | 'fieldChanges') =>
  Number(
    (
      await t.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('orgId', '=', t.fx.orgId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const totals = async () => ({
  accounts: await count('accounts'),
  contacts: await count('contacts'),
  opportunities: await count('opportunities'),
  fieldChanges: await count('fieldChanges'),
});

describe('lead conversion', () => {
  it('creates account, contact and deal in one step; the lead links to them and its activities follow', async () => {
    const rep = await t.as('repShanghai');
    const lead = await created('repShanghai', '/api/v1/leads', {
      name: '刘洋',
      company: '上海启明星电子有限公司',
      title: '采购经理',
      phone: '13611112222',
      email: 'liuyang@qms-e.com',
      industry: 'manufacturing',
      region: '华东',
    });
    await t.db.kysely
      .updateTable('leads')
      .set({ campaignId: 'campaign-1' })
      .where('id', '=', lead.id)
      .execute();
    for (const subject of ['首次电话', '发送资料'])
      await created('repShanghai', '/api/v1/activities', {
        type: 'call',
        subject,
        relatedType: 'lead',
        relatedId: lead.id,
      });

    const preview = await rep.get(`/api/v1/leads/${lead.id}/convert-preview`);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({
      leadId: lead.id,
      accountMatches: [],
      suggestedAccountId: null,
      account: { name: '上海启明星电子有限公司', industry: 'manufacturing', region: '华东' },
      contact: { name: '刘洋', title: '采购经理', phone: '13611112222' },
      opportunity: {
        name: '上海启明星电子有限公司',
        pipelineId: t.fx.pipelineId,
        expectedCloseDate: '2027-02-25',
      },
    });

    const r = await rep.post(`/api/v1/leads/${lead.id}/convert`, {
      version: preview.body.version,
      account: { create: preview.body.account },
      opportunity: { name: '启明星 产线改造', amount: 8_800_000, expectedCloseDate: '2027-03-31' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      accountName: '上海启明星电子有限公司',
      accountCreated: true,
      contactName: '刘洋',
      contactCreated: true,
      opportunityName: '启明星 产线改造',
      activitiesMoved: 2,
    });
    const converted = (await rep.get(`/api/v1/leads/${lead.id}`)).body;
    expect(converted).toMatchObject({
      status: 'converted',
      convertedAccountId: r.body.accountId,
      convertedContactId: r.body.contactId,
      convertedOpportunityId: r.body.opportunityId,
      version: lead.version + 1,
    });
    expect(converted.convertedAt).toBeTruthy();
    const contact = (await rep.get(`/api/v1/contacts/${r.body.contactId}`)).body;
    expect(contact).toMatchObject({
      accountId: r.body.accountId,
      phone: '13611112222',
      email: 'liuyang@qms-e.com',
    });
    const deal = await t.db.kysely
      .selectFrom('opportunities')
      .select(['accountId', 'leadId', 'campaignId', 'amount', 'ownerId'])
      .where('id', '=', r.body.opportunityId)
      .executeTakeFirst();
    expect(deal).toEqual({
      accountId: r.body.accountId,
      leadId: lead.id,
      campaignId: 'campaign-1',
      amount: 8_800_000,
      ownerId: t.fx.users.repShanghai.id,
    });
    // the lead's activities continue on the contact and the account
    const contactTimeline = (await rep.get(`/api/v1/contacts/${r.body.contactId}/timeline`)).body.items;
    expect(contactTimeline.filter((e: { kind: string }) => e.kind === 'activity')).toHaveLength(2);
    const accountTimeline = (await rep.get(`/api/v1/accounts/${r.body.accountId}/timeline`)).body.items;
    expect(accountTimeline.filter((e: { kind: string }) => e.kind === 'activity')).toHaveLength(2);
    // the lead's history says it was converted
    const history = await t.db.kysely
      .selectFrom('fieldChanges')
      .select(['field', 'newValue'])
      .where('entityId', '=', lead.id)
      .execute();
    expect(history).toContainEqual({ field: 'status', newValue: 'converted' });

    // twice: 409, nothing new
    const before = await totals();
    const again = await rep.post(`/api/v1/leads/${lead.id}/convert`, {
      version: converted.version,
      account: { create: { name: '再来一次有限公司' } },
    });
    expect(again.status).toBe(409);
    expect((await rep.get(`/api/v1/leads/${lead.id}/convert-preview`)).status).toBe(409);
    expect(await totals()).toEqual(before);

    // read-only except notes
    const edit = await rep.patch(`/api/v1/leads/${lead.id}`, {
      phone: '13999999999',
      version: converted.version,
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error.fields).toEqual([{ path: 'phone', message: 'read-only once converted' }]);
    const resend = await rep.patch(`/api/v1/leads/${lead.id}`, {
      name: converted.name,
      phone: converted.phone,
      notes: '已转化，跟进见客户页',
      version: converted.version,
    });
    expect(resend.status, JSON.stringify(resend.body)).toBe(200);
    expect(resend.body.notes).toBe('已转化，跟进见客户页');
  });

  it('proposes the existing account and reuses it and its matching contact', async () => {
    const acc = await created('repEast', '/api/v1/accounts', { name: '苏州恒远精密机械有限公司' });
    const existing = await created('repEast', '/api/v1/contacts', {
      accountId: acc.id,
      name: '吴刚',
      email: 'wugang@hengyuan.cn',
    });
    const lead = await created('repEast', '/api/v1/leads', {
      name: '吴刚',
      company: '恒远精密机械(苏州)有限公司',
      email: 'WuGang@hengyuan.cn',
    });
    const rep = await t.as('repEast');
    const preview = (await rep.get(`/api/v1/leads/${lead.id}/convert-preview`)).body;
    expect(preview).toMatchObject({
      suggestedAccountId: acc.id,
      accountMatches: [
        { id: acc.id, visible: true, reasons: ['name'], strength: 'exact', ownerName: 'repEast' },
      ],
      suggestedContactId: existing.id,
      contactMatches: [{ id: existing.id, reasons: ['email'] }],
    });
    const before = await totals();
    const r = await rep.post(`/api/v1/leads/${lead.id}/convert`, {
      version: lead.version,
      account: { id: acc.id },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      accountId: acc.id,
      accountCreated: false,
      contactId: existing.id,
      contactCreated: false,
      opportunityId: null,
    });
    expect(await totals()).toMatchObject({ accounts: before.accounts, contacts: before.contacts });
  });

  it("shows another rep's matching customer masked, and will not reuse what the caller cannot see", async () => {
    const south = await created('repSouth', '/api/v1/accounts', { name: '广州白云山医药集团股份有限公司' });
    const lead = await created('repShanghai', '/api/v1/leads', {
      name: '黄伟',
      company: '广州白云山医药集团有限公司',
    });
    const rep = await t.as('repShanghai');
    const preview = (await rep.get(`/api/v1/leads/${lead.id}/convert-preview`)).body;
    expect(preview.suggestedAccountId).toBeNull();
    expect(preview.accountMatches).toMatchObject([
      {
        visible: false,
        id: null,
        ownerName: 'repSouth',
        teamName: '华南',
        name: '广州***医药集团股份有限公司',
      },
    ]);
    const before = await totals();
    const r = await rep.post(`/api/v1/leads/${lead.id}/convert`, {
      version: lead.version,
      account: { id: south.id },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual([
      { path: 'account/id', message: 'no such account in your data scope' },
    ]);
    expect(await totals()).toEqual(before);
  });

  it('is atomic: a failure while writing the deal leaves nothing behind', async () => {
    const lead = await created('repShanghai', '/api/v1/leads', {
      name: '马丽',
      company: '厦门海沧港务有限公司',
    });
    await created('repShanghai', '/api/v1/activities', {
      type: 'call',
      subject: '电话',
      relatedType: 'lead',
      relatedId: lead.id,
    });
    const rep = await t.as('repShanghai');
    const body = {
      version: lead.version,
      account: { create: { name: '厦门海沧港务有限公司' } },
      opportunity: { name: '港务 系统', amount: 100, expectedCloseDate: '2027-01-31' },
    };
    const before = await totals();

    // refused before anything is written: a stage of another pipeline, a bad date, a bad owner
    const refusals: [Record<string, unknown>, string][] = [
      [{ opportunity: { ...body.opportunity, stageId: 'not-a-stage' } }, 'opportunity/stageId'],
      [
        { opportunity: { ...body.opportunity, expectedCloseDate: '2027-02-30' } },
        'opportunity/expectedCloseDate',
      ],
      [{ ownerId: t.fx.users.repSouth.id }, 'account/create/ownerId'],
      [
        { account: { create: { name: '厦门海沧港务有限公司', creditCode: '91310000MA1FL0XK3A' } } },
        'account/create/creditCode',
      ],
      [{ account: { create: { name: '   ' } } }, 'account/create/name'],
      [{ account: { id: lead.id } }, 'account/id'],
      [{ contact: { id: lead.id } }, 'contact/id'],
    ];
    for (const [change, field] of refusals) {
      const r = await rep.post(`/api/v1/leads/${lead.id}/convert`, { ...body, ...change });
      expect([400, 403], JSON.stringify(r.body)).toContain(r.status);
      expect(JSON.stringify(r.body.error.fields), field).toContain(field);
    }
    expect(await totals()).toEqual(before);

    // a failure inside the transaction, after the account and contact rows were written
    // (the account and the contact rows are written before the deal's)
    const spy = vi.spyOn(t.services.opportunities, 'prepareCreate').mockImplementationOnce(async () => ({
      row: { id: 'deal-that-fails', name: 'x' } as never,
      write: async () => {
        throw new Error('disk full');
      },
    }));
    const failed = await rep.post(`/api/v1/leads/${lead.id}/convert`, body);
    spy.mockRestore();
    expect(failed.status).toBe(500);
    expect(await totals()).toEqual(before);
    const unchanged = (await rep.get(`/api/v1/leads/${lead.id}`)).body;
    expect(unchanged).toMatchObject({ status: 'new', convertedAccountId: null, version: lead.version });
    const timeline = (await rep.get(`/api/v1/leads/${lead.id}/timeline`)).body.items;
    expect(timeline.filter((e: { kind: string }) => e.kind === 'activity')).toHaveLength(1);

    // and then it works
    const ok = await rep.post(`/api/v1/leads/${lead.id}/convert`, body);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(await totals()).toMatchObject({
      accounts: before.accounts + 1,
      contacts: before.contacts + 1,
      opportunities: before.opportunities + 1,
    });
  });

  it('refuses other organisations, scopes, roles, stale versions and setting converted by hand', async () => {
    const lead = await created('repShanghai', '/api/v1/leads', {
      name: '钱进',
      company: '青岛海之蓝食品有限公司',
    });
    const body = { version: lead.version, account: { create: { name: '青岛海之蓝食品有限公司' } } };
    const before = await totals();
    for (const [who, status] of [
      ['otherAdmin', 404],
      ['repSouth', 404],
      ['recruiter', 403],
      ['marketing', 403],
    ] as const) {
      const r = await (await t.as(who)).post(`/api/v1/leads/${lead.id}/convert`, body);
      expect(r.status, `${who} ${JSON.stringify(r.body)}`).toBe(status);
    }
    const rep = await t.as('repShanghai');
    expect(
      (await rep.post(`/api/v1/leads/${lead.id}/convert`, { ...body, version: lead.version + 1 })).status,
    ).toBe(409);
    expect((await rep.post(`/api/v1/leads/${lead.id}/convert`, { version: 1 })).status).toBe(400);
    expect(
      (await rep.post(`/api/v1/leads/${lead.id}/convert`, { ...body, account: { id: 'a', create: {} } }))
        .status,
    ).toBe(400);
    expect(await totals()).toEqual(before);
    const manual = await rep.patch(`/api/v1/leads/${lead.id}`, {
      status: 'converted',
      version: lead.version,
    });
    expect(manual.status).toBe(400);
    expect(manual.body.error.fields[0].path).toBe('status');
    expect((await rep.post('/api/v1/leads', { name: '直接转化', status: 'converted' })).status).toBe(400);
    // the manager converts a pool lead: it gets the new records' owner
    const pooled = await created('marketing', '/api/v1/leads', {
      name: '孙立',
      company: '合肥科大智能有限公司',
      ownerId: null,
    });
    const mgr = await t.as('managerEast');
    const r = await mgr.post(`/api/v1/leads/${pooled.id}/convert`, {
      version: pooled.version,
      account: { create: { name: '合肥科大智能有限公司' } },
      ownerId: t.fx.users.repEast.id,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = (await mgr.get(`/api/v1/leads/${pooled.id}`)).body;
    expect(after).toMatchObject({ status: 'converted', ownerId: t.fx.users.repEast.id });
    expect((await mgr.get(`/api/v1/accounts/${r.body.accountId}`)).body.ownerId).toBe(t.fx.users.repEast.id);
  });
});
