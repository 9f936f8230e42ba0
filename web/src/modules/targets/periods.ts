import type { TargetPeriodType } from '@tuoke/shared';

export interface Period {
  key: string;
  periodType: TargetPeriodType;
  startDate: string;
  endDate: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The period of a type that contains `date` (YYYY-MM-DD). */
export function periodOf(periodType: TargetPeriodType, date: string): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (periodType === 'year')
    return { key: `${y}`, periodType, startDate: `${y}-01-01`, endDate: `${y}-12-31` };
  if (periodType === 'quarter') {
    const q = Math.floor((m - 1) / 3);
    const sm = q * 3 + 1;
    return {
      key: `${y}-Q${q + 1}`,
      periodType,
      startDate: `${y}-${pad(sm)}-01`,
      endDate: `${y}-${pad(sm + 2)}-${pad(lastDay(y, sm + 2))}`,
    };
  }
  return {
    key: `${y}-${pad(m)}`,
    periodType,
    startDate: `${y}-${pad(m)}-01`,
    endDate: `${y}-${pad(m)}-${pad(lastDay(y, m))}`,
  };
}

/** Periods around `today` to pick from: last year to next year. */
export function periodsAround(periodType: TargetPeriodType, today: string): Period[] {
  const y = Number(today.slice(0, 4));
  const out: Period[] = [];
  if (periodType === 'year') for (let k = y - 1; k <= y + 1; k++) out.push(periodOf('year', `${k}-01-01`));
  else {
    const step = periodType === 'quarter' ? 3 : 1;
    for (let k = y - 1; k <= y + 1; k++)
      for (let m = 1; m <= 12; m += step) out.push(periodOf(periodType, `${k}-${pad(m)}-01`));
  }
  return out;
}

/** 2026 · 2026 Q4 · 2026-11 (or 2026年 / 2026年第4季度 / 2026年11月 in Chinese). */
export function periodLabel(p: { periodType: string; startDate: string }, zh: boolean): string {
  const y = p.startDate.slice(0, 4);
  const m = Number(p.startDate.slice(5, 7));
  if (p.periodType === 'year') return zh ? `${y}年` : y;
  if (p.periodType === 'quarter') {
    const q = Math.floor((m - 1) / 3) + 1;
    return zh ? `${y}年第${q}季度` : `${y} Q${q}`;
  }
  return zh ? `${y}年${m}月` : `${y}-${pad(m)}`;
}

export function todayLocal(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}
