import { Type, type Static } from 'typebox';
import {
  Audit,
  CurrencyCode,
  DateOnly,
  Id,
  MoneyMinor,
  Nullable,
  OptText,
  Text,
  Timestamp,
} from './common.js';
import { CHANNELS, INDUSTRIES, REGIONS } from './enums.js';

/*
 * The sales plan (issue 6): a fiscal year's plan with the share of its revenue target each channel
 * must carry, budget lines per period / territory / channel with their spend and return, and
 * versions that can be compared. Territories: regions covered by a team, ranked by potential.
 */

export const PLAN_STATUSES = ['draft', 'active', 'archived'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const BUDGET_CATEGORIES = [
  'salaries',
  'commission',
  'promotion',
  'marketing',
  'travel',
  'other',
] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];
export const BUDGET_PERIOD_TYPES = ['month', 'quarter'] as const;
export type BudgetPeriodType = (typeof BUDGET_PERIOD_TYPES)[number];
export const SPEND_SOURCES = ['manual', 'import'] as const;

const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const ShareBp = Type.Integer({ minimum: 0, maximum: 10_000, description: 'basis points: 2500 = 25 %' });

// ---- plans ----

export const SalesPlan = Type.Object({
  id: Id,
  name: Text(200, 1),
  fiscalYear: Year,
  startDate: DateOnly,
  endDate: DateOnly,
  status: Type.Enum(PLAN_STATUSES),
  currency: CurrencyCode,
  description: Nullable(Type.String()),
  ownerId: Id,
  ownerName: Type.String(),
  /** The plan's own revenue target (fen), null when none is set on the plan. */
  revenueTarget: Nullable(MoneyMinor),
  /**
   * The revenue target the channels' shares apply to: the company revenue target of the targets
   * module that serves this plan (the largest yearly one) when there is one, else revenueTarget.
   */
  targetRevenue: Nullable(MoneyMinor),
  targetSource: Type.Union([Type.Literal('target'), Type.Literal('plan'), Type.Null()]),
  /** Σ of the channels' shares (≤ 10000). */
  channelShareBp: Type.Integer(),
  ...Audit,
});
export type SalesPlan = Static<typeof SalesPlan>;

export const SalesPlanCreate = Type.Object(
  {
    name: Text(200, 1),
    fiscalYear: Year,
    /** Default: 1 January and 31 December of the fiscal year. */
    startDate: Type.Optional(DateOnly),
    endDate: Type.Optional(DateOnly),
    status: Type.Optional(Type.Enum(PLAN_STATUSES)),
    currency: Type.Optional(CurrencyCode),
    description: OptText(5000),
    ownerId: Type.Optional(Id),
    revenueTarget: Type.Optional(Nullable(MoneyMinor)),
  },
  { additionalProperties: false },
);
export type SalesPlanCreate = Static<typeof SalesPlanCreate>;

export const SalesPlanUpdate = Type.Object(
  { ...Type.Partial(SalesPlanCreate).properties, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type SalesPlanUpdate = Static<typeof SalesPlanUpdate>;

export const SalesPlanListQuery = Type.Object(
  {
    fiscalYear: Type.Optional(Year),
    status: Type.Optional(Type.Enum(PLAN_STATUSES)),
  },
  { additionalProperties: false },
);
export type SalesPlanListQuery = Static<typeof SalesPlanListQuery>;
export const SalesPlanList = Type.Object({ items: Type.Array(SalesPlan) });

// ---- channels ----

export const PlanChannelInput = Type.Object(
  { channel: Type.Enum(CHANNELS), shareBp: ShareBp, notes: OptText(1000) },
  { additionalProperties: false },
);
export const PlanChannelsPut = Type.Object(
  { channels: Type.Array(PlanChannelInput, { maxItems: CHANNELS.length }) },
  { additionalProperties: false },
);
export type PlanChannelsPut = Static<typeof PlanChannelsPut>;

export const PlanChannelResult = Type.Object({
  channel: Type.Enum(CHANNELS),
  /** The planned share; 0 for a channel that brings revenue without a planned share. */
  shareBp: Type.Integer(),
  notes: Nullable(Type.String()),
  /** targetRevenue × share, null without a revenue target. */
  target: Nullable(Type.Integer()),
  /** Revenue (won deals closed in the plan's period) that came through the channel, fen. */
  actual: Type.Integer(),
  /** The channel's part of all revenue in the period. */
  actualShareBp: Type.Integer(),
  /** actual ÷ target in basis points, null without a target. */
  attainmentBp: Nullable(Type.Integer()),
});
export const PlanChannelsReport = Type.Object({
  planId: Id,
  from: DateOnly,
  to: DateOnly,
  targetRevenue: Nullable(Type.Integer()),
  targetSource: Type.Union([Type.Literal('target'), Type.Literal('plan'), Type.Null()]),
  totalShareBp: Type.Integer(),
  totalActual: Type.Integer(),
  channels: Type.Array(PlanChannelResult),
});
export type PlanChannelsReport = Static<typeof PlanChannelsReport>;

// ---- budget ----

export const BudgetLine = Type.Object({
  id: Id,
  planId: Id,
  periodType: Type.Enum(BUDGET_PERIOD_TYPES),
  /** First day of the month or quarter. */
  periodStart: DateOnly,
  periodEnd: DateOnly,
  territoryId: Nullable(Id),
  territoryName: Nullable(Type.String()),
  channel: Nullable(Type.Enum(CHANNELS)),
  category: Type.Enum(BUDGET_CATEGORIES),
  planned: MoneyMinor,
  description: Nullable(Type.String()),
  /** Σ of the line's spend, fen. */
  spent: Type.Integer(),
  /** Revenue in the line's period, territory and channel, fen. */
  revenue: Type.Integer(),
  /** revenue ÷ spent (yuan of revenue per yuan spent), null when nothing was spent. */
  returnRatio: Nullable(Type.Number()),
  ...Audit,
});
export type BudgetLine = Static<typeof BudgetLine>;

export const BudgetLineCreate = Type.Object(
  {
    periodType: Type.Enum(BUDGET_PERIOD_TYPES),
    periodStart: DateOnly,
    territoryId: Type.Optional(Nullable(Id)),
    channel: Type.Optional(Nullable(Type.Enum(CHANNELS))),
    category: Type.Enum(BUDGET_CATEGORIES),
    planned: MoneyMinor,
    description: OptText(1000),
  },
  { additionalProperties: false },
);
export type BudgetLineCreate = Static<typeof BudgetLineCreate>;
export const BudgetLineUpdate = Type.Object(
  { ...Type.Partial(BudgetLineCreate).properties, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type BudgetLineUpdate = Static<typeof BudgetLineUpdate>;

export const BudgetQuery = Type.Object(
  {
    territoryId: Type.Optional(Id),
    channel: Type.Optional(Type.Enum(CHANNELS)),
    category: Type.Optional(Type.Enum(BUDGET_CATEGORIES)),
  },
  { additionalProperties: false },
);
export type BudgetQuery = Static<typeof BudgetQuery>;

const BudgetTotals = Type.Object({ planned: Type.Integer(), spent: Type.Integer(), revenue: Type.Integer() });
export const BudgetReport = Type.Object({
  planId: Id,
  items: Type.Array(BudgetLine),
  totals: BudgetTotals,
  /** Per month of the plan (YYYY-MM): planned and spent of its lines (quarters spread evenly), revenue. */
  months: Type.Array(
    Type.Object({
      month: Type.String(),
      planned: Type.Integer(),
      spent: Type.Integer(),
      revenue: Type.Integer(),
    }),
  ),
});
export type BudgetReport = Static<typeof BudgetReport>;

export const BudgetSpend = Type.Object({
  id: Id,
  lineId: Id,
  spentOn: DateOnly,
  amount: MoneyMinor,
  note: Nullable(Type.String()),
  source: Type.Enum(SPEND_SOURCES),
  createdBy: Nullable(Id),
  createdByName: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type BudgetSpend = Static<typeof BudgetSpend>;
export const BudgetSpendList = Type.Object({ items: Type.Array(BudgetSpend) });
export const BudgetSpendCreate = Type.Object(
  {
    spentOn: DateOnly,
    amount: Type.Integer({ minimum: 1, maximum: 100_000_000_000_000 }),
    note: OptText(500),
  },
  { additionalProperties: false },
);
export type BudgetSpendCreate = Static<typeof BudgetSpendCreate>;

/**
 * A CSV file (UTF-8, with or without BOM) with a header row: date, amount (yuan, e.g. 1234.50), and
 * either line (a budget line id) or category + period (YYYY-MM or YYYY-Qn) + territory (name, empty =
 * none) + channel (key, empty = none); optional note. All rows or none are imported.
 */
export const SpendImport = Type.Object(
  { csv: Type.String({ minLength: 1, maxLength: 900_000 }) },
  { additionalProperties: false },
);
export type SpendImport = Static<typeof SpendImport>;
export const SpendImportResult = Type.Object({ imported: Type.Integer(), amount: Type.Integer() });

// ---- versions ----

export const PlanVersion = Type.Object({
  id: Id,
  planId: Id,
  number: Type.Integer(),
  note: Nullable(Type.String()),
  createdBy: Nullable(Id),
  createdByName: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type PlanVersion = Static<typeof PlanVersion>;
export const PlanVersionList = Type.Object({ items: Type.Array(PlanVersion) });
export const PlanVersionCreate = Type.Object({ note: OptText(500) }, { additionalProperties: false });
export type PlanVersionCreate = Static<typeof PlanVersionCreate>;

/** A version number, or `current` for the plan as it is now. */
const VersionRef = Type.String({ pattern: '^([1-9][0-9]{0,5}|current)$' });
export const PlanCompareQuery = Type.Object(
  { a: VersionRef, b: VersionRef },
  { additionalProperties: false },
);
export type PlanCompareQuery = Static<typeof PlanCompareQuery>;

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export const FieldChange = Type.Object({ field: Type.String(), old: Scalar, new: Scalar });
export type FieldChange = Static<typeof FieldChange>;
export const DiffItem = Type.Object({
  key: Type.String(),
  /** What the line is, readable (e.g. "2026-03 · marketing · 华东 · ecommerce"). */
  label: Type.String(),
  values: Type.Record(Type.String(), Scalar),
});
export const DiffSection = Type.Object({
  section: Type.Union([
    Type.Literal('plan'),
    Type.Literal('channels'),
    Type.Literal('budgetLines'),
    Type.Literal('targets'),
  ]),
  added: Type.Array(DiffItem),
  removed: Type.Array(DiffItem),
  changed: Type.Array(
    Type.Object({ key: Type.String(), label: Type.String(), fields: Type.Array(FieldChange) }),
  ),
});
export type DiffSection = Static<typeof DiffSection>;
export const PlanDiff = Type.Object({
  a: Type.String(),
  b: Type.String(),
  /** Number of differences (fields changed + lines added + lines removed); 0 = identical. */
  changes: Type.Integer(),
  sections: Type.Array(DiffSection),
});
export type PlanDiff = Static<typeof PlanDiff>;

// ---- territories ----

export const Territory = Type.Object({
  id: Id,
  name: Text(100, 1),
  regions: Type.Array(Type.Enum(REGIONS)),
  /** Empty = every industry. */
  industries: Type.Array(Type.Enum(INDUSTRIES)),
  teamId: Nullable(Id),
  teamName: Nullable(Type.String()),
  headcount: Type.Integer(),
  /** Higher wins when two territories match an account. */
  priority: Type.Integer(),
  description: Nullable(Type.String()),
  active: Type.Boolean(),
  /** Accounts currently assigned to it. */
  accounts: Type.Integer(),
  ...Audit,
});
export type Territory = Static<typeof Territory>;

export const TerritoryCreate = Type.Object(
  {
    name: Text(100, 1),
    regions: Type.Array(Type.Enum(REGIONS), { minItems: 1, maxItems: REGIONS.length, uniqueItems: true }),
    industries: Type.Optional(
      Type.Array(Type.Enum(INDUSTRIES), { maxItems: INDUSTRIES.length, uniqueItems: true }),
    ),
    teamId: Type.Optional(Nullable(Id)),
    headcount: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
    description: OptText(2000),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TerritoryCreate = Static<typeof TerritoryCreate>;
export const TerritoryUpdate = Type.Object(
  { ...Type.Partial(TerritoryCreate).properties, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type TerritoryUpdate = Static<typeof TerritoryUpdate>;
export const TerritoryList = Type.Object({ items: Type.Array(Territory) });

export const TerritoryPotential = Type.Object({
  territoryId: Id,
  teamId: Nullable(Id),
  teamName: Nullable(Type.String()),
  name: Type.String(),
  rank: Type.Integer(),
  /** Σ of the matching active markets' sizes for the year, fen (see factors). */
  marketSize: Type.Integer(),
  /** Revenue in the territory over the last 12 months, fen. */
  ourRevenue: Type.Integer(),
  /** ourRevenue ÷ marketSize in basis points (0 without a market size). */
  shareBp: Type.Integer(),
  /** Owned accounts in the territory. */
  customers: Type.Integer(),
  headcount: Type.Integer(),
  /** Active people in the territory's team (and its sub-teams). */
  members: Type.Integer(),
  /** Headroom: marketSize − ourRevenue, never below 0, fen. */
  potential: Type.Integer(),
  factors: Type.Object({
    regionalMarkets: Type.Integer(),
    regionalSize: Type.Integer(),
    nationwideMarkets: Type.Integer(),
    nationwideSize: Type.Integer(),
    /** The territory's part of the organisation's accounts, which nationwide markets are pro-rated by. */
    accountShareBp: Type.Integer(),
    revenueFrom: DateOnly,
    revenueTo: DateOnly,
  }),
});
export type TerritoryPotential = Static<typeof TerritoryPotential>;
export const TerritoryPotentialsQuery = Type.Object(
  { year: Type.Optional(Year) },
  { additionalProperties: false },
);
export const TerritoryPotentials = Type.Object({
  year: Type.Integer(),
  items: Type.Array(TerritoryPotential),
});
export type TerritoryPotentials = Static<typeof TerritoryPotentials>;
export const TerritoryReassignResult = Type.Object({
  /** Accounts whose territory changed. */
  moved: Type.Integer(),
  /** Accounts with a territory afterwards / without one. */
  assigned: Type.Integer(),
  unassigned: Type.Integer(),
});
export type TerritoryReassignResult = Static<typeof TerritoryReassignResult>;
