import dayjs from 'dayjs';
import type { ReportKind } from '@tuoke/shared';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Today's date in China time (reports follow the organisation's calendar, not the browser's). */
export function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** 11月25日 周三, or 11月23日 – 11月29日 for a week (in the reader's language). */
export function periodLabel(t: Translate, kind: ReportKind, start: string, end: string): string {
  const fmt = t('workReports.dayFormat');
  if (kind === 'daily') return dayjs(start).format(fmt);
  return t('workReports.weekRange', {
    from: dayjs(start).format(t('workReports.shortDayFormat')),
    to: dayjs(end).format(t('workReports.shortDayFormat')),
  });
}
