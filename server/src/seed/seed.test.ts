import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '@tuoke/shared';
import { openDatabase, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { verifyPassword } from '../lib/password.js';
import { creditCodeCheckChar, isValidCreditCode } from '../lib/credit-code.js';
import { DEMO_LOGINS, DEMO_PASSWORD, isDatabaseEmpty, seedDemo, seedEmptyOrganization } from './demo.js';
import { DEMO_FORM_LEADS, DEMO_HISTORY_LEADS } from './demo-lead-intake.js';
import { DEMO_BOOTH_LEADS, DEMO_EMAIL_LEADS } from './demo-campaigns.js';
import { DEMO_DUPLICATE_ACCOUNTS, DEMO_DUPLICATE_LEADS } from './demo-dedupe.js';
import { BENCH_ADMIN_EMAIL, deleteSyntheticOrganization, seedSynthetic } from './synthetic.js';

const NOW = new Date('2026-11-27T06:00:00.000Z');
const ORG_TABLES = [
  'teams',
  'users',
  'accounts',
  'contacts',
  'leads',
  'products',
  'pipelines',
  'pipelineStages',
  'opportunities',
  'opportunityCollaborators',
  'opportunityItems',
  'activities',
  'fieldChanges',
] as const satisfies readonly (keyof Database)[];

interface Engine {
  name: string;
  open(): Promise<Db>;
  cleanup(): Promise<void>;
}

function sqliteEngine(): Engine {
  return {
    name: 'sqlite',
    open: async () => openDatabase('sqlite::memory:'),
    cleanup: async () => undefined,
  };
}

/** A throwaway database on the server at TEST_DATABASE_URL, dropped afterwards. */
function postgresEngine(adminUrl: string): Engine {
  const created: string[] = [];
  const admin = () => new pg.Client({ connectionString: adminUrl });
  return {
    name: 'postgres',
    async open() {
      const name = `seed_test_${randomBytes(6).toString('hex')}`;
      const client = admin();
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return openDatabase(url.toString());
    },
    async cleanup() {
      const client = admin();
      await client.connect();
      for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

const engines: Engine[] = [sqliteEngine()];
if (process.env.TEST_ENGINE === 'postgres' && process.env.TEST_DATABASE_URL) {
  engines.push(postgresEngine(process.env.TEST_DATABASE_URL));
}

describe('credit codes', () => {
  it('accepts a published valid code and rejects a wrong check character', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });
});

describe.each(engines)('seeding on $name', (engine) => {
  afterAll(() => engine.cleanup());

  describe('seedDemo', () => {
    let db: Db;
    let orgId: string;

    beforeAll(async () => {
      db = await engine.open();
      await migrateToLatest(db.kysely);
      expect(await isDatabaseEmpty(db.kysely)).toBe(true);
      ({ orgId } = await seedDemo(db.kysely, { now: NOW }));
    }, 60_000);
    afterAll(() => db.close());

    it('creates the documented logins, one per role, with the demo password', async () => {
      const users = await db.kysely.selectFrom('users').select(['email', 'role', 'passwordHash']).execute();
      for (const role of ROLES) {
        const user = users.find((u) => u.email === DEMO_LOGINS[role]);
        expect(user?.role, role).toBe(role);
      }
      expect(await verifyPassword(users[0].passwordHash, DEMO_PASSWORD)).toBe(true);
      expect(new Set(users.map((u) => u.passwordHash)).size).toBe(1);
    });

    it('gives every salesperson a team and a manager, and the rep reports to manager@', async () => {
      const users = await db.kysely.selectFrom('users').selectAll().execute();
      const manager = users.find((u) => u.email === 'manager@tuoke.demo')!;
      const rep = users.find((u) => u.email === 'rep@tuoke.demo')!;
      expect(rep.managerId).toBe(manager.id);
      expect(rep.teamId).toBe(manager.teamId);
      for (const u of users.filter((x) => x.role === 'sales_rep')) {
        expect(u.teamId).not.toBeNull();
        expect(u.managerId).not.toBeNull();
      }
      expect(users.filter((u) => u.role === 'sales_rep').length).toBeGreaterThanOrEqual(9);
    });

    it('creates about 200 accounts, 500 opportunities, 3000 activities and a shared lead pool', async () => {
      const count = async (table: (typeof ORG_TABLES)[number]) =>
        Number(
          (
            await db.kysely
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('accounts')).toBe(200 + DEMO_DUPLICATE_ACCOUNTS);
      expect(await count('opportunities')).toBe(500);
      expect(await count('contacts')).toBeGreaterThan(500);
      // 150, and lead intake's decided history and web-form leads (all owned)
      expect(await count('leads')).toBe(
        150 +
          DEMO_HISTORY_LEADS +
          DEMO_FORM_LEADS +
          DEMO_BOOTH_LEADS +
          DEMO_EMAIL_LEADS +
          DEMO_DUPLICATE_LEADS,
      );
      expect(await count('activities')).toBeGreaterThan(2500);
      expect(await count('products')).toBeGreaterThanOrEqual(20);
      const pool = await db.kysely.selectFrom('leads').select('id').where('ownerId', 'is', null).execute();
      expect(pool.length).toBe(30);
    });

    it('puts the organisation id on every row', async () => {
      for (const table of ORG_TABLES) {
        const rows = await db.kysely.selectFrom(table).select('orgId').distinct().execute();
        expect(rows, table).toEqual([{ orgId }]);
      }
    });

    it('gives accounts valid 统一社会信用代码 only', async () => {
      const rows = await db.kysely
        .selectFrom('accounts')
        .select('creditCode')
        .where('creditCode', 'is not', null)
        .execute();
      expect(rows.length).toBeGreaterThan(50);
      for (const { creditCode } of rows) expect(isValidCreditCode(creditCode!), creditCode!).toBe(true);
    });

    it('makes line items add up to the opportunity amount', async () => {
      const items = await db.kysely.selectFrom('opportunityItems').selectAll().execute();
      const sums = new Map<string, number>();
      for (const item of items) {
        expect(item.amount).toBe(
          Math.round((item.quantity * item.unitPrice * (10_000 - item.discountBp)) / 10_000),
        );
        sums.set(item.opportunityId, (sums.get(item.opportunityId) ?? 0) + Number(item.amount));
      }
      const opportunities = await db.kysely.selectFrom('opportunities').select(['id', 'amount']).execute();
      expect(sums.size).toBeGreaterThan(400);
      for (const o of opportunities) {
        if (sums.has(o.id)) expect(sums.get(o.id), o.id).toBe(Number(o.amount));
        expect(Number(o.amount)).toBeGreaterThanOrEqual(5_000_000);
      }
    });

    it('sets status, closedAt and lostReason from the stage kind', async () => {
      const rows = await db.kysely
        .selectFrom('opportunities')
        .innerJoin('pipelineStages', 'pipelineStages.id', 'opportunities.stageId')
        .select([
          'opportunities.status',
          'opportunities.closedAt',
          'opportunities.lostReason',
          'pipelineStages.kind',
        ])
        .execute();
      const kinds = new Set(rows.map((r) => r.kind));
      expect([...kinds].sort()).toEqual(['lost', 'open', 'won']);
      for (const r of rows) {
        expect(r.status).toBe(r.kind);
        expect(r.closedAt === null).toBe(r.kind === 'open');
        expect(r.lostReason === null).toBe(r.kind !== 'lost');
      }
    });

    it('gives every rep open tasks that are overdue, due today and upcoming', async () => {
      const rep = await db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'rep@tuoke.demo')
        .executeTakeFirstOrThrow();
      const tasks = await db.kysely
        .selectFrom('activities')
        .select('dueAt')
        .where('ownerId', '=', rep.id)
        .where('type', '=', 'task')
        .where('doneAt', 'is', null)
        .execute();
      const today = new Date(NOW.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      const dayOf = (ts: string) =>
        new Date(new Date(ts).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      expect(tasks.some((t) => dayOf(t.dueAt!) < today)).toBe(true);
      expect(tasks.some((t) => dayOf(t.dueAt!) === today)).toBe(true);
      expect(tasks.some((t) => dayOf(t.dueAt!) > today)).toBe(true);
    });

    it('never dates a record after now', async () => {
      for (const table of ['accounts', 'contacts', 'leads', 'opportunities', 'activities'] as const) {
        const row = await db.kysely
          .selectFrom(table)
          .select((eb) => [eb.fn.max('createdAt').as('created'), eb.fn.max('updatedAt').as('updated')])
          .executeTakeFirstOrThrow();
        expect(new Date(row.created as string).getTime(), table).toBeLessThanOrEqual(NOW.getTime());
        expect(new Date(row.updated as string).getTime(), table).toBeLessThanOrEqual(NOW.getTime());
      }
    });

    it('refuses to seed a database that already has an organisation', async () => {
      await expect(seedDemo(db.kysely, { now: NOW })).rejects.toThrow(/empty/);
    });

    it('builds the same demo for the same now', async () => {
      const again = await engine.open();
      try {
        await migrateToLatest(again.kysely);
        const { orgId: secondOrgId } = await seedDemo(again.kysely, { now: NOW });
        expect(secondOrgId).toBe(orgId);
        const names = (d: Db) =>
          d.kysely.selectFrom('opportunities').select(['id', 'name', 'amount']).orderBy('id').execute();
        expect(await names(again)).toEqual(await names(db));
      } finally {
        await again.close();
      }
    }, 60_000);
  });

  it('seedEmptyOrganization creates the organisation, the admin and the default pipeline only', async () => {
    const db = await engine.open();
    try {
      await migrateToLatest(db.kysely);
      const { orgId } = await seedEmptyOrganization(db.kysely, { now: NOW });
      const users = await db.kysely.selectFrom('users').select(['email', 'role', 'orgId']).execute();
      expect(users).toEqual([{ email: 'admin@tuoke.demo', role: 'admin', orgId }]);
      const stages = await db.kysely
        .selectFrom('pipelineStages')
        .select(['name', 'probability', 'kind'])
        .orderBy('position')
        .execute();
      expect(stages.map((s) => s.name)).toEqual([
        '初步接洽',
        '需求确认',
        '方案报价',
        '商务谈判',
        '赢单',
        '输单',
      ]);
      expect(stages.at(-1)).toEqual({ name: '输单', probability: 0, kind: 'lost' });
      const accounts = await db.kysely.selectFrom('accounts').select('id').execute();
      expect(accounts).toEqual([]);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('seedSynthetic creates the requested opportunities, refuses a second run and resets', async () => {
    const db = await engine.open();
    try {
      await migrateToLatest(db.kysely);
      const result = await seedSynthetic(db, { opportunities: 2_000, now: NOW });
      const count = async () =>
        Number(
          (
            await db.kysely
              .selectFrom('opportunities')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('orgId', '=', result.orgId)
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count()).toBe(2_000);
      expect(result.counts.accounts).toBe(400);
      expect(result.counts.activities).toBe(1_000);
      expect(result.sampleOpportunityIds.length).toBe(1_000);
      expect(result.adminEmail).toBe(BENCH_ADMIN_EMAIL);
      const rep = await db.kysely
        .selectFrom('users')
        .select(['role', 'managerId', 'teamId'])
        .where('email', '=', result.repEmail)
        .executeTakeFirstOrThrow();
      expect(rep).toMatchObject({ role: 'sales_rep' });
      expect(rep.managerId).not.toBeNull();
      const sample = await db.kysely
        .selectFrom('opportunities')
        .select('id')
        .where('id', 'in', result.sampleOpportunityIds.slice(0, 10))
        .execute();
      expect(sample.length).toBe(10);
      const mismatched = await db.kysely
        .selectFrom('opportunities')
        .innerJoin('pipelineStages', 'pipelineStages.id', 'opportunities.stageId')
        .innerJoin('accounts', 'accounts.id', 'opportunities.accountId')
        .select('opportunities.id')
        .where((eb) =>
          eb.or([
            eb('opportunities.status', '!=', eb.ref('pipelineStages.kind')),
            eb('opportunities.ownerId', '!=', eb.ref('accounts.ownerId')),
          ]),
        )
        .execute();
      expect(mismatched).toEqual([]);

      await expect(seedSynthetic(db, { opportunities: 10, now: NOW })).rejects.toThrow(/--reset/);
      const second = await seedSynthetic(db, { opportunities: 500, now: NOW, reset: true });
      expect(second.orgId).not.toBe(result.orgId);
      const orgs = await db.kysely.selectFrom('organizations').select('id').execute();
      expect(orgs).toEqual([{ id: second.orgId }]);
      expect(await deleteSyntheticOrganization(db)).toBe(true);
      expect(await isDatabaseEmpty(db.kysely)).toBe(true);
    } finally {
      await db.close();
    }
  }, 120_000);
});
