import { sql, type Kysely, type RawBuilder } from 'kysely';
import { can, type PoolKind, type PoolMemberRole } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { invalidField } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import {
  teamSubtree,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
  type OwnerFilter,
} from '../access/index.js';
import { PoolsRepository, type PoolRow } from './pools.repository.js';

export interface PoolInfo {
  id: string;
  orgId: string;
  name: string;
  kind: PoolKind;
  isDefault: boolean;
  allMembers: boolean;
  claimLimitDay: number | null;
  claimLimitWeek: number | null;
  maxHeld: number | null;
  maxHeldByLevel: Record<string, number>;
  lockDays: number;
  returnReasons: string[];
  hideContacts: boolean;
  members: { type: 'user' | 'team'; id: string; role: PoolMemberRole }[];
  rules: {
    level: string;
    noFollowUpDays: number | null;
    noOpportunityDays: number | null;
    notWonDays: number | null;
    warnDays: number;
  }[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface OrgPools {
  byId: Map<string, PoolInfo>;
  defaults: Partial<Record<PoolKind, PoolInfo>>;
}

export const DEFAULT_LEAD_POOL_NAME = '公共线索池';

/** A person's membership of a pool: through the pool's "everyone", their user or a team above theirs. */
export function poolRoleOf(
  pool: PoolInfo,
  user: { id: string; teamId: string | null },
  dir: OrgDirectory,
): PoolMemberRole | null {
  let role: PoolMemberRole | null = pool.allMembers ? 'member' : null;
  for (const m of pool.members) {
    const hit =
      (m.type === 'user' && m.id === user.id) ||
      (m.type === 'team' && user.teamId !== null && teamSubtree(dir, m.id).has(user.teamId));
    if (hit && (m.role === 'admin' || role === null)) role = m.role;
  }
  return role;
}

/**
 * Which pooled records an actor sees. Pools are members-only: a rep sees the records of the pools
 * they belong to and no other, whatever their data scope; roles whose scope is the whole
 * organisation (admins, directors, marketing for leads) see every pool.
 */
export class PoolView {
  constructor(
    private readonly actor: Actor,
    private readonly kind: PoolKind,
    readonly pools: OrgPools,
    private readonly dir: OrgDirectory,
    private readonly seesAll: boolean,
  ) {}

  /** The pool a record is in or belongs to: its own, else the default of its kind. */
  poolOf(poolId: string | null): PoolInfo | undefined {
    return poolId ? this.pools.byId.get(poolId) : this.pools.defaults[this.kind];
  }

  roleIn(pool: PoolInfo | undefined): PoolMemberRole | null {
    if (!pool) return null;
    if (can(this.actor.role, 'pool', 'update')) return 'admin';
    return poolRoleOf(pool, { id: this.actor.userId, teamId: this.actor.teamId }, this.dir);
  }

  isAdminOf(pool: PoolInfo | undefined): boolean {
    return this.roleIn(pool) === 'admin';
  }

  /** null: every pooled record; else the pools (and whether the default pool's id-less records). */
  get visible(): null | { poolIds: string[]; unpooled: boolean } {
    if (this.seesAll) return null;
    const ids = [...this.pools.byId.values()]
      .filter((p) => p.kind === this.kind && this.roleIn(p) !== null)
      .map((p) => p.id);
    const def = this.pools.defaults[this.kind];
    return { poolIds: ids, unpooled: !!def && ids.includes(def.id) };
  }

  canSee(poolId: string | null): boolean {
    if (this.seesAll) return true;
    return this.roleIn(this.poolOf(poolId)) !== null;
  }

  /** The name shown as the owner of a pooled record. */
  nameOf(poolId: string | null): string | null {
    return this.poolOf(poolId)?.name ?? null;
  }

  /** Contact details of a pooled record are hidden when its pool says so, except from its admins. */
  masks(poolId: string | null): boolean {
    const pool = this.poolOf(poolId);
    return !!pool && pool.hideContacts && !this.isAdminOf(pool);
  }
}

/**
 * SQL: the record has no owner and sits in one of the visible pools. `ownerColumn`/`poolColumn`
 * are camelCase references (accounts.ownerId); `visible` null means any pool.
 */
export function pooledIn(
  ownerColumn: string,
  poolColumn: string,
  visible: null | { poolIds: string[]; unpooled: boolean },
): RawBuilder<boolean> {
  const noOwner = sql<boolean>`${sql.ref(ownerColumn)} is null`;
  if (visible === null) return noOwner;
  const parts = [];
  if (visible.poolIds.length) parts.push(sql`${sql.ref(poolColumn)} in (${sql.join(visible.poolIds)})`);
  if (visible.unpooled) parts.push(sql`${sql.ref(poolColumn)} is null`);
  if (!parts.length) return sql<boolean>`1 = 0`;
  return sql<boolean>`(${noOwner} and (${sql.join(parts, sql` or `)}))`;
}

/** 13812345678 -> 138****5678; z.wei@x.cn -> z***@x.cn; wechat id -> first two and ****. */
export function maskPhone(v: string | null): string | null {
  if (!v) return v;
  const digits = v.replace(/\s+/g, '');
  if (digits.length >= 8) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${digits.slice(0, 1)}****`;
}
export function maskEmail(v: string | null): string | null {
  if (!v) return v;
  const at = v.indexOf('@');
  return at > 0 ? `${v.slice(0, 1)}***${v.slice(at)}` : '***';
}
export function maskWechat(v: string | null): string | null {
  if (!v) return v;
  return `${v.slice(0, 2)}****`;
}

/**
 * The organisation's pools with their members and rules, which every access check on accounts,
 * contacts and leads needs: small, so held in memory for a few seconds like the directory. Writes
 * through PoolsService drop it at once. Loading creates the default lead pool (公共线索池, open to
 * everyone) the first time, so ownerless leads always have a pool.
 */
export class PoolDirectory {
  private readonly cache = new Map<string, { at: number; value: Promise<OrgPools> }>();
  static readonly TTL_MS = 5_000;
  private readonly repo: PoolsRepository;

  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    private readonly directory: DirectoryCache,
  ) {
    this.repo = new PoolsRepository(db, dialect);
  }

  get(orgId: string): Promise<OrgPools> {
    const hit = this.cache.get(orgId);
    if (hit && Date.now() - hit.at < PoolDirectory.TTL_MS) return hit.value;
    const value = this.load(orgId);
    this.cache.set(orgId, { at: Date.now(), value });
    value.catch(() => this.cache.delete(orgId));
    return value;
  }

  invalidate(orgId: string): void {
    this.cache.delete(orgId);
  }

  /**
   * The view for `kind` records. `owners` is the actor's data scope for that kind (guard()):
   * null (the whole organisation) sees every pool.
   */
  async view(actor: Actor, kind: PoolKind, owners: OwnerFilter): Promise<PoolView> {
    const [pools, dir] = await Promise.all([this.get(actor.orgId), this.directory.get(actor.orgId)]);
    return new PoolView(actor, kind, pools, dir, owners === null);
  }

  private async load(orgId: string): Promise<OrgPools> {
    let rows = await this.repo.pools(orgId);
    if (!rows.some((r) => r.defaultFor === 'lead')) {
      const at = new Date().toISOString();
      await this.repo.ensureDefault(defaultLeadPool(orgId, at));
      rows = await this.repo.pools(orgId);
    }
    const [members, rules] = await Promise.all([this.repo.members(orgId), this.repo.rules(orgId)]);
    const byId = new Map<string, PoolInfo>();
    const defaults: OrgPools['defaults'] = {};
    for (const r of rows) {
      const info: PoolInfo = {
        id: r.id,
        orgId: r.orgId,
        name: r.name,
        kind: r.kind as PoolKind,
        isDefault: r.defaultFor !== null,
        allMembers: r.allMembers === 1,
        claimLimitDay: r.claimLimitDay,
        claimLimitWeek: r.claimLimitWeek,
        maxHeld: r.maxHeld,
        maxHeldByLevel: JSON.parse(r.maxHeldByLevel) as Record<string, number>,
        lockDays: r.lockDays,
        returnReasons: JSON.parse(r.returnReasons) as string[],
        hideContacts: r.hideContacts === 1,
        members: members
          .filter((m) => m.poolId === r.id)
          .map((m) => ({
            type: m.memberType as 'user' | 'team',
            id: m.memberId,
            role: m.role as PoolMemberRole,
          })),
        rules: rules
          .filter((x) => x.poolId === r.id)
          .map((x) => ({
            level: x.level,
            noFollowUpDays: x.noFollowUpDays,
            noOpportunityDays: x.noOpportunityDays,
            notWonDays: x.notWonDays,
            warnDays: x.warnDays,
          })),
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        version: r.version,
      };
      byId.set(r.id, info);
      if (r.defaultFor) defaults[r.defaultFor as PoolKind] = info;
    }
    return { byId, defaults };
  }
}

export function defaultLeadPool(orgId: string, at: string): PoolRow {
  return {
    id: newId(),
    orgId,
    name: DEFAULT_LEAD_POOL_NAME,
    kind: 'lead',
    defaultFor: 'lead',
    allMembers: 1,
    claimLimitDay: null,
    claimLimitWeek: null,
    maxHeld: null,
    maxHeldByLevel: '{}',
    lockDays: 0,
    returnReasons: '[]',
    hideContacts: 0,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/**
 * A PATCH of a record whose details are masked to the caller: the masked value sent back by a
 * form is "unchanged"; a different value is refused (it would overwrite what the caller cannot see).
 */
export function keepMasked(
  patch: Record<string, unknown>,
  row: Record<string, unknown>,
  masks: Record<string, (v: string | null) => string | null>,
): void {
  for (const [field, mask] of Object.entries(masks)) {
    if (!(field in patch)) continue;
    const before = (row[field] ?? null) as string | null;
    const value = (patch[field] ?? null) as string | null;
    if (value === before || value === mask(before)) {
      delete patch[field];
      continue;
    }
    throw invalidField(field, 'hidden until the record is claimed');
  }
}
