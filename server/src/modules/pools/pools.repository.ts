import { updateIfVersion } from '../../lib/records.js';
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { PoolKind, PoolRecordQuery } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type {
  Database,
  PoolMembersTable,
  PoolMovesTable,
  PoolRulesTable,
  PoolsTable,
  PoolWarningsTable,
} from '../../db/schema.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { likePattern } from '../../lib/text.js';
import { ownerIn } from '../access/index.js';

export type PoolRow = Omit<
  PoolsTable,
  'version' | 'allMembers' | 'maxHeldByLevel' | 'lockDays' | 'returnReasons' | 'hideContacts'
> & {
  version: number;
  allMembers: number;
  maxHeldByLevel: string;
  lockDays: number;
  returnReasons: string;
  hideContacts: number;
};
export type PoolMemberRow = Omit<PoolMembersTable, 'role'> & { role: string };
export type PoolRuleRow = Omit<PoolRulesTable, 'warnDays'> & { warnDays: number };
export type PoolMoveRow = PoolMovesTable;
export type PoolWarningRow = PoolWarningsTable;

const TABLE = { account: 'accounts', lead: 'leads' } as const;
type RecordTable = (typeof TABLE)[PoolKind];

/** Which records of a pool a query means: pool_id = the pool, or NULL too for the default pool. */
export interface PoolRef {
  id: string;
  isDefault: boolean;
}

/** A record's pool-relevant columns. */
export interface PooledRecordRow {
  id: string;
  orgId: string;
  name: string;
  ownerId: string | null;
  poolId: string | null;
  level: string | null;
  previousOwnerId: string | null;
  poolEnteredAt: string | null;
  version: number;
}

/** The facts a reclaim rule reads, per owned record. */
export interface ReclaimFactsRow {
  id: string;
  name: string;
  level: string | null;
  ownerId: string;
  poolId: string | null;
  ownedSince: string;
  lastFollowUpAt: string | null;
  hasOpenOpportunity: unknown;
  wonSinceOwned: unknown;
  version: number;
}

export class PoolsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** The same queries on a transaction. */
  with(trx: Kysely<Database>): PoolsRepository {
    return new PoolsRepository(trx, this.dialect);
  }

  transaction<T>(fn: (repo: PoolsRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(this.with(trx)));
  }

  // ---- pools, members, rules ----

  pools(orgId: string): Promise<PoolRow[]> {
    return this.db
      .selectFrom('pools')
      .selectAll()
      .where('orgId', '=', orgId)
      .orderBy('name')
      .orderBy('id')
      .execute();
  }

  members(orgId: string): Promise<PoolMemberRow[]> {
    return this.db.selectFrom('poolMembers').selectAll().where('orgId', '=', orgId).execute();
  }

  rules(orgId: string): Promise<PoolRuleRow[]> {
    return this.db.selectFrom('poolRules').selectAll().where('orgId', '=', orgId).execute();
  }

  /** Organisations with at least one reclaim rule: the daily job looks at these. */
  async orgsWithRules(): Promise<string[]> {
    const rows = await this.db.selectFrom('poolRules').select('orgId').distinct().execute();
    return rows.map((r) => r.orgId);
  }

  /** Creates the organisation's default pool of `kind` unless it exists (safe when racing). */
  async ensureDefault(row: PoolRow): Promise<void> {
    await this.db
      .insertInto('pools')
      .values(row)
      .onConflict((oc) => oc.columns(['orgId', 'defaultFor']).doNothing())
      .execute();
  }

  async insertPool(row: PoolRow): Promise<void> {
    await this.db.insertInto('pools').values(row).execute();
  }

  /** Optimistic-locked settings change; false when the version moved on. */
  async updatePool(orgId: string, id: string, version: number, patch: Partial<PoolRow>, at: string) {
    return updateIfVersion(this.db, 'pools', { orgId, id, version }, { ...patch, updatedAt: at });
  }

  /** Takes the default flag of `kind` from whichever pool has it. */
  async clearDefault(orgId: string, kind: PoolKind): Promise<void> {
    await this.db
      .updateTable('pools')
      .set({ defaultFor: null })
      .where('orgId', '=', orgId)
      .where('defaultFor', '=', kind)
      .execute();
  }

  async replaceMembers(orgId: string, poolId: string, members: Omit<PoolMemberRow, 'orgId' | 'poolId'>[]) {
    await this.db.deleteFrom('poolMembers').where('orgId', '=', orgId).where('poolId', '=', poolId).execute();
    if (members.length)
      await this.db
        .insertInto('poolMembers')
        .values(members.map((m) => ({ ...m, orgId, poolId })))
        .execute();
  }

  async replaceRules(orgId: string, poolId: string, rules: PoolRuleRow[]) {
    await this.db.deleteFrom('poolRules').where('orgId', '=', orgId).where('poolId', '=', poolId).execute();
    if (rules.length) await this.db.insertInto('poolRules').values(rules).execute();
  }

  async deletePool(orgId: string, id: string) {
    await this.db.deleteFrom('poolRules').where('orgId', '=', orgId).where('poolId', '=', id).execute();
    await this.db.deleteFrom('poolMembers').where('orgId', '=', orgId).where('poolId', '=', id).execute();
    await this.db.deleteFrom('pools').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  /** Records (owned or not) that belong to the pool: a pool still in use is not deleted. */
  async countBelonging(orgId: string, kind: PoolKind, poolId: string): Promise<number> {
    const r = await (this.db as unknown as Kysely<any>)
      .selectFrom(TABLE[kind])
      .select((eb: any) => eb.fn.countAll().as('n'))
      .where('orgId', '=', orgId)
      .where('poolId', '=', poolId)
      .executeTakeFirstOrThrow();
    return Number((r as { n: unknown }).n);
  }

  /** Records in each pool now (no owner), by pool id; `null` = in the default pool without an id. */
  async countPooled(orgId: string, kind: PoolKind): Promise<Map<string | null, number>> {
    const rows = await (this.db as unknown as Kysely<any>)
      .selectFrom(TABLE[kind])
      .select(['poolId', (eb: any) => eb.fn.countAll().as('n')])
      .where('orgId', '=', orgId)
      .where('ownerId', 'is', null)
      .groupBy('poolId')
      .execute();
    return new Map((rows as { poolId: string | null; n: unknown }[]).map((r) => [r.poolId, Number(r.n)]));
  }

  // ---- records ----

  private inPool(table: RecordTable, pool: PoolRef): Expression<SqlBool> {
    return pool.isDefault
      ? sql<SqlBool>`(${sql.ref(`${table}.poolId`)} = ${pool.id} or ${sql.ref(`${table}.poolId`)} is null)`
      : sql<SqlBool>`${sql.ref(`${table}.poolId`)} = ${pool.id}`;
  }

  async record(orgId: string, kind: PoolKind, id: string): Promise<PooledRecordRow | undefined> {
    const table = TABLE[kind];
    const row = await (this.db as unknown as Kysely<any>)
      .selectFrom(table)
      .select([
        'id',
        'orgId',
        'name',
        'ownerId',
        'poolId',
        kind === 'account' ? 'level' : sql<null>`null`.as('level'),
        'previousOwnerId',
        'poolEnteredAt',
        'version',
      ])
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row as PooledRecordRow | undefined;
  }

  /** A pool's records, newest change first, with the facts a rep decides on. */
  listPooled(
    orgId: string,
    kind: PoolKind,
    pool: PoolRef,
    query: PoolRecordQuery,
    sort: SortSpec,
    limit: number,
  ) {
    const table = TABLE[kind];
    const db = this.db as unknown as Kysely<any>;
    const lastFollowUp =
      kind === 'account'
        ? sql<
            string | null
          >`(select max(act.done_at) from activities act where act.org_id = ${sql.ref(`${table}.orgId`)} and act.account_id = ${sql.ref(`${table}.id`)} and act.done_at is not null)`
        : sql<
            string | null
          >`(select max(act.done_at) from activities act where act.org_id = ${sql.ref(`${table}.orgId`)} and act.related_type = 'lead' and act.related_id = ${sql.ref(`${table}.id`)} and act.done_at is not null)`;
    const timesInPool = sql<number>`(select count(*) from pool_moves pm where pm.org_id = ${sql.ref(`${table}.orgId`)} and pm.entity_type = ${kind} and pm.entity_id = ${sql.ref(`${table}.id`)} and pm.action in ('return', 'reclaim'))`;
    let qb = db
      .selectFrom(table)
      .select([
        `${table}.id`,
        `${table}.name`,
        kind === 'lead' ? `${table}.company` : sql<null>`null`.as('company'),
        kind === 'account' ? `${table}.level` : sql<null>`null`.as('level'),
        `${table}.industry`,
        `${table}.region`,
        `${table}.phone`,
        `${table}.previousOwnerId`,
        `${table}.poolEnteredAt`,
        `${table}.version`,
        `${table}.createdAt`,
        `${table}.updatedAt`,
        lastFollowUp.as('lastFollowUpAt'),
        timesInPool.as('timesInPool'),
      ])
      .where(`${table}.orgId`, '=', orgId)
      .where(`${table}.ownerId`, 'is', null)
      .where(this.inPool(table, pool));
    if (kind === 'account' && query.level) qb = qb.where(`${table}.level`, '=', query.level);
    if (query.industry) qb = qb.where(`${table}.industry`, '=', query.industry);
    if (query.region) qb = qb.where(`${table}.region`, '=', query.region);
    if (query.q) {
      const p = likePattern(query.q);
      qb = qb.where((eb: any) =>
        eb.or([
          this.dialect.ilike(`${table}.name`, p),
          ...(kind === 'lead' ? [this.dialect.ilike(`${table}.company`, p)] : []),
        ]),
      );
    }
    return applyKeyset(qb, sort, `${table}.id`, query.cursor, limit).execute() as Promise<
      {
        id: string;
        name: string;
        company: string | null;
        level: string | null;
        industry: string | null;
        region: string | null;
        phone: string | null;
        previousOwnerId: string | null;
        poolEnteredAt: string | null;
        version: number;
        createdAt: string;
        updatedAt: string;
        lastFollowUpAt: string | null;
        timesInPool: unknown;
      }[]
    >;
  }

  /**
   * Compare-and-set of a record's owner and pool: applies only while the record still has the
   * owner, pool and version the caller read. False: someone else moved it first.
   */
  async moveRecord(
    orgId: string,
    kind: PoolKind,
    expected: { id: string; ownerId: string | null; poolId: string | null; version: number },
    set: {
      ownerId: string | null;
      poolId: string | null;
      poolEnteredAt?: string | null;
      previousOwnerId?: string | null;
      ownedSince?: string | null;
    },
    at: string,
  ): Promise<boolean> {
    const table = TABLE[kind];
    const r = await (this.db as unknown as Kysely<any>)
      .updateTable(table)
      .set({ ...set, updatedAt: at, version: expected.version + 1 })
      .where('orgId', '=', orgId)
      .where('id', '=', expected.id)
      .where('version', '=', expected.version)
      .where('ownerId', expected.ownerId === null ? 'is' : '=', expected.ownerId)
      .where('poolId', expected.poolId === null ? 'is' : '=', expected.poolId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Sets the pool columns of a record whose owner just changed through a PATCH (same transaction). */
  async setPoolColumns(
    orgId: string,
    kind: PoolKind,
    id: string,
    set: {
      poolId?: string | null;
      poolEnteredAt?: string | null;
      previousOwnerId?: string | null;
      ownedSince?: string | null;
    },
  ) {
    await (this.db as unknown as Kysely<any>)
      .updateTable(TABLE[kind])
      .set(set)
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  /** Contacts follow their account: into the pool (owner NULL) and out to whoever claims it. */
  async moveContacts(orgId: string, accountId: string, from: 'any' | null, to: string | null, at: string) {
    let qb = this.db
      .updateTable('contacts')
      .set((eb) => ({ ownerId: to, updatedAt: at, version: eb('version', '+', 1) }))
      .where('orgId', '=', orgId)
      .where('accountId', '=', accountId);
    if (from === null) qb = qb.where('ownerId', 'is', null);
    await qb.execute();
  }

  /** Serialises one person's claims (PostgreSQL locks the row; SQLite has one writer anyway). */
  async lockUser(orgId: string, userId: string) {
    await sql`update users set version = version where id = ${userId} and org_id = ${orgId}`.execute(this.db);
  }

  async countClaims(orgId: string, userId: string, poolId: string, since: string): Promise<number> {
    const r = await this.db
      .selectFrom('poolMoves')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('orgId', '=', orgId)
      .where('toOwnerId', '=', userId)
      .where('action', '=', 'claim')
      .where('poolId', '=', poolId)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Records of the pool the user holds (leads: not converted), optionally of one level. */
  async countHeld(
    orgId: string,
    kind: PoolKind,
    pool: PoolRef,
    userId: string,
    level?: string,
  ): Promise<number> {
    const table = TABLE[kind];
    let qb = (this.db as unknown as Kysely<any>)
      .selectFrom(table)
      .select((eb: any) => eb.fn.countAll().as('n'))
      .where(`${table}.orgId`, '=', orgId)
      .where(`${table}.ownerId`, '=', userId)
      .where(this.inPool(table, pool));
    if (kind === 'lead') qb = qb.where('convertedAt', 'is', null);
    if (level) qb = qb.where('level', '=', level);
    const r = (await qb.executeTakeFirstOrThrow()) as { n: unknown };
    return Number(r.n);
  }

  async insertMove(row: PoolMoveRow) {
    await this.db.insertInto('poolMoves').values(row).execute();
  }

  moves(orgId: string, kind: PoolKind, id: string): Promise<PoolMoveRow[]> {
    return this.db
      .selectFrom('poolMoves')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('entityType', '=', kind)
      .where('entityId', '=', id)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
  }

  // ---- reclaim ----

  /**
   * Owned records belonging to `pool`, with what the reclaim rules read: since when the owner
   * has it, the last completed activity (an account's own, its contacts' and deals'), whether it
   * has an open deal, whether a deal was won since the owner got it. Leads: open ones (not
   * converted or disqualified).
   */
  reclaimFacts(
    orgId: string,
    kind: PoolKind,
    pool: PoolRef,
    filter: { ownerIds?: string[] | null; ids?: string[] } = {},
  ): Promise<ReclaimFactsRow[]> {
    const table = TABLE[kind];
    const t = (c: string) => sql.ref(`${table}.${c}`);
    const ownedSince = sql<string>`coalesce(${t('ownedSince')}, ${t('createdAt')})`;
    let qb = (this.db as unknown as Kysely<any>)
      .selectFrom(table)
      .select([
        `${table}.id`,
        `${table}.name`,
        kind === 'account' ? `${table}.level` : sql<null>`null`.as('level'),
        `${table}.ownerId`,
        `${table}.poolId`,
        `${table}.version`,
        ownedSince.as('ownedSince'),
      ])
      .where(`${table}.orgId`, '=', orgId)
      .where(`${table}.ownerId`, 'is not', null)
      .where(this.inPool(table, pool));
    if (kind === 'account') {
      qb = qb.select([
        sql<
          string | null
        >`(select max(act.done_at) from activities act where act.org_id = ${t('orgId')} and act.account_id = ${t('id')} and act.done_at is not null)`.as(
          'lastFollowUpAt',
        ),
        sql<unknown>`exists (select 1 from opportunities o where o.org_id = ${t('orgId')} and o.account_id = ${t('id')} and o.status = 'open')`.as(
          'hasOpenOpportunity',
        ),
        sql<unknown>`exists (select 1 from opportunities o where o.org_id = ${t('orgId')} and o.account_id = ${t('id')} and o.status = 'won' and o.closed_at >= ${ownedSince})`.as(
          'wonSinceOwned',
        ),
      ]);
    } else {
      qb = qb
        .select([
          sql<
            string | null
          >`(select max(act.done_at) from activities act where act.org_id = ${t('orgId')} and act.related_type = 'lead' and act.related_id = ${t('id')} and act.done_at is not null)`.as(
            'lastFollowUpAt',
          ),
          sql<unknown>`0`.as('hasOpenOpportunity'),
          sql<unknown>`0`.as('wonSinceOwned'),
        ])
        .where(`${table}.convertedAt`, 'is', null)
        .where(`${table}.status`, 'not in', ['converted', 'disqualified']);
    }
    if (filter.ownerIds) qb = qb.where(ownerIn(`${table}.ownerId`, filter.ownerIds));
    if (filter.ids) qb = qb.where(`${table}.id`, 'in', filter.ids.length ? filter.ids : ['']);
    return qb.execute() as Promise<ReclaimFactsRow[]>;
  }

  async insertWarnings(rows: PoolWarningRow[]): Promise<number> {
    let n = 0;
    for (const row of rows) {
      const r = await this.db
        .insertInto('poolWarnings')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['orgId', 'entityType', 'entityId', 'ownerId', 'reclaimDate']).doNothing(),
        )
        .executeTakeFirst();
      n += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return n;
  }

  /** The owner's recorded warnings whose reclaim date has not passed. */
  warningsOf(orgId: string, ownerId: string, today: string): Promise<PoolWarningRow[]> {
    return this.db
      .selectFrom('poolWarnings')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('ownerId', '=', ownerId)
      .where('reclaimDate', '>=', today)
      .orderBy('reclaimDate')
      .execute();
  }
}
