import type { Kysely } from 'kysely';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Contracts and payments go through the approval engine, and quotes know their margin:
 * - products.unit_cost: what one unit costs us (fen), optional;
 * - quote_items.unit_cost and quotes.cost_total / margin_bp: the cost copied when the quote is
 *   priced, so a later change of the catalogue cost does not rewrite an old quote's margin;
 * - contracts.approval_request_id: the contract's latest approval request;
 * - payments.status ('confirmed', 'pending_approval', 'rejected') and approval_request_id: only a
 *   confirmed payment counts as received. Payments recorded before this migration are confirmed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('products').addColumn('unit_cost', 'bigint').execute();
  await db.schema.alterTable('quote_items').addColumn('unit_cost', 'bigint').execute();
  await db.schema.alterTable('quotes').addColumn('cost_total', 'bigint').execute();
  await db.schema.alterTable('quotes').addColumn('margin_bp', 'integer').execute();
  await db.schema.alterTable('contracts').addColumn('approval_request_id', 'text').execute();
  await db.schema
    .alterTable('payments')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('confirmed'))
    .execute();
  await db.schema.alterTable('payments').addColumn('approval_request_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payments').dropColumn('approval_request_id').execute();
  await db.schema.alterTable('payments').dropColumn('status').execute();
  await db.schema.alterTable('contracts').dropColumn('approval_request_id').execute();
  await db.schema.alterTable('quotes').dropColumn('margin_bp').execute();
  await db.schema.alterTable('quotes').dropColumn('cost_total').execute();
  await db.schema.alterTable('quote_items').dropColumn('unit_cost').execute();
  await db.schema.alterTable('products').dropColumn('unit_cost').execute();
}
