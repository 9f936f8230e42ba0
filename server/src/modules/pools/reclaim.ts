import { RECLAIM_RULES, type ReclaimRule } from '@tuoke/shared';
import { addDays, localDate } from '../../lib/dates.js';

/** A pool's rule for one customer level (or '*'): N days per rule, null = off. */
export interface LevelRule {
  level: string;
  noFollowUpDays: number | null;
  noOpportunityDays: number | null;
  notWonDays: number | null;
  warnDays: number;
}

/** What the rules read about one owned record. */
export interface ReclaimFacts {
  level: string | null;
  /** When the current owner got it (claim/assign; else its creation). */
  ownedSince: string;
  /** The last completed activity on it (for an account also on its contacts and deals). */
  lastFollowUpAt: string | null;
  hasOpenOpportunity: boolean;
  wonSinceOwned: boolean;
}

export interface ReclaimDecision {
  rule: ReclaimRule;
  ruleDays: number;
  /** The China-time date on which the record goes back to the pool if nothing changes. */
  reclaimDate: string;
  warnDate: string;
  daysIdle: number;
  daysOwned: number;
}

/** Calendar days from `a` to `b` (both YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The rule for a level: the level's own, else the pool's '*' rule. */
export function ruleFor(rules: LevelRule[], level: string | null): LevelRule | undefined {
  return (level ? rules.find((r) => r.level === level) : undefined) ?? rules.find((r) => r.level === '*');
}

/**
 * When a record goes back to its pool, and why: the earliest date any of its rule's parts is met,
 * assuming nothing changes from today (no follow-up, no new deal). Dates are China-time calendar
 * days: a record last followed up on day L with "no follow-up for N days" is reclaimed on L+N,
 * the day it has gone N whole days without one. The clock of the other two parts is the day the
 * owner got it. Null when the rule has no part that can apply (a deal is open, one was won).
 */
export function decideReclaim(rule: LevelRule, facts: ReclaimFacts, today: string): ReclaimDecision | null {
  const ownedDay = localDate(new Date(facts.ownedSince));
  const idleSince =
    facts.lastFollowUpAt && Date.parse(facts.lastFollowUpAt) > Date.parse(facts.ownedSince)
      ? facts.lastFollowUpAt
      : facts.ownedSince;
  const idleDay = localDate(new Date(idleSince));
  const candidates: { rule: ReclaimRule; days: number; date: string }[] = [];
  if (rule.noFollowUpDays)
    candidates.push({
      rule: 'no_follow_up',
      days: rule.noFollowUpDays,
      date: addDays(idleDay, rule.noFollowUpDays),
    });
  if (rule.noOpportunityDays && !facts.hasOpenOpportunity)
    candidates.push({
      rule: 'no_opportunity',
      days: rule.noOpportunityDays,
      date: addDays(ownedDay, rule.noOpportunityDays),
    });
  if (rule.notWonDays && !facts.wonSinceOwned)
    candidates.push({ rule: 'not_won', days: rule.notWonDays, date: addDays(ownedDay, rule.notWonDays) });
  if (!candidates.length) return null;
  candidates.sort((a, b) =>
    a.date !== b.date
      ? a.date < b.date
        ? -1
        : 1
      : RECLAIM_RULES.indexOf(a.rule) - RECLAIM_RULES.indexOf(b.rule),
  );
  const first = candidates[0]!;
  return {
    rule: first.rule,
    ruleDays: first.days,
    reclaimDate: first.date,
    warnDate: addDays(first.date, -rule.warnDays),
    daysIdle: Math.max(0, daysBetween(idleDay, today)),
    daysOwned: Math.max(0, daysBetween(ownedDay, today)),
  };
}
