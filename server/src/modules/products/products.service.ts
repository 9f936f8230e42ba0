import type { Kysely } from 'kysely';
import {
  PRODUCT_SORTS,
  type Product,
  type ProductCreate,
  type ProductListQuery,
  type ProductUpdate,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database, ProductsTable } from '../../db/schema.js';
import { conflict, invalidField, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { applyKeyset, parseSort, toPage } from '../../lib/pagination.js';
import { pick, requiredText, saveChanges } from '../../lib/records.js';
import { likePattern } from '../../lib/text.js';
import { authorize, type Actor } from '../access/index.js';

type ProductRow = Omit<ProductsTable, 'version'> & { version: number };
const EDITABLE = [
  'sku',
  'name',
  'category',
  'listPrice',
  'currency',
  'unit',
  'active',
  'description',
  'unitCost',
] as const;

/** The request schema already bounds it; this also covers callers of the service that skip it. */
function checkUnitCost(v: unknown) {
  if (v !== null && v !== undefined && (!Number.isSafeInteger(v) || (v as number) < 0))
    throw invalidField('unitCost', 'must be a non-negative whole number of fen, or null');
}

/**
 * The product catalogue: organisation-wide, read by every sales role, edited by admins and directors.
 * The unit cost is internal but not secret within the company: whoever may read the catalogue sees
 * it (kept simple on purpose; customers never see it: quotes' PDF and share page leave it out).
 */
export class ProductsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async list(actor: Actor, query: ProductListQuery) {
    authorize(actor, 'product', 'read');
    const sort = parseSort(query.sort, 'products', PRODUCT_SORTS, 'name');
    const limit = query.limit ?? 50;
    let qb = this.db.selectFrom('products').selectAll().where('orgId', '=', actor.orgId);
    if (query.category) qb = qb.where('category', '=', query.category);
    if (query.active !== undefined) qb = qb.where('active', '=', query.active ? 1 : 0);
    if (query.q) {
      const p = likePattern(query.q);
      qb = qb.where((eb) =>
        eb.or([this.dialect.ilike('products.name', p), this.dialect.ilike('products.sku', p)]),
      );
    }
    const rows = await applyKeyset(qb, sort, 'products.id', query.cursor, limit).execute();
    return toPage(rows.map(toProduct), sort, limit);
  }

  async get(actor: Actor, id: string): Promise<Product> {
    authorize(actor, 'product', 'read');
    return toProduct(await this.row(actor.orgId, id));
  }

  async create(actor: Actor, input: ProductCreate): Promise<Product> {
    authorize(actor, 'product', 'create');
    await this.checkSku(actor.orgId, input.sku, null);
    checkUnitCost(input.unitCost);
    const at = new Date().toISOString();
    const row: ProductRow = {
      id: newId(),
      orgId: actor.orgId,
      sku: input.sku,
      name: requiredText(input.name),
      category: input.category ?? null,
      listPrice: input.listPrice,
      currency: input.currency ?? 'CNY',
      unit: input.unit ?? null,
      active: input.active === false ? 0 : 1,
      description: input.description ?? null,
      unitCost: input.unitCost ?? null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.db.insertInto('products').values(row).execute();
    return toProduct(row);
  }

  async update(actor: Actor, id: string, input: ProductUpdate): Promise<Product> {
    authorize(actor, 'product', 'update');
    const before = await this.row(actor.orgId, id);
    const patch = pick(input, EDITABLE);
    if (typeof patch.name === 'string') patch.name = patch.name.trim();
    if (patch.name === '') throw invalidField('name', 'must not be empty');
    if (patch.sku !== undefined) await this.checkSku(actor.orgId, patch.sku as string, id);
    if (patch.active !== undefined) patch.active = patch.active ? 1 : 0;
    checkUnitCost(patch.unitCost);
    await saveChanges(this.db, {
      table: 'products',
      entityType: 'product',
      what: 'Product',
      orgId: actor.orgId,
      userId: actor.userId,
      id,
      version: input.version,
      before: before,
      patch,
      fields: EDITABLE,
    });
    return toProduct(await this.row(actor.orgId, id));
  }

  async remove(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'product', 'delete');
    await this.row(actor.orgId, id);
    const used = await this.db
      .selectFrom('opportunityItems')
      .select('id')
      .where('orgId', '=', actor.orgId)
      .where('productId', '=', id)
      .limit(1)
      .executeTakeFirst();
    if (used) throw conflict('This product is on opportunities; deactivate it instead of deleting it');
    await this.db.deleteFrom('products').where('orgId', '=', actor.orgId).where('id', '=', id).execute();
  }

  private async row(orgId: string, id: string): Promise<ProductRow> {
    const row = await this.db
      .selectFrom('products')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Product');
    return row;
  }

  private async checkSku(orgId: string, sku: string, selfId: string | null) {
    const other = await this.db
      .selectFrom('products')
      .select(['id', 'name'])
      .where('orgId', '=', orgId)
      .where('sku', '=', sku)
      .executeTakeFirst();
    if (other && other.id !== selfId)
      throw conflict(`SKU ${sku} is already used by ${other.name}`, [
        { path: 'sku', message: 'already used' },
      ]);
  }
}

export function toProduct(r: ProductRow): Product {
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    category: r.category,
    listPrice: r.listPrice,
    currency: r.currency,
    unit: r.unit,
    active: r.active === 1,
    description: r.description,
    unitCost: r.unitCost,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
