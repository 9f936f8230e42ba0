import { Type, type Static } from 'typebox';
import {
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
import { DECISION_ROLES } from './enums.js';

/*
 * Needs analysis (需求分析): what one customer has, suffers from, wants, can spend and when, and
 * who decides. Access follows the account.
 */

export const BUDGET_STATUSES = ['confirmed', 'estimated', 'unknown'] as const;
export type BudgetStatus = (typeof BUDGET_STATUSES)[number];
export const PAIN_CATEGORIES = [
  'efficiency',
  'cost',
  'visibility',
  'quality',
  'cash_flow',
  'compliance',
  'growth',
  'it_systems',
  'other',
] as const;
export type PainCategory = (typeof PAIN_CATEGORIES)[number];

/** Pain point ids are short and stable: proposals point at them. */
export const PainPointId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' });

export const PainPoint = Type.Object({
  id: PainPointId,
  description: Type.String(),
  /** 1 (minor) … 5 (critical). */
  severity: Type.Integer({ minimum: 1, maximum: 5 }),
  category: Type.Enum(PAIN_CATEGORIES),
});
export type PainPoint = Static<typeof PainPoint>;

export const PainPointInput = Type.Object(
  {
    /** Keep the id of an existing pain point when editing; a new one gets an id from the server. */
    id: Type.Optional(PainPointId),
    description: Text(500, 1),
    severity: Type.Integer({ minimum: 1, maximum: 5 }),
    category: Type.Optional(Type.Enum(PAIN_CATEGORIES, { default: 'other' })),
  },
  { additionalProperties: false },
);
export type PainPointInput = Static<typeof PainPointInput>;

export const DecisionMaker = Type.Object({
  contactId: Id,
  contactName: Type.String(),
  contactTitle: Nullable(Type.String()),
  role: Type.Enum(DECISION_ROLES),
});
export type DecisionMaker = Static<typeof DecisionMaker>;
export const DecisionMakerInput = Type.Object(
  { contactId: Id, role: Type.Enum(DECISION_ROLES) },
  { additionalProperties: false },
);

/** Which parts a stage checklist (痛点 / 预算 / 决策人 / 时间表) can rely on. */
export const NeedsCompleteness = Type.Object({
  painPoints: Type.Boolean({ description: 'at least one pain point' }),
  budget: Type.Boolean({ description: 'budget confirmed or estimated, with an amount or a range' }),
  decisionMakers: Type.Boolean({ description: 'at least one contact with the decision_maker role' }),
  timeline: Type.Boolean({ description: 'a decision date' }),
});
export type NeedsCompleteness = Static<typeof NeedsCompleteness>;

export const NeedsRecord = Type.Object({
  id: Id,
  accountId: Id,
  accountName: Type.String(),
  opportunityId: Nullable(Id),
  opportunityName: Nullable(Type.String()),
  contactId: Nullable(Id),
  contactName: Nullable(Type.String()),
  title: Type.String(),
  situation: Nullable(Type.String()),
  painPoints: Type.Array(PainPoint),
  goals: Nullable(Type.String()),
  /** A single figure in fen, or a range (budgetMin … budgetMax); never both. */
  budgetAmount: Nullable(MoneyMinor),
  budgetMin: Nullable(MoneyMinor),
  budgetMax: Nullable(MoneyMinor),
  currency: CurrencyCode,
  budgetStatus: Type.Enum(BUDGET_STATUSES),
  decisionDate: Nullable(DateOnly),
  goLiveDate: Nullable(DateOnly),
  decisionMakers: Type.Array(DecisionMaker),
  competitors: Type.Array(Type.String()),
  notes: Nullable(Type.String()),
  /** The questionnaire answer set it was prefilled from, if any. */
  sourceResponseId: Nullable(Id),
  completeness: NeedsCompleteness,
  complete: Type.Boolean(),
  createdBy: Id,
  createdByName: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type NeedsRecord = Static<typeof NeedsRecord>;

const editable = {
  opportunityId: Type.Optional(Nullable(Id)),
  contactId: Type.Optional(Nullable(Id)),
  title: Text(200, 1),
  situation: OptText(5000),
  painPoints: Type.Optional(Type.Array(PainPointInput, { maxItems: 30 })),
  goals: OptText(5000),
  budgetAmount: Type.Optional(Nullable(MoneyMinor)),
  budgetMin: Type.Optional(Nullable(MoneyMinor)),
  budgetMax: Type.Optional(Nullable(MoneyMinor)),
  currency: Type.Optional(CurrencyCode),
  budgetStatus: Type.Optional(Type.Enum(BUDGET_STATUSES)),
  decisionDate: Type.Optional(Nullable(DateOnly)),
  goLiveDate: Type.Optional(Nullable(DateOnly)),
  decisionMakers: Type.Optional(Type.Array(DecisionMakerInput, { maxItems: 30 })),
  competitors: Type.Optional(Type.Array(Text(100, 1), { maxItems: 20 })),
  notes: OptText(5000),
};

export const NeedsCreate = Type.Object(
  { accountId: Id, ...editable, sourceResponseId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false },
);
export type NeedsCreate = Static<typeof NeedsCreate>;

export const NeedsUpdate = Type.Object(
  { ...editable, title: Type.Optional(editable.title), version: Version },
  { additionalProperties: false },
);
export type NeedsUpdate = Static<typeof NeedsUpdate>;

export const NeedsListQuery = Type.Object(
  {
    accountId: Type.Optional(Id),
    opportunityId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type NeedsListQuery = Static<typeof NeedsListQuery>;
export const NeedsList = Type.Object({ items: Type.Array(NeedsRecord) });

export const NeedsChange = Type.Object({
  field: Type.String(),
  oldValue: Nullable(Type.String()),
  newValue: Nullable(Type.String()),
  userId: Nullable(Id),
  userName: Nullable(Type.String()),
  changedAt: Timestamp,
});
export type NeedsChange = Static<typeof NeedsChange>;
export const NeedsHistory = Type.Object({ items: Type.Array(NeedsChange) });
export type NeedsHistory = Static<typeof NeedsHistory>;

/** What ticking the opportunity's checklist from a needs record did. */
export const NeedsChecklistResult = Type.Object({
  opportunityId: Id,
  stageId: Id,
  /** Checklist item ids ticked now. */
  ticked: Type.Array(Type.String()),
  /** Item ids the record could tick but whose part is not complete yet. */
  incomplete: Type.Array(Type.String()),
  /** The label of each item above, by id. */
  labels: Type.Record(Type.String(), Type.String()),
});
export type NeedsChecklistResult = Static<typeof NeedsChecklistResult>;

/** What a needs record has covered; `complete` when all four parts are. Pure, for both sides. */
export function needsCompleteness(r: {
  painPoints: readonly unknown[];
  budgetStatus: BudgetStatus;
  budgetAmount: number | null;
  budgetMin: number | null;
  budgetMax: number | null;
  decisionMakers: readonly { role: string }[];
  decisionDate: string | null;
}): NeedsCompleteness {
  return {
    painPoints: r.painPoints.length > 0,
    budget:
      r.budgetStatus !== 'unknown' &&
      (r.budgetAmount !== null || r.budgetMin !== null || r.budgetMax !== null),
    decisionMakers: r.decisionMakers.some((d) => d.role === 'decision_maker'),
    timeline: r.decisionDate !== null,
  };
}
