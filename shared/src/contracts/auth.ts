import { Type, type Static } from 'typebox';
import { ACTIONS, ROLES, SCOPES } from '../roles.js';
import { Id, Nullable, Text, Timestamp } from './common.js';
import { LOCALES } from './enums.js';

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const GrantSchema = Type.Object({
  actions: Type.Array(Type.Enum(ACTIONS)),
  scope: Type.Enum(SCOPES),
});

export const Me = Type.Object({
  user: Type.Object({
    id: Id,
    email: Type.String(),
    name: Type.String(),
    role: Type.Enum(ROLES),
    teamId: Nullable(Id),
    managerId: Nullable(Id),
    locale: Nullable(Type.Enum(LOCALES)),
  }),
  organization: Type.Object({ id: Id, name: Type.String(), currency: Type.String() }),
  permissions: Type.Record(Type.String(), GrantSchema, {
    description: 'per object type; objects the role cannot touch are absent',
  }),
  /** Send it back as the X-CSRF-Token header on every POST/PATCH/PUT/DELETE made with the cookie. */
  csrfToken: Type.String(),
});
export type Me = Static<typeof Me>;

export const MeUpdate = Type.Object(
  { locale: Type.Optional(Nullable(Type.Enum(LOCALES))), name: Type.Optional(Text(100, 1)) },
  { additionalProperties: false },
);

export const ApiToken = Type.Object({
  id: Id,
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
});
export const ApiTokenCreate = Type.Object({ name: Text(100, 1) }, { additionalProperties: false });
/** The token itself is shown once, at creation. */
export const ApiTokenCreated = Type.Object({ id: Id, name: Type.String(), token: Type.String() });

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 100 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);
export const SearchHit = Type.Object({
  type: Type.Enum(['account', 'contact', 'lead', 'opportunity'] as const),
  id: Id,
  title: Type.String(),
  subtitle: Nullable(Type.String()),
});
export type SearchHit = Static<typeof SearchHit>;
export const SearchResult = Type.Object({ items: Type.Array(SearchHit) });

export const Job = Type.Object({
  id: Id,
  type: Type.String(),
  status: Type.Enum(['queued', 'running', 'done', 'failed'] as const),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  runAt: Timestamp,
  createdAt: Timestamp,
  finishedAt: Nullable(Timestamp),
});
export const JobPage = Type.Object({ items: Type.Array(Job), nextCursor: Nullable(Type.String()) });
