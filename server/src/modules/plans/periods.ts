import { addDays } from '../../lib/dates.js';

/** The last day of a month or quarter that starts on `start` (YYYY-MM-01). */
export function periodEnd(type: string, start: string): string {
  const [y, m] = start.split('-').map(Number) as [number, number];
  const months = type === 'quarter' ? 3 : 1;
  const next = new Date(Date.UTC(y, m - 1 + months, 1));
  return addDays(next.toISOString().slice(0, 10), -1);
}

/** A budget period must start on the first day of a month, or of a calendar quarter. */
export function isPeriodStart(type: string, start: string): boolean {
  if (!/^\d{4}-\d{2}-01$/.test(start)) return false;
  const m = Number(start.slice(5, 7));
  return type === 'month' ? m >= 1 && m <= 12 : [1, 4, 7, 10].includes(m);
}

/** 2026-03 for a month, 2026-Q2 for a quarter. */
export function periodLabel(type: string, start: string): string {
  return type === 'quarter'
    ? `${start.slice(0, 4)}-Q${Math.ceil(Number(start.slice(5, 7)) / 3)}`
    : start.slice(0, 7);
}

/** The inverse of periodLabel: YYYY-MM → a month, YYYY-Qn → a quarter; null when neither. */
export function parsePeriod(text: string): { periodType: 'month' | 'quarter'; periodStart: string } | null {
  const q = /^(\d{4})-?Q([1-4])$/i.exec(text.trim());
  if (q)
    return {
      periodType: 'quarter',
      periodStart: `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01`,
    };
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text.trim());
  if (m) return { periodType: 'month', periodStart: `${m[1]}-${m[2]}-01` };
  return null;
}

/** The months YYYY-MM a period covers. */
export function monthsIn(type: string, start: string): string[] {
  const [y, m] = start.split('-').map(Number) as [number, number];
  const n = type === 'quarter' ? 3 : 1;
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(y, m - 1 + i, 1)).toISOString().slice(0, 7));
}
