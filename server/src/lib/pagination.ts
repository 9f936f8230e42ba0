import { sql, type SelectQueryBuilder } from 'kysely';
import { invalidField } from '../http/errors.js';

export interface SortSpec {
  /** API field name, e.g. updatedAt */
  field: string;
  /** Qualified column reference in camelCase, e.g. opportunities.updatedAt */
  column: string;
  desc: boolean;
}

/** `sort=-updatedAt` -> { field: 'updatedAt', desc: true }, refusing fields that have no index. */
export function parseSort(
  sort: string | undefined,
  table: string,
  allowed: readonly string[],
  fallback = '-updatedAt',
): SortSpec {
  const raw = sort || fallback;
  const desc = raw.startsWith('-');
  const field = desc ? raw.slice(1) : raw;
  if (!allowed.includes(field)) {
    throw invalidField('sort', `sort must be one of ${allowed.join(', ')} (prefix - for descending)`);
  }
  return { field, column: `${table}.${field}`, desc };
}

type CursorValue = string | number;

export function encodeCursor(value: CursorValue, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [CursorValue, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string'
    ) {
      return parsed as [CursorValue, string];
    }
  } catch {
    // fall through
  }
  throw invalidField('cursor', 'cursor is not one this API gave out');
}

/**
 * Keyset pagination: ORDER BY (sort column, id) and continue after the last row seen, so a deep
 * page costs the same as the first (OFFSET would scan everything before it).
 */
export function applyKeyset<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  sort: SortSpec,
  idColumn: string,
  cursor: string | undefined,
  limit: number,
): SelectQueryBuilder<DB, TB, O> {
  const dir = sort.desc ? 'desc' : 'asc';
  let q = qb;
  if (cursor) {
    const [value, id] = decodeCursor(cursor);
    const op = sql.raw(sort.desc ? '<' : '>');
    q = q.where(sql<boolean>`(${sql.ref(sort.column)}, ${sql.ref(idColumn)}) ${op} (${value}, ${id})`);
  }
  return q
    .orderBy(sql.ref(sort.column), dir)
    .orderBy(sql.ref(idColumn), dir)
    .limit(limit + 1);
}

/** Cuts the extra row fetched by applyKeyset and builds the next cursor from the last row kept. */
export function toPage<T extends { id: string }>(rows: T[], sort: SortSpec, limit: number) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1] as Record<string, unknown> | undefined;
  const nextCursor =
    hasMore && last ? encodeCursor(last[sort.field] as CursorValue, last.id as string) : null;
  return { items, nextCursor };
}
