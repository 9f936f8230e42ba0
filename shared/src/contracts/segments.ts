import { Type, type Static } from 'typebox';
import { Audit, Id, ListQueryBase, Nullable, OptText, Owner, Page, Text } from './common.js';
import {
  ACCOUNT_KINDS,
  ACCOUNT_LEVELS,
  ACCOUNT_SIZES,
  DECISION_ROLES,
  INCOME_BANDS,
  INDUSTRIES,
  LEAD_STATUSES,
  REGIONS,
  SOURCES,
} from './enums.js';

/**
 * Segments: saved criteria over accounts, contacts or leads. Conditions are ANDed; `in`
 * ("is any of") and `contains` with several values match any of them (OR within a field).
 */
export const SEGMENT_OBJECTS = ['account', 'contact', 'lead'] as const;
export type SegmentObject = (typeof SEGMENT_OBJECTS)[number];

export const SEGMENT_OPS = ['is', 'in', 'between', 'gte', 'lte', 'contains', 'empty', 'not_empty'] as const;
export type SegmentOp = (typeof SEGMENT_OPS)[number];

/** enum: a closed list; text: free text; number; tags: a list of words; ref: a record id. */
export type SegmentFieldKind = 'enum' | 'text' | 'number' | 'tags' | 'ref';

export interface SegmentFieldDef {
  kind: SegmentFieldKind;
  /** Closed values (enum) or suggestions (text). */
  options?: readonly string[];
}

const OPS_BY_KIND: Record<SegmentFieldKind, readonly SegmentOp[]> = {
  enum: ['is', 'in', 'empty', 'not_empty'],
  text: ['is', 'in', 'contains', 'empty', 'not_empty'],
  number: ['is', 'between', 'gte', 'lte', 'empty', 'not_empty'],
  tags: ['contains', 'empty', 'not_empty'],
  ref: ['is', 'in', 'empty', 'not_empty'],
};
export const opsFor = (kind: SegmentFieldKind) => OPS_BY_KIND[kind];

/** The customer's fields (companies and consumers), for segments over accounts and contacts. */
const CUSTOMER_FIELDS = {
  kind: { kind: 'enum', options: ACCOUNT_KINDS },
  industry: { kind: 'enum', options: INDUSTRIES },
  size: { kind: 'enum', options: ACCOUNT_SIZES },
  region: { kind: 'text', options: REGIONS },
  level: { kind: 'enum', options: ACCOUNT_LEVELS },
  source: { kind: 'enum', options: SOURCES },
  incomeBand: { kind: 'enum', options: INCOME_BANDS },
  interests: { kind: 'tags' },
  /** Years since contacts.birthday (for an account: any of its contacts). */
  age: { kind: 'number' },
} as const satisfies Record<string, SegmentFieldDef>;

export const SEGMENT_FIELDS = {
  account: CUSTOMER_FIELDS,
  contact: {
    ...CUSTOMER_FIELDS,
    decisionRole: { kind: 'enum', options: DECISION_ROLES },
    email: { kind: 'text' },
  },
  lead: {
    /** Lead sources are configurable keys (the built-in ones are suggestions). */
    source: { kind: 'text', options: SOURCES },
    status: { kind: 'enum', options: LEAD_STATUSES },
    region: { kind: 'text', options: REGIONS },
    industry: { kind: 'enum', options: INDUSTRIES },
    score: { kind: 'number' },
    campaign: { kind: 'ref' },
    email: { kind: 'text' },
  },
} as const satisfies Record<SegmentObject, Record<string, SegmentFieldDef>>;

const Scalar = Type.Union([Type.String({ maxLength: 200 }), Type.Number()]);
export const SegmentCondition = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 40, description: 'a field of SEGMENT_FIELDS[object]' }),
    op: Type.String({ minLength: 1, maxLength: 20, description: SEGMENT_OPS.join(' | ') }),
    value: Type.Optional(Type.Union([Scalar, Type.Array(Scalar, { maxItems: 50 })])),
  },
  { additionalProperties: false },
);
export type SegmentCondition = Static<typeof SegmentCondition>;

export const SegmentCriteria = Type.Object(
  {
    object: Type.Enum(SEGMENT_OBJECTS),
    conditions: Type.Array(SegmentCondition, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type SegmentCriteria = Static<typeof SegmentCriteria>;

/** A count within the caller's data scope; `limited` says records outside it were not counted. */
export const SegmentCount = Type.Object({ count: Type.Integer(), limited: Type.Boolean() });
export type SegmentCount = Static<typeof SegmentCount>;

export const Segment = Type.Object({
  id: Id,
  name: Text(100, 1),
  description: Nullable(Text(500)),
  object: Type.Enum(SEGMENT_OBJECTS),
  conditions: Type.Array(SegmentCondition),
  ...Owner,
  ...Audit,
});
export type Segment = Static<typeof Segment>;

export const SegmentCreate = Type.Object(
  {
    name: Text(100, 1),
    description: OptText(500),
    object: Type.Enum(SEGMENT_OBJECTS),
    conditions: Type.Array(SegmentCondition, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type SegmentCreate = Static<typeof SegmentCreate>;

export const SegmentUpdate = Type.Object(
  {
    name: Type.Optional(Text(100, 1)),
    description: OptText(500),
    conditions: Type.Optional(Type.Array(SegmentCondition, { maxItems: 20 })),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type SegmentUpdate = Static<typeof SegmentUpdate>;

export const SegmentListQuery = Type.Object(
  { ...ListQueryBase, object: Type.Optional(Type.Enum(SEGMENT_OBJECTS)) },
  { additionalProperties: false },
);
export type SegmentListQuery = Static<typeof SegmentListQuery>;
export const SegmentPage = Page(Segment);
export const SEGMENT_SORTS = ['name', 'updatedAt'] as const;

/** One member of a segment: an account, contact or lead, as the list shows it. */
export const SegmentMember = Type.Object({
  id: Id,
  object: Type.Enum(SEGMENT_OBJECTS),
  name: Type.String(),
  /** The company: the account of a contact, the company of a lead; an account's industry. */
  detail: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  region: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
});
export type SegmentMember = Static<typeof SegmentMember>;
export const SegmentMemberPage = Type.Object({
  items: Type.Array(SegmentMember),
  nextCursor: Nullable(Type.String()),
  /** Members within the caller's data scope (all pages). */
  count: Type.Integer(),
  limited: Type.Boolean(),
});
export type SegmentMemberPage = Static<typeof SegmentMemberPage>;
export const SegmentMembersQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type SegmentMembersQuery = Static<typeof SegmentMembersQuery>;
/** The first members of criteria not saved yet (the builder's preview). */
export const SegmentPreview = Type.Object(
  { ...SegmentCriteria.properties, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) },
  { additionalProperties: false },
);
export type SegmentPreview = Static<typeof SegmentPreview>;
