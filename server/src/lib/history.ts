import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { newId } from './ids.js';

export type EntityType =
  | 'account'
  | 'contact'
  | 'lead'
  | 'opportunity'
  | 'activity'
  | 'product'
  | 'pipeline'
  | 'user'
  | 'team'
  | 'contract'
  | 'needs_record';

function show(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * Writes one field_changes row per field whose value differs between `before` and `after`.
 * Called inside the same transaction as the change, so history and data never disagree.
 */
export async function recordChanges(
  trx: Kysely<Database>,
  args: {
    orgId: string;
    entityType: EntityType;
    entityId: string;
    userId: string | null;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
    fields: readonly string[];
    at: string;
  },
): Promise<number> {
  const rows = args.fields
    .filter((f) => f in args.after && show(args.before[f]) !== show(args.after[f]))
    .map((field) => ({
      id: newId(),
      orgId: args.orgId,
      entityType: args.entityType,
      entityId: args.entityId,
      field,
      oldValue: show(args.before[field]),
      newValue: show(args.after[field]),
      userId: args.userId,
      changedAt: args.at,
    }));
  if (rows.length > 0) await trx.insertInto('fieldChanges').values(rows).execute();
  return rows.length;
}
