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
  Version,
} from './common.js';
import { INDUSTRIES, REGIONS } from './enums.js';

/*
 * Market analysis and opportunity assessment (issue 6): markets with their size history,
 * competitors (products, share per market, strengths, weaknesses, our differentiator), macro
 * factors (PEST), competitors recorded on deals with won/lost per competitor, and an explainable
 * opportunity score per market with a suggested market-share target.
 */

export const PRICE_POSITIONINGS = ['budget', 'mid', 'premium'] as const;
export type PricePositioning = (typeof PRICE_POSITIONINGS)[number];
/** PEST: policy, economy, society, technology. */
export const MACRO_CATEGORIES = ['policy', 'economy', 'society', 'technology'] as const;
export type MacroCategory = (typeof MACRO_CATEGORIES)[number];
export const MACRO_EFFECTS = ['opportunity', 'threat'] as const;
export type MacroEffect = (typeof MACRO_EFFECTS)[number];
/** A competitor on a deal: still in the race, beaten, or the one who took the deal. */
export const DEAL_COMPETITOR_STATUSES = ['active', 'won_against', 'lost_to'] as const;
export type DealCompetitorStatus = (typeof DEAL_COMPETITOR_STATUSES)[number];

const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
/** Basis points of a percent: 1250 = 12.5 %. */
const ShareBp = Type.Integer({ minimum: 0, maximum: 10_000 });
const GrowthBp = Type.Integer({ minimum: -10_000, maximum: 100_000 });
const ShortList = Type.Array(Text(200), { maxItems: 20 });

// ---------------------------------------------------------------------------------------------
// Markets

export const MarketYear = Type.Object({
  year: Year,
  size: MoneyMinor,
  notes: Nullable(Type.String()),
});
export type MarketYear = Static<typeof MarketYear>;

export const Market = Type.Object({
  id: Id,
  name: Type.String(),
  /** One of REGIONS; null = nationwide. */
  region: Nullable(Type.Enum(REGIONS)),
  /** One of INDUSTRIES; null = every industry. */
  industry: Nullable(Type.Enum(INDUSTRIES)),
  description: Nullable(Type.String()),
  currency: CurrencyCode,
  /** The size (fen) of sizeYear, the latest year of the history. */
  size: MoneyMinor,
  sizeYear: Year,
  /**
   * Yearly growth (bp): the latest year-over-year change of the history (compound across a gap);
   * with fewer than two years, the growth entered.
   */
  growthBp: Type.Integer(),
  /** True when growthBp comes from the history, false when it is the figure entered. */
  growthFromHistory: Type.Boolean(),
  active: Type.Boolean(),
  /** Size per year, oldest first. */
  years: Type.Array(MarketYear),
  competitorCount: Type.Integer(),
  ...Audit,
});
export type Market = Static<typeof Market>;

export const MarketYearInput = Type.Object(
  { year: Year, size: MoneyMinor, notes: OptText(500) },
  { additionalProperties: false },
);
export type MarketYearInput = Static<typeof MarketYearInput>;

export const MarketCreate = Type.Object(
  {
    name: Text(100, 1),
    region: Type.Optional(Nullable(Type.Enum(REGIONS))),
    industry: Type.Optional(Nullable(Type.Enum(INDUSTRIES))),
    description: OptText(2000),
    currency: Type.Optional(CurrencyCode),
    /** The current size (fen) for sizeYear; recorded in the history too. */
    size: MoneyMinor,
    sizeYear: Year,
    /** Expected growth, used while the history has fewer than two years. */
    growthBp: Type.Optional(GrowthBp),
    active: Type.Optional(Type.Boolean()),
    /** Earlier (or later) years of the history. */
    years: Type.Optional(Type.Array(MarketYearInput, { maxItems: 30 })),
  },
  { additionalProperties: false },
);
export type MarketCreate = Static<typeof MarketCreate>;

/** size/sizeYear set (or add) that year of the history; years, when sent, replaces the history. */
export const MarketUpdate = Type.Object(
  {
    name: Type.Optional(Text(100, 1)),
    region: Type.Optional(Nullable(Type.Enum(REGIONS))),
    industry: Type.Optional(Nullable(Type.Enum(INDUSTRIES))),
    description: OptText(2000),
    currency: Type.Optional(CurrencyCode),
    size: Type.Optional(MoneyMinor),
    sizeYear: Type.Optional(Year),
    growthBp: Type.Optional(GrowthBp),
    active: Type.Optional(Type.Boolean()),
    years: Type.Optional(Type.Array(MarketYearInput, { maxItems: 30 })),
    version: Version,
  },
  { additionalProperties: false },
);
export type MarketUpdate = Static<typeof MarketUpdate>;

export const MarketListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type MarketListQuery = Static<typeof MarketListQuery>;
export const MarketList = Type.Object({ items: Type.Array(Market) });
export type MarketList = Static<typeof MarketList>;

export const MarketYearParams = Type.Object({ id: Id, year: Year });
export const MarketYearBody = Type.Object(
  { size: MoneyMinor, notes: OptText(500) },
  { additionalProperties: false },
);
export type MarketYearBody = Static<typeof MarketYearBody>;

// ---------------------------------------------------------------------------------------------
// Competitors

export const CompetitorProduct = Type.Object({
  id: Id,
  name: Type.String(),
  price: Nullable(MoneyMinor),
  positioning: Nullable(Type.String()),
  /** Our comparable catalogue product. */
  productId: Nullable(Id),
  productName: Nullable(Type.String()),
});
export type CompetitorProduct = Static<typeof CompetitorProduct>;

export const CompetitorShare = Type.Object({
  marketId: Id,
  marketName: Type.String(),
  year: Year,
  shareBp: ShareBp,
});
export type CompetitorShare = Static<typeof CompetitorShare>;

export const Competitor = Type.Object({
  id: Id,
  name: Type.String(),
  website: Nullable(Type.String()),
  description: Nullable(Type.String()),
  pricePositioning: Type.Enum(PRICE_POSITIONINGS),
  strengths: Type.Array(Type.String()),
  weaknesses: Type.Array(Type.String()),
  /** Our selling point against them (功能全但复杂 → 我们简单易用). */
  ourDifferentiator: Nullable(Type.String()),
  active: Type.Boolean(),
  products: Type.Array(CompetitorProduct),
  shares: Type.Array(CompetitorShare),
  ...Audit,
});
export type Competitor = Static<typeof Competitor>;

export const CompetitorProductInput = Type.Object(
  {
    name: Text(100, 1),
    price: Type.Optional(Nullable(MoneyMinor)),
    positioning: OptText(500),
    productId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type CompetitorProductInput = Static<typeof CompetitorProductInput>;

export const CompetitorShareInput = Type.Object(
  { marketId: Id, year: Year, shareBp: ShareBp },
  { additionalProperties: false },
);
export type CompetitorShareInput = Static<typeof CompetitorShareInput>;

const competitorFields = {
  website: OptText(300),
  description: OptText(2000),
  pricePositioning: Type.Optional(Type.Enum(PRICE_POSITIONINGS)),
  strengths: Type.Optional(ShortList),
  weaknesses: Type.Optional(ShortList),
  ourDifferentiator: OptText(1000),
  active: Type.Optional(Type.Boolean()),
  /** The whole list; replaces the competitor's products. */
  products: Type.Optional(Type.Array(CompetitorProductInput, { maxItems: 50 })),
  /** The whole list; replaces the competitor's shares. Per market and year, all shares plus ours ≤ 100 %. */
  shares: Type.Optional(Type.Array(CompetitorShareInput, { maxItems: 100 })),
};

export const CompetitorCreate = Type.Object(
  { name: Text(100, 1), ...competitorFields },
  { additionalProperties: false },
);
export type CompetitorCreate = Static<typeof CompetitorCreate>;
export const CompetitorUpdate = Type.Object(
  { name: Type.Optional(Text(100, 1)), ...competitorFields, version: Version },
  { additionalProperties: false },
);
export type CompetitorUpdate = Static<typeof CompetitorUpdate>;
export const CompetitorList = Type.Object({ items: Type.Array(Competitor) });
export type CompetitorList = Static<typeof CompetitorList>;

/** Won and lost deals where the competitor was recorded, within the caller's data scope. */
export const WinLossQuery = Type.Object(
  { from: Type.Optional(DateOnly), to: Type.Optional(DateOnly) },
  { additionalProperties: false },
);
export type WinLossQuery = Static<typeof WinLossQuery>;
export const WinLossRow = Type.Object({
  competitorId: Id,
  name: Type.String(),
  won: Type.Integer(),
  wonAmount: Type.Integer(),
  lost: Type.Integer(),
  lostAmount: Type.Integer(),
  /** Open deals the competitor is recorded on (today, whatever the range). */
  open: Type.Integer(),
  /** won ÷ (won + lost) in bp; null with no closed deal. */
  winRateBp: Nullable(Type.Integer()),
});
export type WinLossRow = Static<typeof WinLossRow>;
export const WinLoss = Type.Object({
  from: DateOnly,
  to: DateOnly,
  currency: CurrencyCode,
  items: Type.Array(WinLossRow),
});
export type WinLoss = Static<typeof WinLoss>;

// ---------------------------------------------------------------------------------------------
// Competitors on deals

export const DealCompetitor = Type.Object({
  id: Id,
  opportunityId: Id,
  competitorId: Id,
  competitorName: Type.String(),
  pricePositioning: Type.Enum(PRICE_POSITIONINGS),
  ourDifferentiator: Nullable(Type.String()),
  status: Type.Enum(DEAL_COMPETITOR_STATUSES),
  notes: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type DealCompetitor = Static<typeof DealCompetitor>;
export const DealCompetitorList = Type.Object({ items: Type.Array(DealCompetitor) });
export type DealCompetitorList = Static<typeof DealCompetitorList>;
export const DealCompetitorCreate = Type.Object(
  {
    competitorId: Id,
    status: Type.Optional(Type.Enum(DEAL_COMPETITOR_STATUSES)),
    notes: OptText(1000),
  },
  { additionalProperties: false },
);
export type DealCompetitorCreate = Static<typeof DealCompetitorCreate>;
export const DealCompetitorUpdate = Type.Object(
  { status: Type.Optional(Type.Enum(DEAL_COMPETITOR_STATUSES)), notes: OptText(1000) },
  { additionalProperties: false },
);
export type DealCompetitorUpdate = Static<typeof DealCompetitorUpdate>;
export const DealCompetitorParams = Type.Object({ id: Id, linkId: Id });

// ---------------------------------------------------------------------------------------------
// Macro factors (PEST)

export const MacroFactor = Type.Object({
  id: Id,
  category: Type.Enum(MACRO_CATEGORIES),
  title: Type.String(),
  description: Nullable(Type.String()),
  effect: Type.Enum(MACRO_EFFECTS),
  /** 1 (minor) .. 5 (decisive). */
  impact: Type.Integer({ minimum: 1, maximum: 5 }),
  startDate: Nullable(DateOnly),
  endDate: Nullable(DateOnly),
  active: Type.Boolean(),
  markets: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  ...Audit,
});
export type MacroFactor = Static<typeof MacroFactor>;

const macroFields = {
  description: OptText(2000),
  startDate: Type.Optional(Nullable(DateOnly)),
  endDate: Type.Optional(Nullable(DateOnly)),
  active: Type.Optional(Type.Boolean()),
  marketIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
};
export const MacroFactorCreate = Type.Object(
  {
    category: Type.Enum(MACRO_CATEGORIES),
    title: Text(200, 1),
    effect: Type.Enum(MACRO_EFFECTS),
    impact: Type.Integer({ minimum: 1, maximum: 5 }),
    ...macroFields,
  },
  { additionalProperties: false },
);
export type MacroFactorCreate = Static<typeof MacroFactorCreate>;
export const MacroFactorUpdate = Type.Object(
  {
    category: Type.Optional(Type.Enum(MACRO_CATEGORIES)),
    title: Type.Optional(Text(200, 1)),
    effect: Type.Optional(Type.Enum(MACRO_EFFECTS)),
    impact: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    ...macroFields,
    version: Version,
  },
  { additionalProperties: false },
);
export type MacroFactorUpdate = Static<typeof MacroFactorUpdate>;
export const MacroFactorList = Type.Object({ items: Type.Array(MacroFactor) });
export type MacroFactorList = Static<typeof MacroFactorList>;

// ---------------------------------------------------------------------------------------------
// Opportunity assessment

export const ASSESSMENT_FACTORS = ['size', 'growth', 'competition', 'our_share', 'macro'] as const;
export type AssessmentFactorKey = (typeof ASSESSMENT_FACTORS)[number];

/** The most points each factor can give; they add up to 100. */
export const ASSESSMENT_MAX_POINTS: Record<AssessmentFactorKey, number> = {
  size: 25,
  growth: 20,
  competition: 20,
  our_share: 15,
  macro: 20,
};

export const AssessmentFactor = Type.Object({
  key: Type.Enum(ASSESSMENT_FACTORS),
  /**
   * The input: size = bp of the largest market's size; growth = growth bp; competition = intensity
   * in bp (0 = none, 10000 = crowded); our_share = our share bp; macro = net impact (opportunities −
   * threats).
   */
  value: Type.Integer(),
  points: Type.Number(),
  maxPoints: Type.Integer(),
});
export type AssessmentFactor = Static<typeof AssessmentFactor>;

export const MarketAssessment = Type.Object({
  marketId: Id,
  name: Type.String(),
  /** The day it was computed (China time). */
  asOf: DateOnly,
  /** 0..100, the rounded sum of the factors' points. */
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  factors: Type.Array(AssessmentFactor),
  size: MoneyMinor,
  sizeYear: Year,
  growthBp: Type.Integer(),
  largestMarketSize: MoneyMinor,
  competitorCount: Type.Integer(),
  /** The year the competitor shares are read from (latest year with shares up to now), if any. */
  shareYear: Nullable(Year),
  leader: Nullable(Type.Object({ competitorId: Id, name: Type.String(), shareBp: ShareBp })),
  competitorShareSumBp: Type.Integer(),
  /** Revenue (won deals) in the market's region/industry over the last 12 months, fen. */
  ourRevenue: Type.Integer(),
  /** ourRevenue ÷ size, bp; null when the size is 0. */
  ourShareBp: Nullable(Type.Integer()),
  macroFactors: Type.Array(
    Type.Object({ id: Id, title: Type.String(), effect: Type.Enum(MACRO_EFFECTS), impact: Type.Integer() }),
  ),
  /** Next year's suggested market share (bp), see suggestShareTarget. */
  suggestedShareBp: Nullable(Type.Integer()),
  upliftBp: Type.Integer(),
  capBp: Type.Integer(),
  suggestedYear: Year,
  /** Next year's size projected with the growth, fen, and the revenue the suggested share means. */
  nextYearSize: MoneyMinor,
  suggestedRevenue: Nullable(Type.Integer()),
});
export type MarketAssessment = Static<typeof MarketAssessment>;
export const MarketAssessmentList = Type.Object({ items: Type.Array(MarketAssessment) });
export type MarketAssessmentList = Static<typeof MarketAssessmentList>;

/**
 * The suggested market-share target for next year: our current share plus an uplift that grows
 * with the opportunity score (0.5 percentage points at score 0, +0.03 pp per point: 3.5 pp at
 * 100), capped by the leader's share when a competitor leads (we do not plan to overtake the
 * leader in one year), otherwise by what the competitors leave (100 % − their shares); never
 * below our current share.
 */
export function suggestShareTarget(
  score: number,
  ourShareBp: number,
  leaderShareBp: number | null,
  competitorShareSumBp: number,
): { upliftBp: number; capBp: number; suggestedBp: number } {
  const upliftBp = 50 + score * 3;
  const capBp =
    leaderShareBp !== null && leaderShareBp > ourShareBp
      ? leaderShareBp
      : Math.max(ourShareBp, 10_000 - competitorShareSumBp);
  const suggestedBp = Math.max(ourShareBp, Math.min(ourShareBp + upliftBp, capBp));
  return { upliftBp, capBp, suggestedBp };
}
