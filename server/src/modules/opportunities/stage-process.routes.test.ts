import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../test/app.js';

let t: TestApp;
let accountEast: string;
let accountSouth: string;
let productId: string;
const stage = (i: number) => t.fx.stages[i]!;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.as('admin');
  productId = (await admin.post('/api/v1/products', { sku: 'GATE', name: '闸门版', listPrice: 50_000 })).body
    .id;
  accountEast = (await (await t.as('repEast')).post('/api/v1/accounts', { name: '华东闸门客户' })).body.id;
  accountSouth = (await (await t.as('repSouth')).post('/api/v1/accounts', { name: '华南闸门客户' })).body.id;
  // 需求确认 has the standard checklist (决策人 optional); 方案报价 needs line items; 商务谈判 a next step.
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
              { id: 'pain', label: '痛点', required: true },
              { id: 'budget', label: '预算', required: true },
              { label: '决策人', required: false },
            ],
          }
        : {}),
      ...(i === 2 ? { requiredFields: ['items'] } : {}),
      ...(i === 3 ? { requiredFields: ['nextStep', 'amount'] } : {}),
    }),
  );
  const u = await admin.patch(`/api/v1/pipelines/${t.fx.pipelineId}`, { stages, version: p.version });
  expect(u.status, JSON.stringify(u.body)).toBe(200);
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

const at = (iso: string) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
};

async function create(c: Client, body: Record<string, unknown> = {}) {
  const r = await c.post('/api/v1/opportunities', {
    name: '闸门商机',
    accountId: accountEast,
    expectedCloseDate: '2026-12-31',
    amount: 100_000,
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; version: number };
}

async function move(c: Client, id: string, stageId: string, extra: Record<string, unknown> = {}) {
  const version = (await c.get(`/api/v1/opportunities/${id}`)).body.version;
  return c.patch(`/api/v1/opportunities/${id}`, { stageId, version, ...extra });
}

describe('stage criteria', () => {
  it('keeps criteria on the pipeline, with ids for checklist items', async () => {
    const p = (await (await t.as('repEast')).get(`/api/v1/pipelines/${t.fx.pipelineId}`)).body;
    expect(p.stages[1].checklist).toMatchObject([
      { id: 'pain', label: '痛点', required: true },
      { id: 'budget', label: '预算', required: true },
      { label: '决策人', required: false },
    ]);
    expect(p.stages[1].checklist[2].id).toMatch(/^[0-9a-z-]+$/);
    expect(p.stages.map((s: { requiredFields: string[] }) => s.requiredFields)).toEqual([
      [],
      [],
      ['items'],
      ['nextStep', 'amount'],
      [],
      [],
    ]);
    const bad = await (
      await t.as('admin')
    ).patch(`/api/v1/pipelines/${t.fx.pipelineId}`, {
      stages: [
        ...p.stages.map((s: { id: string; name: string; probability: number; kind: string }) => ({
          id: s.id,
          name: s.name,
          probability: s.probability,
          kind: s.kind,
          requiredFields: ['contacts'],
        })),
      ],
      version: p.version,
    });
    expect(bad.status).toBe(400);
  });

  it('refuses moving forward until the stages left behind are satisfied, naming what is missing', async () => {
    const rep = await t.as('repEast');
    const o = await create(rep);
    expect((await move(rep, o.id, stage(1).id)).status).toBe(200);

    const refused = await move(rep, o.id, stage(2).id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('stage_requirements');
    expect(refused.body.error.message).toContain('痛点');
    expect(refused.body.error.message).toContain('预算');
    expect(refused.body.error.message).not.toContain('决策人');
    expect(refused.body.error.fields).toEqual([
      { path: `checklist/${stage(1).id}/pain`, message: '需求确认: 痛点' },
      { path: `checklist/${stage(1).id}/budget`, message: '需求确认: 预算' },
    ]);

    // skipping 方案报价 does not skip its criteria, nor those of 商务谈判 on the way to 赢单
    const skip = await move(rep, o.id, stage(4).id);
    expect(skip.status).toBe(409);
    expect(skip.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      `checklist/${stage(1).id}/pain`,
      `checklist/${stage(1).id}/budget`,
      'items',
      'nextStep',
    ]);
    expect(skip.body.error.message).toContain('at least one line item');
    expect((await rep.get(`/api/v1/opportunities/${o.id}`)).body.stageId).toBe(stage(1).id);

    // ticking the checklist opens the way to 方案报价
    const ticked = await rep.put(`/api/v1/opportunities/${o.id}/checklist`, {
      items: [
        { id: 'pain', checked: true, note: '报表靠手工' },
        { id: 'budget', checked: true },
      ],
    });
    expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
    const items = ticked.body.stages[1].items;
    expect(items[0]).toMatchObject({
      id: 'pain',
      checked: true,
      note: '报表靠手工',
      checkedBy: t.fx.users.repEast.id,
    });
    expect(items[0].checkedByName).toBeTruthy();
    expect(items[2]).toMatchObject({ label: '决策人', checked: false, checkedAt: null });
    expect(ticked.body.next).toEqual({ stageId: stage(2).id, stageName: '方案报价', missing: [] });
    expect((await move(rep, o.id, stage(2).id)).status).toBe(200);

    const cl = (await rep.get(`/api/v1/opportunities/${o.id}/checklist`)).body;
    expect(cl.next.missing).toEqual([
      { stageId: stage(2).id, stageName: '方案报价', kind: 'field', key: 'items', label: 'items' },
    ]);
    // one PATCH may fill the missing field and move on
    const withItems = await move(rep, o.id, stage(3).id, { items: [{ productId, quantity: 1 }] });
    expect(withItems.status, JSON.stringify(withItems.body)).toBe(200);

    // backwards is always allowed, and so is lost (with a reason; the competitor is optional)
    expect((await move(rep, o.id, stage(0).id)).status).toBe(200);
    expect((await move(rep, o.id, stage(5).id)).status).toBe(400);
    const lost = await move(rep, o.id, stage(5).id, { lostReason: '价格', lostCompetitor: ' 某竞品 ' });
    expect(lost.status).toBe(200);
    expect(lost.body).toMatchObject({ status: 'lost', lostReason: '价格', lostCompetitor: '某竞品' });
    // reopening a lost deal is a move back
    const reopened = await move(rep, o.id, stage(3).id);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ lostReason: null, lostCompetitor: null });
  });

  it('a new deal created in a later stage must meet the criteria of the stages it skips', async () => {
    const rep = await t.as('repEast');
    const r = await rep.post('/api/v1/opportunities', {
      name: '直接报价',
      accountId: accountEast,
      expectedCloseDate: '2026-12-31',
      stageId: stage(2).id,
    });
    expect(r.status).toBe(409);
    expect(r.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      `checklist/${stage(1).id}/pain`,
      `checklist/${stage(1).id}/budget`,
    ]);
    expect((await create(rep, { stageId: stage(1).id })).id).toBeTruthy();
    expect((await create(rep, { stageId: stage(5).id, lostReason: '预算取消' })).id).toBeTruthy();
  });
});

describe('checklist scope', () => {
  it('follows the opportunity: owners in scope and collaborators, 404 for anyone else', async () => {
    const rep = await t.as('repEast');
    const o = await create(rep, { stageId: stage(1).id });
    const url = `/api/v1/opportunities/${o.id}/checklist`;
    expect((await (await t.as('managerEast')).get(url)).status).toBe(200);
    expect((await (await t.as('repSouth')).get(url)).status).toBe(404);
    expect((await (await t.as('repSouth')).put(url, { items: [{ id: 'pain', checked: true }] })).status).toBe(
      404,
    );
    expect((await (await t.as('otherAdmin')).get(url)).status).toBe(404);
    expect((await (await t.as('otherAdmin')).get(`/api/v1/opportunities/${o.id}/stage-history`)).status).toBe(
      404,
    );
    expect((await (await t.as('recruiter')).get(url)).status).toBe(403);
    // unknown items and foreign stages are refused
    expect((await rep.put(url, { items: [{ id: 'nope', checked: true }] })).status).toBe(400);
    expect(
      (await rep.put(url, { stageId: accountEast, items: [{ id: 'pain', checked: true }] })).status,
    ).toBe(400);
    // a collaborator may read and tick
    await rep.patch(`/api/v1/opportunities/${o.id}`, {
      collaboratorIds: [t.fx.users.repSouth.id],
      version: 1,
    });
    const south = await t.as('repSouth');
    expect((await south.put(url, { items: [{ id: 'pain', checked: true }] })).status).toBe(200);
    const cl = (await rep.get(url)).body;
    expect(cl.stages[1].items[0]).toMatchObject({ checked: true, checkedBy: t.fx.users.repSouth.id });
    expect(cl.next.missing.map((m: { label: string }) => m.label)).toEqual(['预算']);
    // unticking takes it back
    await rep.put(url, { items: [{ id: 'pain', checked: false }] });
    expect((await rep.get(url)).body.next.missing).toHaveLength(2);
    // deleting the deal takes its checklist and history with it
    expect((await (await t.as('admin')).delete(`/api/v1/opportunities/${o.id}`)).status).toBe(204);
  });
});

describe('stage history', () => {
  it('writes a row per stage entered, on creation and on every move, with durations', async () => {
    const admin = await t.as('admin');
    const rep = await t.as('repEast');
    at('2026-01-01T00:00:00.000Z');
    const o = await create(rep);
    at('2026-01-03T12:00:00.000Z');
    expect((await move(admin, o.id, stage(1).id)).status).toBe(200);
    at('2026-01-06T12:00:00.000Z');
    expect((await move(rep, o.id, stage(0).id)).status).toBe(200);
    at('2026-01-08T12:00:00.000Z');
    // a refused move writes nothing
    expect((await move(rep, o.id, stage(3).id)).status).toBe(409);
    const h = await rep.get(`/api/v1/opportunities/${o.id}/stage-history`);
    expect(h.status).toBe(200);
    expect(
      h.body.items.map((r: Record<string, unknown>) => [
        r.stageName,
        r.enteredAt,
        r.leftAt,
        r.days,
        r.userId,
      ]),
    ).toEqual([
      ['初步接洽', '2026-01-01T00:00:00.000Z', '2026-01-03T12:00:00.000Z', 2.5, t.fx.users.repEast.id],
      ['需求确认', '2026-01-03T12:00:00.000Z', '2026-01-06T12:00:00.000Z', 3, t.fx.users.admin.id],
      ['初步接洽', '2026-01-06T12:00:00.000Z', null, 2, t.fx.users.repEast.id],
    ]);
  });
});

describe('stage funnel report', () => {
  it('counts entered, moved forward, conversion, won and days per stage within the caller’s scope', async () => {
    const admin = await t.as('admin');
    const p = await admin.post('/api/v1/pipelines', {
      name: '漏斗测试',
      stages: [
        { name: 'A', probability: 10, kind: 'open' },
        { name: 'B', probability: 40, kind: 'open' },
        { name: 'C', probability: 70, kind: 'open' },
        { name: '赢', probability: 100, kind: 'won' },
        { name: '输', probability: 0, kind: 'lost' },
      ],
    });
    const [A, B, C, W, L] = p.body.stages.map((s: { id: string }) => s.id);
    const pipelineId = p.body.id;
    const deal = async (owner: 'repEast' | 'repSouth', path: [string, string][], lostReason?: string) => {
      const c = await t.as(owner);
      at(path[0]![1]);
      const o = await create(c, {
        pipelineId,
        accountId: owner === 'repEast' ? accountEast : accountSouth,
      });
      for (const [stageId, when] of path.slice(1)) {
        at(when);
        const r = await move(c, o.id, stageId, stageId === L ? { lostReason } : {});
        expect(r.status, JSON.stringify(r.body)).toBe(200);
      }
      vi.useRealTimers();
    };
    await deal('repEast', [
      [A, '2026-01-01T00:00:00.000Z'],
      [B, '2026-01-03T00:00:00.000Z'],
      [C, '2026-01-07T00:00:00.000Z'],
      [W, '2026-01-10T00:00:00.000Z'],
    ]);
    await deal(
      'repEast',
      [
        [A, '2026-01-02T00:00:00.000Z'],
        [B, '2026-01-04T00:00:00.000Z'],
        [L, '2026-01-05T00:00:00.000Z'],
      ],
      '预算取消',
    );
    await deal('repEast', [[A, '2026-01-02T08:00:00.000Z']]);
    await deal('repSouth', [
      [A, '2026-01-01T00:00:00.000Z'],
      [B, '2026-01-02T00:00:00.000Z'],
    ]);

    const row = (r: Record<string, unknown>) => [
      r.stageName,
      r.entered,
      r.movedForward,
      r.conversion,
      r.won,
      r.avgDays,
      r.medianDays,
    ];
    const all = await admin.get(`/api/v1/reports/stage-funnel?pipelineId=${pipelineId}`);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.stages.map(row)).toEqual([
      ['A', 4, 3, 75, 1, 1.7, 2],
      ['B', 3, 1, 33.3, 1, 2.5, 2.5],
      ['C', 1, 1, 100, 1, 3, 3],
      ['赢', 1, 0, null, 1, null, null],
      ['输', 1, 0, null, 0, null, null],
    ]);
    // the manager of 华东 sees 华东's deals only; the rep of 华南 their own
    const east = await (
      await t.as('managerEast')
    ).get(`/api/v1/reports/stage-funnel?pipelineId=${pipelineId}`);
    expect(east.body.stages.map(row)[0]).toEqual(['A', 3, 2, 66.7, 1, 2, 2]);
    const south = await (await t.as('repSouth')).get(`/api/v1/reports/stage-funnel?pipelineId=${pipelineId}`);
    expect(south.body.stages.map((r: { entered: number }) => r.entered)).toEqual([1, 1, 0, 0, 0]);
    // the period is of entering the stage, both ends inclusive
    const day2 = await admin.get(
      `/api/v1/reports/stage-funnel?pipelineId=${pipelineId}&from=2026-01-02&to=2026-01-02`,
    );
    expect(day2.body.stages.map(row).slice(0, 2)).toEqual([
      ['A', 2, 1, 50, 0, 2, 2],
      ['B', 1, 0, 0, 0, null, null],
    ]);
    // the default pipeline when none is named; bad input is a 4xx
    expect((await admin.get('/api/v1/reports/stage-funnel')).body.pipelineId).toBe(t.fx.pipelineId);
    expect((await admin.get('/api/v1/reports/stage-funnel?from=2026-02-30')).status).toBe(400);
    expect((await admin.get('/api/v1/reports/stage-funnel?from=2026-03-02&to=2026-03-01')).status).toBe(400);
    expect(
      (await (await t.as('otherAdmin')).get(`/api/v1/reports/stage-funnel?pipelineId=${pipelineId}`)).status,
    ).toBe(404);
    expect((await (await t.as('recruiter')).get('/api/v1/reports/stage-funnel')).status).toBe(403);
  });
});
