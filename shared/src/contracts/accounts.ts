import { Type, type Static } from 'typebox';
import { Audit, Id, ListQueryBase, Nullable, OptText, Page, PoolOwner, Text } from './common.js';
import { ACCOUNT_KINDS, ACCOUNT_LEVELS, ACCOUNT_SIZES, INCOME_BANDS, INDUSTRIES, SOURCES } from './enums.js';

/** 统一社会信用代码: 18 characters, no I O S V Z. The server also checks the check digit. */
export const CreditCode = Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$' });

const fields = {
  name: Text(200, 1),
  kind: Type.Enum(ACCOUNT_KINDS),
  industry: Nullable(Type.Enum(INDUSTRIES)),
  size: Nullable(Type.Enum(ACCOUNT_SIZES)),
  region: Nullable(Text(40)),
  level: Nullable(Type.Enum(ACCOUNT_LEVELS)),
  source: Nullable(Type.Enum(SOURCES)),
  address: Nullable(Text(300)),
  creditCode: Nullable(CreditCode),
  phone: Nullable(Text(40)),
  website: Nullable(Text(200)),
  notes: Nullable(Text(5000)),
  /** Individual customers: monthly income band and interests (segments use them). */
  incomeBand: Nullable(Type.Enum(INCOME_BANDS)),
  interests: Type.Array(Text(30, 1), { maxItems: 20 }),
  /** Where the customer is (WGS-84 degrees): visit check-ins are measured against it. Both or neither. */
  latitude: Nullable(Type.Number({ minimum: -90, maximum: 90 })),
  longitude: Nullable(Type.Number({ minimum: -180, maximum: 180 })),
};

export const Account = Type.Object({
  id: Id,
  ...fields,
  ...PoolOwner,
  /** The sales territory the account falls in (set from its region and industry; read-only). */
  territoryId: Type.Optional(Nullable(Id)),
  territoryName: Type.Optional(Nullable(Type.String())),
  ...Audit,
});
export type Account = Static<typeof Account>;

export const AccountCreate = Type.Object(
  {
    name: fields.name,
    kind: Type.Optional(fields.kind),
    industry: Type.Optional(fields.industry),
    size: Type.Optional(fields.size),
    region: OptText(40),
    level: Type.Optional(fields.level),
    source: Type.Optional(fields.source),
    address: OptText(300),
    creditCode: Type.Optional(fields.creditCode),
    phone: OptText(40),
    website: OptText(200),
    notes: OptText(5000),
    incomeBand: Type.Optional(fields.incomeBand),
    interests: Type.Optional(fields.interests),
    latitude: Type.Optional(fields.latitude),
    longitude: Type.Optional(fields.longitude),
    ownerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type AccountCreate = Static<typeof AccountCreate>;

export const AccountUpdate = Type.Object(
  {
    ...Type.Partial(AccountCreate).properties,
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type AccountUpdate = Static<typeof AccountUpdate>;

export const AccountListQuery = Type.Object(
  {
    ...ListQueryBase,
    ownerId: Type.Optional(Id),
    industry: Type.Optional(Type.Enum(INDUSTRIES)),
    region: Type.Optional(Text(40)),
    level: Type.Optional(Type.Enum(ACCOUNT_LEVELS)),
    source: Type.Optional(Type.Enum(SOURCES)),
    /** Only the members of this saved segment (a segment over accounts). */
    segmentId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type AccountListQuery = Static<typeof AccountListQuery>;
export const AccountPage = Page(Account);
export const ACCOUNT_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
