import { Type, type Static } from 'typebox';
import { DateOnly, Id, Nullable, OptText, Text, Timestamp, Version } from './common.js';

/*
 * SMART targets (目标): a metric, a number in its unit, a period with its dates, an owner and the
 * plan it serves. Targets cascade company -> teams -> reps and year -> quarters -> months.
 * Attainment is measured live from the results, never stored.
 */

export const TARGET_METRICS = [
  'revenue',
  'contract_amount',
  'payments',
  'units',
  'new_customers',
  'market_share',
  'activities',
] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];
/** Metrics whose value is money (fen); units/new_customers/activities are counts, market_share bp. */
export const MONEY_METRICS: readonly TargetMetric[] = ['revenue', 'contract_amount', 'payments'];
export const TARGET_PERIOD_TYPES = ['year', 'quarter', 'month'] as const;
export type TargetPeriodType = (typeof TARGET_PERIOD_TYPES)[number];
export const TARGET_OWNER_TYPES = ['company', 'team', 'territory', 'rep', 'product', 'channel'] as const;
export type TargetOwnerType = (typeof TARGET_OWNER_TYPES)[number];
export const SPLIT_METHODS = ['potential', 'last_year', 'even', 'manual'] as const;
export type SplitMethod = (typeof SPLIT_METHODS)[number];
export const CASCADE_DIMENSIONS = ['team', 'rep', 'period'] as const;
export type CascadeDimension = (typeof CASCADE_DIMENSIONS)[number];
/** 目标 / 冲刺 / 挑战: the highest level the actual has reached. */
export const TARGET_LEVELS = ['none', 'target', 'stretch', 'challenge'] as const;
export type TargetLevel = (typeof TARGET_LEVELS)[number];
export const TARGET_STATUSES = ['draft', 'active'] as const;

/** Default 冲刺 and 挑战 levels, in basis points of the target value. */
export const DEFAULT_STRETCH_BP = 11_000;
export const DEFAULT_CHALLENGE_BP = 12_500;

const Amount = Type.Integer({ maximum: 100_000_000_000_000 });

/**
 * The SMART parts are optional in the schema on purpose: the server answers a missing part with a
 * 400 that names it (specific / measurable / time-bound / relevant) instead of a bare "required".
 */
export const TargetCreate = Type.Object(
  {
    name: Type.Optional(Text(200)),
    metric: Type.Optional(Type.Enum(TARGET_METRICS)),
    value: Type.Optional(Amount),
    periodType: Type.Optional(Type.Enum(TARGET_PERIOD_TYPES)),
    startDate: Type.Optional(DateOnly),
    endDate: Type.Optional(DateOnly),
    ownerType: Type.Optional(Type.Enum(TARGET_OWNER_TYPES)),
    ownerId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    planId: Type.Optional(Nullable(Id)),
    marketId: Type.Optional(Nullable(Id)),
    stretchValue: Type.Optional(Nullable(Amount)),
    challengeValue: Type.Optional(Nullable(Amount)),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    description: OptText(2000),
    status: Type.Optional(Type.Enum(TARGET_STATUSES)),
  },
  { additionalProperties: false },
);
export type TargetCreate = Static<typeof TargetCreate>;

export const TargetUpdate = Type.Object(
  {
    name: Type.Optional(Text(200, 1)),
    value: Type.Optional(Amount),
    stretchValue: Type.Optional(Amount),
    challengeValue: Type.Optional(Amount),
    planId: Type.Optional(Nullable(Id)),
    description: OptText(2000),
    status: Type.Optional(Type.Enum(TARGET_STATUSES)),
    version: Version,
  },
  { additionalProperties: false },
);
export type TargetUpdate = Static<typeof TargetUpdate>;

/** Live attainment against the period's time elapsed (the clock is the server's, China dates). */
export const TargetAttainment = Type.Object({
  actual: Type.Integer(),
  /** actual ÷ value in basis points (10000 = 100 %). */
  attainmentBp: Type.Integer(),
  /** Share of the period elapsed today, basis points. */
  expectedBp: Type.Integer(),
  /** attainment ÷ expected (10000 = exactly on pace); null before the period starts. */
  paceBp: Nullable(Type.Integer()),
  /** actual ÷ share of the period elapsed: where the period ends at this pace; null before it starts. */
  projected: Nullable(Type.Integer()),
  level: Type.Enum(TARGET_LEVELS),
});
export type TargetAttainment = Static<typeof TargetAttainment>;

export const Target = Type.Object({
  id: Id,
  planId: Nullable(Id),
  planName: Nullable(Type.String()),
  parentId: Nullable(Id),
  name: Type.String(),
  metric: Type.Enum(TARGET_METRICS),
  value: Type.Integer(),
  stretchValue: Type.Integer(),
  challengeValue: Type.Integer(),
  periodType: Type.Enum(TARGET_PERIOD_TYPES),
  startDate: DateOnly,
  endDate: DateOnly,
  ownerType: Type.Enum(TARGET_OWNER_TYPES),
  ownerId: Nullable(Type.String()),
  ownerName: Type.String(),
  marketId: Nullable(Id),
  splitMethod: Nullable(Type.Enum(SPLIT_METHODS)),
  currency: Type.String(),
  description: Nullable(Type.String()),
  status: Type.Enum(TARGET_STATUSES),
  childCount: Type.Integer(),
  /** Whether the caller may change it (and cascade it). */
  canEdit: Type.Boolean(),
  attainment: TargetAttainment,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type Target = Static<typeof Target>;

export const TargetListQuery = Type.Object(
  {
    /** Targets whose period contains this date (default: today). */
    on: Type.Optional(DateOnly),
    periodType: Type.Optional(Type.Enum(TARGET_PERIOD_TYPES)),
    metric: Type.Optional(Type.Enum(TARGET_METRICS)),
    ownerType: Type.Optional(Type.Enum(TARGET_OWNER_TYPES)),
    ownerId: Type.Optional(Type.String({ maxLength: 64 })),
    planId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type TargetListQuery = Static<typeof TargetListQuery>;
export const TargetList = Type.Object({ items: Type.Array(Target) });
export type TargetList = Static<typeof TargetList>;

export const TargetWarning = Type.Object({
  code: Type.Enum(['far_above_achievable', 'trivially_low']),
  message: Type.String(),
});
export type TargetWarning = Static<typeof TargetWarning>;
/** The numbers behind the warnings, in the metric's unit. */
export const TargetCheck = Type.Object({
  warnings: Type.Array(TargetWarning),
  lastYear: Type.Integer(),
  /** Expected market growth applied to last year (bp); 0 without a market. */
  growthBp: Type.Integer(),
  /** Weighted open pipeline closing in the period (money metrics only, else 0). */
  pipeline: Type.Integer(),
  /** Results so far in the period. */
  soFar: Type.Integer(),
  /** max(last year × (1 + growth), pipeline + so far) */
  achievable: Type.Integer(),
});
export type TargetCheck = Static<typeof TargetCheck>;
export const TargetSaved = Type.Object({ target: Target, check: TargetCheck });
export type TargetSaved = Static<typeof TargetSaved>;

export const CascadeRequest = Type.Object(
  {
    dimension: Type.Enum(CASCADE_DIMENSIONS),
    method: Type.Enum(SPLIT_METHODS),
    /**
     * Manual: every child with its value. Other methods: optionally the children to include
     * (ownerId for teams and reps, startDate for periods), without values.
     */
    children: Type.Optional(
      Type.Array(
        Type.Object(
          {
            ownerId: Type.Optional(Id),
            startDate: Type.Optional(DateOnly),
            value: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000_000_000 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CascadeRequest = Static<typeof CascadeRequest>;

export const CascadeChild = Type.Object({
  ownerType: Type.Enum(TARGET_OWNER_TYPES),
  ownerId: Nullable(Type.String()),
  ownerName: Type.String(),
  periodType: Type.Enum(TARGET_PERIOD_TYPES),
  startDate: DateOnly,
  endDate: DateOnly,
  /** The child's basis in the method's unit (potential or pipeline in fen, last year's result…). */
  basis: Type.Integer(),
  /** Share of the parent, basis points (rounded; the values are exact). */
  weightBp: Type.Integer(),
  value: Type.Integer(),
  /** An existing child target this cascade updates, else null (a new one). */
  existingId: Nullable(Id),
});
export type CascadeChild = Static<typeof CascadeChild>;
export const CascadePreview = Type.Object({
  parentId: Id,
  parentValue: Type.Integer(),
  dimension: Type.Enum(CASCADE_DIMENSIONS),
  method: Type.Enum(SPLIT_METHODS),
  /** How the weights were made (and any fallback taken), in English; the UI shows its own text per code. */
  explanation: Type.String(),
  /** potential | pipeline | pipeline_last_year | last_year | even | manual: what the basis is. */
  basisKind: Type.String(),
  /** True when the method had no data (no potentials, no history) and another basis was used. */
  fallback: Type.Boolean(),
  children: Type.Array(CascadeChild),
  total: Type.Integer(),
  /** parent value − total (0 unless a manual split leaves some unassigned). */
  difference: Type.Integer(),
});
export type CascadePreview = Static<typeof CascadePreview>;
export const CascadeResult = Type.Object({
  preview: CascadePreview,
  children: Type.Array(Target),
});
export type CascadeResult = Static<typeof CascadeResult>;

export const PacePoint = Type.Object({
  date: DateOnly,
  /** Cumulative actual to this date; null for dates still ahead. */
  actual: Nullable(Type.Integer()),
  /** Where a steady pace would be by this date. */
  expected: Type.Integer(),
});
export const RankingRow = Type.Object({
  rank: Type.Integer(),
  targetId: Id,
  ownerName: Type.String(),
  name: Type.String(),
  value: Type.Integer(),
  actual: Type.Integer(),
  attainmentBp: Type.Integer(),
  paceBp: Nullable(Type.Integer()),
  level: Type.Enum(TARGET_LEVELS),
});
export type RankingRow = Static<typeof RankingRow>;
export const TargetDetail = Type.Object({
  target: Target,
  /** The chain up to the top (visible ancestors only), nearest last. */
  ancestors: Type.Array(Type.Object({ id: Id, name: Type.String(), ownerName: Type.String() })),
  pace: Type.Array(PacePoint),
  /** Its children ranked by attainment. */
  ranking: Type.Array(RankingRow),
});
export type TargetDetail = Static<typeof TargetDetail>;
