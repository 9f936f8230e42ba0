import { Type, type Static } from 'typebox';
import { CurrencyCode, Id, MoneyMinor, Nullable, OptText, Text, Timestamp, Version } from './common.js';
import { PainPointId } from './needs.js';

/*
 * Solution proposals (解决方案 / 方案书): answer a needs record pain point by pain point with
 * catalogue products and services, priced on the server, numbered FA-YYYYMMDD-NNNN, as a PDF.
 */

export const PROPOSAL_STATUSES = ['draft', 'sent', 'accepted', 'declined'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const ProposalItem = Type.Object({
  id: Id,
  productId: Id,
  sku: Type.String(),
  name: Type.String(),
  unit: Nullable(Type.String()),
  quantity: Type.Integer(),
  /** The catalogue price when the item was priced. */
  listPrice: MoneyMinor,
  unitPrice: MoneyMinor,
  /** quantity × unitPrice, exact in fen. */
  amount: MoneyMinor,
});
export type ProposalItem = Static<typeof ProposalItem>;

export const ProposalSection = Type.Object({
  id: Id,
  painPointId: Type.String(),
  /** The pain point as it read when the section was written. */
  painPoint: Type.String(),
  severity: Type.Integer(),
  /** How the products solve it. */
  solution: Type.String(),
  items: Type.Array(ProposalItem),
  subtotal: MoneyMinor,
});
export type ProposalSection = Static<typeof ProposalSection>;

export const Proposal = Type.Object({
  id: Id,
  number: Type.String(),
  needsId: Id,
  needsTitle: Type.String(),
  accountId: Id,
  accountName: Type.String(),
  opportunityId: Nullable(Id),
  opportunityName: Nullable(Type.String()),
  contactId: Nullable(Id),
  contactName: Nullable(Type.String()),
  title: Type.String(),
  summary: Nullable(Type.String()),
  status: Type.Enum(PROPOSAL_STATUSES),
  currency: CurrencyCode,
  total: MoneyMinor,
  /** 人民币大写 of the total. */
  totalInWords: Type.String(),
  sections: Type.Array(ProposalSection),
  ownerId: Id,
  ownerName: Type.String(),
  sentAt: Nullable(Timestamp),
  decidedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type Proposal = Static<typeof Proposal>;
export const ProposalSummary = Type.Omit(Proposal, ['sections']);
export type ProposalSummary = Static<typeof ProposalSummary>;

export const ProposalItemInput = Type.Object(
  {
    productId: Id,
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    /** Defaults to the catalogue price. */
    unitPrice: Type.Optional(MoneyMinor),
  },
  { additionalProperties: false },
);
export const ProposalSectionInput = Type.Object(
  {
    painPointId: PainPointId,
    solution: Text(2000, 1),
    items: Type.Array(ProposalItemInput, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type ProposalSectionInput = Static<typeof ProposalSectionInput>;

export const ProposalCreate = Type.Object(
  {
    needsId: Id,
    /** Defaults to "<account> 解决方案". */
    title: Type.Optional(Text(200, 1)),
    summary: OptText(5000),
    /** The customer's contact person; defaults to the needs record's contact. */
    contactId: Type.Optional(Nullable(Id)),
    sections: Type.Array(ProposalSectionInput, { maxItems: 30 }),
  },
  { additionalProperties: false },
);
export type ProposalCreate = Static<typeof ProposalCreate>;

export const ProposalUpdate = Type.Object(
  {
    title: Type.Optional(Text(200, 1)),
    summary: OptText(5000),
    contactId: Type.Optional(Nullable(Id)),
    sections: Type.Optional(Type.Array(ProposalSectionInput, { maxItems: 30 })),
    version: Version,
  },
  { additionalProperties: false },
);
export type ProposalUpdate = Static<typeof ProposalUpdate>;

/** draft → sent → accepted / declined; sent → draft to rework it. */
export const ProposalStatusChange = Type.Object(
  { status: Type.Enum(PROPOSAL_STATUSES), version: Version },
  { additionalProperties: false },
);
export type ProposalStatusChange = Static<typeof ProposalStatusChange>;

export const ProposalListQuery = Type.Object(
  {
    accountId: Type.Optional(Id),
    needsId: Type.Optional(Id),
    opportunityId: Type.Optional(Id),
    status: Type.Optional(Type.Enum(PROPOSAL_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type ProposalListQuery = Static<typeof ProposalListQuery>;
export const ProposalList = Type.Object({ items: Type.Array(ProposalSummary) });
