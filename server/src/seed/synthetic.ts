import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { accountKeys } from '../lib/dedupe-keys.js';
import { refreshLastTouch } from '../modules/opportunities/index.js';
import { newId } from '../lib/ids.js';
import { hashPassword } from '../lib/password.js';
import { withBulkWriter, type BulkWriter, type Cell } from './bulk-writer.js';
import { buildDefaultPipeline } from './demo-build.js';
import {
  BUSINESS_BY_INDUSTRY,
  CALL_TOPICS,
  CITIES_BY_REGION,
  SURNAMES,
  GIVEN_CHARS,
  PRODUCTS,
  TRADE_NAMES,
} from './demo-data.js';
import { createRng } from './random.js';

export const BENCH_ORG_NAME = '基准测试有限公司';
export const BENCH_ADMIN_EMAIL = 'admin@bench.tuoke';
export const BENCH_REP_EMAIL = 'rep1@bench.tuoke';
export const BENCH_PASSWORD = 'tuoke-bench';

export interface SyntheticOptions {
  opportunities: number;
  log?: (message: string) => void;
  /** Delete an existing bench organisation first instead of refusing. */
  reset?: boolean;
  now?: Date;
}

export interface SyntheticResult {
  orgId: string;
  adminEmail: string;
  repEmail: string;
  password: string;
  /** Up to 1,000 opportunity ids spread over the whole set, for point-read benchmarks. */
  sampleOpportunityIds: string[];
  counts: Record<string, number>;
}

const DAY = 86_400_000;
const YEAR = 365 * DAY;
const REGION_TEAMS = ['华东', '华南', '华北', '华中', '西南', '西北'] as const;
const REPS_PER_TEAM = 7;
const INDUSTRIES = Object.keys(BUSINESS_BY_INDUSTRY);
const STAGE_WEIGHTS = [18, 15, 12, 10, 28, 17]; // 4 open stages, won, lost
const ACTIVITY_TYPES = ['call', 'visit', 'meeting', 'email', 'task', 'note'] as const;
const LOST_REASONS = ['价格过高', '选择了竞品', '预算取消', '项目延期'];
/** Deals follow one of this many paths per stage (how far a lost one got, how long each stage took). */
const PATH_VARIANTS = 32;
/** Fractions of a deal's lifetime in millionths: integers, so both engines read them alike. */
const WHOLE = 1_000_000;

/**
 * Builds a large organisation for benchmarks (~50 users in 6 regional teams, N/5 accounts,
 * N opportunities, N/2 activities) with bulk loads through the raw driver, in one transaction.
 * The pipeline has the default stage criteria and every deal went through it by them (see
 * writeSalesProcess): stage history, ticked checklists, a line item once one is required.
 * Refuses when the bench organisation exists, unless `reset` deletes it first.
 */
export async function seedSynthetic(db: Db, opts: SyntheticOptions): Promise<SyntheticResult> {
  const log = opts.log ?? (() => undefined);
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const existing = await findBenchOrgId(db);
  if (existing) {
    if (!opts.reset) {
      throw new Error(
        `The bench organisation (${BENCH_ADMIN_EMAIL}) already exists; run with --reset to replace it.`,
      );
    }
    log(`deleting the existing bench organisation ${existing}…`);
    await deleteSyntheticOrganization(db);
    log(`deleted (${elapsed()})`);
  }

  const n = Math.max(1, Math.floor(opts.opportunities));
  const accountCount = Math.max(1, Math.floor(n / 5));
  const activityCount = Math.floor(n / 2);
  const nowMs = (opts.now ?? new Date()).getTime();
  const rng = createRng(42);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const createdAt = new Date(nowMs - 3 * 365 * DAY).toISOString();
  const orgId = newId();
  const counts: Record<string, number> = {};

  // Users: admin, director, one manager per regional team, 7 reps each (rep1 is in 华东).
  const rootTeamId = newId();
  const teams = REGION_TEAMS.map((region) => ({ id: newId(), region, managerId: newId() }));
  const adminId = newId();
  const directorId = newId();
  const reps: { id: string; teamId: string; managerId: string; region: string; email: string }[] = [];
  teams.forEach((team, t) => {
    for (let r = 0; r < REPS_PER_TEAM; r++) {
      const number = t * REPS_PER_TEAM + r + 1;
      reps.push({
        id: newId(),
        teamId: team.id,
        managerId: team.managerId,
        region: team.region,
        email: `rep${number}@bench.tuoke`,
      });
    }
  });
  const { pipeline, stages } = buildDefaultPipeline(orgId, createdAt, newId);

  const personName = (i: number) =>
    SURNAMES[i % SURNAMES.length][0] +
    GIVEN_CHARS[(i * 7) % GIVEN_CHARS.length][0] +
    GIVEN_CHARS[(i * 13) % GIVEN_CHARS.length][0];
  // Rows are generated so that most index keys rise with the row number (names in sorted
  // order, times rising, opportunities in account order): the B-trees then grow at their right
  // edge, pages are filled instead of split, and the load is several times faster than with
  // random keys. Account i is owned by rep i mod 42; its opportunities by the same rep.
  const accountIds: string[] = new Array(accountCount);
  const nameParts = TRADE_NAMES.flatMap(([trade]) =>
    INDUSTRIES.map((industry, k) => ({ short: trade + BUSINESS_BY_INDUSTRY[industry][0], industry, k })),
  )
    .filter((p, idx) => (idx + p.k) % 3 === 0)
    .sort((x, y) => (x.short < y.short ? -1 : x.short > y.short ? 1 : 0));
  const accountPart = (i: number) => nameParts[Math.floor((i * nameParts.length) / accountCount)];
  const pad = (i: number) => String(i).padStart(7, '0');
  const opportunityIds: string[] = new Array(n);
  const opportunityAccount = new Int32Array(n);

  await withBulkWriter(
    db,
    async (w) => {
      await write(
        w,
        counts,
        'organizations',
        ['id', 'name', 'currency', 'created_at'],
        [[orgId, BENCH_ORG_NAME, 'CNY', createdAt]],
      );
      const versioned = [createdAt, createdAt, 1];
      await write(
        w,
        counts,
        'teams',
        ['id', 'org_id', 'name', 'type', 'parent_id', 'manager_id', 'created_at', 'updated_at', 'version'],
        [
          [rootTeamId, orgId, '销售部', 'segment', null, directorId, ...versioned],
          ...teams.map((t): Cell[] => [
            t.id,
            orgId,
            `${t.region}大区`,
            'region',
            rootTeamId,
            t.managerId,
            ...versioned,
          ]),
        ],
      );
      const userColumns = [
        'id',
        'org_id',
        'email',
        'name',
        'password_hash',
        'role',
        'team_id',
        'manager_id',
        'locale',
        'active',
        'created_at',
        'updated_at',
        'version',
      ];
      const user = (
        id: string,
        email: string,
        name: string,
        role: string,
        teamId: string | null,
        managerId: string | null,
      ): Cell[] => [id, orgId, email, name, passwordHash, role, teamId, managerId, 'zh-CN', 1, ...versioned];
      await write(w, counts, 'users', userColumns, [
        user(adminId, BENCH_ADMIN_EMAIL, '基准管理员', 'admin', null, null),
        user(directorId, 'director@bench.tuoke', personName(1), 'sales_director', rootTeamId, null),
        ...teams.map((t, i) =>
          user(
            t.managerId,
            `manager${i + 1}@bench.tuoke`,
            personName(i + 2),
            'sales_manager',
            t.id,
            directorId,
          ),
        ),
        ...reps.map((r, i) => user(r.id, r.email, personName(i + 10), 'sales_rep', r.teamId, r.managerId)),
      ]);
      await write(
        w,
        counts,
        'pipelines',
        ['id', 'org_id', 'name', 'is_default', 'created_at', 'updated_at', 'version'],
        [[pipeline.id, orgId, pipeline.name, 1, ...versioned]],
      );
      await write(
        w,
        counts,
        'pipeline_stages',
        [
          'id',
          'org_id',
          'pipeline_id',
          'name',
          'position',
          'probability',
          'kind',
          'required_fields',
          'checklist',
        ],
        stages.map((s) => [
          s.id,
          orgId,
          s.pipelineId,
          s.name,
          s.position,
          s.probability,
          s.kind,
          s.requiredFields ?? '[]',
          s.checklist ?? '[]',
        ]),
      );
      const productIds = PRODUCTS.map(() => newId());
      await write(
        w,
        counts,
        'products',
        [
          'id',
          'org_id',
          'sku',
          'name',
          'category',
          'list_price',
          'currency',
          'unit',
          'active',
          'description',
          'created_at',
          'updated_at',
          'version',
        ],
        PRODUCTS.map((p, k): Cell[] => [
          productIds[k],
          orgId,
          p.sku,
          p.name,
          p.category,
          p.price * 100,
          'CNY',
          p.unit,
          1,
          p.description,
          ...versioned,
        ]),
      );
      log(`organisation, ${2 + teams.length + reps.length} users, products and the pipeline (${elapsed()})`);

      function* accountRows(): Generator<Cell[]> {
        for (let i = 0; i < accountCount; i++) {
          const owner = reps[i % reps.length];
          const cities = CITIES_BY_REGION[owner.region];
          const city = cities[i % cities.length];
          // Times rise with the row number (see opportunityRows).
          const created = nowMs - 3 * 365 * DAY + Math.floor((i / accountCount) * (3 * 365 - 30) * DAY);
          const id = newId();
          accountIds[i] = id;
          const name = `${accountPart(i).short}（${city.name}）有限公司 ${pad(i + 1)}`;
          const phone = `${city.areaCode}-${5000_0000 + (i % 3000_0000)}`;
          const keys = accountKeys({ name, kind: 'company', phone });
          yield [
            id,
            orgId,
            name,
            'company',
            accountPart(i).industry,
            ['small', 'medium', 'large', 'enterprise'][i % 4],
            owner.region,
            'ABCD'[rng.int(0, 3)],
            'referral',
            `${city.province}${city.name}市${city.districts[i % city.districts.length]}${city.roads[i % city.roads.length]}${(i % 999) + 1}号`,
            phone,
            owner.id,
            iso(created),
            iso(created + rng.int(0, 20) * DAY),
            1,
            keys.nameKey,
            keys.nameWeakKey,
            keys.phoneKey,
          ];
        }
      }
      await write(
        w,
        counts,
        'accounts',
        [
          'id',
          'org_id',
          'name',
          'kind',
          'industry',
          'size',
          'region',
          'level',
          'source',
          'address',
          'phone',
          'owner_id',
          'created_at',
          'updated_at',
          'version',
          'name_key',
          'name_weak_key',
          'phone_key',
        ],
        accountRows(),
      );
      log(`${accountCount.toLocaleString('en-US')} accounts (${elapsed()})`);

      const stageChoices = stages.map((s, k) => [s, STAGE_WEIGHTS[k]] as const);
      const dealsPerPath = new Int32Array(stages.length * PATH_VARIANTS);
      function* opportunityRows(): Generator<Cell[]> {
        for (let i = 0; i < n; i++) {
          const a = Math.floor((i * accountCount) / n);
          const owner = reps[a % reps.length];
          const stage = rng.weighted(stageChoices);
          const isClosed = stage.kind !== 'open';
          // updated_at rises with the row number over the last year, so the (…, updated_at, id)
          // indexes grow at their ends instead of splitting pages all over: 3x faster on SQLite.
          const updated = nowMs - YEAR + Math.floor((i / n) * (YEAR - 60_000));
          const closed = isClosed ? updated : null;
          const created = updated - rng.int(1, 180) * DAY;
          const expected = isClosed ? updated + rng.int(-10, 10) * DAY : updated + rng.int(-30, 180) * DAY;
          const amount = rng.int(500, 30_000) * 10_000; // 5万–300万 yuan in fen, whole hundreds
          dealsPerPath[stages.indexOf(stage) * PATH_VARIANTS + ((amount / 10_000) % PATH_VARIANTS)]++;
          const id = newId();
          opportunityIds[i] = id;
          opportunityAccount[i] = a;
          if (i > 0 && i % 250_000 === 0) log(`  ${i.toLocaleString('en-US')} opportunities (${elapsed()})`);
          yield [
            id,
            orgId,
            `${accountPart(a).short}项目-${pad(i + 1)}`,
            accountIds[a],
            pipeline.id,
            stage.id,
            stage.kind,
            amount,
            'CNY',
            iso(expected).slice(0, 10),
            isClosed ? null : '提交方案与报价',
            stage.kind === 'lost' ? LOST_REASONS[i % 4] : null,
            closed === null ? null : iso(closed),
            owner.id,
            iso(created),
            iso(updated),
            1,
          ];
        }
      }
      await write(
        w,
        counts,
        'opportunities',
        [
          'id',
          'org_id',
          'name',
          'account_id',
          'pipeline_id',
          'stage_id',
          'status',
          'amount',
          'currency',
          'expected_close_date',
          'next_step',
          'lost_reason',
          'closed_at',
          'owner_id',
          'created_at',
          'updated_at',
          'version',
        ],
        opportunityRows(),
      );
      log(`${n.toLocaleString('en-US')} opportunities (${elapsed()})`);
      // A deal's line item is one of the software licences, at the deal's price.
      const licenceIds = productIds.filter((_, k) => PRODUCTS[k].category === '软件许可');
      await writeSalesProcess(
        w,
        db.engine,
        counts,
        orgId,
        stages,
        licenceIds.length ? licenceIds : productIds,
        dealsPerPath,
      );
      log(
        `${counts.opportunity_stage_history.toLocaleString('en-US')} stage-history rows, ` +
          `${counts.opportunity_checklist_items.toLocaleString('en-US')} checklist items and ` +
          `${counts.opportunity_items.toLocaleString('en-US')} line items (${elapsed()})`,
      );

      function* activityRows(): Generator<Cell[]> {
        for (let i = 0; i < activityCount; i++) {
          // In opportunity order, so related_id and the times rise with the row number too.
          const o = Math.min(n - 1, Math.floor((i / activityCount) * n) + rng.int(0, 1));
          const a = opportunityAccount[o];
          const owner = reps[a % reps.length];
          const type = ACTIVITY_TYPES[rng.int(0, ACTIVITY_TYPES.length - 1)];
          // Most are logged in the past year; one in ten is an open task or visit still to come.
          const isOpen = type === 'task' ? rng.chance(0.4) : type === 'visit' && rng.chance(0.1);
          const created = nowMs - YEAR + Math.floor((i / activityCount) * (YEAR - 60_000));
          const at = isOpen ? nowMs + rng.int(-10, 20) * DAY : created;
          yield [
            newId(),
            orgId,
            type,
            `${type === 'task' ? '跟进' : '沟通'}：${CALL_TOPICS[i % CALL_TOPICS.length]}`,
            type === 'task' || type === 'visit' ? iso(at) : null,
            isOpen ? null : iso(created),
            'opportunity',
            opportunityIds[o],
            accountIds[a],
            owner.id,
            iso(created),
            iso(created),
            1,
          ];
        }
      }
      await write(
        w,
        counts,
        'activities',
        [
          'id',
          'org_id',
          'type',
          'subject',
          'due_at',
          'done_at',
          'related_type',
          'related_id',
          'account_id',
          'owner_id',
          'created_at',
          'updated_at',
          'version',
        ],
        activityRows(),
      );
      log(`${activityCount.toLocaleString('en-US')} activities (${elapsed()}), committing…`);
    },
    { skipForeignKeyChecks: true },
  );
  // Each deal's last touch from its creation, activities and stage history: the statement the
  // migration backfills with, so its time here is the migration's on a database this size.
  await refreshLastTouch(db.kysely, orgId, 'all');
  log(`last touch of every deal (${elapsed()})`);
  // Fresh planner statistics: without them both engines may pick a full sort over the index.
  await sql`analyze`.execute(db.kysely);
  log(`done in ${elapsed()} (with analyze)`);

  const step = Math.max(1, Math.floor(n / 1000));
  const sampleOpportunityIds: string[] = [];
  for (let i = 0; i < n && sampleOpportunityIds.length < 1000; i += step)
    sampleOpportunityIds.push(opportunityIds[i]);
  return {
    orgId,
    adminEmail: BENCH_ADMIN_EMAIL,
    repEmail: BENCH_REP_EMAIL,
    password: BENCH_PASSWORD,
    sampleOpportunityIds,
    counts,
  };
}

/** Deletes the bench organisation and everything in it. False when there is none. */
export async function deleteSyntheticOrganization(db: Db): Promise<boolean> {
  const orgId = await findBenchOrgId(db);
  if (!orgId) return false;
  const tables = [
    'opportunity_checklist_items',
    'opportunity_stage_history',
    'opportunity_items',
    'opportunity_collaborators',
    'field_changes',
    'activities',
    'opportunities',
    'contacts',
    'leads',
    'accounts',
    'pipeline_stages',
    'pipelines',
    'products',
    'sessions',
    'api_tokens',
    'jobs',
    'users',
    'teams',
  ];
  // Foreign-key checks on these deletes would look up child rows by columns that are not
  // indexed on their own (activities.account_id, ...): one scan per deleted row. The rows go
  // children first, so the checks are skipped for the duration of the delete.
  if (db.engine === 'sqlite') db.raw.sqlite!.pragma('foreign_keys = OFF');
  try {
    await withBulkWriter(
      db,
      async (w) => {
        for (const table of tables) await w.execute(`DELETE FROM ${table} WHERE org_id = ?`, [orgId]);
        await w.execute('DELETE FROM organizations WHERE id = ?', [orgId]);
      },
      { skipForeignKeyChecks: true },
    );
  } finally {
    if (db.engine === 'sqlite') db.raw.sqlite!.pragma('foreign_keys = ON');
  }
  return true;
}

async function findBenchOrgId(db: Db): Promise<string | null> {
  const row = await db.kysely
    .selectFrom('users')
    .select('orgId')
    .where('email', '=', BENCH_ADMIN_EMAIL)
    .executeTakeFirst();
  return row?.orgId ?? null;
}

type Stage = ReturnType<typeof buildDefaultPipeline>['stages'][number];

/**
 * The sales process of the organisation's deals, by the stage criteria, from the deals just
 * written: set-based INSERT ... SELECTs joining them to a small table of paths (per stage and
 * path variant), several times faster than generating and sending the rows one by one.
 * - Stage history: the first stage at the deal's creation, then the open stages in order up to
 *   its own (all of them for a won deal, some for a lost one), a closed deal's end state at
 *   its close (closed_at = updated_at). An open deal entered its stage before its last change.
 * - Checklists: complete for every stage a deal left, ticked while it was in it; part of the one
 *   an open deal is in (all of it for about one in five such deals, which can move on).
 * - A line item for every deal that reached the stage requiring one (its whole amount, so the
 *   amount is still the items' sum); open deals all have a next step and an amount.
 * The variant is the deal's amount in 100 yuan modulo PATH_VARIANTS: deterministic, like the rest.
 */
async function writeSalesProcess(
  w: BulkWriter,
  engine: Db['engine'],
  counts: Record<string, number>,
  orgId: string,
  stages: Stage[],
  /** Products for the line items. */
  productIds: string[],
  /** How many deals there are per stage (index into `stages`) and variant: for the counts. */
  deals: Int32Array,
): Promise<void> {
  const rng = createRng(43);
  const open = stages.filter((s) => s.kind === 'open').sort((x, y) => x.position - y.position);
  const checklists = open.map((s) => (JSON.parse(s.checklist ?? '[]') as { id: string }[]).map((c) => c.id));
  const required = open.map((s) => JSON.parse(s.requiredFields ?? '[]') as string[]);
  const itemsFrom = required.findIndex((fields) => fields.includes('items'));

  const paths: string[] = [];
  const ticks: string[] = [];
  const items: string[] = [];
  let historyCount = 0;
  let tickCount = 0;
  let itemCount = 0;
  stages.forEach((stage, si) => {
    for (let v = 0; v < PATH_VARIANTS; v++) {
      const dealCount = deals[si * PATH_VARIANTS + v];
      const closed = stage.kind !== 'open';
      // How many open stages the deal went through.
      const reached =
        stage.kind === 'open'
          ? open.indexOf(stage) + 1
          : stage.kind === 'won'
            ? open.length
            : 1 + (v % open.length);
      const path = [...open.slice(0, reached), ...(closed ? [stage] : [])];
      // Stage k entered at enter[k] (millionths of the time from creation to the last change);
      // a closed deal's last stage at its close, an open deal's current one some time before.
      const weights = Array.from({ length: closed ? path.length - 1 : path.length }, () => 0.5 + rng.next());
      const total = weights.reduce((a, b) => a + b, 0);
      const enter = [0];
      for (let k = 1; k < path.length; k++)
        enter.push(
          k === path.length - 1 && closed
            ? WHOLE
            : Math.round(enter[k - 1] + (weights[k - 1] / total) * WHOLE),
        );
      historyCount += path.length * dealCount;
      path.forEach((s, k) => {
        const leave = k + 1 < path.length ? enter[k + 1] : null;
        paths.push(
          `(${lit(stage.id)}, ${v}, ${lit(s.id)}, ${lit(`0${k}`)}, ${enter[k]}, ${leave ?? 'NULL'})`,
        );
        if (k >= reached) return;
        const list = checklists[k];
        const done = leave === null ? v % (list.length + 1) : list.length;
        const until = leave ?? Math.round(enter[k] + (WHOLE - enter[k]) * 0.9);
        tickCount += done * dealCount;
        for (let c = 0; c < done; c++) {
          const at = Math.round(enter[k] + ((until - enter[k]) * (c + 1)) / (list.length + 1));
          ticks.push(`(${lit(stage.id)}, ${v}, ${lit(s.id)}, ${lit(list[c])}, ${at})`);
        }
      });
      if (itemsFrom >= 0 && reached > itemsFrom) {
        itemCount += dealCount;
        items.push(`(${lit(stage.id)}, ${v}, ${lit(productIds[v % productIds.length])})`);
      }
    }
  });
  counts.opportunity_stage_history = historyCount;
  counts.opportunity_checklist_items = tickCount;
  counts.opportunity_items = itemCount;

  // o.created_at + (o.updated_at - o.created_at) * p / WHOLE, as the column type of the engine.
  const at = (p: string) =>
    `CASE ${p} WHEN 0 THEN o.created_at WHEN ${WHOLE} THEN o.updated_at ELSE ${
      engine === 'sqlite'
        ? `strftime('%Y-%m-%dT%H:%M:%fZ', (julianday(o.created_at) * (${WHOLE} - ${p}) + julianday(o.updated_at) * ${p}) / ${WHOLE}.0)`
        : `date_trunc('milliseconds', o.created_at + (o.updated_at - o.created_at) * ${p} / ${WHOLE}.0)`
    } END`;
  // CROSS JOIN makes SQLite loop over the deals (in the order written, so the new keys rise) and
  // look their paths up. A new row's id is its deal's with the last byte replaced (0k for the k-th
  // stage, ff for the line item): unique, since the deals' UUIDv7s differ before it (time and
  // counter), and in their order.
  const from = (table: string) =>
    `FROM opportunities o CROSS JOIN ${table} t WHERE o.org_id = ? AND t.stage_id = o.stage_id ` +
    `AND t.variant = (o.amount / 10000) % ${PATH_VARIANTS}`;
  await w.execute(
    `WITH t (stage_id, variant, path_stage_id, suffix, p_enter, p_leave) AS (VALUES ${paths.join(', ')}) ` +
      'INSERT INTO opportunity_stage_history ' +
      '(id, org_id, opportunity_id, pipeline_id, stage_id, entered_at, left_at, user_id) ' +
      `SELECT substr(o.id, 1, 34) || t.suffix, o.org_id, o.id, o.pipeline_id, t.path_stage_id, ${at('t.p_enter')}, ` +
      `CASE WHEN t.p_leave IS NULL THEN NULL ELSE ${at('t.p_leave')} END, o.owner_id ${from('t')}`,
    [orgId],
  );
  if (ticks.length)
    await w.execute(
      `WITH t (stage_id, variant, path_stage_id, item_id, p) AS (VALUES ${ticks.join(', ')}) ` +
        'INSERT INTO opportunity_checklist_items ' +
        '(org_id, opportunity_id, stage_id, item_id, checked, note, checked_by, checked_at) ' +
        `SELECT o.org_id, o.id, t.path_stage_id, t.item_id, 1, NULL, o.owner_id, ${at('t.p')} ${from('t')}`,
      [orgId],
    );
  if (items.length)
    await w.execute(
      `WITH t (stage_id, variant, product_id) AS (VALUES ${items.join(', ')}) ` +
        'INSERT INTO opportunity_items ' +
        '(id, org_id, opportunity_id, product_id, position, quantity, unit_price, discount_bp, amount) ' +
        `SELECT substr(o.id, 1, 34) || 'ff', o.org_id, o.id, t.product_id, 0, 1, o.amount, 0, o.amount ${from('t')}`,
      [orgId],
    );
}

/** A string literal for generated SQL (the values are our own ids and checklist keys). */
function lit(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

async function write(
  w: BulkWriter,
  counts: Record<string, number>,
  table: string,
  columns: string[],
  rows: Iterable<Cell[]>,
): Promise<void> {
  counts[table] = await w.write(table, columns, rows);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
