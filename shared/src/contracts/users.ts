import { Type, type Static } from 'typebox';
import { ROLES } from '../roles.js';
import { Audit, Id, ListQueryBase, Nullable, Page, Text } from './common.js';
import { LOCALES, TEAM_TYPES } from './enums.js';

const Email = Type.String({ format: 'email', minLength: 3, maxLength: 200 });
const Password = Type.String({ minLength: 8, maxLength: 200 });

export const User = Type.Object({
  id: Id,
  email: Email,
  name: Text(100, 1),
  role: Type.Enum(ROLES),
  teamId: Nullable(Id),
  teamName: Nullable(Type.String()),
  managerId: Nullable(Id),
  locale: Nullable(Type.Enum(LOCALES)),
  active: Type.Boolean(),
  ...Audit,
});
export type User = Static<typeof User>;

export const UserCreate = Type.Object(
  {
    email: Email,
    name: Text(100, 1),
    password: Password,
    role: Type.Enum(ROLES),
    teamId: Type.Optional(Nullable(Id)),
    managerId: Type.Optional(Nullable(Id)),
    locale: Type.Optional(Nullable(Type.Enum(LOCALES))),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

export const UserUpdate = Type.Object(
  {
    name: Type.Optional(Text(100, 1)),
    password: Type.Optional(Password),
    role: Type.Optional(Type.Enum(ROLES)),
    teamId: Type.Optional(Nullable(Id)),
    managerId: Type.Optional(Nullable(Id)),
    locale: Type.Optional(Nullable(Type.Enum(LOCALES))),
    active: Type.Optional(Type.Boolean()),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type UserUpdate = Static<typeof UserUpdate>;

export const UserListQuery = Type.Object(
  {
    ...ListQueryBase,
    role: Type.Optional(Type.Enum(ROLES)),
    teamId: Type.Optional(Id),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UserListQuery = Static<typeof UserListQuery>;
export const UserPage = Page(User);
export const USER_SORTS = ['name', 'email', 'createdAt'] as const;

export const Team = Type.Object({
  id: Id,
  name: Text(100, 1),
  type: Type.Enum(TEAM_TYPES),
  parentId: Nullable(Id),
  managerId: Nullable(Id),
  managerName: Nullable(Type.String()),
  ...Audit,
});
export type Team = Static<typeof Team>;

export const TeamCreate = Type.Object(
  {
    name: Text(100, 1),
    type: Type.Enum(TEAM_TYPES),
    parentId: Type.Optional(Nullable(Id)),
    managerId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type TeamCreate = Static<typeof TeamCreate>;
export const TeamUpdate = Type.Object(
  { ...Type.Partial(TeamCreate).properties, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type TeamUpdate = Static<typeof TeamUpdate>;
export const TeamListQuery = Type.Object(
  { ...ListQueryBase, type: Type.Optional(Type.Enum(TEAM_TYPES)), parentId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type TeamListQuery = Static<typeof TeamListQuery>;
export const TeamPage = Page(Team);
export const TEAM_SORTS = ['name', 'createdAt'] as const;
