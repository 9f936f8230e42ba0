import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { invalidField } from '../../http/errors.js';
import {
  RESULT_DIMENSIONS,
  RESULT_METRICS,
  ResultsRepository,
  type DateRange,
  type ResultDimension,
  type ResultFilter,
  type ResultMetric,
  type ResultRow,
} from './results.repository.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The months YYYY-MM from the range's first to its last, both included. */
export function monthsOf(range: DateRange): string[] {
  const out: string[] = [];
  let [y, m] = range.from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = range.to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) return out;
    out.push(month);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
}

/**
 * Results for targets, plans, market share and meetings: what was won, signed, collected (回款),
 * gained and done in a period, per dimension. Money in fen, counts as counts. No scope check: the
 * caller decides whose records it may add up (pass ownerIds).
 */
export class ResultsService {
  private readonly repo: ResultsRepository;

  constructor(db: Kysely<Database>, dialect: Dialect) {
    this.repo = new ResultsRepository(db, dialect);
  }

  async measure(
    orgId: string,
    metric: ResultMetric,
    range: DateRange,
    opts: { groupBy?: ResultDimension; filter?: ResultFilter } = {},
  ): Promise<ResultRow[]> {
    if (!RESULT_METRICS.includes(metric)) throw invalidField('metric', `unknown metric ${metric}`);
    const groupBy = opts.groupBy ?? 'company';
    if (!RESULT_DIMENSIONS.includes(groupBy)) throw invalidField('groupBy', `unknown dimension ${groupBy}`);
    if (!validDate(range.from)) throw invalidField('from', 'must be a date YYYY-MM-DD');
    if (!validDate(range.to)) throw invalidField('to', 'must be a date YYYY-MM-DD');
    if (range.from > range.to) throw invalidField('to', 'must not be before from');
    const productless = metric === 'payments' || metric === 'new_customers' || metric === 'activities';
    if (productless && (groupBy === 'product' || opts.filter?.productIds))
      throw invalidField('groupBy', `${metric} cannot be split by product`);
    return this.repo.measure(orgId, metric, range, groupBy, opts.filter ?? {});
  }

  /** One number: the metric over the whole range within the filter. */
  async total(orgId: string, metric: ResultMetric, range: DateRange, filter?: ResultFilter): Promise<number> {
    const [row] = await this.measure(orgId, metric, range, { filter });
    return row?.value ?? 0;
  }

  /** Month by month over the range, a month without results as 0 (a zero, not a gap). */
  async monthly(
    orgId: string,
    metric: ResultMetric,
    range: DateRange,
    filter?: ResultFilter,
  ): Promise<Array<{ month: string; value: number }>> {
    const rows = await this.measure(orgId, metric, range, { groupBy: 'month', filter });
    const byMonth = new Map(rows.map((r) => [r.key, r.value]));
    return monthsOf(range).map((month) => ({ month, value: byMonth.get(month) ?? 0 }));
  }
}
