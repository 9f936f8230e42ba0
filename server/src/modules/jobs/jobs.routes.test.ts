import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { createTestDb, testEngine } from '../../../test/db.js';
import { openDatabase } from '../../db/database.js';
import { dialectFor } from '../../db/dialect.js';
import { JobRunner } from './jobs.runner.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const runner = () => new JobRunner(t.db.kysely, dialectFor(t.db.engine), t.app.log);
const job = (id: string) =>
  t.db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

describe('JobRunner', () => {
  it('runs a due job once with its payload and marks it done', async () => {
    const r = runner();
    const seen: unknown[] = [];
    r.register('test.echo', async (payload, meta) => {
      seen.push([payload, meta.orgId, meta.attempts]);
    });
    const now = new Date();
    const later = await r.enqueue('test.echo', { n: 2 }, { runAt: at(now, 60) });
    const id = await r.enqueue('test.echo', { n: 1 }, { orgId: t.fx.orgId });
    expect(await r.runDue(at(now, 1))).toBe(1);
    expect(seen).toEqual([[{ n: 1 }, t.fx.orgId, 1]]);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 1, lastError: null, lockedBy: null });
    expect((await job(later)).status).toBe('queued');
    expect(await r.runDue(at(now, 61))).toBe(1);
    expect(seen).toHaveLength(2);
  });

  it('retries a failing job with growing backoff, then leaves it failed after maxAttempts', async () => {
    const r = runner();
    let calls = 0;
    r.register('test.flaky', async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    const now = new Date(Date.now() + 3_600_000);
    const id = await r.enqueue('test.flaky', {}, { orgId: t.fx.orgId, maxAttempts: 3, runAt: now });
    expect(await r.runDue(now)).toBe(1);
    expect(await job(id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: 'boom 1',
      runAt: at(now, 10).toISOString(),
    });
    expect(await r.runDue(at(now, 9))).toBe(0);
    expect(await r.runDue(at(now, 10))).toBe(1);
    expect(await job(id)).toMatchObject({ status: 'queued', attempts: 2, runAt: at(now, 30).toISOString() });
    expect(await r.runDue(at(now, 29))).toBe(0);
    expect(await r.runDue(at(now, 30))).toBe(1);
    const failed = await job(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastError: 'boom 3', lockedBy: null });
    expect(failed.finishedAt).not.toBeNull();
    expect(await r.runDue(at(now, 10_000))).toBe(0);
    expect(calls).toBe(3);
  });

  it('fails a job whose type has no handler, with the reason', async () => {
    const r = runner();
    const id = await r.enqueue('test.unknown', {}, { maxAttempts: 1 });
    await r.runDue();
    expect(await job(id)).toMatchObject({
      status: 'failed',
      lastError: 'No handler registered for job type test.unknown',
    });
  });

  it('enqueues a schedule once per slot, however many runners tick', async () => {
    const [a, b] = [runner(), runner()];
    await a.schedule('test.nightly', 'test.nightly', 3600, { k: 1 });
    await b.schedule('test.nightly', 'test.nightly', 3600, { k: 1 });
    const queued = () =>
      t.db.kysely.selectFrom('jobs').select(['payload']).where('type', '=', 'test.nightly').execute();
    const now = new Date(Date.now() + 1000);
    expect((await Promise.all([a.tickSchedules(now), b.tickSchedules(now)])).sort()).toEqual([0, 1]);
    expect(await queued()).toEqual([{ payload: '{"k":1}' }]);
    expect(await a.tickSchedules(at(now, 3599))).toBe(0);
    const next = at(now, 3600);
    expect((await Promise.all([b.tickSchedules(next), a.tickSchedules(next)])).sort()).toEqual([0, 1]);
    expect(await queued()).toHaveLength(2);
  });

  it('never gives the same job to two runners claiming at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tuoke-jobs-'));
    const db = await createTestDb({ file: path.join(dir, 'jobs.db') });
    const second = openDatabase(db.url, { poolSize: 4 });
    try {
      const dialect = dialectFor(db.engine);
      const [a, b] = [
        new JobRunner(db.kysely, dialect, t.app.log),
        new JobRunner(second.kysely, dialect, t.app.log),
      ];
      const ids = new Set<string>();
      for (let i = 0; i < 30; i++) ids.add(await a.enqueue('test.claim', { i }));
      const drain = async (r: JobRunner) => {
        const got: string[] = [];
        for (let job = await r.claim(); job; job = await r.claim()) got.push(job.id);
        return got;
      };
      // several claimers per runner, so claims really overlap on PostgreSQL's pool
      const results = await Promise.all([drain(a), drain(b), drain(a), drain(b)]);
      const all = results.flat();
      expect(all).toHaveLength(30);
      expect(new Set(all)).toEqual(ids);
      if (testEngine === 'postgres') expect(results[1]!.length + results[3]!.length).toBeGreaterThan(0);
      const rows = await db.kysely.selectFrom('jobs').select(['status', 'attempts']).execute();
      expect(rows.every((r) => r.status === 'running' && r.attempts === 1)).toBe(true);
    } finally {
      await second.close();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GET /api/v1/jobs and retry', () => {
  it('lists failed jobs to admins of the organisation only, and queues one again on retry', async () => {
    const r = runner();
    r.register('test.broken', async () => {
      throw new Error('smtp down');
    });
    const id = await r.enqueue('test.broken', {}, { orgId: t.fx.orgId, maxAttempts: 1 });
    await r.runDue();
    const admin = await t.as('admin');
    const list = await admin.get('/api/v1/jobs?status=failed');
    expect(list.status).toBe(200);
    const mine = list.body.items.find((j: { id: string }) => j.id === id);
    expect(mine).toMatchObject({
      type: 'test.broken',
      status: 'failed',
      attempts: 1,
      maxAttempts: 1,
      lastError: 'smtp down',
    });
    expect(mine).not.toHaveProperty('payload');
    expect(mine).not.toHaveProperty('lockedBy');
    expect(
      (await admin.get('/api/v1/jobs?status=done')).body.items.map((j: { id: string }) => j.id),
    ).not.toContain(id);

    for (const who of ['director', 'managerEast', 'repShanghai', 'recruiter'] as const) {
      const c = await t.as(who);
      expect((await c.get('/api/v1/jobs')).status, who).toBe(403);
      expect((await c.post(`/api/v1/jobs/${id}/retry`)).status, who).toBe(403);
    }
    const other = await t.as('otherAdmin');
    expect(
      (await other.get('/api/v1/jobs?limit=200')).body.items.map((j: { id: string }) => j.id),
    ).not.toContain(id);
    expect((await other.post(`/api/v1/jobs/${id}/retry`)).status).toBe(404);

    const retried = await admin.post(`/api/v1/jobs/${id}/retry`);
    expect(retried.status).toBe(204);
    expect(await job(id)).toMatchObject({ status: 'queued', attempts: 0, finishedAt: null });
    // only failed jobs can be retried
    const again = await admin.post(`/api/v1/jobs/${id}/retry`);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('not_found');
    r.register('test.broken', async () => {});
    await r.runDue();
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('pages through jobs newest first', async () => {
    const r = runner();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await r.enqueue('test.page', {}, { orgId: t.fx.orgId, runAt: at(new Date(), 86_400) }));
    const admin = await t.as('admin');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string; type: string }[]; nextCursor: string | null } } =
        await admin.get(`/api/v1/jobs?status=queued&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.filter((j) => j.type === 'test.page').map((j) => j.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });
});
