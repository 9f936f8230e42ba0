import type { Insertable } from 'kysely';
import type { Database } from '../db/schema.js';
import { accountKeys, contactKeys, leadKeys } from '../lib/dedupe-keys.js';
import type { DemoRows } from './demo-build.js';
import { createRng, seededUuidV7 } from './random.js';

/** Accounts and leads this builder adds to the demo: near-duplicates for 查重 and conversion. */
export const DEMO_DUPLICATE_ACCOUNTS = 7;
export const DEMO_DUPLICATE_LEADS = 2;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Duplicates (查重) and conversions in the demo, so that a fresh start shows them working:
 * - near-duplicate accounts spelled the way people do (苏州恒远精密机械有限公司 and
 *   恒远精密机械（苏州）有限公司), in the 华东 manager's scope so 查重 lists them as groups, one
 *   only similar, and one owned by 华南 that the 华东 rep sees masked;
 * - leads that hit them, so the conversion wizard proposes the account (or shows it masked);
 * - the demo's converted leads linked to what they became: an account of their owner, a contact
 *   made from the lead's person, for some the deal that followed, their activities moved along.
 * Runs right after buildDemo on its rows, with its own random streams.
 */
export function buildDemoDedupe(rows: DemoRows, now: Date): void {
  const nowMs = now.getTime();
  const rng = createRng(20_261_128);
  const idRng = createRng(31);
  const idAt = (ms: number) => seededUuidV7(idRng, ms);
  const orgId = rows.organizations[0]!.id;
  const user = (key: string) => rows.users.find((u) => u.email === `${key}@tuoke.demo`)!.id;
  const lina = user('rep');
  const zhangwei = user('rep2');
  const xujing = user('rep3');
  const linjun = user('rep4');

  // Near-duplicate accounts.
  const account = (
    name: string,
    ownerId: string,
    daysAgo: number,
    extra: Partial<Insertable<Database['accounts']>> = {},
  ) => {
    const createdMs = nowMs - daysAgo * DAY;
    const row: Insertable<Database['accounts']> = {
      id: idAt(createdMs),
      orgId,
      name,
      kind: 'company',
      industry: 'manufacturing',
      size: 'medium',
      region: '华东',
      level: 'B',
      source: 'trade_show',
      address: null,
      creditCode: null,
      phone: null,
      website: null,
      notes: null,
      ownerId,
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs + DAY),
      ...extra,
    };
    rows.accounts.push(row);
    // followed up lately, so the pool's reclaim rules leave it with its owner
    const doneMs = nowMs - rng.int(1, 8) * DAY - rng.int(1, 6) * HOUR;
    rows.activities.push({
      id: idAt(doneMs),
      orgId,
      type: 'call',
      subject: `电话跟进：${name}`,
      body: null,
      dueAt: null,
      doneAt: iso(doneMs),
      nextStep: null,
      location: null,
      relatedType: 'account',
      relatedId: row.id!,
      accountId: row.id!,
      ownerId,
      createdAt: iso(doneMs),
      updatedAt: iso(doneMs),
    });
    return row;
  };
  const contact = (
    accountId: string,
    ownerId: string,
    createdMs: number,
    c: Partial<Insertable<Database['contacts']>>,
  ) => {
    const row: Insertable<Database['contacts']> = {
      id: idAt(createdMs),
      orgId,
      accountId,
      name: '',
      title: null,
      phone: null,
      email: null,
      wechat: null,
      birthday: null,
      decisionRole: null,
      notes: null,
      ownerId,
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs),
      ...c,
    };
    rows.contacts.push(row);
    return row;
  };

  const hengyuan = account('苏州恒远精密机械有限公司', lina, 300, {
    phone: '0512-6523 4567',
    address: '江苏省苏州市工业园区星湖街 328 号',
    level: 'A',
  });
  contact(hengyuan.id!, lina, nowMs - 299 * DAY, {
    name: '吴刚',
    title: '采购总监',
    phone: '13906211234',
    email: 'wugang@hengyuan-precision.com',
    decisionRole: 'decision_maker',
  });
  contact(hengyuan.id!, lina, nowMs - 280 * DAY, { name: '沈佳', title: '设备工程师', phone: '13776543210' });
  const hengyuan2 = account('恒远精密机械（苏州）有限公司', zhangwei, 45, {
    phone: '0512-65234567',
    notes: '展会上留的名片，可能和已有客户是同一家',
  });
  contact(hengyuan2.id!, zhangwei, nowMs - 44 * DAY, {
    name: '吴刚',
    title: '采购总监',
    phone: '139 0621 1234',
  });
  account('上海明辉电子有限公司', zhangwei, 210, { industry: 'it', phone: '021-6432 1188', region: '华东' });
  account('上海明辉电子有限责任公司', lina, 30, {
    industry: 'it',
    phone: '(021) 64321188',
    source: 'website',
  });
  account('杭州云帆物流有限公司', xujing, 160, { industry: 'logistics', phone: '0571-8765 4321' });
  account('云帆物流有限公司', lina, 12, { industry: 'logistics', source: 'cold_call', level: 'C' });
  account('广州华锐医疗器械有限公司', linjun, 240, {
    industry: 'healthcare',
    region: '华南',
    phone: '020-3888 6666',
  });

  // Leads that hit them.
  const lead = (ownerId: string | null, daysAgo: number, l: Partial<Insertable<Database['leads']>>) => {
    const createdMs = nowMs - daysAgo * DAY;
    rows.leads.push({
      id: idAt(createdMs),
      orgId,
      name: '',
      company: null,
      title: null,
      phone: null,
      email: null,
      wechat: null,
      source: 'trade_show',
      status: 'contacted',
      region: '华东',
      industry: 'manufacturing',
      notes: null,
      ownerId,
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs + HOUR),
      ...l,
    });
  };
  lead(lina, 3, {
    name: '吴刚',
    company: '苏州恒远精密机械股份有限公司',
    title: '采购总监',
    email: 'WuGang@hengyuan-precision.com',
    status: 'qualified',
    notes: '工博会上再次询价五轴加工中心',
  });
  lead(lina, 5, {
    name: '陈静',
    company: '广州华锐医疗器械有限公司',
    title: '信息部经理',
    phone: '13822226666',
    industry: 'healthcare',
    region: '华南',
    source: 'website',
  });

  // The demo's converted leads, linked to what they became.
  const converted = rows.leads.filter((l) => l.status === 'converted' && l.ownerId);
  for (const l of converted) {
    const createdMs = new Date(l.createdAt).getTime();
    const mine = rows.accounts.filter((a) => a.ownerId === l.ownerId && a.kind === 'company');
    if (!mine.length) continue;
    const acc = mine[rng.int(0, mine.length - 1)]!;
    const convertedMs = Math.min(createdMs + rng.int(2, 20) * DAY, nowMs - HOUR);
    const person = contact(acc.id!, l.ownerId!, convertedMs, {
      name: l.name,
      title: l.title ?? null,
      phone: l.phone ?? null,
      email: l.email ?? null,
      wechat: l.wechat ?? null,
    });
    const deal = rows.opportunities.find(
      (o) => o.accountId === acc.id && !o.leadId && new Date(o.createdAt).getTime() >= convertedMs,
    );
    if (deal && rng.chance(0.8)) deal.leadId = l.id!;
    Object.assign(l, {
      company: acc.name,
      convertedAccountId: acc.id,
      convertedContactId: person.id,
      convertedOpportunityId: deal?.leadId === l.id ? deal!.id : null,
      convertedAt: iso(convertedMs),
      updatedAt: iso(Math.max(convertedMs, new Date(l.updatedAt).getTime())),
    });
    // as conversion does: the lead's activities continue on the contact
    for (const a of rows.activities)
      if (a.relatedType === 'lead' && a.relatedId === l.id)
        Object.assign(a, { relatedType: 'contact', relatedId: person.id, accountId: acc.id });
    rows.fieldChanges.push({
      id: idAt(convertedMs),
      orgId,
      entityType: 'lead',
      entityId: l.id!,
      field: 'status',
      oldValue: 'qualified',
      newValue: 'converted',
      userId: l.ownerId!,
      changedAt: iso(convertedMs),
    });
  }
}

/** The duplicate-check keys of every account, contact and lead the demo's builders made. */
export function addDedupeKeys(rowSets: object[]): void {
  for (const set of rowSets as Partial<Record<string, unknown[]>>[]) {
    for (const a of (set.accounts ?? []) as Insertable<Database['accounts']>[])
      Object.assign(a, accountKeys(a));
    for (const c of (set.contacts ?? []) as Insertable<Database['contacts']>[])
      Object.assign(c, contactKeys(c));
    for (const l of (set.leads ?? []) as Insertable<Database['leads']>[]) Object.assign(l, leadKeys(l));
  }
}
