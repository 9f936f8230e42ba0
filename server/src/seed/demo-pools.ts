import type { Insertable } from 'kysely';
import type { Database } from '../db/schema.js';
import { localDate } from '../lib/dates.js';
import { decideReclaim, ruleFor, type LevelRule } from '../modules/pools/index.js';
import type { DemoRows } from './demo-build.js';
import { createRng, seededUuidV7 } from './random.js';

export interface DemoPoolRows {
  pools: Insertable<Database['pools']>[];
  poolMembers: Insertable<Database['poolMembers']>[];
  poolRules: Insertable<Database['poolRules']>[];
  poolMoves: Insertable<Database['poolMoves']>[];
  poolWarnings: Insertable<Database['poolWarnings']>[];
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** 10:00 China time on a calendar date: when the daily job would have run. */
const jobTime = (date: string) => Date.parse(`${date}T10:00:00+08:00`);

/** Reclaim rules of the demo's 公共客户池, per customer level: stricter for the smaller customers. */
export const DEMO_ACCOUNT_RULES: LevelRule[] = [
  { level: 'A', noFollowUpDays: 15, noOpportunityDays: null, notWonDays: null, warnDays: 5 },
  { level: 'B', noFollowUpDays: 45, noOpportunityDays: null, notWonDays: null, warnDays: 7 },
  { level: 'C', noFollowUpDays: 90, noOpportunityDays: null, notWonDays: null, warnDays: 10 },
  { level: 'D', noFollowUpDays: 120, noOpportunityDays: null, notWonDays: 730, warnDays: 10 },
  { level: '*', noFollowUpDays: 90, noOpportunityDays: null, notWonDays: null, warnDays: 10 },
];
export const DEMO_LEAD_RULES: LevelRule[] = [
  { level: '*', noFollowUpDays: 180, noOpportunityDays: null, notWonDays: null, warnDays: 7 },
];
const ACCOUNT_REASONS = ['客户无意向', '联系不上', '需求不匹配', '已被竞品签约', '其他'];
const LEAD_REASONS = ['无效线索', '联系不上', '暂无需求', '其他'];

/**
 * The demo's pools (公海): 公共客户池 (the default account pool, rules per level A–D, limits,
 * contact details hidden until claimed) and 公共线索池 (the default lead pool, open to everyone).
 * The rules are applied to the demo as it stands — the accounts they would already have taken
 * back are in the pool, reclaimed on their date — so the daily job's first run finds nothing
 * overdue, and the dry run and the owners' warnings show what comes next. A few accounts and
 * leads were returned by their owners with a reason, and a few were claimed from the pool.
 * Mutates `rows` (owners, pools, contacts); `moreLeads` are other builders' leads.
 */
export function buildDemoPools(
  rows: DemoRows,
  now: Date,
  moreLeads: Insertable<Database['leads']>[][] = [],
): DemoPoolRows {
  const rng = createRng(4_2027);
  const idRng = createRng(43);
  const nowMs = now.getTime();
  const today = localDate(now);
  const orgId = rows.organizations[0]!.id;
  const orgCreatedMs = Date.parse(rows.organizations[0]!.createdAt);
  const out: DemoPoolRows = { pools: [], poolMembers: [], poolRules: [], poolMoves: [], poolWarnings: [] };
  const userByEmail = (key: string) => rows.users.find((u) => u.email === `${key}@tuoke.demo`)!;
  const teamByName = (name: string) => rows.teams.find((t) => t.name === name)!;

  const pool = (
    name: string,
    kind: 'account' | 'lead',
    settings: Partial<Insertable<Database['pools']>>,
    rules: LevelRule[],
  ) => {
    const id = seededUuidV7(idRng, orgCreatedMs + 3 * DAY);
    out.pools.push({
      id,
      orgId,
      name,
      kind,
      defaultFor: kind,
      allMembers: 0,
      claimLimitDay: null,
      claimLimitWeek: null,
      maxHeld: null,
      maxHeldByLevel: '{}',
      lockDays: 0,
      returnReasons: '[]',
      hideContacts: 0,
      createdAt: iso(orgCreatedMs + 3 * DAY),
      updatedAt: iso(orgCreatedMs + 3 * DAY),
      version: 1,
      ...settings,
    });
    for (const r of rules)
      out.poolRules.push({ id: seededUuidV7(idRng, orgCreatedMs + 3 * DAY), orgId, poolId: id, ...r });
    return id;
  };
  const accountPool = pool(
    '公共客户池',
    'account',
    {
      claimLimitDay: 5,
      claimLimitWeek: 15,
      maxHeld: 60,
      maxHeldByLevel: JSON.stringify({ A: 8 }),
      lockDays: 7,
      returnReasons: JSON.stringify(ACCOUNT_REASONS),
      hideContacts: 1,
    },
    DEMO_ACCOUNT_RULES,
  );
  // every salesperson through 销售部 and its teams; the 华东 manager also runs the pool
  out.poolMembers.push(
    { orgId, poolId: accountPool, memberType: 'team', memberId: teamByName('销售部').id, role: 'member' },
    { orgId, poolId: accountPool, memberType: 'user', memberId: userByEmail('manager').id, role: 'admin' },
  );
  const leadPool = pool(
    '公共线索池',
    'lead',
    { allMembers: 1, claimLimitDay: 10, lockDays: 3, returnReasons: JSON.stringify(LEAD_REASONS) },
    DEMO_LEAD_RULES,
  );

  const move = (
    kind: 'account' | 'lead',
    entityId: string,
    action: string,
    at: number,
    m: Partial<Insertable<Database['poolMoves']>>,
  ) =>
    out.poolMoves.push({
      id: seededUuidV7(idRng, at),
      orgId,
      entityType: kind,
      entityId,
      action,
      fromOwnerId: null,
      toOwnerId: null,
      poolId: kind === 'account' ? accountPool : leadPool,
      fromPoolId: null,
      reason: null,
      note: null,
      rule: null,
      ruleDays: null,
      byUserId: null,
      at: iso(at),
      ...m,
    });
  const toPool = (accountId: string) => {
    for (const c of rows.contacts) if (c.accountId === accountId) c.ownerId = null;
  };

  // What the rules read, from the demo as built.
  const lastDone = new Map<string, number>();
  const leadDone = new Map<string, number>();
  for (const a of rows.activities) {
    if (!a.doneAt) continue;
    const at = Date.parse(a.doneAt);
    if (a.accountId) lastDone.set(a.accountId, Math.max(lastDone.get(a.accountId) ?? 0, at));
    if (a.relatedType === 'lead' && a.relatedId)
      leadDone.set(a.relatedId, Math.max(leadDone.get(a.relatedId) ?? 0, at));
  }
  const hasOpen = new Set(rows.opportunities.filter((o) => o.status === 'open').map((o) => o.accountId));
  const wonAt = new Map<string, number>();
  for (const o of rows.opportunities)
    if (o.status === 'won' && o.closedAt)
      wonAt.set(o.accountId, Math.max(wonAt.get(o.accountId) ?? 0, Date.parse(o.closedAt)));

  // A few accounts were claimed from the pool a while ago (their rules count from the claim).
  const owned = rows.accounts.filter((a) => a.ownerId);
  const salesIds = rows.users.filter((u) => /^(rep|manager)/.test(u.email)).map((u) => u.id);
  const claimed = rng.sample(
    owned.filter((a) => a.level === 'C' && !hasOpen.has(a.id) && Date.parse(a.createdAt) < nowMs - 90 * DAY),
    3,
  );
  for (const a of claimed) {
    const claimMs = nowMs - rng.int(10, 40) * DAY;
    const returnMs = claimMs - rng.int(5, 30) * DAY;
    const previous = rng.pick(salesIds.filter((id) => id !== a.ownerId));
    a.ownedSince = iso(claimMs);
    a.previousOwnerId = previous;
    a.poolEnteredAt = iso(returnMs);
    move('account', a.id, 'return', returnMs, {
      fromOwnerId: previous,
      byUserId: previous,
      reason: rng.pick(ACCOUNT_REASONS),
    });
    move('account', a.id, 'claim', claimMs, { toOwnerId: a.ownerId, byUserId: a.ownerId });
  }

  // The rules over every owned account: taken back on their date if it has passed, else warned.
  for (const a of rows.accounts) {
    if (!a.ownerId) continue;
    const ownedSince = a.ownedSince ?? a.createdAt;
    const ownedMs = Date.parse(ownedSince);
    const last = lastDone.get(a.id);
    const rule = ruleFor(DEMO_ACCOUNT_RULES, a.level ?? null);
    if (!rule) continue;
    const d = decideReclaim(
      rule,
      {
        level: a.level ?? null,
        ownedSince: iso(ownedMs),
        lastFollowUpAt: last ? iso(last) : null,
        hasOpenOpportunity: hasOpen.has(a.id),
        wonSinceOwned: (wonAt.get(a.id) ?? 0) >= ownedMs,
      },
      today,
    );
    if (!d) continue;
    if (d.reclaimDate <= today) {
      const at = Math.min(jobTime(d.reclaimDate), nowMs);
      move('account', a.id, 'reclaim', at, { fromOwnerId: a.ownerId, rule: d.rule, ruleDays: d.ruleDays });
      a.previousOwnerId = a.ownerId;
      a.ownerId = null;
      a.poolId = accountPool;
      a.poolEnteredAt = iso(at);
      a.ownedSince = null;
      toPool(a.id);
    } else if (d.warnDate <= today) {
      out.poolWarnings.push({
        id: seededUuidV7(idRng, nowMs),
        orgId,
        entityType: 'account',
        entityId: a.id,
        ownerId: a.ownerId,
        poolId: accountPool,
        rule: d.rule,
        ruleDays: d.ruleDays,
        reclaimDate: d.reclaimDate,
        createdAt: iso(Math.min(jobTime(d.warnDate), nowMs)),
      });
    }
  }

  // Some owners gave small accounts back with a reason.
  const returnable = rows.accounts.filter(
    (a) => a.ownerId && (a.level === 'C' || a.level === 'D') && !hasOpen.has(a.id) && !a.previousOwnerId,
  );
  for (const a of rng.sample(returnable, 4)) {
    const at = nowMs - rng.int(1, 20) * DAY - rng.int(0, 8) * 3_600_000;
    move('account', a.id, 'return', at, {
      fromOwnerId: a.ownerId,
      byUserId: a.ownerId,
      reason: rng.pick(ACCOUNT_REASONS),
    });
    a.previousOwnerId = a.ownerId;
    a.ownerId = null;
    a.poolId = accountPool;
    a.poolEnteredAt = iso(at);
    toPool(a.id);
  }

  // Leads: the pool's leads get its id; a few of them were returned by a rep.
  const leads = [...rows.leads, ...moreLeads.flat()];
  const pooledLeads = leads.filter((l) => !l.ownerId);
  for (const l of pooledLeads) {
    l.poolId = leadPool;
    l.poolEnteredAt = l.createdAt;
  }
  for (const l of rng.sample(pooledLeads, 5)) {
    const createdMs = Date.parse(l.createdAt);
    const at = createdMs + (nowMs - createdMs) * (0.5 + rng.next() * 0.4);
    const previous = rng.pick(salesIds);
    l.previousOwnerId = previous;
    l.poolEnteredAt = iso(at);
    move('lead', l.id, 'return', at, {
      fromOwnerId: previous,
      byUserId: previous,
      reason: rng.pick(LEAD_REASONS),
    });
  }
  for (const l of leads) {
    if (!l.ownerId || l.status === 'converted' || l.status === 'disqualified' || l.convertedAt) continue;
    const last = leadDone.get(l.id);
    const d = decideReclaim(
      DEMO_LEAD_RULES[0]!,
      {
        level: null,
        ownedSince: l.createdAt,
        lastFollowUpAt: last ? iso(last) : null,
        hasOpenOpportunity: false,
        wonSinceOwned: false,
      },
      today,
    );
    if (!d) continue;
    if (d.reclaimDate <= today) {
      const at = Math.min(jobTime(d.reclaimDate), nowMs);
      move('lead', l.id, 'reclaim', at, { fromOwnerId: l.ownerId, rule: d.rule, ruleDays: d.ruleDays });
      l.previousOwnerId = l.ownerId;
      l.ownerId = null;
      l.poolId = leadPool;
      l.poolEnteredAt = iso(at);
    } else if (d.warnDate <= today)
      out.poolWarnings.push({
        id: seededUuidV7(idRng, nowMs),
        orgId,
        entityType: 'lead',
        entityId: l.id,
        ownerId: l.ownerId,
        poolId: leadPool,
        rule: d.rule,
        ruleDays: d.ruleDays,
        reclaimDate: d.reclaimDate,
        createdAt: iso(Math.min(jobTime(d.warnDate), nowMs)),
      });
  }
  out.poolMoves.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  return out;
}
