import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';

/*
 * A timestamp with an offset is the same instant as its UTC form and must be stored as such:
 * SQLite compares timestamps as text, so `09:00+08:00` stored as sent would sort after `05:00Z`
 * although it is earlier.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('timestamps in requests', () => {
  it('are stored in UTC whatever offset the client sent, in bodies and in query strings', async () => {
    const rep = await t.as('repShanghai');
    const early = await rep.post('/api/v1/activities', {
      type: 'call',
      subject: '早上的电话',
      dueAt: '2026-12-01T09:00:00+08:00',
    });
    expect(early.status).toBe(201);
    expect(early.body.dueAt).toBe('2026-12-01T01:00:00.000Z');
    const late = await rep.post('/api/v1/activities', {
      type: 'call',
      subject: '下午的电话',
      dueAt: '2026-12-01T05:00:00Z',
    });
    expect(late.body.dueAt).toBe('2026-12-01T05:00:00.000Z');

    const row = await t.db.kysely
      .selectFrom('activities')
      .select('dueAt')
      .where('id', '=', early.body.id)
      .executeTakeFirstOrThrow();
    expect(String(row.dueAt)).toMatch(/^2026-12-01T01:00:00(\.000)?(Z|\+00)/);

    const changed = await rep.patch(`/api/v1/activities/${early.body.id}`, {
      doneAt: '2026-12-01T10:30:00+08:00',
      version: early.body.version,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.doneAt).toBe('2026-12-01T02:30:00.000Z');
  });

  it('still refuses a timestamp that is not one, naming the field', async () => {
    const rep = await t.as('repShanghai');
    const res = await rep.post('/api/v1/activities', { type: 'call', subject: 'x', dueAt: '明天上午' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toContain('dueAt');
  });
});
