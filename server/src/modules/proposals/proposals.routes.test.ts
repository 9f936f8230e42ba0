import { inflateSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
let account: string; // repShanghai's
let contact: string;
let needs: { id: string; painPoints: { id: string }[] };
let eastNeeds: string; // repEast's
let std: string; // 333.33 yuan
let pro: string; // 1000.00 yuan
let retired: string; // deactivated
let foreignProduct: string; // another organisation's

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.as('admin');
  std = (
    await admin.post('/api/v1/products', {
      sku: 'WMS-STD',
      name: 'WMS 标准版',
      listPrice: 33_333,
      unit: '套',
    })
  ).body.id;
  pro = (
    await admin.post('/api/v1/products', { sku: 'IMPL', name: '实施服务', listPrice: 100_000, unit: '人天' })
  ).body.id;
  const r = (await admin.post('/api/v1/products', { sku: 'OLD', name: '旧版', listPrice: 1_000 })).body;
  retired = r.id;
  expect((await admin.patch(`/api/v1/products/${r.id}`, { active: false, version: r.version })).status).toBe(
    200,
  );
  foreignProduct = (
    await (await t.as('otherAdmin')).post('/api/v1/products', { sku: 'X', name: '外部', listPrice: 1 })
  ).body.id;

  const rep = await t.as('repShanghai');
  account = (await rep.post('/api/v1/accounts', { name: '上海明远制造有限公司' })).body.id;
  contact = (await rep.post('/api/v1/contacts', { accountId: account, name: '周总', title: '总经理' })).body
    .id;
  const n = await rep.post('/api/v1/needs', {
    accountId: account,
    contactId: contact,
    title: '仓储数字化需求',
    situation: '三个仓库靠 Excel 管理库存，月末盘点要停工两天。',
    goals: '库存周转天数从 90 天降到 60 天',
    decisionDate: '2026-12-20',
    goLiveDate: '2027-03-01',
    painPoints: [
      { description: '库存周转慢，呆滞料占用资金', severity: 5, category: 'cash_flow' },
      { description: '销售过程不透明', severity: 3, category: 'visibility' },
    ],
  });
  expect(n.status, JSON.stringify(n.body)).toBe(201);
  needs = n.body;
  const east = await t.as('repEast');
  const ea = (await east.post('/api/v1/accounts', { name: '华东别家' })).body.id;
  eastNeeds = (
    await east.post('/api/v1/needs', {
      accountId: ea,
      title: '别家需求',
      painPoints: [{ description: 'x', severity: 1 }],
    })
  ).body.id;
});
afterAll(() => t.close());
afterEach(() => {
  t.services.proposals.clock = () => new Date();
});

const body = (extra: object = {}) => ({
  needsId: needs.id,
  summary: '以 WMS 为核心，打通仓储与销售数据，三个月上线。',
  sections: [
    {
      painPointId: 'p1',
      solution: '条码化出入库，实时库存与呆滞预警',
      items: [
        { productId: std, quantity: 3 },
        { productId: pro, quantity: 1, unitPrice: 88_888 },
      ],
    },
    { painPointId: 'p2', solution: '销售看板与漏斗分析', items: [{ productId: std, quantity: 1 }] },
  ],
  ...extra,
});
const create = async (extra: object = {}) => {
  const r = await (await t.as('repShanghai')).post('/api/v1/proposals', body(extra));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};

describe('proposals: totals and validation', () => {
  it('prices each pain point’s products on the server, exact to the fen, with the total in 大写', async () => {
    const p = await create();
    expect(p).toMatchObject({
      status: 'draft',
      accountName: '上海明远制造有限公司',
      contactName: '周总',
      needsTitle: '仓储数字化需求',
      title: '上海明远制造有限公司 解决方案建议书',
      currency: 'CNY',
      // 3 × 333.33 + 888.88 + 333.33 = 2222.20
      total: 99_999 + 88_888 + 33_333,
      totalInWords: '贰仟贰佰贰拾贰元贰角',
    });
    expect(
      p.sections.map((s: { painPoint: string; severity: number; subtotal: number }) => [
        s.painPoint,
        s.severity,
        s.subtotal,
      ]),
    ).toEqual([
      ['库存周转慢，呆滞料占用资金', 5, 188_887],
      ['销售过程不透明', 3, 33_333],
    ]);
    expect(p.sections[0].items[1]).toMatchObject({
      name: '实施服务',
      listPrice: 100_000,
      unitPrice: 88_888,
      amount: 88_888,
      unit: '人天',
    });
    expect(p.number).toMatch(/^FA-\d{8}-\d{4}$/);

    const one = await create({
      sections: [{ painPointId: 'p1', solution: '一项', items: [{ productId: std, quantity: 7 }] }],
    });
    expect(one).toMatchObject({ total: 233_331, totalInWords: '贰仟叁佰叁拾叁元叁角壹分' });
  });

  it('refuses bad input with the field, and stores nothing', async () => {
    const rep = await t.as('repShanghai');
    const before = (await rep.get(`/api/v1/proposals?accountId=${account}`)).body.items.length;
    const section = (items: object[], painPointId = 'p1') => ({
      sections: [{ painPointId, solution: '方案', items }],
    });
    const cases: [object, string][] = [
      [section([{ productId: std, quantity: 1 }], 'p9'), 'sections/0/painPointId'],
      [section([{ productId: retired, quantity: 1 }]), 'sections/0/items/0/productId'],
      [section([{ productId: foreignProduct, quantity: 1 }]), 'sections/0/items/0/productId'],
      [section([{ productId: std, quantity: 0 }]), 'sections/0/items/0/quantity'],
      [section([{ productId: std, quantity: 1, unitPrice: -1 }]), 'sections/0/items/0/unitPrice'],
      [section([{ productId: std, quantity: 1, unitPrice: 1.5 }]), 'sections/0/items/0/unitPrice'],
      [
        section([{ productId: std, quantity: 1_000_000, unitPrice: 100_000_000_000_000 }]),
        'sections/0/items/0/quantity',
      ],
      [{ sections: [{ painPointId: 'p1', solution: '  ', items: [] }] }, 'sections/0/solution'],
      [{ needsId: eastNeeds }, 'needsId'],
      [{ contactId: 'not-a-contact' }, 'contactId'],
      [{ total: 1 }, ''],
    ];
    for (const [extra, path] of cases) {
      const r = await rep.post('/api/v1/proposals', body(extra));
      expect(r.status, JSON.stringify([extra, r.body])).toBe(400);
      if (path) expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    expect((await rep.get(`/api/v1/proposals?accountId=${account}`)).body.items.length).toBe(before);
  });
});

describe('proposals: numbering', () => {
  it('numbers FA-<date>-<sequence of the year>, unique under concurrent creation', async () => {
    t.services.proposals.clock = () => new Date('2031-11-28T03:00:00Z');
    const rep = await t.as('repShanghai');
    const results = await Promise.all(Array.from({ length: 8 }, () => rep.post('/api/v1/proposals', body())));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const numbers = results.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual(
      Array.from({ length: 8 }, (_, i) => `FA-20311128-${String(i + 1).padStart(4, '0')}`),
    );
    // China date: 2031-12-31T17:00Z is already 2032-01-01 in Shanghai, a new year's counter
    t.services.proposals.clock = () => new Date('2031-12-31T17:00:00Z');
    expect((await create()).number).toBe('FA-20320101-0001');
  });
});

describe('proposals: status, editing and access', () => {
  it('draft → sent → accepted; only a draft changes; a stale version is refused', async () => {
    const rep = await t.as('repShanghai');
    const p = await create();
    const edited = await rep.patch(`/api/v1/proposals/${p.id}`, {
      version: p.version,
      title: '明远仓储解决方案',
      sections: [{ painPointId: 'p2', solution: '销售看板', items: [{ productId: pro, quantity: 2 }] }],
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({
      title: '明远仓储解决方案',
      total: 200_000,
      totalInWords: '贰仟元整',
      version: 2,
    });
    expect(edited.body.sections).toHaveLength(1);
    expect((await rep.patch(`/api/v1/proposals/${p.id}`, { version: 1, title: 'x' })).status).toBe(409);

    const sent = await rep.post(`/api/v1/proposals/${p.id}/status`, { status: 'sent', version: 2 });
    expect(sent.status).toBe(200);
    expect(sent.body.sentAt).not.toBeNull();
    const locked = await rep.patch(`/api/v1/proposals/${p.id}`, { version: 3, title: 'x' });
    expect(locked.status).toBe(409);
    expect(
      (await rep.post(`/api/v1/proposals/${p.id}/status`, { status: 'accepted', version: 2 })).body.error
        .code,
    ).toBe('stale');
    const accepted = await rep.post(`/api/v1/proposals/${p.id}/status`, { status: 'accepted', version: 3 });
    expect(accepted.body).toMatchObject({ status: 'accepted', version: 4 });
    expect(accepted.body.decidedAt).not.toBeNull();
    expect((await rep.post(`/api/v1/proposals/${p.id}/status`, { status: 'draft', version: 4 })).status).toBe(
      409,
    );
    expect((await rep.post(`/api/v1/proposals/${p.id}/status`, { status: 'won', version: 4 })).status).toBe(
      400,
    );

    const empty = await create({ sections: [] });
    expect(
      (await rep.post(`/api/v1/proposals/${empty.id}/status`, { status: 'sent', version: 1 })).status,
    ).toBe(409);
    expect((await rep.delete(`/api/v1/proposals/${empty.id}`)).status).toBe(403);
    expect((await (await t.as('managerEast')).delete(`/api/v1/proposals/${empty.id}`)).status).toBe(204);
    // a needs record with proposals is not deleted under them
    expect((await (await t.as('managerEast')).delete(`/api/v1/needs/${needs.id}`)).status).toBe(409);
  });

  it('follows the account: another rep and another tenant get 404, the manager sees the team', async () => {
    const p = await create();
    const east = await t.as('repEast');
    expect((await east.get(`/api/v1/proposals/${p.id}`)).status).toBe(404);
    expect((await east.get(`/api/v1/proposals/${p.id}/pdf`)).status).toBe(404);
    expect((await east.patch(`/api/v1/proposals/${p.id}`, { version: 1, title: 'x' })).status).toBe(404);
    expect((await east.get('/api/v1/proposals')).body.items.map((x: { id: string }) => x.id)).not.toContain(
      p.id,
    );
    expect((await (await t.as('otherAdmin')).get(`/api/v1/proposals/${p.id}`)).status).toBe(404);
    expect((await (await t.as('otherRep')).get('/api/v1/proposals')).body.items).toEqual([]);
    expect((await (await t.as('managerEast')).get(`/api/v1/proposals/${p.id}`)).status).toBe(200);
    expect((await (await t.as('managerSouth')).get(`/api/v1/proposals/${p.id}`)).status).toBe(404);
    expect((await (await t.as('marketing')).get('/api/v1/proposals')).status).toBe(403);
    const byNeeds = (await (await t.as('repShanghai')).get(`/api/v1/proposals?needsId=${needs.id}`)).body
      .items;
    expect(byNeeds.map((x: { id: string }) => x.id)).toContain(p.id);
  });
});

/** The page objects, the page tree's count, the media boxes and the fonts of a PDF file. */
function pdfStructure(pdf: Buffer) {
  const text = pdf.toString('latin1');
  // object streams are not used by pdfkit, so dictionaries are plain text; content streams are deflated
  const pages = text.match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
  const count = Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(text)?.[1]);
  const boxes = [...text.matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((m) =>
    m[1]!.trim().split(/\s+/).map(Number),
  );
  const fonts = [...text.matchAll(/\/BaseFont \/([A-Z]{6}\+)?([^\s/>]+)/g)].map((m) => m[2]);
  const streams = [...text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) =>
    Buffer.from(m[1]!, 'latin1'),
  );
  const inflated = streams.flatMap((s) => {
    try {
      return [inflateSync(s).toString('latin1')];
    } catch {
      return [];
    }
  });
  return {
    header: text.slice(0, 5),
    trailer: text.trimEnd().endsWith('%%EOF'),
    pages,
    count,
    boxes,
    fonts,
    embedsFontFile: /\/FontFile2 \d+ 0 R/.test(text),
    textOps: inflated.filter((s) => / Tj| TJ/.test(s)).length,
  };
}

describe('proposals: the PDF', () => {
  it('renders a valid A4 PDF with the CJK font embedded, one page for a short proposal', async () => {
    const p = await create();
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/v1/proposals/${p.id}/pdf`,
      headers: await authHeaders(),
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/pdf');
    expect(r.headers['content-disposition']).toContain(`${p.number}.pdf`);
    const s = pdfStructure(r.rawPayload);
    expect(s).toMatchObject({ header: '%PDF-', trailer: true, pages: 1, count: 1, embedsFontFile: true });
    expect(s.boxes).toEqual([[0, 0, 595.28, 841.89]]);
    expect(s.fonts).toContain('WenQuanYiMicroHei');
    expect(s.textOps).toBeGreaterThan(0);
  });

  it('breaks a long proposal across pages, every page A4', async () => {
    const rep = await t.as('repShanghai');
    const pains = Array.from({ length: 24 }, (_, i) => ({
      description: `第 ${i + 1} 个痛点：${'库存周转慢，'.repeat(6)}`,
      severity: (i % 5) + 1,
    }));
    const big = (
      await rep.post('/api/v1/needs', { accountId: account, title: '大型需求', painPoints: pains })
    ).body;
    const p = (
      await rep.post('/api/v1/proposals', {
        needsId: big.id,
        summary: '综合方案。'.repeat(80),
        sections: big.painPoints.map((pp: { id: string }) => ({
          painPointId: pp.id,
          solution: '通过条码化出入库、库存预警和数据看板解决。'.repeat(3),
          items: [
            { productId: std, quantity: 2 },
            { productId: pro, quantity: 1 },
          ],
        })),
      })
    ).body;
    expect(p.total).toBe(24 * (66_666 + 100_000));
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/v1/proposals/${p.id}/pdf`,
      headers: await authHeaders(),
    });
    const s = pdfStructure(r.rawPayload);
    expect(s.pages).toBeGreaterThanOrEqual(3);
    expect(s.count).toBe(s.pages);
    expect(s.boxes).toHaveLength(s.pages);
    expect(new Set(s.boxes.map((b) => b.join(' ')))).toEqual(new Set(['0 0 595.28 841.89']));
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
