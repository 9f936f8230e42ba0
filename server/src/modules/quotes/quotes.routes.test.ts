import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
let opportunityId: string;
let std: string;
let pro: string;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.as('admin');
  std = (await admin.post('/api/v1/products', { sku: 'STD', name: '标准版', listPrice: 33_333 })).body.id;
  pro = (await admin.post('/api/v1/products', { sku: 'PRO', name: '专业版', listPrice: 100_000 })).body.id;
  // the demo's rules: discount > 10% → direct manager; > 30% → manager, then director
  for (const [priority, above, levels] of [
    [1, 3000, 2],
    [2, 1000, 1],
  ] as const) {
    const r = await admin.post('/api/v1/approvals/rules', {
      businessType: 'quote',
      name: `折扣超过 ${above / 100}%`,
      priority,
      conditions: { discountAboveBp: above },
      steps: [{ approver: levels === 1 ? { type: 'manager' } : { type: 'managers', levels } }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  const rep = await t.as('repShanghai');
  const accountId = (await rep.post('/api/v1/accounts', { name: '上海联创' })).body.id;
  opportunityId = (
    await rep.post('/api/v1/opportunities', {
      name: '联创 CRM 采购',
      accountId,
      expectedCloseDate: '2026-12-31',
    })
  ).body.id;
});
afterAll(() => t.close());

const draft = async (items: object[], extra: object = {}) => {
  const r = await (
    await t.as('repShanghai')
  ).post('/api/v1/quotes', {
    opportunityId,
    items,
    taxRateBp: 1300,
    validUntil: '2099-12-31',
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};

describe('quotes: totals', () => {
  it('computes line, discount, 13% VAT and total in fen on the server', async () => {
    const q = await draft(
      [
        { productId: std, quantity: 3, discountBp: 1500 },
        { productId: pro, quantity: 1, unitPrice: 90_000 },
      ],
      { discountBp: 333 },
    );
    expect(q.items.map((i: { amount: number }) => i.amount)).toEqual([84_999, 90_000]);
    expect(q).toMatchObject({
      status: 'draft',
      revision: 1,
      accountName: '上海联创',
      listTotal: 199_999,
      subtotal: 174_999,
      discountAmount: 5_827, // 5_827.47
      taxAmount: 21_992, // 169_172 × 13% = 21_992.36
      total: 169_172 + 21_992,
    });
    expect(q.number).toMatch(/^QT-\d{4}-\d{5}$/);
  });

  it('refuses client totals, negative quantities, discounts over 100% and foreign products, changing nothing', async () => {
    const rep = await t.as('repShanghai');
    const before = (await rep.get(`/api/v1/quotes?opportunityId=${opportunityId}`)).body.items.length;
    const base = { opportunityId, validUntil: '2099-12-31', items: [{ productId: std, quantity: 1 }] };
    const cases: [object, string][] = [
      [{ ...base, total: 1 }, 'total'],
      [{ ...base, items: [{ productId: std, quantity: -1 }] }, 'items/0/quantity'],
      [{ ...base, items: [{ productId: std, quantity: 1, unitPrice: -5 }] }, 'items/0/unitPrice'],
      [{ ...base, discountBp: 10_001 }, 'discountBp'],
      [{ ...base, items: [{ productId: std, quantity: 1, discountBp: 12_000 }] }, 'items/0/discountBp'],
      [{ ...base, validUntil: '2026-02-30' }, 'validUntil'],
    ];
    for (const [body, path] of cases) {
      const r = await rep.post('/api/v1/quotes', body);
      expect(r.status, path).toBe(400);
      expect(r.body.error.fields[0].path).toBe(path);
    }
    const other = await (
      await t.as('otherAdmin')
    ).post('/api/v1/products', { sku: 'X', name: 'x', listPrice: 1 });
    expect(
      (await rep.post('/api/v1/quotes', { ...base, items: [{ productId: other.body.id, quantity: 1 }] }))
        .status,
    ).toBe(400);
    expect((await rep.get(`/api/v1/quotes?opportunityId=${opportunityId}`)).body.items.length).toBe(before);
  });
});

describe('quotes: approval and status flow', () => {
  it('a small discount is approved at once; sharing marks it sent; the customer accepts through the link', async () => {
    const rep = await t.as('repShanghai');
    const q = await draft([{ productId: pro, quantity: 2, discountBp: 500 }]);
    const sub = await rep.post(`/api/v1/quotes/${q.id}/submit`, { version: q.version });
    expect(sub.body).toMatchObject({ status: 'approved', effectiveDiscountBp: 500 });
    expect(
      (await rep.patch(`/api/v1/quotes/${q.id}`, { notes: 'x', version: sub.body.version })).status,
    ).toBe(409);
    const share = await rep.post(`/api/v1/quotes/${q.id}/share`, { days: 7 });
    expect(share.status).toBe(201);
    expect(share.body.token.length).toBeGreaterThanOrEqual(32);
    const stored = await t.db.kysely
      .selectFrom('quoteShares')
      .selectAll()
      .where('id', '=', share.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.tokenHash).not.toContain(share.body.token);
    const view = await t.anonymous.get(`/api/v1/public/quotes/${share.body.token}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      status: 'sent',
      accountName: '上海联创',
      total: 214_700,
      totalInWords: '贰仟壹佰肆拾柒元整',
    });
    expect(view.body).not.toHaveProperty('ownerId');
    const page = await t.app.inject({ method: 'GET', url: share.body.path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('贰仟壹佰肆拾柒元整');
    const accepted = await t.anonymous.post(`/api/v1/public/quotes/${share.body.token}/accept`, {
      name: '王总',
    });
    expect(accepted.body).toMatchObject({ status: 'accepted', acceptedBy: '王总' });
    expect(
      (await t.anonymous.post(`/api/v1/public/quotes/${share.body.token}/accept`, { name: '王总' })).status,
    ).toBe(409);
    expect((await rep.get(`/api/v1/quotes/${q.id}`)).body.status).toBe('accepted');
  });

  it('a discount over 10% waits for the direct manager; over 30% for the manager and then the director', async () => {
    const rep = await t.as('repShanghai');
    const q = await draft([{ productId: pro, quantity: 1, discountBp: 2000 }]);
    const sub = (await rep.post(`/api/v1/quotes/${q.id}/submit`, { version: q.version })).body;
    expect(sub.status).toBe('pending_approval');
    const req = (await rep.get(`/api/v1/approvals/${sub.approvalRequestId}`)).body;
    expect(req.pendingApproverIds).toEqual([t.fx.users.managerEast.id]);
    expect((await rep.patch(`/api/v1/quotes/${q.id}`, { discountBp: 0, version: sub.version })).status).toBe(
      409,
    );
    const ok = await (await t.as('managerEast')).post(`/api/v1/approvals/${req.id}/approve`, {});
    expect(ok.body.status).toBe('approved');
    expect((await rep.get(`/api/v1/quotes/${q.id}`)).body.status).toBe('approved');

    const big = await draft([{ productId: pro, quantity: 1, discountBp: 3500 }]);
    const bigSub = (await rep.post(`/api/v1/quotes/${big.id}/submit`, { version: big.version })).body;
    const bigReq = (await rep.get(`/api/v1/approvals/${bigSub.approvalRequestId}`)).body;
    expect(bigReq.steps.map((s: { approverIds: string[] }) => s.approverIds)).toEqual([
      [t.fx.users.managerEast.id],
      [t.fx.users.director.id],
    ]);
    // the director (another branch of the tree is fine too) can open the quote they approve
    expect((await (await t.as('director')).get(`/api/v1/quotes/${big.id}`)).status).toBe(200);
  });

  it('a rejection sends the quote back to draft for editing and resubmission; withdraw does too', async () => {
    const rep = await t.as('repShanghai');
    const q = await draft([{ productId: std, quantity: 10, discountBp: 2500 }]);
    const sub = (await rep.post(`/api/v1/quotes/${q.id}/submit`, { version: q.version })).body;
    await (
      await t.as('managerEast')
    ).post(`/api/v1/approvals/${sub.approvalRequestId}/reject`, { comment: '折扣太高' });
    const back = (await rep.get(`/api/v1/quotes/${q.id}`)).body;
    expect(back.status).toBe('draft');
    const edited = await rep.patch(`/api/v1/quotes/${q.id}`, {
      items: [{ productId: std, quantity: 10, discountBp: 1500 }],
      version: back.version,
    });
    expect(edited.status).toBe(200);
    const again = (await rep.post(`/api/v1/quotes/${q.id}/submit`, { version: edited.body.version })).body;
    expect(again).toMatchObject({ status: 'pending_approval', approvalRequestId: sub.approvalRequestId });
    const withdrawn = await rep.post(`/api/v1/approvals/${again.approvalRequestId}/withdraw`);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', round: 2 });
    expect((await rep.get(`/api/v1/quotes/${q.id}`)).body.status).toBe('draft');
    // resubmitting from the inbox goes through the quote: it waits again, with its current discount
    const fromInbox = await rep.post(`/api/v1/approvals/${again.approvalRequestId}/resubmit`);
    expect(fromInbox.status, JSON.stringify(fromInbox.body)).toBe(200);
    expect(fromInbox.body).toMatchObject({ status: 'pending', round: 3, discountBp: 1500 });
    expect((await rep.get(`/api/v1/quotes/${q.id}`)).body.status).toBe('pending_approval');
  });

  it('a revision is a new draft version; the old one stays read-only and its link dies', async () => {
    const rep = await t.as('repShanghai');
    const q = await draft([{ productId: pro, quantity: 1 }]);
    const ok = (await rep.post(`/api/v1/quotes/${q.id}/submit`, { version: q.version })).body;
    const share = (await rep.post(`/api/v1/quotes/${q.id}/share`, {})).body;
    const sent = (await rep.get(`/api/v1/quotes/${q.id}`)).body;
    expect(sent.status).toBe('sent');
    const v2 = await rep.post(`/api/v1/quotes/${q.id}/revise`, { version: sent.version });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({
      number: q.number,
      revision: 2,
      previousId: q.id,
      status: 'draft',
      total: ok.total,
    });
    const old = (await rep.get(`/api/v1/quotes/${q.id}`)).body;
    expect(old.status).toBe('superseded');
    expect((await rep.patch(`/api/v1/quotes/${q.id}`, { notes: 'x', version: old.version })).status).toBe(
      409,
    );
    expect((await rep.post(`/api/v1/quotes/${q.id}/revise`, { version: old.version })).status).toBe(409);
    expect((await t.anonymous.get(`/api/v1/public/quotes/${share.token}`)).status).toBe(404);
    const edited = await rep.patch(`/api/v1/quotes/${v2.body.id}`, {
      discountBp: 500,
      version: v2.body.version,
    });
    expect(edited.body.total).toBeLessThan(ok.total);
  });
});

describe('quotes: access, PDF and links', () => {
  it('follows the opportunity: another rep and another tenant get 404', async () => {
    const q = await draft([{ productId: std, quantity: 1 }]);
    expect((await (await t.as('repEast')).get(`/api/v1/quotes/${q.id}`)).status).toBe(404);
    expect((await (await t.as('otherAdmin')).get(`/api/v1/quotes/${q.id}`)).status).toBe(404);
    expect(
      (await (await t.as('repEast')).patch(`/api/v1/quotes/${q.id}`, { notes: 'x', version: 1 })).status,
    ).toBe(404);
    expect((await (await t.as('managerEast')).get(`/api/v1/quotes/${q.id}`)).status).toBe(200);
    expect((await (await t.as('repEast')).get('/api/v1/quotes')).body.items).toEqual([]);
    expect((await (await t.as('service')).get('/api/v1/quotes')).status).toBe(403);
  });

  it('renders a PDF with the Chinese font', async () => {
    const q = await draft([
      { productId: std, quantity: 3, discountBp: 1500 },
      { productId: pro, quantity: 1 },
    ]);
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/v1/quotes/${q.id}/pdf`,
      headers: await authHeaders(),
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/pdf');
    expect(r.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    expect(r.rawPayload.length).toBeGreaterThan(10_000);
    expect(r.rawPayload.toString('latin1')).toContain('WenQuanYi');
  });

  it('share links: unknown, expired and revoked tokens are 404; drafts cannot be shared', async () => {
    const rep = await t.as('repShanghai');
    const q = await draft([{ productId: std, quantity: 1 }]);
    expect((await rep.post(`/api/v1/quotes/${q.id}/share`, {})).status).toBe(409);
    await rep.post(`/api/v1/quotes/${q.id}/submit`, { version: q.version });
    const actor = {
      userId: t.fx.users.repShanghai.id,
      orgId: t.fx.orgId,
      role: 'sales_rep',
      name: 'repShanghai',
      teamId: t.fx.teams.shanghai,
      managerId: t.fx.users.managerEast.id,
      via: 'session',
    } as const;
    const old = await t.services.quotes.share(actor, q.id, 1, new Date(Date.now() - 2 * 86_400_000));
    expect((await t.anonymous.get(`/api/v1/public/quotes/${old.token}`)).status).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: old.path })).statusCode).toBe(404);
    expect((await t.anonymous.get(`/api/v1/public/quotes/${'x'.repeat(32)}`)).status).toBe(404);
    const live = (await rep.post(`/api/v1/quotes/${q.id}/share`, {})).body;
    expect((await t.anonymous.get(`/api/v1/public/quotes/${live.token}`)).status).toBe(200);
    expect((await rep.delete(`/api/v1/quotes/${q.id}/share`)).status).toBe(204);
    expect((await t.anonymous.get(`/api/v1/public/quotes/${live.token}`)).status).toBe(404);
  });

  it('expires sent quotes past their validity date', async () => {
    const rep = await t.as('repShanghai');
    const q = await draft([{ productId: std, quantity: 1 }], { validUntil: '2026-12-01' });
    await rep.post(`/api/v1/quotes/${q.id}/submit`, { version: q.version });
    await rep.post(`/api/v1/quotes/${q.id}/share`, {});
    expect(await t.services.quotes.expireOverdue(new Date('2026-12-02T08:00:00Z'))).toBeGreaterThanOrEqual(1);
    expect((await rep.get(`/api/v1/quotes/${q.id}`)).body.status).toBe('expired');
  });
});

async function authHeaders() {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: t.fx.users.repShanghai.email, password: 'test-password-1' },
  });
  const cookie = r.cookies.find((c) => c.name === 'tuoke_session')!;
  return { cookie: `tuoke_session=${cookie.value}` };
}

describe('quotes: numbering', () => {
  it('gives concurrently created quotes distinct, consecutive numbers for the year', async () => {
    const quotes = await Promise.all(
      Array.from({ length: 8 }, () => draft([{ productId: std, quantity: 1 }])),
    );
    const numbers = quotes.map((q: { number: string }) => q.number).sort();
    const year = new Date().toISOString().slice(0, 4);
    expect(new Set(numbers).size).toBe(8);
    const seqs = numbers.map((n: string) => {
      expect(n.startsWith(`QT-${year}-`)).toBe(true);
      return Number(n.slice(-5));
    });
    expect(seqs[seqs.length - 1]! - seqs[0]!).toBe(7);
  });
});

describe('quotes: cost and margin', () => {
  const product = async (sku: string, listPrice: number, unitCost: number | null) => {
    const r = await (await t.as('admin')).post('/api/v1/products', { sku, name: sku, listPrice, unitCost });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; version: number };
  };

  it('copies each product cost onto its line and computes cost total and margin on the net before tax', async () => {
    const a = await product('M-A', 100_000, 40_000);
    const b = await product('M-B', 33_333, 20_000);
    const q = await draft(
      [
        { productId: b.id, quantity: 3, discountBp: 1500 },
        { productId: a.id, quantity: 1, unitPrice: 90_000 },
      ],
      { discountBp: 333 },
    );
    expect(q.items.map((i: { unitCost: number }) => i.unitCost)).toEqual([20_000, 40_000]);
    expect(q.subtotal - q.discountAmount).toBe(169_172);
    // (169_172 − 100_000) / 169_172 = 40.8886 %; the 13% VAT is not revenue
    expect(q).toMatchObject({ costTotal: 100_000, marginBp: 4089 });
    const listed = (await (await t.as('repShanghai')).get(`/api/v1/quotes?opportunityId=${opportunityId}`))
      .body.items;
    expect(listed.find((x: { id: string }) => x.id === q.id)).toMatchObject({
      costTotal: 100_000,
      marginBp: 4089,
    });
  });

  it('leaves cost and margin unknown when any line has no cost; negative below cost', async () => {
    const a = await product('M-C', 100_000, 40_000);
    const unknown = await draft([
      { productId: a.id, quantity: 1 },
      { productId: std, quantity: 1 }, // no cost in the catalogue
    ]);
    expect(unknown).toMatchObject({ costTotal: null, marginBp: null });
    expect(unknown.items.map((i: { unitCost: number | null }) => i.unitCost)).toEqual([40_000, null]);
    const below = await draft([{ productId: a.id, quantity: 2, unitPrice: 25_000 }]);
    expect(below).toMatchObject({ costTotal: 80_000, marginBp: -6000 });
  });

  it('keeps the copied cost when the catalogue changes; a new version re-reads it', async () => {
    const rep = await t.as('repShanghai');
    const admin = await t.as('admin');
    const c = await product('M-D', 100_000, 30_000);
    const q = await draft([{ productId: c.id, quantity: 1 }]);
    expect(q).toMatchObject({ costTotal: 30_000, marginBp: 7000 });
    expect(
      (await admin.patch(`/api/v1/products/${c.id}`, { unitCost: 60_000, version: c.version })).status,
    ).toBe(200);
    expect((await rep.get(`/api/v1/quotes/${q.id}`)).body).toMatchObject({
      costTotal: 30_000,
      marginBp: 7000,
    });
    // editing the discount only recomputes the margin against the copied cost
    const edited = (await rep.patch(`/api/v1/quotes/${q.id}`, { discountBp: 1000, version: q.version })).body;
    expect(edited).toMatchObject({ costTotal: 30_000, marginBp: 6667 });
    const approved = (await rep.post(`/api/v1/quotes/${q.id}/submit`, { version: edited.version })).body;
    expect(approved.status).toBe('approved');
    const v2 = (await rep.post(`/api/v1/quotes/${q.id}/revise`, { version: approved.version })).body;
    expect(v2).toMatchObject({ revision: 2, costTotal: 60_000, marginBp: 3333, total: edited.total });
    expect(v2.items[0].unitCost).toBe(60_000);
    expect((await rep.get(`/api/v1/quotes/${q.id}`)).body).toMatchObject({
      status: 'superseded',
      costTotal: 30_000,
      marginBp: 6667,
    });
  });

  it('never shows cost or margin to the customer', async () => {
    const rep = await t.as('repShanghai');
    const e = await product('M-E', 100_000, 12_345);
    const q = await draft([{ productId: e.id, quantity: 1 }]);
    expect(q).toMatchObject({ costTotal: 12_345, marginBp: 8766 });
    await rep.post(`/api/v1/quotes/${q.id}/submit`, { version: q.version });
    const share = (await rep.post(`/api/v1/quotes/${q.id}/share`, {})).body;
    const view = await t.anonymous.get(`/api/v1/public/quotes/${share.token}`);
    expect(view.status).toBe(200);
    expect(view.body).not.toHaveProperty('costTotal');
    expect(view.body).not.toHaveProperty('marginBp');
    expect(view.body.items[0]).not.toHaveProperty('unitCost');
    const json = JSON.stringify(view.body);
    for (const s of ['cost', 'margin', '12345', '123.45', '8766']) expect(json).not.toContain(s);
    const page = await t.app.inject({ method: 'GET', url: share.path });
    expect(page.statusCode).toBe(200);
    for (const s of ['成本', '毛利', 'unitCost', 'costTotal', 'marginBp', '123.45', '87.66'])
      expect(page.body).not.toContain(s);
  });

  // Runs last in this file: the rule it adds would route the later tests' low-margin quotes.
  it('routes a quote whose margin is below a rule to approval; a healthy or unknown margin is approved at once', async () => {
    const admin = await t.as('admin');
    const rep = await t.as('repShanghai');
    const rule = await admin.post('/api/v1/approvals/rules', {
      businessType: 'quote',
      name: '毛利率低于 20%',
      priority: 3,
      conditions: { marginBelowBp: 2000 },
      steps: [{ approver: { type: 'manager' } }],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const thin = await product('M-F', 100_000, 85_000);
    const fat = await product('M-G', 100_000, 50_000);

    const low = await draft([{ productId: thin.id, quantity: 1 }]);
    expect(low.marginBp).toBe(1500);
    const lowSub = (await rep.post(`/api/v1/quotes/${low.id}/submit`, { version: low.version })).body;
    expect(lowSub.status).toBe('pending_approval');
    const req = (await rep.get(`/api/v1/approvals/${lowSub.approvalRequestId}`)).body;
    expect(req).toMatchObject({ marginBp: 1500, ruleId: rule.body.id });
    expect(req.pendingApproverIds).toEqual([t.fx.users.managerEast.id]);

    const loss = await draft([{ productId: thin.id, quantity: 1, unitPrice: 50_000 }]);
    expect(loss.marginBp).toBe(-7000);
    expect((await rep.post(`/api/v1/quotes/${loss.id}/submit`, { version: loss.version })).body.status).toBe(
      'pending_approval',
    );

    const high = await draft([{ productId: fat.id, quantity: 1 }]);
    expect(high.marginBp).toBe(5000);
    expect((await rep.post(`/api/v1/quotes/${high.id}/submit`, { version: high.version })).body.status).toBe(
      'approved',
    );
    // unknown is not "below": no guessing either way
    const unknown = await draft([{ productId: std, quantity: 1 }]);
    expect(unknown.marginBp).toBeNull();
    expect(
      (await rep.post(`/api/v1/quotes/${unknown.id}/submit`, { version: unknown.version })).body.status,
    ).toBe('approved');
  });
});
