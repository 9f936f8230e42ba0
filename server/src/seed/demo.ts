import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { newId } from '../lib/ids.js';
import { hashPassword } from '../lib/password.js';
import { refreshLastTouch } from '../modules/opportunities/index.js';
import { insertInChunks } from './bulk.js';
import { buildDemoCampaigns } from './demo-campaigns.js';
import { buildDemoContracts } from './demo-contracts.js';
import { addDedupeKeys, buildDemoDedupe } from './demo-dedupe.js';
import { buildDemoLeadIntake } from './demo-lead-intake.js';
import { buildDemoNeeds } from './demo-needs.js';
import { buildDemoMeetings } from './demo-meetings.js';
import { seedDemoTargets } from './demo-targets.js';
import { seedDemoPlans } from './demo-plans.js';
import { buildDemoMarkets } from './demo-markets.js';
import { buildDemoNotifications } from './demo-notifications.js';
import { buildDemoPools } from './demo-pools.js';
import { buildDemoSupervision } from './demo-supervision.js';
import { buildDemoVisits } from './demo-visits.js';
import { seedDemoWorkReports } from './demo-work-reports.js';
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
  // near-duplicates for 查重, and the converted leads linked to what they became
  buildDemoDedupe(rows, opts.now ?? new Date());
  const contractRows = buildDemoContracts(rows, opts.now ?? new Date());
  // segments and campaigns; attributes leads and deals to them and adds booth leads (before
  // lead intake, which scores every lead)
  const campaignRows = buildDemoCampaigns(rows, opts.now ?? new Date());
  // sources, web form, assignment and scoring rules; also scores the demo's leads
  const intakeRows = buildDemoLeadIntake(rows, opts.now ?? new Date());
  // the trade show's booth form collects leads for that campaign
  const expo = campaignRows.campaigns.find((c) => c.name === '2026 中国国际工业博览会');
  const boothForm = intakeRows.webForms.find((f) => f.publicKey === 'demo-expo-booth-2026');
  if (expo && boothForm) boothForm.campaignId = String(expo.id);
  // needs records, the needs questionnaire with answers, two proposals
  const needsRows = buildDemoNeeds(rows, opts.now ?? new Date());
  // pools (公海): the rules applied to the demo as it stands, returns, claims, warnings (last:
  // it takes accounts back from their owners)
  const poolRows = buildDemoPools(rows, opts.now ?? new Date(), [intakeRows.leads]);
  // 拜访: two weeks of visit plans and check-ins of five reps (after pools: accounts they still own);
  // the checked-out ones become visit activities in rows.activities
  const visitRows = buildDemoVisits(rows, opts.now ?? new Date());
  // 督导: next step dates on open deals, stall days on two stages, a few overdue tasks (after
  // visits: their activities are touches)
  const supervisionRows = buildDemoSupervision(rows, opts.now ?? new Date());
  // 销售会议: 华东's weekly meetings (last week's held with action items, this week's) and a deal review
  const meetingRows = buildDemoMeetings(rows, opts.now ?? new Date());
  // 市场分析: markets with size history, competitors (also on a share of the deals), PEST factors
  const marketRows = buildDemoMarkets(rows, opts.now ?? new Date());
  // 通知中心: the demo logins' recent notifications (from the rows above; some unread)
  const notificationRows = buildDemoNotifications(rows, opts.now ?? new Date());
  addDedupeKeys([rows, contractRows, campaignRows, intakeRows]);
  await db.transaction().execute(async (trx) => {
    // Key order of DemoRows is the foreign-key order.
    for (const table of Object.keys(rows) as (keyof DemoRows)[]) {
      await insertInChunks(trx, table, rows[table]);
    }
    for (const table of Object.keys(contractRows) as (keyof typeof contractRows)[]) {
      await insertInChunks(trx, table, contractRows[table]);
    }
    for (const table of Object.keys(campaignRows) as (keyof typeof campaignRows)[]) {
      await insertInChunks(trx, table, campaignRows[table]);
    }
    for (const table of Object.keys(intakeRows) as (keyof typeof intakeRows)[]) {
      await insertInChunks(trx, table, intakeRows[table]);
    }
    for (const table of Object.keys(needsRows) as (keyof typeof needsRows)[]) {
      await insertInChunks(trx, table, needsRows[table]);
    }
    for (const table of Object.keys(poolRows) as (keyof typeof poolRows)[]) {
      await insertInChunks(trx, table, poolRows[table]);
    }
    await insertInChunks(trx, 'visits', visitRows.visits);
    await insertInChunks(trx, 'supervisionSettings', supervisionRows.supervisionSettings);
    for (const table of Object.keys(meetingRows) as (keyof typeof meetingRows)[]) {
      await insertInChunks(trx, table, meetingRows[table]);
    }
    await insertInChunks(trx, 'notifications', notificationRows.notifications);
    for (const table of Object.keys(marketRows) as (keyof typeof marketRows)[]) {
      await insertInChunks(trx, table, marketRows[table]);
    }
    // each deal's last touch (creation, activities done, stages entered) from the rows above
    await refreshLastTouch(trx, orgId, 'all');
    // 日报/周报: rules and two weeks of reports whose facts are read from the rows above (last)
    await seedDemoWorkReports(trx, orgId, opts.now ?? new Date());
    // 销售计划: deal channels, territories (accounts placed), the year's plan, budget with spend, versions
    await seedDemoPlans(trx, orgId, opts.now ?? new Date());
    // 目标: the year's and this quarter's revenue targets, cascaded to the regions and reps (reads the deals)
    await seedDemoTargets(trx, orgId, opts.now ?? new Date());
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
