import { Type, type TSchema } from 'typebox';

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9a-zA-Z-]+$' });
/** Calendar date, YYYY-MM-DD. The server also rejects impossible dates such as 2026-02-30. */
export const DateOnly = Type.String({
  format: 'date',
  pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
  description: 'YYYY-MM-DD',
});
/** UTC timestamp, ISO 8601. */
export const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
/** Money in integer minor units (fen). At most 10^14 fen (one trillion yuan). */
export const MoneyMinor = Type.Integer({ minimum: 0, maximum: 100_000_000_000_000 });
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$', default: 'CNY' });

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Text = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength });
export const OptText = (maxLength: number) => Type.Optional(Nullable(Text(maxLength)));

export const Version = Type.Integer({
  minimum: 1,
  description: 'optimistic-lock version; send the one you read',
});

export const VIEWS = ['mine', 'subordinates', 'all'] as const;
export type View = (typeof VIEWS)[number];

/** Query parameters every list accepts. Resource-specific filters are added per list. */
export const ListQueryBase = {
  q: Type.Optional(Type.String({ maxLength: 100 })),
  sort: Type.Optional(Type.String({ maxLength: 40, description: 'field, or -field for descending' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  view: Type.Optional(Type.Enum(VIEWS)),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

export const IdParams = Type.Object({ id: Id });

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  }),
});

export const Audit = {
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
};

export const Owner = {
  ownerId: Id,
  ownerName: Type.String(),
};

/**
 * The owner of a record that can sit in a pool (公海): no owner while it is there, and then
 * ownerName is the pool's name. poolId is the pool it is in or belongs to (its reclaim rules).
 */
export const PoolOwner = {
  ownerId: Nullable(Id),
  ownerName: Type.String({ description: "the owner's name, or the pool's while the record is in one" }),
  poolId: Nullable(Id),
  poolName: Nullable(Type.String()),
};
