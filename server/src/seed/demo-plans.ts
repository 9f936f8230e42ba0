import { PostgresAdapter, type Insertable, type Kysely } from 'kysely';
import { dialectFor } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { addDays, localDate } from '../lib/dates.js';
import { DirectoryCache } from '../modules/access/index.js';
import { PlansService, TerritoriesService } from '../modules/plans/index.js';
import { ResultsService } from '../modules/results/index.js';
import { createRng, seededUuidV7 } from './random.js';

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** Yuan, rounded to whole thousands, in fen. */
const kYuan = (yuan: number) => Math.round(yuan / 1000) * 1000 * 100;

/** The demo's regions as territories, with the regional team that covers each where there is one. */
const TERRITORIES: Array<{
  name: string;
  region: string;
  team: string | null;
  headcount: number;
  description: string;
}> = [
  {
    name: '华东区',
    region: '华东',
    team: '华东大区',
    headcount: 9,
    description: '上海、江浙：制造业与金融客户最集中',
  },
  { name: '华南区', region: '华南', team: '华南大区', headcount: 5, description: '广深与珠三角制造业' },
  { name: '华北区', region: '华北', team: '华北大区', headcount: 5, description: '京津冀，政企客户为主' },
  { name: '西南区', region: '西南', team: '西南大区', headcount: 4, description: '成渝双城' },
  { name: '华中区', region: '华中', team: null, headcount: 2, description: '武汉、长沙，暂由总部直管' },
  { name: '西北区', region: '西北', team: null, headcount: 1, description: '西安为主，渠道覆盖' },
  { name: '东北区', region: '东北', team: null, headcount: 1, description: '沈阳、大连，经销商覆盖' },
];

const CHANNEL_WEIGHTS = [
  ['direct', 52],
  ['ecommerce', 16],
  ['distributor', 14],
  ['partner', 9],
  ['telesales', 6],
  ['store', 3],
] as const;

/**
 * The demo's sales plan for the current year (run after the deals are in, before the targets):
 * the deals' channels, seven territories from the regions (accounts placed in them), the active
 * plan with its channel shares, a budget per month with spend up to today, version 1 (approved at
 * the start of the year) and version 2 (a draft that moves money to e-commerce).
 */
export async function seedDemoPlans(db: Kysely<Database>, orgId: string, now: Date): Promise<void> {
  const rng = createRng(6_0303);
  const today = localDate(now);
  const year = Number(today.slice(0, 4));
  const at = now.toISOString();
  const id = () => seededUuidV7(rng, now.getTime());
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const directory = new DirectoryCache(db);
  const results = new ResultsService(db, dialectFor(isPg ? 'postgres' : 'sqlite'));
  const territoriesService = new TerritoriesService(db, directory, results);
  territoriesService.clock = () => now;
  const plans = new PlansService(
    db,
    dialectFor(isPg ? 'postgres' : 'sqlite'),
    directory,
    results,
    territoriesService,
  );

  // the deals' channels, by a seeded draw in id order
  const deals = await db
    .selectFrom('opportunities')
    .select('id')
    .where('orgId', '=', orgId)
    .orderBy('id')
    .execute();
  const byChannel = new Map<string, string[]>();
  for (const d of deals) {
    const c = rng.weighted(CHANNEL_WEIGHTS);
    byChannel.set(c, [...(byChannel.get(c) ?? []), d.id]);
  }
  for (const [channel, ids] of byChannel)
    for (let i = 0; i < ids.length; i += 200)
      await db
        .updateTable('opportunities')
        .set({ channel })
        .where('orgId', '=', orgId)
        .where('id', 'in', ids.slice(i, i + 200))
        .execute();

  // territories, and every account placed in one
  const teams = await db.selectFrom('teams').select(['id', 'name']).where('orgId', '=', orgId).execute();
  const teamId = (name: string | null) => (name ? (teams.find((t) => t.name === name)?.id ?? null) : null);
  const territories = TERRITORIES.map((t) => ({
    id: id(),
    orgId,
    name: t.name,
    regions: JSON.stringify([t.region]),
    industries: '[]',
    teamId: teamId(t.team),
    headcount: t.headcount,
    priority: 0,
    description: t.description,
    active: 1,
    createdAt: at,
    updatedAt: at,
  }));
  await db.insertInto('territories').values(territories).execute();
  await territoriesService.assignAll(orgId);
  const territoryOf = (name: string) => territories.find((t) => t.name === name)!.id;

  // the plan: its revenue target is last 12 months' revenue grown by 30 %, in whole 万
  const director = await db
    .selectFrom('users')
    .select('id')
    .where('orgId', '=', orgId)
    .where('role', '=', 'sales_director')
    .executeTakeFirstOrThrow();
  const [won] = await results.measure(orgId, 'revenue', { from: addDays(today, -364), to: today });
  const revenueTarget = Math.max(100_000_000, Math.ceil(((won?.value ?? 0) * 1.3) / 1_000_000) * 1_000_000);
  const planId = id();
  await db
    .insertInto('salesPlans')
    .values({
      id: planId,
      orgId,
      name: `${year} 年度销售计划`,
      fiscalYear: year,
      startDate: `${year}-01-01`,
      endDate: `${year}-12-31`,
      status: 'active',
      currency: 'CNY',
      description: '直销为主、电商和经销商为辅；华东保持领先，华南、西南加快开拓。',
      ownerId: director.id,
      revenueTarget,
      createdAt: `${year}-01-05T02:00:00.000Z`,
      updatedAt: at,
    })
    .execute();
  const channels = (shares: Array<[string, number, string | null]>) =>
    shares.map(([channel, shareBp, notes]) => ({
      id: id(),
      orgId,
      planId,
      channel,
      shareBp,
      notes,
      createdAt: at,
      updatedAt: at,
    }));
  await db
    .insertInto('planChannels')
    .values(
      channels([
        ['direct', 5500, '大客户与行业客户，由各大区直销团队负责'],
        ['ecommerce', 2000, '天猫、京东旗舰店与官网自助购买'],
        ['distributor', 1500, '华中、西北、东北由经销商覆盖'],
        ['partner', 600, '集成商与咨询伙伴'],
        ['telesales', 400, '中小客户电话销售'],
      ]),
    )
    .execute();

  // the budget: per month, salaries and commission for the company, e-commerce marketing, travel per
  // regional territory; trade shows per quarter
  const lines: Insertable<Database['budgetLines']>[] = [];
  const line = (
    periodType: 'month' | 'quarter',
    periodStart: string,
    category: string,
    planned: number,
    extra: { territoryId?: string | null; channel?: string | null; description?: string | null } = {},
  ) =>
    lines.push({
      id: id(),
      orgId,
      planId,
      periodType,
      periodStart,
      territoryId: extra.territoryId ?? null,
      channel: extra.channel ?? null,
      category,
      planned,
      description: extra.description ?? null,
      createdAt: at,
      updatedAt: at,
    });
  for (let m = 1; m <= 12; m++) {
    const start = `${year}-${pad(m)}-01`;
    line('month', start, 'salaries', kYuan(620_000 + rng.int(0, 40_000)), {
      description: '销售团队基本工资与社保',
    });
    line('month', start, 'commission', Math.round(((revenueTarget / 12) * 0.03) / 100_000) * 100_000, {
      description: '按月收入目标 3% 计提',
    });
    line('month', start, 'marketing', kYuan(60_000 + rng.int(0, 30_000)), {
      channel: 'ecommerce',
      description: '电商平台推广（直通车、京东快车）',
    });
    for (const [name, base] of [
      ['华东区', 36_000],
      ['华南区', 22_000],
      ['华北区', 22_000],
      ['西南区', 16_000],
    ] as const)
      line('month', start, 'travel', kYuan(base + rng.int(0, 6_000)), { territoryId: territoryOf(name) });
  }
  for (const q of [1, 4, 7, 10]) {
    line('quarter', `${year}-${pad(q)}-01`, 'promotion', kYuan(120_000), {
      channel: 'distributor',
      description: '经销商季度返点与促销',
    });
    line('quarter', `${year}-${pad(q)}-01`, 'marketing', kYuan(180_000), {
      description: '行业展会与客户活动',
    });
  }
  await db.insertInto('budgetLines').values(lines).execute();

  // spend up to today: whole months about their budget, the current month by the days gone
  const spend: Insertable<Database['budgetSpend']>[] = [];
  for (const l of lines) {
    const [y, m] = (l.periodStart as string).split('-').map(Number) as [number, number];
    const months = l.periodType === 'quarter' ? 3 : 1;
    for (let k = 0; k < months; k++) {
      const mm = m + k;
      const monthStart = `${y}-${pad(mm)}-01`;
      if (monthStart > today) break;
      const end = `${y}-${pad(mm)}-${pad(lastDay(y, mm))}`;
      const elapsed = end <= today ? 1 : Number(today.slice(8, 10)) / lastDay(y, mm);
      const monthPlanned = Number(l.planned) / months;
      const total = Math.round(monthPlanned * elapsed * (0.78 + rng.next() * 0.32));
      const parts = l.category === 'salaries' || l.category === 'commission' ? 1 : rng.int(1, 3);
      let left = total;
      for (let p = 0; p < parts && left > 0; p++) {
        const amount = p === parts - 1 ? left : Math.round((left * (0.3 + rng.next() * 0.4)) / 100) * 100;
        left -= amount;
        const lastPossible = end <= today ? lastDay(y, mm) : Number(today.slice(8, 10));
        const day = Math.max(1, Math.min(lastPossible, rng.int(1, lastPossible)));
        spend.push({
          id: id(),
          orgId,
          lineId: l.id as string,
          spentOn: `${y}-${pad(mm)}-${pad(day)}`,
          amount,
          note: rng.pick(['发票已报销', '财务月结', '供应商付款', null]),
          source: rng.chance(0.3) ? 'import' : 'manual',
          createdBy: director.id,
          createdAt: at,
        });
      }
    }
  }
  for (let i = 0; i < spend.length; i += 200)
    await db
      .insertInto('budgetSpend')
      .values(spend.slice(i, i + 200))
      .execute();

  // version 1: the plan as approved in January
  const version = async (number: number, note: string, createdAt: string) =>
    db
      .insertInto('planVersions')
      .values({
        id: id(),
        orgId,
        planId,
        number,
        snapshot: JSON.stringify(await plans.snapshot(orgId, planId)),
        note,
        createdBy: director.id,
        createdAt,
      })
      .execute();
  await version(1, '年初版：经营会审议通过', `${year}-01-08T08:00:00.000Z`);

  // version 2 (draft): more to e-commerce, a larger e-commerce budget from next month, a Double 11 push
  await db.deleteFrom('planChannels').where('orgId', '=', orgId).where('planId', '=', planId).execute();
  await db
    .insertInto('planChannels')
    .values(
      channels([
        ['direct', 5000, '大客户与行业客户，由各大区直销团队负责'],
        ['ecommerce', 2500, '天猫、京东旗舰店与官网自助购买；加大投入'],
        ['distributor', 1500, '华中、西北、东北由经销商覆盖'],
        ['partner', 600, '集成商与咨询伙伴'],
        ['telesales', 400, '中小客户电话销售'],
      ]),
    )
    .execute();
  const nextMonth =
    `${today.slice(0, 7)}-01` < `${year}-12-01` ? addDays(`${today.slice(0, 8)}28`, 7).slice(0, 7) : null;
  for (const l of lines)
    if (l.channel === 'ecommerce' && nextMonth && (l.periodStart as string) >= `${nextMonth}-01`)
      await db
        .updateTable('budgetLines')
        .set({ planned: Math.round((Number(l.planned) * 1.25) / 100_000) * 100_000, version: 2 })
        .where('id', '=', l.id as string)
        .execute();
  await db
    .insertInto('budgetLines')
    .values({
      id: id(),
      orgId,
      planId,
      periodType: 'quarter',
      periodStart: `${year}-10-01`,
      territoryId: null,
      channel: 'ecommerce',
      category: 'promotion',
      planned: kYuan(300_000),
      description: '双十一大促',
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  await version(2, '草稿：电商占比提至 25%，加大电商推广', at);
}
