import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { newId } from '../lib/ids.js';
import { hashPassword } from '../lib/password.js';
import { insertInChunks } from './bulk.js';
import { buildDemoContracts } from './demo-contracts.js';
import {
  buildDefaultPipeline,
  buildDemo,
  DEMO_ORG_NAME,
  DEMO_PASSWORD,
  type DemoRows,
} from './demo-build.js';

export { DEMO_LOGINS, DEMO_ORG_NAME, DEMO_PASSWORD } from './demo-build.js';

export interface SeedOptions {
  /** The moment the demo is built around (dates are relative to it). Defaults to now. */
  now?: Date;
}

/** True when no organisation exists yet: the first start of a fresh installation. */
export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * Creates the demo organisation (杭州云拓智能科技有限公司): teams, one login per role, products,
 * two pipelines, about 200 accounts, 600 contacts, 150 leads, 500 opportunities and a year of
 * activities. Deterministic apart from `now`. Only on an empty database.
 */
export async function seedDemo(db: Kysely<Database>, opts: SeedOptions = {}): Promise<{ orgId: string }> {
  await assertEmpty(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { orgId, rows } = buildDemo(opts.now ?? new Date(), passwordHash);
  const contractRows = buildDemoContracts(rows, opts.now ?? new Date());
  await db.transaction().execute(async (trx) => {
    // Key order of DemoRows is the foreign-key order.
    for (const table of Object.keys(rows) as (keyof DemoRows)[]) {
      await insertInChunks(trx, table, rows[table]);
    }
    for (const table of Object.keys(contractRows) as (keyof typeof contractRows)[]) {
      await insertInChunks(trx, table, contractRows[table]);
    }
  });
  await sql`analyze`.execute(db);
  return { orgId };
}

/**
 * The organisation for a production start without demo data (TUOKE_DEMO=0): one administrator
 * (admin@tuoke.demo / tuoke-demo, to be changed) and the default pipeline.
 */
export async function seedEmptyOrganization(
  db: Kysely<Database>,
  opts: SeedOptions & { name?: string } = {},
): Promise<{ orgId: string }> {
  await assertEmpty(db);
  const createdAt = (opts.now ?? new Date()).toISOString();
  const orgId = newId();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { pipeline, stages } = buildDefaultPipeline(orgId, createdAt, newId);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('organizations')
      .values({ id: orgId, name: opts.name ?? DEMO_ORG_NAME, currency: 'CNY', createdAt })
      .execute();
    await trx
      .insertInto('users')
      .values({
        id: newId(),
        orgId,
        email: 'admin@tuoke.demo',
        name: '系统管理员',
        passwordHash,
        role: 'admin',
        teamId: null,
        managerId: null,
        locale: 'zh-CN',
        active: 1,
        createdAt,
        updatedAt: createdAt,
      })
      .execute();
    await trx.insertInto('pipelines').values(pipeline).execute();
    await trx.insertInto('pipelineStages').values(stages).execute();
  });
  return { orgId };
}

async function assertEmpty(db: Kysely<Database>): Promise<void> {
  if (!(await isDatabaseEmpty(db))) {
    throw new Error('The database already has an organisation; the demo is only seeded into an empty one.');
  }
}
