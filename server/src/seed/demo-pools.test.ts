import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/db.js';
import { dialectFor } from '../db/dialect.js';
import { DirectoryCache } from '../modules/access/index.js';
import { PoolDirectory, PoolsService } from '../modules/pools/index.js';
import { seedDemo } from './demo.js';

/*
 * The demo's pools agree with the reclaim job: what the rules would already have taken back is
 * in the pool, so the job's first run (at the first start) finds nothing due and no new warning,
 * while the dry run shows what comes next.
 */
const NOW = new Date('2026-11-28T02:00:00.000Z');
let db: TestDb;
let pools: PoolsService;
beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.kysely, { now: NOW });
  const directory = new DirectoryCache(db.kysely);
  const dialect = dialectFor(db.engine);
  pools = new PoolsService(db.kysely, dialect, directory, new PoolDirectory(db.kysely, dialect, directory));
  pools.clock = () => NOW;
}, 120_000);
afterAll(() => db.drop());

describe('demo pools', () => {
  it('has the two default pools with rules, pooled accounts and leads, and their trail', async () => {
    const rows = await db.kysely
      .selectFrom('pools')
      .select(['name', 'kind', 'defaultFor'])
      .orderBy('name')
      .execute();
    expect(rows).toEqual([
      { name: '公共客户池', kind: 'account', defaultFor: 'account' },
      { name: '公共线索池', kind: 'lead', defaultFor: 'lead' },
    ]);
    const pooled = await db.kysely
      .selectFrom('accounts')
      .select(['id', 'poolId'])
      .where('ownerId', 'is', null)
      .execute();
    expect(pooled.length).toBeGreaterThan(10);
    expect(pooled.every((a) => a.poolId !== null)).toBe(true);
    // their contacts went with them
    const owned = await db.kysely
      .selectFrom('contacts')
      .select('id')
      .where(
        'accountId',
        'in',
        pooled.map((a) => a.id),
      )
      .where('ownerId', 'is not', null)
      .execute();
    expect(owned).toEqual([]);
    const moves = await db.kysely.selectFrom('poolMoves').select('action').execute();
    for (const action of ['reclaim', 'return', 'claim'])
      expect(
        moves.some((m) => m.action === action),
        action,
      ).toBe(true);
  });

  it("leaves nothing due for the job's first run, and shows what comes next in the dry run", async () => {
    const before = await db.kysely.selectFrom('poolWarnings').select('id').execute();
    expect(before.length).toBeGreaterThan(0);
    expect(await pools.runDaily(NOW)).toEqual({ reclaimed: 0, warned: 0 });
    const admin = await db.kysely
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'admin@tuoke.demo')
      .executeTakeFirstOrThrow();
    const forecast = await pools.forecast(
      {
        userId: admin.id,
        orgId: admin.orgId,
        role: 'admin',
        name: admin.name,
        teamId: null,
        managerId: null,
        via: 'session',
      },
      { days: 30 },
    );
    expect(forecast.items.length).toBeGreaterThan(5);
    expect(forecast.items.every((f) => !f.due)).toBe(true);
  });
});
