/** Closed value lists shared by the server (validation) and the web app (labels, pickers). */

export const ACCOUNT_KINDS = ['company', 'individual'] as const;
export const ACCOUNT_SIZES = ['micro', 'small', 'medium', 'large', 'enterprise'] as const;
export const ACCOUNT_LEVELS = ['A', 'B', 'C', 'D'] as const;
export const SOURCES = [
  'market_research',
  'seo',
  'social',
  'email',
  'trade_show',
  'seminar',
  'referral',
  'website',
  'cold_call',
  'partner',
  'other',
] as const;
export const REGIONS = ['华东', '华南', '华北', '华中', '西南', '西北', '东北'] as const;
export const INDUSTRIES = [
  'manufacturing',
  'it',
  'finance',
  'retail',
  'healthcare',
  'education',
  'logistics',
  'energy',
  'construction',
  'government',
  'other',
] as const;
export const DECISION_ROLES = [
  'decision_maker',
  'influencer',
  'evaluator',
  'user',
  'gatekeeper',
  'champion',
] as const;
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'disqualified', 'converted'] as const;
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export const OPPORTUNITY_STATUSES = STAGE_KINDS;
export const ACTIVITY_TYPES = ['call', 'visit', 'meeting', 'email', 'task', 'note'] as const;
export const RELATED_TYPES = ['account', 'contact', 'lead', 'opportunity'] as const;
export const TEAM_TYPES = ['region', 'product', 'segment'] as const;
/** Sales channels a deal comes through (issue 6: channel shares of a target, results per channel). */
export const CHANNELS = [
  'direct',
  'ecommerce',
  'distributor',
  'store',
  'partner',
  'telesales',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];
export const LOCALES = ['zh-CN', 'en'] as const;
/** Monthly income of an individual customer (CNY): <5k, 5–10k, 10–20k, 20–50k, >50k. */
export const INCOME_BANDS = ['under_5k', '5k_10k', '10k_20k', '20k_50k', 'over_50k'] as const;
export type IncomeBand = (typeof INCOME_BANDS)[number];

export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export type StageKind = (typeof STAGE_KINDS)[number];
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export type RelatedType = (typeof RELATED_TYPES)[number];
export type TeamType = (typeof TEAM_TYPES)[number];
export type Locale = (typeof LOCALES)[number];
