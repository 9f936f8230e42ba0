import type { Insertable } from 'kysely';
import type { Database } from '../db/schema.js';
import { makeCreditCode } from '../lib/credit-code.js';
import {
  BUSINESS_BY_INDUSTRY,
  CALL_TOPICS,
  CITIES_BY_REGION,
  CONTACT_TITLES,
  EMAIL_SUBJECTS,
  GIVEN_CHARS,
  GOVERNMENT_BODIES,
  LEAD_NOTES,
  LOST_REASONS,
  MEETING_TOPICS,
  NEXT_STEPS,
  NOTES,
  PRODUCTS,
  SURNAMES,
  TASK_SUBJECTS,
  TRADE_NAMES,
  type City,
} from './demo-data.js';
import { createRng, seededUuidV7 } from './random.js';

/** The demo's rows per table, in an order that satisfies the foreign keys when inserted. */
export interface DemoRows {
  organizations: Insertable<Database['organizations']>[];
  teams: Insertable<Database['teams']>[];
  users: Insertable<Database['users']>[];
  products: Insertable<Database['products']>[];
  pipelines: Insertable<Database['pipelines']>[];
  pipelineStages: Insertable<Database['pipelineStages']>[];
  accounts: Insertable<Database['accounts']>[];
  contacts: Insertable<Database['contacts']>[];
  leads: Insertable<Database['leads']>[];
  opportunities: Insertable<Database['opportunities']>[];
  opportunityCollaborators: Insertable<Database['opportunityCollaborators']>[];
  opportunityItems: Insertable<Database['opportunityItems']>[];
  opportunityStageHistory: Insertable<Database['opportunityStageHistory']>[];
  opportunityChecklistItems: Insertable<Database['opportunityChecklistItems']>[];
  activities: Insertable<Database['activities']>[];
  fieldChanges: Insertable<Database['fieldChanges']>[];
  approvalRules: Insertable<Database['approvalRules']>[];
}

export const DEMO_ORG_NAME = '杭州云拓智能科技有限公司';
export const DEMO_PASSWORD = 'tuoke-demo';

/** The documented logins, one per role (all with DEMO_PASSWORD). */
export const DEMO_LOGINS = {
  admin: 'admin@tuoke.demo',
  sales_director: 'director@tuoke.demo',
  sales_manager: 'manager@tuoke.demo',
  sales_rep: 'rep@tuoke.demo',
  marketing: 'marketing@tuoke.demo',
  recruiter: 'recruiter@tuoke.demo',
  service_agent: 'service@tuoke.demo',
} as const;

export const DEFAULT_PIPELINE_NAME = '标准销售流程';
const DEFAULT_STAGES = [
  ['初步接洽', 10, 'open'],
  ['需求确认', 25, 'open'],
  ['方案报价', 50, 'open'],
  ['商务谈判', 75, 'open'],
  ['赢单', 100, 'won'],
  ['输单', 0, 'lost'],
] as const;
/**
 * Exit criteria of the default pipeline: 需求确认 has the standard checklist, 方案报价 needs a
 * priced deal with line items, 商务谈判 a next step. 初步接洽 has none, so a new deal moves on freely.
 */
const DEFAULT_CRITERIA: Record<
  string,
  { requiredFields?: string[]; checklist?: { id: string; label: string; required: boolean }[] }
> = {
  需求确认: {
    checklist: [
      { id: 'pain-points', label: '痛点', required: true },
      { id: 'budget', label: '预算', required: true },
      { id: 'decision-maker', label: '决策人', required: true },
      { id: 'timeline', label: '时间表', required: true },
    ],
  },
  方案报价: { requiredFields: ['amount', 'items'] },
  商务谈判: { requiredFields: ['nextStep'] },
};
const CHANNEL_STAGES = [
  ['渠道报备', 10, 'open'],
  ['联合拜访', 30, 'open'],
  ['方案共建', 60, 'open'],
  ['签约', 100, 'won'],
  ['终止合作', 0, 'lost'],
] as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** China has one time zone and no daylight saving: the working day is planned in UTC+8. */
const CST = 8 * HOUR;

const iso = (ms: number): string => new Date(ms).toISOString();
/** The calendar date in China of an instant. */
const cstDate = (ms: number): string => new Date(ms + CST).toISOString().slice(0, 10);
const cstDayStart = (ms: number): number => Math.floor((ms + CST) / DAY) * DAY - CST;

type Stage = { id: string; name: string; kind: string; position: number; checklist?: string };
type Pipeline = { id: string; stages: Stage[] };

/** The default pipeline with its stages; shared by the demo and the empty organisation. */
export function buildDefaultPipeline(
  orgId: string,
  createdAt: string,
  makeId: () => string,
): { pipeline: Insertable<Database['pipelines']>; stages: Insertable<Database['pipelineStages']>[] } {
  return buildPipeline(orgId, DEFAULT_PIPELINE_NAME, true, DEFAULT_STAGES, createdAt, makeId);
}

function buildPipeline(
  orgId: string,
  name: string,
  isDefault: boolean,
  spec: readonly (readonly [string, number, string])[],
  createdAt: string,
  makeId: () => string,
) {
  const pipeline = {
    id: makeId(),
    orgId,
    name,
    isDefault: isDefault ? 1 : 0,
    createdAt,
    updatedAt: createdAt,
  };
  const stages = spec.map(([stageName, probability, kind], position) => ({
    id: makeId(),
    orgId,
    pipelineId: pipeline.id,
    name: stageName,
    position,
    probability,
    kind,
    // every row names both columns: SQLite fills a multi-row insert's missing ones with NULL
    requiredFields: JSON.stringify(
      (spec === DEFAULT_STAGES && DEFAULT_CRITERIA[stageName]?.requiredFields) || [],
    ),
    checklist: JSON.stringify((spec === DEFAULT_STAGES && DEFAULT_CRITERIA[stageName]?.checklist) || []),
  }));
  return { pipeline, stages };
}

interface TeamSpec {
  key: string;
  name: string;
  type: string;
  parent: string | null;
  manager: string | null;
  region: string | null;
  cities?: string[];
}

const TEAMS: TeamSpec[] = [
  { key: 'sales', name: '销售部', type: 'segment', parent: null, manager: 'director', region: null },
  { key: 'east', name: '华东大区', type: 'region', parent: 'sales', manager: 'manager', region: '华东' },
  {
    key: 'east-sh',
    name: '上海组',
    type: 'region',
    parent: 'east',
    manager: 'manager',
    region: '华东',
    cities: ['上海'],
  },
  {
    key: 'east-zj',
    name: '浙江组',
    type: 'region',
    parent: 'east',
    manager: 'manager',
    region: '华东',
    cities: ['杭州', '宁波'],
  },
  { key: 'south', name: '华南大区', type: 'region', parent: 'sales', manager: 'manager2', region: '华南' },
  { key: 'north', name: '华北大区', type: 'region', parent: 'sales', manager: 'manager3', region: '华北' },
  {
    key: 'southwest',
    name: '西南大区',
    type: 'region',
    parent: 'sales',
    manager: 'manager4',
    region: '西南',
  },
  { key: 'ka', name: '大客户部', type: 'segment', parent: 'sales', manager: 'manager5', region: null },
  { key: 'mfg', name: '智能制造产品线', type: 'product', parent: 'sales', manager: 'manager6', region: null },
];

interface UserSpec {
  key: string;
  name: string;
  role: string;
  team: string | null;
  manager: string | null;
}

const USERS: UserSpec[] = [
  { key: 'admin', name: '系统管理员', role: 'admin', team: null, manager: null },
  { key: 'director', name: '陈志远', role: 'sales_director', team: 'sales', manager: null },
  { key: 'manager', name: '王磊', role: 'sales_manager', team: 'east', manager: 'director' },
  { key: 'manager2', name: '黄海波', role: 'sales_manager', team: 'south', manager: 'director' },
  { key: 'manager3', name: '刘洋', role: 'sales_manager', team: 'north', manager: 'director' },
  { key: 'manager4', name: '杨帆', role: 'sales_manager', team: 'southwest', manager: 'director' },
  { key: 'manager5', name: '郑凯', role: 'sales_manager', team: 'ka', manager: 'director' },
  { key: 'manager6', name: '吴建华', role: 'sales_manager', team: 'mfg', manager: 'director' },
  { key: 'rep', name: '李娜', role: 'sales_rep', team: 'east', manager: 'manager' },
  { key: 'rep2', name: '张伟', role: 'sales_rep', team: 'east-sh', manager: 'manager' },
  { key: 'rep3', name: '徐静', role: 'sales_rep', team: 'east-zj', manager: 'manager' },
  { key: 'rep4', name: '林俊', role: 'sales_rep', team: 'south', manager: 'manager2' },
  { key: 'rep5', name: '梁嘉怡', role: 'sales_rep', team: 'south', manager: 'manager2' },
  { key: 'rep6', name: '马超', role: 'sales_rep', team: 'north', manager: 'manager3' },
  { key: 'rep7', name: '高敏', role: 'sales_rep', team: 'north', manager: 'manager3' },
  { key: 'rep8', name: '唐浩', role: 'sales_rep', team: 'southwest', manager: 'manager4' },
  { key: 'rep9', name: '何晨', role: 'sales_rep', team: 'southwest', manager: 'manager4' },
  { key: 'rep10', name: '罗斌', role: 'sales_rep', team: 'ka', manager: 'manager5' },
  { key: 'rep11', name: '谢思瑶', role: 'sales_rep', team: 'mfg', manager: 'manager6' },
  { key: 'marketing', name: '赵雪', role: 'marketing', team: null, manager: null },
  { key: 'recruiter', name: '孙丽', role: 'recruiter', team: null, manager: null },
  { key: 'service', name: '周婷', role: 'service_agent', team: null, manager: null },
];

const REGION_WEIGHTS = [
  ['华东', 30],
  ['华南', 20],
  ['华北', 20],
  ['华中', 12],
  ['西南', 10],
  ['西北', 4],
  ['东北', 4],
] as const;
const INDUSTRY_WEIGHTS = [
  ['manufacturing', 30],
  ['it', 10],
  ['finance', 6],
  ['retail', 8],
  ['healthcare', 8],
  ['education', 5],
  ['logistics', 10],
  ['energy', 8],
  ['construction', 6],
  ['government', 4],
  ['other', 5],
] as const;
const SOURCE_WEIGHTS = [
  ['referral', 18],
  ['trade_show', 14],
  ['website', 14],
  ['cold_call', 12],
  ['partner', 10],
  ['seminar', 8],
  ['seo', 6],
  ['social', 6],
  ['email', 4],
  ['market_research', 4],
  ['other', 4],
] as const;
const SIZE_BY_LEVEL: Record<string, readonly (readonly [string, number])[]> = {
  A: [
    ['enterprise', 5],
    ['large', 4],
    ['medium', 1],
  ],
  B: [
    ['large', 3],
    ['medium', 5],
    ['small', 2],
  ],
  C: [
    ['medium', 4],
    ['small', 5],
    ['micro', 1],
  ],
  D: [
    ['small', 5],
    ['micro', 5],
  ],
};
const SHORT_PRODUCT: Record<string, string> = {
  'YT-SW-MES': 'MES',
  'YT-SW-WMS': 'WMS',
  'YT-SW-IOT': 'IoT 平台',
  'YT-SW-BI': 'BI 数据分析',
  'YT-SW-OA': '协同办公',
  'YT-SW-DMP': '数据中台',
};

interface DemoUser {
  id: string;
  key: string;
  name: string;
  team: TeamSpec | null;
  managerId: string | null;
}
interface DemoAccount {
  id: string;
  name: string;
  short: string;
  ownerId: string;
  level: string;
  address: string | null;
  createdMs: number;
  kind: string;
  pinyin: string;
  domain: string | null;
}
interface DemoContact {
  id: string;
  name: string;
  accountId: string;
  ownerId: string;
  createdMs: number;
}
interface DemoLead {
  id: string;
  ownerId: string | null;
  createdMs: number;
  status: string;
}
interface DemoOpportunity {
  id: string;
  account: DemoAccount;
  ownerId: string;
  createdMs: number;
  closedMs: number | null;
  isOpen: boolean;
  isWon: boolean;
}

/**
 * Builds the whole demo organisation in memory. Pure and deterministic for a given `now`:
 * every random choice and id comes from the seeded PRNG.
 */
export function buildDemo(now: Date, passwordHash: string): { orgId: string; rows: DemoRows } {
  const nowMs = now.getTime();
  const rng = createRng(20_261_127);
  const idRng = createRng(7);
  const idAt = (ms: number) => seededUuidV7(idRng, ms);
  // Stage history and checklists draw ids from their own stream, so the other rows keep theirs.
  const processIdRng = createRng(11);
  const processIdAt = (ms: number) => seededUuidV7(processIdRng, ms);
  const orgCreatedMs = nowMs - 800 * DAY;
  const orgCreated = iso(orgCreatedMs);
  const orgId = idAt(orgCreatedMs);
  const rows: DemoRows = {
    organizations: [{ id: orgId, name: DEMO_ORG_NAME, currency: 'CNY', createdAt: orgCreated }],
    teams: [],
    users: [],
    products: [],
    pipelines: [],
    pipelineStages: [],
    accounts: [],
    contacts: [],
    leads: [],
    opportunities: [],
    opportunityCollaborators: [],
    opportunityItems: [],
    opportunityStageHistory: [],
    opportunityChecklistItems: [],
    activities: [],
    fieldChanges: [],
    approvalRules: [],
  };

  // Teams and users.
  const teamIds = new Map(TEAMS.map((t) => [t.key, idAt(orgCreatedMs)]));
  const userIds = new Map(USERS.map((u) => [u.key, idAt(orgCreatedMs + HOUR)]));
  for (const t of TEAMS) {
    rows.teams.push({
      id: teamIds.get(t.key)!,
      orgId,
      name: t.name,
      type: t.type,
      parentId: t.parent ? teamIds.get(t.parent)! : null,
      managerId: t.manager ? userIds.get(t.manager)! : null,
      createdAt: orgCreated,
      updatedAt: orgCreated,
    });
  }
  const users = new Map<string, DemoUser>();
  for (const u of USERS) {
    const id = userIds.get(u.key)!;
    const managerId = u.manager ? userIds.get(u.manager)! : null;
    users.set(id, {
      id,
      key: u.key,
      name: u.name,
      team: TEAMS.find((t) => t.key === u.team) ?? null,
      managerId,
    });
    rows.users.push({
      id,
      orgId,
      email: `${u.key}@tuoke.demo`,
      name: u.name,
      passwordHash,
      role: u.role,
      teamId: u.team ? teamIds.get(u.team)! : null,
      managerId,
      locale: 'zh-CN',
      active: 1,
      createdAt: iso(orgCreatedMs + HOUR),
      updatedAt: iso(orgCreatedMs + HOUR),
    });
  }
  const byKey = (key: string) => [...users.values()].find((u) => u.key === key)!;
  const salesUsers = [...users.values()].filter((u) => /^(rep|manager)/.test(u.key));
  const ownerWeights = salesUsers.map((u) => [u, u.key.startsWith('rep') ? 10 : 3] as const);
  const teammates = (u: DemoUser) => salesUsers.filter((o) => o.id !== u.id && o.team?.key === u.team?.key);

  // Products and pipelines.
  const products = PRODUCTS.map((p) => {
    const id = idAt(orgCreatedMs + 2 * HOUR);
    rows.products.push({
      id,
      orgId,
      sku: p.sku,
      name: p.name,
      category: p.category,
      listPrice: p.price * 100,
      unitCost: p.cost * 100,
      currency: 'CNY',
      unit: p.unit,
      active: 1,
      description: p.description,
      createdAt: orgCreated,
      updatedAt: orgCreated,
    });
    return { ...p, id };
  });
  const pipelines: Pipeline[] = [];
  for (const [name, isDefault, spec] of [
    [DEFAULT_PIPELINE_NAME, true, DEFAULT_STAGES],
    ['渠道合作流程', false, CHANNEL_STAGES],
  ] as const) {
    const built = buildPipeline(orgId, name, isDefault, spec, orgCreated, () =>
      idAt(orgCreatedMs + 2 * HOUR),
    );
    rows.pipelines.push(built.pipeline);
    rows.pipelineStages.push(...built.stages);
    pipelines.push({ id: built.pipeline.id, stages: built.stages });
  }

  // Names, places and contact details.
  const usedCompanyNames = new Set<string>();
  const usedCreditCodes = new Set<string>();
  const personName = (): [string, string] => {
    const [s, sp] = rng.pick(SURNAMES);
    const [g1, p1] = rng.pick(GIVEN_CHARS);
    if (rng.chance(0.35)) return [s + g1, `${sp}${p1}`];
    const [g2, p2] = rng.pick(GIVEN_CHARS);
    return [s + g1 + g2, `${sp}${p1}${p2}`];
  };
  const mobile = () =>
    `1${rng.pick(['30', '31', '33', '35', '36', '37', '38', '39', '50', '52', '58', '59', '77', '80', '86', '88', '89'])}-${rng.int(1000, 9999)}-${rng.int(1000, 9999)}`;
  const wechat = (pinyin: string) =>
    rng.chance(0.5)
      ? `${pinyin}${rng.int(10, 9999)}`
      : `wxid_${Math.floor(rng.next() * 36 ** 8).toString(36)}`;
  const cityFor = (region: string, names?: string[]): City => {
    const list = CITIES_BY_REGION[region];
    const pool = names ? list.filter((c) => names.includes(c.name)) : list;
    return rng.pick(pool.length > 0 ? pool : list);
  };
  const address = (c: City) => {
    const prefix = c.province === `${c.name}市` ? '' : c.province;
    const building = rng.chance(0.4) ? `${rng.int(1, 12)}幢${rng.int(2, 22)}0${rng.int(1, 9)}室` : '';
    return `${prefix}${c.name}市${rng.pick(c.districts)}${rng.pick(c.roads)}${rng.int(1, 999)}号${building}`;
  };
  const companyName = (c: City, industry: string) => {
    for (;;) {
      if (industry === 'government') {
        const name = `${c.name}市${rng.pick(GOVERNMENT_BODIES)}`;
        if (!usedCompanyNames.has(name)) {
          usedCompanyNames.add(name);
          return { name, short: name, pinyin: null as string | null };
        }
        industry = 'other';
        continue;
      }
      const [trade, pinyin] = rng.pick(TRADE_NAMES);
      const business = rng.pick(BUSINESS_BY_INDUSTRY[industry]);
      const name = `${c.name}${trade}${business}有限公司`;
      if (usedCompanyNames.has(name)) continue;
      usedCompanyNames.add(name);
      return { name, short: `${trade}${business}`, pinyin };
    }
  };
  const workTime = (fromMs: number, toMs: number) => {
    const span = Math.max(0, toMs - fromMs);
    const day = cstDayStart(fromMs + rng.next() * span);
    let t = day + 9 * HOUR + rng.next() * 9 * HOUR;
    const weekday = new Date(day + CST).getUTCDay();
    if ((weekday === 0 || weekday === 6) && rng.chance(0.8)) t += (weekday === 6 ? 2 : 1) * DAY;
    // Outside the window (today's working hours not reached yet, say): any moment inside it.
    return t >= fromMs && t <= toMs ? t : fromMs + rng.next() * span;
  };

  // Accounts.
  const accounts: DemoAccount[] = [];
  // Locations draw from their own stream, so every other row keeps its values: a few kilometres
  // around the city centre; about one in twelve without a location (not yet entered).
  const geoRng = createRng(20_261_128);
  const locate = (c: City) =>
    geoRng.chance(0.08)
      ? { latitude: null, longitude: null }
      : {
          latitude: Math.round((c.latitude + (geoRng.next() - 0.5) * 0.12) * 1e6) / 1e6,
          longitude: Math.round((c.longitude + (geoRng.next() - 0.5) * 0.14) * 1e6) / 1e6,
        };
  for (let i = 0; i < 200; i++) {
    const owner = rng.weighted(ownerWeights);
    const region = owner.team?.region ?? rng.weighted(REGION_WEIGHTS);
    const c = cityFor(region, owner.team?.cities);
    const isManagerOwned = owner.key.startsWith('manager');
    const level = rng.weighted(
      isManagerOwned
        ? [
            ['A', 4],
            ['B', 4],
            ['C', 2],
            ['D', 1],
          ]
        : [
            ['A', 1],
            ['B', 2.5],
            ['C', 4],
            ['D', 2.5],
          ],
    );
    const createdMs = workTime(nowMs - 720 * DAY, nowMs - 20 * DAY);
    const id = idAt(createdMs);
    const isIndividual = rng.chance(0.04);
    const industry = isIndividual ? null : rng.weighted(INDUSTRY_WEIGHTS);
    let name: string;
    let short: string;
    let creditCode: string | null = null;
    let website: string | null = null;
    let pinyin = '';
    if (isIndividual) {
      [name, pinyin] = personName();
      short = name;
    } else {
      const company = companyName(c, industry!);
      name = company.name;
      short = company.short;
      if (company.pinyin && rng.chance(0.6)) {
        do {
          const digits = String(rng.int(10_000_000, 99_999_999));
          creditCode = makeCreditCode(c.division, digits);
        } while (usedCreditCodes.has(creditCode));
        usedCreditCodes.add(creditCode);
      }
      if (company.pinyin && rng.chance(0.5))
        website = `https://www.${company.pinyin}${rng.int(1, 99)}.com.cn`;
    }
    const addr = address(c);
    accounts.push({
      id,
      name,
      short,
      ownerId: owner.id,
      level,
      address: addr,
      createdMs,
      kind: isIndividual ? 'individual' : 'company',
      pinyin,
      domain: website ? website.replace('https://www.', '') : null,
    });
    rows.accounts.push({
      id,
      orgId,
      name,
      kind: isIndividual ? 'individual' : 'company',
      industry,
      size: isIndividual ? null : rng.weighted(SIZE_BY_LEVEL[level]),
      region,
      level,
      source: rng.weighted(SOURCE_WEIGHTS),
      address: addr,
      creditCode,
      phone: isIndividual ? mobile() : `${c.areaCode}-${rng.int(5000_0000, 8999_9999)}`,
      website,
      notes: rng.chance(0.2) ? rng.pick(NOTES) : null,
      ownerId: owner.id,
      ...locate(c),
      createdAt: iso(createdMs),
      updatedAt: iso(workTime(createdMs, nowMs)),
    });
  }

  // Contacts: more people at the bigger accounts; the first one is usually the decision maker.
  const contacts: DemoContact[] = [];
  const contactsByAccount = new Map<string, DemoContact[]>();
  const countByLevel: Record<string, [number, number]> = { A: [5, 7], B: [3, 5], C: [2, 4], D: [1, 2] };
  for (const a of accounts) {
    const count = a.kind === 'individual' ? 1 : rng.int(...countByLevel[a.level]);
    const list: DemoContact[] = [];
    for (let j = 0; j < count; j++) {
      const [name, pinyin] = a.kind === 'individual' && j === 0 ? [a.name, a.pinyin] : personName();
      const [title, role] = j === 0 ? rng.pick(CONTACT_TITLES.slice(0, 3)) : rng.pick(CONTACT_TITLES);
      const owner = rng.chance(0.9)
        ? users.get(a.ownerId)!
        : rng.pick([users.get(a.ownerId)!, ...teammates(users.get(a.ownerId)!)]);
      const createdMs = workTime(a.createdMs, Math.min(nowMs, a.createdMs + 90 * DAY));
      const id = idAt(createdMs);
      const domain = a.domain ?? rng.pick(['163.com', 'qq.com', '126.com']);
      const contact = { id, name, accountId: a.id, ownerId: owner.id, createdMs };
      list.push(contact);
      contacts.push(contact);
      rows.contacts.push({
        id,
        orgId,
        accountId: a.id,
        name,
        title: a.kind === 'individual' ? null : title,
        phone: mobile(),
        email: rng.chance(0.7) ? `${pinyin}@${domain}` : null,
        wechat: rng.chance(0.4) ? wechat(pinyin) : null,
        birthday: rng.chance(0.2)
          ? `${rng.int(1965, 1996)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`
          : null,
        decisionRole: rng.chance(0.9) ? role : null,
        notes: rng.chance(0.1) ? rng.pick(NOTES) : null,
        ownerId: owner.id,
        createdAt: iso(createdMs),
        updatedAt: iso(workTime(createdMs, nowMs)),
      });
    }
    contactsByAccount.set(a.id, list);
  }

  // Leads: about 30 in the shared pool (公海, no owner), the rest with a sales owner.
  const leads: DemoLead[] = [];
  for (let i = 0; i < 150; i++) {
    const inPool = i < 30;
    const owner = inPool ? null : rng.weighted(ownerWeights);
    const region = owner?.team?.region ?? rng.weighted(REGION_WEIGHTS);
    const c = cityFor(region, owner?.team?.cities);
    const industry = rng.weighted(INDUSTRY_WEIGHTS.filter(([ind]) => ind !== 'government'));
    const [name, pinyin] = personName();
    const company = companyName(c, industry);
    const status = inPool
      ? rng.weighted([
          ['new', 3],
          ['contacted', 1],
        ])
      : rng.weighted([
          ['new', 25],
          ['contacted', 30],
          ['qualified', 20],
          ['disqualified', 10],
          ['converted', 15],
        ]);
    const createdMs = workTime(nowMs - 180 * DAY, nowMs - HOUR);
    const id = idAt(createdMs);
    leads.push({ id, ownerId: owner?.id ?? null, createdMs, status });
    rows.leads.push({
      id,
      orgId,
      name,
      company: company.name,
      title: rng.pick(CONTACT_TITLES)[0],
      phone: mobile(),
      email: rng.chance(0.6) && company.pinyin ? `${pinyin}@${company.pinyin}.com` : null,
      wechat: rng.chance(0.3) ? wechat(pinyin) : null,
      source: rng.weighted(SOURCE_WEIGHTS),
      status,
      region,
      industry,
      notes: rng.chance(0.6) ? rng.pick(LEAD_NOTES) : null,
      ownerId: owner?.id ?? null,
      createdAt: iso(createdMs),
      updatedAt: iso(workTime(createdMs, nowMs)),
    });
  }

  // Opportunities with line items, collaborators and their stage history.
  const opportunities: DemoOpportunity[] = [];
  const accountWeights = accounts.map(
    (a) => [a, a.kind === 'individual' ? 0.3 : { A: 6, B: 3, C: 1.5, D: 0.6 }[a.level]!] as const,
  );
  const productCandidates = products.filter((p) => p.category !== '培训');
  const training = products.filter((p) => p.category === '培训');
  for (let i = 0; i < 500; i++) {
    const account = rng.weighted(accountWeights);
    const accountOwner = users.get(account.ownerId)!;
    const owner = rng.chance(0.9) ? accountOwner : rng.pick([accountOwner, ...teammates(accountOwner)]);
    const pipeline = rng.chance(0.85) ? pipelines[0] : pipelines[1];
    const open = pipeline.stages.filter((s) => s.kind === 'open');
    const outcome = rng.weighted([
      ['open', 55],
      ['won', 28],
      ['lost', 17],
    ]);
    let stage: Stage;
    let createdMs: number;
    let closedMs: number | null = null;
    let expectedMs: number;
    if (outcome === 'open') {
      stage = rng.weighted(open.map((s, k) => [s, [15, 14, 13, 10][k] ?? 10] as const));
      createdMs = workTime(Math.max(account.createdMs, nowMs - 200 * DAY), nowMs - 2 * DAY);
      expectedMs = nowMs + rng.int(-45, 180) * DAY;
    } else {
      stage = pipeline.stages.find((s) => s.kind === outcome)!;
      closedMs = workTime(nowMs - 270 * DAY, nowMs - HOUR);
      createdMs = Math.max(closedMs - rng.int(20, 180) * DAY, account.createdMs + HOUR);
      if (createdMs >= closedMs - DAY) closedMs = Math.min(nowMs - HOUR, createdMs + rng.int(7, 40) * DAY);
      expectedMs = closedMs + rng.int(-15, outcome === 'lost' ? 45 : 10) * DAY;
    }
    const id = idAt(createdMs);

    const targetYuan = Math.round(50_000 * 60 ** (rng.next() ** 1.6));
    const hasItems = outcome !== 'open' || stage.position >= 2 || rng.chance(0.6);
    let amount: number;
    let mainSku: string | null = null;
    if (hasItems) {
      const affordable = productCandidates.filter((p) => p.price <= targetYuan * 0.8);
      const count = rng.weighted([
        [1, 2],
        [2, 3.5],
        [3, 3],
        [4, 1.5],
      ]);
      const picked = rng.sample(affordable, count);
      if (rng.chance(0.3)) picked.push(rng.pick(training));
      picked.sort((a, b) => b.price - a.price);
      mainSku = picked[0].sku;
      let remaining = targetYuan;
      amount = 0;
      const items: Insertable<Database['opportunityItems']>[] = [];
      picked.forEach((p, position) => {
        const share = position === picked.length - 1 ? remaining : remaining * (0.5 + rng.next() * 0.2);
        const discountBp =
          p.category === '软件许可'
            ? rng.pick([0, 500, 1000, 1500, 2000])
            : p.category === '硬件设备'
              ? rng.pick([0, 200, 500, 800])
              : rng.pick([0, 0, 500, 1000]);
        const unitPrice = p.price * 100;
        const net = p.price * (1 - discountBp / 10_000);
        const quantity =
          p.qty[1] === 1 ? 1 : Math.min(Math.max(Math.round(share / net), p.qty[0]), p.qty[1] * 3);
        const lineAmount = Math.round((quantity * unitPrice * (10_000 - discountBp)) / 10_000);
        remaining = Math.max(0, remaining - lineAmount / 100);
        amount += lineAmount;
        items.push({
          id: idAt(createdMs),
          orgId,
          opportunityId: id,
          productId: p.id,
          position,
          quantity,
          unitPrice,
          discountBp,
          amount: lineAmount,
        });
      });
      // Deals start at 5万: top small ones up with implementation days.
      const minimum = 5_000_000;
      const filler = products.find(
        (p) => p.category === '实施服务' && p.unit === '人天' && !picked.includes(p),
      );
      if (amount < minimum && filler) {
        const unitPrice = filler.price * 100;
        const quantity = Math.ceil((minimum - amount) / unitPrice);
        items.push({
          id: idAt(createdMs),
          orgId,
          opportunityId: id,
          productId: filler.id,
          position: items.length,
          quantity,
          unitPrice,
          discountBp: 0,
          amount: quantity * unitPrice,
        });
        amount += quantity * unitPrice;
      }
      rows.opportunityItems.push(...items);
    } else {
      amount = Math.max(5, Math.round(targetYuan / 10_000)) * 10_000 * 100;
    }

    // Stage history: the path from the first stage to the current one.
    const path: Stage[] =
      outcome === 'open'
        ? open.slice(0, stage.position + 1)
        : [...open.slice(0, rng.int(outcome === 'won' ? open.length - 1 : 0, open.length - 1) + 1), stage];
    const endMs =
      closedMs ?? Math.max(createdMs + HOUR, workTime(Math.max(createdMs, nowMs - 30 * DAY), nowMs - HOUR));
    let lastChangeMs = createdMs;
    const enteredMs = [createdMs];
    for (let k = 1; k < path.length; k++) {
      const at = createdMs + ((endMs - createdMs) * k) / (path.length - (closedMs ? 1 : 0.5));
      lastChangeMs = Math.min(Math.max(at, lastChangeMs + 60_000), closedMs ?? nowMs - 60_000);
      enteredMs.push(lastChangeMs);
      rows.fieldChanges.push({
        id: idAt(lastChangeMs),
        orgId,
        entityType: 'opportunity',
        entityId: id,
        field: 'stage',
        oldValue: path[k - 1].name,
        newValue: path[k].name,
        userId: owner.id,
        changedAt: iso(lastChangeMs),
      });
    }
    // One history row per stage on the path, at the times of the stage changes above.
    path.forEach((s, k) => {
      rows.opportunityStageHistory.push({
        id: processIdAt(enteredMs[k]!),
        orgId,
        opportunityId: id,
        pipelineId: pipeline.id,
        stageId: s.id,
        enteredAt: iso(enteredMs[k]!),
        leftAt: k + 1 < path.length ? iso(enteredMs[k + 1]!) : null,
        userId: owner.id,
      });
      // A deal that got past a stage had its checklist done by then; one still in it, part of it.
      const checklist = JSON.parse(s.checklist ?? '[]') as { id: string }[];
      const done = k + 1 < path.length ? checklist.length : i % (checklist.length + 1);
      checklist.slice(0, done).forEach((item, n) => {
        const span = Math.max(0, (enteredMs[k + 1] ?? endMs) - enteredMs[k]!);
        const tickedMs = enteredMs[k]! + (span * (n + 1)) / (checklist.length + 1);
        rows.opportunityChecklistItems.push({
          orgId,
          opportunityId: id,
          stageId: s.id,
          itemId: item.id,
          checked: 1,
          note: null,
          checkedBy: owner.id,
          checkedAt: iso(Math.round(tickedMs)),
        });
      });
    });
    if (rng.chance(0.3)) {
      const at = createdMs + (lastChangeMs - createdMs) * rng.next();
      const previous =
        Math.max(1, Math.round((amount / 100 / 10_000) * (0.7 + rng.next() * 0.6))) * 10_000 * 100;
      if (previous !== amount) {
        rows.fieldChanges.push({
          id: idAt(at),
          orgId,
          entityType: 'opportunity',
          entityId: id,
          field: 'amount',
          oldValue: String(previous),
          newValue: String(amount),
          userId: owner.id,
          changedAt: iso(at),
        });
      }
    }
    const updatedMs = closedMs ?? Math.max(lastChangeMs, endMs);
    const suffix = rng.weighted([
      ['项目', 6],
      ['二期', 1.5],
      ['扩容', 1],
      ['升级', 1],
      ['采购', 1],
    ]);
    const label = mainSku
      ? (SHORT_PRODUCT[mainSku] ?? (mainSku.includes('-HW-') ? '硬件' : '服务'))
      : '数字化';
    rows.opportunities.push({
      id,
      orgId,
      name: `${account.short} ${label}${/[A-Za-z]$/.test(label) ? ' ' : ''}${suffix}`,
      accountId: account.id,
      pipelineId: pipeline.id,
      stageId: stage.id,
      status: stage.kind,
      amount,
      currency: 'CNY',
      expectedCloseDate: cstDate(expectedMs),
      nextStep: outcome === 'open' && rng.chance(0.7) ? rng.pick(NEXT_STEPS) : null,
      lostReason: outcome === 'lost' ? rng.pick(LOST_REASONS) : null,
      closedAt: closedMs === null ? null : iso(closedMs),
      ownerId: owner.id,
      createdAt: iso(createdMs),
      updatedAt: iso(updatedMs),
    });
    opportunities.push({
      id,
      account,
      ownerId: owner.id,
      createdMs,
      closedMs,
      isOpen: outcome === 'open',
      isWon: outcome === 'won',
    });

    if (rng.chance(0.2)) {
      const presales = [byKey('manager6'), byKey('rep11')];
      const candidates = [
        ...(owner.managerId ? [users.get(owner.managerId)!] : []),
        ...presales,
        ...teammates(owner),
      ].filter((u) => u.id !== owner.id);
      for (const u of rng.sample([...new Set(candidates)], rng.int(1, 2))) {
        rows.opportunityCollaborators.push({ opportunityId: id, userId: u.id, orgId });
      }
    }
  }

  // A year of activities, owned by the owner of the record they are about.
  type Related = {
    type: string;
    id: string;
    accountId: string | null;
    ownerId: string;
    fromMs: number;
    toMs: number;
    who: string;
    place: string | null;
  };
  const addActivity = (r: Related, type: string, opts: { future?: boolean } = {}) => {
    const from = Math.max(r.fromMs, nowMs - 365 * DAY);
    const to = Math.max(from, r.toMs);
    let at: number;
    let dueAt: number | null = null;
    let doneAt: number | null;
    let createdMs: number;
    if (opts.future) {
      at = workTime(nowMs + DAY, nowMs + 14 * DAY);
      dueAt = at;
      doneAt = null;
      createdMs = Math.max(r.fromMs, nowMs - rng.int(1, 7) * DAY);
    } else {
      at = workTime(from, to);
      doneAt = at;
      createdMs = at;
      if (type === 'visit' || type === 'meeting') {
        dueAt = at;
        doneAt = Math.min(nowMs - 60_000, at + rng.int(1, 3) * HOUR);
      } else if (type === 'task') {
        dueAt = at;
        createdMs = Math.max(r.fromMs, at - rng.int(1, 5) * DAY);
        doneAt = Math.min(nowMs - 60_000, at + rng.int(-1, 2) * DAY);
        if (doneAt < createdMs) doneAt = createdMs;
      }
    }
    const topic = rng.pick(CALL_TOPICS);
    const subject =
      type === 'call'
        ? `电话沟通：${topic}`
        : type === 'visit'
          ? `拜访${r.who}：${rng.pick(MEETING_TOPICS)}`
          : type === 'meeting'
            ? `${r.who} ${rng.pick(MEETING_TOPICS)}`
            : type === 'email'
              ? rng.pick(EMAIL_SUBJECTS)
              : type === 'task'
                ? rng.pick(TASK_SUBJECTS)
                : '跟进备注';
    const location =
      type === 'visit'
        ? r.place
        : type === 'meeting'
          ? rng.weighted([
              [r.place, 2],
              ['腾讯会议', 2],
              ['公司 3 楼会议室', 1],
            ] as const)
          : null;
    rows.activities.push({
      id: idAt(createdMs),
      orgId,
      type,
      subject,
      body: type === 'note' || rng.chance(0.3) ? rng.pick(NOTES) : null,
      dueAt: dueAt === null ? null : iso(dueAt),
      doneAt: doneAt === null ? null : iso(doneAt),
      nextStep: ['call', 'visit', 'meeting'].includes(type) && rng.chance(0.3) ? rng.pick(NEXT_STEPS) : null,
      location,
      relatedType: r.type,
      relatedId: r.id,
      accountId: r.accountId,
      ownerId: r.ownerId,
      createdAt: iso(createdMs),
      updatedAt: iso(doneAt ?? createdMs),
    });
  };
  const typeMix = (weights: [string, number][]) => () => rng.weighted(weights);
  const oppType = typeMix([
    ['call', 30],
    ['visit', 15],
    ['meeting', 15],
    ['email', 20],
    ['task', 12],
    ['note', 8],
  ]);
  const accountType = typeMix([
    ['call', 25],
    ['visit', 20],
    ['meeting', 10],
    ['email', 15],
    ['task', 15],
    ['note', 15],
  ]);
  const contactType = typeMix([
    ['call', 40],
    ['email', 25],
    ['visit', 10],
    ['meeting', 5],
    ['task', 10],
    ['note', 10],
  ]);
  const leadType = typeMix([
    ['call', 50],
    ['email', 25],
    ['task', 15],
    ['note', 10],
  ]);

  for (const o of opportunities) {
    const r: Related = {
      type: 'opportunity',
      id: o.id,
      accountId: o.account.id,
      ownerId: o.ownerId,
      fromMs: o.createdMs,
      toMs: o.closedMs ? Math.min(nowMs - HOUR, o.closedMs + 7 * DAY) : nowMs - HOUR,
      who: o.account.short,
      place: o.account.address,
    };
    const n = o.isOpen ? rng.int(1, 5) : rng.int(1, 4);
    for (let k = 0; k < n; k++) addActivity(r, oppType());
    if (o.isOpen && rng.chance(0.3)) addActivity(r, rng.pick(['visit', 'meeting']), { future: true });
  }
  for (const a of accounts) {
    const r: Related = {
      type: 'account',
      id: a.id,
      accountId: a.id,
      ownerId: a.ownerId,
      fromMs: a.createdMs,
      toMs: nowMs - HOUR,
      who: a.short,
      place: a.address,
    };
    const n = { A: rng.int(4, 8), B: rng.int(2, 5), C: rng.int(1, 3), D: rng.int(0, 2) }[a.level]!;
    for (let k = 0; k < n; k++) addActivity(r, accountType());
  }
  for (const c of contacts) {
    const account = accounts.find((a) => a.id === c.accountId)!;
    const r: Related = {
      type: 'contact',
      id: c.id,
      accountId: c.accountId,
      ownerId: c.ownerId,
      fromMs: c.createdMs,
      toMs: nowMs - HOUR,
      who: c.name,
      place: account.address,
    };
    const n = rng.weighted([
      [0, 3],
      [1, 4],
      [2, 2],
      [3, 1],
    ]);
    for (let k = 0; k < n; k++) addActivity(r, contactType());
  }
  for (const l of leads) {
    const owner = l.ownerId ?? byKey('marketing').id;
    const r: Related = {
      type: 'lead',
      id: l.id,
      accountId: null,
      ownerId: owner,
      fromMs: l.createdMs,
      toMs: nowMs - HOUR,
      who: '',
      place: null,
    };
    const n = l.status === 'new' ? rng.int(0, 1) : rng.int(1, 3);
    for (let k = 0; k < n; k++) addActivity(r, l.ownerId ? leadType() : rng.pick(['note', 'email']));
  }
  // After-sales follow-up by the service desk on won deals.
  const service = byKey('service');
  for (const o of opportunities.filter((x) => x.isWon).slice(0, 60)) {
    addActivity(
      {
        type: 'account',
        id: o.account.id,
        accountId: o.account.id,
        ownerId: service.id,
        fromMs: o.closedMs!,
        toMs: nowMs - HOUR,
        who: o.account.short,
        place: o.account.address,
      },
      'call',
    );
  }

  // Open tasks for every salesperson so the home page has something to show:
  // overdue, due today (China time) and upcoming.
  const todayStart = cstDayStart(nowMs);
  for (const u of salesUsers) {
    const own = opportunities.filter((o) => o.ownerId === u.id && o.isOpen);
    const dues = [
      todayStart - rng.int(1, 3) * DAY + 10 * HOUR,
      todayStart - rng.int(4, 10) * DAY + 15 * HOUR,
      todayStart + 10 * HOUR,
      todayStart + 16 * HOUR,
      todayStart + rng.int(1, 3) * DAY + 11 * HOUR,
      todayStart + rng.int(4, 7) * DAY + 14 * HOUR,
      todayStart + rng.int(8, 14) * DAY + 10 * HOUR,
    ];
    for (const due of dues) {
      const o = own.length > 0 ? rng.pick(own) : null;
      const a = o?.account ?? accounts.find((x) => x.ownerId === u.id) ?? accounts[0];
      const createdMs = Math.max(o?.createdMs ?? a.createdMs, Math.min(due, nowMs) - rng.int(1, 7) * DAY);
      rows.activities.push({
        id: idAt(createdMs),
        orgId,
        type: 'task',
        subject: rng.pick(TASK_SUBJECTS),
        body: null,
        dueAt: iso(due),
        doneAt: null,
        nextStep: null,
        location: null,
        relatedType: o ? 'opportunity' : 'account',
        relatedId: o?.id ?? a.id,
        accountId: a.id,
        ownerId: u.id,
        createdAt: iso(createdMs),
        updatedAt: iso(createdMs),
      });
    }
  }

  // Quote approval: discount over 10% → the direct manager; over 30% → the manager, then the director.
  const ruleIdRng = createRng(13);
  const director = userIds.get('director')!;
  const rule = (
    priority: number,
    name: string,
    aboveBp: number | null,
    steps: object[],
    businessType = 'quote',
    amountAtLeast?: number,
  ) => ({
    id: seededUuidV7(ruleIdRng, orgCreatedMs + DAY),
    orgId,
    businessType,
    name,
    priority,
    conditions: JSON.stringify(aboveBp !== null ? { discountAboveBp: aboveBp } : { amountAtLeast }),
    steps: JSON.stringify(steps),
    autoApproveBelow: null,
    ccUserIds: '[]',
    fallbackUserId: director,
    timeLimitHours: 24,
    active: 1,
    createdAt: iso(orgCreatedMs + DAY),
    updatedAt: iso(orgCreatedMs + DAY),
  });
  rows.approvalRules.push(
    rule(10, '报价折扣超过 30%', 3000, [
      { approver: { type: 'manager' } },
      { approver: { type: 'role', role: 'sales_director' } },
    ]),
    rule(20, '报价折扣超过 10%', 1000, [{ approver: { type: 'manager' } }]),
    // Large contracts: the manager, then the director; large payments: confirmed by the administrator (财务).
    rule(
      10,
      '合同金额 ≥ 200 万',
      null,
      [{ approver: { type: 'managers', levels: 2 } }],
      'contract',
      200_000_000,
    ),
    rule(
      10,
      '单笔回款 ≥ 100 万',
      null,
      [{ approver: { type: 'role', role: 'admin' } }],
      'payment',
      100_000_000,
    ),
  );
  return { orgId, rows };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
