import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Who = Parameters<TestApp['as']>[0];
const post = async (who: Who, url: string, body: unknown) => (await t.as(who)).post(url, body);
const created = async (who: Who, url: string, body: Record<string, unknown>) => {
  const r = await post(who, url, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; version: number; name: string };
};
const check = async (who: Who, body: Record<string, unknown>) => {
  const r = await post(who, '/api/v1/duplicates/check', body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.matches as {
    type: string;
    visible: boolean;
    id: string | null;
    name: string;
    company: string | null;
    phone: string | null;
    email: string | null;
    ownerName: string | null;
    teamName: string | null;
    inPool: boolean;
    reasons: string[];
    strength: string;
  }[];
};

describe('duplicate check', () => {
  it('finds the same company however it is written, with the reason and strength', async () => {
    const acc = await created('repShanghai', '/api/v1/accounts', {
      name: '苏州恒远精密机械有限公司',
      phone: '0512-6523 4567',
      creditCode: '91310000MA1FL0XK38',
    });
    const same = await check('repShanghai', { object: 'account', name: '恒远精密机械（苏州）有限公司' });
    expect(same).toMatchObject([
      {
        type: 'account',
        id: acc.id,
        visible: true,
        reasons: ['name'],
        strength: 'exact',
        name: '苏州恒远精密机械有限公司',
      },
    ]);
    const similar = await check('repShanghai', { object: 'account', name: '恒远精密机械有限公司' });
    expect(similar).toMatchObject([{ id: acc.id, reasons: ['similar_name'], strength: 'likely' }]);
    const byCode = await check('repShanghai', {
      object: 'account',
      name: '别的名字',
      creditCode: '91310000ma1fl0xk38',
    });
    expect(byCode).toMatchObject([{ id: acc.id, reasons: ['credit_code'], strength: 'exact' }]);
    const byPhone = await check('repShanghai', {
      object: 'lead',
      company: '无关',
      phone: '+86 512 65234567',
    });
    expect(byPhone).toMatchObject([{ id: acc.id, reasons: ['phone'], strength: 'exact' }]);
    // the record being edited does not match itself
    expect(
      await check('repShanghai', { object: 'account', name: '苏州恒远精密机械有限公司', excludeId: acc.id }),
    ).toEqual([]);
    // nothing for unrelated names, a bare local number, or a meaningless name
    expect(
      await check('repShanghai', { object: 'account', name: '苏州恒达精密机械有限公司', phone: '6523 4567' }),
    ).toEqual([]);
    expect(await check('repShanghai', { object: 'account', name: '苏州有限公司' })).toEqual([]);
  });

  it('matches leads and contacts by phone and e-mail across objects', async () => {
    const acc = await created('repEast', '/api/v1/accounts', { name: '杭州云帆物流有限公司' });
    const contact = await created('repEast', '/api/v1/contacts', {
      accountId: acc.id,
      name: '王建国',
      phone: '139-1234-0001',
      email: 'Wang.JG@yunfan-logistics.cn',
    });
    const lead = await created('repEast', '/api/v1/leads', {
      name: '王建国',
      company: '杭州云帆物流有限公司',
      phone: '13912340001',
    });
    const matches = await check('repEast', {
      object: 'lead',
      name: '王先生',
      company: '云帆物流（杭州）有限公司',
      phone: '+86 139 1234 0001',
      email: ' wang.jg@YUNFAN-logistics.cn',
    });
    expect(matches.map((m) => [m.type, m.id, m.reasons])).toEqual([
      ['account', acc.id, ['name']],
      ['contact', contact.id, ['phone', 'email']],
      ['lead', lead.id, ['name', 'phone']],
    ]);
  });

  it("shows another rep's customer as existing, with its owner and team, masked and without an id", async () => {
    const south = await created('repSouth', '/api/v1/accounts', {
      name: '深圳星河科技有限公司',
      phone: '13800138000',
    });
    await created('repSouth', '/api/v1/contacts', {
      accountId: south.id,
      name: '李晓明',
      phone: '13800138001',
      email: 'lixm@xinghe-tech.com',
    });
    const [hit] = await check('repShanghai', { object: 'account', name: '深圳星河科技有限公司' });
    expect(hit).toEqual({
      type: 'account',
      visible: false,
      id: null,
      name: '深圳**科技有限公司',
      company: null,
      phone: '138****8000',
      email: null,
      status: null,
      ownerId: t.fx.users.repSouth.id,
      ownerName: 'repSouth',
      teamName: '华南',
      inPool: false,
      reasons: ['name'],
      strength: 'exact',
      version: null,
    });
    const [person] = await check('repShanghai', { object: 'contact', name: '李', phone: '138 0013 8001' });
    expect(person).toMatchObject({
      type: 'contact',
      visible: false,
      id: null,
      name: '李**',
      company: '深圳**科技有限公司',
      phone: '138****8001',
      email: 'l***@x***.com',
      ownerName: 'repSouth',
    });
    // their manager and the director see it plainly
    const [forManager] = await check('managerSouth', { object: 'account', name: '深圳星河科技有限公司' });
    expect(forManager).toMatchObject({
      visible: true,
      id: south.id,
      name: '深圳星河科技有限公司',
      phone: '13800138000',
    });
    const [forDirector] = await check('director', { object: 'account', name: '深圳星河科技有限公司' });
    expect(forDirector.visible).toBe(true);
  });

  it('says when the match sits in the pool (公海), with no owner', async () => {
    const pooled = await created('marketing', '/api/v1/leads', {
      name: '赵丽',
      company: '南京金陵包装材料有限公司',
      phone: '13700001111',
      ownerId: null,
    });
    const acc = await created('admin', '/api/v1/accounts', {
      name: '成都天府软件园有限公司',
      ownerId: t.fx.users.repSouth.id,
    });
    await t.db.kysely.updateTable('accounts').set({ ownerId: null }).where('id', '=', acc.id).execute();
    const leadHits = await check('repShanghai', { object: 'lead', company: '金陵包装材料(南京)有限公司' });
    expect(leadHits).toHaveLength(1);
    expect(leadHits[0]).toMatchObject({ type: 'lead', inPool: true, ownerId: null, ownerName: null });
    expect(leadHits[0]!.visible ? leadHits[0]!.id : null).toBe(leadHits[0]!.visible ? pooled.id : null);
    const accHits = await check('repShanghai', { object: 'account', name: '成都市天府软件园有限责任公司' });
    expect(accHits).toHaveLength(1);
    expect(accHits[0]).toMatchObject({
      type: 'account',
      inPool: true,
      ownerId: null,
      ownerName: null,
      teamName: null,
    });
    if (!accHits[0]!.visible) expect(accHits[0]).toMatchObject({ id: null, name: '成都****有限公司' });
  });

  it('keeps organisations apart and refuses bad input', async () => {
    expect(await check('otherAdmin', { object: 'account', name: '苏州恒远精密机械有限公司' })).toEqual([]);
    const cases: [unknown, string][] = [
      [{ name: 'x' }, 'object'],
      [{ object: 'opportunity', name: 'x' }, 'object'],
      [{ object: 'account', name: 'x', extra: 1 }, 'extra'],
      [{ object: 'account', phone: 'x'.repeat(41) }, 'phone'],
    ];
    for (const [body, field] of cases) {
      const r = await post('repShanghai', '/api/v1/duplicates/check', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(r.body.error.fields)).toContain(field);
    }
    expect(
      (await post('recruiter', '/api/v1/duplicates/check', { object: 'account', name: 'x' })).status,
    ).toBe(403);
  });

  it('lists duplicate groups in the caller scope for the 查重 page', async () => {
    const mine = await created('repShanghai', '/api/v1/accounts', { name: '上海明辉电子有限公司' });
    const theirs = await created('repEast', '/api/v1/accounts', { name: '明辉电子(上海)有限公司' });
    await created('repSouth', '/api/v1/accounts', { name: '上海明辉电子有限责任公司' });
    const groups = async (who: Who, q = '') => {
      const r = await (await t.as(who)).get(`/api/v1/duplicates/groups${q}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.items as { reason: string; key: string; members: { id: string; ownerName: string }[] }[];
    };
    const forManager = (await groups('managerEast')).find((g) => g.key === '上海明辉电子');
    expect(forManager).toMatchObject({ reason: 'name' });
    expect(forManager!.members.map((m) => m.id).sort()).toEqual([mine.id, theirs.id].sort());
    const forDirector = (await groups('director')).find((g) => g.key === '上海明辉电子');
    expect(forDirector!.members).toHaveLength(3);
    // a rep's scope holds one of them: no group
    expect((await groups('repShanghai')).find((g) => g.key === '上海明辉电子')).toBeUndefined();
    expect(await groups('otherAdmin')).toEqual([]);
    // similar names only when asked
    await created('repShanghai', '/api/v1/accounts', { name: '明辉电子有限公司' });
    const similar = (await groups('managerEast', '?similar=true')).find((g) => g.reason === 'similar_name');
    expect(similar?.key).toBe('明辉电子');
    expect((await (await t.as('repShanghai')).get('/api/v1/duplicates/groups?object=nope')).status).toBe(400);
  });
});

describe('merge', () => {
  const counts = async () => {
    const n = async (table: string) =>
      Number(
        (
          await (t.db.kysely as any)
            .selectFrom(table)
            .select((eb: any) => eb.fn.countAll().as('n'))
            .where('orgId', '=', t.fx.orgId)
            .executeTakeFirst()
        ).n,
      );
    const out: Record<string, number> = {};
    for (const table of [
      'accounts',
      'contacts',
      'leads',
      'opportunities',
      'activities',
      'contracts',
      'fieldChanges',
    ])
      out[table] = await n(table);
    return out;
  };

  /** Two duplicate accounts of repShanghai, the second with contacts, deals, activities, history… */
  async function accountPair(tag: string) {
    const rep = await t.as('repShanghai');
    const survivor = await created('repShanghai', '/api/v1/accounts', {
      name: `上海${tag}贸易有限公司`,
      level: 'B',
    });
    const merged = await created('repShanghai', '/api/v1/accounts', {
      name: `上海${tag}贸易公司`,
      phone: '021-6234 5678',
      industry: 'retail',
    });
    const c1 = await created('repShanghai', '/api/v1/contacts', { accountId: merged.id, name: '陈一' });
    await created('repShanghai', '/api/v1/contacts', { accountId: merged.id, name: '陈二' });
    await created('repShanghai', '/api/v1/contacts', { accountId: survivor.id, name: '陈三' });
    const opp = await created('repShanghai', '/api/v1/opportunities', {
      name: `${tag} 采购`,
      accountId: merged.id,
      amount: 1_000_000,
      expectedCloseDate: '2027-03-31',
    });
    const contract = await rep.post('/api/v1/contracts', {
      accountId: merged.id,
      name: `${tag} 合同`,
      amount: 500_000,
      startDate: '2027-01-01',
      endDate: '2027-12-31',
    });
    expect(contract.status, JSON.stringify(contract.body)).toBe(201);
    for (const [relatedType, relatedId] of [
      ['account', merged.id],
      ['account', merged.id],
      ['contact', c1.id],
      ['opportunity', opp.id],
      ['account', survivor.id],
    ])
      await created('repShanghai', '/api/v1/activities', {
        type: 'call',
        subject: `电话 ${relatedType}`,
        relatedType,
        relatedId,
      });
    const patched = await rep.patch(`/api/v1/accounts/${merged.id}`, { level: 'A', version: merged.version });
    expect(patched.status).toBe(200);
    const lead = await created('repShanghai', '/api/v1/leads', {
      name: '陈一',
      company: `上海${tag}贸易公司`,
    });
    await t.db.kysely
      .updateTable('leads')
      .set({ convertedAccountId: merged.id })
      .where('id', '=', lead.id)
      .execute();
    return { survivor, merged: { ...merged, version: patched.body.version as number }, opp };
  }

  it('moves every related row to the survivor, copies the chosen values and keeps a snapshot', async () => {
    const { survivor, merged, opp } = await accountPair('星河');
    const refs = (id: string) => t.services.dedupe.countReferences(t.fx.orgId, 'account', id);
    const before = { survivor: await refs(survivor.id), merged: await refs(merged.id) };
    expect(before.merged).toMatchObject({
      'contacts.account_id': 2,
      'opportunities.account_id': 1,
      'contracts.account_id': 1,
      'activities.account_id': 4,
      'activities.related_id': 2,
      'field_changes.entity_id': 1,
      'leads.converted_account_id': 1,
    });
    const totals = await counts();
    const r = await post('repShanghai', '/api/v1/accounts/merge', {
      survivorId: survivor.id,
      mergedId: merged.id,
      survivorVersion: survivor.version,
      mergedVersion: merged.version,
      fields: { phone: 'merged', industry: 'merged', level: 'survivor', name: 'survivor' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ object: 'account', survivorId: survivor.id, mergedId: merged.id });
    expect(r.body.moved['contacts.account_id']).toBe(2);

    const after = { survivor: await refs(survivor.id), merged: await refs(merged.id) };
    for (const [key, n] of Object.entries(before.merged)) {
      // the survivor also gains the merge's own changes and its merge record
      if (key === 'field_changes.entity_id' || key === 'merges.survivor_id') continue;
      expect(after.survivor[key], key).toBe((before.survivor[key] ?? 0) + n);
      expect(after.merged[key], key).toBe(0);
    }
    expect(after.merged['field_changes.entity_id']).toBe(0);
    // nothing lost: one account fewer, the merge's history rows more, everything else the same
    const changes = ['phone', 'industry', 'mergedFrom'].length;
    expect(await counts()).toEqual({
      ...totals,
      accounts: totals.accounts! - 1,
      fieldChanges: totals.fieldChanges! + changes,
    });

    const rep = await t.as('repShanghai');
    const account = (await rep.get(`/api/v1/accounts/${survivor.id}`)).body;
    expect(account).toMatchObject({
      name: '上海星河贸易有限公司',
      phone: '021-6234 5678',
      industry: 'retail',
      level: 'B',
      version: survivor.version + 1,
    });
    expect((await rep.get(`/api/v1/accounts/${merged.id}`)).status).toBe(404);
    expect((await rep.get(`/api/v1/opportunities/${opp.id}`)).body.accountId).toBe(survivor.id);
    // the survivor's timeline has the merged one's activities and history, and the merge itself
    const timeline = (await rep.get(`/api/v1/accounts/${survivor.id}/timeline`)).body.items as {
      kind: string;
      change?: { field: string; newValue: string | null };
    }[];
    expect(timeline.filter((e) => e.kind === 'activity')).toHaveLength(5);
    expect(timeline.map((e) => e.change?.field).filter(Boolean)).toEqual(
      expect.arrayContaining(['level', 'phone', 'industry', 'mergedFrom']),
    );
    const history = await rep.get(`/api/v1/merges?object=account&survivorId=${survivor.id}`);
    expect(history.body.items).toMatchObject([
      {
        mergedId: merged.id,
        mergedName: '上海星河贸易公司',
        snapshot: { name: '上海星河贸易公司', phone: '021-6234 5678', level: 'A' },
        fields: { phone: 'merged' },
        mergedByName: 'repShanghai',
      },
    ]);
    // the duplicate check now finds one account
    const left = await check('repShanghai', { object: 'account', name: '上海星河贸易有限公司' });
    expect(left.filter((m) => m.type === 'account').map((m) => m.id)).toEqual([survivor.id]);
  });

  it('refuses another organisation, records out of scope, other roles and stale versions, changing nothing', async () => {
    const { survivor, merged } = await accountPair('晨光');
    const south = await created('repSouth', '/api/v1/accounts', { name: '上海晨光贸易有限责任公司' });
    const body = {
      survivorId: survivor.id,
      mergedId: merged.id,
      survivorVersion: survivor.version,
      mergedVersion: merged.version,
    };
    const totals = await counts();
    const refs = await t.services.dedupe.countReferences(t.fx.orgId, 'account', merged.id);
    const refused: [Who, unknown, number, string?][] = [
      ['otherAdmin', body, 404],
      ['otherRep', body, 404],
      ['repSouth', body, 404],
      ['repShanghai', { ...body, mergedId: south.id, mergedVersion: 1 }, 404],
      ['marketing', body, 403],
      ['repShanghai', { ...body, mergedVersion: merged.version + 1 }, 409, 'stale'],
      ['repShanghai', { ...body, survivorVersion: survivor.version + 5 }, 409, 'stale'],
      ['repShanghai', { ...body, mergedId: survivor.id }, 400, 'mergedId'],
      ['repShanghai', { ...body, fields: { passwordHash: 'merged' } }, 400, 'fields/passwordHash'],
      ['repShanghai', { ...body, fields: { name: 'both' } }, 400, 'fields'],
      ['repShanghai', { survivorId: survivor.id, mergedId: merged.id }, 400, 'survivorVersion'],
    ];
    for (const [who, b, status, detail] of refused) {
      const r = await post(who, '/api/v1/accounts/merge', b);
      expect(r.status, `${who} ${JSON.stringify(b)} ${JSON.stringify(r.body)}`).toBe(status);
      if (detail) expect(JSON.stringify(r.body.error)).toContain(detail);
    }
    expect(await counts()).toEqual(totals);
    expect(await t.services.dedupe.countReferences(t.fx.orgId, 'account', merged.id)).toEqual(refs);
    const rep = await t.as('repShanghai');
    expect((await rep.get(`/api/v1/accounts/${survivor.id}`)).body.version).toBe(survivor.version);
    // the manager of both may merge them
    const ok = await post('managerEast', '/api/v1/accounts/merge', body);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('merges contacts: activities, conversions and needs follow, the account of the survivor is kept', async () => {
    const acc = await created('repEast', '/api/v1/accounts', { name: '宁波海天塑机有限公司' });
    const other = await created('repEast', '/api/v1/accounts', { name: '宁波海天国际有限公司' });
    const survivor = await created('repEast', '/api/v1/contacts', {
      accountId: acc.id,
      name: '周敏',
      phone: '13566667777',
    });
    const merged = await created('repEast', '/api/v1/contacts', {
      accountId: other.id,
      name: '周敏',
      phone: '135 6666 7777',
      email: 'zhoumin@haitian.com',
    });
    for (let i = 0; i < 3; i++)
      await created('repEast', '/api/v1/activities', {
        type: 'meeting',
        subject: `拜访 ${i}`,
        relatedType: 'contact',
        relatedId: merged.id,
      });
    const lead = await created('repEast', '/api/v1/leads', { name: '周敏' });
    await t.db.kysely
      .updateTable('leads')
      .set({ convertedContactId: merged.id })
      .where('id', '=', lead.id)
      .execute();
    const dup = await check('repEast', { object: 'contact', phone: '13566667777', excludeId: survivor.id });
    expect(dup.map((m) => m.id)).toEqual([merged.id]);

    const r = await post('repEast', '/api/v1/contacts/merge', {
      survivorId: survivor.id,
      mergedId: merged.id,
      survivorVersion: 1,
      mergedVersion: 1,
      fields: { email: 'merged' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.moved).toMatchObject({ 'activities.related_id': 3, 'leads.converted_contact_id': 1 });
    const activities = await t.db.kysely
      .selectFrom('activities')
      .select(['relatedId', 'accountId'])
      .where('relatedType', '=', 'contact')
      .where('relatedId', '=', survivor.id)
      .execute();
    expect(activities).toEqual(Array(3).fill({ relatedId: survivor.id, accountId: acc.id }));
    const contact = (await (await t.as('repEast')).get(`/api/v1/contacts/${survivor.id}`)).body;
    expect(contact).toMatchObject({ accountId: acc.id, email: 'zhoumin@haitian.com', version: 2 });
    const converted = await t.db.kysely
      .selectFrom('leads')
      .select('convertedContactId')
      .where('id', '=', lead.id)
      .executeTakeFirst();
    expect(converted?.convertedContactId).toBe(survivor.id);
  });

  it('merges leads, and a converted lead only as the survivor', async () => {
    const a = await created('marketing', '/api/v1/leads', {
      name: '孙浩',
      company: '无锡华光锅炉',
      email: 'sunhao@hg.cn',
    });
    const b = await created('marketing', '/api/v1/leads', {
      name: '孙浩',
      company: '无锡华光锅炉股份有限公司',
      email: 'SunHao@HG.cn',
      phone: '13311112222',
    });
    await created('marketing', '/api/v1/activities', {
      type: 'email',
      subject: '资料',
      relatedType: 'lead',
      relatedId: b.id,
    });
    const phoneRule = await post('marketing', '/api/v1/scoring-rules', {
      kind: 'fit',
      name: '留了电话',
      field: 'phone',
      operator: 'present',
      points: 20,
    });
    expect(phoneRule.status, JSON.stringify(phoneRule.body)).toBe(201);
    const scoreBefore = (await (await t.as('marketing')).get(`/api/v1/leads/${a.id}/score`)).body.total;
    const r = await post('marketing', '/api/v1/leads/merge', {
      survivorId: a.id,
      mergedId: b.id,
      survivorVersion: a.version,
      mergedVersion: b.version,
      fields: { phone: 'merged', company: 'merged' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const lead = (await (await t.as('marketing')).get(`/api/v1/leads/${a.id}`)).body;
    expect(lead).toMatchObject({ phone: '13311112222', company: '无锡华光锅炉股份有限公司' });
    expect(r.body.moved['activities.related_id']).toBe(1);
    // the survivor is rescored: it now has a phone
    const scoreAfter = (await (await t.as('marketing')).get(`/api/v1/leads/${a.id}/score`)).body.total;
    expect(scoreAfter).toBeGreaterThan(scoreBefore);
    expect(lead.score).toBe(scoreAfter);
    await (await t.as('marketing')).delete(`/api/v1/scoring-rules/${phoneRule.body.id}`);

    const c = await created('marketing', '/api/v1/leads', { name: '孙浩', email: 'sunhao@hg.cn' });
    await t.db.kysely
      .updateTable('leads')
      .set({ status: 'converted', convertedAt: new Date().toISOString() })
      .where('id', '=', c.id)
      .execute();
    const version = (await (await t.as('marketing')).get(`/api/v1/leads/${a.id}`)).body.version;
    const asMerged = await post('marketing', '/api/v1/leads/merge', {
      survivorId: a.id,
      mergedId: c.id,
      survivorVersion: version,
      mergedVersion: 1,
    });
    expect(asMerged.status).toBe(409);
    const intoConverted = await post('marketing', '/api/v1/leads/merge', {
      survivorId: c.id,
      mergedId: a.id,
      survivorVersion: 1,
      mergedVersion: version,
      fields: { phone: 'merged' },
    });
    expect(intoConverted.status).toBe(409);
    const notesOnly = await post('marketing', '/api/v1/leads/merge', {
      survivorId: c.id,
      mergedId: a.id,
      survivorVersion: 1,
      mergedVersion: version,
      fields: { notes: 'merged' },
    });
    expect(notesOnly.status, JSON.stringify(notesOnly.body)).toBe(200);
  });
});
