import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const STAGES = [
  { name: '线索', probability: 10, kind: 'open' },
  { name: '报价', probability: 60, kind: 'open' },
  { name: '成交', probability: 100, kind: 'won' },
  { name: '丢单', probability: 0, kind: 'lost' },
];

describe('pipelines API', () => {
  it('lists the default pipeline first with its stages in order', async () => {
    const rep = await t.as('repEast');
    const r = await rep.get('/api/v1/pipelines');
    expect(r.body.items).toHaveLength(1);
    expect(r.body.items[0]).toMatchObject({ id: t.fx.pipelineId, isDefault: true });
    expect(
      r.body.items[0].stages.map((s: { name: string; position: number }) => [s.position, s.name]),
    ).toEqual(t.fx.stages.map((s, i) => [i, s.name]));
    expect((await rep.post('/api/v1/pipelines', { name: 'x', stages: STAGES })).status).toBe(403);
    expect((await (await t.as('recruiter')).get('/api/v1/pipelines')).status).toBe(403);
    expect((await (await t.as('otherAdmin')).get(`/api/v1/pipelines/${t.fx.pipelineId}`)).status).toBe(404);
  });

  it('creates a pipeline, makes it the default, reorders, renames and removes unused stages', async () => {
    const admin = await t.as('admin');
    const p = await admin.post('/api/v1/pipelines', { name: '渠道流程', isDefault: true, stages: STAGES });
    expect(p.status).toBe(201);
    expect((await admin.get(`/api/v1/pipelines/${t.fx.pipelineId}`)).body.isDefault).toBe(false);
    const [lead, quote, won, lost] = p.body.stages;
    const u = await admin.patch(`/api/v1/pipelines/${p.body.id}`, {
      name: '渠道销售流程',
      stages: [
        { id: quote.id, name: '正式报价', probability: 70, kind: 'open' },
        { name: '合同', probability: 90, kind: 'open' },
        { id: won.id, name: '成交', probability: 100, kind: 'won' },
        { id: lost.id, name: '丢单', probability: 0, kind: 'lost' },
      ],
      version: 1,
    });
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    expect(
      u.body.stages.map((s: { id: string; name: string; probability: number }) => [s.name, s.probability]),
    ).toEqual([
      ['正式报价', 70],
      ['合同', 90],
      ['成交', 100],
      ['丢单', 0],
    ]);
    expect(u.body.stages[0].id).toBe(quote.id);
    expect(u.body.stages.map((s: { id: string }) => s.id)).not.toContain(lead.id);
    // a new opportunity without a pipeline goes to the default one, in its first open stage
    const acc = (await admin.post('/api/v1/accounts', { name: '渠道客户' })).body.id;
    const o = await admin.post('/api/v1/opportunities', {
      name: '渠道商机',
      accountId: acc,
      expectedCloseDate: '2026-07-01',
      amount: 10_000,
    });
    expect(o.body).toMatchObject({ pipelineId: p.body.id, stageId: quote.id });
    // stages in use cannot be removed; the pipeline cannot be deleted while used or default
    const remove = await admin.patch(`/api/v1/pipelines/${p.body.id}`, {
      stages: [
        { name: 'a', probability: 1, kind: 'open' },
        { id: won.id, name: '成交', probability: 100, kind: 'won' },
        { id: lost.id, name: '丢单', probability: 0, kind: 'lost' },
      ],
      version: 2,
    });
    expect(remove.status).toBe(409);
    expect(remove.body.error.fields).toEqual([{ path: 'stages', message: 'stage still in use' }]);
    expect((await admin.delete(`/api/v1/pipelines/${p.body.id}`)).status).toBe(409);
    // a stage of another pipeline cannot be smuggled in
    const foreign = await admin.patch(`/api/v1/pipelines/${p.body.id}`, {
      stages: [{ id: t.fx.stages[0]!.id, name: 'x', probability: 1, kind: 'open' }, ...STAGES.slice(2)],
      version: 2,
    });
    expect(foreign.status).toBe(400);
    expect(
      await t.db.kysely
        .selectFrom('pipelineStages')
        .select('pipelineId')
        .where('id', '=', t.fx.stages[0]!.id)
        .executeTakeFirst(),
    ).toEqual({
      pipelineId: t.fx.pipelineId,
    });
  });

  it('deletes an unused pipeline with its stages', async () => {
    const admin = await t.as('admin');
    const p = (await admin.post('/api/v1/pipelines', { name: '临时', stages: STAGES })).body;
    expect((await admin.delete(`/api/v1/pipelines/${p.id}`)).status).toBe(204);
    expect(
      await t.db.kysely.selectFrom('pipelineStages').select('id').where('pipelineId', '=', p.id).execute(),
    ).toEqual([]);
  });

  it('board totals count, amount and weighted amount per stage, and filter by view, owner and text', async () => {
    const admin = await t.as('admin');
    const acc = (await admin.post('/api/v1/accounts', { name: '看板客户', ownerId: t.fx.users.repEast.id }))
      .body.id;
    const mk = (name: string, owner: string, stage: number, amount: number) =>
      admin.post('/api/v1/opportunities', {
        name,
        accountId: acc,
        ownerId: owner,
        pipelineId: t.fx.pipelineId,
        stageId: t.fx.stages[stage]!.id,
        amount,
        expectedCloseDate: '2026-12-01',
      });
    await mk('看板 A', t.fx.users.repEast.id, 1, 100_001);
    await mk('看板 B', t.fx.users.repEast.id, 1, 200_000);
    await mk('看板 C', t.fx.users.managerEast.id, 3, 300_000);
    const mgr = await t.as('managerEast');
    const board = await mgr.get(`/api/v1/pipelines/${t.fx.pipelineId}/board`);
    expect(board.body.pipelineId).toBe(t.fx.pipelineId);
    expect(board.body.columns.map((c: { stageId: string }) => c.stageId)).toEqual(
      t.fx.stages.map((s) => s.id),
    );
    expect(board.body.columns[1]).toEqual({
      stageId: t.fx.stages[1]!.id,
      count: 2,
      amount: 300_001,
      weightedAmount: 75_000,
    });
    expect(board.body.columns[3]).toEqual({
      stageId: t.fx.stages[3]!.id,
      count: 1,
      amount: 300_000,
      weightedAmount: 225_000,
    });
    expect(board.body.columns[0]).toMatchObject({ count: 0, amount: 0, weightedAmount: 0 });
    const mine = await mgr.get(`/api/v1/pipelines/${t.fx.pipelineId}/board?view=mine`);
    expect(mine.body.columns.map((c: { count: number }) => c.count)).toEqual([0, 0, 0, 1, 0, 0]);
    const subs = await mgr.get(`/api/v1/pipelines/${t.fx.pipelineId}/board?view=subordinates`);
    expect(subs.body.columns.map((c: { count: number }) => c.count)).toEqual([0, 2, 0, 0, 0, 0]);
    const text = await mgr.get(
      `/api/v1/pipelines/${t.fx.pipelineId}/board?q=${encodeURIComponent('看板 b')}`,
    );
    expect(text.body.columns[1]).toMatchObject({ count: 1, amount: 200_000 });
    const south = await (await t.as('managerSouth')).get(`/api/v1/pipelines/${t.fx.pipelineId}/board`);
    expect(south.body.columns.every((c: { count: number }) => c.count === 0)).toBe(true);
  });
});
