import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { invalidField, notFound, stale } from '../http/errors.js';
import { keysForChange } from './dedupe-keys.js';
import { recordChanges, type EntityType } from './history.js';

type VersionedTable =
  | 'accounts'
  | 'contacts'
  | 'leads'
  | 'products'
  | 'pipelines'
  | 'opportunities'
  | 'activities'
  | 'users'
  | 'teams'
  | 'contracts'
  | 'leadSources'
  | 'webForms'
  | 'assignmentRules'
  | 'leadScoringRules'
  | 'needs_records';

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

/**
 * Compare-and-set on a row with a version: applies `patch` (and version + 1) only while the row
 * still has the version the caller read. False when it changed meanwhile or is gone.
 */
export async function updateIfVersion(
  db: Kysely<Database>,
  table: keyof Database,
  where: { orgId: string; id: string; version: number },
  patch: Record<string, unknown>,
): Promise<boolean> {
  const r = await (db as unknown as Kysely<any>)
    .updateTable(table)
    .set({ ...patch, version: where.version + 1 })
    .where('orgId', '=', where.orgId)
    .where('id', '=', where.id)
    .where('version', '=', where.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
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

/**
 * A PATCH in one transaction: the optimistic-locked update, then one history row per changed
 * field (so data and history never disagree), then whatever else the change needs (`also`).
 */
export async function saveChanges(
  db: Kysely<Database>,
  args: {
    table: VersionedTable;
    entityType: EntityType;
    what: string;
    orgId: string;
    userId: string;
    id: string;
    version: number;
    before: Record<string, unknown>;
    patch: Record<string, unknown>;
    fields: readonly string[];
  },
  also?: (trx: Kysely<Database>) => Promise<void>,
): Promise<void> {
  const at = new Date().toISOString();
  const { orgId, id } = args;
  await db.transaction().execute(async (trx) => {
    // the duplicate-check keys follow the values they come from (not in the history)
    const patch = { ...args.patch, ...keysForChange(args.table, args.before, args.patch) };
    await updateVersioned(trx, args.table, { orgId, id, version: args.version }, patch, at, args.what);
    await recordChanges(trx, {
      orgId,
      entityType: args.entityType,
      entityId: id,
      userId: args.userId,
      before: args.before,
      after: args.patch,
      fields: args.fields,
      at,
    });
    await also?.(trx);
  });
}
