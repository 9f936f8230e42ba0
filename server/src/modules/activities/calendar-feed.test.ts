import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { fold } from './ical.js';

let t: TestApp;
let accountId: string;
let oppId: string;
const HOUR = 3_600_000;
const now = Date.now();
const at = (hours: number) => new Date(Math.floor((now + hours * HOUR) / 60_000) * 60_000).toISOString();
const TRICKY = '拜访客户, 讨论报价; 第二行\n再确认 \\ 细节';
const LONG_BODY = '这是一段很长的中文描述，用来检查折行不会把多字节字符切开。'.repeat(6);

beforeAll(async () => {
  t = await createTestApp();
  const rep = await t.as('repShanghai');
  accountId = (await rep.post('/api/v1/accounts', { name: '上海申通, 有限公司' })).body.id;
  oppId = (
    await rep.post('/api/v1/opportunities', { name: '地铁系统', accountId, expectedCloseDate: '2026-12-09' })
  ).body.id;
});
afterAll(() => t.close());

const pathOf = (url: string) => new URL(url).pathname;
const parse = (text: string) => new ICAL.Component(ICAL.parse(text));

describe('calendar feed', () => {
  it('folds long lines at 75 octets without splitting a character', () => {
    const line = `DESCRIPTION:${'中文'.repeat(60)}`;
    const folded = fold(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const l of folded) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
  });

  it("serves the owner's dated activities to a calendar client, without a session", async () => {
    const rep = await t.as('repShanghai');
    expect((await rep.get('/api/v1/calendar-feed')).body).toEqual({ active: false, createdAt: null });

    const visit = await rep.post('/api/v1/activities', {
      type: 'visit',
      subject: TRICKY,
      body: LONG_BODY,
      location: '上海市, 浦东新区; 世纪大道',
      relatedType: 'account',
      relatedId: accountId,
      dueAt: at(24),
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    const call = await rep.post('/api/v1/activities', {
      type: 'call',
      subject: '回访报价',
      relatedType: 'opportunity',
      relatedId: oppId,
      dueAt: at(-48),
      doneAt: at(-47),
    });
    const undated = await rep.post('/api/v1/activities', { type: 'task', subject: '没有时间' });
    const ancient = await rep.post('/api/v1/activities', {
      type: 'task',
      subject: '很久以前',
      dueAt: at(-24 * 200),
    });
    const other = await (
      await t.as('repEast')
    ).post('/api/v1/activities', {
      type: 'meeting',
      subject: '别人的会',
      dueAt: at(5),
    });
    expect([call.status, undated.status, ancient.status, other.status]).toEqual([201, 201, 201, 201]);

    const created = await rep.post('/api/v1/calendar-feed');
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.url).toMatch(/^https?:\/\/[^/]+\/cal\/[A-Za-z0-9_-]{43}\.ics$/);
    const status = await rep.get('/api/v1/calendar-feed');
    expect(status.body).toEqual({ active: true, createdAt: created.body.createdAt });
    expect(JSON.stringify(status.body)).not.toContain(pathOf(created.body.url).slice(5, -4));

    const res = await t.app.inject({ method: 'GET', url: pathOf(created.body.url) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    for (const line of res.body.split('\r\n'))
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);

    const cal = parse(res.body);
    expect(cal.getFirstPropertyValue('prodid')).toBe('-//Tuoke//CN');
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('拓客 · repShanghai');
    expect(cal.getFirstPropertyValue('x-wr-timezone')).toBe('Asia/Shanghai');
    const events = cal.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(events.map((e) => e.uid).sort()).toEqual(
      [`${visit.body.id}@tuoke`, `${call.body.id}@tuoke`].sort(),
    );

    const v = events.find((e) => e.uid === `${visit.body.id}@tuoke`)!;
    expect(v.summary).toBe(`[拜访] ${TRICKY}`);
    expect(v.location).toBe('上海市, 浦东新区; 世纪大道');
    expect(v.description).toBe(`${LONG_BODY}\n\n关联：上海申通, 有限公司`);
    expect(v.startDate.toJSDate().toISOString()).toBe(at(24));
    expect(v.endDate.toJSDate().toISOString()).toBe(new Date(Date.parse(at(24)) + HOUR).toISOString());
    expect(v.startDate.zone?.tzid).toBe('UTC');
    expect(v.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(v.component.getFirstPropertyValue('url')).toMatch(new RegExp(`/accounts/${accountId}$`));
    expect(v.component.getFirstPropertyValue('dtstamp')).toBeTruthy();

    const c = events.find((e) => e.uid === `${call.body.id}@tuoke`)!;
    expect(c.summary).toBe('[电话 · 已完成] 回访报价');
    expect(c.description).toBe('关联：地铁系统');
    expect(c.endDate.toJSDate().getTime() - c.startDate.toJSDate().getTime()).toBe(30 * 60_000);
    expect(c.component.getFirstPropertyValue('url')).toMatch(new RegExp(`/opportunities/${oppId}$`));
    expect(res.body).not.toContain('别人的会');
  });

  it('stores only a hash; rotating kills the old URL and revoking kills the feed', async () => {
    const rep = await t.as('repShanghai');
    const first = await rep.post('/api/v1/calendar-feed');
    const token = pathOf(first.body.url).slice(5, -4);
    const rows = await t.db.kysely.selectFrom('calendarFeeds').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.userId).toBe(t.fx.users.repShanghai.id);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);

    const second = await rep.post('/api/v1/calendar-feed');
    expect(second.body.url).not.toBe(first.body.url);
    expect((await t.app.inject({ method: 'GET', url: pathOf(first.body.url) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: pathOf(second.body.url) })).statusCode).toBe(200);
    expect(await t.db.kysely.selectFrom('calendarFeeds').select('id').execute()).toHaveLength(1);

    expect((await rep.delete('/api/v1/calendar-feed')).status).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: pathOf(second.body.url) })).statusCode).toBe(404);
    expect((await rep.get('/api/v1/calendar-feed')).body).toEqual({ active: false, createdAt: null });

    for (const url of ['/cal/nope.ics', `/cal/${'a'.repeat(43)}.ics`, `/cal/${token}`])
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    expect((await t.anonymous.get('/api/v1/calendar-feed')).status).toBe(401);
  });

  it('keeps organisations apart', async () => {
    const rep = await t.as('repShanghai');
    await rep.post('/api/v1/calendar-feed');
    const outsider = await t.as('otherRep');
    expect((await outsider.get('/api/v1/calendar-feed')).body).toEqual({ active: false, createdAt: null });
    const theirs = await outsider.post('/api/v1/calendar-feed');
    const res = await t.app.inject({ method: 'GET', url: pathOf(theirs.body.url) });
    expect(res.statusCode).toBe(200);
    expect(parse(res.body).getAllSubcomponents('vevent')).toHaveLength(0);
    expect(res.body).not.toContain('拜访');
    // revoking in one organisation leaves the other's feed alone
    expect((await outsider.delete('/api/v1/calendar-feed')).status).toBe(204);
    expect((await rep.get('/api/v1/calendar-feed')).body.active).toBe(true);
  });
});
