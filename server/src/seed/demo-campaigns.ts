import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDays, localDate } from '../lib/dates.js';
import type { DemoRows } from './demo-build.js';
import { GIVEN_CHARS, SURNAMES, TRADE_NAMES } from './demo-data.js';
import { createRng, seededUuidV7 } from './random.js';

export interface DemoCampaignRows {
  segments: Insertable<Database['segments']>[];
  emailTemplates: Insertable<Database['emailTemplates']>[];
  campaigns: Insertable<Database['campaigns']>[];
  campaignCosts: Insertable<Database['campaignCosts']>[];
  campaignLinks: Insertable<Database['campaignLinks']>[];
  campaignRecipients: Insertable<Database['campaignRecipients']>[];
  emailUnsubscribes: Insertable<Database['emailUnsubscribes']>[];
  engagementEvents: Insertable<Database['engagementEvents']>[];
  eventRegistrations: Insertable<Database['eventRegistrations']>[];
}

/** Leads this builder adds to the demo: met at the trade show's booth. */
export const DEMO_BOOTH_LEADS = 16;
/** Leads that asked for a demo after the launch e-mail. */
export const DEMO_EMAIL_LEADS = 6;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const INCOME: readonly (readonly [string, number])[] = [
  ['under_5k', 1],
  ['5k_10k', 2],
  ['10k_20k', 3],
  ['20k_50k', 3],
  ['over_50k', 2],
];
const INTERESTS = ['旅游', '健身', '摄影', '高尔夫', '理财', '汽车', '亲子教育', '茶艺', '户外', '数码'];

/** 云拓 MES 4.0 launch invitation: HTML body per language, merge fields, two tracked links. */
const TEMPLATE = {
  name: '新品发布会邀请',
  subjectZh: '{{contact.name}}，诚邀您参加「{{campaign.name}}」',
  bodyZh: `<p>尊敬的{{contact.name}}：</p>
<p>感谢{{account.name}}一直以来对云拓的支持。云拓 MES 4.0 将于本月正式发布，新增设备联网、质量追溯与排产优化三大能力。</p>
<p>诚邀您<a href="https://www.yuntuo-tech.cn/mes4">了解新版本</a>，或<a href="https://www.yuntuo-tech.cn/demo">预约一次到厂演示</a>。</p>
<p>您的客户经理：{{owner.name}}（{{owner.email}}）</p>`,
  subjectEn: '{{contact.name}}, meet Yuntuo MES 4.0',
  bodyEn: `<p>Dear {{contact.name}},</p>
<p>Thank you for choosing Yuntuo at {{account.name}}. MES 4.0 launches this month with machine connectivity, quality traceability and smarter scheduling.</p>
<p><a href="https://www.yuntuo-tech.cn/mes4">See what is new</a> or <a href="https://www.yuntuo-tech.cn/demo">book an on-site demo</a>.</p>
<p>Your account manager: {{owner.name}} ({{owner.email}})</p>`,
};

/**
 * Segments and campaigns for the demo, deterministic apart from `now`: consumer attributes of the
 * individual customers, four segments, a sent e-mail campaign (recipients with opens, clicks and
 * two unsubscribes — seeded rows, nothing is mailed), a trade show with registrations, attendance
 * and booth leads, a planned event, an online campaign, their costs, and leads and deals
 * attributed to them so the return is real. Runs before the lead-intake builder, so the booth
 * leads it adds are scored with the rest.
 */
export function buildDemoCampaigns(rows: DemoRows, now: Date): DemoCampaignRows {
  const rng = createRng(20_261_128_4);
  const idRng = createRng(17);
  const id = (ms: number) => seededUuidV7(idRng, ms);
  const nowMs = now.getTime();
  const today = localDate(now);
  const orgId = String(rows.organizations[0]!.id);
  const user = (email: string) => rows.users.find((u) => u.email === email)!;
  const marketing = String(user('marketing@tuoke.demo').id);
  const eastReps = rows.users
    .filter((u) =>
      ['rep@tuoke.demo', 'rep2@tuoke.demo', 'rep3@tuoke.demo', 'manager@tuoke.demo'].includes(u.email),
    )
    .map((u) => String(u.id));
  const out: DemoCampaignRows = {
    segments: [],
    emailTemplates: [],
    campaigns: [],
    campaignCosts: [],
    campaignLinks: [],
    campaignRecipients: [],
    emailUnsubscribes: [],
    engagementEvents: [],
    eventRegistrations: [],
  };

  // Consumers: income band and interests; their own contact record has a birthday.
  const accounts = new Map(rows.accounts.map((a) => [String(a.id), a]));
  for (const a of rows.accounts) {
    if (a.kind !== 'individual') continue;
    a.incomeBand = rng.weighted(INCOME);
    a.interests = JSON.stringify(rng.sample(INTERESTS, rng.int(1, 3)));
    const self = rows.contacts.find((c) => c.accountId === a.id);
    if (self && !self.birthday)
      self.birthday = `${rng.int(1972, 2002)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
  }
  // A few contacts read English.
  for (const c of rows.contacts) if (c.email && rng.chance(0.08)) c.locale = 'en';

  // Segments.
  const segment = (name: string, object: string, conditions: unknown[], description: string) => {
    const at = iso(nowMs - 60 * DAY);
    const s = {
      id: id(nowMs - 60 * DAY),
      orgId,
      name,
      object,
      criteria: JSON.stringify({ conditions }),
      description,
      ownerId: marketing,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    out.segments.push(s);
    return s.id;
  };
  segment(
    '华东制造业客户',
    'account',
    [
      { field: 'industry', op: 'is', value: 'manufacturing' },
      { field: 'region', op: 'is', value: '华东' },
    ],
    '华东区域的制造业企业客户',
  );
  segment(
    '25–45 岁高收入个人客户',
    'contact',
    [
      { field: 'kind', op: 'is', value: 'individual' },
      { field: 'age', op: 'between', value: [25, 45] },
      { field: 'incomeBand', op: 'in', value: ['20k_50k', 'over_50k'] },
    ],
    '月收入 2 万以上、25 到 45 岁的个人客户',
  );
  const deciders = segment(
    '华东制造业决策人（有邮箱）',
    'contact',
    [
      { field: 'industry', op: 'is', value: 'manufacturing' },
      { field: 'region', op: 'is', value: '华东' },
      { field: 'decisionRole', op: 'in', value: ['decision_maker', 'champion', 'influencer'] },
      { field: 'email', op: 'not_empty' },
    ],
    '新品发布邮件的受众',
  );
  segment('展会来源线索', 'lead', [{ field: 'source', op: 'is', value: 'trade_show' }], '来自展会的线索');

  const templateId = id(nowMs - 30 * DAY);
  out.emailTemplates.push({
    id: templateId,
    orgId,
    ...TEMPLATE,
    ownerId: marketing,
    createdAt: iso(nowMs - 30 * DAY),
    updatedAt: iso(nowMs - 25 * DAY),
    version: 2,
  });

  const campaign = (
    c: Omit<Insertable<Database['campaigns']>, 'orgId' | 'createdAt' | 'updatedAt' | 'currency'>,
    createdMs: number,
  ) => {
    out.campaigns.push({
      ...c,
      orgId,
      currency: 'CNY',
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs + DAY),
    });
    return String(c.id);
  };
  const cost = (campaignId: string, date: string, item: string, amount: number) =>
    out.campaignCosts.push({
      id: id(Date.parse(`${date}T02:00:00Z`)),
      orgId,
      campaignId,
      costDate: date,
      item,
      amount,
      createdBy: marketing,
      createdAt: `${date}T02:00:00.000Z`,
    });
  const engage = (e: Omit<Insertable<Database['engagementEvents']>, 'id' | 'orgId'>) =>
    out.engagementEvents.push({ id: id(Date.parse(String(e.occurredAt))), orgId, ...e });
  /** Deals the campaign brought: won since it started, and open ones created since. */
  const attributeDeals = (campaignId: string, fromMs: number, won: number, open: number) => {
    const free = rows.opportunities
      .filter((o) => !o.campaignId)
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
    for (const o of [
      ...free.filter((o) => o.status === 'won' && Date.parse(String(o.closedAt)) >= fromMs).slice(0, won),
      ...free.filter((o) => o.status === 'open' && Date.parse(String(o.createdAt)) >= fromMs).slice(0, open),
    ])
      o.campaignId = campaignId;
  };
  const mobile = () =>
    `1${rng.pick(['38', '39', '58', '86', '88'])}-${rng.int(1000, 9999)}-${rng.int(1000, 9999)}`;
  const personName = () => {
    const [s] = rng.pick(SURNAMES);
    const [g1] = rng.pick(GIVEN_CHARS);
    const [g2] = rng.pick(GIVEN_CHARS);
    return rng.chance(0.4) ? s + g1 : s + g1 + g2;
  };
  /** A new lead the campaign brought, owned by the East team. */
  const addLead = (
    campaignId: string,
    source: string,
    ms: number,
    i: number,
    notes: string,
    withEmail: boolean,
  ) => {
    const [trade, pinyin] = rng.pick(TRADE_NAMES);
    const lead = {
      id: id(ms),
      name: personName(),
      company: `${rng.pick(['上海', '苏州', '无锡', '宁波', '杭州', '南京'])}${trade}${rng.pick(['精密机械', '汽车零部件', '电子科技', '新材料', '智能装备'])}有限公司`,
      phone: mobile(),
      ms,
    };
    rows.leads.push({
      id: lead.id,
      orgId,
      name: lead.name,
      company: lead.company,
      title: rng.pick(['生产总监', '信息化负责人', '厂长', '采购经理', 'IT 经理']),
      phone: lead.phone,
      email: withEmail ? `info@${pinyin}.com` : null,
      wechat: null,
      source,
      status: rng.weighted([
        ['new', 3],
        ['contacted', 4],
        ['qualified', 3],
        ['converted', 2],
        ['disqualified', 1],
      ] as const),
      region: '华东',
      industry: 'manufacturing',
      notes,
      ownerId: eastReps[i % eastReps.length]!,
      campaignId,
      createdAt: iso(ms),
      updatedAt: iso(ms + rng.int(1, 15) * DAY),
    });
    return lead;
  };

  // 1. The e-mail campaign, sent three weeks ago.
  const sentMs = nowMs - 21 * DAY;
  const emailId = campaign(
    {
      id: id(nowMs - 28 * DAY),
      name: '云拓 MES 4.0 新品发布邮件',
      type: 'email',
      status: 'completed',
      startDate: localDate(new Date(sentMs)),
      endDate: localDate(new Date(sentMs + 14 * DAY)),
      budget: 600_000,
      source: 'email',
      location: null,
      description: '向华东制造业决策人发送新品发布邀请，引导预约演示。',
      segmentId: deciders,
      templateId,
      emailSnapshot: JSON.stringify({ templateId, ...TEMPLATE, name: undefined }),
      sendStartedAt: iso(sentMs),
      sentBy: marketing,
      ownerId: marketing,
    },
    nowMs - 28 * DAY,
  );
  cost(emailId, localDate(new Date(sentMs - 2 * DAY)), '文案与设计外包', 350_000);
  cost(emailId, localDate(new Date(sentMs)), '邮件推送服务（月度）', 120_000);
  const links = ['https://www.yuntuo-tech.cn/mes4', 'https://www.yuntuo-tech.cn/demo'].map(
    (url, position) => {
      const l = { id: id(sentMs), orgId, campaignId: emailId, url, position };
      out.campaignLinks.push(l);
      return l;
    },
  );
  const audience = rows.contacts.filter((c) => {
    const a = accounts.get(String(c.accountId));
    return (
      a &&
      a.industry === 'manufacturing' &&
      a.region === '华东' &&
      ['decision_maker', 'champion', 'influencer'].includes(String(c.decisionRole)) &&
      c.email
    );
  });
  const seen = new Set<string>();
  let unsubscribed = 0;
  for (const c of audience) {
    const email = String(c.email).toLowerCase();
    if (seen.has(email)) continue;
    seen.add(email);
    const rid = id(sentMs);
    const failed = rng.chance(0.04);
    const at = sentMs + rng.int(1, 40) * 60_000;
    const opened = !failed && rng.chance(0.46);
    const clicked = opened && rng.chance(0.32);
    const openedMs = at + rng.int(1, 72) * HOUR;
    const clickedMs = openedMs + rng.int(1, 30) * 60_000;
    const unsub = opened && !clicked && unsubscribed < 2 && rng.chance(0.2);
    const person = {
      leadId: null,
      contactId: String(c.id),
      accountId: String(c.accountId),
      campaignId: emailId,
      recipientId: rid,
    };
    out.campaignRecipients.push({
      id: rid,
      orgId,
      campaignId: emailId,
      email,
      name: String(c.name),
      locale: c.locale === 'en' ? 'en' : 'zh-CN',
      contactId: String(c.id),
      leadId: null,
      accountId: String(c.accountId),
      ownerId: String(c.ownerId),
      status: failed ? 'failed' : 'sent',
      error: failed ? '550 5.1.1 Recipient address rejected: mailbox unavailable' : null,
      tokenHash: createHash('sha256').update(`demo:${rid}`).digest('hex'),
      messageId: failed ? null : `<${rid}@mail.yuntuo-tech.cn>`,
      queuedAt: iso(sentMs),
      sentAt: iso(at),
      openCount: opened ? rng.int(1, 4) : 0,
      firstOpenedAt: opened ? iso(openedMs) : null,
      clickCount: clicked ? rng.int(1, 2) : 0,
      firstClickedAt: clicked ? iso(clickedMs) : null,
      unsubscribedAt: unsub ? iso(openedMs + HOUR) : null,
    });
    if (opened) engage({ type: 'email_open', detail: null, occurredAt: iso(openedMs), ...person });
    if (clicked)
      engage({ type: 'email_click', detail: rng.pick(links).id, occurredAt: iso(clickedMs), ...person });
    if (unsub) {
      unsubscribed++;
      engage({ type: 'unsubscribe', detail: null, occurredAt: iso(openedMs + HOUR), ...person });
      out.emailUnsubscribes.push({
        orgId,
        email,
        campaignId: emailId,
        recipientId: rid,
        createdAt: iso(openedMs + HOUR),
      });
    }
  }
  for (let i = 0; i < DEMO_EMAIL_LEADS; i++)
    addLead(emailId, 'email', sentMs + rng.int(1, 96) * HOUR, i, '邮件中点击「预约演示」后留资', true);
  attributeDeals(emailId, sentMs, 1, 3);

  // 2. The trade show, five weeks ago: registrations, check-ins and the leads met at the booth.
  const showStart = localDate(new Date(nowMs - 38 * DAY));
  const showStartMs = Date.parse(`${showStart}T01:00:00Z`);
  const showId = campaign(
    {
      id: id(nowMs - 90 * DAY),
      name: '2026 中国国际工业博览会',
      type: 'event',
      status: 'completed',
      startDate: showStart,
      endDate: addDays(showStart, 4),
      budget: 20_000_000,
      source: 'trade_show',
      location: '国家会展中心（上海）8.1H 馆 A128 展位',
      description: '工博会参展：MES / WMS 现场演示，收集意向客户。',
      segmentId: null,
      templateId: null,
      emailSnapshot: null,
      sendStartedAt: null,
      sentBy: null,
      ownerId: marketing,
    },
    nowMs - 90 * DAY,
  );
  cost(showId, addDays(showStart, -60), '展位费（36㎡ 光地）', 12_000_000);
  cost(showId, addDays(showStart, -10), '展台设计与搭建', 4_580_000);
  cost(showId, addDays(showStart, -5), '宣传册与礼品', 865_050);
  cost(showId, addDays(showStart, 4), '差旅与住宿', 2_345_678);
  const showDay = (d: number) => showStartMs + d * DAY + rng.int(0, 7 * 60) * 60_000;
  // booth leads: owned by the East team who staffed the booth
  const boothLeads = Array.from({ length: DEMO_BOOTH_LEADS }, (_, i) =>
    addLead(showId, 'trade_show', showDay(rng.int(0, 4)), i, '工博会展位现场留资', false),
  );
  const register = (
    campaignId: string,
    r: Partial<Insertable<Database['eventRegistrations']>> & { name: string; registeredAt: string },
  ) =>
    out.eventRegistrations.push({
      id: id(Date.parse(r.registeredAt)),
      orgId,
      campaignId,
      company: null,
      phone: null,
      email: null,
      contactId: null,
      leadId: null,
      attended: 0,
      attendedAt: null,
      notes: null,
      createdBy: marketing,
      createdAt: r.registeredAt,
      updatedAt: r.registeredAt,
      version: 1,
      ...r,
    });
  // pre-registered customers (existing contacts), most of whom came
  const invited = rng.sample(
    rows.contacts.filter((c) => {
      const a = accounts.get(String(c.accountId));
      return a?.region === '华东' && a.kind === 'company';
    }),
    30,
  );
  for (const c of invited) {
    const came = rng.chance(0.7);
    const regMs = showStartMs - rng.int(3, 25) * DAY;
    const attendedMs = showDay(rng.int(0, 4));
    register(showId, {
      name: String(c.name),
      company: String(accounts.get(String(c.accountId))?.name ?? ''),
      phone: c.phone ? String(c.phone) : null,
      email: c.email ? String(c.email) : null,
      contactId: String(c.id),
      registeredAt: iso(regMs),
      attended: came ? 1 : 0,
      attendedAt: came ? iso(attendedMs) : null,
    });
    engage({
      type: 'event_registered',
      campaignId: showId,
      recipientId: null,
      leadId: null,
      contactId: String(c.id),
      accountId: null,
      detail: null,
      occurredAt: iso(regMs),
    });
    if (came)
      engage({
        type: 'event_attended',
        campaignId: showId,
        recipientId: null,
        leadId: null,
        contactId: String(c.id),
        accountId: null,
        detail: null,
        occurredAt: iso(attendedMs),
      });
  }
  // walk-ins registered at the booth, each one a lead
  for (const l of boothLeads.slice(0, 12))
    register(showId, {
      name: l.name,
      company: l.company,
      phone: l.phone,
      leadId: l.id,
      registeredAt: iso(l.ms),
      attended: 1,
      attendedAt: iso(l.ms),
      notes: '现场登记',
    });
  attributeDeals(showId, showStartMs, 3, 5);

  // 3. A planned show with early registrations.
  const nextStart = addDays(today, 55);
  const nextId = campaign(
    {
      id: id(nowMs - 10 * DAY),
      name: '2027 深圳高交会',
      type: 'event',
      status: 'planned',
      startDate: nextStart,
      endDate: addDays(nextStart, 4),
      budget: 15_000_000,
      source: 'trade_show',
      location: '深圳国际会展中心 6 号馆',
      description: '华南市场拓展：智能仓储方案展示。',
      segmentId: null,
      templateId: null,
      emailSnapshot: null,
      sendStartedAt: null,
      sentBy: null,
      ownerId: marketing,
    },
    nowMs - 10 * DAY,
  );
  for (const c of rng.sample(
    rows.contacts.filter((c) => accounts.get(String(c.accountId))?.region === '华南'),
    9,
  ))
    register(nextId, {
      name: String(c.name),
      company: String(accounts.get(String(c.accountId))?.name ?? ''),
      phone: c.phone ? String(c.phone) : null,
      email: c.email ? String(c.email) : null,
      contactId: String(c.id),
      registeredAt: iso(nowMs - rng.int(1, 9) * DAY),
    });
  cost(nextId, addDays(today, -5), '展位定金', 3_000_000);

  // 4. An online campaign running for two months.
  const onlineStartMs = nowMs - 60 * DAY;
  const onlineId = campaign(
    {
      id: id(onlineStartMs - 5 * DAY),
      name: '《制造业数字化白皮书》线上投放',
      type: 'other',
      status: 'active',
      startDate: localDate(new Date(onlineStartMs)),
      endDate: addDays(today, 30),
      budget: 5_000_000,
      source: 'social',
      location: null,
      description: '微信公众号与行业媒体投放，白皮书下载留资。',
      segmentId: null,
      templateId: null,
      emailSnapshot: null,
      sendStartedAt: null,
      sentBy: null,
      ownerId: marketing,
    },
    onlineStartMs - 5 * DAY,
  );
  cost(onlineId, localDate(new Date(onlineStartMs)), '行业媒体首发', 1_800_000);
  cost(onlineId, localDate(new Date(onlineStartMs + 30 * DAY)), '公众号信息流投放', 1_265_000);
  for (const l of rows.leads.filter(
    (l) =>
      !l.campaignId &&
      ['social', 'seo'].includes(String(l.source)) &&
      Date.parse(String(l.createdAt)) >= onlineStartMs,
  ))
    l.campaignId = onlineId;
  attributeDeals(onlineId, onlineStartMs, 1, 2);

  return out;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
