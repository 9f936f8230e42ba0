import { Type, type Static } from 'typebox';
import {
  Audit,
  CurrencyCode,
  DateOnly,
  Id,
  ListQueryBase,
  MoneyMinor,
  Nullable,
  OptText,
  Owner,
  Page,
  Text,
  Timestamp,
} from './common.js';
import { CHANNELS, OPPORTUNITY_STATUSES } from './enums.js';

/** The opportunity list's next-step filter (督导): `missing` = no text or no date; `overdue` = date passed. */
export const NEXT_STEP_FILTERS = ['missing', 'overdue'] as const;
export type NextStepFilter = (typeof NEXT_STEP_FILTERS)[number];

export const LineItem = Type.Object({
  id: Id,
  productId: Id,
  productName: Type.String(),
  sku: Type.String(),
  quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  unitPrice: MoneyMinor,
  /** Discount in basis points of a percent: 1000 = 10.00%. */
  discountBp: Type.Integer({ minimum: 0, maximum: 10_000 }),
  amount: MoneyMinor,
});
export type LineItem = Static<typeof LineItem>;

export const LineItemInput = Type.Object(
  {
    productId: Id,
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    unitPrice: Type.Optional(MoneyMinor),
    discountBp: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);

export const Opportunity = Type.Object({
  id: Id,
  name: Text(200, 1),
  accountId: Id,
  accountName: Type.String(),
  pipelineId: Id,
  stageId: Id,
  stageName: Type.String(),
  probability: Type.Integer(),
  status: Type.Enum(OPPORTUNITY_STATUSES),
  amount: MoneyMinor,
  currency: CurrencyCode,
  expectedCloseDate: DateOnly,
  nextStep: Nullable(Text(500)),
  /** When the next step is due (YYYY-MM-DD); an open deal without one, or past it, shows as 无下一步. */
  nextStepDate: Nullable(DateOnly),
  lostReason: Nullable(Text(500)),
  /** Who won the deal when we lost it (optional, with the lost reason). */
  lostCompetitor: Nullable(Text(200)),
  /** The sales channel the deal comes through (direct when none was given). */
  channel: Type.Enum(CHANNELS),
  closedAt: Nullable(Timestamp),
  collaboratorIds: Type.Array(Id),
  items: Type.Array(LineItem),
  ...Owner,
  ...Audit,
});
export type Opportunity = Static<typeof Opportunity>;

/** The list leaves out line items and collaborators; the detail has them. */
export const OpportunityListItem = Type.Omit(Opportunity, ['items', 'collaboratorIds']);
export type OpportunityListItem = Static<typeof OpportunityListItem>;

export const OpportunityCreate = Type.Object(
  {
    name: Text(200, 1),
    accountId: Id,
    pipelineId: Type.Optional(Id),
    stageId: Type.Optional(Id),
    amount: Type.Optional(MoneyMinor),
    currency: Type.Optional(CurrencyCode),
    expectedCloseDate: DateOnly,
    nextStep: OptText(500),
    nextStepDate: Type.Optional(Nullable(DateOnly)),
    lostReason: OptText(500),
    lostCompetitor: OptText(200),
    channel: Type.Optional(Type.Enum(CHANNELS)),
    ownerId: Type.Optional(Id),
    collaboratorIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
    items: Type.Optional(Type.Array(LineItemInput, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type OpportunityCreate = Static<typeof OpportunityCreate>;

export const OpportunityUpdate = Type.Object(
  {
    ...Type.Partial(Type.Omit(OpportunityCreate, ['pipelineId'])).properties,
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type OpportunityUpdate = Static<typeof OpportunityUpdate>;

export const OpportunityListQuery = Type.Object(
  {
    ...ListQueryBase,
    ownerId: Type.Optional(Id),
    accountId: Type.Optional(Id),
    pipelineId: Type.Optional(Id),
    stageId: Type.Optional(Id),
    status: Type.Optional(Type.Enum(OPPORTUNITY_STATUSES)),
    closeFrom: Type.Optional(DateOnly),
    closeTo: Type.Optional(DateOnly),
    /** Open deals whose next step is missing (no text or no date) or overdue (its date has passed). */
    nextStep: Type.Optional(Type.Enum(NEXT_STEP_FILTERS)),
    channel: Type.Optional(Type.Enum(CHANNELS)),
  },
  { additionalProperties: false },
);
export type OpportunityListQuery = Static<typeof OpportunityListQuery>;
export const OpportunityPage = Page(OpportunityListItem);
export const OPPORTUNITY_SORTS = ['name', 'amount', 'expectedCloseDate', 'createdAt', 'updatedAt'] as const;
