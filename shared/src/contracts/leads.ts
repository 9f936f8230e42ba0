import { Type, type Static } from 'typebox';
import { Audit, Id, ListQueryBase, Nullable, OptText, Page, Text } from './common.js';
import { INDUSTRIES, LEAD_STATUSES, SOURCES } from './enums.js';

const fields = {
  name: Text(100, 1),
  company: Nullable(Text(200)),
  title: Nullable(Text(100)),
  phone: Nullable(Text(40)),
  email: Nullable(Type.String({ format: 'email', maxLength: 200 })),
  wechat: Nullable(Text(60)),
  source: Nullable(Type.Enum(SOURCES)),
  status: Type.Enum(LEAD_STATUSES),
  region: Nullable(Text(40)),
  industry: Nullable(Type.Enum(INDUSTRIES)),
  notes: Nullable(Text(5000)),
};

/** A lead without an owner sits in the shared pool (公海). */
export const Lead = Type.Object({
  id: Id,
  ...fields,
  ownerId: Nullable(Id),
  ownerName: Nullable(Type.String()),
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
    ownerId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type LeadCreate = Static<typeof LeadCreate>;

export const LeadUpdate = Type.Object(
  { ...Type.Partial(LeadCreate).properties, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type LeadUpdate = Static<typeof LeadUpdate>;

export const LeadListQuery = Type.Object(
  {
    ...ListQueryBase,
    ownerId: Type.Optional(Id),
    status: Type.Optional(Type.Enum(LEAD_STATUSES)),
    source: Type.Optional(Type.Enum(SOURCES)),
    region: Type.Optional(Text(40)),
  },
  { additionalProperties: false },
);
export type LeadListQuery = Static<typeof LeadListQuery>;
export const LeadPage = Page(Lead);
export const LEAD_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
