import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { invalidField, notFound, stale } from '../http/errors.js';

type VersionedTable =
  | 'accounts'
  | 'contacts'
  | 'leads'
  | 'products'
  | 'pipelines'
  | 'opportunities'
  | 'activities'
  | 'users'
  | 'teams';

/**
 * Optimistic locking: the update applies only when the row still has the version the client
 * read; otherwise the client gets 409 `stale` (or 404 when the row is gone).
 */
export async function updateVersioned(
  db: Kysely<Database>,
  table: VersionedTable,
  where: { orgId: string; id: string; version: number },
  patch: Record<string, unknown>,
  at: string,
  what: string,
): Promise<void> {
  const t = db as unknown as Kysely<any>;
  const r = await t
    .updateTable(table)
    .set({ ...patch, updatedAt: at, version: where.version + 1 })
    .where('id', '=', where.id)
    .where('orgId', '=', where.orgId)
    .where('version', '=', where.version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) return;
  const exists = await t
    .selectFrom(table)
    .select('id')
    .where('id', '=', where.id)
    .where('orgId', '=', where.orgId)
    .executeTakeFirst();
  throw exists ? stale(what) : notFound(what);
}

/** Only the keys present in the input: PATCH semantics (absent = unchanged, null = cleared). */
export function pick<T extends object>(input: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in input) out[k] = (input as Record<string, unknown>)[k];
  return out;
}

/** A required text field, trimmed; the schema's minLength cannot see that "   " is empty. */
export function requiredText(value: string, field = 'name'): string {
  const trimmed = value.trim();
  if (!trimmed) throw invalidField(field, 'must not be empty');
  return trimmed;
}
