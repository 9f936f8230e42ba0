import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { CampaignRecipientQuery, EmailTemplateListQuery } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import { updateIfVersion } from '../../lib/records.js';
import type { Database } from '../../db/schema.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { likePattern } from '../../lib/text.js';

export type TemplateRow = Selectable<Database['emailTemplates']>;
export type SettingsRow = Selectable<Database['mailSettings']>;
export type RecipientRow = Selectable<Database['campaignRecipients']>;
export type LinkRow = Selectable<Database['campaignLinks']>;

/** Templates, SMTP settings, recipients, links, unsubscribes and engagement events. */
export class EmailRepository {
  private readonly emails = new Map<string, { at: number; value: Map<string, string> }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  // Templates.
  templates(orgId: string, query: EmailTemplateListQuery, sort: SortSpec, limit: number) {
    let qb = this.db.selectFrom('emailTemplates').selectAll().where('orgId', '=', orgId);
    if (query.ownerId) qb = qb.where('ownerId', '=', query.ownerId);
    if (query.q) qb = qb.where(this.dialect.ilike('emailTemplates.name', likePattern(query.q)));
    return applyKeyset(qb, sort, 'emailTemplates.id', query.cursor, limit).execute();
  }

  template(orgId: string, id: string) {
    return this.db
      .selectFrom('emailTemplates')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async insertTemplate(row: Insertable<Database['emailTemplates']>) {
    await this.db.insertInto('emailTemplates').values(row).execute();
  }

  async updateTemplate(
    orgId: string,
    id: string,
    version: number,
    patch: Record<string, unknown>,
    at: string,
  ) {
    return updateIfVersion(this.db, 'emailTemplates', { orgId, id, version }, { ...patch, updatedAt: at });
  }

  async templateUsedBy(orgId: string, id: string): Promise<number> {
    const r = await this.db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('orgId', '=', orgId)
      .where('templateId', '=', id)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async deleteTemplate(orgId: string, id: string) {
    await this.db.deleteFrom('emailTemplates').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  // SMTP settings.
  settings(orgId: string): Promise<SettingsRow | undefined> {
    return this.db.selectFrom('mailSettings').selectAll().where('orgId', '=', orgId).executeTakeFirst();
  }

  async saveSettings(row: SettingsRow) {
    await this.db
      .insertInto('mailSettings')
      .values(row)
      .onConflict((oc) =>
        oc.column('orgId').doUpdateSet({
          host: row.host,
          port: row.port,
          secure: row.secure,
          username: row.username,
          password: row.password,
          fromEmail: row.fromEmail,
          fromName: row.fromName,
          publicUrl: row.publicUrl,
          updatedBy: row.updatedBy,
          updatedAt: row.updatedAt,
        }),
      )
      .execute();
  }

  // Sending.
  /** Freezes the template and its links once: the first caller wins, later calls keep it. */
  async freezeSnapshot(
    orgId: string,
    campaignId: string,
    snapshot: string,
    links: string[],
    userId: string,
    at: string,
    makeId: () => string,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('campaigns')
        .set({ emailSnapshot: snapshot, sendStartedAt: at, sentBy: userId })
        .where('orgId', '=', orgId)
        .where('id', '=', campaignId)
        .where('emailSnapshot', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      if (links.length)
        await trx
          .insertInto('campaignLinks')
          .values(links.map((url, position) => ({ id: makeId(), orgId, campaignId, url, position })))
          .execute();
      return true;
    });
  }

  links(orgId: string, campaignId: string): Promise<LinkRow[]> {
    return this.db
      .selectFrom('campaignLinks')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('campaignId', '=', campaignId)
      .orderBy('position')
      .execute();
  }

  /** Adds recipients; an address already queued or sent for the campaign is left alone. */
  async queueRecipients(rows: Insertable<Database['campaignRecipients']>[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      const r = await this.db
        .insertInto('campaignRecipients')
        .values(chunk)
        .onConflict((oc) => oc.columns(['campaignId', 'email']).doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  async existingRecipients(campaignId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('campaignRecipients')
      .select('email')
      .where('campaignId', '=', campaignId)
      .execute();
    return new Set(rows.map((r) => r.email));
  }

  async unsubscribed(orgId: string, emails: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < emails.length; i += 500) {
      const rows = await this.db
        .selectFrom('emailUnsubscribes')
        .select('email')
        .where('orgId', '=', orgId)
        .where('email', 'in', emails.slice(i, i + 500))
        .execute();
      for (const r of rows) out.add(r.email);
    }
    return out;
  }

  queuedBatch(orgId: string, campaignId: string, limit: number): Promise<RecipientRow[]> {
    return this.db
      .selectFrom('campaignRecipients')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('campaignId', '=', campaignId)
      .where('status', '=', 'queued')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /**
   * Claims a queued recipient for delivery (compare-and-set on the status): of two workers only
   * one gets it, and a row once claimed is never queued again, so nobody is mailed twice.
   */
  async claim(id: string, tokenHash: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('campaignRecipients')
      .set({ status: 'sending', tokenHash, sentAt: at })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async finish(
    id: string,
    patch: {
      status: 'sent' | 'failed' | 'skipped' | 'queued';
      error?: string | null;
      messageId?: string | null;
      sentAt?: string | null;
      tokenHash?: string | null;
    },
  ) {
    await this.db.updateTable('campaignRecipients').set(patch).where('id', '=', id).execute();
  }

  /** Rows left `sending` by a worker that died mid-delivery: failed, never retried (delivery unknown). */
  async failInterrupted(orgId: string, campaignId: string, before: string) {
    await this.db
      .updateTable('campaignRecipients')
      .set({ status: 'failed', error: 'interrupted during delivery; not retried so nobody gets it twice' })
      .where('orgId', '=', orgId)
      .where('campaignId', '=', campaignId)
      .where('status', '=', 'sending')
      .where('sentAt', '<', before)
      .execute();
  }

  async countQueued(orgId: string, campaignId: string): Promise<number> {
    const r = await this.db
      .selectFrom('campaignRecipients')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('orgId', '=', orgId)
      .where('campaignId', '=', campaignId)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** The merge values of a batch: names, titles and companies as they are now. */
  async mergeData(orgId: string, contactIds: string[], leadIds: string[]) {
    const contacts = contactIds.length
      ? await this.db
          .selectFrom('contacts')
          .leftJoin('accounts', 'accounts.id', 'contacts.accountId')
          .select(['contacts.id', 'contacts.name', 'contacts.title', 'accounts.name as company'])
          .where('contacts.orgId', '=', orgId)
          .where('contacts.id', 'in', contactIds)
          .execute()
      : [];
    const leads = leadIds.length
      ? await this.db
          .selectFrom('leads')
          .select(['id', 'name', 'title', 'company'])
          .where('orgId', '=', orgId)
          .where('id', 'in', leadIds)
          .execute()
      : [];
    return new Map([...contacts, ...leads].map((r) => [r.id, r]));
  }

  recipients(orgId: string, campaignId: string, query: CampaignRecipientQuery, limit: number) {
    let qb = this.db
      .selectFrom('campaignRecipients')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('campaignId', '=', campaignId);
    if (query.status) qb = qb.where('status', '=', query.status);
    const sort: SortSpec = { field: 'email', column: 'campaignRecipients.email', desc: false };
    return applyKeyset(qb, sort, 'campaignRecipients.id', query.cursor, limit).execute();
  }

  async stats(orgId: string, campaignId: string) {
    const r = await this.db
      .selectFrom('campaignRecipients')
      .select([
        (eb) => eb.fn.countAll().as('recipients'),
        sql<number>`sum(case when status = 'queued' or status = 'sending' then 1 else 0 end)`.as('queued'),
        sql<number>`sum(case when status = 'sent' then 1 else 0 end)`.as('sent'),
        sql<number>`sum(case when status = 'failed' then 1 else 0 end)`.as('failed'),
        sql<number>`sum(case when status = 'skipped' then 1 else 0 end)`.as('skipped'),
        sql<number>`sum(case when open_count > 0 then 1 else 0 end)`.as('opened'),
        sql<number>`sum(open_count)`.as('opens'),
        sql<number>`sum(case when click_count > 0 then 1 else 0 end)`.as('clicked'),
        sql<number>`sum(click_count)`.as('clicks'),
        sql<number>`sum(case when unsubscribed_at is not null then 1 else 0 end)`.as('unsubscribed'),
      ])
      .where('orgId', '=', orgId)
      .where('campaignId', '=', campaignId)
      .executeTakeFirst();
    const linkClicks = await this.db
      .selectFrom('campaignLinks')
      .leftJoin('engagementEvents', (j) =>
        j
          .onRef('engagementEvents.campaignId', '=', 'campaignLinks.campaignId')
          .onRef('engagementEvents.detail', '=', 'campaignLinks.id')
          .on('engagementEvents.type', '=', 'email_click'),
      )
      .select([
        'campaignLinks.id',
        'campaignLinks.url',
        (eb) => eb.fn.count('engagementEvents.id').as('clicks'),
      ])
      .where('campaignLinks.orgId', '=', orgId)
      .where('campaignLinks.campaignId', '=', campaignId)
      .groupBy(['campaignLinks.id', 'campaignLinks.url', 'campaignLinks.position'])
      .orderBy('campaignLinks.position')
      .execute();
    const n = (v: unknown) => Number(v ?? 0);
    return {
      recipients: n(r?.recipients),
      queued: n(r?.queued),
      sent: n(r?.sent),
      failed: n(r?.failed),
      skipped: n(r?.skipped),
      opened: n(r?.opened),
      opens: n(r?.opens),
      clicked: n(r?.clicked),
      clicks: n(r?.clicks),
      unsubscribed: n(r?.unsubscribed),
      links: linkClicks.map((l) => ({ id: l.id, url: l.url, clicks: n(l.clicks) })),
    };
  }

  /** E-mail addresses of the organisation's users ({{owner.email}}), cached for a minute. */
  async userEmails(orgId: string): Promise<Map<string, string>> {
    const hit = this.emails.get(orgId);
    if (hit && Date.now() - hit.at < 60_000) return hit.value;
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('orgId', '=', orgId)
      .execute();
    const value = new Map(rows.map((r) => [r.id, r.email]));
    this.emails.set(orgId, { at: Date.now(), value });
    return value;
  }

  // Public tracking.
  byToken(tokenHash: string) {
    return this.db
      .selectFrom('campaignRecipients')
      .selectAll()
      .where('tokenHash', '=', tokenHash)
      .executeTakeFirst();
  }

  link(orgId: string, campaignId: string, id: string) {
    return this.db
      .selectFrom('campaignLinks')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('campaignId', '=', campaignId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async recordOpen(id: string, at: string) {
    await this.db
      .updateTable('campaignRecipients')
      .set((eb) => ({
        openCount: eb('openCount', '+', 1),
        firstOpenedAt: eb.fn.coalesce('firstOpenedAt', sql.val(at)),
      }))
      .where('id', '=', id)
      .execute();
  }

  /** A click also proves an open (images are often blocked). */
  async recordClick(id: string, at: string) {
    await this.db
      .updateTable('campaignRecipients')
      .set((eb) => ({
        clickCount: eb('clickCount', '+', 1),
        firstClickedAt: eb.fn.coalesce('firstClickedAt', sql.val(at)),
        openCount: sql<number>`case when open_count = 0 then 1 else open_count end`,
        firstOpenedAt: eb.fn.coalesce('firstOpenedAt', sql.val(at)),
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Records the address as unsubscribed for the organisation; true when it was new. */
  async unsubscribe(r: RecipientRow, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const ins = await trx
        .insertInto('emailUnsubscribes')
        .values({
          orgId: r.orgId,
          email: r.email,
          campaignId: r.campaignId,
          recipientId: r.id,
          createdAt: at,
        })
        .onConflict((oc) => oc.columns(['orgId', 'email']).doNothing())
        .executeTakeFirst();
      await trx
        .updateTable('campaignRecipients')
        .set((eb) => ({ unsubscribedAt: eb.fn.coalesce('unsubscribedAt', sql.val(at)) }))
        .where('id', '=', r.id)
        .execute();
      return Number(ins.numInsertedOrUpdatedRows ?? 0) > 0;
    });
  }

  async recordEngagement(row: Insertable<Database['engagementEvents']>) {
    await this.db.insertInto('engagementEvents').values(row).execute();
  }

  /** Engagement of a lead or contact, newest first (for lead scoring and timelines). */
  engagement(orgId: string, by: { leadId?: string; contactId?: string }, since?: string) {
    let qb = this.db.selectFrom('engagementEvents').selectAll().where('orgId', '=', orgId);
    if (by.leadId) qb = qb.where('leadId', '=', by.leadId);
    if (by.contactId) qb = qb.where('contactId', '=', by.contactId);
    if (since) qb = qb.where('occurredAt', '>=', since);
    return qb.orderBy('occurredAt', 'desc').limit(500).execute();
  }
}
