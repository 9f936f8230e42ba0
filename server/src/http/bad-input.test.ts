import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';

/*
 * Whatever a client sends, the answer is a 4xx envelope naming the field, never a 500, and a
 * refused write changes nothing.
 */

let t: TestApp;
const f = {} as {
  account: string;
  otherAccount: string;
  product: string;
  otherProduct: string;
  secondPipelineStage: string;
  otherPipeline: string;
  otherTeam: string;
  opportunity: string;
  contact: string;
};
const MISSING = '01900000-0000-7000-8000-000000000000';

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.as('admin');
  const other = await t.as('otherAdmin');
  const stages = [
    { name: 'Open', probability: 20, kind: 'open' },
    { name: 'Won', probability: 100, kind: 'won' },
    { name: 'Lost', probability: 0, kind: 'lost' },
  ];
  f.account = (await admin.post('/api/v1/accounts', { name: '华东机械' })).body.id;
  f.otherAccount = (await other.post('/api/v1/accounts', { name: 'Foreign Co' })).body.id;
  f.product = (
    await admin.post('/api/v1/products', { sku: 'P-1', name: '标准版', listPrice: 10_000 })
  ).body.id;
  f.otherProduct = (
    await other.post('/api/v1/products', { sku: 'P-1', name: 'Foreign', listPrice: 1 })
  ).body.id;
  f.secondPipelineStage = (
    await admin.post('/api/v1/pipelines', { name: '第二流程', stages })
  ).body.stages[0].id;
  f.otherPipeline = (
    await other.post('/api/v1/pipelines', { name: 'Other', isDefault: true, stages })
  ).body.id;
  f.otherTeam = (await other.post('/api/v1/teams', { name: 'Foreign team', type: 'region' })).body.id;
  const opp = await admin.post('/api/v1/opportunities', {
    name: '原始商机',
    accountId: f.account,
    expectedCloseDate: '2026-06-30',
    items: [{ productId: f.product, quantity: 2 }],
  });
  expect(opp.status, JSON.stringify(opp.body)).toBe(201);
  f.opportunity = opp.body.id;
  f.contact = (await admin.post('/api/v1/contacts', { name: '王经理', accountId: f.account })).body.id;
});
afterAll(() => t.close());

type Case = [
  label: string,
  method: 'post' | 'patch',
  url: () => string,
  body: () => unknown,
  status: number,
  code: string,
  path: string | null,
];
const opp = (extra: () => object) => () => ({
  name: '商机',
  accountId: f.account,
  expectedCloseDate: '2026-06-30',
  ...extra(),
});
const v1 = (extra: () => object) => () => ({ ...extra(), version: 1 });

const CASES: Case[] = [
  // wrong types
  [
    'object as name',
    'post',
    () => '/api/v1/accounts',
    () => ({ name: { zh: 'x' } }),
    400,
    'validation_failed',
    'name',
  ],
  [
    'text as amount',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ amount: 'lots' })),
    400,
    'validation_failed',
    'amount',
  ],
  [
    'fraction as amount',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ amount: 10.5 })),
    400,
    'validation_failed',
    'amount',
  ],
  [
    'text as boolean',
    'post',
    () => '/api/v1/products',
    () => ({ sku: 'B-1', name: 'b', listPrice: 1, active: 'maybe' }),
    400,
    'validation_failed',
    'active',
  ],
  ['array as body', 'post', () => '/api/v1/leads', () => [{ name: 'x' }], 400, 'validation_failed', 'body'],
  [
    'unknown enum value',
    'post',
    () => '/api/v1/leads',
    () => ({ name: 'x', status: 'hot' }),
    400,
    'validation_failed',
    'status',
  ],
  [
    'bad e-mail',
    'post',
    () => '/api/v1/contacts',
    () => ({ name: 'x', email: 'not-an-email' }),
    400,
    'validation_failed',
    'email',
  ],
  [
    'line item without quantity',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ items: [{ productId: 'p' }] })),
    400,
    'validation_failed',
    'items/0/quantity',
  ],
  // unknown fields
  [
    'unknown field',
    'post',
    () => '/api/v1/contacts',
    () => ({ name: 'x', vip: true }),
    400,
    'validation_failed',
    'vip',
  ],
  [
    'unknown field in a line item',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ items: [{ productId: 'p', quantity: 1, tax: 3 }] })),
    400,
    'validation_failed',
    'items/0/tax',
  ],
  [
    'pipelineId on update',
    'patch',
    () => `/api/v1/opportunities/${f.opportunity}`,
    v1(() => ({ pipelineId: f.otherPipeline })),
    400,
    'validation_failed',
    'pipelineId',
  ],
  // over-long strings
  [
    'over-long name',
    'post',
    () => '/api/v1/contacts',
    () => ({ name: '名'.repeat(101) }),
    400,
    'validation_failed',
    'name',
  ],
  [
    'over-long notes',
    'patch',
    () => `/api/v1/contacts/${f.contact}`,
    v1(() => ({ notes: 'x'.repeat(5001) })),
    400,
    'validation_failed',
    'notes',
  ],
  [
    'over-long subject',
    'post',
    () => '/api/v1/activities',
    () => ({ type: 'call', subject: 's'.repeat(201) }),
    400,
    'validation_failed',
    'subject',
  ],
  [
    'empty name after trimming',
    'post',
    () => '/api/v1/leads',
    () => ({ name: '   ' }),
    400,
    'validation_failed',
    'name',
  ],
  [
    'blank account name',
    'post',
    () => '/api/v1/accounts',
    () => ({ name: ' \t ' }),
    400,
    'validation_failed',
    'name',
  ],
  [
    'blank team name on update',
    'patch',
    () => `/api/v1/teams/${t.fx.teams.south}`,
    v1(() => ({ name: '  ' })),
    400,
    'validation_failed',
    'name',
  ],
  // impossible dates
  [
    '2026-02-30 expectedCloseDate',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ expectedCloseDate: '2026-02-30' })),
    400,
    'validation_failed',
    'expectedCloseDate',
  ],
  [
    '2026-02-30 expectedCloseDate on update',
    'patch',
    () => `/api/v1/opportunities/${f.opportunity}`,
    v1(() => ({ expectedCloseDate: '2026-02-30' })),
    400,
    'validation_failed',
    'expectedCloseDate',
  ],
  [
    '2025-02-29 birthday',
    'post',
    () => '/api/v1/contacts',
    () => ({ name: 'x', birthday: '2025-02-29' }),
    400,
    'validation_failed',
    'birthday',
  ],
  [
    '2026-02-30 birthday on update',
    'patch',
    () => `/api/v1/contacts/${f.contact}`,
    v1(() => ({ birthday: '2026-02-30' })),
    400,
    'validation_failed',
    'birthday',
  ],
  [
    'date in another format',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ expectedCloseDate: '30/06/2026' })),
    400,
    'validation_failed',
    'expectedCloseDate',
  ],
  [
    'null expectedCloseDate',
    'patch',
    () => `/api/v1/opportunities/${f.opportunity}`,
    v1(() => ({ expectedCloseDate: null })),
    400,
    'validation_failed',
    'expectedCloseDate',
  ],
  [
    'impossible timestamp',
    'post',
    () => '/api/v1/activities',
    () => ({ type: 'call', subject: 's', dueAt: '2026-13-01T10:00:00Z' }),
    400,
    'validation_failed',
    'dueAt',
  ],
  // amounts
  [
    'negative amount',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ amount: -1 })),
    400,
    'validation_failed',
    'amount',
  ],
  [
    'huge amount',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ amount: 1e15 })),
    400,
    'validation_failed',
    'amount',
  ],
  [
    'negative list price',
    'post',
    () => '/api/v1/products',
    () => ({ sku: 'N-1', name: 'n', listPrice: -100 }),
    400,
    'validation_failed',
    'listPrice',
  ],
  [
    'zero quantity',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ items: [{ productId: f.product, quantity: 0 }] })),
    400,
    'validation_failed',
    'items/0/quantity',
  ],
  [
    'discount over 100%',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ items: [{ productId: f.product, quantity: 1, discountBp: 10_001 }] })),
    400,
    'validation_failed',
    'items/0/discountBp',
  ],
  [
    'probability over 100',
    'post',
    () => '/api/v1/pipelines',
    () => ({
      name: 'p',
      stages: [
        { name: 'a', probability: 101, kind: 'open' },
        { name: 'b', probability: 0, kind: 'lost' },
      ],
    }),
    400,
    'validation_failed',
    'stages/0/probability',
  ],
  // unknown and foreign ids
  [
    'unknown accountId',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ accountId: MISSING })),
    400,
    'validation_failed',
    'accountId',
  ],
  [
    'foreign accountId',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ accountId: f.otherAccount })),
    400,
    'validation_failed',
    'accountId',
  ],
  [
    'foreign accountId on a contact',
    'post',
    () => '/api/v1/contacts',
    () => ({ name: 'x', accountId: f.otherAccount }),
    400,
    'validation_failed',
    'accountId',
  ],
  [
    'foreign accountId on contact update',
    'patch',
    () => `/api/v1/contacts/${f.contact}`,
    v1(() => ({ accountId: f.otherAccount })),
    400,
    'validation_failed',
    'accountId',
  ],
  [
    'foreign ownerId',
    'post',
    () => '/api/v1/leads',
    () => ({ name: 'x', ownerId: t.fx.users.otherRep.id }),
    400,
    'validation_failed',
    'ownerId',
  ],
  [
    'unknown ownerId on update',
    'patch',
    () => `/api/v1/opportunities/${f.opportunity}`,
    v1(() => ({ ownerId: MISSING })),
    400,
    'validation_failed',
    'ownerId',
  ],
  [
    'stageId of another pipeline',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ stageId: f.secondPipelineStage })),
    400,
    'validation_failed',
    'stageId',
  ],
  [
    'stageId of another pipeline on update',
    'patch',
    () => `/api/v1/opportunities/${f.opportunity}`,
    v1(() => ({ stageId: f.secondPipelineStage })),
    400,
    'validation_failed',
    'stageId',
  ],
  [
    'foreign pipelineId',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ pipelineId: f.otherPipeline })),
    400,
    'validation_failed',
    'pipelineId',
  ],
  [
    'unknown productId',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ items: [{ productId: MISSING, quantity: 1 }] })),
    400,
    'validation_failed',
    'items/0/productId',
  ],
  [
    'foreign productId',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({
      items: [
        { productId: f.product, quantity: 1 },
        { productId: f.otherProduct, quantity: 1 },
      ],
    })),
    400,
    'validation_failed',
    'items/1/productId',
  ],
  [
    'foreign collaborator',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ collaboratorIds: [t.fx.users.otherRep.id] })),
    400,
    'validation_failed',
    'collaboratorIds/0',
  ],
  [
    'foreign relatedId',
    'post',
    () => '/api/v1/activities',
    () => ({ type: 'call', subject: 's', relatedType: 'account', relatedId: f.otherAccount }),
    400,
    'validation_failed',
    'relatedId',
  ],
  [
    'relatedId without relatedType',
    'post',
    () => '/api/v1/activities',
    () => ({ type: 'call', subject: 's', relatedId: f.account }),
    400,
    'validation_failed',
    'relatedType',
  ],
  [
    'foreign teamId',
    'post',
    () => '/api/v1/users',
    () => ({
      email: 'n@test.tuoke',
      name: 'n',
      password: 'long-enough-1',
      role: 'sales_rep',
      teamId: f.otherTeam,
    }),
    400,
    'validation_failed',
    'teamId',
  ],
  [
    'foreign managerId',
    'patch',
    () => `/api/v1/users/${t.fx.users.repEast.id}`,
    v1(() => ({ managerId: t.fx.users.otherAdmin.id })),
    400,
    'validation_failed',
    'managerId',
  ],
  [
    'foreign parent team',
    'post',
    () => '/api/v1/teams',
    () => ({ name: 'x', type: 'region', parentId: f.otherTeam }),
    400,
    'validation_failed',
    'parentId',
  ],
  [
    'id with bad characters',
    'patch',
    () => '/api/v1/accounts/a%20b',
    v1(() => ({})),
    400,
    'validation_failed',
    'id',
  ],
  // rules
  [
    'lost without a reason',
    'post',
    () => '/api/v1/opportunities',
    opp(() => ({ stageId: t.fx.stages[5]!.id })),
    400,
    'validation_failed',
    'lostReason',
  ],
  [
    'amount beside line items',
    'patch',
    () => `/api/v1/opportunities/${f.opportunity}`,
    v1(() => ({ amount: 5 })),
    400,
    'validation_failed',
    'amount',
  ],
  [
    'pipeline without a won stage',
    'post',
    () => '/api/v1/pipelines',
    () => ({
      name: 'p',
      stages: [
        { name: 'a', probability: 1, kind: 'open' },
        { name: 'b', probability: 0, kind: 'lost' },
      ],
    }),
    400,
    'validation_failed',
    'stages',
  ],
  [
    'duplicate SKU',
    'post',
    () => '/api/v1/products',
    () => ({ sku: 'P-1', name: 'dup', listPrice: 1 }),
    409,
    'conflict',
    'sku',
  ],
  [
    'duplicate e-mail',
    'post',
    () => '/api/v1/users',
    () => ({ email: t.fx.users.otherRep.email, name: 'n', password: 'long-enough-1', role: 'sales_rep' }),
    409,
    'conflict',
    'email',
  ],
  // optimistic locking
  [
    'stale version',
    'patch',
    () => `/api/v1/contacts/${f.contact}`,
    () => ({ notes: 'late', version: 99 }),
    409,
    'stale',
    'version',
  ],
  [
    'missing version',
    'patch',
    () => `/api/v1/contacts/${f.contact}`,
    () => ({ notes: 'x' }),
    400,
    'validation_failed',
    'version',
  ],
];

describe('bad input', () => {
  it.each(CASES)(
    '%s is refused with the field named',
    async (_label, method, url, body, status, code, path) => {
      const r = await (await t.as('admin'))[method](url(), body());
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(typeof r.body.error.message).toBe('string');
      expect(r.body.error.message.length).toBeGreaterThan(0);
      if (path) expect(r.body.error.fields.map((x: { path: string }) => x.path)).toContain(path);
    },
  );

  it.each([
    ['/api/v1/accounts?limit=abc', 'limit'],
    ['/api/v1/accounts?limit=0', 'limit'],
    ['/api/v1/accounts?limit=201', 'limit'],
    ['/api/v1/accounts?view=everything', 'view'],
    ['/api/v1/accounts?colour=red', 'colour'],
    ['/api/v1/opportunities?closeFrom=2026-02-30', 'closeFrom'],
    ['/api/v1/opportunities?sort=ownerId', 'sort'],
    ['/api/v1/leads?cursor=not-a-cursor', 'cursor'],
    [`/api/v1/search?q=${'x'.repeat(101)}`, 'q'],
    ['/api/v1/search', 'q'],
  ])('GET %s → 400 naming %s', async (url, path) => {
    const r = await (await t.as('admin')).get(url);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.fields.map((x: { path: string }) => x.path)).toContain(path);
  });

  it('answers malformed JSON, a wrong content type and an oversized body with 4xx envelopes', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: t.fx.users.admin.email, password: 'test-password-1' },
    });
    const headers = {
      cookie: `tuoke_session=${login.cookies.find((c) => c.name === 'tuoke_session')!.value}`,
      'x-csrf-token': JSON.parse(login.body).csrfToken,
    };
    const send = (payload: string, contentType: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: { ...headers, 'content-type': contentType },
        payload,
      });
    const malformed = await send('{"name": "半截', 'application/json');
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.body).error).toEqual({
      code: 'bad_request',
      message: 'The request body is not valid JSON',
    });
    const empty = await send('', 'application/json');
    expect(empty.statusCode).toBe(400);
    expect(JSON.parse(empty.body).error.code).toBe('bad_request');
    const text = await send('name=x', 'text/plain');
    expect(text.statusCode).toBe(400);
    expect(JSON.parse(text.body).error).toMatchObject({
      code: 'validation_failed',
      fields: [{ path: 'body', message: 'must be object' }],
    });
    const xml = await send('<name>x</name>', 'application/xml');
    expect(xml.statusCode).toBe(415);
    expect(JSON.parse(xml.body).error.code).toBe('bad_request');
    const huge = await send(JSON.stringify({ name: 'x', notes: 'y'.repeat(1_100_000) }), 'application/json');
    expect(huge.statusCode).toBe(413);
    expect(JSON.parse(huge.body).error.code).toBe('payload_too_large');
    expect(await t.db.kysely.selectFrom('accounts').select('name').where('name', '=', 'x').execute()).toEqual(
      [],
    );
  });
});

describe('a refused write changes nothing', () => {
  const snapshot = async (id: string) => ({
    opp: await t.db.kysely
      .selectFrom('opportunities')
      .select(['name', 'amount', 'version', 'nextStep', 'stageId'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
    items: await t.db.kysely
      .selectFrom('opportunityItems')
      .select(['productId', 'quantity', 'amount'])
      .where('opportunityId', '=', id)
      .orderBy('position')
      .execute(),
    collaborators: await t.db.kysely
      .selectFrom('opportunityCollaborators')
      .select('userId')
      .where('opportunityId', '=', id)
      .execute(),
    history: await t.db.kysely.selectFrom('fieldChanges').select('id').where('entityId', '=', id).execute(),
  });

  it('an opportunity update whose line items name a bad product leaves the opportunity as it was', async () => {
    const before = await snapshot(f.opportunity);
    expect(before.opp).toMatchObject({ name: '原始商机', amount: 20_000, version: 1 });
    const admin = await t.as('admin');
    const r = await admin.patch(`/api/v1/opportunities/${f.opportunity}`, {
      name: '改了名字',
      nextStep: '签约',
      stageId: t.fx.stages[2]!.id,
      collaboratorIds: [t.fx.users.repEast.id],
      items: [
        { productId: f.product, quantity: 5 },
        { productId: f.otherProduct, quantity: 1 },
      ],
      version: 1,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual([
      { path: 'items/1/productId', message: 'no such product in your catalogue' },
    ]);
    expect(await snapshot(f.opportunity)).toEqual(before);
  });

  it('a stale opportunity update rolls back its line items and collaborators too', async () => {
    const before = await snapshot(f.opportunity);
    const r = await (
      await t.as('admin')
    ).patch(`/api/v1/opportunities/${f.opportunity}`, {
      name: '过期的修改',
      collaboratorIds: [t.fx.users.repEast.id],
      items: [{ productId: f.product, quantity: 9 }],
      version: 7,
    });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({
      code: 'stale',
      fields: [{ path: 'version', message: 'out of date' }],
    });
    expect(await snapshot(f.opportunity)).toEqual(before);
  });

  it('a stale pipeline update does not take the default flag away from the current default', async () => {
    const admin = await t.as('admin');
    const second = (await admin.get('/api/v1/pipelines')).body.items.find(
      (p: { name: string }) => p.name === '第二流程',
    );
    const r = await admin.patch(`/api/v1/pipelines/${second.id}`, {
      isDefault: true,
      version: second.version + 1,
    });
    expect(r.status).toBe(409);
    const rows = await t.db.kysely
      .selectFrom('pipelines')
      .select(['id', 'isDefault'])
      .where('orgId', '=', t.fx.orgId)
      .orderBy('isDefault', 'desc')
      .execute();
    expect(rows[0]).toEqual({ id: t.fx.pipelineId, isDefault: 1 });
    expect(rows.filter((p) => p.isDefault === 1)).toHaveLength(1);
  });

  it('a foreign account on a contact update leaves the contact as it was', async () => {
    const before = await t.db.kysely
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', f.contact)
      .executeTakeFirstOrThrow();
    const r = await (
      await t.as('admin')
    ).patch(`/api/v1/contacts/${f.contact}`, {
      name: '新名字',
      accountId: f.otherAccount,
      version: before.version,
    });
    expect(r.status).toBe(400);
    expect(
      await t.db.kysely
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', f.contact)
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
  });
});

describe('JSON bodies are not coerced', () => {
  it('refuses a string amount, a boolean quantity and a numeric name, but coerces query strings', async () => {
    const admin = await t.as('admin');
    const r1 = await admin.post('/api/v1/accounts', { name: 123 });
    expect(r1.status).toBe(400);
    expect(r1.body.error.fields[0].path).toBe('name');
    const r2 = await admin.post('/api/v1/products', { sku: 'COERCE-1', name: 'x', listPrice: '100' });
    expect(r2.status).toBe(400);
    expect(r2.body.error.fields[0].path).toBe('listPrice');
    const list = await admin.get('/api/v1/products?limit=2&active=true');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeLessThanOrEqual(2);
  });
});
