import type { Kysely } from 'kysely';
import {
  CONTRACT_SORTS,
  type Attachment,
  type Contract,
  type ContractCreate,
  type ContractListItem,
  type ContractListQuery,
  type ContractSettings,
  type ContractSettingsUpdate,
  type ContractSubmit,
  type ContractUpdate,
  type ContractVoid,
  quoteMargin,
  type Quote,
  type QuoteStatus,
  type Reminder,
  type View,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { AppError, badRequest, conflict, invalidField, notFound, stale } from '../../http/errors.js';
import { addDays, checkDate, localDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { parseSort, toPage } from '../../lib/pagination.js';
import { pick, requiredText, saveChanges } from '../../lib/records.js';
import {
  assertAssignable,
  canSeeOwner,
  guard,
  listOwners,
  nameOf,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
} from '../access/index.js';
import type { AccountsService } from '../accounts/index.js';
import type { ApprovalsService } from '../approvals/index.js';
import { lineAmount, type OpportunitiesService } from '../opportunities/index.js';
import type { QuotesService } from '../quotes/index.js';
import { ContractsRepository, type ContractJoined, type ContractRow } from './contracts.repository.js';

const TRACKED = ['name', 'status', 'startDate', 'endDate', 'signedDate', 'notes', 'ownerId'] as const;
export type Clock = () => Date;
/** Runs inside the voiding transaction, so other modules' records (payment plans) follow the contract. */
export type VoidHook = (trx: Kysely<Database>, orgId: string, contractId: string) => Promise<void>;

/** HT-20261127-0001: prefix, the creation date (China time), the year's sequence. */
export function contractNumber(prefix: string, today: string, seq: number): string {
  return `${prefix}-${today.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
}

/** Keeps the last path segment, drops control and path characters; never empty. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 || '<>:"|?*'.includes(ch) ? '_' : ch))
    .join('')
    .replace(/^\.+/, '')
    .trim();
  return (cleaned || 'file').slice(0, 200);
}

const CONTRACTABLE_QUOTES: readonly QuoteStatus[] = ['approved', 'sent', 'accepted'];

export class ContractsService {
  private readonly repo: ContractsRepository;
  private readonly voidHooks: VoidHook[] = [];
  /** The clock every date rule reads; tests move it forward. */
  clock: Clock = () => new Date();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly accounts: AccountsService,
    private readonly opportunities: OpportunitiesService,
    private readonly quotes: Pick<QuotesService, 'get' | 'list'>,
    private readonly approvals: ApprovalsService,
  ) {
    this.repo = new ContractsRepository(db, dialect);
    // The engine decides in its transaction; the contract follows in the same one.
    approvals.onDecided('contract', async (request, trx, orgId) => {
      const to = request.status === 'approved' ? 'active' : 'draft';
      await new ContractsRepository(trx, dialect).setStatus(
        orgId,
        request.businessId,
        ['pending_approval'],
        to,
        request.decidedAt ?? new Date().toISOString(),
      );
    });
    approvals.onResubmit('contract', async (actor, id) => {
      const row = await this.repo.get(actor.orgId, id);
      if (!row) throw notFound('Contract');
      return this.submit(actor, id, { version: row.version });
    });
  }

  private async quoteFor(actor: Actor, input: ContractCreate): Promise<Quote | null> {
    if (input.quoteId) {
      const quote = await this.quotes.get(actor, input.quoteId).catch((err: unknown) => {
        if (err instanceof AppError && err.status === 404)
          throw invalidField('quoteId', 'no such quote in your scope');
        throw err;
      });
      if (!CONTRACTABLE_QUOTES.includes(quote.status))
        throw invalidField('quoteId', 'only an approved, sent or accepted quote becomes a contract');
      if (input.opportunityId && input.opportunityId !== quote.opportunityId)
        throw invalidField('quoteId', 'belongs to another opportunity');
      return quote;
    }
    if (!input.opportunityId) return null;
    const accepted = (
      await this.quotes.list(actor, { opportunityId: input.opportunityId, status: 'accepted' })
    ).items;
    const latest = accepted.sort((a, b) => b.revision - a.revision)[0];
    return latest ? this.quotes.get(actor, latest.id) : null;
  }

  onVoid(hook: VoidHook) {
    this.voidHooks.push(hook);
  }

  async list(actor: Actor, query: ContractListQuery) {
    const g = await guard(this.directory, actor, 'contract', 'read');
    const owners = listOwners(actor, g, query.view, query.ownerId);
    const sort = parseSort(query.sort, 'contracts', CONTRACT_SORTS);
    const limit = query.limit ?? 50;
    const rows = await this.repo.list(actor.orgId, owners, query, sort, limit);
    return toPage(
      rows.map((r) => toListItem(r, g.dir)),
      sort,
      limit,
    );
  }

  async get(actor: Actor, id: string): Promise<Contract> {
    const { row, dir } = await this.visible(actor, id, 'read');
    return { ...toListItem(row, dir), items: await this.repo.items(actor.orgId, id) };
  }

  /** The contract if the actor's scope covers its owner (visibility follows the owner). */
  async visible(
    actor: Actor,
    id: string,
    action: 'read' | 'create' | 'update' | 'delete',
    object: 'contract' | 'payment' | 'invoice' = 'contract',
  ) {
    const g = await guard(this.directory, actor, object, action);
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Contract');
    // An approver outside the owner's branch reads the contract they are asked to approve.
    const approver =
      action === 'read' &&
      object === 'contract' &&
      !!row.approvalRequestId &&
      !canSeeOwner(g.owners, row.ownerId) &&
      (await this.approvals.isParticipant(actor.orgId, row.approvalRequestId, actor.userId));
    if (!approver && !canSeeOwner(g.owners, row.ownerId)) throw notFound('Contract');
    return { row, ...g };
  }

  async create(actor: Actor, input: ContractCreate): Promise<Contract> {
    const g = await guard(this.directory, actor, 'contract', 'create');
    const ownerId = input.ownerId ?? actor.userId;
    assertAssignable(g.owners, g.dir, ownerId);
    checkDate(input.startDate, 'startDate');
    checkDate(input.endDate, 'endDate');
    if (input.signedDate) checkDate(input.signedDate, 'signedDate');
    if (input.endDate < input.startDate) throw invalidField('endDate', 'must not be before the start date');

    let accountId = input.accountId;
    let name = input.name;
    let amount = input.amount;
    let currency = input.currency;
    let items: Omit<import('../../db/schema.js').ContractItemsTable, 'orgId' | 'contractId'>[] = [];
    // What the customer agreed to: a quote named by the caller, else the deal's accepted quote.
    const quote = await this.quoteFor(actor, input);
    const opportunityId = input.opportunityId ?? quote?.opportunityId;
    if (opportunityId) {
      const opp = await this.opportunities.get(actor, opportunityId).catch((err: unknown) => {
        if (err instanceof AppError && err.status === 404)
          throw invalidField('opportunityId', 'no such opportunity in your scope');
        throw err;
      });
      if (opp.status !== 'won' && quote?.status !== 'accepted')
        throw invalidField(
          input.opportunityId ? 'opportunityId' : 'quoteId',
          'only a won opportunity or an accepted quote becomes a contract',
        );
      accountId ??= opp.accountId;
      name ??= opp.name;
      currency ??= quote?.currency ?? opp.currency;
      if (!input.items) {
        const source = quote ? quote.items : opp.items;
        items = source.map((i, position) => ({
          id: newId(),
          productId: i.productId,
          position,
          quantity: i.quantity,
          unitPrice: i.unitPrice,
          discountBp: i.discountBp,
          amount: i.amount,
        }));
        // A quote's total includes its whole-quote discount and tax, which its lines do not.
        amount ??= quote ? quote.total : opp.amount;
      }
    }
    if (!accountId) throw invalidField('accountId', 'give an account or a won opportunity');
    if (!name) throw invalidField('name', 'must not be empty');
    await this.accounts.requireReadable(actor, accountId);
    if (input.items) items = await this.priceItems(actor.orgId, input.items);
    if (input.items && items.length) amount = items.reduce((s, i) => s + i.amount, 0);
    else if (!quote && items.length && input.amount === undefined)
      amount = items.reduce((s, i) => s + i.amount, 0);
    if (amount === undefined) throw invalidField('amount', 'give an amount or line items');

    const now = this.clock();
    const at = now.toISOString();
    const today = localDate(now);
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      const repo = new ContractsRepository(trx, this.dialect);
      const settings = await repo.settings(actor.orgId);
      const seq = await repo.nextCounter(actor.orgId, `contract:${today.slice(0, 4)}`);
      const row: ContractRow = {
        id,
        orgId: actor.orgId,
        number: contractNumber(settings.numberPrefix, today, seq),
        name: requiredText(name!),
        accountId: accountId!,
        opportunityId: input.opportunityId ?? null,
        quoteId: quote?.id ?? null,
        status: 'draft',
        paymentStatus: 'pending',
        amount: amount!,
        receivedAmount: 0,
        invoicedAmount: 0,
        currency: currency ?? 'CNY',
        startDate: input.startDate,
        endDate: input.endDate,
        signedDate: input.signedDate ?? null,
        notes: input.notes ?? null,
        voidReason: null,
        voidedAt: null,
        ownerId,
        approvalRequestId: null,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      await repo.insert(row, items);
      if (input.status === 'active') await this.submitIn(trx, actor, row, 1);
    });
    return this.get(actor, id);
  }

  /**
   * Draft → approval. Approved (at once when no rule applies or below the rule's threshold), the
   * contract becomes active; rejected or withdrawn, it returns to draft.
   */
  async submit(actor: Actor, id: string, input: ContractSubmit): Promise<Contract> {
    const { row } = await this.visible(actor, id, 'update');
    if (row.status !== 'draft')
      throw conflict(`Only a draft contract can be submitted for approval (this one is ${row.status})`);
    await this.db.transaction().execute((trx) => this.submitIn(trx, actor, row, input.version));
    return this.get(actor, id);
  }

  private async submitIn(trx: Kysely<Database>, actor: Actor, row: ContractRow, version: number) {
    const repo = new ContractsRepository(trx, this.dialect);
    const at = this.clock().toISOString();
    if (!(await repo.setStatus(actor.orgId, row.id, ['draft'], 'pending_approval', at, version)))
      throw stale('Contract');
    const dir = await this.directory.get(actor.orgId);
    const items = await repo.itemsForApproval(actor.orgId, row.id);
    const request = await this.approvals.submit(
      actor,
      {
        businessType: 'contract',
        businessId: row.id,
        title: `${row.number} ${row.name}`,
        amount: Number(row.amount),
        ...approvalFigures(items),
        productIds: [...new Set(items.map((i) => i.productId))],
        // the contract's team is its owner's, whoever submits it
        teamId: dir.users.get(row.ownerId)?.teamId ?? null,
      },
      trx,
      this.clock(),
    );
    await trx
      .updateTable('contracts')
      .set({ approvalRequestId: request.id })
      .where('orgId', '=', actor.orgId)
      .where('id', '=', row.id)
      .execute();
  }

  async update(actor: Actor, id: string, input: ContractUpdate): Promise<Contract> {
    const { row, dir, owners } = await this.visible(actor, id, 'update');
    if (row.status === 'voided') throw badRequest('A voided contract cannot be changed');
    if (row.status === 'pending_approval')
      throw conflict('This contract is waiting for approval; withdraw it first to change it');
    const patch = pick(input, ['name', 'status', 'startDate', 'endDate', 'signedDate', 'notes', 'ownerId']);
    // A draft becomes active only through approval: save the other changes, then submit.
    const activate = patch.status === 'active' && row.status === 'draft';
    if (activate) delete patch.status;
    if (typeof patch.name === 'string') patch.name = requiredText(patch.name);
    if (patch.ownerId !== undefined && patch.ownerId !== row.ownerId)
      assertAssignable(owners, dir, patch.ownerId as string);
    for (const f of ['startDate', 'endDate', 'signedDate'] as const)
      if (typeof patch[f] === 'string') checkDate(patch[f] as string, f);
    const start = (patch.startDate as string | undefined) ?? row.startDate;
    const end = (patch.endDate as string | undefined) ?? row.endDate;
    if (end < start) throw invalidField('endDate', 'must not be before the start date');
    // an expired contract whose end date moves into the future is active again
    if (row.status === 'expired' && end >= localDate(this.clock()) && patch.status === undefined)
      patch.status = 'active';
    await saveChanges(this.db, {
      table: 'contracts',
      entityType: 'contract',
      what: 'Contract',
      orgId: actor.orgId,
      userId: actor.userId,
      id,
      version: input.version,
      before: row,
      patch,
      fields: TRACKED,
    });
    if (activate) {
      const saved = (await this.repo.get(actor.orgId, id))!;
      await this.db.transaction().execute((trx) => this.submitIn(trx, actor, saved, saved.version));
    }
    return this.get(actor, id);
  }

  /** Contracts are never deleted: voiding keeps the record, with the reason and when. */
  async void(actor: Actor, id: string, input: ContractVoid): Promise<Contract> {
    const { row } = await this.visible(actor, id, 'update');
    if (row.status === 'voided') throw badRequest('This contract is already voided');
    if (row.status === 'pending_approval')
      throw conflict('This contract is waiting for approval; withdraw it first to void it');
    const reason = requiredText(input.reason, 'reason');
    const at = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const repo = new ContractsRepository(trx, this.dialect);
      if (!(await repo.markVoided(actor.orgId, id, input.version, reason, at))) throw stale('Contract');
      for (const hook of this.voidHooks) await hook(trx, actor.orgId, id);
    });
    return this.get(actor, id);
  }

  async settings(actor: Actor): Promise<ContractSettings> {
    await guard(this.directory, actor, 'contract', 'read');
    return this.repo.settings(actor.orgId);
  }

  async saveSettings(actor: Actor, input: ContractSettingsUpdate): Promise<ContractSettings> {
    if (actor.role !== 'admin')
      throw new AppError(403, 'forbidden', 'Only an administrator changes contract settings');
    const merged = { ...(await this.repo.settings(actor.orgId)), ...input };
    await this.repo.saveSettings(actor.orgId, merged, this.clock().toISOString());
    return merged;
  }

  /** Reminders due from today on, for contracts in the actor's scope. */
  async reminders(actor: Actor, view: View | undefined): Promise<Reminder[]> {
    const g = await guard(this.directory, actor, 'contract', 'read');
    const owners = listOwners(actor, g, view, undefined);
    const rows = await this.repo.reminders(actor.orgId, owners, localDate(this.clock()), 200);
    return rows as Reminder[];
  }

  /**
   * The daily contract job: active contracts past their end date become expired, and those
   * ending within the organisation's window get an expiry reminder (once per contract and date).
   */
  async runDaily(now = this.clock()) {
    const today = localDate(now);
    const at = now.toISOString();
    const expired = await this.repo.expireEnded(today, at);
    let reminded = 0;
    for (const w of await this.repo.reminderWindows()) {
      const ending = await this.repo.endingBetween(w.orgId, today, addDays(today, w.expiryReminderDays));
      reminded += await this.repo.addReminders(
        ending.map((c) => ({
          id: newId(),
          orgId: w.orgId,
          kind: 'contract_expiry',
          contractId: c.id,
          refId: c.id,
          dueDate: c.endDate,
          ownerId: c.ownerId,
          createdAt: at,
        })),
      );
    }
    return { expired, reminded };
  }

  /** Payment-due reminders are recorded by the payments module through this. */
  addReminders(rows: Parameters<ContractsRepository['addReminders']>[0]) {
    return this.repo.addReminders(rows);
  }

  reminderWindows() {
    return this.repo.reminderWindows();
  }

  async attachments(actor: Actor, contractId: string): Promise<Attachment[]> {
    const { dir } = await this.visible(actor, contractId, 'read');
    const rows = await this.repo.attachments(actor.orgId, contractId);
    return rows.map((r) => ({ ...r, uploadedByName: nameOf(dir, r.uploadedBy) ?? '' }));
  }

  async addAttachment(
    actor: Actor,
    contractId: string,
    file: { filename: string; contentType: string; data: Buffer },
  ): Promise<Attachment> {
    const { row, dir } = await this.visible(actor, contractId, 'update');
    if (row.status === 'voided') throw badRequest('A voided contract cannot be changed');
    if (file.data.length === 0) throw invalidField('file', 'the file is empty');
    const rec = {
      id: newId(),
      orgId: actor.orgId,
      contractId,
      filename: safeFilename(file.filename),
      contentType: /^[\w.+-]+\/[\w.+-]+$/.test(file.contentType)
        ? file.contentType
        : 'application/octet-stream',
      size: file.data.length,
      data: file.data,
      uploadedBy: actor.userId,
      createdAt: this.clock().toISOString(),
    };
    await this.repo.addAttachment(rec);
    const { data: _data, orgId: _org, ...rest } = rec;
    return { ...rest, uploadedByName: nameOf(dir, actor.userId) ?? '' };
  }

  async attachment(actor: Actor, id: string) {
    await guard(this.directory, actor, 'contract', 'read');
    const a = await this.repo.attachment(actor.orgId, id);
    if (!a) throw notFound('Attachment');
    await this.visible(actor, a.contractId, 'read');
    return a;
  }

  async removeAttachment(actor: Actor, id: string): Promise<void> {
    const a = await this.repo.attachment(actor.orgId, id);
    if (!a) throw notFound('Attachment');
    await this.visible(actor, a.contractId, 'update');
    await this.repo.deleteAttachment(actor.orgId, id);
  }

  private async priceItems(orgId: string, inputs: NonNullable<ContractCreate['items']>) {
    const products = new Map(
      (await this.repo.products(orgId, [...new Set(inputs.map((i) => i.productId))])).map((p) => [p.id, p]),
    );
    return inputs.map((input, position) => {
      const product = products.get(input.productId);
      if (!product) throw invalidField(`items/${position}/productId`, 'no such product in your catalogue');
      const unitPrice = input.unitPrice ?? product.listPrice;
      const discountBp = input.discountBp ?? 0;
      return {
        id: newId(),
        productId: input.productId,
        position,
        quantity: input.quantity,
        unitPrice,
        discountBp,
        amount: lineAmount(input.quantity, unitPrice, discountBp),
      };
    });
  }
}

/**
 * What the approval conditions look at for a contract: its discount against the catalogue price
 * and its margin, from the line items (net of line discounts, before tax). Without lines neither
 * is known; the margin is unknown when a product has no cost.
 */
export function approvalFigures(
  items: { quantity: number; amount: number; listPrice: number; unitCost: number | null }[],
): { discountBp: number | null; marginBp: number | null } {
  if (items.length === 0) return { discountBp: null, marginBp: null };
  const net = items.reduce((s, i) => s + Number(i.amount), 0);
  const list = items.reduce((s, i) => s + Math.round(Number(i.quantity) * Number(i.listPrice)), 0);
  const discountBp =
    list > 0 ? Math.min(10_000, Math.max(0, Math.round(((list - net) * 10_000) / list))) : null;
  const lines = items.map((i) => ({
    quantity: Number(i.quantity),
    unitCost: i.unitCost === null ? null : Number(i.unitCost),
  }));
  return { discountBp, marginBp: quoteMargin(lines, net).marginBp };
}

export function toListItem(r: ContractJoined, dir: OrgDirectory): ContractListItem {
  return {
    id: r.id,
    number: r.number,
    name: r.name,
    accountId: r.accountId,
    accountName: r.accountName,
    opportunityId: r.opportunityId,
    quoteId: r.quoteId,
    status: r.status as ContractListItem['status'],
    paymentStatus: r.paymentStatus as ContractListItem['paymentStatus'],
    amount: Number(r.amount),
    receivedAmount: Number(r.receivedAmount),
    invoicedAmount: Number(r.invoicedAmount),
    currency: r.currency,
    startDate: r.startDate,
    endDate: r.endDate,
    signedDate: r.signedDate,
    notes: r.notes,
    voidReason: r.voidReason,
    voidedAt: r.voidedAt,
    approvalRequestId: r.approvalRequestId,
    ownerId: r.ownerId,
    ownerName: nameOf(dir, r.ownerId) ?? '',
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
