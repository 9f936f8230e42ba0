import { Type, type Static } from 'typebox';
import { CurrencyCode, DateOnly, Id, MoneyMinor, Nullable, OptText, Timestamp, Version } from './common.js';

export const QUOTE_STATUSES = [
  'draft',
  'pending_approval',
  'approved',
  'sent',
  'accepted',
  'declined',
  'expired',
  'superseded',
] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

const Bp = Type.Integer({ minimum: 0, maximum: 10_000, description: 'basis points: 1000 = 10.00%' });

export const QuoteItem = Type.Object({
  id: Id,
  productId: Id,
  name: Type.String(),
  quantity: Type.Integer(),
  listPrice: MoneyMinor,
  unitPrice: MoneyMinor,
  discountBp: Type.Integer(),
  amount: MoneyMinor,
  /** The product's cost per unit when the line was priced (a snapshot); null when unknown. Internal. */
  unitCost: Nullable(MoneyMinor),
});
export type QuoteItem = Static<typeof QuoteItem>;

export const QuoteItemInput = Type.Object(
  {
    productId: Id,
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    unitPrice: Type.Optional(MoneyMinor),
    discountBp: Type.Optional(Bp),
  },
  { additionalProperties: false },
);

export const Quote = Type.Object({
  id: Id,
  opportunityId: Id,
  opportunityName: Type.String(),
  accountId: Id,
  accountName: Type.String(),
  number: Type.String(),
  revision: Type.Integer(),
  previousId: Nullable(Id),
  status: Type.Enum(QUOTE_STATUSES),
  currency: CurrencyCode,
  discountBp: Type.Integer(),
  taxRateBp: Type.Integer(),
  validUntil: DateOnly,
  /** Σ quantity × catalogue price: what the discount for approval is measured against. */
  listTotal: MoneyMinor,
  subtotal: MoneyMinor,
  discountAmount: MoneyMinor,
  taxAmount: MoneyMinor,
  total: MoneyMinor,
  /** Overall discount against the catalogue price, in basis points. */
  effectiveDiscountBp: Type.Integer(),
  /** Σ quantity × unit cost; null when any line's cost is unknown. Internal, like marginBp. */
  costTotal: Nullable(MoneyMinor),
  /**
   * Gross margin, (net before tax − costTotal) / net, in basis points (see quoteMargin in
   * pricing.ts); negative when selling below cost; null when the cost is unknown or the net is 0.
   */
  marginBp: Nullable(Type.Integer()),
  notes: Nullable(Type.String()),
  approvalRequestId: Nullable(Id),
  ownerId: Id,
  ownerName: Type.String(),
  acceptedBy: Nullable(Type.String()),
  decidedAt: Nullable(Timestamp),
  items: Type.Array(QuoteItem),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type Quote = Static<typeof Quote>;

export const QuoteCreate = Type.Object(
  {
    opportunityId: Id,
    items: Type.Array(QuoteItemInput, { minItems: 1, maxItems: 100 }),
    discountBp: Type.Optional(Bp),
    taxRateBp: Type.Optional(Bp),
    validUntil: DateOnly,
    currency: Type.Optional(CurrencyCode),
    notes: OptText(2000),
  },
  { additionalProperties: false },
);
export type QuoteCreate = Static<typeof QuoteCreate>;

export const QuoteUpdate = Type.Object(
  {
    items: Type.Optional(Type.Array(QuoteItemInput, { minItems: 1, maxItems: 100 })),
    discountBp: Type.Optional(Bp),
    taxRateBp: Type.Optional(Bp),
    validUntil: Type.Optional(DateOnly),
    notes: OptText(2000),
    version: Version,
  },
  { additionalProperties: false },
);
export type QuoteUpdate = Static<typeof QuoteUpdate>;

export const QuoteListQuery = Type.Object(
  {
    opportunityId: Type.Optional(Id),
    status: Type.Optional(Type.Enum(QUOTE_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type QuoteListQuery = Static<typeof QuoteListQuery>;
export const QuoteList = Type.Object({ items: Type.Array(Type.Omit(Quote, ['items'])) });

export const QuoteOutcome = Type.Object(
  { status: Type.Union([Type.Literal('accepted'), Type.Literal('declined')]), version: Version },
  { additionalProperties: false },
);
export const VersionBody = Type.Object({ version: Version }, { additionalProperties: false });

export const QuoteShareCreate = Type.Object(
  { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 14 })) },
  { additionalProperties: false },
);
export const QuoteShare = Type.Object({
  id: Id,
  /** Shown once: only its hash is stored. */
  token: Type.String(),
  path: Type.String(),
  expiresAt: Timestamp,
});
export type QuoteShare = Static<typeof QuoteShare>;

/** What the customer sees through a share link: no internal ids beyond the quote's own. */
export const PublicQuote = Type.Object({
  companyName: Type.String(),
  accountName: Type.String(),
  number: Type.String(),
  revision: Type.Integer(),
  status: Type.Enum(QUOTE_STATUSES),
  currency: CurrencyCode,
  validUntil: DateOnly,
  // never cost or margin: those are internal
  items: Type.Array(Type.Omit(QuoteItem, ['id', 'productId', 'listPrice', 'unitCost'])),
  subtotal: MoneyMinor,
  discountBp: Type.Integer(),
  discountAmount: MoneyMinor,
  taxRateBp: Type.Integer(),
  taxAmount: MoneyMinor,
  total: MoneyMinor,
  totalInWords: Type.String(),
  notes: Nullable(Type.String()),
  acceptedBy: Nullable(Type.String()),
});
export type PublicQuote = Static<typeof PublicQuote>;
export const PublicQuoteAccept = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export const TokenParams = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
});
