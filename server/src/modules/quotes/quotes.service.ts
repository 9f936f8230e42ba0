import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  quoteMargin,
  quoteTotals,
  rmbUppercase,
  type PublicQuote,
  type Quote,
  type QuoteCreate,
  type QuoteItem,
  type QuoteListQuery,
  type QuoteShare,
  type QuoteStatus,
  type QuoteUpdate,
} from '@tuoke/shared';
import type { Database, QuoteItemsTable } from '../../db/schema.js';
import { conflict, invalidField, notFound, stale } from '../../http/errors.js';
import { checkDate } from '../../lib/dates.js';
import { nextCounter } from '../../lib/counters.js';
import { newId } from '../../lib/ids.js';
import { authorize, guard, nameOf, type Actor, type DirectoryCache } from '../access/index.js';
import type { ApprovalsService } from '../approvals/index.js';
import type { OpportunitiesService } from '../opportunities/index.js';
import { renderQuotePdf } from './quotes.pdf.js';
import { QuotesRepository, type QuoteJoined, type QuoteRow } from './quotes.repository.js';

const DAY_MS = 86_400_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Quotes (报价单) of an opportunity. A quote follows its opportunity's visibility; only a draft
 * can be edited; submitting runs the approval engine; a revision copies the quote into a new
 * draft and leaves the old one read-only (superseded). Totals are always computed here.
 *
 * Cost and margin: each line keeps a copy of its product's unit cost from when it was priced, so
 * a later change in the catalogue does not rewrite an old quote's margin or what its approver saw.
 * They are internal: every signed-in user who may read the quote sees them (kept simple), the
 * customer's PDF and share page never do.
 */
export class QuotesService {
  private readonly repo: QuotesRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly opportunities: OpportunitiesService,
    private readonly approvals: ApprovalsService,
  ) {
    this.repo = new QuotesRepository(db);
    // The approval engine decides in its transaction; the quote follows in the same one.
    approvals.onDecided('quote', async (request, trx, orgId) => {
      const status: QuoteStatus = request.status === 'approved' ? 'approved' : 'draft';
      await this.repo
        .with(trx)
        .cas(
          orgId,
          request.businessId,
          null,
          { status, updatedAt: request.decidedAt ?? request.submittedAt },
          ['pending_approval'],
        );
    });
    // Resubmitting from the inbox re-reads the quote (it may have been edited after the rejection).
    approvals.onResubmit('quote', async (actor, id) => {
      const row = await this.repo.get(actor.orgId, id);
      if (!row) throw notFound('Quote');
      return this.submit(actor, id, row.version);
    });
  }

  async list(actor: Actor, query: QuoteListQuery) {
    authorize(actor, 'quote', 'read');
    let owners;
    if (query.opportunityId) {
      await this.opportunities.visible(actor, query.opportunityId, 'read');
      owners = null;
    } else owners = (await guard(this.directory, actor, 'opportunity', 'read')).owners;
    const rows = await this.repo.list(actor.orgId, owners, query, query.limit ?? 50);
    const dir = await this.directory.get(actor.orgId);
    return { items: rows.map((r) => toQuote(r, [], nameOf(dir, r.ownerId) ?? '')) };
  }

  async get(actor: Actor, id: string): Promise<Quote> {
    const row = await this.readable(actor, id);
    return this.toFull(row);
  }

  /**
   * A quote the actor may read: through its opportunity, or as a participant of its approval
   * (an approver from another branch must see what they approve).
   */
  private async readable(actor: Actor, id: string): Promise<QuoteJoined> {
    authorize(actor, 'quote', 'read');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Quote');
    try {
      await this.opportunities.visible(actor, row.opportunityId, 'read');
    } catch (err) {
      if (
        !row.approvalRequestId ||
        !(await this.approvals.isParticipant(actor.orgId, row.approvalRequestId, actor.userId))
      )
        throw err instanceof Error && 'status' in err ? notFound('Quote') : err;
    }
    return row;
  }

  private async writable(actor: Actor, id: string, action: 'update' | 'create' = 'update') {
    authorize(actor, 'quote', action);
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Quote');
    try {
      await this.opportunities.visible(actor, row.opportunityId, 'update');
    } catch {
      throw notFound('Quote');
    }
    return row;
  }

  private async toFull(row: QuoteJoined): Promise<Quote> {
    const dir = await this.directory.get(row.orgId);
    const items = await this.repo.items(row.orgId, row.id);
    return toQuote(row, items, nameOf(dir, row.ownerId) ?? '');
  }

  async create(actor: Actor, input: QuoteCreate): Promise<Quote> {
    authorize(actor, 'quote', 'create');
    const opp = (await this.opportunities.visible(actor, input.opportunityId, 'update')).row;
    checkDate(input.validUntil, 'validUntil');
    const id = newId();
    const items = await this.buildItems(actor.orgId, id, input.items);
    const totals = totalsOf(items, input.discountBp ?? 0, input.taxRateBp ?? 0);
    const at = new Date().toISOString();
    const row: QuoteRow = {
      id,
      orgId: actor.orgId,
      opportunityId: opp.id,
      number: '', // given in the transaction below, from the organisation's yearly counter
      revision: 1,
      previousId: null,
      status: 'draft',
      currency: input.currency ?? opp.currency,
      discountBp: input.discountBp ?? 0,
      taxRateBp: input.taxRateBp ?? 0,
      validUntil: input.validUntil,
      ...totals,
      notes: input.notes ?? null,
      approvalRequestId: null,
      ownerId: actor.userId,
      acceptedBy: null,
      decidedAt: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.db.transaction().execute(async (trx) => {
      const seq = await nextCounter(trx, actor.orgId, `quote:${at.slice(0, 4)}`);
      row.number = `QT-${at.slice(0, 4)}-${String(seq).padStart(5, '0')}`;
      await this.repo.with(trx).insert(row, items);
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: QuoteUpdate): Promise<Quote> {
    const row = await this.writable(actor, id);
    if (row.status !== 'draft') throw conflict(`Only a draft can be edited (this quote is ${row.status})`);
    if (input.validUntil) checkDate(input.validUntil, 'validUntil');
    const items = input.items
      ? await this.buildItems(actor.orgId, id, input.items)
      : ((await this.repo.items(actor.orgId, id)) as QuoteItemsTable[]);
    const discountBp = input.discountBp ?? row.discountBp;
    const taxRateBp = input.taxRateBp ?? row.taxRateBp;
    const patch: Partial<QuoteRow> = {
      discountBp,
      taxRateBp,
      ...totalsOf(items, discountBp, taxRateBp),
      updatedAt: new Date().toISOString(),
    };
    if (input.validUntil) patch.validUntil = input.validUntil;
    if (input.notes !== undefined) patch.notes = input.notes;
    await this.db.transaction().execute(async (trx) => {
      const r = this.repo.with(trx);
      if (!(await r.cas(actor.orgId, id, input.version, patch, ['draft']))) throw stale('Quote');
      if (input.items) await r.replaceItems(actor.orgId, id, items);
    });
    return this.get(actor, id);
  }

  /** Draft → approval. When no rule applies (or below its threshold) the quote is approved at once. */
  async submit(actor: Actor, id: string, version: number, now = new Date()): Promise<Quote> {
    const row = await this.writable(actor, id);
    if (row.status !== 'draft') throw conflict(`Only a draft can be submitted (this quote is ${row.status})`);
    const items = await this.repo.items(actor.orgId, id);
    await this.db.transaction().execute(async (trx) => {
      const r = this.repo.with(trx);
      const at = now.toISOString();
      if (!(await r.cas(actor.orgId, id, version, { status: 'pending_approval', updatedAt: at }, ['draft'])))
        throw stale('Quote');
      const request = await this.approvals.submit(
        actor,
        {
          businessType: 'quote',
          businessId: id,
          title: `${row.number} v${row.revision} · ${row.accountName}`,
          amount: row.total,
          discountBp: effectiveDiscountBp(row),
          // null (a line without a cost) never matches a "margin below" condition
          marginBp: row.marginBp,
          productIds: [...new Set(items.map((i) => i.productId))],
        },
        trx,
        now,
      );
      await r.cas(actor.orgId, id, null, { approvalRequestId: request.id });
    });
    return this.get(actor, id);
  }

  /** A new draft revision; the old quote stays as it was, read-only (superseded). */
  async revise(actor: Actor, id: string, version: number): Promise<Quote> {
    const row = await this.writable(actor, id);
    if (row.status === 'draft' || row.status === 'pending_approval' || row.status === 'superseded')
      throw conflict(`A ${row.status} quote cannot be revised`);
    const newQuoteId = newId();
    // Prices and discounts carry over as the customer saw them, but costs are re-read from the
    // catalogue: the new version goes through approval again and should be judged on what the
    // products cost now. A product since deleted keeps the cost copied into the old version.
    const old = await this.repo.items(actor.orgId, id);
    const costs = new Map(
      (await this.repo.products(actor.orgId, [...new Set(old.map((i) => i.productId))])).map((p) => [
        p.id,
        p.unitCost,
      ]),
    );
    const items = old.map((i) => ({
      ...i,
      id: newId(),
      quoteId: newQuoteId,
      unitCost: costs.has(i.productId) ? (costs.get(i.productId) ?? null) : i.unitCost,
    }));
    const totals = totalsOf(items, row.discountBp, row.taxRateBp);
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const r = this.repo.with(trx);
      if (!(await r.cas(actor.orgId, id, version, { status: 'superseded', updatedAt: at })))
        throw stale('Quote');
      await r.revokeShares(actor.orgId, id, at);
      const { opportunityName: _o, opportunityOwnerId: _w, accountId: _a, accountName: _n, ...base } = row;
      await r.insert(
        {
          ...base,
          ...totals,
          id: newQuoteId,
          revision: row.revision + 1,
          previousId: row.id,
          status: 'draft',
          approvalRequestId: null,
          ownerId: actor.userId,
          acceptedBy: null,
          decidedAt: null,
          createdAt: at,
          updatedAt: at,
          version: 1,
        },
        items,
      );
    });
    return this.get(actor, newQuoteId);
  }

  /** The sales side records the customer's answer for a sent quote. */
  async setOutcome(actor: Actor, id: string, status: 'accepted' | 'declined', version: number) {
    const row = await this.writable(actor, id);
    if (row.status !== 'sent')
      throw conflict(`Only a sent quote can be ${status} (this one is ${row.status})`);
    const at = new Date().toISOString();
    if (!(await this.repo.cas(actor.orgId, id, version, { status, decidedAt: at, updatedAt: at }, ['sent'])))
      throw stale('Quote');
    return this.get(actor, id);
  }

  /** An unguessable link for the customer; only its hash is stored. Marks an approved quote sent. */
  async share(actor: Actor, id: string, days = 14, now = new Date()): Promise<QuoteShare> {
    const row = await this.writable(actor, id);
    if (row.status !== 'approved' && row.status !== 'sent')
      throw conflict(`Only an approved quote can be shared (this one is ${row.status})`);
    const token = randomBytes(24).toString('base64url');
    const at = now.toISOString();
    const expiresAt = new Date(now.getTime() + days * DAY_MS).toISOString();
    const shareId = newId();
    await this.db.transaction().execute(async (trx) => {
      const r = this.repo.with(trx);
      await r.insertShare({
        id: shareId,
        orgId: actor.orgId,
        quoteId: id,
        tokenHash: sha256(token),
        expiresAt,
        revokedAt: null,
        viewedAt: null,
        createdBy: actor.userId,
        createdAt: at,
      });
      if (row.status === 'approved')
        await r.cas(actor.orgId, id, null, { status: 'sent', updatedAt: at }, ['approved']);
    });
    return { id: shareId, token, path: `/q/${token}`, expiresAt };
  }

  async revokeShares(actor: Actor, id: string) {
    await this.writable(actor, id);
    await this.repo.revokeShares(actor.orgId, id, new Date().toISOString());
  }

  async pdf(actor: Actor, id: string): Promise<{ filename: string; body: Buffer }> {
    const row = await this.readable(actor, id);
    return this.renderPdf(row);
  }

  private async renderPdf(row: QuoteJoined) {
    const quote = await this.toFull(row);
    const body = await renderQuotePdf({ quote, companyName: await this.repo.orgName(row.orgId) });
    return { filename: `${row.number}-v${row.revision}.pdf`, body };
  }

  // ---- public share link ------------------------------------------------------------------

  /** The quote behind a live token; an unknown, expired or revoked token, or a superseded quote: 404. */
  private async byToken(token: string, now: Date) {
    const share = await this.repo.share(sha256(token));
    if (!share || share.revokedAt || share.expiresAt <= now.toISOString()) throw notFound('Quote');
    const row = await this.repo.get(share.orgId, share.quoteId);
    if (!row || row.status === 'superseded' || row.status === 'draft' || row.status === 'pending_approval')
      throw notFound('Quote');
    return { share, row };
  }

  async publicView(token: string, now = new Date()): Promise<PublicQuote> {
    const { share, row } = await this.byToken(token, now);
    await this.repo.markViewed(share.id, now.toISOString());
    const q = await this.toFull(row);
    return {
      companyName: await this.repo.orgName(row.orgId),
      accountName: q.accountName,
      number: q.number,
      revision: q.revision,
      status: q.status,
      currency: q.currency,
      validUntil: q.validUntil,
      items: q.items.map((i) => ({
        name: i.name,
        quantity: i.quantity,
        unitPrice: i.unitPrice,
        discountBp: i.discountBp,
        amount: i.amount,
      })),
      subtotal: q.subtotal,
      discountBp: q.discountBp,
      discountAmount: q.discountAmount,
      taxRateBp: q.taxRateBp,
      taxAmount: q.taxAmount,
      total: q.total,
      totalInWords: rmbUppercase(q.total),
      notes: q.notes,
      acceptedBy: q.acceptedBy,
    };
  }

  async publicPdf(token: string, now = new Date()) {
    return this.renderPdf((await this.byToken(token, now)).row);
  }

  /** The customer accepts through the link: once, while the quote is sent and still valid. */
  async publicAccept(token: string, name: string, now = new Date()): Promise<PublicQuote> {
    const { row } = await this.byToken(token, now);
    if (row.status !== 'sent') throw conflict(`This quote is ${row.status} and can no longer be accepted`);
    if (row.validUntil < now.toISOString().slice(0, 10)) throw conflict('This quote has expired');
    const by = name.trim();
    if (!by) throw invalidField('name', 'must not be empty');
    const at = now.toISOString();
    if (
      !(await this.repo.cas(
        row.orgId,
        row.id,
        null,
        { status: 'accepted', acceptedBy: by, decidedAt: at, updatedAt: at },
        ['sent'],
      ))
    )
      throw conflict('This quote can no longer be accepted');
    return this.publicView(token, now);
  }

  /** Job: sent or approved quotes past their validity date become expired. */
  async expireOverdue(now = new Date()): Promise<number> {
    return this.repo.expireSent(now.toISOString().slice(0, 10), now.toISOString());
  }

  /**
   * Line items priced from the catalogue, active products only: list price kept for the discount
   * measure, the current unit cost copied for the margin.
   */
  private async buildItems(
    orgId: string,
    quoteId: string,
    inputs: QuoteCreate['items'],
  ): Promise<QuoteItemsTable[]> {
    const products = new Map(
      (await this.repo.products(orgId, [...new Set(inputs.map((i) => i.productId))])).map((p) => [p.id, p]),
    );
    return inputs.map((input, position) => {
      const p = products.get(input.productId);
      if (!p) throw invalidField(`items/${position}/productId`, 'no such product in your catalogue');
      if (p.active !== 1) throw invalidField(`items/${position}/productId`, 'this product is deactivated');
      return {
        id: newId(),
        orgId,
        quoteId,
        productId: p.id,
        position,
        name: p.name,
        quantity: input.quantity,
        listPrice: p.listPrice,
        unitPrice: input.unitPrice ?? p.listPrice,
        discountBp: input.discountBp ?? 0,
        amount: 0,
        unitCost: p.unitCost,
      };
    });
  }
}

/**
 * Fills in each item's amount and returns the quote's totals (see quoteTotals for the rounding)
 * with its cost and margin against the net before tax (quoteMargin) from the items' copied costs.
 */
function totalsOf(items: QuoteItemsTable[], discountBp: number, taxRateBp: number) {
  const t = quoteTotals(items, discountBp, taxRateBp);
  items.forEach((i, k) => (i.amount = t.lines[k]!));
  const { costTotal, marginBp } = quoteMargin(items, t.subtotal - t.discountAmount);
  return {
    listTotal: t.listTotal,
    subtotal: t.subtotal,
    discountAmount: t.discountAmount,
    taxAmount: t.taxAmount,
    total: t.total,
    costTotal,
    marginBp,
  };
}

/** The discount approval rules look at: the net (before tax) against the catalogue price. */
function effectiveDiscountBp(r: Pick<QuoteRow, 'listTotal' | 'subtotal' | 'discountAmount'>) {
  const net = r.subtotal - r.discountAmount;
  if (r.listTotal <= 0 || net >= r.listTotal) return 0;
  return Number(
    (2n * BigInt(r.listTotal - net) * 10_000n + BigInt(r.listTotal)) / (2n * BigInt(r.listTotal)),
  );
}

export function toQuote(r: QuoteJoined, items: QuoteItemsTable[], ownerName: string): Quote {
  return {
    id: r.id,
    opportunityId: r.opportunityId,
    opportunityName: r.opportunityName,
    accountId: r.accountId,
    accountName: r.accountName,
    number: r.number,
    revision: r.revision,
    previousId: r.previousId,
    status: r.status as QuoteStatus,
    currency: r.currency,
    discountBp: r.discountBp,
    taxRateBp: r.taxRateBp,
    validUntil: r.validUntil,
    listTotal: r.listTotal,
    subtotal: r.subtotal,
    discountAmount: r.discountAmount,
    taxAmount: r.taxAmount,
    total: r.total,
    effectiveDiscountBp: effectiveDiscountBp(r),
    costTotal: r.costTotal,
    marginBp: r.marginBp,
    notes: r.notes,
    approvalRequestId: r.approvalRequestId,
    ownerId: r.ownerId,
    ownerName,
    acceptedBy: r.acceptedBy,
    decidedAt: r.decidedAt,
    items: items.map((i): QuoteItem => ({
      id: i.id,
      productId: i.productId,
      name: i.name,
      quantity: i.quantity,
      listPrice: i.listPrice,
      unitPrice: i.unitPrice,
      discountBp: i.discountBp,
      amount: i.amount,
      unitCost: i.unitCost,
    })),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
