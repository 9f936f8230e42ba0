import { Type, type Static } from 'typebox';
import { Audit, Id, ListQueryBase, Nullable, OptText, Page, Text, Timestamp } from './common.js';
import { INDUSTRIES, LEAD_STATUSES, LOCALES } from './enums.js';
import { SourceKey } from './lead-intake.js';

const fields = {
  name: Text(100, 1),
  company: Nullable(Text(200)),
  title: Nullable(Text(100)),
  phone: Nullable(Text(40)),
  email: Nullable(Type.String({ format: 'email', maxLength: 200 })),
  wechat: Nullable(Text(60)),
  /** A key of the organisation's lead sources (GET /api/v1/lead-sources). */
  source: Nullable(SourceKey),
  status: Type.Enum(LEAD_STATUSES),
  region: Nullable(Text(40)),
  industry: Nullable(Type.Enum(INDUSTRIES)),
  notes: Nullable(Text(5000)),
  /** The language of this person's e-mails; null: the organisation's (zh-CN). */
  locale: Nullable(Type.Enum(LOCALES)),
};

/** Where the lead came from: the campaign and the UTM parameters of the visit. */
const utm = {
  campaignId: Nullable(Id),
  utmSource: Nullable(Text(200)),
  utmMedium: Nullable(Text(200)),
  utmCampaign: Nullable(Text(200)),
  utmTerm: Nullable(Text(200)),
  utmContent: Nullable(Text(200)),
};

/** A lead without an owner sits in the shared pool (公海). */
export const Lead = Type.Object({
  id: Id,
  ...fields,
  ownerId: Nullable(Id),
  /** The owner's name, or the pool's while the lead sits in one (公海). */
  ownerName: Nullable(Type.String()),
  /** The pool it is in (no owner) or belongs to (its reclaim rules); null: the default lead pool. */
  poolId: Nullable(Id),
  poolName: Nullable(Type.String()),
  ...utm,
  /** 0–100, explained by GET /api/v1/leads/:id/score; null until first scored. */
  score: Nullable(Type.Integer()),
  /** What conversion made of the lead (POST /api/v1/leads/:id/convert); null until converted. */
  convertedAccountId: Nullable(Id),
  convertedContactId: Nullable(Id),
  convertedOpportunityId: Nullable(Id),
  convertedAt: Nullable(Timestamp),
  ...Audit,
});
export type Lead = Static<typeof Lead>;

export const LeadCreate = Type.Object(
  {
    name: fields.name,
    company: OptText(200),
    title: OptText(100),
    phone: OptText(40),
    email: Type.Optional(fields.email),
    wechat: OptText(60),
    source: Type.Optional(fields.source),
    status: Type.Optional(fields.status),
    region: OptText(40),
    industry: Type.Optional(fields.industry),
    notes: OptText(5000),
    locale: Type.Optional(fields.locale),
    ownerId: Type.Optional(Nullable(Id)),
    campaignId: Type.Optional(utm.campaignId),
    utmSource: OptText(200),
    utmMedium: OptText(200),
    utmCampaign: OptText(200),
    utmTerm: OptText(200),
    utmContent: OptText(200),
    /** With no owner: route the lead by the assignment rules (it stays in the pool when none applies). */
    autoAssign: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type LeadCreate = Static<typeof LeadCreate>;

export const LeadUpdate = Type.Object(
  {
    ...Type.Partial(Type.Omit(LeadCreate, ['autoAssign'])).properties,
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type LeadUpdate = Static<typeof LeadUpdate>;

export const LeadListQuery = Type.Object(
  {
    ...ListQueryBase,
    ownerId: Type.Optional(Id),
    status: Type.Optional(Type.Enum(LEAD_STATUSES)),
    source: Type.Optional(SourceKey),
    scoreMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    scoreMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    region: Type.Optional(Text(40)),
    /** Only the members of this saved segment (a segment over leads). */
    segmentId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type LeadListQuery = Static<typeof LeadListQuery>;
export const LeadPage = Page(Lead);
export const LEAD_SORTS = ['name', 'createdAt', 'updatedAt', 'score'] as const;
