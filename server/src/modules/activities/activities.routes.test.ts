import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
let accountId: string;
let contactId: string;
let oppId: string;
beforeAll(async () => {
  t = await createTestApp();
  const rep = await t.as('repEast');
  accountId = (await rep.post('/api/v1/accounts', { name: '宁波港务' })).body.id;
  contactId = (await rep.post('/api/v1/contacts', { name: '赵总', accountId })).body.id;
  oppId = (
    await rep.post('/api/v1/opportunities', { name: '港务系统', accountId, expectedCloseDate: '2026-09-09' })
  ).body.id;
});
afterAll(() => t.close());

describe('activities API', () => {
  it('logs activities on records, derives the account, and shows names', async () => {
    const rep = await t.as('repEast');
    const visit = await rep.post('/api/v1/activities', {
      type: 'visit',
      subject: '上门拜访',
      relatedType: 'contact',
      relatedId: contactId,
      doneAt: '2026-03-02T02:00:00.000Z',
      location: '宁波',
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    expect(visit.body).toMatchObject({ relatedName: '赵总', accountId, ownerName: 'repEast', version: 1 });
    const call = await rep.post('/api/v1/activities', {
      type: 'call',
      subject: '跟进报价',
      relatedType: 'opportunity',
      relatedId: oppId,
      dueAt: '2026-03-05T01:00:00.000Z',
    });
    expect(call.body).toMatchObject({ relatedName: '港务系统', accountId, doneAt: null });
    const note = await rep.post('/api/v1/activities', { type: 'note', subject: '  备忘  ' });
    expect(note.body).toMatchObject({ subject: '备忘', relatedType: null, accountId: null });

    const open = await rep.get('/api/v1/activities?done=false&sort=dueAt');
    expect(open.body.items.map((a: { subject: string }) => a.subject)).toEqual(['跟进报价']);
    const byAccount = await rep.get(`/api/v1/activities?accountId=${accountId}`);
    expect(byAccount.body.items.map((a: { subject: string }) => a.subject).sort()).toEqual(
      ['上门拜访', '跟进报价'].sort(),
    );
    const window = await rep.get(
      '/api/v1/activities?dueFrom=2026-03-04T00:00:00.000Z&dueTo=2026-03-06T00:00:00.000Z',
    );
    expect(window.body.items.map((a: { id: string }) => a.id)).toEqual([call.body.id]);

    // the account's timeline gathers what was logged on its contacts and deals, newest first
    const tl = await rep.get(`/api/v1/accounts/${accountId}/timeline`);
    const acts = tl.body.items.filter((e: { kind: string }) => e.kind === 'activity');
    expect(
      acts.map((e: { at: string; activity: { subject: string } }) => [e.at, e.activity.subject]),
    ).toEqual([
      ['2026-03-05T01:00:00.000Z', '跟进报价'],
      ['2026-03-02T02:00:00.000Z', '上门拜访'],
    ]);
  });

  it('completes an activity with history, and lets only the owner side delete it', async () => {
    const rep = await t.as('repEast');
    const a = (await rep.post('/api/v1/activities', { type: 'task', subject: '发合同' })).body;
    const done = await rep.patch(`/api/v1/activities/${a.id}`, {
      doneAt: '2026-03-06T08:00:00.000Z',
      version: 1,
    });
    expect(done.body).toMatchObject({ doneAt: '2026-03-06T08:00:00.000Z', version: 2 });
    expect((await rep.patch(`/api/v1/activities/${a.id}`, { relatedId: contactId, version: 2 })).status).toBe(
      400,
    );
    expect((await (await t.as('repSouth')).delete(`/api/v1/activities/${a.id}`)).status).toBe(404);
    expect((await rep.delete(`/api/v1/activities/${a.id}`)).status).toBe(204);
    expect((await rep.get(`/api/v1/activities/${a.id}`)).status).toBe(404);
  });

  it('refuses records the actor cannot see and half-given relations', async () => {
    const south = await t.as('repSouth');
    const r = await south.post('/api/v1/activities', {
      type: 'call',
      subject: 'x',
      relatedType: 'account',
      relatedId: accountId,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual([
      { path: 'relatedId', message: 'no such account in your data scope' },
    ]);
    const half = await south.post('/api/v1/activities', { type: 'call', subject: 'x', relatedType: 'lead' });
    expect(half.body.error.fields[0].path).toBe('relatedId');
    // a recruiter logs their own activities but cannot attach them to sales records
    const rec = await t.as('recruiter');
    expect((await rec.post('/api/v1/activities', { type: 'meeting', subject: '面试' })).status).toBe(201);
    expect(
      (
        await rec.post('/api/v1/activities', {
          type: 'call',
          subject: 'x',
          relatedType: 'contact',
          relatedId: contactId,
        })
      ).status,
    ).toBe(400);
    expect((await rec.get(`/api/v1/accounts/${accountId}/timeline`)).status).toBe(403);
  });
});
