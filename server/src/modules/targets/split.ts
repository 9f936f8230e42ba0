import type { TargetPeriodType } from '@tuoke/shared';

/**
 * Splits `total` (integer minor units or a count) by integer weights with the largest-remainder
 * method, in BigInt so nothing is lost to floating point: the parts always sum to `total` exactly.
 * Each part gets floor(total × w / W); the units left over go one each to the largest remainders
 * (ties to the earlier child). All weights zero → an even split.
 */
export function splitLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  if (!Number.isSafeInteger(total) || total < 0) throw new Error('total must be a non-negative integer');
  const w = weights.map((x) => BigInt(Math.max(0, Math.round(x))));
  let sum = w.reduce((a, b) => a + b, 0n);
  const ws = sum === 0n ? w.map(() => 1n) : w;
  if (sum === 0n) sum = BigInt(ws.length);
  const t = BigInt(total);
  const base = ws.map((x) => (t * x) / sum);
  const rem = ws.map((x, i) => ({ i, r: (t * x) % sum }));
  let left = t - base.reduce((a, b) => a + b, 0n);
  rem.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rem) {
    if (left <= 0n) break;
    base[i]! += 1n;
    left -= 1n;
  }
  return base.map(Number);
}

/** YYYY-MM-DD of the last day of the month `month` (1-12) of `year`. */
function lastDayOf(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return d.toISOString().slice(0, 10);
}
const pad = (n: number) => String(n).padStart(2, '0');

/** Adds `months` calendar months to a first-of-month date. */
export function addMonths(first: string, months: number): string {
  const [y, m] = first.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + months;
  return `${Math.floor(idx / 12)}-${pad((idx % 12) + 1)}-01`;
}

/** The last day of the `months`-month period starting on the first-of-month `first`. */
export function periodEnd(first: string, months: number): string {
  const next = addMonths(first, months);
  const [y, m] = next.split('-').map(Number) as [number, number];
  return m === 1 ? lastDayOf(y - 1, 12) : lastDayOf(y, m - 1);
}

export const MONTHS_OF: Record<TargetPeriodType, number> = { year: 12, quarter: 3, month: 1 };

/**
 * Why the dates do not make a period of this type, or null when they do: a month is a calendar
 * month, a quarter a calendar quarter, a year the calendar year or the plan's fiscal year.
 */
export function periodProblem(
  type: TargetPeriodType,
  start: string,
  end: string,
  fiscal?: { startDate: string; endDate: string } | null,
): string | null {
  if (end < start) return 'the period ends before it starts';
  if (type === 'year' && fiscal && fiscal.startDate === start && fiscal.endDate === end) return null;
  const [, m, d] = start.split('-').map(Number) as [number, number, number];
  if (d !== 1) return `a ${type} starts on the first day of a month`;
  if (type === 'quarter' && (m - 1) % 3 !== 0)
    return 'a quarter is a calendar quarter (starts in Jan, Apr, Jul or Oct)';
  if (type === 'year' && m !== 1)
    return "a year is the calendar year (Jan 1 – Dec 31) or the plan's fiscal year";
  const want = periodEnd(start, MONTHS_OF[type]);
  if (end !== want) return `a ${type} starting ${start} ends on ${want}`;
  return null;
}

/** The sub-periods of a year (quarters) or a quarter (months); a month has none. */
export function subPeriods(
  type: TargetPeriodType,
  start: string,
  end: string,
): Array<{ periodType: TargetPeriodType; startDate: string; endDate: string }> {
  if (type === 'month') return [];
  const childType: TargetPeriodType = type === 'year' ? 'quarter' : 'month';
  const step = MONTHS_OF[childType];
  const out = [];
  for (let s = start; s <= end; s = addMonths(s, step)) {
    out.push({ periodType: childType, startDate: s, endDate: periodEnd(s, step) });
  }
  return out;
}

/** The same dates a year earlier (29 February becomes the 28th). */
export function yearEarlier(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = Number(lastDayOf(y - 1, m).slice(8));
  return `${y - 1}-${pad(m)}-${pad(Math.min(d, last))}`;
}

const DAY = 86_400_000;
const dayNo = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

/** Days in [start, end], both inclusive. */
export const daysIn = (start: string, end: string) => dayNo(end) - dayNo(start) + 1;

/** The share of the period elapsed by the end of `today`, in basis points (0 … 10000). */
export function elapsedBp(start: string, end: string, today: string): number {
  if (today < start) return 0;
  if (today >= end) return 10_000;
  return Math.round((daysIn(start, today) * 10_000) / daysIn(start, end));
}
