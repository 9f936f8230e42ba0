import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let clock = Date.now();
const SITE = 'https://www.jinggong.example';

interface Form {
  id: string;
  publicKey: string;
  version: number;
}

/** Renders the page (as a visitor would) and returns the signed timestamp it carries. */
async function renderToken(key: string): Promise<string> {
  const page = await t.app.inject({ method: 'GET', url: `/f/${key}` });
  expect(page.statusCode).toBe(200);
  return /name="_ts" value="([^"]+)"/.exec(page.body)![1]!;
}

async function submit(
  key: string,
  body: Record<string, unknown>,
  opts: { ip?: string; origin?: string; token?: string | null; wait?: number } = {},
) {
  const token = opts.token === undefined ? await renderToken(key) : opts.token;
  clock += opts.wait ?? 5_000;
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/public/forms/${key}`,
    headers: {
      'x-forwarded-for': opts.ip ?? '203.0.113.10',
      ...(opts.origin ? { origin: opts.origin } : {}),
    },
    payload: { ...body, ...(token ? { _ts: token } : {}) },
  });
  return { status: r.statusCode, body: r.json() as any, headers: r.headers };
}

const leadCount = async () =>
  Number(
    (
      await t.db.kysely
        .selectFrom('leads')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('orgId', '=', t.fx.orgId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const submissionCount = async (formId: string) =>
  (
    await t.db.kysely
      .selectFrom('webFormSubmissions')
      .select('outcome')
      .where('formId', '=', formId)
      .execute()
  ).length;

describe('web-to-lead forms', () => {
  let form: Form;

  beforeAll(() => {
    t.services.webForms.clock = () => new Date(clock);
  });

  it('are built by marketing with a public key; reps may not', async () => {
    const mkt = await t.as('marketing');
    const r = await mkt.post('/api/v1/web-forms', {
      name: '官网咨询表单',
      title: '预约产品演示',
      description: '留下联系方式，顾问 1 个工作日内联系您',
      fields: [
        { key: 'company', required: true },
        { key: 'phone', required: true },
        { key: 'email', required: false },
        { key: 'region', required: false },
        { key: 'notes', required: false, label: '想了解的产品' },
      ],
      source: 'website',
      campaignId: '0190a000-0000-7000-8000-000000000001',
      thankYouMessage: '感谢关注，我们会尽快联系您！',
      allowedOrigins: [SITE],
    });
    expect(r.status).toBe(201);
    form = r.body;
    expect(r.body.publicKey).toMatch(/^[A-Za-z0-9_-]{16}$/);
    // name is always asked and required, fields in the lead's order
    expect(r.body.fields.map((f: { key: string; required: boolean }) => [f.key, f.required])).toEqual([
      ['name', true],
      ['company', true],
      ['phone', true],
      ['email', false],
      ['region', false],
      ['notes', false],
    ]);
    expect(
      (
        await (
          await t.as('repEast')
        ).post('/api/v1/web-forms', { name: 'x', title: 'x', fields: [{ key: 'name', required: true }] })
      ).status,
    ).toBe(403);
    const badSource = await mkt.post('/api/v1/web-forms', {
      name: 'x',
      title: 'x',
      fields: [{ key: 'name', required: true }],
      source: 'nope',
    });
    expect(badSource.status).toBe(400);
    expect(badSource.body.error.fields[0].path).toBe('source');
  });

  it('renders a mobile page with the fields, UTM parameters and referrer carried along', async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: `/f/${form.publicKey}?utm_source=baidu&utm_medium=cpc&ref=${encodeURIComponent(`${SITE}/products`)}`,
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    expect(page.body).toContain('预约产品演示');
    expect(page.body).toContain('想了解的产品');
    expect(page.body).toContain('name="utm_source" value="baidu"');
    expect(page.body).toContain(`name="referrer" value="${SITE}/products"`);
    expect(page.body).toContain('name="website"');
    const en = await t.app.inject({ method: 'GET', url: `/f/${form.publicKey}?lang=en` });
    expect(en.body).toContain('Mobile phone');
  });

  it('turns a submission into a lead with its source, campaign and UTM, and thanks the visitor', async () => {
    const before = await leadCount();
    const r = await submit(
      form.publicKey,
      {
        name: '  刘洋 ',
        company: '苏州精工机械有限公司',
        phone: '13912345678',
        email: '',
        region: '华东',
        notes: 'MES 选型',
        utm_source: 'baidu',
        utm_medium: 'cpc',
        utm_campaign: '2026-spring',
        referrer: `${SITE}/products`,
      },
      { origin: SITE },
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, message: '感谢关注，我们会尽快联系您！', redirectUrl: null });
    expect(r.headers['access-control-allow-origin']).toBe(SITE);
    expect(await leadCount()).toBe(before + 1);
    const lead = await t.db.kysely
      .selectFrom('leads')
      .selectAll()
      .where('orgId', '=', t.fx.orgId)
      .where('name', '=', '刘洋')
      .executeTakeFirstOrThrow();
    expect(lead).toMatchObject({
      company: '苏州精工机械有限公司',
      email: null,
      source: 'website',
      campaignId: '0190a000-0000-7000-8000-000000000001',
      utmSource: 'baidu',
      utmMedium: 'cpc',
      utmCampaign: '2026-spring',
      ownerId: null,
      status: 'new',
    });
    expect(lead.score).not.toBeNull();
    const subs = (await (await t.as('marketing')).get(`/api/v1/web-forms/${form.id}/submissions`)).body.items;
    expect(subs).toEqual([
      expect.objectContaining({
        outcome: 'accepted',
        leadId: lead.id,
        leadName: '刘洋',
        referrer: `${SITE}/products`,
      }),
    ]);
    expect((await (await t.as('marketing')).get(`/api/v1/web-forms/${form.id}`)).body.submissionCount).toBe(
      1,
    );
    expect(
      (await (await t.as('marketing')).get(`/api/v1/leads/${lead.id}/form-submissions`)).body.items,
    ).toEqual([expect.objectContaining({ formId: form.id, formName: '官网咨询表单' })]);
  });

  it('names every missing or invalid field', async () => {
    const r = await submit(
      form.publicKey,
      { name: '缺电话', email: 'not-an-email', wechat: 'wx123' },
      { ip: '203.0.113.11' },
    );
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual([
      { path: 'company', message: 'is required' },
      { path: 'phone', message: 'is required' },
      { path: 'wechat', message: 'is not a field of this form' },
      { path: 'email', message: 'is not an e-mail address' },
    ]);
    const unknown = await submit(
      form.publicKey,
      { name: 'x', company: 'y', phone: '1', color: 'red' },
      { ip: '203.0.113.11' },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe('color');
  });

  it('gives a bot that fills the honeypot a normal thank-you and stores no lead', async () => {
    const before = await leadCount();
    const r = await submit(
      form.publicKey,
      { name: 'Buy now', company: 'spam', phone: '1', website: 'http://spam.example' },
      { ip: '198.51.100.7' },
    );
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(await leadCount()).toBe(before);
    const outcomes = await t.db.kysely
      .selectFrom('webFormSubmissions')
      .select('outcome')
      .where('formId', '=', form.id)
      .execute();
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['accepted', 'honeypot']);
  });

  it('refuses a submission sent faster than a person types, and a forged or missing timestamp', async () => {
    const before = await leadCount();
    const fast = await submit(
      form.publicKey,
      { name: '机器人', company: 'x', phone: '1' },
      { ip: '198.51.100.8', wait: 500 },
    );
    expect(fast.status).toBe(400);
    expect(fast.body.error.message).toContain('too quickly');
    const forged = await submit(
      form.publicKey,
      { name: '伪造', company: 'x', phone: '1' },
      { ip: '198.51.100.8', token: `${clock - 60_000}.${'A'.repeat(43)}` },
    );
    expect(forged.status).toBe(400);
    expect(forged.body.error.fields[0].path).toBe('_ts');
    const none = await submit(
      form.publicKey,
      { name: '无时间戳', company: 'x', phone: '1' },
      { ip: '198.51.100.8', token: null },
    );
    expect(none.status).toBe(400);
    const token = await renderToken(form.publicKey);
    const stale = await submit(
      form.publicKey,
      { name: '过期', company: 'x', phone: '1' },
      { ip: '198.51.100.8', token, wait: 25 * 3_600_000 },
    );
    expect(stale.status).toBe(400);
    expect(stale.body.error.message).toContain('expired');
    expect(await leadCount()).toBe(before);
  });

  it('refuses an oversized body before reading it, storing nothing', async () => {
    const before = await submissionCount(form.id);
    const token = await renderToken(form.publicKey);
    clock += 5_000;
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/public/forms/${form.publicKey}`,
      headers: { 'x-forwarded-for': '198.51.100.9' },
      payload: {
        name: '大包',
        company: 'x',
        phone: '1',
        notes: 'x'.repeat(1990),
        _ts: token,
        referrer: 'y'.repeat(20_000),
      },
    });
    expect(r.statusCode).toBe(413);
    const long = await submit(
      form.publicKey,
      { name: '长备注', company: 'x', phone: '1', notes: '字'.repeat(2001) },
      { ip: '198.51.100.9' },
    );
    expect(long.status).toBe(400);
    expect(long.body.error.fields[0].path).toBe('notes');
    expect(await submissionCount(form.id)).toBe(before);
  });

  it('rate-limits a flood from one address with 429, storing nothing; another address still gets through', async () => {
    const ip = '192.0.2.50';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await submit(
            form.publicKey,
            { name: `访客 ${i}`, company: '公司', phone: '1380000000' + i },
            { ip },
          )
        ).status,
      );
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const leads = await leadCount();
    const subs = await submissionCount(form.id);
    for (let i = 0; i < 5; i++) {
      const r = await submit(
        form.publicKey,
        { name: `洪水 ${i}`, company: '公司', phone: '1' },
        { ip, origin: SITE },
      );
      expect(r.status).toBe(429);
      expect(r.body.error.code).toBe('too_many_requests');
      // the visitor's page can read the refusal
      expect(r.headers['access-control-allow-origin']).toBe(SITE);
    }
    // a honeypot bot from the same address is refused too, and not even its attempt is kept
    expect((await submit(form.publicKey, { name: 'bot', website: 'x' }, { ip })).status).toBe(429);
    expect(await leadCount()).toBe(leads);
    expect(await submissionCount(form.id)).toBe(subs);
    expect(
      (await submit(form.publicKey, { name: '正常访客', company: '公司', phone: '1' }, { ip: '192.0.2.51' }))
        .status,
    ).toBe(200);
    // after the window the address may submit again
    clock += 11 * 60_000;
    expect(
      (await submit(form.publicKey, { name: '稍后再来', company: '公司', phone: '1' }, { ip })).status,
    ).toBe(200);
  });

  it('caps submissions per form across addresses', async () => {
    t.services.webForms.limits = { ...t.services.webForms.limits, perForm: 3, perFormWindowMs: 60_000 };
    clock += 2 * 60 * 60_000;
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (
            await submit(
              form.publicKey,
              { name: `多地址 ${i}`, company: 'c', phone: '1' },
              { ip: `192.0.2.${100 + i}`, wait: 4_000 },
            )
          ).status,
        );
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      t.services.webForms.limits = {
        ...t.services.webForms.limits,
        perForm: 300,
        perFormWindowMs: 3_600_000,
      };
      clock += 2 * 60_000;
    }
  });

  it('answers CORS preflights for the allowed site and refuses other sites', async () => {
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: `/api/public/forms/${form.publicKey}`,
      headers: {
        origin: SITE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(SITE);
    expect(pre.headers['access-control-allow-methods']).toContain('POST');
    expect(pre.headers['access-control-allow-headers']).toContain('content-type');
    const evil = await t.app.inject({
      method: 'OPTIONS',
      url: `/api/public/forms/${form.publicKey}`,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const before = await leadCount();
    const r = await submit(
      form.publicKey,
      { name: '别的网站', company: 'c', phone: '1' },
      { origin: 'https://evil.example', ip: '192.0.2.77' },
    );
    expect(r.status).toBe(403);
    expect(await leadCount()).toBe(before);
  });

  it('accepts a plain HTML form post (form-urlencoded) and answers with a page', async () => {
    const token = await renderToken(form.publicKey);
    clock += 6_000;
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/public/forms/${form.publicKey}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html,application/xhtml+xml',
        'x-forwarded-for': '192.0.2.88',
      },
      payload: new URLSearchParams({
        name: '无脚本访客',
        company: '宁波港',
        phone: '13700000000',
        email: '',
        _ts: token,
        website: '',
      }).toString(),
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('感谢关注');
    expect(
      await t.db.kysely
        .selectFrom('leads')
        .select('company')
        .where('name', '=', '无脚本访客')
        .executeTakeFirst(),
    ).toEqual({ company: '宁波港' });
  });

  it('404s an unknown or deactivated form, page and post alike', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/f/unknownKey12345' })).statusCode).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/public/forms/unknownKey12345',
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    const token = await renderToken(form.publicKey);
    const mkt = await t.as('marketing');
    const current = (await mkt.get(`/api/v1/web-forms/${form.id}`)).body;
    expect(
      (await mkt.patch(`/api/v1/web-forms/${form.id}`, { active: false, version: current.version })).status,
    ).toBe(200);
    const page = await t.app.inject({ method: 'GET', url: `/f/${form.publicKey}` });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('表单不存在或已停用');
    const r = await submit(
      form.publicKey,
      { name: '停用后', company: 'c', phone: '1' },
      { token, ip: '192.0.2.99' },
    );
    expect(r.status).toBe(404);
  });

  it('keeps forms within the organisation', async () => {
    const other = await t.as('otherAdmin');
    expect((await other.get('/api/v1/web-forms')).body.items).toEqual([]);
    expect((await other.get(`/api/v1/web-forms/${form.id}`)).status).toBe(404);
    expect((await other.get(`/api/v1/web-forms/${form.id}/submissions`)).status).toBe(404);
    expect((await other.patch(`/api/v1/web-forms/${form.id}`, { active: true, version: 3 })).status).toBe(
      404,
    );
    expect((await other.delete(`/api/v1/web-forms/${form.id}`)).status).toBe(404);
  });
});

describe('web-form leads and the assignment rules', () => {
  it('routes concurrent submissions to distinct people, in round-robin order', async () => {
    t.services.webForms.clock = () => new Date(clock);
    const director = await t.as('director');
    // the whole sales department: 上海组, 华东 and 华南 reps
    const rule = await director.post('/api/v1/assignment-rules', {
      name: '官网线索轮转',
      conditions: { sources: ['website'] },
      teamId: t.fx.teams.sales,
      method: 'round_robin',
    });
    expect(rule.status).toBe(201);
    const reps = [t.fx.users.repShanghai.id, t.fx.users.repEast.id, t.fx.users.repSouth.id].sort((a, b) =>
      a.localeCompare(b),
    );
    expect(rule.body.members.map((m: { id: string }) => m.id)).toEqual(reps);
    const mkt = await t.as('marketing');
    const form = (
      await mkt.post('/api/v1/web-forms', {
        name: '并发表单',
        title: '联系我们',
        fields: [{ key: 'name', required: true }],
        source: 'website',
      })
    ).body as Form;
    const tokens = await Promise.all(Array.from({ length: 6 }, () => renderToken(form.publicKey)));
    clock += 10_000;
    const results = await Promise.all(
      tokens.map((token, i) =>
        t.app.inject({
          method: 'POST',
          url: `/api/public/forms/${form.publicKey}`,
          headers: { 'x-forwarded-for': `192.0.2.${200 + i}` },
          payload: { name: `并发访客 ${i}`, _ts: token },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    const assignments = await t.db.kysely
      .selectFrom('leadAssignments')
      .select(['userId', 'reason', 'trigger'])
      .where('ruleId', '=', rule.body.id)
      .orderBy('id')
      .execute();
    expect(assignments.map((a) => a.userId)).toEqual([...reps, ...reps]);
    expect(new Set(assignments.map((a) => `${a.reason}/${a.trigger}`))).toEqual(
      new Set(['matched/web_form']),
    );
  });
});
