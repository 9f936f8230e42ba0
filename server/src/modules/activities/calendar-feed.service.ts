import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ActivityType, CalendarFeedCreated, CalendarFeedStatus } from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import type { Actor } from '../access/index.js';
import { calendar, escapeText, utc } from './ical.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const DAY_MS = 86_400_000;
const PAST_DAYS = 90;
const FUTURE_DAYS = 365;
const MAX_EVENTS = 2000;
/** What the token looks like: 32 random bytes, base64url. Anything else is not looked up. */
export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const ACTIVITY_LABEL: Record<ActivityType, string> = {
  call: '电话',
  visit: '拜访',
  meeting: '会议',
  email: '邮件',
  task: '任务',
  note: '备注',
};
const RECORD_PATH: Record<string, string> = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
};
const NAME_TABLE = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
} as const;

/** The summary line of one event, e.g. `[拜访] 上门拜访` or `[任务 · 已完成] 寄合同`. */
export const eventSummary = (type: ActivityType, subject: string, done: boolean) =>
  `[${ACTIVITY_LABEL[type] ?? type}${done ? ' · 已完成' : ''}] ${subject}`;

/**
 * Each user's activities as an iCalendar feed behind an unguessable URL. Only the token's hash is
 * stored; creating again rotates it (the old URL stops working) and revoking turns the feed off.
 */
export class CalendarFeedService {
  constructor(private readonly db: Kysely<Database>) {}

  async status(actor: Actor): Promise<CalendarFeedStatus> {
    const row = await this.mine(actor);
    return row && !row.revokedAt
      ? { active: true, createdAt: row.createdAt }
      : { active: false, createdAt: null };
  }

  /** Creates or rotates the caller's feed; the URL (with the token) is returned this once. */
  async rotate(actor: Actor, origin: string, now = new Date()): Promise<CalendarFeedCreated> {
    const token = randomBytes(32).toString('base64url');
    const createdAt = now.toISOString();
    const tokenHash = sha256(token);
    const existing = await this.mine(actor);
    if (existing)
      await this.db
        .updateTable('calendarFeeds')
        .set({ tokenHash, createdAt, revokedAt: null })
        .where('orgId', '=', actor.orgId)
        .where('id', '=', existing.id)
        .execute();
    else
      await this.db
        .insertInto('calendarFeeds')
        .values({
          id: newId(),
          orgId: actor.orgId,
          userId: actor.userId,
          tokenHash,
          createdAt,
          revokedAt: null,
        })
        .execute();
    return { active: true, createdAt, url: `${origin}/cal/${token}.ics` };
  }

  async revoke(actor: Actor, now = new Date()) {
    await this.db
      .updateTable('calendarFeeds')
      .set({ revokedAt: now.toISOString() })
      .where('orgId', '=', actor.orgId)
      .where('userId', '=', actor.userId)
      .where('revokedAt', 'is', null)
      .execute();
  }

  /** The feed behind a token, as text/calendar. Unknown or revoked token, or inactive user → 404. */
  async feed(token: string, origin: string, now = new Date()): Promise<string> {
    if (!FEED_TOKEN.test(token)) throw notFound('Calendar feed');
    const feed = await this.db
      .selectFrom('calendarFeeds')
      .innerJoin('users', (j) =>
        j.onRef('users.id', '=', 'calendarFeeds.userId').onRef('users.orgId', '=', 'calendarFeeds.orgId'),
      )
      .select([
        'calendarFeeds.orgId',
        'calendarFeeds.userId',
        'calendarFeeds.revokedAt',
        'users.name',
        'users.active',
      ])
      .where('calendarFeeds.tokenHash', '=', sha256(token))
      .executeTakeFirst();
    if (!feed || feed.revokedAt || !feed.active) throw notFound('Calendar feed');

    const from = new Date(now.getTime() - PAST_DAYS * DAY_MS).toISOString();
    const to = new Date(now.getTime() + FUTURE_DAYS * DAY_MS).toISOString();
    const rows = await this.db
      .selectFrom('activities')
      .select([
        'id',
        'type',
        'subject',
        'body',
        'dueAt',
        'doneAt',
        'location',
        'relatedType',
        'relatedId',
        'nextStep',
      ])
      .where('orgId', '=', feed.orgId)
      .where('ownerId', '=', feed.userId)
      .where('dueAt', 'is not', null)
      .where('dueAt', '>=', from)
      .where('dueAt', '<=', to)
      .orderBy('dueAt')
      .orderBy('id')
      .limit(MAX_EVENTS)
      .execute();
    const names = await this.names(
      feed.orgId,
      rows.flatMap((r) => (r.relatedType && r.relatedId ? [{ type: r.relatedType, id: r.relatedId }] : [])),
    );

    const stamp = utc(now);
    const lines = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Tuoke//CN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      `X-WR-CALNAME:${escapeText(`拓客 · ${feed.name}`)}`,
      'X-WR-TIMEZONE:Asia/Shanghai',
      'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
      'X-PUBLISHED-TTL:PT1H',
    ];
    for (const r of rows) {
      const type = r.type as ActivityType;
      const start = new Date(r.dueAt!);
      const minutes = type === 'meeting' || type === 'visit' ? 60 : 30;
      const end = new Date(start.getTime() + minutes * 60_000);
      const related = r.relatedType && r.relatedId ? names.get(`${r.relatedType}:${r.relatedId}`) : undefined;
      const description = [
        r.body,
        r.nextStep ? `下一步：${r.nextStep}` : null,
        related ? `关联：${related}` : null,
      ].filter((s): s is string => !!s);
      const path =
        r.relatedType && r.relatedId && RECORD_PATH[r.relatedType]
          ? `/${RECORD_PATH[r.relatedType]}/${r.relatedId}`
          : '/activities';
      lines.push(
        'BEGIN:VEVENT',
        `UID:${r.id}@tuoke`,
        `DTSTAMP:${stamp}`,
        `DTSTART:${utc(start)}`,
        `DTEND:${utc(end)}`,
        `SUMMARY:${escapeText(eventSummary(type, r.subject, !!r.doneAt))}`,
      );
      if (description.length) lines.push(`DESCRIPTION:${escapeText(description.join('\n\n'))}`);
      if (r.location) lines.push(`LOCATION:${escapeText(r.location)}`);
      lines.push('STATUS:CONFIRMED', `URL:${origin}${path}`, 'END:VEVENT');
    }
    lines.push('END:VCALENDAR');
    return calendar(lines);
  }

  private mine(actor: Actor) {
    return this.db
      .selectFrom('calendarFeeds')
      .select(['id', 'createdAt', 'revokedAt'])
      .where('orgId', '=', actor.orgId)
      .where('userId', '=', actor.userId)
      .executeTakeFirst();
  }

  private async names(orgId: string, refs: { type: string; id: string }[]) {
    const out = new Map<string, string>();
    const byType = new Map<string, string[]>();
    for (const r of refs) byType.set(r.type, [...(byType.get(r.type) ?? []), r.id]);
    for (const [type, ids] of byType) {
      const table = NAME_TABLE[type as keyof typeof NAME_TABLE];
      if (!table) continue;
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await (this.db as unknown as Kysely<any>)
          .selectFrom(table)
          .select(['id', 'name'])
          .where('orgId', '=', orgId)
          .where('id', 'in', [...new Set(ids.slice(i, i + 500))])
          .execute();
        for (const row of rows) out.set(`${type}:${row.id}`, row.name as string);
      }
    }
    return out;
  }
}
