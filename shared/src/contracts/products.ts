import { Type, type Static } from 'typebox';
import {
  Audit,
  CurrencyCode,
  Id,
  ListQueryBase,
  MoneyMinor,
  Nullable,
  OptText,
  Page,
  Text,
} from './common.js';

const fields = {
  sku: Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9._/-]+$' }),
  name: Text(200, 1),
  category: Nullable(Text(60)),
  listPrice: MoneyMinor,
  currency: CurrencyCode,
  unit: Nullable(Text(20)),
  active: Type.Boolean(),
  description: Nullable(Text(5000)),
  /**
   * What one unit costs us, in fen; null when unknown. Internal (quotes copy it to compute their
   * margin), never shown to customers; every role that reads the catalogue may see it.
   */
  unitCost: Nullable(MoneyMinor),
};

export const Product = Type.Object({ id: Id, ...fields, ...Audit });
export type Product = Static<typeof Product>;

export const ProductCreate = Type.Object(
  {
    sku: fields.sku,
    name: fields.name,
    category: OptText(60),
    listPrice: fields.listPrice,
    currency: Type.Optional(fields.currency),
    unit: OptText(20),
    active: Type.Optional(fields.active),
    description: OptText(5000),
    unitCost: Type.Optional(fields.unitCost),
  },
  { additionalProperties: false },
);
export type ProductCreate = Static<typeof ProductCreate>;

export const ProductUpdate = Type.Object(
  { ...Type.Partial(ProductCreate).properties, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type ProductUpdate = Static<typeof ProductUpdate>;

export const ProductListQuery = Type.Object(
  {
    ...ListQueryBase,
    category: Type.Optional(Text(60)),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ProductListQuery = Static<typeof ProductListQuery>;
export const ProductPage = Page(Product);
export const PRODUCT_SORTS = ['name', 'sku', 'listPrice', 'createdAt', 'updatedAt'] as const;
