import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import {
  NOTIFICATION_DEFAULTS,
  NOTIFICATION_KINDS,
  type Notification,
  type NotificationEmailState,
  type NotificationKind,
  type NotificationListQuery,
  type NotificationPage,
  type NotificationParams,
  type NotificationPreferences,
  type NotificationPreferencesUpdate,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { AppError, invalidField } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { decodeCursor, encodeCursor } from '../../lib/pagination.js';
import type { Actor } from '../access/index.js';
import { isRetryableSmtpError, smtpMessage, type SystemMailer } from '../campaigns/index.js';
import type { JobRunner } from '../jobs/index.js';
import { mailLocale, notificationEmail } from './notifications.text.js';
import {
  NotificationsRepository,
  type DueActivityRow,
  type NotificationRow,
  type PreferenceRow,
} from './notifications.repository.js';

export const EMAIL_JOB = 'notifications.email';
export const DUE_REMINDERS_JOB = 'activities.due-reminders';
export const PURGE_JOB = 'notifications.purge';
/** Read messages are kept this long, then deleted by the daily purge. */
export const READ_KEEP_DAYS = 90;
/** Messages per batch of the e-mail job; it keeps taking batches up to EMAIL_MAX_PER_RUN. */
const EMAIL_BATCH = 50;
const EMAIL_MAX_PER_RUN = 500;
/** A message left `sending` this long was interrupted (its worker died); it is not retried. */
const INTERRUPTED_AFTER_MS = 10 * 60_000;
/** Activities due within this much from now are reminded of. */
export const DUE_SOON_MS = 30 * 60_000;
/** How far back an overdue activity is still reminded of when the job did not run for long. */
const MAX_LOOKBACK_MS = 24 * 3_600_000;
/** The first run (no previous one) looks back this far for activities that just became overdue. */
const FIRST_LOOKBACK_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export interface NotifyInput {
  /** The recipient: a user of the same organisation. */
  userId: string;
  kind: NotificationKind;
  /** What the localized text needs (names, counts, dates); see NOTIFICATION_PARAMS in shared. */
  params: Record<string, string | number | null>;
  /** SPA path to open, e.g. '/visits?week=2026-11-23'. */
  link?: string | null;
  refType?: string | null;
  refId?: string | null;
  /** The same (userId, dedupeKey) twice: the second is skipped, so a job may run again safely. */
  dedupeKey?: string | null;
}

/** What the e-mail delivery needs from the campaigns module (EmailService). */
export interface MailerSource {
  systemMailer(orgId: string): Promise<SystemMailer | null>;
}

/** Email sends the e-mail job would not; how often each outcome happened (for logs and tests). */
export interface EmailRunResult {
  sent: number;
  failed: number;
  skipped: number;
}

/**
 * 通知中心: in-app notifications for one person, and e-mail for the kinds they want by e-mail.
 * Other modules call `notify` (in their own transaction when they have one); the e-mail goes
 * out later from the `notifications.email` job through the organisation's SMTP settings.
 */
export class NotificationsService {
  readonly repo: NotificationsRepository;
  clock: () => Date = () => new Date();
  private mailer: MailerSource | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly jobs: JobRunner,
    private readonly log: FastifyBaseLogger,
  ) {
    this.repo = new NotificationsRepository(db);
  }

  /** The SMTP side (the campaigns module's EmailService), wired in app.ts once it exists. */
  useMailer(mailer: MailerSource) {
    this.mailer = mailer;
  }

  // ---- creating ---------------------------------------------------------------------------

  /**
   * Creates notifications for people of the organisation and returns how many were created.
   * A recipient who is not a user of the organisation is refused (nothing is created); an
   * inactive user, a kind the person switched off in-app and e-mail, and a duplicate
   * (userId, dedupeKey) are skipped. When the person wants the kind by e-mail the row is
   * `queued` and the e-mail job is queued (in `trx` when given, so both commit together).
   */
  async notify(orgId: string, items: NotifyInput[], trx?: Kysely<Database>): Promise<number> {
    if (items.length === 0) return 0;
    const db = trx ?? this.db;
    const repo = this.repo.with(db);
    for (const [i, item] of items.entries()) checkInput(item, i);
    const userIds = [...new Set(items.map((i) => i.userId))];
    const users = new Map((await repo.recipients(orgId, userIds)).map((u) => [u.id, u]));
    const strangers = userIds.filter((id) => !users.has(id));
    if (strangers.length > 0)
      throw new AppError(
        400,
        'bad_request',
        `Notification recipient is not a user of this organisation: ${strangers.join(', ')}`,
      );
    const prefs = preferenceMap(await repo.preferencesOf(orgId, userIds));
    const at = this.clock().toISOString();
    const rows: NotificationRow[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      if (!users.get(item.userId)!.active) continue;
      const pref = prefs.get(`${item.userId}:${item.kind}`) ?? NOTIFICATION_DEFAULTS[item.kind];
      if (!pref.inApp && !pref.email) continue;
      const dedupeKey = item.dedupeKey ?? null;
      if (dedupeKey) {
        // the same key twice in one call: the first wins, as it would across calls
        if (seen.has(`${item.userId}:${dedupeKey}`)) continue;
        seen.add(`${item.userId}:${dedupeKey}`);
      }
      rows.push({
        id: newId(),
        orgId,
        userId: item.userId,
        kind: item.kind,
        params: JSON.stringify(item.params ?? {}),
        link: item.link ?? null,
        refType: item.refType ?? null,
        refId: item.refId ?? null,
        dedupeKey,
        createdAt: at,
        readAt: null,
        // e-mail only: kept for the e-mail's sake, not listed in the app
        inApp: pref.inApp ? 1 : 0,
        emailState: pref.email ? 'queued' : 'none',
        emailedAt: null,
        emailError: null,
      });
    }
    const created = new Set(await repo.insert(rows));
    if (rows.some((r) => created.has(r.id) && r.emailState === 'queued'))
      await this.jobs.enqueue(EMAIL_JOB, { orgId }, { orgId, db, unlessQueued: true });
    return created.size;
  }

  // ---- reading ----------------------------------------------------------------------------

  async list(actor: Actor, query: NotificationListQuery): Promise<NotificationPage> {
    const limit = query.limit ?? 50;
    let after: [string, string] | undefined;
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor);
      if (typeof at !== 'string') throw invalidField('cursor', 'cursor is not one this API gave out');
      after = [at, id];
    }
    const rows = await this.repo.list(actor.orgId, actor.userId, {
      unread: query.unread,
      kind: query.kind,
      limit,
      after,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toNotification),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }

  async unreadCount(actor: Actor): Promise<{ count: number }> {
    return { count: await this.repo.countUnread(actor.orgId, actor.userId) };
  }

  /** Marks the caller's own notifications read; ids of anyone else's are ignored. */
  async markRead(actor: Actor, ids: string[]): Promise<{ updated: number }> {
    const updated = await this.repo.markRead(
      actor.orgId,
      actor.userId,
      [...new Set(ids)],
      this.clock().toISOString(),
    );
    return { updated };
  }

  async markAllRead(actor: Actor): Promise<{ updated: number }> {
    return {
      updated: await this.repo.markRead(actor.orgId, actor.userId, null, this.clock().toISOString()),
    };
  }

  // ---- preferences ------------------------------------------------------------------------

  async preferences(actor: Actor): Promise<NotificationPreferences> {
    const prefs = preferenceMap(await this.repo.preferencesOf(actor.orgId, [actor.userId]));
    return {
      items: NOTIFICATION_KINDS.map((kind) => ({
        kind,
        ...(prefs.get(`${actor.userId}:${kind}`) ?? NOTIFICATION_DEFAULTS[kind]),
      })),
    };
  }

  async savePreferences(
    actor: Actor,
    input: NotificationPreferencesUpdate,
  ): Promise<NotificationPreferences> {
    const kinds = new Set<string>();
    for (const [i, p] of input.items.entries()) {
      if (kinds.has(p.kind)) throw invalidField(`items/${i}/kind`, `${p.kind} is listed twice`);
      kinds.add(p.kind);
    }
    const at = this.clock().toISOString();
    const rows: PreferenceRow[] = input.items.map((p) => ({
      id: newId(),
      orgId: actor.orgId,
      userId: actor.userId,
      kind: p.kind,
      inApp: p.inApp ? 1 : 0,
      email: p.email ? 1 : 0,
      updatedAt: at,
    }));
    await this.db.transaction().execute((trx) => this.repo.with(trx).upsertPreferences(rows));
    return this.preferences(actor);
  }

  // ---- e-mail -----------------------------------------------------------------------------

  /**
   * The e-mail job. With `{orgId}` it sends that organisation's queued messages, without it
   * every organisation's (the periodic sweep). Each message is claimed (queued → sending)
   * before it goes out and is never queued again, so a retried or duplicated job mails nobody
   * twice. No mail server: the messages are `skipped` with the reason. A connection or login
   * failure puts the message back and fails the job (the runner retries with backoff); a
   * message the server refuses is `failed` with the server's answer and the rest go on.
   */
  async runEmailJob(payload: unknown): Promise<EmailRunResult> {
    const orgId = (payload as { orgId?: unknown } | null)?.orgId;
    const orgs = typeof orgId === 'string' ? [orgId] : await this.repo.orgsWithQueued();
    const total: EmailRunResult = { sent: 0, failed: 0, skipped: 0 };
    for (const org of orgs) {
      const r = await this.emailOrg(org);
      total.sent += r.sent;
      total.failed += r.failed;
      total.skipped += r.skipped;
    }
    return total;
  }

  private async emailOrg(orgId: string): Promise<EmailRunResult> {
    const result: EmailRunResult = { sent: 0, failed: 0, skipped: 0 };
    const now = this.clock();
    await this.repo.failInterrupted(orgId, new Date(now.getTime() - INTERRUPTED_AFTER_MS).toISOString());
    const mailer = this.mailer ? await this.mailer.systemMailer(orgId) : null;
    if (!mailer) {
      result.skipped = await this.repo.skipQueued(
        orgId,
        'no mail server configured (Settings → Mail server)',
      );
      if (result.skipped > 0)
        this.log.info({ orgId, skipped: result.skipped }, 'notification e-mails skipped: no mail server');
      return result;
    }
    try {
      let done = 0;
      while (done < EMAIL_MAX_PER_RUN) {
        const batch = await this.repo.queuedBatch(orgId, EMAIL_BATCH);
        if (batch.length === 0) break;
        done += batch.length;
        const users = new Map(
          (await this.repo.recipients(orgId, [...new Set(batch.map((n) => n.userId))])).map((u) => [u.id, u]),
        );
        for (const n of batch) {
          const user = users.get(n.userId);
          if (!user || !user.active) {
            await this.repo.finishEmail(n.id, { emailState: 'skipped', emailError: 'recipient inactive' });
            result.skipped++;
            continue;
          }
          if (!(await this.repo.claimEmail(n.id, this.clock().toISOString()))) continue;
          const mail = notificationEmail(
            { kind: n.kind as NotificationKind, params: parseParams(n.params), link: n.link },
            mailLocale(user.locale),
            { publicUrl: mailer.publicUrl, recipientName: user.name },
          );
          try {
            await mailer.send({
              to: { name: user.name, address: user.email },
              ...mail,
              headers: { 'X-Tuoke-Notification': n.kind, 'Auto-Submitted': 'auto-generated' },
            });
            await this.repo.finishEmail(n.id, {
              emailState: 'sent',
              emailedAt: this.clock().toISOString(),
              emailError: null,
            });
            result.sent++;
          } catch (err) {
            if (isRetryableSmtpError(err)) {
              await this.repo.finishEmail(n.id, {
                emailState: 'queued',
                emailedAt: null,
                emailError: smtpMessage(err),
              });
              throw err;
            }
            await this.repo.finishEmail(n.id, { emailState: 'failed', emailError: smtpMessage(err) });
            result.failed++;
          }
        }
      }
      if (done >= EMAIL_MAX_PER_RUN)
        await this.jobs.enqueue(EMAIL_JOB, { orgId }, { orgId, unlessQueued: true });
    } finally {
      mailer.close();
    }
    if (result.sent + result.failed > 0) this.log.info({ orgId, ...result }, 'notification e-mails');
    return result;
  }

  /** The daily purge: read messages older than READ_KEEP_DAYS go; unread ones stay until read. */
  purgeRead(now = this.clock()): Promise<number> {
    return this.repo.purgeRead(new Date(now.getTime() - READ_KEEP_DAYS * 86_400_000).toISOString());
  }

  // ---- due activities ---------------------------------------------------------------------

  /**
   * Reminds owners of their open activities due within the next 30 minutes, and of those that
   * became overdue since the previous run (at most a day back). One reminder per activity and
   * due time (the dedupe key holds both), so a rescheduled activity is reminded of again.
   */
  async runDueReminders(now = this.clock()): Promise<number> {
    const last = await this.repo.lastRun(DUE_REMINDERS_JOB);
    const lastMs = last ? new Date(last).getTime() : now.getTime() - FIRST_LOOKBACK_MS;
    const fromMs = Math.max(lastMs, now.getTime() - MAX_LOOKBACK_MS);
    const toMs = now.getTime() + DUE_SOON_MS;
    const rows = await this.repo.dueActivities(
      new Date(fromMs - DAY_MS).toISOString(),
      new Date(toMs + DAY_MS).toISOString(),
    );
    const byOrg = new Map<string, NotifyInput[]>();
    for (const a of rows) {
      const due = new Date(a.dueAt).getTime();
      if (Number.isNaN(due) || due <= fromMs || due > toMs) continue;
      const dueAt = new Date(due).toISOString();
      const list = byOrg.get(a.orgId) ?? [];
      list.push({
        userId: a.ownerId,
        kind: 'activity_due',
        params: {
          subject: a.subject,
          activityType: a.type,
          dueAt,
          overdue: due <= now.getTime() ? 1 : 0,
          accountName: a.accountName,
        },
        link: activityLink(a),
        refType: 'activity',
        refId: a.id,
        dedupeKey: `activity_due:${a.id}:${dueAt}`,
      });
      byOrg.set(a.orgId, list);
    }
    let created = 0;
    for (const [orgId, items] of byOrg) {
      try {
        created += await this.notify(orgId, items);
      } catch (err) {
        // one organisation's bad row must not stop the others' reminders
        this.log.warn({ orgId, err }, 'due-activity reminders failed for an organisation');
      }
    }
    await this.repo.setLastRun(DUE_REMINDERS_JOB, now.toISOString());
    return created;
  }
}

const RECORD_PATH: Record<string, string> = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
};

/** Where a reminded activity is opened: the record it is about, else the activities list. */
function activityLink(a: DueActivityRow): string {
  if (a.relatedType && a.relatedId && RECORD_PATH[a.relatedType])
    return `/${RECORD_PATH[a.relatedType]}/${a.relatedId}`;
  if (a.accountId) return `/accounts/${a.accountId}`;
  return '/activities';
}

function checkInput(item: NotifyInput, i: number) {
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(item.kind))
    throw invalidField(`items/${i}/kind`, `unknown notification kind ${String(item.kind)}`);
  if (!item.userId) throw invalidField(`items/${i}/userId`, 'a recipient is required');
  if (item.link && (!item.link.startsWith('/') || item.link.startsWith('//')))
    throw invalidField(`items/${i}/link`, 'a link is a path inside the app, starting with /');
  for (const [k, v] of Object.entries(item.params ?? {}))
    if (v !== null && typeof v !== 'string' && typeof v !== 'number')
      throw invalidField(`items/${i}/params/${k}`, 'params are strings, numbers or null');
}

function preferenceMap(rows: PreferenceRow[]) {
  return new Map(rows.map((p) => [`${p.userId}:${p.kind}`, { inApp: p.inApp === 1, email: p.email === 1 }]));
}

function parseParams(text: string): NotificationParams {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as NotificationParams) : {};
  } catch {
    return {};
  }
}

function toNotification(r: NotificationRow): Notification {
  return {
    id: r.id,
    kind: r.kind as NotificationKind,
    params: parseParams(r.params),
    link: r.link,
    refType: r.refType,
    refId: r.refId,
    createdAt: r.createdAt,
    readAt: r.readAt,
    emailState: r.emailState as NotificationEmailState,
    emailedAt: r.emailedAt,
  };
}
