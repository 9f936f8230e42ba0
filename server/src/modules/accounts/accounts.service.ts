import type { Kysely } from 'kysely';
import {
  ACCOUNT_SORTS,
  type Account,
  type AccountCreate,
  type AccountListQuery,
  type AccountUpdate,
  isLatitude,
  isLongitude,
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
import type { SegmentListFilter } from '../segments/index.js';
import { keepMasked, maskPhone, type PoolsService, type PoolView } from '../pools/index.js';
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
  'incomeBand',
  'interests',
  'latitude',
  'longitude',
] as const;

/**
 * Where accounts fall in the sales territories (the plans module, wired in app.ts, so the
 * territory rules stay there): after an account is created or its region or industry changes,
 * and the territory's name for the account's detail.
 */
export interface AccountTerritoryHooks {
  place(orgId: string, accountId: string, db?: Kysely<Database>): Promise<void>;
  territoryOf(orgId: string, accountId: string): Promise<{ id: string; name: string } | null>;
}

export class AccountsService {
  private readonly repo: AccountsRepository;
  private territories: AccountTerritoryHooks | null = null;
  /** `?segmentId=`: the segments module's condition for its members (wired in app.ts). */
  segmentFilter: SegmentListFilter<'accounts'> = async () => {
    throw invalidField('segmentId', 'segments are not available');
  };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly pools: PoolsService,
  ) {
    this.repo = new AccountsRepository(db, dialect);
  }

  useTerritories(hooks: AccountTerritoryHooks): void {
    this.territories = hooks;
  }

  async list(actor: Actor, query: AccountListQuery) {
    const scope = authorize(actor, 'account', 'read');
    const dir = await this.directory.get(actor.orgId);
    const scoped = ownersInScope(actor, scope, dir);
    const owners = intersectOwner(applyView(actor, scoped, query.view, dir), query.ownerId);
    // pooled accounts (公海) show in "all" for members of their pool
    const view = await this.pools.view(actor, 'account', scoped);
    const pooled = !query.ownerId && (!query.view || query.view === 'all') ? view.visible : false;
    const sort = parseSort(query.sort, 'accounts', ACCOUNT_SORTS);
    const limit = query.limit ?? 50;
    const extra = query.segmentId ? await this.segmentFilter(actor, query.segmentId) : undefined;
    const rows = await this.repo.list(actor.orgId, owners, query, sort, limit, extra, pooled);
    return toPage(
      rows.map((r) => toAccount(r, dir, view)),
      sort,
      limit,
    );
  }

  async get(actor: Actor, id: string): Promise<Account> {
    const { row, dir, view } = await this.visible(actor, id, 'read');
    const territory = await this.territories?.territoryOf(actor.orgId, id);
    return {
      ...toAccount(row, dir, view),
      territoryId: territory?.id ?? null,
      territoryName: territory?.name ?? null,
    };
  }

  async create(actor: Actor, input: AccountCreate): Promise<Account> {
    const { row, dir } = await this.prepareCreate(actor, input);
    await this.repo.insert(row);
    await this.territories?.place(actor.orgId, row.id);
    const territory = await this.territories?.territoryOf(actor.orgId, row.id);
    return {
      ...toAccount(row, dir),
      territoryId: territory?.id ?? null,
      territoryName: territory?.name ?? null,
    };
  }

  /**
   * Checks a new account and builds its row without writing it, for a caller that inserts it in
   * its own transaction with `insertIn` (lead conversion).
   */
  async prepareCreate(actor: Actor, input: AccountCreate): Promise<{ row: AccountRow; dir: OrgDirectory }> {
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
      incomeBand: input.incomeBand ?? null,
      interests: interestsJson(input.interests),
      ...checkLocation(input.latitude ?? null, input.longitude ?? null),
      poolId: null,
      poolEnteredAt: null,
      previousOwnerId: null,
      ownedSince: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.checkCreditCode(actor.orgId, row.creditCode, null);
    return { row, dir };
  }

  async insertIn(trx: Kysely<Database>, row: AccountRow): Promise<void> {
    await new AccountsRepository(trx, this.dialect).insert(row);
    await this.territories?.place(row.orgId, row.id, trx);
  }

  async update(actor: Actor, id: string, input: AccountUpdate): Promise<Account> {
    const { row, dir, owners, view } = await this.visible(actor, id, 'update');
    const patch = pick(input, EDITABLE);
    if (typeof patch.name === 'string') patch.name = patch.name.trim();
    if (patch.name === '') throw invalidField('name', 'must not be empty');
    if (patch.interests !== undefined)
      patch.interests = interestsJson(patch.interests as string[] | undefined);
    if (patch.latitude !== undefined || patch.longitude !== undefined)
      Object.assign(
        patch,
        checkLocation(
          (patch.latitude === undefined ? row.latitude : patch.latitude) as number | null,
          (patch.longitude === undefined ? row.longitude : patch.longitude) as number | null,
        ),
      );
    if (row.ownerId === null && view.masks(row.poolId)) keepMasked(patch, row, { phone: maskPhone });
    // an owner given to a pooled account is a claim or an assignment, with the pool's rules
    let poolMove: Parameters<typeof saveChanges>[2];
    if (patch.ownerId !== undefined && patch.ownerId !== row.ownerId) {
      assertAssignable(owners, dir, patch.ownerId as string);
      poolMove = await this.pools.ownerChange(actor, 'account', row, patch.ownerId as string, owners);
    }
    if (patch.creditCode !== undefined)
      await this.checkCreditCode(actor.orgId, patch.creditCode as string | null, id);
    await saveChanges(
      this.db,
      {
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
      },
      poolMove,
    );
    if (patch.region !== undefined || patch.industry !== undefined)
      await this.territories?.place(actor.orgId, id);
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
    const view = await this.pools.view(actor, 'account', owners);
    // a pooled account (no owner) is seen by the members of its pool
    const seen = row && (row.ownerId === null ? view.canSee(row.poolId) : canSeeOwner(owners, row.ownerId));
    if (!row || !seen) throw notFound('Account');
    return { row, dir, owners, view };
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

/**
 * An account's location is a pair: both coordinates or neither (the schema already bounds each;
 * this is for callers that skip it), so a check-in is never measured against half a point.
 */
export function checkLocation(
  latitude: number | null | undefined,
  longitude: number | null | undefined,
): { latitude: number | null; longitude: number | null } {
  const lat = latitude ?? null;
  const lng = longitude ?? null;
  if ((lat === null) !== (lng === null))
    throw invalidField(
      lat === null ? 'latitude' : 'longitude',
      'give both latitude and longitude, or neither',
    );
  if (lat !== null && !isLatitude(lat)) throw invalidField('latitude', 'must be between -90 and 90');
  if (lng !== null && !isLongitude(lng)) throw invalidField('longitude', 'must be between -180 and 180');
  return { latitude: lat, longitude: lng };
}

/** Interests are stored as a JSON array of distinct trimmed words; none is null. */
function interestsJson(list: string[] | undefined): string | null {
  const words = [...new Set((list ?? []).map((w) => w.trim()).filter(Boolean))];
  return words.length ? JSON.stringify(words) : null;
}

function parseInterests(value: string | null): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((w): w is string => typeof w === 'string') : [];
  } catch {
    return [];
  }
}

/** `view` names the pool of a pooled account and masks its phone where the pool hides it. */
export function toAccount(r: AccountRow, dir: OrgDirectory, view?: PoolView): Account {
  const pooled = r.ownerId === null;
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
    phone: pooled && view?.masks(r.poolId) ? maskPhone(r.phone) : r.phone,
    website: r.website,
    notes: r.notes,
    incomeBand: r.incomeBand as Account['incomeBand'],
    interests: parseInterests(r.interests),
    latitude: r.latitude ?? null,
    longitude: r.longitude ?? null,
    territoryId: r.territoryId ?? null,
    ownerId: r.ownerId,
    ownerName: r.ownerId ? (dir.users.get(r.ownerId)?.name ?? '') : (view?.nameOf(r.poolId) ?? ''),
    poolId: r.poolId,
    poolName: view?.nameOf(r.poolId) ?? null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
