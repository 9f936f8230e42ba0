import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LEAD_SOURCES } from '@tuoke/shared';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('lead sources', () => {
  it('start with the defaults of the former closed list, by category', async () => {
    const r = await (await t.as('repEast')).get('/api/v1/lead-sources');
    expect(r.status).toBe(200);
    expect(r.body.items.map((s: { key: string }) => s.key)).toEqual(DEFAULT_LEAD_SOURCES.map((s) => s.key));
    expect(r.body.items.find((s: { key: string }) => s.key === 'trade_show')).toMatchObject({
      nameZh: '展会',
      nameEn: 'Trade show',
      category: 'events',
      active: true,
      leadCount: 0,
    });
  });

  it('marketing adds a source that leads may then use; a duplicate key is a conflict', async () => {
    const mkt = await t.as('marketing');
    const created = await mkt.post('/api/v1/lead-sources', {
      key: 'wechat_official',
      nameZh: '微信公众号',
      nameEn: 'WeChat official account',
      category: 'online',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'wechat_official', active: true, version: 1 });
    const lead = await mkt.post('/api/v1/leads', {
      name: '公众号留言',
      source: 'wechat_official',
      ownerId: null,
    });
    expect(lead.status).toBe(201);
    expect(lead.body.source).toBe('wechat_official');
    const again = await mkt.post('/api/v1/lead-sources', {
      key: 'wechat_official',
      nameZh: '重复',
      nameEn: 'Dup',
      category: 'online',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.fields).toEqual([{ path: 'key', message: 'already used' }]);
    const bad = await mkt.post('/api/v1/lead-sources', {
      key: 'Bad Key',
      nameZh: 'x',
      nameEn: 'x',
      category: 'online',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('key');
  });

  it('refuses an unknown or inactive source on create and update, with the field named', async () => {
    const mkt = await t.as('marketing');
    const unknown = await mkt.post('/api/v1/leads', { name: '来源不明', source: 'tiktok_live' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual([
      { path: 'source', message: '"tiktok_live" is not a lead source of your organisation' },
    ]);
    const list = (await mkt.get('/api/v1/lead-sources')).body.items as {
      id: string;
      key: string;
      version: number;
    }[];
    const seminar = list.find((s) => s.key === 'seminar')!;
    const lead = (await mkt.post('/api/v1/leads', { name: '研讨会 A', source: 'seminar' })).body;
    const off = await mkt.patch(`/api/v1/lead-sources/${seminar.id}`, {
      active: false,
      version: seminar.version,
    });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, leadCount: 1, version: 2 });
    const inactive = await mkt.post('/api/v1/leads', { name: '研讨会 B', source: 'seminar' });
    expect(inactive.status).toBe(400);
    expect(inactive.body.error.fields[0]).toEqual({
      path: 'source',
      message: 'the lead source "seminar" is deactivated',
    });
    // a lead that already has it keeps it, and may still be edited otherwise
    const edit = await mkt.patch(`/api/v1/leads/${lead.id}`, { company: '新公司', version: lead.version });
    expect(edit.status).toBe(200);
    expect(edit.body.source).toBe('seminar');
    const switchTo = await mkt.patch(`/api/v1/leads/${lead.id}`, {
      source: 'nope',
      version: edit.body.version,
    });
    expect(switchTo.status).toBe(400);
    expect(switchTo.body.error.fields[0].path).toBe('source');
  });

  it('deletes only an unused source; a used one must be deactivated', async () => {
    const mkt = await t.as('marketing');
    const list = (await mkt.get('/api/v1/lead-sources')).body.items as { id: string; key: string }[];
    const used = await mkt.delete(`/api/v1/lead-sources/${list.find((s) => s.key === 'seminar')!.id}`);
    expect(used.status).toBe(409);
    const unused = await mkt.delete(
      `/api/v1/lead-sources/${list.find((s) => s.key === 'market_research')!.id}`,
    );
    expect(unused.status).toBe(204);
    expect(
      (await mkt.get('/api/v1/lead-sources')).body.items.map((s: { key: string }) => s.key),
    ).not.toContain('market_research');
  });

  it('reps read but do not manage sources', async () => {
    const rep = await t.as('repEast');
    const r = await rep.post('/api/v1/lead-sources', {
      key: 'x_source',
      nameZh: 'x',
      nameEn: 'x',
      category: 'other',
    });
    expect(r.status).toBe(403);
  });

  it('keeps each organisation to its own sources', async () => {
    const other = await t.as('otherAdmin');
    const mine = (await (await t.as('marketing')).get('/api/v1/lead-sources')).body.items as {
      id: string;
      key: string;
      version: number;
    }[];
    const theirs = (await other.get('/api/v1/lead-sources')).body.items as { key: string }[];
    expect(theirs.map((s) => s.key)).not.toContain('wechat_official');
    expect(theirs.map((s) => s.key)).toContain('market_research');
    const s = mine.find((x) => x.key === 'wechat_official')!;
    expect(
      (await other.patch(`/api/v1/lead-sources/${s.id}`, { active: false, version: s.version })).status,
    ).toBe(404);
    expect((await other.delete(`/api/v1/lead-sources/${s.id}`)).status).toBe(404);
    // our custom key is not a source of theirs
    const lead = await other.post('/api/v1/leads', { name: 'x', source: 'wechat_official' });
    expect(lead.status).toBe(400);
  });
});
