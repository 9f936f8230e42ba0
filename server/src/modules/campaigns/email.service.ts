import { createHash, randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import {
  EMAIL_TEMPLATE_SORTS,
  type Audience,
  type CampaignRecipient,
  type CampaignRecipientQuery,
  type EmailPreview,
  type EmailPreviewRequest,
  type EmailStats,
  type EmailTemplate,
  type EmailTemplateCreate,
  type EmailTemplateListQuery,
  type EmailTemplateUpdate,
  type Locale,
  type MailSettings,
  type MailSettingsUpdate,
  type SendResult,
  type TestSendRequest,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import {
  AppError,
  badRequest,
  conflict,
  forbidden,
  invalidField,
  notFound,
  stale,
} from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { parseSort, toPage } from '../../lib/pagination.js';
import { requiredText } from '../../lib/records.js';
import { guard, nameOf, type Actor, type DirectoryCache, type OrgDirectory } from '../access/index.js';
import type { JobRunner } from '../jobs/index.js';
import type { AudienceRow, SegmentsService } from '../segments/index.js';
import type { CampaignsService } from './campaigns.service.js';
import { checkMergeFields, extractLinks, renderEmail, type MergeValues } from './email.render.js';
import {
  EmailRepository,
  type RecipientRow,
  type SettingsRow,
  type TemplateRow,
} from './email.repository.js';
import type { MailSecret } from './mail-secret.js';

export const SEND_JOB = 'campaigns.send';
/** Recipients per job run; the next batch is a new job, so other work interleaves. */
export const SEND_BATCH = 50;
/** A recipient left `sending` this long was interrupted (its worker died). */
const INTERRUPTED_AFTER_MS = 10 * 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

interface Snapshot {
  templateId: string;
  subjectZh: string;
  bodyZh: string;
  subjectEn: string;
  bodyEn: string;
}

/** A system e-mail (not a campaign): the recipient, and the text and HTML the caller rendered. */
export interface SystemMail {
  to: string | { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}
export interface SystemMailer {
  /** Where the app is reached from outside (links in e-mails), without a trailing slash. */
  publicUrl: string;
  send(mail: SystemMail): Promise<{ messageId: string | null }>;
  close(): void;
}

/** SMTP failures before a message was handed over: safe to try the recipient again later. */
export function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; command?: string };
  return (
    ['ECONNECTION', 'EDNS', 'ETLS', 'EAUTH', 'ECONNREFUSED'].includes(e.code ?? '') || e.command === 'CONN'
  );
}

/**
 * E-mail campaigns: templates, the organisation's SMTP settings, audiences from segments,
 * preview and test sends, sending as background jobs with one row per recipient, and the
 * public side (unsubscribe, open pixel, click redirect).
 */
export class EmailService {
  readonly repo: EmailRepository;
  clock: () => Date = () => new Date();
  /** Recipients per run of the send job. */
  batchSize = SEND_BATCH;

  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly segments: SegmentsService,
    private readonly campaigns: CampaignsService,
    private readonly jobs: JobRunner,
    private readonly secret: MailSecret,
    private readonly log: FastifyBaseLogger,
  ) {
    this.repo = new EmailRepository(db, dialect);
  }

  // Templates (the campaign grant covers them).
  async listTemplates(actor: Actor, query: EmailTemplateListQuery) {
    const { dir } = await guard(this.directory, actor, 'campaign', 'read');
    const sort = parseSort(query.sort, 'emailTemplates', EMAIL_TEMPLATE_SORTS);
    const limit = query.limit ?? 50;
    const rows = await this.repo.templates(actor.orgId, query, sort, limit);
    return toPage(
      rows.map((r) => toTemplate(r, dir)),
      sort,
      limit,
    );
  }

  async getTemplate(actor: Actor, id: string): Promise<EmailTemplate> {
    const { dir } = await guard(this.directory, actor, 'campaign', 'read');
    const row = await this.repo.template(actor.orgId, id);
    if (!row) throw notFound('E-mail template');
    return toTemplate(row, dir);
  }

  async createTemplate(actor: Actor, input: EmailTemplateCreate): Promise<EmailTemplate> {
    await guard(this.directory, actor, 'campaign', 'create');
    checkMergeFields({
      subjectZh: input.subjectZh,
      bodyZh: input.bodyZh,
      subjectEn: input.subjectEn,
      bodyEn: input.bodyEn,
    });
    const at = this.clock().toISOString();
    const id = newId();
    await this.repo.insertTemplate({
      id,
      orgId: actor.orgId,
      name: requiredText(input.name),
      subjectZh: requiredText(input.subjectZh, 'subjectZh'),
      bodyZh: input.bodyZh,
      subjectEn: requiredText(input.subjectEn, 'subjectEn'),
      bodyEn: input.bodyEn,
      ownerId: actor.userId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    return this.getTemplate(actor, id);
  }

  async updateTemplate(actor: Actor, id: string, input: EmailTemplateUpdate): Promise<EmailTemplate> {
    await guard(this.directory, actor, 'campaign', 'update');
    if (!(await this.repo.template(actor.orgId, id))) throw notFound('E-mail template');
    const { version, ...rest } = input;
    checkMergeFields(rest);
    const patch: Record<string, unknown> = { ...rest };
    if (rest.name !== undefined) patch.name = requiredText(rest.name);
    const ok = await this.repo.updateTemplate(actor.orgId, id, version, patch, this.clock().toISOString());
    if (!ok) throw stale('E-mail template');
    return this.getTemplate(actor, id);
  }

  async removeTemplate(actor: Actor, id: string): Promise<void> {
    await guard(this.directory, actor, 'campaign', 'delete');
    if (!(await this.repo.template(actor.orgId, id))) throw notFound('E-mail template');
    const used = await this.repo.templateUsedBy(actor.orgId, id);
    if (used) throw conflict(`${used} campaign(s) use this template`);
    await this.repo.deleteTemplate(actor.orgId, id);
  }

  async templateExists(orgId: string, id: string): Promise<boolean> {
    return !!(await this.repo.template(orgId, id));
  }

  // SMTP settings: administrators only; the password never leaves the server.
  private assertAdmin(actor: Actor) {
    if (actor.role !== 'admin') throw forbidden('Only administrators manage the mail server settings');
  }

  async settings(actor: Actor): Promise<MailSettings | null> {
    this.assertAdmin(actor);
    const row = await this.repo.settings(actor.orgId);
    return row ? this.toSettings(row) : null;
  }

  async saveSettings(actor: Actor, input: MailSettingsUpdate): Promise<MailSettings> {
    this.assertAdmin(actor);
    const before = await this.repo.settings(actor.orgId);
    const password =
      input.password === undefined
        ? (before?.password ?? null)
        : input.password === null
          ? null
          : this.secret.seal(input.password);
    const row: SettingsRow = {
      orgId: actor.orgId,
      host: requiredText(input.host, 'host'),
      port: input.port,
      secure: input.secure ? 1 : 0,
      username: input.username?.trim() || null,
      password,
      fromEmail: input.fromEmail.trim(),
      fromName: input.fromName?.trim() || null,
      publicUrl: input.publicUrl.replace(/\/+$/, ''),
      updatedBy: actor.userId,
      updatedAt: this.clock().toISOString(),
    };
    await this.repo.saveSettings(row);
    return this.toSettings(row);
  }

  private toSettings(r: SettingsRow): MailSettings {
    return {
      host: r.host,
      port: r.port,
      secure: r.secure === 1,
      username: r.username,
      hasPassword: !!r.password,
      passwordEncrypted: this.secret.isEncrypted(r.password),
      fromEmail: r.fromEmail,
      fromName: r.fromName,
      publicUrl: r.publicUrl,
      updatedAt: r.updatedAt,
    };
  }

  private transport(s: SettingsRow) {
    return nodemailer.createTransport({
      host: s.host,
      port: s.port,
      secure: s.secure === 1,
      auth: s.username
        ? { user: s.username, pass: s.password ? this.secret.open(s.password) : '' }
        : undefined,
      pool: true,
      maxConnections: 2,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
      logger: false,
    });
  }

  /**
   * System e-mail (notifications) through the organisation's SMTP settings and transport: a
   * sender for a batch (close it afterwards), or null when no mail server is set up.
   */
  async systemMailer(orgId: string): Promise<SystemMailer | null> {
    const settings = await this.repo.settings(orgId);
    if (!settings) return null;
    const transport = this.transport(settings);
    return {
      publicUrl: settings.publicUrl,
      async send(mail: SystemMail) {
        const info = await transport.sendMail({
          from: { name: settings.fromName ?? '', address: settings.fromEmail },
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
        });
        return { messageId: info.messageId ?? null };
      },
      close: () => transport.close(),
    };
  }

  /** One system e-mail; 409 when the organisation has no mail server. */
  async sendSystemMail(orgId: string, mail: SystemMail): Promise<{ messageId: string | null }> {
    const mailer = await this.systemMailer(orgId);
    if (!mailer) throw conflict('Set up the mail server first (Settings → Mail server)');
    try {
      return await mailer.send(mail);
    } finally {
      mailer.close();
    }
  }

  private async requireSettings(orgId: string): Promise<SettingsRow> {
    const s = await this.repo.settings(orgId);
    if (!s) throw conflict('Set up the mail server first (Settings → Mail server)');
    return s;
  }

  // Audience, preview, sending.
  private async emailCampaign(actor: Actor, id: string, action: 'read' | 'update') {
    const v = await this.campaigns.visible(actor, id, action);
    if (v.row.type !== 'email') throw badRequest('Only e-mail campaigns send e-mails');
    return v;
  }

  /** The segment's people with an address, one per address, less those who unsubscribed. */
  private async audienceOf(actor: Actor, segmentId: string) {
    const a = await this.segments.audience(actor, segmentId);
    const seen = new Set<string>();
    const people: (AudienceRow & { email: string })[] = [];
    for (const r of a.rows) {
      const email = r.email.trim().toLowerCase();
      if (seen.has(email)) continue;
      seen.add(email);
      people.push({ ...r, email });
    }
    const unsubscribed = await this.repo.unsubscribed(
      actor.orgId,
      people.map((p) => p.email),
    );
    return { ...a, people, unsubscribed };
  }

  async audience(actor: Actor, id: string, limit = 200): Promise<Audience> {
    const { row } = await this.emailCampaign(actor, id, 'read');
    if (!row.segmentId)
      return { deliverable: 0, unsubscribed: 0, withoutEmail: 0, limited: false, items: [] };
    const a = await this.audienceOf(actor, row.segmentId);
    return {
      deliverable: a.people.length - a.unsubscribed.size,
      unsubscribed: a.unsubscribed.size,
      withoutEmail: a.withoutEmail,
      limited: a.limited,
      items: a.people.slice(0, limit).map((p) => ({
        object: p.object,
        id: p.id,
        name: p.name,
        email: p.email,
        locale: (p.locale ?? 'zh-CN') as Locale,
        company: p.company,
        unsubscribed: a.unsubscribed.has(p.email),
      })),
    };
  }

  /** The e-mail as it goes out: the frozen snapshot once sending started, else the template. */
  private async content(orgId: string, row: { emailSnapshot: string | null; templateId: string | null }) {
    if (row.emailSnapshot) return JSON.parse(row.emailSnapshot) as Snapshot;
    if (!row.templateId) throw invalidField('templateId', 'choose an e-mail template first');
    const t = await this.repo.template(orgId, row.templateId);
    if (!t) throw invalidField('templateId', 'the template no longer exists');
    return {
      templateId: t.id,
      subjectZh: t.subjectZh,
      bodyZh: t.bodyZh,
      subjectEn: t.subjectEn,
      bodyEn: t.bodyEn,
    };
  }

  /** Merge values of one person; the owner is the record's, else the campaign's. */
  private async mergeValues(
    orgId: string,
    dir: OrgDirectory,
    campaign: { name: string; ownerId: string },
    person: {
      name: string;
      email: string;
      title: string | null;
      company: string | null;
      ownerId: string | null;
    },
  ): Promise<Omit<MergeValues, 'unsubscribe_url'>> {
    const ownerId = person.ownerId && dir.users.has(person.ownerId) ? person.ownerId : campaign.ownerId;
    return {
      'contact.name': person.name,
      'contact.title': person.title ?? '',
      'contact.email': person.email,
      'account.name': person.company ?? '',
      'owner.name': nameOf(dir, ownerId) ?? '',
      'owner.email': (await this.repo.userEmails(orgId)).get(ownerId) ?? '',
      'campaign.name': campaign.name,
    };
  }

  async preview(actor: Actor, id: string, body: EmailPreviewRequest): Promise<EmailPreview> {
    const { row, dir } = await this.emailCampaign(actor, id, 'read');
    const content = await this.content(actor.orgId, row);
    const settings = await this.repo.settings(actor.orgId);
    const base = settings?.publicUrl ?? '';
    let person: {
      name: string;
      email: string;
      title: string | null;
      company: string | null;
      ownerId: string | null;
      locale: string | null;
    } = {
      name: '张伟',
      email: 'zhang.wei@example.com',
      title: '采购经理',
      company: '示例科技有限公司',
      ownerId: row.ownerId,
      locale: null,
    };
    if (body.id && body.object) {
      if (!row.segmentId) throw invalidField('id', 'the campaign has no audience');
      const a = await this.segments.audience(actor, row.segmentId);
      const p = a.rows.find(
        (r) => r.id === body.id && r.object === (body.object === 'account' ? 'contact' : body.object),
      );
      if (!p) throw invalidField('id', 'not a member of the audience');
      const extra = (
        await this.repo.mergeData(
          actor.orgId,
          p.object === 'contact' ? [p.id] : [],
          p.object === 'lead' ? [p.id] : [],
        )
      ).get(p.id);
      person = { ...p, title: extra?.title ?? null };
    }
    const locale = (body.locale ?? person.locale ?? 'zh-CN') as Locale;
    const out = renderEmail(pick(content, locale), await this.mergeValues(actor.orgId, dir, row, person), {
      locale,
      unsubscribeUrl: `${base}/u/preview`,
    });
    return { to: body.id ? person.email : null, locale, subject: out.subject, html: out.html };
  }

  async testSend(actor: Actor, id: string, body: TestSendRequest): Promise<{ messageId: string | null }> {
    const { row, dir } = await this.emailCampaign(actor, id, 'update');
    const content = await this.content(actor.orgId, row);
    const settings = await this.requireSettings(actor.orgId);
    const locale = (body.locale ?? 'zh-CN') as Locale;
    const me = dir.users.get(actor.userId);
    const out = renderEmail(
      pick(content, locale),
      await this.mergeValues(actor.orgId, dir, row, {
        name: me?.name ?? actor.name,
        email: body.to,
        title: null,
        company: null,
        ownerId: row.ownerId,
      }),
      { locale, unsubscribeUrl: `${settings.publicUrl}/u/test` },
    );
    const transport = this.transport(settings);
    try {
      const info = await transport.sendMail({
        from: { name: settings.fromName ?? '', address: settings.fromEmail },
        to: body.to,
        subject: `${locale === 'en' ? '[Test]' : '[测试]'} ${out.subject}`,
        html: out.html,
        text: out.text,
      });
      return { messageId: info.messageId ?? null };
    } catch (err) {
      throw new AppError(
        400,
        'bad_request',
        `The mail server did not take the test e-mail: ${smtpMessage(err)}`,
      );
    } finally {
      transport.close();
    }
  }

  /**
   * Starts (or continues) sending: freezes the e-mail, adds the audience members not yet
   * recipients (one row per address; unsubscribed ones left out) and queues the send job.
   * Calling it again only adds people who joined the segment since.
   */
  async send(actor: Actor, id: string): Promise<SendResult> {
    const { row } = await this.emailCampaign(actor, id, 'update');
    if (!row.segmentId) throw invalidField('segmentId', 'choose an audience segment first');
    await this.requireSettings(actor.orgId);
    const content = await this.content(actor.orgId, row);
    const at = this.clock().toISOString();
    if (!row.emailSnapshot)
      await this.repo.freezeSnapshot(
        actor.orgId,
        id,
        JSON.stringify(content),
        extractLinks(content.bodyZh, content.bodyEn),
        actor.userId,
        at,
        newId,
      );
    const a = await this.audienceOf(actor, row.segmentId);
    const existing = await this.repo.existingRecipients(id);
    const fresh = a.people.filter((p) => !a.unsubscribed.has(p.email) && !existing.has(p.email));
    const queued = await this.repo.queueRecipients(
      fresh.map((p) => ({
        id: newId(),
        orgId: actor.orgId,
        campaignId: id,
        email: p.email,
        name: p.name,
        locale: p.locale === 'en' ? 'en' : 'zh-CN',
        contactId: p.object === 'contact' ? p.id : null,
        leadId: p.object === 'lead' ? p.id : null,
        accountId: p.accountId,
        ownerId: p.ownerId,
        status: 'queued',
        error: null,
        tokenHash: null,
        messageId: null,
        queuedAt: at,
        sentAt: null,
        firstOpenedAt: null,
        firstClickedAt: null,
        unsubscribedAt: null,
      })),
    );
    if (row.status === 'planned')
      await this.campaigns.repo.update(actor.orgId, id, row.version, { status: 'active' }, at);
    const waiting = await this.repo.countQueued(actor.orgId, id);
    const jobId =
      waiting > 0
        ? await this.jobs.enqueue(SEND_JOB, { orgId: actor.orgId, campaignId: id }, { orgId: actor.orgId })
        : null;
    return {
      queued,
      skippedUnsubscribed: a.people.filter((p) => a.unsubscribed.has(p.email) && !existing.has(p.email))
        .length,
      alreadyQueued: a.people.filter((p) => existing.has(p.email)).length,
      jobId,
    };
  }

  /**
   * The send job: one batch of queued recipients. Each is claimed before its message goes out
   * and never queued again afterwards, so a retried or duplicated job mails nobody twice. A
   * recipient the server refuses is `failed` with the server's answer and the rest go on; a
   * connection or login failure puts the recipient back and fails the job (the runner retries).
   */
  async runSendJob(payload: unknown): Promise<void> {
    const { orgId, campaignId } = payload as { orgId: string; campaignId: string };
    const row = await this.campaigns.repo.get(orgId, campaignId);
    if (!row || !row.emailSnapshot) return;
    const settings = await this.repo.settings(orgId);
    if (!settings) throw new Error('no mail server configured');
    const now = this.clock();
    await this.repo.failInterrupted(
      orgId,
      campaignId,
      new Date(now.getTime() - INTERRUPTED_AFTER_MS).toISOString(),
    );
    const batch = await this.repo.queuedBatch(orgId, campaignId, this.batchSize);
    if (batch.length === 0) return;
    const snapshot = JSON.parse(row.emailSnapshot) as Snapshot;
    const links = new Map((await this.repo.links(orgId, campaignId)).map((l) => [l.url, l.id]));
    const dir = await this.directory.get(orgId);
    const merge = await this.repo.mergeData(
      orgId,
      batch.flatMap((r) => (r.contactId ? [r.contactId] : [])),
      batch.flatMap((r) => (r.leadId ? [r.leadId] : [])),
    );
    const unsubscribed = await this.repo.unsubscribed(
      orgId,
      batch.map((r) => r.email),
    );
    const base = settings.publicUrl;
    const transport = this.transport(settings);
    let sent = 0;
    try {
      for (const r of batch) {
        if (unsubscribed.has(r.email)) {
          await this.repo.finish(r.id, { status: 'skipped', error: 'unsubscribed' });
          continue;
        }
        const token = randomBytes(24).toString('base64url');
        if (!(await this.repo.claim(r.id, sha256(token), this.clock().toISOString()))) continue;
        const person = merge.get(r.contactId ?? r.leadId ?? '');
        const locale = (r.locale === 'en' ? 'en' : 'zh-CN') as Locale;
        const unsubscribeUrl = `${base}/u/${token}`;
        const out = renderEmail(
          pick(snapshot, locale),
          await this.mergeValues(orgId, dir, row, {
            name: person?.name ?? r.name,
            email: r.email,
            title: person?.title ?? null,
            company: person?.company ?? null,
            ownerId: r.ownerId,
          }),
          {
            locale,
            unsubscribeUrl,
            pixelUrl: `${base}/t/o/${token}.gif`,
            trackLink: (url) => {
              const linkId = links.get(url);
              return linkId ? `${base}/t/c/${token}?l=${linkId}` : undefined;
            },
          },
        );
        try {
          const info = await transport.sendMail({
            from: { name: settings.fromName ?? '', address: settings.fromEmail },
            to: { name: r.name, address: r.email },
            subject: out.subject,
            html: out.html,
            text: out.text,
            headers: {
              'List-Unsubscribe': `<${unsubscribeUrl}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              'X-Tuoke-Campaign': campaignId,
            },
          });
          await this.repo.finish(r.id, {
            status: 'sent',
            messageId: info.messageId ?? null,
            sentAt: this.clock().toISOString(),
          });
          sent++;
        } catch (err) {
          if (isRetryable(err)) {
            await this.repo.finish(r.id, {
              status: 'queued',
              tokenHash: null,
              sentAt: null,
              error: smtpMessage(err),
            });
            throw err;
          }
          await this.repo.finish(r.id, { status: 'failed', error: smtpMessage(err) });
        }
      }
    } finally {
      transport.close();
    }
    this.log.info({ campaignId, sent, batch: batch.length }, 'campaign e-mails sent');
    if ((await this.repo.countQueued(orgId, campaignId)) > 0)
      await this.jobs.enqueue(SEND_JOB, { orgId, campaignId }, { orgId });
  }

  async recipients(actor: Actor, id: string, query: CampaignRecipientQuery) {
    await this.emailCampaign(actor, id, 'read');
    const limit = query.limit ?? 50;
    const rows = await this.repo.recipients(actor.orgId, id, query, limit);
    return toPage(rows.map(toRecipient), { field: 'email', column: '', desc: false }, limit);
  }

  async stats(actor: Actor, id: string): Promise<EmailStats> {
    await this.emailCampaign(actor, id, 'read');
    return this.repo.stats(actor.orgId, id);
  }

  // The public side: the token in the link is the key. An unknown token is null (404).
  private async recipientByToken(token: string): Promise<RecipientRow | null> {
    if (!TOKEN.test(token)) return null;
    return (await this.repo.byToken(sha256(token))) ?? null;
  }

  async unsubscribeInfo(token: string): Promise<{ email: string; done: boolean } | null> {
    const r = await this.recipientByToken(token);
    return r ? { email: r.email, done: r.unsubscribedAt !== null } : null;
  }

  async unsubscribe(token: string): Promise<{ email: string } | null> {
    const r = await this.recipientByToken(token);
    if (!r) return null;
    const at = this.clock().toISOString();
    if (await this.repo.unsubscribe(r, at)) await this.engage(r, 'unsubscribe', null, at);
    return { email: r.email };
  }

  async open(token: string): Promise<boolean> {
    const r = await this.recipientByToken(token);
    if (!r) return false;
    const at = this.clock().toISOString();
    await this.repo.recordOpen(r.id, at);
    // the first open is the engagement; repeats (image proxies, re-reads) only count
    if (r.openCount === 0) await this.engage(r, 'email_open', null, at);
    return true;
  }

  /** The URL a tracked link stands for, only if it was recorded for this recipient's campaign. */
  async click(token: string, linkId: string | undefined): Promise<string | null> {
    if (!linkId || !/^[0-9a-zA-Z-]{1,64}$/.test(linkId)) return null;
    const r = await this.recipientByToken(token);
    if (!r) return null;
    const link = await this.repo.link(r.orgId, r.campaignId, linkId);
    if (!link) return null;
    const at = this.clock().toISOString();
    await this.repo.recordClick(r.id, at);
    await this.engage(r, 'email_click', link.id, at);
    return link.url;
  }

  private async engage(
    r: RecipientRow,
    type: 'email_open' | 'email_click' | 'unsubscribe',
    detail: string | null,
    at: string,
  ) {
    await this.repo.recordEngagement({
      id: newId(),
      orgId: r.orgId,
      type,
      campaignId: r.campaignId,
      recipientId: r.id,
      leadId: r.leadId,
      contactId: r.contactId,
      accountId: r.accountId,
      detail,
      occurredAt: at,
    });
  }

  /** Engagement events of a lead or contact (opens, clicks, registrations …), for other modules. */
  engagement(orgId: string, by: { leadId?: string; contactId?: string }, since?: string) {
    return this.repo.engagement(orgId, by, since);
  }
}

function pick(c: Snapshot, locale: Locale) {
  return locale === 'en'
    ? { subject: c.subjectEn, body: c.bodyEn }
    : { subject: c.subjectZh, body: c.bodyZh };
}

export function smtpMessage(err: unknown): string {
  const e = err as { response?: string; message?: string };
  return String(e.response ?? e.message ?? err).slice(0, 500);
}

function toTemplate(r: TemplateRow, dir: OrgDirectory): EmailTemplate {
  return {
    id: r.id,
    name: r.name,
    subjectZh: r.subjectZh,
    bodyZh: r.bodyZh,
    subjectEn: r.subjectEn,
    bodyEn: r.bodyEn,
    ownerId: r.ownerId,
    ownerName: nameOf(dir, r.ownerId) ?? '',
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

function toRecipient(r: RecipientRow): CampaignRecipient {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    locale: r.locale as Locale,
    contactId: r.contactId,
    leadId: r.leadId,
    status: r.status as CampaignRecipient['status'],
    error: r.error,
    queuedAt: r.queuedAt,
    sentAt: r.sentAt,
    openCount: r.openCount,
    firstOpenedAt: r.firstOpenedAt,
    clickCount: r.clickCount,
    firstClickedAt: r.firstClickedAt,
    unsubscribedAt: r.unsubscribedAt,
  };
}
