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
] as const;

export class ContactsService {
  private readonly repo: ContactsRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly accounts: AccountsService,
  ) {
    this.repo = new ContactsRepository(db, dialect);
  }

  async list(actor: Actor, query: ContactListQuery) {
    const g = await guard(this.directory, actor, 'contact', 'read');
    const sort = parseSort(query.sort, 'contacts', CONTACT_SORTS);
    const limit = query.limit ?? 50;
    const rows = await this.repo.list(
      actor.orgId,
      listOwners(actor, g, query.view, query.ownerId),
      query,
      sort,
      limit,
    );
    return toPage(
      rows.map((r) => toContact(r, g.dir)),
      sort,
      limit,
    );
  }

  async get(actor: Actor, id: string): Promise<Contact> {
    const { row, dir } = await this.visible(actor, id, 'read');
    return toContact(row, dir);
  }

  async create(actor: Actor, input: ContactCreate): Promise<Contact> {
    const g = await guard(this.directory, actor, 'contact', 'create');
    const ownerId = input.ownerId ?? actor.userId;
    assertAssignable(g.owners, g.dir, ownerId);
    if (input.accountId) await this.accounts.requireReadable(actor, input.accountId);
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
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.repo.insert(row);
    return this.get(actor, row.id);
  }

  async update(actor: Actor, id: string, input: ContactUpdate): Promise<Contact> {
    const { row, dir, owners } = await this.visible(actor, id, 'update');
    const patch = pick(input, EDITABLE);
    if (typeof patch.name === 'string') patch.name = patch.name.trim();
    if (patch.name === '') throw invalidField('name', 'must not be empty');
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
    if (!row || !canSeeOwner(g.owners, row.ownerId)) throw notFound('Contact');
    return { row, ...g };
  }
}

export function toContact(r: ContactWithAccount, dir: OrgDirectory): Contact {
  return {
    id: r.id,
    accountId: r.accountId,
    accountName: r.accountName,
    name: r.name,
    title: r.title,
    phone: r.phone,
    email: r.email,
    wechat: r.wechat,
    birthday: r.birthday,
    decisionRole: r.decisionRole as Contact['decisionRole'],
    notes: r.notes,
    ownerId: r.ownerId,
    ownerName: nameOf(dir, r.ownerId) ?? '',
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
