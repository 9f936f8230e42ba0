import type { ReportKind, ReportState, ReportWindow } from '@tuoke/shared';
import { addDays, weekStart } from '../../lib/dates.js';
import { teamSubtree, type OrgDirectory } from '../access/index.js';

/*
 * The calendar of reports, pure: periods, who a rule asks, deadlines, windows and states. All in
 * China time (UTC+8, no daylight saving), like lib/dates.ts: a day is 00:00–24:00 Asia/Shanghai,
 * a week Monday 00:00 to Sunday 24:00.
 */

const DAY_MS = 86_400_000;

export interface RuleSpec {
  id: string;
  name: string;
  kind: ReportKind;
  teamIds: string[];
  roles: string[];
  weekdays: number[];
  dueTime: string;
  lateDays: number;
}

export interface PersonSpec {
  id: string;
  role: string;
  teamId: string | null;
  active: boolean;
}

export interface Period {
  start: string;
  end: string;
}

/** The instant a China-time wall clock shows `hhmm` on `date`. */
export function chinaTime(date: string, hhmm = '00:00'): Date {
  return new Date(`${date}T${hhmm}:00+08:00`);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The period `date` falls in: the day itself, or its Monday–Sunday week. */
export function periodOf(kind: ReportKind, date: string): Period {
  if (kind === 'daily') return { start: date, end: date };
  const start = weekStart(date);
  return { start, end: addDays(start, 6) };
}

/** The UTC window [from, to) of a period, for timestamp columns. */
export function periodBounds(p: Period): { from: Date; to: Date } {
  return { from: chinaTime(p.start), to: chinaTime(addDays(p.end, 1)) };
}

/**
 * Whether a rule asks this person: members of its teams or of teams below them, and/or people
 * with its roles (both set: both must hold). Inactive people are never asked.
 */
export function ruleApplies(rule: RuleSpec, person: PersonSpec, dir: OrgDirectory): boolean {
  if (!person.active) return false;
  if (rule.teamIds.length) {
    if (!person.teamId) return false;
    if (!rule.teamIds.some((t) => teamSubtree(dir, t).has(person.teamId!))) return false;
  }
  if (rule.roles.length && !rule.roles.includes(person.role)) return false;
  return true;
}

/**
 * The deadline of a rule for the period starting `periodStart`, or null when the rule asks for no
 * report then (a daily rule on a weekday it does not list). Weekly: the rule's weekday of that
 * week, so a Friday 20:00 rule is due before the week (Monday–Sunday) ends.
 */
export function deadlineOf(rule: RuleSpec, periodStart: string): Date | null {
  if (rule.kind === 'daily') {
    return rule.weekdays.includes(isoWeekday(periodStart)) ? chinaTime(periodStart, rule.dueTime) : null;
  }
  const weekday = rule.weekdays[0] ?? 7;
  return chinaTime(addDays(periodStart, weekday - 1), rule.dueTime);
}

export interface Resolution {
  /** A rule makes a report due in this period. */
  due: boolean;
  rule: RuleSpec | null;
  dueAt: Date | null;
  /** After this a report is no longer taken (null: never). */
  closesAt: Date | null;
}

/**
 * What the rules that ask a person say about one period. Several rules may ask the same person:
 * the earliest deadline among those due wins (the strictest). No rule due: a report may still be
 * written (never late, never closed).
 */
export function resolve(applying: RuleSpec[], periodStart: string): Resolution {
  let best: Resolution | null = null;
  for (const rule of applying) {
    const dueAt = deadlineOf(rule, periodStart);
    if (!dueAt) continue;
    if (!best || dueAt < best.dueAt!) {
      best = { due: true, rule, dueAt, closesAt: new Date(dueAt.getTime() + rule.lateDays * DAY_MS) };
    }
  }
  return best ?? { due: false, rule: applying[0] ?? null, dueAt: null, closesAt: null };
}

/** Where a period stands at `now` for writing: future, open, late (still taken) or closed. */
export function windowAt(now: Date, period: Period, res: Resolution): ReportWindow {
  if (now < chinaTime(period.start)) return 'future';
  if (!res.dueAt || now <= res.dueAt) return 'open';
  if (res.closesAt && now > res.closesAt) return 'closed';
  return 'late';
}

/** A submitted report is late when it came after the deadline it was due by. */
export function isLate(submittedAt: Date, dueAt: Date | null): boolean {
  return dueAt !== null && submittedAt > dueAt;
}

/** One person's state for one period at `now`. */
export function cellState(now: Date, res: Resolution, submitted: { late: boolean } | undefined): ReportState {
  if (submitted) return submitted.late ? 'late' : 'on_time';
  if (!res.due || !res.dueAt) return 'not_due';
  return now <= res.dueAt ? 'pending' : 'missing';
}
