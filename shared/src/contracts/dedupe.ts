import { Type, type Static } from 'typebox';
import { CurrencyCode, DateOnly, Id, MoneyMinor, Nullable, OptText, Text, Timestamp } from './common.js';
import { ACCOUNT_SIZES, INDUSTRIES } from './enums.js';

/** The records the duplicate check (查重) compares and merges. */
export const DEDUPE_OBJECTS = ['account', 'contact', 'lead'] as const;
export type DedupeObject = (typeof DEDUPE_OBJECTS)[number];

/**
 * Why two records look like one: the same 统一社会信用代码, the same normalised company name,
 * a similar one (same name without the region or branch), the same phone, the same e-mail.
 */
export const MATCH_REASONS = ['credit_code', 'name', 'similar_name', 'phone', 'email'] as const;
export type MatchReason = (typeof MATCH_REASONS)[number];
/** exact: the same identity (code, name, phone or e-mail); likely: only a similar name. */
export const MATCH_STRENGTHS = ['exact', 'likely'] as const;
export type MatchStrength = (typeof MATCH_STRENGTHS)[number];

export const DuplicateCheck = Type.Object(
  {
    /** What the caller is creating or editing. */
    object: Type.Enum(DEDUPE_OBJECTS),
    /** An account's name; for a lead or contact the person's name (not compared on its own). */
    name: OptText(200),
    /** A lead's company (compared with account names and other leads' companies). */
    company: OptText(200),
    phone: OptText(40),
    email: OptText(200),
    creditCode: OptText(40),
    /** The record being edited, so it does not match itself. */
    excludeId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type DuplicateCheck = Static<typeof DuplicateCheck>;

/**
 * One record that looks like a duplicate. When the caller may not open it (another rep's or
 * another team's customer), `visible` is false: no id, and name, company, phone and e-mail come
 * masked (上海**科技有限公司, 138****5678) — the caller learns that it exists and whose it is.
 */
export const DuplicateMatch = Type.Object({
  type: Type.Enum(DEDUPE_OBJECTS),
  visible: Type.Boolean(),
  id: Nullable(Id),
  name: Type.String(),
  /** A lead's company, a contact's account. */
  company: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  /** A lead's status ('converted' …); null for accounts and contacts. */
  status: Nullable(Type.String()),
  ownerId: Nullable(Id),
  /** The owner's name; null while the record sits in the pool (公海). */
  ownerName: Nullable(Type.String()),
  teamName: Nullable(Type.String()),
  inPool: Type.Boolean(),
  reasons: Type.Array(Type.Enum(MATCH_REASONS)),
  strength: Type.Enum(MATCH_STRENGTHS),
  /** The record's version, for a merge or a conversion that reuses it (visible records only). */
  version: Nullable(Type.Integer()),
});
export type DuplicateMatch = Static<typeof DuplicateMatch>;

export const DuplicateCheckResult = Type.Object({ matches: Type.Array(DuplicateMatch) });
export type DuplicateCheckResult = Static<typeof DuplicateCheckResult>;

/** The 查重 tool: groups of likely duplicates among the records in the caller's scope. */
export const DuplicateGroupsQuery = Type.Object(
  {
    object: Type.Optional(Type.Enum(DEDUPE_OBJECTS)),
    /** Also groups that share only a similar name (weak key). */
    similar: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type DuplicateGroupsQuery = Static<typeof DuplicateGroupsQuery>;

export const DuplicateGroupMember = Type.Object({
  id: Id,
  name: Type.String(),
  company: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  creditCode: Nullable(Type.String()),
  status: Nullable(Type.String()),
  ownerId: Nullable(Id),
  ownerName: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type DuplicateGroupMember = Static<typeof DuplicateGroupMember>;

export const DuplicateGroup = Type.Object({
  object: Type.Enum(DEDUPE_OBJECTS),
  /** The strongest reason; `reasons` has every one the members share. */
  reason: Type.Enum(MATCH_REASONS),
  reasons: Type.Array(Type.Enum(MATCH_REASONS)),
  strength: Type.Enum(MATCH_STRENGTHS),
  /** The shared normalised value (name key, phone digits, e-mail). */
  key: Type.String(),
  members: Type.Array(DuplicateGroupMember),
});
export type DuplicateGroup = Static<typeof DuplicateGroup>;
export const DuplicateGroupList = Type.Object({ items: Type.Array(DuplicateGroup) });
export type DuplicateGroupList = Static<typeof DuplicateGroupList>;

/** Which record's value a merged field keeps. */
export const MERGE_SIDES = ['survivor', 'merged'] as const;
export type MergeSide = (typeof MERGE_SIDES)[number];

/** The fields a merge can take from either record, per object. */
export const MERGEABLE_FIELDS = {
  account: [
    'name',
    'kind',
    'industry',
    'size',
    'region',
    'level',
    'source',
    'address',
    'creditCode',
    'phone',
    'website',
    'notes',
    'incomeBand',
    'interests',
    'ownerId',
  ],
  contact: [
    'accountId',
    'name',
    'title',
    'phone',
    'email',
    'wechat',
    'birthday',
    'decisionRole',
    'notes',
    'locale',
    'ownerId',
  ],
  lead: [
    'name',
    'company',
    'title',
    'phone',
    'email',
    'wechat',
    'source',
    'status',
    'region',
    'industry',
    'notes',
    'locale',
    'campaignId',
    'ownerId',
  ],
} as const satisfies Record<DedupeObject, readonly string[]>;

export const MergeRequest = Type.Object(
  {
    /** The record that stays. */
    survivorId: Id,
    /** The record folded into it and then deleted (its snapshot is kept). */
    mergedId: Id,
    survivorVersion: Type.Integer({ minimum: 1 }),
    mergedVersion: Type.Integer({ minimum: 1 }),
    /** Per differing field, whose value the survivor keeps; a field left out keeps the survivor's. */
    fields: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-zA-Z]{1,40}$' }), Type.Enum(MERGE_SIDES), {
        maxProperties: 20,
      }),
    ),
  },
  { additionalProperties: false },
);
export type MergeRequest = Static<typeof MergeRequest>;

export const MergeResult = Type.Object({
  mergeId: Id,
  object: Type.Enum(DEDUPE_OBJECTS),
  survivorId: Id,
  mergedId: Id,
  /** Rows re-pointed from the merged record, per table and column ("activities.related_id": 4). */
  moved: Type.Record(Type.String(), Type.Integer()),
});
export type MergeResult = Static<typeof MergeResult>;

export const MergeListQuery = Type.Object(
  { object: Type.Enum(DEDUPE_OBJECTS), survivorId: Id },
  { additionalProperties: false },
);
export type MergeListQuery = Static<typeof MergeListQuery>;

/** A past merge, shown on the surviving record. */
export const MergeRecord = Type.Object({
  id: Id,
  object: Type.Enum(DEDUPE_OBJECTS),
  survivorId: Id,
  mergedId: Id,
  mergedName: Type.String(),
  /** The merged record as it was. */
  snapshot: Type.Record(Type.String(), Type.Unknown()),
  fields: Type.Record(Type.String(), Type.String()),
  moved: Type.Record(Type.String(), Type.Integer()),
  mergedBy: Nullable(Id),
  mergedByName: Nullable(Type.String()),
  mergedAt: Timestamp,
});
export type MergeRecord = Static<typeof MergeRecord>;
export const MergeList = Type.Object({ items: Type.Array(MergeRecord) });

// Lead conversion (线索转化).

const NewAccount = Type.Object(
  {
    name: Text(200, 1),
    industry: Type.Optional(Nullable(Type.Enum(INDUSTRIES))),
    size: Type.Optional(Nullable(Type.Enum(ACCOUNT_SIZES))),
    region: OptText(40),
    address: OptText(300),
    creditCode: OptText(40),
    phone: OptText(40),
    website: OptText(200),
  },
  { additionalProperties: false },
);
const NewContact = Type.Object(
  {
    name: Text(100, 1),
    title: OptText(100),
    phone: OptText(40),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
    wechat: OptText(60),
  },
  { additionalProperties: false },
);
const NewOpportunity = Type.Object(
  {
    name: Text(200, 1),
    amount: Type.Optional(MoneyMinor),
    currency: Type.Optional(CurrencyCode),
    pipelineId: Type.Optional(Id),
    stageId: Type.Optional(Id),
    expectedCloseDate: DateOnly,
    nextStep: OptText(500),
  },
  { additionalProperties: false },
);

export const LeadConvert = Type.Object(
  {
    /** The lead's version as read (409 stale otherwise). */
    version: Type.Integer({ minimum: 1 }),
    /** Reuse an account the caller can see, or create one. */
    account: Type.Union([
      Type.Object({ id: Id }, { additionalProperties: false }),
      Type.Object({ create: NewAccount }, { additionalProperties: false }),
    ]),
    /** Reuse a contact of that account, or create one (default: from the lead's person). */
    contact: Type.Optional(
      Type.Union([
        Type.Object({ id: Id }, { additionalProperties: false }),
        Type.Object({ create: NewContact }, { additionalProperties: false }),
      ]),
    ),
    /** Optional: a deal to open at once. */
    opportunity: Type.Optional(Nullable(NewOpportunity)),
    /** Who owns the new records; the caller by default. Must be in the caller's scope. */
    ownerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type LeadConvert = Static<typeof LeadConvert>;

export const LeadConvertResult = Type.Object({
  leadId: Id,
  accountId: Id,
  accountName: Type.String(),
  accountCreated: Type.Boolean(),
  contactId: Id,
  contactName: Type.String(),
  contactCreated: Type.Boolean(),
  opportunityId: Nullable(Id),
  opportunityName: Nullable(Type.String()),
  /** The lead's activities that now continue on the contact's (and account's) timeline. */
  activitiesMoved: Type.Integer(),
});
export type LeadConvertResult = Static<typeof LeadConvertResult>;

/** What the conversion wizard proposes: the records to create, and the duplicates it found. */
export const LeadConvertPreview = Type.Object({
  leadId: Id,
  version: Type.Integer(),
  /** Accounts that look like the lead's company; visible ones can be reused. */
  accountMatches: Type.Array(DuplicateMatch),
  /** The best visible exact match, proposed for reuse; null when none. */
  suggestedAccountId: Nullable(Id),
  /** Contacts of the suggested account with the lead's phone or e-mail. */
  contactMatches: Type.Array(DuplicateMatch),
  suggestedContactId: Nullable(Id),
  account: NewAccount,
  contact: NewContact,
  opportunity: NewOpportunity,
});
export type LeadConvertPreview = Static<typeof LeadConvertPreview>;
