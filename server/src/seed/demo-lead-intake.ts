import type { Insertable } from 'kysely';
import {
  DEFAULT_LEAD_SOURCES,
  type AssignmentConditions,
  type AssignmentMethod,
  type EngagementType,
  type ScoringField,
  type ScoringOperator,
} from '@tuoke/shared';
import type { Database } from '../db/schema.js';
import { assignmentMembers, chooseAssignee, matchAssignmentRule } from '../modules/assignment/index.js';
import { scoreLead, trainLeadModel, type ScoringRuleDef } from '../modules/scoring/index.js';
import {
  CITIES_BY_REGION,
  CONTACT_TITLES,
  GIVEN_CHARS,
  SURNAMES,
  TRADE_NAMES,
  BUSINESS_BY_INDUSTRY,
} from './demo-data.js';
import type { DemoRows } from './demo-build.js';
import { createRng, seededUuidV7 } from './random.js';

export interface DemoLeadIntakeRows {
  leadSources: Insertable<Database['leadSources']>[];
  leads: Insertable<Database['leads']>[];
  webForms: Insertable<Database['webForms']>[];
  webFormSubmissions: Insertable<Database['webFormSubmissions']>[];
  assignmentRules: Insertable<Database['assignmentRules']>[];
  assignmentPointers: Insertable<Database['assignmentPointers']>[];
  leadAssignments: Insertable<Database['leadAssignments']>[];
  leadScoringRules: Insertable<Database['leadScoringRules']>[];
  leadScoreModels: Insertable<Database['leadScoreModels']>[];
}

/** The public key of the demo's web form: /f/demo-website-demo-request */
export const DEMO_WEB_FORM_KEY = 'demo-website-demo-request';
/** Leads this builder adds to the demo's 150: decided history for the model, and web-form leads. */
export const DEMO_HISTORY_LEADS = 90;
export const DEMO_FORM_LEADS = 8;

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** How often a lead of each source converted in the demo's past (the model should find this). */
const CONVERSION_BY_SOURCE: Record<string, number> = {
  referral: 0.72,
  partner: 0.62,
  trade_show: 0.5,
  seminar: 0.45,
  website: 0.4,
  seo: 0.3,
  market_research: 0.3,
  social: 0.22,
  email: 0.2,
  cold_call: 0.12,
  other: 0.25,
};

/**
 * Lead intake for the demo organisation: its sources (the defaults and two of its own), one
 * active web form with submissions (leads with UTM parameters, routed by the rules) and one
 * paused, assignment rules per region and for the manufacturing product line, scoring rules,
 * a decided history the model trains on, and every lead's score. Deterministic apart from `now`,
 * from its own random streams; it also sets `score` on the demo's other leads.
 */
export function buildDemoLeadIntake(rows: DemoRows, now: Date): DemoLeadIntakeRows {
  const rng = createRng(20_261_128_2);
  const idRng = createRng(17);
  const nowMs = now.getTime();
  const orgId = String(rows.organizations[0]!.id);
  const at = iso(nowMs - 60 * DAY);
  const out: DemoLeadIntakeRows = {
    leadSources: [],
    leads: [],
    webForms: [],
    webFormSubmissions: [],
    assignmentRules: [],
    assignmentPointers: [],
    leadAssignments: [],
    leadScoringRules: [],
    leadScoreModels: [],
  };
  const id = (ms: number) => seededUuidV7(idRng, ms);
  const user = (email: string) => rows.users.find((u) => u.email === email)!;
  const team = (name: string) => rows.teams.find((t) => t.name === name)!;

  // Sources: the defaults, and two of the organisation's own.
  DEFAULT_LEAD_SOURCES.forEach((s, i) =>
    out.leadSources.push({
      id: id(nowMs - 400 * DAY),
      orgId,
      ...s,
      active: 1,
      sortOrder: i * 10,
      createdAt: at,
      updatedAt: at,
    }),
  );
  out.leadSources.push(
    {
      id: id(nowMs - 90 * DAY),
      orgId,
      key: 'wechat_official',
      nameZh: '微信公众号',
      nameEn: 'WeChat official account',
      category: 'online',
      active: 1,
      sortOrder: 25,
      createdAt: at,
      updatedAt: at,
    },
    {
      id: id(nowMs - 90 * DAY),
      orgId,
      key: 'douyin',
      nameZh: '抖音',
      nameEn: 'Douyin',
      category: 'online',
      active: 0,
      sortOrder: 27,
      createdAt: at,
      updatedAt: at,
    },
  );

  // Assignment rules: the manufacturing product line first, then one per region team.
  const rule = (
    position: number,
    name: string,
    conditions: AssignmentConditions,
    teamName: string,
    method: AssignmentMethod,
    maxOpenPerRep: number | null = null,
  ) => {
    const row = {
      id: id(nowMs - 120 * DAY),
      orgId,
      name,
      position,
      active: 1,
      conditions: JSON.stringify(conditions),
      teamId: String(team(teamName).id),
      includeSubteams: 1,
      includeManagers: 0,
      method,
      maxOpenPerRep,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    out.assignmentRules.push(row);
    return row;
  };
  rule(
    0,
    '智能制造：MES / WMS 咨询',
    { industries: ['manufacturing'], keywords: ['MES', 'WMS', '产线'] },
    '智能制造产品线',
    'capacity',
    40,
  );
  rule(1, '华东区域', { regions: ['华东'] }, '华东大区', 'round_robin');
  rule(2, '华南区域', { regions: ['华南'] }, '华南大区', 'round_robin');
  rule(3, '华北区域', { regions: ['华北'] }, '华北大区', 'capacity', 30);
  rule(4, '西南区域', { regions: ['西南'] }, '西南大区', 'round_robin');

  // Scoring rules.
  const scoring: ScoringRuleDef[] = [];
  const addScoring = (
    name: string,
    points: number,
    fit: { field: ScoringField; operator: ScoringOperator; value?: string[] } | null,
    engagement: { types: EngagementType[]; days: number; cap: number } | null = null,
  ) => {
    const row = {
      id: id(nowMs - 100 * DAY),
      orgId,
      kind: fit ? 'fit' : 'engagement',
      name,
      field: fit?.field ?? null,
      operator: fit?.operator ?? null,
      value: fit?.value ? JSON.stringify(fit.value) : null,
      activityTypes: engagement ? JSON.stringify(engagement.types) : null,
      windowDays: engagement?.days ?? null,
      points,
      cap: engagement?.cap ?? null,
      active: 1,
      position: out.leadScoringRules.length,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    out.leadScoringRules.push(row);
    scoring.push({
      id: row.id,
      kind: row.kind as ScoringRuleDef['kind'],
      name,
      field: row.field,
      operator: row.operator,
      value: fit?.value ?? null,
      activityTypes: engagement?.types ?? null,
      windowDays: row.windowDays,
      points,
      cap: row.cap,
    });
  };
  addScoring('制造业客户', 20, { field: 'industry', operator: 'equals', value: ['manufacturing'] });
  addScoring('决策层职务（含「总」/董事）', 15, {
    field: 'title',
    operator: 'contains',
    value: ['总', '董事', 'CIO'],
  });
  addScoring('留了邮箱', 5, { field: 'email', operator: 'present' });
  addScoring('重点区域：华东 / 华南', 10, { field: 'region', operator: 'in', value: ['华东', '华南'] });
  addScoring('转介绍或合作伙伴', 15, { field: 'source', operator: 'in', value: ['referral', 'partner'] });
  addScoring('没有公司名称', -10, { field: 'company', operator: 'absent' });
  addScoring('近30天电话 / 拜访 / 会议', 8, null, { types: ['call', 'visit', 'meeting'], days: 30, cap: 32 });
  addScoring('近14天官网表单提交', 15, null, { types: ['form_submission'], days: 14, cap: 15 });

  // A decided history (6–18 months ago) the model learns from: the source, the seniority of the
  // title and the industry made a difference.
  const reps = rows.users.filter((u) => u.role === 'sales_rep');
  const person = (): [string, string] => {
    const [s, sp] = rng.pick(SURNAMES);
    const [g, gp] = rng.pick(GIVEN_CHARS);
    return [s + g, `${sp}${gp}`];
  };
  const mobile = () =>
    `1${rng.pick(['38', '39', '58', '86', '88', '37'])}-${rng.int(1000, 9999)}-${rng.int(1000, 9999)}`;
  const regions = ['华东', '华东', '华南', '华北', '西南', '华中'] as const;
  for (let i = 0; i < DEMO_HISTORY_LEADS; i++) {
    const source = rng.weighted(
      Object.keys(CONVERSION_BY_SOURCE).map((s) => [s, s === 'other' ? 1 : 3] as const),
    );
    const industry = rng.weighted([
      ['manufacturing', 4],
      ['logistics', 2],
      ['retail', 2],
      ['it', 1],
      ['energy', 1],
    ] as const);
    const title = rng.pick(CONTACT_TITLES)[0];
    const senior = /总|董事|CIO/.test(title) ? 0.15 : /专员|助理/.test(title) ? -0.15 : 0;
    const p = Math.min(
      0.95,
      Math.max(0.03, CONVERSION_BY_SOURCE[source]! + senior + (industry === 'manufacturing' ? 0.08 : 0)),
    );
    const converted = rng.chance(p);
    const region = rng.pick(regions);
    const cities = CITIES_BY_REGION[region]!;
    const [trade, pinyin] = rng.pick(TRADE_NAMES);
    const [name, namePinyin] = person();
    const createdMs = nowMs - rng.int(180, 540) * DAY;
    out.leads.push({
      id: id(createdMs),
      orgId,
      name,
      company: `${rng.pick(cities).name}${trade}${rng.pick(BUSINESS_BY_INDUSTRY[industry]!)}有限公司`,
      title,
      phone: mobile(),
      email: rng.chance(0.55) ? `${namePinyin}@${pinyin}.com` : null,
      wechat: null,
      source,
      status: converted ? 'converted' : 'disqualified',
      region,
      industry,
      notes: null,
      ownerId: String(rng.pick(reps).id),
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs + rng.int(10, 90) * DAY),
    });
  }

  // The web form and its submissions.
  const marketing = user('marketing@tuoke.demo');
  const formId = id(nowMs - 45 * DAY);
  const secret = Array.from(
    { length: 43 },
    () => 'abcdefghijklmnopqrstuvwxyz0123456789'[rng.int(0, 35)],
  ).join('');
  out.webForms.push(
    {
      id: formId,
      orgId,
      name: '官网 · 预约产品演示',
      publicKey: DEMO_WEB_FORM_KEY,
      secret,
      title: '预约云拓 MES / WMS 产品演示',
      description: '留下您的联系方式，解决方案顾问将在 1 个工作日内与您联系，安排线上或到厂演示。',
      fields: JSON.stringify([
        { key: 'name', required: true },
        { key: 'company', required: true },
        { key: 'title', required: false },
        { key: 'phone', required: true },
        { key: 'email', required: false },
        { key: 'region', required: true },
        { key: 'industry', required: false },
        { key: 'notes', required: false, label: '想了解的产品或要解决的问题' },
      ]),
      source: 'website',
      campaignId: null,
      assignment: 'rules',
      thankYouMessage: '感谢预约！解决方案顾问将在 1 个工作日内与您联系。',
      redirectUrl: null,
      allowedOrigins: JSON.stringify(['https://www.yuntuo-tech.cn']),
      language: 'zh-CN',
      active: 1,
      submissionCount: DEMO_FORM_LEADS,
      createdBy: String(marketing.id),
      createdAt: iso(nowMs - 45 * DAY),
      updatedAt: iso(nowMs - 2 * DAY),
      version: 2,
    },
    {
      id: id(nowMs - 30 * DAY),
      orgId,
      name: '2026 工博会 · 展位登记',
      publicKey: 'demo-expo-booth-2026',
      secret: secret.split('').reverse().join(''),
      title: '工博会现场登记，领取行业白皮书',
      description: null,
      fields: JSON.stringify([
        { key: 'name', required: true },
        { key: 'company', required: true },
        { key: 'phone', required: true },
        { key: 'wechat', required: false },
      ]),
      source: 'trade_show',
      campaignId: null,
      assignment: 'pool',
      thankYouMessage: null,
      redirectUrl: null,
      allowedOrigins: JSON.stringify([]),
      language: 'zh-CN',
      active: 0,
      submissionCount: 0,
      createdBy: String(marketing.id),
      createdAt: iso(nowMs - 30 * DAY),
      updatedAt: iso(nowMs - 30 * DAY),
      version: 1,
    },
  );
  const utm: [string, string, string, string | null][] = [
    ['baidu', 'cpc', '2026-mes-search', 'MES系统'],
    ['baidu', 'cpc', '2026-mes-search', 'WMS仓储管理'],
    ['wechat', 'social', 'factory-digital-week', null],
    ['zhihu', 'content', 'smart-factory-column', null],
    ['newsletter', 'email', '2026-11-newsletter', null],
    ['baidu', 'organic', '', null],
    ['linkedin', 'social', 'cio-roundtable', null],
    ['baidu', 'cpc', '2026-iot-search', '设备联网'],
  ];
  const formLeads: [string, string, string, string, string, string][] = [
    // region, industry, title, notes, company, referrer path
    [
      '华东',
      'manufacturing',
      '生产总监',
      '计划上 MES，三条产线，想看排产和质量追溯。',
      '苏州',
      '/solutions/mes',
    ],
    ['华东', 'logistics', '仓储经理', '自动化立库改造，关注 WMS 与 AGV 对接。', '宁波', '/solutions/wms'],
    ['华南', 'retail', '信息中心主任', '门店与仓库数据打通，想了解 BI。', '深圳', '/cases'],
    ['华东', 'it', 'CIO', '集团数据中台规划，希望约技术交流。', '杭州', '/platform'],
    ['华南', 'healthcare', '采购经理', '医疗器械车间设备联网，需要报价。', '广州', '/solutions/iot'],
    ['华北', 'energy', '副总经理', '光伏组件厂能耗监控，想看同行案例。', '北京', '/cases/energy'],
    ['西南', 'education', '运营主管', '职业院校实训基地，咨询协同办公。', '成都', '/contact'],
    ['华东', 'construction', '项目经理', '工地设备管理，预算明年一季度。', '上海', '/contact'],
  ];
  const directory = {
    users: new Map(),
    teams: new Map(
      rows.teams.map((t) => [String(t.id), { id: String(t.id), name: t.name, parentId: t.parentId ?? null }]),
    ),
  };
  const salesUsers = rows.users
    .filter((u) => u.role === 'sales_rep' || u.role === 'sales_manager')
    .map((u) => ({ id: String(u.id), name: u.name, role: u.role, teamId: u.teamId ?? null }));
  const pointers = new Map<string, string>();
  const openCounts = new Map<string, number>();
  for (const l of [...rows.leads, ...out.leads])
    if (l.ownerId && ['new', 'contacted', 'qualified'].includes(String(l.status)))
      openCounts.set(String(l.ownerId), (openCounts.get(String(l.ownerId)) ?? 0) + 1);
  formLeads.forEach(([region, industry, title, notes, city, path], i) => {
    const submittedMs = nowMs - (36 - i * 4) * DAY - rng.int(1, 8) * 3_600_000;
    const [name, namePinyin] = person();
    const [trade, pinyin] = rng.pick(TRADE_NAMES);
    const leadId = id(submittedMs);
    const [utmSource, utmMedium, utmCampaign, utmTerm] = utm[i]!;
    const lead = {
      id: leadId,
      orgId,
      name,
      company: `${city}${trade}${rng.pick(BUSINESS_BY_INDUSTRY[industry] ?? ['科技'])}有限公司`,
      title,
      phone: mobile(),
      email: i % 3 === 1 ? null : `${namePinyin}@${pinyin}.com`,
      wechat: null,
      source: 'website',
      status: i < 5 ? 'contacted' : 'new',
      region,
      industry,
      notes,
      ownerId: null as string | null,
      utmSource,
      utmMedium,
      utmCampaign: utmCampaign || null,
      utmTerm,
      createdAt: iso(submittedMs),
      updatedAt: iso(submittedMs + 2 * 3_600_000),
    };
    // Route it as the rules would have, and record why.
    let assignment: Insertable<Database['leadAssignments']> = {
      id: id(submittedMs + 1000),
      orgId,
      leadId,
      ruleId: null,
      ruleName: null,
      teamId: null,
      userId: null,
      method: null,
      reason: 'no_rule',
      detail: '{}',
      trigger: 'web_form',
      actorId: null,
      createdAt: iso(submittedMs + 1000),
    };
    for (const r of out.assignmentRules) {
      const matched = matchAssignmentRule(JSON.parse(r.conditions) as AssignmentConditions, lead);
      if (!matched) continue;
      const members = assignmentMembers(
        {
          teamId: r.teamId,
          includeSubteams: r.includeSubteams ?? 1,
          includeManagers: r.includeManagers ?? 0,
        },
        directory,
        salesUsers,
      );
      const max = r.maxOpenPerRep ?? null;
      const pick = chooseAssignee(
        r.method as AssignmentMethod,
        members,
        pointers.get(r.teamId) ?? null,
        openCounts,
        max,
      );
      if (pick.userId) {
        pointers.set(r.teamId, pick.userId);
        openCounts.set(pick.userId, (openCounts.get(pick.userId) ?? 0) + 1);
        lead.ownerId = pick.userId;
      }
      assignment = {
        ...assignment,
        ruleId: r.id,
        ruleName: r.name,
        teamId: r.teamId,
        userId: pick.userId,
        method: r.method,
        reason: pick.userId ? 'matched' : 'team_full',
        detail: JSON.stringify({
          matched,
          candidates: members.length,
          atMax: pick.atMax,
          maxOpenPerRep: max,
          openLeads: pick.openLeads,
        }),
      };
      break;
    }
    out.leads.push(lead);
    out.leadAssignments.push(assignment);
    out.webFormSubmissions.push({
      id: id(submittedMs),
      orgId,
      formId,
      leadId,
      outcome: 'accepted',
      ipHash: hex(rng, 32),
      referrer: `https://www.yuntuo-tech.cn${path}`,
      createdAt: iso(submittedMs),
    });
  });
  // and what the spam protection caught
  for (const [outcome, daysAgo] of [
    ['honeypot', 20],
    ['too_fast', 12],
    ['honeypot', 3],
  ] as const)
    out.webFormSubmissions.push({
      id: id(nowMs - daysAgo * DAY),
      orgId,
      formId,
      leadId: null,
      outcome,
      ipHash: hex(rng, 32),
      referrer: null,
      createdAt: iso(nowMs - daysAgo * DAY),
    });
  for (const [teamId, lastUserId] of pointers)
    out.assignmentPointers.push({ orgId, teamId, lastUserId, turns: 1, updatedAt: iso(nowMs - DAY) });

  // The model, trained on every decided lead, and every lead's score.
  const allLeads = [...rows.leads, ...out.leads];
  const field = (l: (typeof allLeads)[number], k: string) =>
    ((l as Record<string, unknown>)[k] as string | null | undefined) ?? null;
  const asScoring = (l: (typeof allLeads)[number]) => ({
    source: field(l, 'source'),
    industry: field(l, 'industry'),
    region: field(l, 'region'),
    title: field(l, 'title'),
    phone: field(l, 'phone'),
    email: field(l, 'email'),
    company: field(l, 'company'),
    wechat: field(l, 'wechat'),
    notes: field(l, 'notes'),
  });
  const trained = trainLeadModel(
    allLeads
      .filter((l) => l.status === 'converted' || l.status === 'disqualified')
      .map((l) => ({ id: String(l.id), lead: asScoring(l), converted: l.status === 'converted' })),
  );
  const modelWeight = 40;
  out.leadScoreModels.push({
    orgId,
    modelWeight,
    status: trained.status,
    offReason: trained.status === 'off' ? trained.reason : null,
    examples: trained.examples,
    positives: trained.positives,
    negatives: trained.negatives,
    holdoutSize: trained.status === 'on' ? trained.holdoutSize : 0,
    accuracyBp:
      trained.status === 'on' && trained.accuracy !== null ? Math.round(trained.accuracy * 10_000) : null,
    aucBp: trained.status === 'on' && trained.auc !== null ? Math.round(trained.auc * 10_000) : null,
    weights: trained.status === 'on' ? JSON.stringify(trained.model) : null,
    trainedAt: iso(nowMs - 6 * 3_600_000),
    updatedAt: iso(nowMs - 6 * 3_600_000),
  });
  const events = new Map<string, { type: string; ms: number }[]>();
  const addEvent = (leadId: string, type: string, ms: number) =>
    events.set(leadId, [...(events.get(leadId) ?? []), { type, ms }]);
  for (const a of rows.activities)
    if (a.relatedType === 'lead' && a.relatedId)
      addEvent(String(a.relatedId), String(a.type), Date.parse(String(a.createdAt)));
  for (const s of out.webFormSubmissions)
    if (s.leadId && s.outcome === 'accepted')
      addEvent(String(s.leadId), 'form_submission', Date.parse(String(s.createdAt)));
  for (const l of allLeads) {
    const engagement = new Map<string, number>();
    for (const r of scoring)
      if (r.kind === 'engagement')
        engagement.set(
          r.id,
          (events.get(String(l.id)) ?? []).filter(
            (e) => r.activityTypes!.includes(e.type as EngagementType) && e.ms >= nowMs - r.windowDays! * DAY,
          ).length,
        );
    l.score = scoreLead({
      rules: scoring,
      lead: asScoring(l),
      engagement,
      model: trained.status === 'on' ? trained.model : null,
      modelWeight,
    }).total;
  }
  return out;
}

function hex(rng: ReturnType<typeof createRng>, n: number): string {
  return Array.from({ length: n }, () => '0123456789abcdef'[rng.int(0, 15)]).join('');
}
