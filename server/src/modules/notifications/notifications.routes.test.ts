import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '@tuoke/shared';
import { createTestApp, type Person, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const id = (p: Person) => t.fx.users[p].id;

/** n notifications for a person, one second apart (the last one newest). */
async function seed(person: Person, n: number, start = Date.parse('2026-11-20T00:00:00Z')) {
  const svc = t.services.notifications;
  const orgId = person.startsWith('other') ? t.fx.otherOrgId : t.fx.orgId;
  for (let i = 0; i < n; i++) {
    svc.clock = () => new Date(start + i * 1000);
    await svc.notify(orgId, [
      {
        userId: id(person),
        kind: 'customer_forgotten',
        params: { accountName: `客户${i}`, days: 30 + i },
        link: '/accounts',
      },
    ]);
  }
  svc.clock = () => new Date();
}

describe('notifications API', () => {
  it('lists only my own, newest first, with a keyset cursor and an unread filter', async () => {
    await seed('repShanghai', 5);
    await seed('repEast', 2);
    await seed('otherRep', 2);
    const rep = await t.as('repShanghai');
    const first = await rep.get('/api/v1/notifications?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((n: { params: { accountName: string } }) => n.params.accountName)).toEqual([
      '客户4',
      '客户3',
    ]);
    expect(first.body.items[0]).toMatchObject({
      kind: 'customer_forgotten',
      params: { accountName: '客户4', days: 34 },
      link: '/accounts',
      readAt: null,
      emailState: 'none',
    });
    const second = await rep.get(`/api/v1/notifications?limit=2&cursor=${first.body.nextCursor}`);
    const third = await rep.get(`/api/v1/notifications?limit=2&cursor=${second.body.nextCursor}`);
    expect(second.body.items.map((n: { params: { accountName: string } }) => n.params.accountName)).toEqual([
      '客户2',
      '客户1',
    ]);
    expect(third.body.items).toHaveLength(1);
    expect(third.body.nextCursor).toBeNull();
    expect((await rep.get('/api/v1/notifications/unread-count')).body).toEqual({ count: 5 });
    expect((await (await t.as('otherRep')).get('/api/v1/notifications/unread-count')).body).toEqual({
      count: 2,
    });
    expect((await (await t.as('managerEast')).get('/api/v1/notifications')).body.items).toEqual([]);
  });

  it('marks read only my own; read-all leaves others alone', async () => {
    const rep = await t.as('repShanghai');
    const east = await t.as('repEast');
    const mine = (await rep.get('/api/v1/notifications')).body.items as { id: string }[];
    const theirs = (await east.get('/api/v1/notifications')).body.items as { id: string }[];
    const r = await rep.post('/api/v1/notifications/read', { ids: [mine[0]!.id, theirs[0]!.id] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ updated: 1 });
    // again: already read
    expect((await rep.post('/api/v1/notifications/read', { ids: [mine[0]!.id] })).body).toEqual({
      updated: 0,
    });
    expect((await east.get('/api/v1/notifications/unread-count')).body.count).toBe(2);
    const unread = await rep.get('/api/v1/notifications?unread=true');
    expect(unread.body.items).toHaveLength(4);
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(mine[0]!.id);
    const readOne = (await rep.get('/api/v1/notifications')).body.items.find(
      (n: { id: string }) => n.id === mine[0]!.id,
    );
    expect(readOne.readAt).not.toBeNull();

    expect((await rep.post('/api/v1/notifications/read-all')).body).toEqual({ updated: 4 });
    expect((await rep.get('/api/v1/notifications/unread-count')).body.count).toBe(0);
    expect((await east.get('/api/v1/notifications/unread-count')).body.count).toBe(2);
    expect((await (await t.as('otherRep')).get('/api/v1/notifications/unread-count')).body.count).toBe(2);
  });

  it('refuses bad input with the field named', async () => {
    const rep = await t.as('repShanghai');
    expect((await rep.post('/api/v1/notifications/read', { ids: [] })).status).toBe(400);
    expect((await rep.post('/api/v1/notifications/read', { ids: ['x y'] })).status).toBe(400);
    expect((await rep.post('/api/v1/notifications/read', { ids: ['a'], extra: 1 })).status).toBe(400);
    const badCursor = await rep.get('/api/v1/notifications?cursor=nonsense');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.fields[0].path).toBe('cursor');
    expect((await rep.get('/api/v1/notifications?unread=maybe')).status).toBe(400);
    expect((await rep.get('/api/v1/notifications?kind=nonsense')).status).toBe(400);
    expect((await t.anonymous.get('/api/v1/notifications')).status).toBe(401);
  });

  it('filters by kind', async () => {
    await t.services.notifications.notify(t.fx.orgId, [
      { userId: id('repSouth'), kind: 'report_comment', params: { authorName: 'managerSouth' } },
      { userId: id('repSouth'), kind: 'visit_missed', params: {} },
    ]);
    const rep = await t.as('repSouth');
    const r = await rep.get('/api/v1/notifications?kind=report_comment');
    expect(r.body.items.map((n: { kind: string }) => n.kind)).toEqual(['report_comment']);
  });

  it('reads and saves my preferences per kind', async () => {
    const rep = await t.as('repEast');
    const before = await rep.get('/api/v1/notifications/preferences');
    expect(before.status).toBe(200);
    expect(before.body.items.map((p: { kind: string }) => p.kind)).toEqual([...NOTIFICATION_KINDS]);
    expect(before.body.items.find((p: { kind: string }) => p.kind === 'supervision_digest')).toEqual({
      kind: 'supervision_digest',
      inApp: true,
      email: true,
    });
    const saved = await rep.put('/api/v1/notifications/preferences', {
      items: [{ kind: 'supervision_digest', inApp: true, email: false }],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.items.find((p: { kind: string }) => p.kind === 'supervision_digest').email).toBe(false);
    // saving again updates the same row
    await rep.put('/api/v1/notifications/preferences', {
      items: [{ kind: 'supervision_digest', inApp: false, email: true }],
    });
    const after = (await rep.get('/api/v1/notifications/preferences')).body.items;
    expect(after.find((p: { kind: string }) => p.kind === 'supervision_digest')).toEqual({
      kind: 'supervision_digest',
      inApp: false,
      email: true,
    });
    // someone else's are untouched
    const other = (await (await t.as('repShanghai')).get('/api/v1/notifications/preferences')).body.items;
    expect(other.find((p: { kind: string }) => p.kind === 'supervision_digest')).toMatchObject({
      inApp: true,
      email: true,
    });

    const bad = async (body: unknown) => (await rep.put('/api/v1/notifications/preferences', body)).status;
    expect(await bad({ items: [] })).toBe(400);
    expect(await bad({ items: [{ kind: 'nonsense', inApp: true, email: true }] })).toBe(400);
    expect(await bad({ items: [{ kind: 'activity_due', inApp: 'yes', email: true }] })).toBe(400);
    expect(await bad({ items: [{ kind: 'activity_due', inApp: true }] })).toBe(400);
    const twice = await rep.put('/api/v1/notifications/preferences', {
      items: [
        { kind: 'activity_due', inApp: true, email: true },
        { kind: 'activity_due', inApp: false, email: false },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields[0].path).toBe('items/1/kind');
  });
});
