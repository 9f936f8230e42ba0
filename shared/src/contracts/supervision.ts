import { Type, type Static } from 'typebox';
import { DateOnly, Id, MoneyMinor, Nullable, Timestamp } from './common.js';

/**
 * 督导 (supervision): what a manager checks every morning. Four kinds of findings, named like the
 * notifications they cause:
 * - deal_no_next_step: an open deal without a next step (no text or no date) or whose date has passed;
 * - deal_stalled: an open deal with no activity done on it and no stage change for N days
 *   (N = the stage's stall days, else the organisation's default);
 * - task_overdue: an activity not done whose due time has passed;
 * - customer_forgotten (遗忘客户): an owned account (not in a pool) whose last done activity, or its
 *   creation when it has none, is N days old (N per account level, else the default).
 * Days are calendar days in China time.
 */
export const FINDING_KINDS = [
  'deal_no_next_step',
  'deal_stalled',
  'task_overdue',
  'customer_forgotten',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const NEXT_STEP_PROBLEMS = ['missing', 'overdue'] as const;
export type NextStepProblem = (typeof NEXT_STEP_PROBLEMS)[number];

/** Thresholds: 1 day to a year. */
export const SupervisionDays = Type.Integer({ minimum: 1, maximum: 365 });

const LevelDays = Type.Optional(Nullable(SupervisionDays));
/** Days per account level overriding forgottenDays; null or absent = the default. */
export const ForgottenDaysByLevel = Type.Object(
  { A: LevelDays, B: LevelDays, C: LevelDays, D: LevelDays },
  { additionalProperties: false },
);
export type ForgottenDaysByLevel = Static<typeof ForgottenDaysByLevel>;

export const SupervisionSettings = Type.Object({
  /** Stall days for stages that have none of their own. */
  defaultStallDays: SupervisionDays,
  /** A customer not contacted for this many days is forgotten (遗忘客户). */
  forgottenDays: SupervisionDays,
  forgottenDaysByLevel: ForgottenDaysByLevel,
  /** The daily job tells owners about their own findings. */
  notifyOwners: Type.Boolean(),
  /** The daily job sends each sales manager and director a digest of their team. */
  notifyManagers: Type.Boolean(),
  updatedAt: Nullable(Timestamp),
});
export type SupervisionSettings = Static<typeof SupervisionSettings>;

export const SupervisionSettingsUpdate = Type.Object(
  {
    defaultStallDays: SupervisionDays,
    forgottenDays: SupervisionDays,
    forgottenDaysByLevel: Type.Optional(ForgottenDaysByLevel),
    notifyOwners: Type.Boolean(),
    notifyManagers: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SupervisionSettingsUpdate = Static<typeof SupervisionSettingsUpdate>;

export const Finding = Type.Object({
  kind: Type.Enum(FINDING_KINDS),
  ownerId: Id,
  ownerName: Type.String(),
  recordType: Type.Enum(['opportunity', 'activity', 'account'] as const),
  recordId: Id,
  /** The deal's or account's name, or the activity's subject. */
  name: Type.String(),
  accountId: Type.Optional(Nullable(Id)),
  accountName: Type.Optional(Nullable(Type.String())),
  stageName: Type.Optional(Type.String()),
  /**
   * Stalled: days since the last touch; forgotten: days since the last contact; overdue task: days
   * past due (0 = earlier today); no next step: days past the next step's date (overdue only).
   */
  days: Type.Optional(Type.Integer()),
  /** The threshold that applied (stall days of the stage, forgotten days of the level). */
  thresholdDays: Type.Optional(Type.Integer()),
  /** Overdue task: when it was due. */
  dueAt: Type.Optional(Timestamp),
  /** Stalled / forgotten: the last activity or stage change (null: never touched since creation). */
  lastTouchAt: Type.Optional(Nullable(Timestamp)),
  /** No next step: what is wrong. */
  reason: Type.Optional(Type.Enum(NEXT_STEP_PROBLEMS)),
  nextStep: Type.Optional(Nullable(Type.String())),
  nextStepDate: Type.Optional(Nullable(DateOnly)),
  /** Deals: amount in minor units and currency. */
  amount: Type.Optional(MoneyMinor),
  currency: Type.Optional(Type.String()),
  /** Overdue task: its type (call, visit, …) and the record it is about. */
  activityType: Type.Optional(Type.String()),
  relatedType: Type.Optional(Nullable(Type.String())),
  relatedId: Type.Optional(Nullable(Id)),
  /** Forgotten customer: its level (A–D). */
  level: Type.Optional(Nullable(Type.String())),
});
export type Finding = Static<typeof Finding>;

export const Findings = Type.Object({
  noNextStep: Type.Array(Finding),
  stalled: Type.Array(Finding),
  overdueTasks: Type.Array(Finding),
  forgotten: Type.Array(Finding),
});
export type Findings = Static<typeof Findings>;

/** Behind pace: attainment under this share of what the time elapsed expects (80 %). */
export const BEHIND_PACE_BP = 8000;

/**
 * A current target (TargetsService.currentFor) with its pace: how much of it is done
 * (attainmentBp) against how much the time elapsed expects (expectedBp), in basis points.
 * Read by the 督导看板 (rep rows), the meeting agenda (results vs target) and the 日报/周报 facts.
 */
export const TargetPace = Type.Object({
  targetId: Id,
  name: Type.String(),
  /** revenue, contract_amount, payments, units, new_customers, market_share, activities */
  metric: Type.String(),
  /** year, quarter, month */
  periodType: Type.String(),
  startDate: DateOnly,
  endDate: DateOnly,
  /** The number to reach: fen for money metrics, a count otherwise (market share: bp). */
  value: Type.Integer(),
  actual: Type.Integer(),
  attainmentBp: Type.Integer(),
  /** The share of the period elapsed (what attainment should be by now). */
  expectedBp: Type.Integer(),
  /** attainment ÷ expected (10000 = on pace); null before the period starts. */
  paceBp: Nullable(Type.Integer()),
  /** paceBp under BEHIND_PACE_BP. */
  behindPace: Type.Boolean(),
  /** target / stretch / challenge level reached (or below). */
  level: Type.String(),
  currency: Type.String(),
});
export type TargetPace = Static<typeof TargetPace>;

/** A current target as TargetPace: computes the pace and whether it is behind. */
export function targetPace(t: {
  targetId: string;
  name: string;
  metric: string;
  periodType: string;
  startDate: string;
  endDate: string;
  value: number;
  actual: number;
  attainmentBp: number;
  expectedBp: number;
  level: string;
  currency: string;
}): TargetPace {
  const paceBp = t.expectedBp > 0 ? Math.round((t.attainmentBp * 10_000) / t.expectedBp) : null;
  return {
    targetId: t.targetId,
    name: t.name,
    metric: t.metric,
    periodType: t.periodType,
    startDate: t.startDate,
    endDate: t.endDate,
    value: t.value,
    actual: t.actual,
    attainmentBp: t.attainmentBp,
    expectedBp: t.expectedBp,
    paceBp,
    behindPace: paceBp !== null && paceBp < BEHIND_PACE_BP,
    level: t.level,
    currency: t.currency,
  };
}

const PERIOD_RANK: Record<string, number> = { month: 0, quarter: 1, year: 2 };
/** The revenue target a pace is shown for: the narrowest period (month, then quarter, then year). */
export function revenueTargetOf<T extends { metric: string; periodType: string; startDate: string }>(
  targets: T[],
): T | null {
  return (
    targets
      .filter((t) => t.metric === 'revenue')
      .sort(
        (a, b) =>
          (PERIOD_RANK[a.periodType] ?? 9) - (PERIOD_RANK[b.periodType] ?? 9) ||
          b.startDate.localeCompare(a.startDate),
      )[0] ?? null
  );
}

export const SupervisionRepRow = Type.Object({
  ownerId: Id,
  ownerName: Type.String(),
  teamId: Nullable(Id),
  teamName: Nullable(Type.String()),
  noNextStep: Type.Integer(),
  stalled: Type.Integer(),
  overdueTasks: Type.Integer(),
  forgotten: Type.Integer(),
  openDeals: Type.Integer(),
  /** Sum of the open deals' amounts (minor units). */
  pipelineAmount: Type.Integer(),
  /** The person's current revenue target with attainment and pace (null: none set). */
  target: Nullable(TargetPace),
});
export type SupervisionRepRow = Static<typeof SupervisionRepRow>;

export const SupervisionTeam = Type.Object({ id: Id, name: Type.String(), parentId: Nullable(Id) });
export type SupervisionTeam = Static<typeof SupervisionTeam>;

export const SupervisionBoard = Type.Object({
  asOf: Timestamp,
  /** Today in China time (YYYY-MM-DD): what "overdue" and "days" count from. */
  today: DateOnly,
  teamId: Nullable(Id),
  /** The teams the caller may pick (their scope). */
  teams: Type.Array(SupervisionTeam),
  settings: SupervisionSettings,
  reps: Type.Array(SupervisionRepRow),
  /** How many findings of each kind there are in the selection. */
  counts: Type.Object({
    noNextStep: Type.Integer(),
    stalled: Type.Integer(),
    overdueTasks: Type.Integer(),
    forgotten: Type.Integer(),
  }),
  /** The most pressing findings of each kind, at most `findingsLimit` per kind (see counts). */
  findings: Findings,
  findingsLimit: Type.Integer(),
});
export type SupervisionBoard = Static<typeof SupervisionBoard>;

export const SupervisionQuery = Type.Object(
  {
    /** A team and its sub-teams (within the caller's scope). */
    teamId: Type.Optional(Id),
    ownerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type SupervisionQuery = Static<typeof SupervisionQuery>;

/**
 * An open deal's next-step problem on `today` (YYYY-MM-DD): missing (no text or no date),
 * overdue (the date has passed), or null when it is fine or the deal is closed.
 */
export function nextStepProblem(
  deal: { status: string; nextStep: string | null; nextStepDate?: string | null },
  today: string,
): NextStepProblem | null {
  if (deal.status !== 'open') return null;
  if (!deal.nextStep?.trim() || !deal.nextStepDate) return 'missing';
  return deal.nextStepDate < today ? 'overdue' : null;
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
