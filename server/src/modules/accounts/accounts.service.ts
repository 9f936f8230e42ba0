import type { Kysely } from 'kysely';
import {
  ACCOUNT_SORTS,
  type Account,
  type AccountCreate,
  type AccountListQuery,
  type AccountUpdate,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, invalidField, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { parseSort, toPage } from '../../lib/pagination.js';
import { pick, requiredText, saveChanges } from '../../lib/records.js';
import { isValidCreditCode } from '../../lib/credit-code.js';
import {
  applyView,
  assertAssignable,
  authorize,
  canSeeOwner,
  intersectOwner,
  ownersInScope,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
} from '../access/index.js';
import { AccountsRepository, type AccountRow } from './accounts.repository.js';

const EDITABLE = [
  'name',
  'kind',
  'industry',
  'size',
  'region',
  'level',
  'source',
  'address',
  'creditCode',
  'phone',
  'website',
  'notes',
  'ownerId',
] as const;

export class AccountsService {
  private readonly repo: AccountsRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly directory: DirectoryCache,
  ) {
    this.repo = new AccountsRepository(db, dialect);
  }

  async list(actor: Actor, query: AccountListQuery) {
    const scope = authorize(actor, 'account', 'read');
    const dir = await this.directory.get(actor.orgId);
    const owners = intersectOwner(
      applyView(actor, ownersInScope(actor, scope, dir), query.view, dir),
      query.ownerId,
    );
    const sort = parseSort(query.sort, 'accounts', ACCOUNT_SORTS);
    const limit = query.limit ?? 50;
    const rows = await this.repo.list(actor.orgId, owners, query, sort, limit);
    return toPage(
      rows.map((r) => toAccount(r, dir)),
      sort,
      limit,
    );
  }

  async get(actor: Actor, id: string): Promise<Account> {
    const { row, dir } = await this.visible(actor, id, 'read');
    return toAccount(row, dir);
  }

  async create(actor: Actor, input: AccountCreate): Promise<Account> {
    const scope = authorize(actor, 'account', 'create');
    const dir = await this.directory.get(actor.orgId);
    const ownerId = input.ownerId ?? actor.userId;
    assertAssignable(ownersInScope(actor, scope, dir), dir, ownerId);
    const at = new Date().toISOString();
    const row: AccountRow = {
      id: newId(),
      orgId: actor.orgId,
      name: requiredText(input.name),
      kind: input.kind ?? 'company',
      industry: input.industry ?? null,
      size: input.size ?? null,
      region: input.region ?? null,
      level: input.level ?? null,
      source: input.source ?? null,
      address: input.address ?? null,
      creditCode: input.creditCode ?? null,
      phone: input.phone ?? null,
      website: input.website ?? null,
      notes: input.notes ?? null,
      ownerId,
      incomeBand: null,
      interests: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.checkCreditCode(actor.orgId, row.creditCode, null);
    await this.repo.insert(row);
    return toAccount(row, dir);
  }

  async update(actor: Actor, id: string, input: AccountUpdate): Promise<Account> {
    const { row, dir, owners } = await this.visible(actor, id, 'update');
    const patch = pick(input, EDITABLE);
    if (typeof patch.name === 'string') patch.name = patch.name.trim();
    if (patch.name === '') throw invalidField('name', 'must not be empty');
    if (patch.ownerId !== undefined && patch.ownerId !== row.ownerId)
      assertAssignable(owners, dir, patch.ownerId as string);
    if (patch.creditCode !== undefined)
      await this.checkCreditCode(actor.orgId, patch.creditCode as string | null, id);
    await saveChanges(this.db, {
      table: 'accounts',
      entityType: 'account',
      what: 'Account',
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
    const deps = await this.repo.countDependents(actor.orgId, id);
    if (deps.contacts + deps.opportunities > 0) {
      throw conflict(
        `This account still has ${deps.contacts} contacts and ${deps.opportunities} opportunities; move or delete them first`,
      );
    }
    await this.db
      .transaction()
      .execute((trx) => new AccountsRepository(trx, this.dialect).delete(actor.orgId, id));
  }

  /** The account if the actor may act on it; 404 (not 403) otherwise, so ids outside scope don't leak. */
  async visible(actor: Actor, id: string, action: 'read' | 'update' | 'delete') {
    const scope = authorize(actor, 'account', action);
    const [row, dir] = await Promise.all([this.repo.get(actor.orgId, id), this.directory.get(actor.orgId)]);
    const owners = ownersInScope(actor, scope, dir);
    if (!row || !canSeeOwner(owners, row.ownerId)) throw notFound('Account');
    return { row, dir, owners };
  }

  /** For records that point at an account: it must exist and be readable, else a field error. */
  async requireReadable(actor: Actor, accountId: string, field = 'accountId'): Promise<void> {
    try {
      await this.visible(actor, accountId, 'read');
    } catch (err) {
      if (err instanceof AppError && err.status === 404)
        throw invalidField(field, 'no such account in your data scope');
      throw err;
    }
  }

  private async checkCreditCode(orgId: string, code: string | null, selfId: string | null) {
    if (!code) return;
    if (!isValidCreditCode(code))
      throw invalidField('creditCode', '统一社会信用代码 check digit does not match');
    const other = await this.repo.findByCreditCode(orgId, code);
    if (other && other.id !== selfId) {
      throw conflict(`Account ${other.name} already has this 统一社会信用代码`, [
        { path: 'creditCode', message: 'already used' },
      ]);
    }
  }
}

export function toAccount(r: AccountRow, dir: OrgDirectory): Account {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as Account['kind'],
    industry: r.industry as Account['industry'],
    size: r.size as Account['size'],
    region: r.region,
    level: r.level as Account['level'],
    source: r.source as Account['source'],
    address: r.address,
    creditCode: r.creditCode,
    phone: r.phone,
    website: r.website,
    notes: r.notes,
    ownerId: r.ownerId,
    ownerName: dir.users.get(r.ownerId)?.name ?? '',
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
