import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { localDate } from '../lib/dates.js';
import { splitLargestRemainder } from '../modules/targets/index.js';
import { createRng, seededUuidV7 } from './random.js';

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** Rounds fen up to whole 10,000 yuan (万), as targets are set. */
const roundWan = (fen: number) => Math.max(1_000_000, Math.ceil(fen / 1_000_000) * 1_000_000);

/**
 * The demo's targets, read from the deals already seeded (run last): the company's yearly revenue
 * target split into its four quarters, and this quarter's split to the regional teams (by what
 * each has won and has in weighted pipeline) and on to their reps. They serve the year's sales
 * plan when the plans seed made one. Attainment is live, so it follows the demo's won deals.
 */
export async function seedDemoTargets(db: Kysely<Database>, orgId: string, now: Date): Promise<void> {
  const rng = createRng(6_0302);
  const today = localDate(now);
  const year = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  const at = now.toISOString();
  const ms = now.getTime();
  const id = () => seededUuidV7(rng, ms);
  const quarters = [0, 1, 2, 3].map((i) => ({
    startDate: `${year}-${pad(i * 3 + 1)}-01`,
    endDate: `${year}-${pad(i * 3 + 3)}-${pad(lastDay(year, i * 3 + 3))}`,
  }));
  const Q = quarters[q]!;

  const plan = await db
    .selectFrom('salesPlans')
    .select('id')
    .where('orgId', '=', orgId)
    .where('fiscalYear', '=', year)
    .orderBy('createdAt')
    .executeTakeFirst();
  const director = await db
    .selectFrom('users')
    .select('id')
    .where('orgId', '=', orgId)
    .where('role', '=', 'sales_director')
    .executeTakeFirst();
  const teams = await db
    .selectFrom('teams')
    .select(['id', 'name', 'parentId'])
    .where('orgId', '=', orgId)
    .execute();
  const members = await db
    .selectFrom('users')
    .select(['id', 'name', 'teamId', 'role'])
    .where('orgId', '=', orgId)
    .where('active', '=', 1)
    .execute();
  const users = members.filter((u) => u.role === 'sales_rep');
  // won revenue per owner per quarter (China dates), and open pipeline × probability closing this quarter
  const won = await db
    .selectFrom('opportunities')
    .select(['ownerId', 'amount', 'closedAt'])
    .where('orgId', '=', orgId)
    .where('status', '=', 'won')
    .execute();
  const wonIn = (range: { startDate: string; endDate: string }, owners?: Set<string>) =>
    won
      .filter((o) => {
        if (!o.closedAt || (owners && !owners.has(o.ownerId))) return false;
        const d = localDate(new Date(o.closedAt));
        return d >= range.startDate && d <= range.endDate;
      })
      .reduce((a, o) => a + Number(o.amount), 0);
  const open = await db
    .selectFrom('opportunities as o')
    .innerJoin('pipelineStages as s', 's.id', 'o.stageId')
    .select(['o.ownerId', sql<string>`o.amount * s.probability / 100`.as('w')])
    .where('o.orgId', '=', orgId)
    .where('o.status', '=', 'open')
    .where('o.expectedCloseDate', '>=', today)
    .where('o.expectedCloseDate', '<=', Q.endDate)
    .execute();
  const pipelineOf = (owners: Set<string>) =>
    open.filter((o) => owners.has(o.ownerId)).reduce((a, o) => a + Math.round(Number(o.w)), 0);

  const root = teams.find((t) => !t.parentId);
  const regions = teams.filter((t) => root && t.parentId === root.id);
  const subtree = (teamId: string) => {
    const out = new Set([teamId]);
    for (let grew = true; grew;) {
      grew = false;
      for (const t of teams)
        if (t.parentId && out.has(t.parentId) && !out.has(t.id)) {
          out.add(t.id);
          grew = true;
        }
    }
    return out;
  };
  const repsOf = (teamId: string) => {
    const s = subtree(teamId);
    return users.filter((u) => u.teamId && s.has(u.teamId));
  };

  const rows: Insertable<Database['targets']>[] = [];
  const row = (r: {
    id: string;
    parentId: string | null;
    name: string;
    value: number;
    periodType: string;
    startDate: string;
    endDate: string;
    ownerType: string;
    ownerId: string | null;
    splitMethod: string | null;
  }) =>
    rows.push({
      ...r,
      orgId,
      planId: plan?.id ?? null,
      metric: 'revenue',
      stretchValue: Math.round(r.value * 1.1),
      challengeValue: Math.round(r.value * 1.25),
      marketId: null,
      currency: 'CNY',
      description: null,
      status: 'active',
      createdBy: director?.id ?? null,
      createdAt: at,
      updatedAt: at,
    });

  // this quarter: what is won plus the weighted pipeline, with 10 % ambition
  const everyone = new Set(members.map((u) => u.id));
  const qValue = roundWan((wonIn(Q, everyone) + pipelineOf(everyone)) * 1.1);
  // past quarters: about what was won (the demo's history); later ones: this quarter's pace
  const quarterValues = quarters.map((range, i) =>
    i < q
      ? roundWan(wonIn(range) * (0.9 + rng.next() * 0.25))
      : i === q
        ? qValue
        : roundWan(qValue * (1 + 0.05 * (i - q))),
  );
  const yearValue = quarterValues.reduce((a, b) => a + b, 0);
  const yearId = id();
  row({
    id: yearId,
    parentId: null,
    name: `${year}年 公司 销售额目标`,
    value: yearValue,
    periodType: 'year',
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    ownerType: 'company',
    ownerId: null,
    splitMethod: null,
  });
  const quarterIds = quarters.map(() => id());
  quarters.forEach((range, i) =>
    row({
      id: quarterIds[i]!,
      parentId: yearId,
      name: `${year}年第${i + 1}季度 公司 销售额目标`,
      value: quarterValues[i]!,
      periodType: 'quarter',
      ...range,
      ownerType: 'company',
      ownerId: null,
      splitMethod: 'manual',
    }),
  );
  // this quarter to the regional teams, by won + weighted pipeline, exact to the fen
  // (a team's results are its members', its manager's own deals included)
  const teamWeights = regions.map((t) => {
    const sub = subtree(t.id);
    const owners = new Set(members.filter((u) => u.teamId && sub.has(u.teamId)).map((u) => u.id));
    return wonIn(Q, owners) + pipelineOf(owners);
  });
  const teamValues = splitLargestRemainder(qValue, teamWeights);
  regions.forEach((team, i) => {
    const value = teamValues[i]!;
    if (value <= 0) return;
    const teamTargetId = id();
    row({
      id: teamTargetId,
      parentId: quarterIds[q]!,
      name: `${year}年第${q + 1}季度 ${team.name} 销售额目标`,
      value,
      periodType: 'quarter',
      ...Q,
      ownerType: 'team',
      ownerId: team.id,
      splitMethod: 'potential',
    });
    const reps = repsOf(team.id);
    const repValues = splitLargestRemainder(
      value,
      reps.map((u) => wonIn(Q, new Set([u.id])) + pipelineOf(new Set([u.id]))),
    );
    reps.forEach((u, k) => {
      if (repValues[k]! <= 0) return;
      row({
        id: id(),
        parentId: teamTargetId,
        name: `${year}年第${q + 1}季度 ${u.name} 销售额目标`,
        value: repValues[k]!,
        periodType: 'quarter',
        ...Q,
        ownerType: 'rep',
        ownerId: u.id,
        splitMethod: 'potential',
      });
    });
  });
  await db.insertInto('targets').values(rows).execute();
}
