import type { Kysely } from 'kysely';
import {
  CONTACT_SORTS,
  type Contact,
  type ContactCreate,
  type ContactListQuery,
  type ContactUpdate,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { invalidField, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { parseSort, toPage } from '../../lib/pagination.js';
import { checkDate } from '../../lib/dates.js';
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
import {
  keepMasked,
  maskEmail,
  maskPhone,
  maskWechat,
  type PoolsService,
  type PoolView,
} from '../pools/index.js';
import { ContactsRepository, type ContactRow, type ContactWithAccount } from './contacts.repository.js';

const EDITABLE = [
  'accountId',
  'name',
  'title',
  'phone',
  'email',
  'wechat',
  'birthday',
  'decisionRole',
  'notes',
  'ownerId',
  'locale',
] as const;

export class ContactsService {
  private readonly repo: ContactsRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly accounts: AccountsService,
    private readonly pools: PoolsService,
  ) {
    this.repo = new ContactsRepository(db, dialect);
  }

  async list(actor: Actor, query: ContactListQuery) {
    const g = await guard(this.directory, actor, 'contact', 'read');
    const sort = parseSort(query.sort, 'contacts', CONTACT_SORTS);
    const limit = query.limit ?? 50;
    // the contacts of a pooled account are in its pool with it
    const view = await this.pools.view(actor, 'account', g.owners);
    const pooled = !query.ownerId && (!query.view || query.view === 'all') ? view.visible : false;
    const rows = await this.repo.list(
      actor.orgId,
      listOwners(actor, g, query.view, query.ownerId),
      query,
      sort,
      limit,
      pooled,
    );
    return toPage(
      rows.map((r) => toContact(r, g.dir, view)),
      sort,
      limit,
    );
  }

  async get(actor: Actor, id: string): Promise<Contact> {
    const { row, dir, view } = await this.visible(actor, id, 'read');
    return toContact(row, dir, view);
  }

  async create(actor: Actor, input: ContactCreate): Promise<Contact> {
    const row = await this.prepareCreate(actor, input);
    await this.repo.insert(row);
    return this.get(actor, row.id);
  }

  /**
   * Checks a new contact and builds its row without writing it, for a caller that inserts it in
   * its own transaction with `insertIn` (lead conversion, where the account may be new too and
   * `accountChecked` says the caller has checked it).
   */
  async prepareCreate(actor: Actor, input: ContactCreate, opts: { accountChecked?: boolean } = {}) {
    const g = await guard(this.directory, actor, 'contact', 'create');
    const ownerId = input.ownerId ?? actor.userId;
    assertAssignable(g.owners, g.dir, ownerId);
    if (input.accountId && !opts.accountChecked) await this.accounts.requireReadable(actor, input.accountId);
    const at = new Date().toISOString();
    const row: ContactRow = {
      id: newId(),
      orgId: actor.orgId,
      accountId: input.accountId ?? null,
      name: requiredText(input.name),
      title: input.title ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      wechat: input.wechat ?? null,
      birthday: checkDate(input.birthday ?? null, 'birthday'),
      decisionRole: input.decisionRole ?? null,
      notes: input.notes ?? null,
      ownerId,
      locale: input.locale ?? null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    return row;
  }

  async insertIn(trx: Kysely<Database>, row: ContactRow): Promise<void> {
    await new ContactsRepository(trx, this.dialect).insert(row);
  }

  async update(actor: Actor, id: string, input: ContactUpdate): Promise<Contact> {
    const { row, dir, owners, view } = await this.visible(actor, id, 'update');
    const patch = pick(input, EDITABLE);
    if (typeof patch.name === 'string') patch.name = patch.name.trim();
    if (patch.name === '') throw invalidField('name', 'must not be empty');
    if (isPooled(row)) {
      if (view.masks(row.accountPoolId))
        keepMasked(patch, row, { phone: maskPhone, email: maskEmail, wechat: maskWechat });
      if (patch.ownerId !== undefined && patch.ownerId !== row.ownerId)
        throw invalidField('ownerId', 'it goes with its account: claim the account from the pool');
    }
    if (patch.ownerId !== undefined && patch.ownerId !== row.ownerId)
      assertAssignable(owners, dir, patch.ownerId as string);
    if (patch.accountId && patch.accountId !== row.accountId)
      await this.accounts.requireReadable(actor, patch.accountId as string);
    if (patch.birthday !== undefined) checkDate(patch.birthday as string | null, 'birthday');
    await saveChanges(this.db, {
      table: 'contacts',
      entityType: 'contact',
      what: 'Contact',
      orgId: actor.orgId,
      userId: actor.userId,
      id,
      version: input.version,
      before: row,
      patch,
      fields: EDITABLE,
    });
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.visible(actor, id, 'delete');
    await this.db
      .transaction()
      .execute((trx) => new ContactsRepository(trx, this.dialect).delete(actor.orgId, id));
  }

  async visible(actor: Actor, id: string, action: 'read' | 'update' | 'delete') {
    const g = await guard(this.directory, actor, 'contact', action);
    const row = await this.repo.get(actor.orgId, id);
    const view = await this.pools.view(actor, 'account', g.owners);
    const seen = row && (isPooled(row) ? view.canSee(row.accountPoolId) : canSeeOwner(g.owners, row.ownerId));
    if (!row || !seen) throw notFound('Contact');
    return { row, ...g, view };
  }
}

/** A contact without an owner whose account is in a pool: it sits there with the account. */
const isPooled = (r: ContactWithAccount) =>
  r.ownerId === null && r.accountId !== null && r.accountOwnerId === null;

/** `view` (account pools) names the pool of a pooled contact and masks its details where hidden. */
export function toContact(r: ContactWithAccount, dir: OrgDirectory, view?: PoolView): Contact {
  const pooled = isPooled(r);
  const masked = pooled && !!view?.masks(r.accountPoolId);
  return {
    id: r.id,
    accountId: r.accountId,
    accountName: r.accountName,
    name: r.name,
    title: r.title,
    phone: masked ? maskPhone(r.phone) : r.phone,
    email: masked ? maskEmail(r.email) : r.email,
    wechat: masked ? maskWechat(r.wechat) : r.wechat,
    birthday: r.birthday,
    decisionRole: r.decisionRole as Contact['decisionRole'],
    notes: r.notes,
    locale: r.locale as Contact['locale'],
    ownerId: r.ownerId,
    ownerName: pooled ? (view?.nameOf(r.accountPoolId) ?? '') : (nameOf(dir, r.ownerId) ?? ''),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
