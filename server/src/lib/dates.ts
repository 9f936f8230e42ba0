import { invalidField } from '../http/errors.js';

/** Rejects impossible calendar dates (2026-02-30) that a pattern alone lets through. */
export function checkDate(value: string | null, field: string): string | null {
  if (value === null) return null;
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    throw invalidField(field, 'is not a real date');
  return value;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one (the 督导看板 formats a
// date per open deal), so there is one per time zone.
const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date at `now` in the organisation's time zone (China: no daylight saving). */
export function localDate(now: Date, timeZone = 'Asia/Shanghai'): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format.format(now);
}

/** `date` plus `days` calendar days, YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday on or before `date`. */
export function weekStart(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}
