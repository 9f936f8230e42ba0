import type { Kysely } from 'kysely';
import {
  MoneyMinor,
  rmbUppercase,
  type Proposal,
  type ProposalCreate,
  type ProposalListQuery,
  type ProposalSectionInput,
  type ProposalStatus,
  type ProposalSummary,
  type ProposalUpdate,
} from '@tuoke/shared';
import type { Database, ProposalItemsTable, ProposalSectionsTable } from '../../db/schema.js';
import { AppError, conflict, invalidField, notFound, stale } from '../../http/errors.js';
import { nextCounter } from '../../lib/counters.js';
import { localDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { requiredText } from '../../lib/records.js';
import { authorize, guard, nameOf, type Actor, type DirectoryCache } from '../access/index.js';
import type { AccountsService } from '../accounts/index.js';
import type { NeedsJoined, NeedsService } from '../needs/index.js';
import { renderProposalPdf } from './proposals.pdf.js';
import { ProposalsRepository, type ProposalJoined, type ProposalRow } from './proposals.repository.js';

type Clock = () => Date;
/** The contract's ceiling for money (10^14 fen). */
const MAX_TOTAL = (MoneyMinor as { maximum?: number }).maximum ?? 100_000_000_000_000;

/** FA-20261128-0001: 方案, the creation date (China time), the year's sequence. */
export function proposalNumber(today: string, seq: number): string {
  return `FA-${today.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
}

/** Which status may follow which: a sent proposal goes back to draft to be reworked. */
const NEXT: Record<ProposalStatus, ProposalStatus[]> = {
  draft: ['sent'],
  sent: ['accepted', 'declined', 'draft'],
  accepted: [],
  declined: [],
};

/**
 * Solution proposals (方案书) answering a needs record pain point by pain point. Access follows
 * the account, like the needs record. Prices come from the catalogue (or a given unit price) and
 * every total is computed here in integer fen; only a draft changes. Numbers come from the
 * organisation's yearly counter in the creating transaction, so concurrent creations never share one.
 */
export class ProposalsService {
  private readonly repo: ProposalsRepository;
  /** The clock the number's date reads; tests move it. */
  clock: Clock = () => new Date();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly accounts: AccountsService,
    private readonly needs: NeedsService,
  ) {
    this.repo = new ProposalsRepository(db);
  }

  async list(actor: Actor, query: ProposalListQuery): Promise<{ items: ProposalSummary[] }> {
    authorize(actor, 'proposal', 'read');
    let owners;
    if (query.accountId) {
      await this.accountFor(actor, query.accountId, 'read', () =>
        invalidField('accountId', 'no such account in your data scope'),
      );
      owners = null;
    } else owners = (await guard(this.directory, actor, 'account', 'read')).owners;
    const rows = await this.repo.list(actor.orgId, owners, query, query.limit ?? 50);
    const dir = await this.directory.get(actor.orgId);
    return { items: rows.map((r) => toSummary(r, nameOf(dir, r.ownerId) ?? '')) };
  }

  async get(actor: Actor, id: string): Promise<Proposal> {
    return this.full(await this.readable(actor, id));
  }

  private async readable(actor: Actor, id: string): Promise<ProposalJoined> {
    authorize(actor, 'proposal', 'read');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Proposal');
    await this.accountFor(actor, row.accountId, 'read', () => notFound('Proposal'));
    return row;
  }

  private async writable(actor: Actor, id: string, action: 'update' | 'delete' = 'update') {
    authorize(actor, 'proposal', action);
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Proposal');
    await this.accountFor(actor, row.accountId, 'update', () => notFound('Proposal'));
    return row;
  }

  private async accountFor(
    actor: Actor,
    accountId: string,
    action: 'read' | 'update',
    missing: () => AppError,
  ) {
    try {
      return (await this.accounts.visible(actor, accountId, action)).row;
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw missing();
      throw err;
    }
  }

  async create(actor: Actor, input: ProposalCreate): Promise<Proposal> {
    authorize(actor, 'proposal', 'create');
    let needs: NeedsJoined;
    try {
      needs = await this.needs.readable(actor, input.needsId);
    } catch (err) {
      if (err instanceof AppError && err.status === 404)
        throw invalidField('needsId', 'no such needs record in your data scope');
      throw err;
    }
    await this.accountFor(actor, needs.accountId, 'update', () =>
      invalidField('needsId', 'no such needs record in your data scope'),
    );
    const contactId = input.contactId !== undefined ? input.contactId : needs.contactId;
    await this.checkContact(actor.orgId, contactId, needs.accountId);
    const id = newId();
    const { sections, items, total } = await this.build(actor.orgId, id, needs, input.sections);
    const now = this.clock();
    const at = now.toISOString();
    const row: ProposalRow = {
      id,
      orgId: actor.orgId,
      number: '', // from the organisation's yearly counter, in the transaction below
      needsId: needs.id,
      accountId: needs.accountId,
      opportunityId: needs.opportunityId,
      contactId,
      title: input.title
        ? requiredText(input.title, 'title')
        : `${needs.accountName} 解决方案建议书`.slice(0, 200),
      summary: input.summary?.trim() || null,
      status: 'draft',
      currency: needs.currency,
      total,
      ownerId: actor.userId,
      sentAt: null,
      decidedAt: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.db.transaction().execute(async (trx) => {
      const today = localDate(now);
      const seq = await nextCounter(trx, actor.orgId, `proposal:${today.slice(0, 4)}`);
      row.number = proposalNumber(today, seq);
      await this.repo.with(trx).insert(row, sections, items);
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: ProposalUpdate): Promise<Proposal> {
    const row = await this.writable(actor, id);
    if (row.status !== 'draft')
      throw conflict(`Only a draft proposal can be edited (this one is ${row.status})`);
    const patch: Partial<ProposalRow> = { updatedAt: this.clock().toISOString() };
    if (input.title !== undefined) patch.title = requiredText(input.title, 'title');
    if (input.summary !== undefined) patch.summary = input.summary?.trim() || null;
    if (input.contactId !== undefined) {
      await this.checkContact(actor.orgId, input.contactId, row.accountId);
      patch.contactId = input.contactId;
    }
    let content: Awaited<ReturnType<ProposalsService['build']>> | null = null;
    if (input.sections) {
      const needs = await this.needs.readable(actor, row.needsId);
      content = await this.build(actor.orgId, id, needs, input.sections);
      patch.total = content.total;
    }
    await this.db.transaction().execute(async (trx) => {
      const r = this.repo.with(trx);
      if (!(await r.cas(actor.orgId, id, input.version, patch, ['draft']))) throw stale('Proposal');
      if (content) await r.replaceContent(actor.orgId, id, content.sections, content.items);
    });
    return this.get(actor, id);
  }

  async setStatus(actor: Actor, id: string, status: ProposalStatus, version: number): Promise<Proposal> {
    const row = await this.writable(actor, id);
    const from = row.status as ProposalStatus;
    if (!NEXT[from].includes(status))
      throw conflict(`A ${from} proposal cannot become ${status}`, [
        { path: 'status', message: `not allowed from ${from}` },
      ]);
    if (status === 'sent' && (await this.repo.sections(actor.orgId, id)).length === 0)
      throw conflict('Add at least one pain point and its solution before sending the proposal');
    const at = this.clock().toISOString();
    const patch: Partial<ProposalRow> = { status, updatedAt: at };
    if (status === 'sent') patch.sentAt = at;
    if (status === 'accepted' || status === 'declined') patch.decidedAt = at;
    if (status === 'draft') patch.sentAt = null;
    if (!(await this.repo.cas(actor.orgId, id, version, patch, [from]))) throw stale('Proposal');
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const row = await this.writable(actor, id, 'delete');
    if (row.status !== 'draft')
      throw conflict(`Only a draft proposal can be deleted (this one is ${row.status})`);
    await this.repo.delete(actor.orgId, id);
  }

  async pdf(actor: Actor, id: string): Promise<{ filename: string; body: Buffer }> {
    const row = await this.readable(actor, id);
    const proposal = await this.full(row);
    const needs = this.needs.values(await this.needs.readable(actor, row.needsId));
    const [companyName, contact, owner] = await Promise.all([
      this.repo.orgName(row.orgId),
      row.contactId ? this.repo.contact(row.orgId, row.contactId) : Promise.resolve(undefined),
      this.repo.user(row.orgId, row.ownerId),
    ]);
    const body = await renderProposalPdf({
      proposal,
      needs,
      companyName,
      contact: contact ?? null,
      owner: owner ?? { name: proposal.ownerName, email: '' },
      date: localDate(new Date(row.createdAt)),
    });
    return { filename: `${row.number}.pdf`, body };
  }

  private async checkContact(orgId: string, contactId: string | null, accountId: string) {
    if (!contactId) return;
    const c = await this.repo.contact(orgId, contactId);
    if (!c || c.accountId !== accountId) throw invalidField('contactId', 'is not a contact of this account');
  }

  /**
   * Sections and items priced from the catalogue: each section answers one pain point of the
   * needs record; products must be active; amount = quantity × unit price, exact in fen.
   */
  private async build(orgId: string, proposalId: string, needs: NeedsJoined, inputs: ProposalSectionInput[]) {
    const painPoints = new Map(this.needs.values(needs).painPoints.map((p) => [p.id, p]));
    const products = new Map(
      (
        await this.repo.products(
          orgId,
          inputs.flatMap((s) => s.items.map((i) => i.productId)),
        )
      ).map((p) => [p.id, p]),
    );
    const sections: ProposalSectionsTable[] = [];
    const items: ProposalItemsTable[] = [];
    let total = 0;
    inputs.forEach((s, i) => {
      const pain = painPoints.get(s.painPointId);
      if (!pain) throw invalidField(`sections/${i}/painPointId`, 'no such pain point in the needs record');
      const section: ProposalSectionsTable = {
        id: newId(),
        orgId,
        proposalId,
        position: i,
        painPointId: pain.id,
        painPoint: pain.description,
        severity: pain.severity,
        solution: requiredText(s.solution, `sections/${i}/solution`),
      };
      sections.push(section);
      s.items.forEach((it, k) => {
        const p = products.get(it.productId);
        const at = `sections/${i}/items/${k}/productId`;
        if (!p) throw invalidField(at, 'no such product in your catalogue');
        if (p.active !== 1) throw invalidField(at, 'this product is deactivated');
        const unitPrice = it.unitPrice ?? Number(p.listPrice);
        const amount = it.quantity * unitPrice;
        total += amount;
        if (!Number.isSafeInteger(amount) || total > MAX_TOTAL)
          throw invalidField(`sections/${i}/items/${k}/quantity`, 'the proposal total would be too large');
        items.push({
          id: newId(),
          orgId,
          proposalId,
          sectionId: section.id,
          position: items.length,
          productId: p.id,
          sku: p.sku,
          name: p.name,
          unit: p.unit,
          quantity: it.quantity,
          listPrice: Number(p.listPrice),
          unitPrice,
          amount,
        });
      });
    });
    return { sections, items, total };
  }

  private async full(row: ProposalJoined): Promise<Proposal> {
    const [sections, items, dir] = await Promise.all([
      this.repo.sections(row.orgId, row.id),
      this.repo.items(row.orgId, row.id),
      this.directory.get(row.orgId),
    ]);
    return {
      ...toSummary(row, nameOf(dir, row.ownerId) ?? ''),
      sections: sections.map((s) => {
        const mine = items
          .filter((i) => i.sectionId === s.id)
          .map((i) => ({
            id: i.id,
            productId: i.productId,
            sku: i.sku,
            name: i.name,
            unit: i.unit,
            quantity: i.quantity,
            listPrice: Number(i.listPrice),
            unitPrice: Number(i.unitPrice),
            amount: Number(i.amount),
          }));
        return {
          id: s.id,
          painPointId: s.painPointId,
          painPoint: s.painPoint,
          severity: s.severity,
          solution: s.solution,
          items: mine,
          subtotal: mine.reduce((sum, i) => sum + i.amount, 0),
        };
      }),
    };
  }
}

function toSummary(r: ProposalJoined, ownerName: string): ProposalSummary {
  const total = Number(r.total);
  return {
    id: r.id,
    number: r.number,
    needsId: r.needsId,
    needsTitle: r.needsTitle,
    accountId: r.accountId,
    accountName: r.accountName,
    opportunityId: r.opportunityId,
    opportunityName: r.opportunityName,
    contactId: r.contactId,
    contactName: r.contactName,
    title: r.title,
    summary: r.summary,
    status: r.status as ProposalStatus,
    currency: r.currency,
    total,
    totalInWords: rmbUppercase(total),
    ownerId: r.ownerId,
    ownerName,
    sentAt: r.sentAt,
    decidedAt: r.decidedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
