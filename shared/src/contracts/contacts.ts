import { Type, type Static } from 'typebox';
import { Audit, DateOnly, Id, ListQueryBase, Nullable, OptText, Owner, Page, Text } from './common.js';

/** A contact of an account in a pool has no owner either (contacts follow their account). */
const ContactOwner = { ...Owner, ownerId: Nullable(Id) };
import { DECISION_ROLES, LOCALES } from './enums.js';

const fields = {
  accountId: Nullable(Id),
  name: Text(100, 1),
  title: Nullable(Text(100)),
  phone: Nullable(Text(40)),
  email: Nullable(Type.String({ format: 'email', maxLength: 200 })),
  wechat: Nullable(Text(60)),
  birthday: Nullable(DateOnly),
  decisionRole: Nullable(Type.Enum(DECISION_ROLES)),
  notes: Nullable(Text(5000)),
  /** The language of this person's e-mails; null: the organisation's (zh-CN). */
  locale: Nullable(Type.Enum(LOCALES)),
};

export const Contact = Type.Object({
  id: Id,
  ...fields,
  accountName: Nullable(Type.String()),
  ...ContactOwner,
  ...Audit,
});
export type Contact = Static<typeof Contact>;

export const ContactCreate = Type.Object(
  {
    accountId: Type.Optional(fields.accountId),
    name: fields.name,
    title: OptText(100),
    phone: OptText(40),
    email: Type.Optional(fields.email),
    wechat: OptText(60),
    birthday: Type.Optional(fields.birthday),
    decisionRole: Type.Optional(fields.decisionRole),
    notes: OptText(5000),
    locale: Type.Optional(fields.locale),
    ownerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ContactCreate = Static<typeof ContactCreate>;

export const ContactUpdate = Type.Object(
  { ...Type.Partial(ContactCreate).properties, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type ContactUpdate = Static<typeof ContactUpdate>;

export const ContactListQuery = Type.Object(
  {
    ...ListQueryBase,
    ownerId: Type.Optional(Id),
    accountId: Type.Optional(Id),
    decisionRole: Type.Optional(Type.Enum(DECISION_ROLES)),
  },
  { additionalProperties: false },
);
export type ContactListQuery = Static<typeof ContactListQuery>;
export const ContactPage = Page(Contact);
export const CONTACT_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
