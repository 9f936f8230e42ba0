import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
let accountId: string;
let wonId: string;
let openId: string;
let std: string;
const NOW = new Date('2026-11-27T02:00:00Z');
beforeAll(async () => {
  t = await createTestApp();
  t.services.contracts.clock = () => NOW;
  const admin = await t.as('admin');
  std = (await admin.post('/api/v1/products', { sku: 'STD', name: '标准版', listPrice: 100_000 })).body.id;
  const rep = await t.as('repShanghai');
  accountId = (await rep.post('/api/v1/accounts', { name: '上海联创' })).body.id;
  const won = await rep.post('/api/v1/opportunities', {
    name: '联创 CRM 采购',
    accountId,
    expectedCloseDate: '2026-11-30',
    items: [{ productId: std, quantity: 3, discountBp: 1000 }],
    stageId: t.fx.stages[4]!.id,
  });
  expect(won.status, JSON.stringify(won.body)).toBe(201);
  wonId = won.body.id;
  openId = (
    await rep.post('/api/v1/opportunities', {
      name: '未赢单',
      accountId,
      expectedCloseDate: '2026-12-30',
      amount: 5,
    })
  ).body.id;
});
afterAll(() => t.close());

const dates = { startDate: '2026-12-01', endDate: '2027-11-30' };

describe('contracts API', () => {
  it('creates a contract from a won opportunity, copying account, line items and amount, numbered HT-date-seq', async () => {
    const rep = await t.as('repShanghai');
    const r = await rep.post('/api/v1/contracts', { opportunityId: wonId, ...dates });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      number: expect.stringMatching(/^HT-20261127-\d{4}$/),
      name: '联创 CRM 采购',
      accountId,
      accountName: '上海联创',
      opportunityId: wonId,
      quoteId: null,
      status: 'draft',
      paymentStatus: 'pending',
      amount: 270_000,
      ownerId: t.fx.users.repShanghai.id,
    });
    expect(r.body.items).toMatchObject([{ productId: std, quantity: 3, discountBp: 1000, amount: 270_000 }]);
  });

  it('refuses an open opportunity, impossible dates and an end before the start, creating nothing', async () => {
    const rep = await t.as('repShanghai');
    const before = (await rep.get('/api/v1/contracts?view=mine')).body.items.length;
    const cases = [
      [{ opportunityId: openId, ...dates }, 'opportunityId'],
      [{ accountId, name: 'x', amount: 1, startDate: '2026-02-30', endDate: '2027-01-01' }, 'startDate'],
      [{ accountId, name: 'x', amount: 1, startDate: '2027-01-02', endDate: '2027-01-01' }, 'endDate'],
      [{ accountId, name: 'x', amount: -1, ...dates }, 'amount'],
    ] as const;
    for (const [body, field] of cases) {
      const r = await rep.post('/api/v1/contracts', body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.fields.map((f: { path: string }) => f.path).join()).toContain(field);
    }
    expect((await rep.get('/api/v1/contracts?view=mine')).body.items.length).toBe(before);
  });

  it('numbers 20 concurrent creations with 20 distinct consecutive sequence values', async () => {
    const rep = await t.as('repShanghai');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        rep.post('/api/v1/contracts', { accountId, name: `并发 ${i}`, amount: 1000, ...dates }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const seqs = results.map((r) => Number(r.body.number.slice(-4))).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(20);
    expect(seqs[19]! - seqs[0]!).toBe(19);
  });

  it('uses the organisation prefix and resets the sequence each year', async () => {
    const admin = await t.as('admin');
    const rep = await t.as('repShanghai');
    expect((await rep.patch('/api/v1/contract-settings', { numberPrefix: 'XS' })).status).toBe(403);
    expect((await admin.patch('/api/v1/contract-settings', { numberPrefix: 'XS' })).body).toMatchObject({
      numberPrefix: 'XS',
    });
    t.services.contracts.clock = () => new Date('2027-01-03T03:00:00Z');
    try {
      const r = await rep.post('/api/v1/contracts', { accountId, name: '新年', amount: 1, ...dates });
      expect(r.body.number).toBe('XS-20270103-0001');
    } finally {
      t.services.contracts.clock = () => NOW;
      await admin.patch('/api/v1/contract-settings', { numberPrefix: 'HT' });
    }
  });

  it('voids instead of deleting: the record stays with the reason', async () => {
    const rep = await t.as('repShanghai');
    const c = (await rep.post('/api/v1/contracts', { accountId, name: '待作废', amount: 100, ...dates }))
      .body;
    expect((await rep.delete(`/api/v1/contracts/${c.id}`)).status).toBe(400);
    expect((await rep.post(`/api/v1/contracts/${c.id}/void`, { reason: '', version: 1 })).status).toBe(400);
    const v = await rep.post(`/api/v1/contracts/${c.id}/void`, { reason: '客户取消', version: 1 });
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    expect(v.body).toMatchObject({ status: 'voided', paymentStatus: 'voided', voidReason: '客户取消' });
    expect((await rep.patch(`/api/v1/contracts/${c.id}`, { name: 'x', version: 2 })).status).toBe(400);
    expect((await rep.get(`/api/v1/contracts/${c.id}`)).body.status).toBe('voided');
  });

  it('follows the owner for visibility: manager sees the team, other reps and tenants do not', async () => {
    const rep = await t.as('repShanghai');
    const c = (await rep.post('/api/v1/contracts', { accountId, name: '可见性', amount: 100, ...dates }))
      .body;
    expect((await (await t.as('managerEast')).get(`/api/v1/contracts/${c.id}`)).status).toBe(200);
    expect((await (await t.as('director')).get(`/api/v1/contracts/${c.id}`)).status).toBe(200);
    expect((await (await t.as('repEast')).get(`/api/v1/contracts/${c.id}`)).status).toBe(404);
    expect((await (await t.as('managerSouth')).get(`/api/v1/contracts/${c.id}`)).status).toBe(404);
    expect((await (await t.as('otherAdmin')).get(`/api/v1/contracts/${c.id}`)).status).toBe(404);
    expect((await (await t.as('service')).get('/api/v1/contracts')).status).toBe(403);
    const mgrList = (await (await t.as('managerEast')).get('/api/v1/contracts?view=subordinates')).body.items;
    expect(mgrList.some((x: { id: string }) => x.id === c.id)).toBe(true);
    expect((await (await t.as('repEast')).get('/api/v1/contracts')).body.items).toEqual([]);
  });

  it('records expiry reminders daily, once, and expires ended contracts', async () => {
    const rep = await t.as('repShanghai');
    const c = (
      await rep.post('/api/v1/contracts', {
        accountId,
        name: '即将到期',
        amount: 100,
        status: 'active',
        startDate: '2026-01-01',
        endDate: '2026-12-10',
      })
    ).body;
    await t.services.jobs.enqueue('contracts.daily');
    expect(await t.services.jobs.runDue()).toBe(1);
    const reminders = (await rep.get('/api/v1/contract-reminders')).body;
    expect(reminders.filter((r: { contractId: string }) => r.contractId === c.id)).toMatchObject([
      { kind: 'contract_expiry', dueDate: '2026-12-10', contractNumber: c.number },
    ]);
    await t.services.contracts.runDaily(NOW);
    expect((await rep.get('/api/v1/contract-reminders')).body).toHaveLength(reminders.length);
    expect((await (await t.as('repEast')).get('/api/v1/contract-reminders')).body).toEqual([]);
    // time moves past the end date
    await t.services.contracts.runDaily(new Date('2026-12-11T01:00:00Z'));
    expect((await rep.get(`/api/v1/contracts/${c.id}`)).body.status).toBe('expired');
  });

  it('uploads, lists, downloads and deletes attachments within scope, with a safe file name', async () => {
    const rep = await t.as('repShanghai');
    const c = (await rep.post('/api/v1/contracts', { accountId, name: '附件', amount: 100, ...dates })).body;
    const boundary = '----tuoke';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../etc/合同 扫描.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      Buffer.from('%PDF-1.4 test'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: t.fx.users.repShanghai.email, password: 'test-password-1' },
    });
    const cookie = login.cookies.find((x) => x.name === 'tuoke_session')!;
    const headers = {
      cookie: `tuoke_session=${cookie.value}`,
      'x-csrf-token': JSON.parse(login.body).csrfToken,
    };
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/v1/contracts/${c.id}/attachments`,
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    const a = JSON.parse(up.body);
    expect(a).toMatchObject({ filename: '合同 扫描.pdf', contentType: 'application/pdf', size: 13 });
    expect((await rep.get(`/api/v1/contracts/${c.id}/attachments`)).body).toHaveLength(1);
    const down = await t.app.inject({ method: 'GET', url: `/api/v1/contract-attachments/${a.id}`, headers });
    expect(down.statusCode).toBe(200);
    expect(down.body).toBe('%PDF-1.4 test');
    expect(down.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect((await (await t.as('repEast')).get(`/api/v1/contract-attachments/${a.id}`)).status).toBe(404);
    expect((await (await t.as('repEast')).delete(`/api/v1/contract-attachments/${a.id}`)).status).toBe(404);
    // a 2 MB scan is fine (above the JSON body limit); more than 10 MB is refused, nothing stored
    const upload = (bytes: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/contracts/${c.id}/attachments`,
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
          ),
          Buffer.alloc(bytes, 1),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      });
    const big = await upload(2 * 1024 * 1024);
    expect(big.statusCode, big.body).toBe(201);
    const tooBig = await upload(10 * 1024 * 1024 + 1);
    expect(tooBig.statusCode, tooBig.body).toBe(413);
    expect(JSON.parse(tooBig.body).error.code).toBe('payload_too_large');
    expect((await rep.get(`/api/v1/contracts/${c.id}/attachments`)).body).toHaveLength(2);
    expect((await rep.delete(`/api/v1/contract-attachments/${JSON.parse(big.body).id}`)).status).toBe(204);
    expect((await rep.delete(`/api/v1/contract-attachments/${a.id}`)).status).toBe(204);
    expect((await rep.get(`/api/v1/contracts/${c.id}/attachments`)).body).toEqual([]);
  });
});

describe('contracts from quotes', () => {
  it('takes the accepted quote: its lines, and its total after the whole-quote discount and tax', async () => {
    const rep = await t.as('repShanghai');
    const make = async () => {
      const r = await rep.post('/api/v1/quotes', {
        opportunityId: openId,
        items: [{ productId: std, quantity: 2 }],
        discountBp: 500,
        taxRateBp: 1300,
        validUntil: '2099-12-31',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    const draft = await make();
    const refused = await rep.post('/api/v1/contracts', { quoteId: draft.id, ...dates });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].path).toBe('quoteId');
    // the open deal alone is not enough
    expect((await rep.post('/api/v1/contracts', { opportunityId: openId, ...dates })).status).toBe(400);

    const q = await make();
    const submitted = await rep.post(`/api/v1/quotes/${q.id}/submit`, { version: q.version });
    expect(submitted.body.status).toBe('approved');
    expect(
      (await rep.post('/api/v1/contracts', { opportunityId: wonId, quoteId: q.id, ...dates })).body.error
        .fields[0].path,
    ).toBe('quoteId');
    const share = await rep.post(`/api/v1/quotes/${q.id}/share`, { days: 7 });
    const accepted = await t.anonymous.post(`/api/v1/public/quotes/${share.body.token}/accept`, {
      name: '王总',
    });
    expect(accepted.body.status).toBe('accepted');

    const quote = (await rep.get(`/api/v1/quotes/${q.id}`)).body;
    // 2 × ¥1,000 = ¥2,000; 5% off = ¥1,900; 13% VAT = ¥247; total ¥2,147
    expect(quote.total).toBe(214_700);
    const c = await rep.post('/api/v1/contracts', { opportunityId: openId, ...dates });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ quoteId: q.id, opportunityId: openId, amount: 214_700 });
    expect(
      c.body.items.map((i: { productId: string; quantity: number }) => [i.productId, i.quantity]),
    ).toEqual([[std, 2]]);
  });
});
