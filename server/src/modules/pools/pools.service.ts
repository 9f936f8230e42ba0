import type { Kysely } from 'kysely';
import {
  ACCOUNT_LEVELS,
  can,
  type ObjectType,
  type Pool,
  type PoolAssign,
  type PoolClaim,
  type PoolCreate,
  type PoolKind,
  type PoolMove,
  type PoolMoveEntry,
  type PoolOpResult,
  type PoolRecord,
  type PoolRecordQuery,
  type PoolReturn,
  type PoolUpdate,
  type PoolWarning,
  type ReclaimForecast,
  type ReclaimForecastQuery,
  type ReclaimRule,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, forbidden, invalidField, notFound, stale } from '../../http/errors.js';
import { addDays, localDate, weekStart } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { parseSort, toPage } from '../../lib/pagination.js';
import {
  authorize,
  canSeeOwner,
  guard,
  nameOf,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
  type OwnerFilter,
} from '../access/index.js';
import {
  maskPhone,
  poolRoleOf,
  type OrgPools,
  type PoolDirectory,
  type PoolInfo,
  type PoolView,
} from './pool-access.js';
import {
  PoolsRepository,
  type PooledRecordRow,
  type PoolMoveRow,
  type PoolRef,
  type PoolRow,
  type PoolRuleRow,
} from './pools.repository.js';
import { daysBetween, decideReclaim, ruleFor } from './reclaim.js';

export type Clock = () => Date;
const OBJECT: Record<PoolKind, ObjectType> = { account: 'account', lead: 'lead' };
const ref = (p: PoolInfo): PoolRef => ({ id: p.id, isDefault: p.isDefault });
/** The first instant of a China-time calendar day, as an ISO UTC timestamp. */
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const isTrue = (v: unknown) => v === true || Number(v) === 1;

/** The facts of a forecast entry before names are added. */
interface Forecast {
  kind: PoolKind;
  id: string;
  name: string;
  level: string | null;
  ownerId: string;
  poolId: string;
  version: number;
  recordPoolId: string | null;
  rule: ReclaimRule;
  ruleDays: number;
  reclaimDate: string;
  warnDate: string;
  lastFollowUpAt: string | null;
  ownedSince: string;
  daysIdle: number;
  daysOwned: number;
}

/**
 * Pools (公海): settings, the records in a pool, and the moves between people and pools — claim,
 * assign, return, move, and the daily reclaim with its advance warnings. Every move is one
 * transaction: a compare-and-set of the record's owner, pool and version (so of two people
 * claiming at once exactly one wins) and a row of the trail, which also counts claims for the
 * limits. The dry run and the job share `forecastOrg`, so they cannot disagree.
 */
export class PoolsService {
  private readonly repo: PoolsRepository;
  /** The clock every date rule reads; tests move it forward. */
  clock: Clock = () => new Date();

  constructor(
    private readonly db: Kysely<Database>,
    dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly poolDirectory: PoolDirectory,
  ) {
    this.repo = new PoolsRepository(db, dialect);
  }

  /** How accounts, contacts and leads see pooled records (see PoolView). */
  view(actor: Actor, kind: PoolKind, owners: OwnerFilter): Promise<PoolView> {
    return this.poolDirectory.view(actor, kind, owners);
  }

  // ---- settings ----

  async list(actor: Actor): Promise<{ items: Pool[] }> {
    authorize(actor, 'pool', 'read');
    const [pools, dir] = await Promise.all([
      this.poolDirectory.get(actor.orgId),
      this.directory.get(actor.orgId),
    ]);
    const visible = [...pools.byId.values()].filter((p) => this.roleOf(actor, p, dir) !== null);
    const counts = {
      account: await this.repo.countPooled(actor.orgId, 'account'),
      lead: await this.repo.countPooled(actor.orgId, 'lead'),
    };
    const items: Pool[] = [];
    for (const p of visible) items.push(await this.present(actor, p, dir, counts[p.kind]));
    items.sort((a, b) =>
      a.kind === b.kind ? a.name.localeCompare(b.name, 'zh-CN') : a.kind < b.kind ? -1 : 1,
    );
    return { items };
  }

  async get(actor: Actor, id: string): Promise<Pool> {
    authorize(actor, 'pool', 'read');
    const { pool, dir } = await this.poolFor(actor, id);
    return this.present(actor, pool, dir, await this.repo.countPooled(actor.orgId, pool.kind));
  }

  async create(actor: Actor, input: PoolCreate): Promise<Pool> {
    authorize(actor, 'pool', 'create');
    const dir = await this.directory.get(actor.orgId);
    const at = this.clock().toISOString();
    const name = input.name.trim();
    if (!name) throw invalidField('name', 'must not be empty');
    const id = newId();
    const row: PoolRow = {
      id,
      orgId: actor.orgId,
      name,
      kind: input.kind,
      defaultFor: null,
      allMembers: input.allMembers ? 1 : 0,
      claimLimitDay: input.claimLimitDay ?? null,
      claimLimitWeek: input.claimLimitWeek ?? null,
      maxHeld: input.maxHeld ?? null,
      maxHeldByLevel: JSON.stringify(input.maxHeldByLevel ?? {}),
      lockDays: input.lockDays ?? 0,
      returnReasons: JSON.stringify(cleanReasons(input.returnReasons ?? [])),
      hideContacts: input.hideContacts ? 1 : 0,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const members = this.checkMembers(input.members ?? [], dir);
    const rules = this.checkRules(actor.orgId, id, input.kind, input.rules ?? []);
    await this.repo.transaction(async (repo) => {
      if (input.isDefault) await repo.clearDefault(actor.orgId, input.kind);
      await repo.insertPool({ ...row, defaultFor: input.isDefault ? input.kind : null });
      await repo.replaceMembers(actor.orgId, id, members);
      await repo.replaceRules(actor.orgId, id, rules);
    });
    this.poolDirectory.invalidate(actor.orgId);
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: PoolUpdate): Promise<Pool> {
    authorize(actor, 'pool', 'update');
    const { pool, dir } = await this.poolFor(actor, id, true);
    const patch: Partial<PoolRow> = {};
    if (input.name !== undefined) {
      const name = input.name.trim();
      if (!name) throw invalidField('name', 'must not be empty');
      patch.name = name;
    }
    if (input.allMembers !== undefined) patch.allMembers = input.allMembers ? 1 : 0;
    if (input.claimLimitDay !== undefined) patch.claimLimitDay = input.claimLimitDay;
    if (input.claimLimitWeek !== undefined) patch.claimLimitWeek = input.claimLimitWeek;
    if (input.maxHeld !== undefined) patch.maxHeld = input.maxHeld;
    if (input.maxHeldByLevel !== undefined) patch.maxHeldByLevel = JSON.stringify(input.maxHeldByLevel);
    if (input.lockDays !== undefined) patch.lockDays = input.lockDays;
    if (input.returnReasons !== undefined)
      patch.returnReasons = JSON.stringify(cleanReasons(input.returnReasons));
    if (input.hideContacts !== undefined) patch.hideContacts = input.hideContacts ? 1 : 0;
    if (input.isDefault === false && pool.isDefault && pool.kind === 'lead')
      throw invalidField(
        'isDefault',
        'the organisation always has a default lead pool; make another one the default',
      );
    const members = input.members ? this.checkMembers(input.members, dir) : null;
    const rules = input.rules ? this.checkRules(actor.orgId, id, pool.kind, input.rules) : null;
    const at = this.clock().toISOString();
    await this.repo.transaction(async (repo) => {
      if (input.isDefault === true && !pool.isDefault) await repo.clearDefault(actor.orgId, pool.kind);
      if (input.isDefault !== undefined) patch.defaultFor = input.isDefault ? pool.kind : null;
      if (!(await repo.updatePool(actor.orgId, id, input.version, patch, at))) throw stale('Pool');
      if (members) await repo.replaceMembers(actor.orgId, id, members);
      if (rules) await repo.replaceRules(actor.orgId, id, rules);
    });
    this.poolDirectory.invalidate(actor.orgId);
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'pool', 'delete');
    const { pool } = await this.poolFor(actor, id, true);
    if (pool.isDefault)
      throw conflict('The default pool cannot be deleted; make another pool the default first');
    const n = await this.repo.countBelonging(actor.orgId, pool.kind, id);
    if (n > 0) throw conflict(`${n} records still belong to this pool; move them to another pool first`);
    await this.repo.transaction((repo) => repo.deletePool(actor.orgId, id));
    this.poolDirectory.invalidate(actor.orgId);
  }

  // ---- records ----

  async records(actor: Actor, poolId: string, query: PoolRecordQuery) {
    authorize(actor, 'pool', 'read');
    const { pool, dir } = await this.poolFor(actor, poolId);
    const g = await guard(this.directory, actor, OBJECT[pool.kind], 'read');
    const view = await this.view(actor, pool.kind, g.owners);
    const sort = parseSort(undefined, pool.kind === 'account' ? 'accounts' : 'leads', ['updatedAt']);
    const limit = query.limit ?? 50;
    const rows = await this.repo.listPooled(actor.orgId, pool.kind, ref(pool), query, sort, limit);
    const today = localDate(this.clock());
    const masked = view.masks(pool.id);
    const items: (PoolRecord & { updatedAt: string })[] = rows.map((r) => {
      const enteredDay = r.poolEnteredAt ? localDate(new Date(r.poolEnteredAt)) : null;
      const lockedUntil =
        r.previousOwnerId === actor.userId && enteredDay && pool.lockDays > 0
          ? addDays(enteredDay, pool.lockDays - 1)
          : null;
      return {
        entityType: pool.kind,
        id: r.id,
        name: r.name,
        company: r.company,
        level: r.level,
        industry: r.industry,
        region: r.region,
        phone: masked ? maskPhone(r.phone) : r.phone,
        lastFollowUpAt: r.lastFollowUpAt ? new Date(r.lastFollowUpAt).toISOString() : null,
        timesInPool: Number(r.timesInPool),
        previousOwnerId: r.previousOwnerId,
        previousOwnerName: nameOf(dir, r.previousOwnerId),
        poolEnteredAt: r.poolEnteredAt,
        daysInPool: enteredDay ? Math.max(0, daysBetween(enteredDay, today)) : null,
        lockedUntil: lockedUntil && lockedUntil >= today ? lockedUntil : null,
        version: r.version,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      };
    });
    return toPage(items, sort, limit);
  }

  // ---- moves ----

  async claim(actor: Actor, kind: PoolKind, id: string, input: PoolClaim): Promise<PoolOpResult> {
    const { row, view, dir } = await this.pooledRecord(actor, kind, id, 'read');
    const pool = this.poolOfRecord(view, row);
    if (view.roleIn(pool) === null) throw forbidden(`Only members of ${pool.name} may claim its records`);
    this.checkVersion(row, input.version);
    const at = this.clock();
    await this.checkClaim(this.repo, actor.orgId, actor.userId, pool, row, at);
    await this.repo.transaction(async (repo) => {
      await repo.lockUser(actor.orgId, actor.userId);
      await this.checkClaim(repo, actor.orgId, actor.userId, pool, row, at);
      await this.move(repo, actor.orgId, kind, row, { ownerId: actor.userId, poolId: pool.id }, at, {
        action: 'claim',
        byUserId: actor.userId,
      });
    });
    return this.result(kind, row, actor.userId, pool, dir);
  }

  async assign(actor: Actor, kind: PoolKind, id: string, input: PoolAssign): Promise<PoolOpResult> {
    const { row, view, dir } = await this.pooledRecord(actor, kind, id, 'read');
    const pool = this.poolOfRecord(view, row);
    if (!view.isAdminOf(pool)) throw forbidden(`Only admins of ${pool.name} may assign its records`);
    const user = dir.users.get(input.userId);
    if (!user || !user.active)
      throw invalidField('userId', 'no active user with this id in your organisation');
    if (poolRoleOf(pool, user, dir) === null) throw invalidField('userId', `not a member of ${pool.name}`);
    this.checkVersion(row, input.version);
    const at = this.clock();
    await this.repo.transaction(async (repo) => {
      await repo.lockUser(actor.orgId, input.userId);
      await this.checkHeld(repo, actor.orgId, input.userId, pool, row, 'assign');
      await this.move(repo, actor.orgId, kind, row, { ownerId: input.userId, poolId: pool.id }, at, {
        action: 'assign',
        byUserId: actor.userId,
      });
    });
    return this.result(kind, row, input.userId, pool, dir);
  }

  /** Back to the pool with a reason, by the owner or someone whose scope covers the owner (their manager). */
  async returnToPool(actor: Actor, kind: PoolKind, id: string, input: PoolReturn): Promise<PoolOpResult> {
    const g = await guard(this.directory, actor, OBJECT[kind], 'update');
    const row = await this.repo.record(actor.orgId, kind, id);
    if (!row) throw notFound(kind === 'account' ? 'Account' : 'Lead');
    if (row.ownerId === null) {
      const view = await this.view(actor, kind, g.owners);
      if (!view.canSee(row.poolId)) throw notFound(kind === 'account' ? 'Account' : 'Lead');
      throw conflict('It is in a pool already', [{ path: 'ownerId', message: 'already in a pool' }]);
    }
    if (!canSeeOwner(g.owners, row.ownerId)) throw notFound(kind === 'account' ? 'Account' : 'Lead');
    const pools = await this.poolDirectory.get(actor.orgId);
    const target = this.returnTarget(pools, kind, row, input.poolId);
    const reason = input.reason.trim();
    if (!reason) throw invalidField('reason', 'must not be empty');
    if (target.returnReasons.length && !target.returnReasons.includes(reason))
      throw invalidField('reason', `must be one of: ${target.returnReasons.join(', ')}`);
    this.checkVersion(row, input.version);
    const at = this.clock();
    await this.repo.transaction((repo) =>
      this.move(repo, actor.orgId, kind, row, { ownerId: null, poolId: target.id }, at, {
        action: 'return',
        byUserId: actor.userId,
        reason,
        note: input.note?.trim() || null,
      }),
    );
    return this.result(kind, row, null, target, g.dir);
  }

  /** A pooled record to another pool of its kind, by an admin of both. */
  async movePool(actor: Actor, kind: PoolKind, id: string, input: PoolMove): Promise<PoolOpResult> {
    const { row, view, dir } = await this.pooledRecord(actor, kind, id, 'read');
    const from = this.poolOfRecord(view, row);
    const target = view.pools.byId.get(input.poolId);
    if (!target || target.kind !== kind) throw invalidField('poolId', `no ${kind} pool with this id`);
    if (target.id === from.id) throw invalidField('poolId', 'it is in this pool already');
    if (!view.isAdminOf(from) || !view.isAdminOf(target))
      throw forbidden('Moving records between pools takes an admin of both pools');
    this.checkVersion(row, input.version);
    const at = this.clock();
    await this.repo.transaction((repo) =>
      this.move(repo, actor.orgId, kind, row, { ownerId: null, poolId: target.id }, at, {
        action: 'move',
        byUserId: actor.userId,
        keepEnteredAt: true,
      }),
    );
    return this.result(kind, row, null, target, dir);
  }

  /** The record's trail (流转记录), newest first, for whoever may see the record. */
  async moves(actor: Actor, kind: PoolKind, id: string): Promise<{ items: PoolMoveEntry[] }> {
    const g = await guard(this.directory, actor, OBJECT[kind], 'read');
    const row = await this.repo.record(actor.orgId, kind, id);
    const view = await this.view(actor, kind, g.owners);
    const visible =
      row && (row.ownerId === null ? view.canSee(row.poolId) : canSeeOwner(g.owners, row.ownerId));
    if (!visible) throw notFound(kind === 'account' ? 'Account' : 'Lead');
    const rows = await this.repo.moves(actor.orgId, kind, id);
    const poolName = (pid: string | null) => (pid ? (view.pools.byId.get(pid)?.name ?? null) : null);
    return {
      items: rows.map((m) => ({
        id: m.id,
        action: m.action as PoolMoveEntry['action'],
        fromOwnerId: m.fromOwnerId,
        fromOwnerName: nameOf(g.dir, m.fromOwnerId),
        toOwnerId: m.toOwnerId,
        toOwnerName: nameOf(g.dir, m.toOwnerId),
        poolId: m.poolId,
        poolName: poolName(m.poolId),
        fromPoolId: m.fromPoolId,
        fromPoolName: poolName(m.fromPoolId),
        reason: m.reason,
        note: m.note,
        rule: m.rule as PoolMoveEntry['rule'],
        ruleDays: m.ruleDays,
        byUserId: m.byUserId,
        byUserName: nameOf(g.dir, m.byUserId),
        at: new Date(m.at).toISOString(),
      })),
    };
  }

  /**
   * What a PATCH of ownerId means for a record that enters or leaves a pool: the same checks as
   * claim/assign/return, and (run inside the PATCH's transaction) the pool columns, the contacts
   * and the trail. Records changing hands between two people only restart the owner's clock.
   */
  async ownerChange(
    actor: Actor,
    kind: PoolKind,
    row: { id: string; ownerId: string | null; poolId: string | null; level?: string | null },
    to: string | null,
    owners: OwnerFilter,
  ): Promise<(trx: Kysely<Database>) => Promise<void>> {
    const at = this.clock();
    const iso = at.toISOString();
    const from = row.ownerId;
    if (from !== null && to !== null)
      return (trx) => this.repo.with(trx).setPoolColumns(actor.orgId, kind, row.id, { ownedSince: iso });
    const view = await this.view(actor, kind, owners);
    const pools = view.pools;
    if (from === null && to !== null) {
      const full = (await this.repo.record(actor.orgId, kind, row.id))!;
      const pool = this.poolOfRecord(view, full);
      const dir = await this.directory.get(actor.orgId);
      const claiming = to === actor.userId;
      if (claiming) {
        if (view.roleIn(pool) === null) throw forbidden(`Only members of ${pool.name} may claim its records`);
        await this.checkClaim(this.repo, actor.orgId, actor.userId, pool, full, at);
      } else {
        if (!view.isAdminOf(pool)) throw forbidden(`Only admins of ${pool.name} may assign its records`);
        const user = dir.users.get(to)!;
        if (poolRoleOf(pool, user, dir) === null)
          throw invalidField('ownerId', `not a member of ${pool.name}`);
      }
      return async (trx) => {
        const repo = this.repo.with(trx);
        await repo.lockUser(actor.orgId, to);
        if (claiming) await this.checkClaim(repo, actor.orgId, actor.userId, pool, full, at);
        else await this.checkHeld(repo, actor.orgId, to, pool, full, 'assign');
        await repo.setPoolColumns(actor.orgId, kind, row.id, { poolId: pool.id, ownedSince: iso });
        if (kind === 'account') await repo.moveContacts(actor.orgId, row.id, null, to, iso);
        await repo.insertMove(
          this.trailRow(
            actor.orgId,
            kind,
            row.id,
            claiming ? 'claim' : 'assign',
            null,
            to,
            pool.id,
            null,
            iso,
            {
              byUserId: actor.userId,
            },
          ),
        );
      };
    }
    // owned -> pool through an edit: a return without a reason, only where the pool asks for none
    const target = this.returnTarget(pools, kind, row, undefined);
    if (target.returnReasons.length)
      throw invalidField(
        'ownerId',
        `returning to ${target.name} needs a reason: use POST /api/v1/${kind}s/${row.id}/return`,
      );
    return async (trx) => {
      const repo = this.repo.with(trx);
      await repo.setPoolColumns(actor.orgId, kind, row.id, {
        poolId: target.id,
        poolEnteredAt: iso,
        previousOwnerId: from,
        ownedSince: null,
      });
      if (kind === 'account') await repo.moveContacts(actor.orgId, row.id, 'any', null, iso);
      await repo.insertMove(
        this.trailRow(actor.orgId, kind, row.id, 'return', from, null, target.id, row.poolId, iso, {
          byUserId: actor.userId,
        }),
      );
    };
  }

  // ---- reclaim ----

  /**
   * Dry run: which records the rules will take back within `days` days (and which are due now),
   * on which date and why, for the records in the caller's scope.
   */
  async forecast(
    actor: Actor,
    query: ReclaimForecastQuery,
  ): Promise<{ today: string; items: ReclaimForecast[] }> {
    authorize(actor, 'pool', 'read');
    const today = localDate(this.clock());
    const days = query.days ?? 30;
    const scopes: Partial<Record<PoolKind, OwnerFilter>> = {};
    for (const kind of ['account', 'lead'] as const) {
      try {
        scopes[kind] = (await guard(this.directory, actor, OBJECT[kind], 'read')).owners;
      } catch {
        // no read permission on this kind: none of its forecasts
      }
    }
    const entries = await this.forecastOrg(this.repo, actor.orgId, today, days, {
      poolId: query.poolId,
      ownerIds: (kind) => {
        if (!(kind in scopes)) return [];
        const owners = scopes[kind]!;
        if (!query.ownerId) return owners;
        return owners === null || owners.includes(query.ownerId) ? [query.ownerId] : [];
      },
    });
    return { today, items: await this.presentForecast(actor.orgId, entries, today) };
  }

  /** The caller's advance warnings the job recorded, where the record is still headed back. */
  async warnings(actor: Actor): Promise<{ items: PoolWarning[] }> {
    const today = localDate(this.clock());
    const stored = await this.repo.warningsOf(actor.orgId, actor.userId, today);
    if (!stored.length) return { items: [] };
    const warnedAt = new Map<string, string>();
    for (const w of stored) {
      const key = `${w.entityType}:${w.entityId}`;
      const at = new Date(w.createdAt).toISOString();
      if (!warnedAt.has(key) || warnedAt.get(key)! < at) warnedAt.set(key, at);
    }
    const entries = await this.forecastOrg(this.repo, actor.orgId, today, 366, {
      ownerIds: () => [actor.userId],
      ids: [...new Set(stored.map((w) => w.entityId))],
    });
    const current = entries.filter((e) => e.warnDate <= today && warnedAt.has(`${e.kind}:${e.id}`));
    const items = await this.presentForecast(actor.orgId, current, today);
    return {
      items: items.map((f) => ({ ...f, warnedAt: warnedAt.get(`${f.entityType}:${f.entityId}`)! })),
    };
  }

  /**
   * The daily job: every record whose rule is met goes back to its pool (a compare-and-set that
   * re-reads the facts inside the transaction, so a follow-up logged meanwhile saves it), and
   * owners get a warning from `warnDays` before the date. Uses the dry run's own forecast.
   */
  async runDaily(now = this.clock()): Promise<{ reclaimed: number; warned: number }> {
    const today = localDate(now);
    const at = now.toISOString();
    let reclaimed = 0;
    let warned = 0;
    for (const orgId of await this.repo.orgsWithRules()) {
      const pools = await this.poolDirectory.get(orgId);
      const horizon = Math.max(0, ...[...pools.byId.values()].flatMap((p) => p.rules.map((r) => r.warnDays)));
      const entries = await this.forecastOrg(this.repo, orgId, today, horizon, {});
      for (const e of entries.filter((x) => x.reclaimDate <= today)) {
        const done = await this.repo.transaction(async (repo) => {
          const [still] = await this.forecastOrg(repo, orgId, today, 0, { ids: [e.id], poolId: e.poolId });
          if (!still || still.kind !== e.kind || still.ownerId !== e.ownerId) return false;
          return this.move(
            repo,
            orgId,
            e.kind,
            { id: e.id, ownerId: e.ownerId, poolId: e.recordPoolId, version: still.version },
            { ownerId: null, poolId: e.poolId },
            now,
            { action: 'reclaim', byUserId: null, rule: still.rule, ruleDays: still.ruleDays },
            false,
          );
        });
        if (done) reclaimed++;
      }
      warned += await this.repo.insertWarnings(
        entries
          .filter((x) => x.reclaimDate > today && x.warnDate <= today)
          .map((x) => ({
            id: newId(),
            orgId,
            entityType: x.kind,
            entityId: x.id,
            ownerId: x.ownerId,
            poolId: x.poolId,
            rule: x.rule,
            ruleDays: x.ruleDays,
            reclaimDate: x.reclaimDate,
            createdAt: at,
          })),
      );
    }
    return { reclaimed, warned };
  }

  /**
   * The one forecast both the dry run and the job use: for each pool with rules, its owned
   * records, the rule of their level and the date it is met; those up to today + `days`.
   */
  private async forecastOrg(
    repo: PoolsRepository,
    orgId: string,
    today: string,
    days: number,
    filter: { poolId?: string; ids?: string[]; ownerIds?: (kind: PoolKind) => OwnerFilter },
  ): Promise<Forecast[]> {
    const pools = await this.poolDirectory.get(orgId);
    const until = addDays(today, days);
    const out: Forecast[] = [];
    for (const pool of pools.byId.values()) {
      if (!pool.rules.length || (filter.poolId && pool.id !== filter.poolId)) continue;
      const ownerIds = filter.ownerIds ? filter.ownerIds(pool.kind) : null;
      if (ownerIds && !ownerIds.length) continue;
      const facts = await repo.reclaimFacts(orgId, pool.kind, ref(pool), { ownerIds, ids: filter.ids });
      for (const f of facts) {
        const rule = ruleFor(pool.rules, f.level);
        if (!rule) continue;
        const ownedSince = new Date(f.ownedSince).toISOString();
        const lastFollowUpAt = f.lastFollowUpAt ? new Date(f.lastFollowUpAt).toISOString() : null;
        const d = decideReclaim(
          rule,
          {
            level: f.level,
            ownedSince,
            lastFollowUpAt,
            hasOpenOpportunity: isTrue(f.hasOpenOpportunity),
            wonSinceOwned: isTrue(f.wonSinceOwned),
          },
          today,
        );
        if (!d || d.reclaimDate > until) continue;
        out.push({
          kind: pool.kind,
          id: f.id,
          name: f.name,
          level: f.level,
          ownerId: f.ownerId,
          poolId: pool.id,
          version: f.version,
          recordPoolId: f.poolId,
          lastFollowUpAt,
          ownedSince,
          ...d,
        });
      }
    }
    out.sort((a, b) =>
      a.reclaimDate !== b.reclaimDate
        ? a.reclaimDate < b.reclaimDate
          ? -1
          : 1
        : a.name.localeCompare(b.name, 'zh-CN'),
    );
    return out;
  }

  private async presentForecast(
    orgId: string,
    entries: Forecast[],
    today: string,
  ): Promise<ReclaimForecast[]> {
    const [dir, pools] = await Promise.all([this.directory.get(orgId), this.poolDirectory.get(orgId)]);
    return entries.map((e) => ({
      entityType: e.kind,
      entityId: e.id,
      name: e.name,
      level: e.level,
      ownerId: e.ownerId,
      ownerName: nameOf(dir, e.ownerId) ?? '',
      poolId: e.poolId,
      poolName: pools.byId.get(e.poolId)?.name ?? '',
      rule: e.rule,
      ruleDays: e.ruleDays,
      reclaimDate: e.reclaimDate,
      warnDate: e.warnDate,
      lastFollowUpAt: e.lastFollowUpAt,
      ownedSince: e.ownedSince,
      daysIdle: e.daysIdle,
      daysOwned: e.daysOwned,
      due: e.reclaimDate <= today,
    }));
  }

  // ---- helpers ----

  /**
   * The one write every move is: compare-and-set of owner, pool and version; contacts follow an
   * account; a row of the trail. 409 when someone moved the record first (`orThrow`).
   */
  private async move(
    repo: PoolsRepository,
    orgId: string,
    kind: PoolKind,
    row: { id: string; ownerId: string | null; poolId: string | null; version: number },
    to: { ownerId: string | null; poolId: string },
    now: Date,
    how: {
      action: PoolMoveRow['action'];
      byUserId: string | null;
      reason?: string | null;
      note?: string | null;
      rule?: string;
      ruleDays?: number;
      keepEnteredAt?: boolean;
    },
    orThrow = true,
  ): Promise<boolean> {
    const at = now.toISOString();
    const intoPool = to.ownerId === null;
    const set = intoPool
      ? how.keepEnteredAt
        ? { ownerId: null, poolId: to.poolId }
        : {
            ownerId: null,
            poolId: to.poolId,
            poolEnteredAt: at,
            previousOwnerId: row.ownerId,
            ownedSince: null,
          }
      : { ownerId: to.ownerId, poolId: to.poolId, ownedSince: at };
    const ok = await repo.moveRecord(orgId, kind, row, set, at);
    if (!ok) {
      if (!orThrow) return false;
      throw conflict('Someone else moved this record first; reload and try again', [
        { path: 'ownerId', message: 'changed meanwhile' },
      ]);
    }
    if (kind === 'account' && !how.keepEnteredAt)
      await repo.moveContacts(orgId, row.id, intoPool ? 'any' : null, to.ownerId, at);
    await repo.insertMove(
      this.trailRow(orgId, kind, row.id, how.action, row.ownerId, to.ownerId, to.poolId, row.poolId, at, how),
    );
    return true;
  }

  private trailRow(
    orgId: string,
    kind: PoolKind,
    id: string,
    action: string,
    fromOwnerId: string | null,
    toOwnerId: string | null,
    poolId: string,
    fromPoolId: string | null,
    at: string,
    how: {
      byUserId: string | null;
      reason?: string | null;
      note?: string | null;
      rule?: string;
      ruleDays?: number;
    },
  ): PoolMoveRow {
    return {
      id: newId(),
      orgId,
      entityType: kind,
      entityId: id,
      action,
      fromOwnerId,
      toOwnerId,
      poolId,
      fromPoolId: fromPoolId !== poolId ? fromPoolId : null,
      reason: how.reason ?? null,
      note: how.note ?? null,
      rule: how.rule ?? null,
      ruleDays: how.ruleDays ?? null,
      byUserId: how.byUserId,
      at,
    };
  }

  /** The caller may claim: the previous owner's lock, the claim limits, the holding caps. */
  private async checkClaim(
    repo: PoolsRepository,
    orgId: string,
    userId: string,
    pool: PoolInfo,
    row: PooledRecordRow,
    now: Date,
  ) {
    const today = localDate(now);
    if (row.previousOwnerId === userId && pool.lockDays > 0 && row.poolEnteredAt) {
      const from = addDays(localDate(new Date(row.poolEnteredAt)), pool.lockDays);
      if (today < from)
        throw new AppError(
          409,
          'conflict',
          `You gave this record up recently; you may claim it again from ${from}`,
          [{ path: 'lockDays', message: `locked until ${addDays(from, -1)}` }],
        );
    }
    if (pool.claimLimitDay !== null) {
      const n = await repo.countClaims(orgId, userId, pool.id, dayStart(today));
      if (n >= pool.claimLimitDay)
        throw new AppError(409, 'conflict', `You have claimed ${n} of ${pool.claimLimitDay} allowed today`, [
          { path: 'claimLimitDay', message: `limit ${pool.claimLimitDay} per day reached` },
        ]);
    }
    if (pool.claimLimitWeek !== null) {
      const n = await repo.countClaims(orgId, userId, pool.id, dayStart(weekStart(today)));
      if (n >= pool.claimLimitWeek)
        throw new AppError(
          409,
          'conflict',
          `You have claimed ${n} of ${pool.claimLimitWeek} allowed this week`,
          [{ path: 'claimLimitWeek', message: `limit ${pool.claimLimitWeek} per week reached` }],
        );
    }
    await this.checkHeld(repo, orgId, userId, pool, row, 'claim');
  }

  private async checkHeld(
    repo: PoolsRepository,
    orgId: string,
    userId: string,
    pool: PoolInfo,
    row: PooledRecordRow,
    how: 'claim' | 'assign',
  ) {
    const who = how === 'claim' ? 'You hold' : 'They hold';
    if (pool.maxHeld !== null) {
      const n = await repo.countHeld(orgId, pool.kind, ref(pool), userId);
      if (n >= pool.maxHeld)
        throw new AppError(
          409,
          'conflict',
          `${who} ${n} records of ${pool.name}, the most allowed is ${pool.maxHeld}`,
          [{ path: 'maxHeld', message: `cap of ${pool.maxHeld} reached` }],
        );
    }
    const levelCap = row.level ? pool.maxHeldByLevel[row.level] : undefined;
    if (row.level && levelCap !== undefined) {
      const n = await repo.countHeld(orgId, pool.kind, ref(pool), userId, row.level);
      if (n >= levelCap)
        throw new AppError(
          409,
          'conflict',
          `${who} ${n} level ${row.level} records of ${pool.name}, the most allowed is ${levelCap}`,
          [{ path: `maxHeldByLevel/${row.level}`, message: `cap of ${levelCap} reached` }],
        );
    }
  }

  /** A pooled record the caller may see (404 otherwise, also for other organisations' ids). */
  private async pooledRecord(actor: Actor, kind: PoolKind, id: string, action: 'read' | 'update') {
    authorize(actor, 'pool', 'read');
    const g = await guard(this.directory, actor, OBJECT[kind], action);
    const row = await this.repo.record(actor.orgId, kind, id);
    const what = kind === 'account' ? 'Account' : 'Lead';
    if (!row) throw notFound(what);
    const view = await this.view(actor, kind, g.owners);
    if (row.ownerId !== null) {
      if (!canSeeOwner(g.owners, row.ownerId) && row.ownerId !== actor.userId) throw notFound(what);
      throw conflict(
        row.ownerId === actor.userId
          ? 'It is yours already'
          : `${nameOf(g.dir, row.ownerId)} has it; it is not in a pool`,
        [{ path: 'ownerId', message: 'not in a pool' }],
      );
    }
    if (!view.canSee(row.poolId)) throw notFound(what);
    return { row, view, dir: g.dir };
  }

  private poolOfRecord(view: PoolView, row: { poolId: string | null }): PoolInfo {
    const pool = view.poolOf(row.poolId);
    if (!pool) throw conflict('This record belongs to no pool; an admin can move it into one');
    return pool;
  }

  private returnTarget(
    pools: OrgPools,
    kind: PoolKind,
    row: { poolId: string | null },
    poolId: string | undefined,
  ) {
    if (poolId) {
      const p = pools.byId.get(poolId);
      if (!p || p.kind !== kind) throw invalidField('poolId', `no ${kind} pool with this id`);
      return p;
    }
    const p = (row.poolId ? pools.byId.get(row.poolId) : undefined) ?? pools.defaults[kind];
    if (!p) throw invalidField('poolId', `there is no default ${kind} pool; say which pool it goes to`);
    return p;
  }

  private checkVersion(row: { version: number }, version: number | undefined) {
    if (version !== undefined && version !== row.version)
      throw conflict('Someone else moved this record first; reload and try again', [
        { path: 'version', message: 'out of date' },
      ]);
  }

  private roleOf(actor: Actor, pool: PoolInfo, dir: OrgDirectory) {
    if (can(actor.role, 'pool', 'update')) return 'admin' as const;
    return poolRoleOf(pool, { id: actor.userId, teamId: actor.teamId }, dir);
  }

  private async poolFor(actor: Actor, id: string, manage = false) {
    const [pools, dir] = await Promise.all([
      this.poolDirectory.get(actor.orgId),
      this.directory.get(actor.orgId),
    ]);
    const pool = pools.byId.get(id);
    if (!pool || (!manage && this.roleOf(actor, pool, dir) === null)) throw notFound('Pool');
    return { pool, dir, pools };
  }

  private result(
    kind: PoolKind,
    row: { id: string; version: number },
    ownerId: string | null,
    pool: PoolInfo,
    dir: OrgDirectory,
  ): PoolOpResult {
    return {
      entityType: kind,
      id: row.id,
      ownerId,
      ownerName: ownerId ? nameOf(dir, ownerId) : pool.name,
      poolId: pool.id,
      poolName: pool.name,
      version: row.version + 1,
    };
  }

  private async present(
    actor: Actor,
    p: PoolInfo,
    dir: OrgDirectory,
    counts: Map<string | null, number>,
  ): Promise<Pool> {
    const today = localDate(this.clock());
    const [claimedToday, claimedThisWeek, held] = await Promise.all([
      this.repo.countClaims(actor.orgId, actor.userId, p.id, dayStart(today)),
      this.repo.countClaims(actor.orgId, actor.userId, p.id, dayStart(weekStart(today))),
      this.repo.countHeld(actor.orgId, p.kind, ref(p), actor.userId),
    ]);
    const left = [
      p.claimLimitDay !== null ? p.claimLimitDay - claimedToday : null,
      p.claimLimitWeek !== null ? p.claimLimitWeek - claimedThisWeek : null,
      p.maxHeld !== null ? p.maxHeld - held : null,
    ].filter((n): n is number => n !== null);
    return {
      id: p.id,
      kind: p.kind,
      isDefault: p.isDefault,
      name: p.name,
      allMembers: p.allMembers,
      claimLimitDay: p.claimLimitDay,
      claimLimitWeek: p.claimLimitWeek,
      maxHeld: p.maxHeld,
      maxHeldByLevel: p.maxHeldByLevel,
      lockDays: p.lockDays,
      returnReasons: p.returnReasons,
      hideContacts: p.hideContacts,
      members: p.members.map((m) => ({
        ...m,
        name: m.type === 'user' ? (nameOf(dir, m.id) ?? '') : (dir.teams.get(m.id)?.name ?? ''),
      })),
      rules: [...p.rules].sort((a, b) => levelOrder(a.level) - levelOrder(b.level)) as Pool['rules'],
      myRole: this.roleOf(actor, p, dir),
      quota: {
        claimedToday,
        claimedThisWeek,
        remainingToday: left.length ? Math.max(0, Math.min(...left)) : null,
        held,
        maxHeld: p.maxHeld,
      },
      recordCount: (counts.get(p.id) ?? 0) + (p.isDefault ? (counts.get(null) ?? 0) : 0),
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      version: p.version,
    };
  }

  private checkMembers(members: PoolCreate['members'] & object, dir: OrgDirectory) {
    const seen = new Set<string>();
    return members.map((m, i) => {
      const key = `${m.type}:${m.id}`;
      if (seen.has(key)) throw invalidField(`members/${i}`, 'listed twice');
      seen.add(key);
      const exists = m.type === 'user' ? dir.users.has(m.id) : dir.teams.has(m.id);
      if (!exists) throw invalidField(`members/${i}/id`, `no such ${m.type} in your organisation`);
      return { memberType: m.type, memberId: m.id, role: m.role };
    });
  }

  private checkRules(
    orgId: string,
    poolId: string,
    kind: PoolKind,
    rules: PoolCreate['rules'] & object,
  ): PoolRuleRow[] {
    const seen = new Set<string>();
    return rules.map((r, i) => {
      if (seen.has(r.level)) throw invalidField(`rules/${i}/level`, 'listed twice');
      seen.add(r.level);
      if (kind === 'lead' && r.level !== '*')
        throw invalidField(`rules/${i}/level`, "leads have no level: use '*'");
      return {
        id: newId(),
        orgId,
        poolId,
        level: r.level,
        noFollowUpDays: r.noFollowUpDays,
        noOpportunityDays: r.noOpportunityDays,
        notWonDays: r.notWonDays,
        warnDays: r.warnDays,
      };
    });
  }
}

function levelOrder(level: string): number {
  return level === '*' ? 99 : (ACCOUNT_LEVELS as readonly string[]).indexOf(level);
}

function cleanReasons(reasons: string[]): string[] {
  return [...new Set(reasons.map((r) => r.trim()).filter(Boolean))];
}
