import type { Insertable } from 'kysely';
import type { Database } from '../db/schema.js';
import { localDate } from '../lib/dates.js';
import type { DemoRows } from './demo-build.js';
import { createRng, seededUuidV7 } from './random.js';

export interface DemoMarketsRows {
  markets: Insertable<Database['markets']>[];
  marketYears: Insertable<Database['marketYears']>[];
  competitors: Insertable<Database['competitors']>[];
  competitorProducts: Insertable<Database['competitorProducts']>[];
  competitorMarketShares: Insertable<Database['competitorMarketShares']>[];
  macroFactors: Insertable<Database['macroFactors']>[];
  macroFactorMarkets: Insertable<Database['macroFactorMarkets']>[];
  opportunityCompetitors: Insertable<Database['opportunityCompetitors']>[];
}

const YI = 10_000_000_000; // 1 亿 yuan in fen

/** [name, region, industry, description, size in 亿 for the year before last, last year, this year]. */
const MARKETS: [string, string | null, string | null, string, number, number, number][] = [
  [
    '华东制造业数字化',
    '华东',
    'manufacturing',
    '长三角离散与流程制造企业的 MES、WMS、设备联网与数据分析',
    62,
    71,
    80,
  ],
  ['华南零售数字化', '华南', 'retail', '连锁门店、商超与品牌零售的仓储、门店运营与会员数据', 28, 31, 33],
  ['华北能源物联网', '华北', 'energy', '电力、新能源与燃气企业的设备接入、巡检与能耗监测', 18, 22, 27],
  [
    '西南物流仓储智能化',
    '西南',
    'logistics',
    '成渝物流园区与三方仓的 WMS、手持终端与自动化货架',
    9,
    10.5,
    12,
  ],
  ['全国医疗信息化', null, 'healthcare', '医院与医疗器械企业的协同办公、数据中台与设备管理', 45, 47, 48],
];

interface CompetitorSpec {
  name: string;
  website: string;
  description: string;
  pricePositioning: 'budget' | 'mid' | 'premium';
  strengths: string[];
  weaknesses: string[];
  ourDifferentiator: string;
  products: [string, number | null, string, string | null][];
  /** Share (bp) per market name this year; last year is derived (a little different). */
  shares: Record<string, number>;
}

const COMPETITORS: CompetitorSpec[] = [
  {
    name: '启明软件',
    website: 'https://www.qiming-soft.example.cn',
    description: '老牌工业软件厂商，产品线覆盖 ERP、MES 与 PLM，客户以大型国企和上市公司为主。',
    pricePositioning: 'premium',
    strengths: ['功能全，模块覆盖广', '大型客户案例多', '品牌认知度高'],
    weaknesses: ['系统复杂，实施周期 6–12 个月', '二次开发费用高', '中小客户响应慢'],
    ourDifferentiator: '功能全但复杂 → 我们简单易用：标准版两周上线，一线员工半天学会',
    products: [
      ['启明 MES 旗舰版', 120_000_000, '大型制造企业，按模块报价', 'YT-SW-MES'],
      ['启明 WMS 企业版', 58_000_000, '多仓多组织', 'YT-SW-WMS'],
    ],
    shares: { 华东制造业数字化: 1800, 全国医疗信息化: 900, 华北能源物联网: 700 },
  },
  {
    name: '瀚海云',
    website: 'https://www.hanhaiyun.example.cn',
    description: '互联网背景的 SaaS 厂商，按账号订阅，主打零售与电商客户。',
    pricePositioning: 'budget',
    strengths: ['价格低，按年订阅', '上线快', '电商平台对接多'],
    weaknesses: ['定制能力弱', '私有化部署不支持', '线下服务网点少'],
    ourDifferentiator: '便宜但难定制 → 我们支持私有化部署与本地化实施，复杂流程也能落地',
    products: [
      ['瀚海云仓 SaaS', 3_600_000, '按年订阅，每仓每年', 'YT-SW-WMS'],
      ['瀚海门店通', 1_200_000, '按门店订阅', null],
    ],
    shares: { 华南零售数字化: 2200, 西南物流仓储智能化: 1300, 华东制造业数字化: 500 },
  },
  {
    name: '北辰智能',
    website: 'https://www.beichen-ai.example.cn',
    description: '以工业网关和传感器起家的物联网企业，近两年推出云平台。',
    pricePositioning: 'mid',
    strengths: ['硬件产品线完整', '能源行业关系深', '边缘计算有专利'],
    weaknesses: ['软件平台较新，报表能力弱', '与业务系统集成少'],
    ourDifferentiator: '硬件强软件弱 → 我们软硬一体：网关 + IoT 平台 + BI 一套交付，数据直接进业务',
    products: [
      ['北辰边缘网关 BC-300', 880_000, '工业现场，4G/5G', 'YT-HW-G200'],
      ['北辰物联云平台', 36_000_000, '按接入设备数计费', 'YT-SW-IOT'],
    ],
    shares: { 华北能源物联网: 2600, 华东制造业数字化: 900 },
  },
  {
    name: '锐拓科技',
    website: 'https://www.ruituo-tech.example.cn',
    description: '区域型系统集成商，靠价格和关系拿单，医疗与物流客户较多。',
    pricePositioning: 'mid',
    strengths: ['本地关系好', '报价灵活'],
    weaknesses: ['产品多为代理，自研少', '项目交付质量不稳定', '售后响应慢'],
    ourDifferentiator: '集成商交付不稳 → 我们原厂交付 + 本地服务团队 4 小时响应，签 SLA',
    products: [['锐拓医疗协同平台', 18_000_000, '医院 OA + 设备管理', 'YT-SW-OA']],
    shares: { 全国医疗信息化: 1500, 西南物流仓储智能化: 1100 },
  },
];

/** [category, title, description, effect, impact, market names, starts this many years ago]. */
const FACTORS: [string, string, string, string, number, string[], number][] = [
  [
    'policy',
    '环保政策趋严',
    '排放与能耗标准提高，工厂需要在线监测与能耗管理，环保设备和数据采集需求上升',
    'opportunity',
    4,
    ['华东制造业数字化', '华北能源物联网'],
    1,
  ],
  [
    'policy',
    '制造业数字化转型专项补贴',
    '省市对中小制造企业上云、MES 改造给予 20%–30% 补贴',
    'opportunity',
    5,
    ['华东制造业数字化'],
    0,
  ],
  [
    'economy',
    '消费需求放缓',
    '零售客户压缩 IT 预算，新开门店减少，项目审批周期变长',
    'threat',
    3,
    ['华南零售数字化'],
    1,
  ],
  [
    'technology',
    'AI 质检与大模型应用普及',
    '视觉质检、智能排产进入实用阶段，客户愿意为数据平台和 AI 模块付费',
    'opportunity',
    3,
    ['华东制造业数字化', '全国医疗信息化'],
    0,
  ],
  ['society', '医保控费', '医院收入承压，信息化项目更看重投入产出', 'threat', 2, ['全国医疗信息化'], 2],
];

/**
 * 市场分析: five markets with three years of size history, four competitors (fictional names)
 * with products, shares and differentiators, five PEST factors, and competitors recorded on a
 * share of the demo's deals: beaten on won deals, the one it was lost to on lost ones (the deal's
 * lost_competitor names it, as a rep would have written), in the race on open ones.
 */
export function buildDemoMarkets(rows: DemoRows, now: Date): DemoMarketsRows {
  const rng = createRng(20_261_128_31);
  const idRng = createRng(20_261_128_32);
  const orgId = String(rows.organizations[0]!.id);
  const year = Number(localDate(now).slice(0, 4));
  const at = now.toISOString();
  const makeId = () => seededUuidV7(idRng, now.getTime());
  const marketing = rows.users.find((u) => u.email === 'marketing@tuoke.demo');
  const createdBy = marketing ? String(marketing.id) : null;
  const out: DemoMarketsRows = {
    markets: [],
    marketYears: [],
    competitors: [],
    competitorProducts: [],
    competitorMarketShares: [],
    macroFactors: [],
    macroFactorMarkets: [],
    opportunityCompetitors: [],
  };

  const marketIds = new Map<string, string>();
  for (const [name, region, industry, description, s2, s1, s0] of MARKETS) {
    const id = makeId();
    marketIds.set(name, id);
    const size = Math.round(s0 * YI);
    out.markets.push({
      id,
      orgId,
      name,
      region,
      industry,
      description,
      currency: 'CNY',
      size,
      sizeYear: year,
      growthBp: Math.round((s0 / s1 - 1) * 10_000),
      active: 1,
      createdBy,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    const notes = ['行业协会年报', '第三方咨询机构测算', '内部预测（按在谈项目与政策推算）'];
    [s2, s1, s0].forEach((s, i) =>
      out.marketYears.push({
        id: makeId(),
        orgId,
        marketId: id,
        year: year - 2 + i,
        size: Math.round(s * YI),
        notes: notes[i]!,
        createdAt: at,
        updatedAt: at,
      }),
    );
  }

  const productBySku = new Map(rows.products.map((p) => [p.sku, String(p.id)]));
  const competitorIds: string[] = [];
  const competitorNames: string[] = [];
  for (const c of COMPETITORS) {
    const id = makeId();
    competitorIds.push(id);
    competitorNames.push(c.name);
    out.competitors.push({
      id,
      orgId,
      name: c.name,
      website: c.website,
      description: c.description,
      pricePositioning: c.pricePositioning,
      strengths: JSON.stringify(c.strengths),
      weaknesses: JSON.stringify(c.weaknesses),
      ourDifferentiator: c.ourDifferentiator,
      active: 1,
      createdBy,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    for (const [name, price, positioning, sku] of c.products)
      out.competitorProducts.push({
        id: makeId(),
        orgId,
        competitorId: id,
        name,
        price,
        positioning,
        productId: sku ? (productBySku.get(sku) ?? null) : null,
        createdAt: at,
        updatedAt: at,
      });
    for (const [market, bp] of Object.entries(c.shares)) {
      const marketId = marketIds.get(market)!;
      for (const [y, share] of [
        [year, bp],
        [year - 1, bp + rng.int(-3, 3) * 100],
      ] as const)
        out.competitorMarketShares.push({
          id: makeId(),
          orgId,
          competitorId: id,
          marketId,
          year: y,
          shareBp: share,
          createdAt: at,
          updatedAt: at,
        });
    }
  }

  for (const [category, title, description, effect, impact, markets, yearsAgo] of FACTORS) {
    const id = makeId();
    out.macroFactors.push({
      id,
      orgId,
      category,
      title,
      description,
      effect,
      impact,
      startDate: `${year - yearsAgo}-01-01`,
      endDate: null,
      active: 1,
      createdBy,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    for (const m of markets)
      out.macroFactorMarkets.push({ id: makeId(), orgId, factorId: id, marketId: marketIds.get(m)! });
  }

  // competitors on deals: about 40 % of the closed deals and 30 % of the open ones
  for (const o of rows.opportunities) {
    const status = String(o.status);
    if (!rng.chance(status === 'open' ? 0.3 : 0.4)) continue;
    const picked = rng.sample(
      competitorIds.map((id, i) => i),
      rng.chance(0.3) ? 2 : 1,
    );
    const lostTo =
      status === 'lost' && o.lostReason !== '客户自研' && o.lostReason !== '预算取消' ? picked[0] : undefined;
    if (lostTo !== undefined) o.lostCompetitor = competitorNames[lostTo]!;
    for (const i of picked)
      out.opportunityCompetitors.push({
        id: makeId(),
        orgId,
        opportunityId: String(o.id),
        competitorId: competitorIds[i]!,
        status: status === 'won' ? 'won_against' : i === lostTo ? 'lost_to' : 'active',
        notes: null,
        createdBy: o.ownerId ? String(o.ownerId) : null,
        createdAt: String(o.createdAt),
        updatedAt: String(o.closedAt ?? o.createdAt),
      });
  }
  return out;
}
