import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';

export const RESULT_METRICS = [
  'revenue',
  'contract_amount',
  'payments',
  'units',
  'new_customers',
  'activities',
] as const;
export type ResultMetric = (typeof RESULT_METRICS)[number];

export const RESULT_DIMENSIONS = [
  'company',
  'owner',
  'team',
  'territory',
  'product',
  'channel',
  'region',
  'industry',
  'month',
  'day',
] as const;
export type ResultDimension = (typeof RESULT_DIMENSIONS)[number];

/** Which records count; every list narrows (an empty list matches nothing). */
export interface ResultFilter {
  ownerIds?: readonly string[];
  /** Owners whose team is one of these (not the sub-teams: pass every team of a subtree). */
  teamIds?: readonly string[];
  territoryIds?: readonly string[];
  productIds?: readonly string[];
  channels?: readonly string[];
  regions?: readonly string[];
  industries?: readonly string[];
  accountIds?: readonly string[];
}

export interface ResultRow {
  key: string | null;
  value: number;
}

/** A closed range of local (China) dates, YYYY-MM-DD. */
export interface DateRange {
  from: string;
  to: string;
}

/** China has no daylight saving time: local midnight is always 16:00 UTC the day before. */
const OFFSET = '+08:00';

/**
 * How one metric is read: the facts it counts, their value, and the columns each dimension and
 * filter uses. `time` is a timestamp (compared with UTC instants, bucketed in China time) or a date.
 */
interface Facts {
  from: RawBuilder<unknown>;
  where: RawBuilder<unknown>[];
  value: RawBuilder<unknown>;
  time: { column: string; kind: 'timestamp' | 'date' };
  owner: string;
  account: string;
  /** The deal's channel column, when the facts reach a deal. */
  channel: string | null;
  /** The line's product column, when the facts have lines. */
  product: string | null;
}

const ref = (column: string) => sql.ref(column);

/**
 * Results measured from the records themselves: won deals, signed contracts, confirmed 回款, new
 * customers and done activities in a period, summed or counted per dimension in one statement.
 * It does not check anyone's data scope: callers pass the owners a person may see.
 */
export class ResultsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async measure(
    orgId: string,
    metric: ResultMetric,
    range: DateRange,
    groupBy: ResultDimension,
    filter: ResultFilter,
  ): Promise<ResultRow[]> {
    if (Object.values(filter).some((list) => Array.isArray(list) && list.length === 0)) return [];
    const needsLines = groupBy === 'product' || filter.productIds !== undefined;
    const facts = this.facts(orgId, metric, needsLines);
    const where = [...facts.where, ...this.period(facts, range)];

    const ownerTeam = groupBy === 'team' || filter.teamIds !== undefined;
    const joins: RawBuilder<unknown>[] = [
      sql`left join accounts a on a.id = ${ref(facts.account)}`,
      ...(ownerTeam ? [sql`join users u on u.id = ${ref(facts.owner)}`] : []),
    ];
    const channel = facts.channel ? sql`coalesce(${ref(facts.channel)}, 'direct')` : null;
    const inList = (expr: RawBuilder<unknown>, values: readonly string[]) =>
      sql`${expr} in (${sql.join(values.map((v) => sql`${v}`))})`;

    if (filter.ownerIds) where.push(inList(sql`${ref(facts.owner)}`, filter.ownerIds));
    if (filter.teamIds) where.push(inList(sql`u.team_id`, filter.teamIds));
    if (filter.territoryIds) where.push(inList(sql`a.territory_id`, filter.territoryIds));
    if (filter.regions) where.push(inList(sql`a.region`, filter.regions));
    if (filter.industries) where.push(inList(sql`a.industry`, filter.industries));
    if (filter.accountIds) where.push(inList(sql`${ref(facts.account)}`, filter.accountIds));
    if (filter.channels) {
      if (!channel) throw new Error(`${metric} has no channel`);
      where.push(inList(channel, filter.channels));
    }
    if (filter.productIds) {
      if (!facts.product) throw new Error(`${metric} has no product`);
      where.push(inList(sql`${ref(facts.product)}`, filter.productIds));
    }

    const key = this.key(groupBy, facts, channel);
    const grouping = groupBy === 'company' ? sql`` : sql`group by ${key}`;
    const { rows } = await sql<{ key: string | null; value: number | string | null }>`
      select ${key} as key, sum(${facts.value}) as value
      from ${facts.from} ${sql.join(joins, sql` `)}
      where ${sql.join(where, sql` and `)}
      ${grouping}`.execute(this.db);
    const out = rows.map((r) => ({
      key: r.key === null ? null : String(r.key),
      value: Number(r.value ?? 0),
    }));
    if (groupBy === 'company') return [{ key: null, value: out[0]?.value ?? 0 }];
    return out.sort((x, y) => y.value - x.value || String(x.key).localeCompare(String(y.key)));
  }

  private facts(orgId: string, metric: ResultMetric, lines: boolean): Facts {
    switch (metric) {
      case 'revenue':
      case 'units':
        return {
          from:
            lines || metric === 'units'
              ? sql`opportunities o join opportunity_items oi on oi.opportunity_id = o.id`
              : sql`opportunities o`,
          where: [sql`o.org_id = ${orgId}`, sql`o.status = 'won'`],
          value: metric === 'units' ? sql`oi.quantity` : lines ? sql`oi.amount` : sql`o.amount`,
          time: { column: 'o.closed_at', kind: 'timestamp' },
          owner: 'o.owner_id',
          account: 'o.account_id',
          channel: 'o.channel',
          product: lines || metric === 'units' ? 'oi.product_id' : null,
        };
      case 'contract_amount':
        return {
          from: lines
            ? sql`contracts c join contract_items ci on ci.contract_id = c.id left join opportunities o on o.id = c.opportunity_id`
            : sql`contracts c left join opportunities o on o.id = c.opportunity_id`,
          where: [sql`c.org_id = ${orgId}`, sql`c.status in ('active', 'expired')`],
          value: lines ? sql`ci.amount` : sql`c.amount`,
          time: { column: 'c.signed_date', kind: 'date' },
          owner: 'c.owner_id',
          account: 'c.account_id',
          channel: 'o.channel',
          product: lines ? 'ci.product_id' : null,
        };
      case 'payments':
        if (lines) throw new Error('payments have no product');
        return {
          from: sql`payments p join contracts c on c.id = p.contract_id left join opportunities o on o.id = c.opportunity_id`,
          where: [sql`p.org_id = ${orgId}`, sql`p.status = 'confirmed'`, sql`p.voided_at is null`],
          value: sql`p.amount`,
          time: { column: 'p.received_date', kind: 'date' },
          owner: 'c.owner_id',
          account: 'c.account_id',
          channel: 'o.channel',
          product: null,
        };
      case 'new_customers':
        if (lines) throw new Error('new customers have no product');
        // a deal that is its account's first won one (ties on the same instant: the smaller id)
        return {
          from: sql`opportunities o`,
          where: [
            sql`o.org_id = ${orgId}`,
            sql`o.status = 'won'`,
            sql`not exists (select 1 from opportunities e where e.org_id = o.org_id
              and e.account_id = o.account_id and e.status = 'won'
              and (e.closed_at < o.closed_at or (e.closed_at = o.closed_at and e.id < o.id)))`,
          ],
          value: sql`1`,
          time: { column: 'o.closed_at', kind: 'timestamp' },
          owner: 'o.owner_id',
          account: 'o.account_id',
          channel: 'o.channel',
          product: null,
        };
      case 'activities':
        if (lines) throw new Error('activities have no product');
        return {
          from: sql`activities t left join opportunities o on t.related_type = 'opportunity' and o.id = t.related_id`,
          where: [sql`t.org_id = ${orgId}`],
          value: sql`1`,
          time: { column: 't.done_at', kind: 'timestamp' },
          owner: 't.owner_id',
          account: 't.account_id',
          channel: 'o.channel',
          product: null,
        };
    }
  }

  private period(facts: Facts, range: DateRange): RawBuilder<unknown>[] {
    const column = ref(facts.time.column);
    if (facts.time.kind === 'date') return [sql`${column} >= ${range.from}`, sql`${column} <= ${range.to}`];
    const start = new Date(`${range.from}T00:00:00${OFFSET}`).toISOString();
    const end = new Date(new Date(`${range.to}T00:00:00${OFFSET}`).getTime() + 86_400_000).toISOString();
    return [sql`${column} >= ${start}`, sql`${column} < ${end}`];
  }

  /** The fact's China date as YYYY-MM-DD (length 10) or its month YYYY-MM (length 7). */
  private localDate(facts: Facts, length: 7 | 10): RawBuilder<unknown> {
    const column = ref(facts.time.column);
    const format = length === 7 ? 'YYYY-MM' : 'YYYY-MM-DD';
    if (this.dialect.engine === 'postgres')
      return facts.time.kind === 'date'
        ? sql`to_char(${column}, ${sql.lit(format)})`
        : sql`to_char(${column} at time zone 'Asia/Shanghai', ${sql.lit(format)})`;
    return facts.time.kind === 'date'
      ? sql`substr(${column}, 1, ${sql.lit(length)})`
      : sql`substr(datetime(${column}, '+8 hours'), 1, ${sql.lit(length)})`;
  }

  private key(
    groupBy: ResultDimension,
    facts: Facts,
    channel: RawBuilder<unknown> | null,
  ): RawBuilder<unknown> {
    switch (groupBy) {
      case 'company':
        return sql`null`;
      case 'owner':
        return sql`${ref(facts.owner)}`;
      case 'team':
        return sql`u.team_id`;
      case 'territory':
        return sql`a.territory_id`;
      case 'region':
        return sql`a.region`;
      case 'industry':
        return sql`a.industry`;
      case 'channel':
        if (!channel) throw new Error('no channel');
        return channel;
      case 'product':
        if (!facts.product) throw new Error('no product');
        return sql`${ref(facts.product)}`;
      case 'month':
        return this.localDate(facts, 7);
      case 'day':
        return this.localDate(facts, 10);
    }
  }
}
