import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Database } from '../db/schema.js';
import { localDate } from '../lib/dates.js';
import type { DemoRows } from './demo-build.js';
import { createRng, seededUuidV7 } from './random.js';

export interface DemoNeedsRows {
  questionnaires: Insertable<Database['questionnaires']>[];
  questionnaireInvitations: Insertable<Database['questionnaireInvitations']>[];
  questionnaireResponses: Insertable<Database['questionnaireResponses']>[];
  needsRecords: Insertable<Database['needsRecords']>[];
  proposals: Insertable<Database['proposals']>[];
  proposalSections: Insertable<Database['proposalSections']>[];
  proposalItems: Insertable<Database['proposalItems']>[];
  numberCounters: Insertable<Database['numberCounters']>[];
}

const DAY = 86_400_000;
const WAN = 1_000_000; // 1 万元 in fen

/** Pain points Chinese B2B customers name, with the products that answer them. */
const PAINS = [
  {
    key: 'stock',
    description: '库存周转慢，呆滞料占用大量资金',
    severity: 5,
    category: 'cash_flow',
    skus: [
      ['YT-SW-WMS', 1],
      ['YT-HW-SCAN', 12],
      ['YT-SV-IMPL', 40],
    ],
    solution: '上线 WMS 仓储管理系统，条码化出入库，实时库存与呆滞料预警，按库龄自动提示处理。',
  },
  {
    key: 'opaque',
    description: '销售过程不透明，管理层看不到真实的商机漏斗',
    severity: 4,
    category: 'visibility',
    skus: [
      ['YT-SW-BI', 1],
      ['YT-SW-MOB', 1],
      ['YT-TR-USER', 2],
    ],
    solution: 'BI 数据分析平台对接现有业务数据，提供销售漏斗、回款与库存看板，移动端随时查看。',
  },
  {
    key: 'cash',
    description: '回款周期长，应收账款平均超过 120 天',
    severity: 5,
    category: 'cash_flow',
    skus: [
      ['YT-SW-BI', 1],
      ['YT-SV-DEV', 10],
    ],
    solution: '应收账款账龄看板与逾期自动提醒，按客户信用等级控制发货，缩短回款周期。',
  },
  {
    key: 'schedule',
    description: '生产排产靠老师傅经验，插单频繁导致交期延误',
    severity: 4,
    category: 'efficiency',
    skus: [
      ['YT-SW-MES', 1],
      ['YT-HW-PAD', 6],
      ['YT-SV-IMPL', 60],
    ],
    solution: 'MES 制造执行系统按产能与物料齐套自动排产，插单影响可模拟，车间平板实时报工。',
  },
  {
    key: 'silos',
    description: '各系统数据不通，月底对账需要三个人加班一周',
    severity: 3,
    category: 'it_systems',
    skus: [
      ['YT-SV-MIGR', 1],
      ['YT-SV-DEV', 15],
    ],
    solution: '数据迁移与接口开发打通 ERP、财务和仓储系统，对账自动完成，差异清单一键导出。',
  },
  {
    key: 'downtime',
    description: '设备故障停机无法提前预警，每月非计划停机超过 20 小时',
    severity: 4,
    category: 'quality',
    skus: [
      ['YT-SW-IOT', 1],
      ['YT-HW-G200', 8],
      ['YT-HW-E500', 1],
    ],
    solution: 'IoT 设备接入平台采集设备运行参数，边缘服务器本地分析，异常趋势提前预警。',
  },
  {
    key: 'paper',
    description: '纸质单据多，仓库出入库差错率高',
    severity: 3,
    category: 'quality',
    skus: [
      ['YT-HW-RF10', 4],
      ['YT-HW-SCAN', 8],
    ],
    solution: 'RFID 与扫码枪替代手工单据，出入库自动校验，差错率降到千分之一以下。',
  },
  {
    key: 'churn',
    description: '客户资料在销售个人手里，人员离职会带走客户',
    severity: 4,
    category: 'growth',
    skus: [
      ['YT-SW-OA', 1],
      ['YT-TR-USER', 1],
    ],
    solution: '客户与跟进记录统一沉淀在协同平台，按权限共享，离职交接一键完成。',
  },
] as const;

const SITUATIONS = [
  '两个生产基地、三个成品仓，目前使用金蝶 K/3 做财务，仓库用 Excel 台账，月末盘点需停工两天。',
  '年营收约 3 亿元，销售团队 40 人分布在华东五省，客户和商机记录散落在个人微信和表格里。',
  '现有 ERP 已使用八年，生产计划由计划员手工排，车间报工靠纸质流转卡，数据滞后一到两天。',
  '去年新建智能车间，设备 120 台，仅部分设备联网，维修以事后抢修为主。',
];
const GOALS = [
  '一年内库存周转天数从 90 天降到 60 天，呆滞料减少 30%。',
  '管理层每周一能看到准确的销售漏斗和回款预测，预测偏差控制在 10% 以内。',
  '订单准时交付率从 82% 提升到 95%，插单响应时间缩短到 4 小时内。',
  '非计划停机时间减少一半，关键设备 OEE 提升 8 个百分点。',
];
const COMPETITORS = ['金蝶', '用友', '鼎捷', 'SAP', '浪潮', '销售易'];

/** The demo's questionnaire: the needs survey sales send before a first solution workshop. */
const QUESTIONS = [
  {
    id: 'industry',
    type: 'single',
    text: '贵司所属行业',
    required: true,
    options: [
      { id: 'mfg', label: '制造业' },
      { id: 'retail', label: '零售 / 分销' },
      { id: 'logistics', label: '物流 / 仓储' },
      { id: 'other', label: '其他' },
    ],
  },
  {
    id: 'pains',
    type: 'multiple',
    text: '目前最困扰您的问题（可多选）',
    required: true,
    mapsTo: 'pain_point',
    painCategory: 'efficiency',
    options: [
      { id: 'stock', label: '库存周转慢，资金占用大' },
      { id: 'opaque', label: '销售过程不透明' },
      { id: 'cash', label: '回款周期长' },
      { id: 'schedule', label: '生产排产效率低' },
      { id: 'silos', label: '系统之间数据不通' },
    ],
  },
  {
    id: 'satisfaction',
    type: 'scale',
    text: '您对目前信息化水平的满意度',
    required: true,
    scaleMax: 5,
    minLabel: '很不满意',
    maxLabel: '非常满意',
  },
  {
    id: 'urgency',
    type: 'scale',
    text: '库存积压对经营的影响程度',
    required: false,
    scaleMax: 10,
    minLabel: '几乎没有',
    maxLabel: '非常严重',
    mapsTo: 'pain_point',
    painCategory: 'cash_flow',
  },
  {
    id: 'budget',
    type: 'single',
    text: '本次数字化项目的预算范围',
    required: false,
    mapsTo: 'budget',
    options: [
      { id: 'b20', label: '20 万元以下', budgetMin: 0, budgetMax: 20 * WAN },
      { id: 'b50', label: '20–50 万元', budgetMin: 20 * WAN, budgetMax: 50 * WAN },
      { id: 'b100', label: '50–100 万元', budgetMin: 50 * WAN, budgetMax: 100 * WAN },
      { id: 'b100p', label: '100 万元以上', budgetMin: 100 * WAN, budgetMax: null },
    ],
  },
  {
    id: 'when',
    type: 'single',
    text: '计划什么时候上线',
    required: true,
    mapsTo: 'timeline',
    options: [
      { id: 'q1', label: '3 个月内' },
      { id: 'h1', label: '半年内' },
      { id: 'y1', label: '一年内' },
      { id: 'none', label: '暂无明确计划' },
    ],
  },
  { id: 'rivals', type: 'text', text: '正在了解的其他厂商', required: false, mapsTo: 'competitors' },
  {
    id: 'now',
    type: 'textarea',
    text: '请简要介绍目前的管理方式和使用的系统',
    required: false,
    mapsTo: 'situation',
  },
  { id: 'goal', type: 'textarea', text: '希望通过数字化达到什么目标', required: false, mapsTo: 'goals' },
];

/** A follow-up survey in English, still a draft: shows the builder in the other language. */
const EN_QUESTIONS = [
  {
    id: 'overall',
    type: 'scale',
    text: 'How satisfied are you with the pilot so far?',
    required: true,
    scaleMax: 10,
    minLabel: 'Not at all',
    maxLabel: 'Completely',
  },
  {
    id: 'next',
    type: 'multiple',
    text: 'Which areas should the next phase cover?',
    required: false,
    mapsTo: 'pain_point',
    options: [
      { id: 'wh', label: 'Warehouse' },
      { id: 'prod', label: 'Production' },
      { id: 'sales', label: 'Sales reporting' },
    ],
  },
  {
    id: 'comments',
    type: 'textarea',
    text: 'Anything else we should know?',
    required: false,
    mapsTo: 'notes',
  },
];

/**
 * Needs records on several demo accounts (most on the demo rep's, so rep@tuoke.demo sees them),
 * a published 客户需求调研问卷 with links and answer sets, an English draft questionnaire, and two
 * solution proposals (one sent, one draft). Deterministic apart from `now`.
 */
export function buildDemoNeeds(rows: DemoRows, now: Date): DemoNeedsRows {
  const rng = createRng(20_261_128_5);
  const idRng = createRng(17);
  const nowMs = now.getTime();
  const orgId = String(rows.organizations[0]!.id);
  const out: DemoNeedsRows = {
    questionnaires: [],
    questionnaireInvitations: [],
    questionnaireResponses: [],
    needsRecords: [],
    proposals: [],
    proposalSections: [],
    proposalItems: [],
    numberCounters: [],
  };
  const userId = (email: string) => String(rows.users.find((u) => u.email === email)!.id);
  const marketing = userId('marketing@tuoke.demo');
  const rep = userId('rep@tuoke.demo');
  const products = new Map(rows.products.map((p) => [p.sku, p]));
  const contactsOf = (accountId: string) => rows.contacts.filter((c) => c.accountId === accountId);

  // Company accounts with a sales owner and at least two contacts: four of the demo rep's, four others.
  const eligible = rows.accounts.filter(
    (a) => a.kind === 'company' && a.ownerId && contactsOf(String(a.id)).length >= 2,
  );
  // a deal in 需求确认 is where needs are recorded (and tick its checklist); else any open one
  const confirming = new Set(rows.pipelineStages.filter((s) => s.name === '需求确认').map((s) => s.id));
  const openDeal = (accountId: string) => {
    const open = rows.opportunities.filter((o) => o.accountId === accountId && o.status === 'open');
    return open.find((o) => confirming.has(o.stageId)) ?? open[0];
  };
  const byDeal = (a: (typeof eligible)[number]) => {
    const deal = openDeal(String(a.id));
    return deal ? (confirming.has(deal.stageId) ? 0 : 1) : 2;
  };
  const mine = eligible.filter((a) => a.ownerId === rep).sort((a, b) => byDeal(a) - byDeal(b));
  const others = eligible.filter((a) => a.ownerId !== rep).sort((a, b) => byDeal(a) - byDeal(b));
  const picked = [...mine.slice(0, 4), ...others.slice(0, 4)];

  // The questionnaire, published 40 days ago by marketing.
  const qCreated = nowMs - 45 * DAY;
  const questionnaireId = seededUuidV7(idRng, qCreated);
  out.questionnaires.push({
    id: questionnaireId,
    orgId,
    title: '客户需求调研问卷',
    intro: '感谢您抽出 5 分钟填写这份问卷。您的回答将帮助我们在方案交流前更好地了解贵司的现状与需求。',
    language: 'zh-CN',
    status: 'published',
    questions: JSON.stringify(QUESTIONS),
    publishedAt: new Date(nowMs - 40 * DAY).toISOString(),
    createdBy: marketing,
    createdAt: new Date(qCreated).toISOString(),
    updatedAt: new Date(nowMs - 40 * DAY).toISOString(),
    version: 2,
  });
  out.questionnaires.push({
    id: seededUuidV7(idRng, nowMs - 3 * DAY),
    orgId,
    title: 'Pilot feedback survey',
    intro: 'Thank you for taking part in the pilot. This takes about two minutes.',
    language: 'en',
    status: 'draft',
    questions: JSON.stringify(EN_QUESTIONS),
    publishedAt: null,
    createdBy: marketing,
    createdAt: new Date(nowMs - 3 * DAY).toISOString(),
    updatedAt: new Date(nowMs - 3 * DAY).toISOString(),
    version: 1,
  });

  // Links to six of the accounts: four answered, one waiting, one expired unanswered.
  const responseIds = new Map<string, string>();
  picked.slice(0, 6).forEach((a, k) => {
    const accountId = String(a.id);
    const contact = contactsOf(accountId)[0]!;
    const sentMs = nowMs - (30 - k * 4) * DAY;
    const invitationId = seededUuidV7(idRng, sentMs);
    const answered = k < 4;
    const expired = k === 5;
    const answeredMs = sentMs + (1 + k) * DAY;
    // the token itself is never stored; the demo's links were "sent" and are not needed again
    const token = `demo-${questionnaireId}-${k}-${rng.int(100000, 999999)}`;
    out.questionnaireInvitations.push({
      id: invitationId,
      orgId,
      questionnaireId,
      accountId,
      contactId: String(contact.id),
      tokenHash: createHash('sha256').update(token).digest('hex'),
      expiresAt: new Date(sentMs + (expired ? 14 : 30) * DAY).toISOString(),
      revokedAt: null,
      openedAt: answered ? new Date(answeredMs - 600_000).toISOString() : null,
      answeredAt: answered ? new Date(answeredMs).toISOString() : null,
      attempts: answered ? 1 : 0,
      attemptsSince: answered ? new Date(answeredMs).toISOString() : null,
      createdBy: String(a.ownerId),
      createdAt: new Date(sentMs).toISOString(),
    });
    if (!answered) return;
    const pains = rng.sample(['stock', 'opaque', 'cash', 'schedule', 'silos'], rng.int(2, 3));
    const answers = [
      { questionId: 'industry', value: rng.pick(['mfg', 'mfg', 'logistics', 'retail']) },
      {
        questionId: 'pains',
        value: QUESTIONS[1]!.options!.map((o) => o.id).filter((id) => pains.includes(id)),
      },
      { questionId: 'satisfaction', value: rng.int(1, 3) },
      { questionId: 'urgency', value: rng.int(5, 9) },
      { questionId: 'budget', value: rng.pick(['b50', 'b100', 'b100', 'b100p']) },
      { questionId: 'when', value: rng.pick(['q1', 'h1', 'h1', 'y1']) },
      { questionId: 'rivals', value: rng.sample(COMPETITORS, 2).join('、') },
      { questionId: 'now', value: SITUATIONS[k % SITUATIONS.length]! },
      ...(rng.chance(0.7) ? [{ questionId: 'goal', value: GOALS[k % GOALS.length]! }] : []),
    ];
    const responseId = seededUuidV7(idRng, answeredMs);
    responseIds.set(accountId, responseId);
    out.questionnaireResponses.push({
      id: responseId,
      orgId,
      questionnaireId,
      invitationId,
      accountId,
      contactId: String(contact.id),
      respondentName: String(contact.name),
      answers: JSON.stringify(answers),
      submittedAt: new Date(answeredMs).toISOString(),
    });
  });

  // Needs records.
  const needsOf = new Map<string, { id: string; painIds: string[]; pains: (typeof PAINS)[number][] }>();
  picked.forEach((a, k) => {
    const accountId = String(a.id);
    const contacts = contactsOf(accountId);
    const deal = openDeal(accountId);
    const createdMs = nowMs - (20 - k * 2) * DAY;
    const pains = rng.sample(PAINS, k % 3 === 2 ? 2 : 3);
    const painPoints = pains.map((p, i) => ({
      id: `p${i + 1}`,
      description: p.description,
      severity: p.severity,
      category: p.category,
    }));
    const complete = k % 4 !== 3;
    const budgetWan = rng.pick([30, 50, 80, 120, 200]);
    const range = k % 2 === 1;
    const decisionMs = nowMs + rng.int(20, 75) * DAY;
    const dms = contacts.slice(0, Math.min(3, contacts.length)).map((c, i) => ({
      contactId: String(c.id),
      role: i === 0 ? 'decision_maker' : (c.decisionRole ?? 'influencer'),
    }));
    const id = seededUuidV7(idRng, createdMs);
    needsOf.set(accountId, { id, painIds: painPoints.map((p) => p.id), pains });
    out.needsRecords.push({
      id,
      orgId,
      accountId,
      opportunityId: deal ? String(deal.id) : null,
      contactId: String(contacts[0]!.id),
      title: `${localDate(new Date(createdMs)).slice(0, 4)} 年${rng.pick(['仓储数字化', '智能制造', '销售管理升级', '数据平台'])}需求`,
      situation: SITUATIONS[k % SITUATIONS.length]!,
      painPoints: JSON.stringify(painPoints),
      goals: GOALS[k % GOALS.length]!,
      budgetAmount: complete && !range ? budgetWan * WAN : null,
      budgetMin: complete && range ? budgetWan * WAN : null,
      budgetMax: complete && range ? Math.round(budgetWan * 1.5) * WAN : null,
      currency: 'CNY',
      budgetStatus: complete ? (k % 3 === 0 ? 'confirmed' : 'estimated') : 'unknown',
      decisionDate: complete ? localDate(new Date(decisionMs)) : null,
      goLiveDate: complete ? localDate(new Date(decisionMs + rng.int(60, 120) * DAY)) : null,
      decisionMakers: JSON.stringify(dms),
      competitors: JSON.stringify(rng.sample(COMPETITORS, rng.int(1, 2))),
      notes: k === 0 ? '总经理关注投资回报周期，希望先在一个仓库试点。' : null,
      sourceResponseId: responseIds.get(accountId) ?? null,
      createdBy: String(a.ownerId),
      createdAt: new Date(createdMs).toISOString(),
      updatedAt: new Date(createdMs + DAY).toISOString(),
      version: 1,
    });
  });

  // Two proposals on the demo rep's first two needs records: one sent, one still a draft.
  const counters = new Map<string, number>();
  picked.slice(0, 2).forEach((a, k) => {
    const accountId = String(a.id);
    const needs = needsOf.get(accountId)!;
    const record = out.needsRecords.find((n) => n.id === needs.id)!;
    const createdMs = nowMs - (6 - k * 3) * DAY;
    const created = new Date(createdMs);
    const today = localDate(created);
    const seq = (counters.get(today.slice(0, 4)) ?? 0) + 1;
    counters.set(today.slice(0, 4), seq);
    const id = seededUuidV7(idRng, createdMs);
    let total = 0;
    let position = 0;
    needs.pains.forEach((p, i) => {
      const sectionId = seededUuidV7(idRng, createdMs);
      out.proposalSections.push({
        id: sectionId,
        orgId,
        proposalId: id,
        position: i,
        painPointId: needs.painIds[i]!,
        painPoint: p.description,
        severity: p.severity,
        solution: p.solution,
      });
      for (const [sku, quantity] of p.skus) {
        const product = products.get(sku)!;
        const unitPrice = Number(product.listPrice);
        total += unitPrice * quantity;
        out.proposalItems.push({
          id: seededUuidV7(idRng, createdMs),
          orgId,
          proposalId: id,
          sectionId,
          position: position++,
          productId: String(product.id),
          sku,
          name: String(product.name),
          unit: product.unit ?? null,
          quantity,
          listPrice: unitPrice,
          unitPrice,
          amount: unitPrice * quantity,
        });
      }
    });
    const sent = k === 0;
    out.proposals.push({
      id,
      orgId,
      number: `FA-${today.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`,
      needsId: needs.id,
      accountId,
      opportunityId: record.opportunityId ?? null,
      contactId: record.contactId ?? null,
      title: `${String(a.name)} 解决方案建议书`,
      summary:
        '围绕贵司最关注的库存、交付与数据透明问题，建议以云拓平台为核心分两期建设：一期三个月完成仓储与销售数据打通，二期扩展到生产现场。方案均采用成熟产品加少量定制，降低实施风险。',
      status: sent ? 'sent' : 'draft',
      currency: 'CNY',
      total,
      ownerId: String(a.ownerId),
      sentAt: sent ? new Date(createdMs + DAY).toISOString() : null,
      decidedAt: null,
      createdAt: created.toISOString(),
      updatedAt: new Date(createdMs + (sent ? DAY : 0)).toISOString(),
      version: sent ? 2 : 1,
    });
  });
  for (const [year, value] of counters) out.numberCounters.push({ orgId, name: `proposal:${year}`, value });
  return out;
}
