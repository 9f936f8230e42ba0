import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { companyKeys, emailKey, phoneKey } from '@tuoke/shared';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * The duplicate check (查重) and merges:
 * - normalised keys beside the values they come from, indexed per organisation:
 *   accounts.name_key / name_weak_key / phone_key, contacts.phone_key / email_key,
 *   leads.company_key / company_weak_key / phone_key / email_key. They are derived data: the
 *   service writes them with every create and update, and this migration back-fills existing rows
 *   with the shared normaliser (@tuoke/shared, pure functions). If its rules change, a later
 *   migration recomputes the keys the same way.
 * - merges: one row per merge, with the merged record as it was (JSON) and the number of rows
 *   that were re-pointed from it, so a merge can be explained (and undone by hand) later.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;

  const keyColumns: Record<string, string[]> = {
    accounts: ['name_key', 'name_weak_key', 'phone_key'],
    contacts: ['phone_key', 'email_key'],
    leads: ['company_key', 'company_weak_key', 'phone_key', 'email_key'],
  };
  for (const [table, columns] of Object.entries(keyColumns)) {
    for (const column of columns) {
      await db.schema.alterTable(table).addColumn(column, 'text').execute();
      await db.schema
        .createIndex(`${table}_org_${column}`)
        .on(table)
        .columns(['org_id', column])
        .where(sql.ref(column), 'is not', null)
        .execute();
    }
  }

  await db.schema
    .createTable('merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    // 'account' | 'contact' | 'lead'
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('survivor_id', 'text', (c) => c.notNull())
    .addColumn('merged_id', 'text', (c) => c.notNull())
    .addColumn('merged_name', 'text', (c) => c.notNull())
    // JSON: the merged row as it was, and the field values copied to the survivor
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    // JSON: {"contacts.account_id": 3, …} rows re-pointed from the merged record
    .addColumn('moved', 'text', (c) => c.notNull())
    .addColumn('merged_by', 'text', (c) => c.references('users.id'))
    .addColumn('merged_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('merges_org_survivor')
    .on('merges')
    .columns(['org_id', 'entity_type', 'survivor_id', 'merged_at'])
    .execute();
  await db.schema.createIndex('merges_org_merged').on('merges').columns(['org_id', 'merged_id']).execute();

  await backfill(db, 'accounts', ['name', 'kind', 'phone'], (r) => {
    const name = r.kind === 'individual' ? { key: null, weakKey: null } : companyKeys(r.name);
    return { name_key: name.key, name_weak_key: name.weakKey, phone_key: phoneKey(r.phone) };
  });
  await backfill(db, 'contacts', ['phone', 'email'], (r) => ({
    phone_key: phoneKey(r.phone),
    email_key: emailKey(r.email),
  }));
  await backfill(db, 'leads', ['company', 'phone', 'email'], (r) => {
    const company = companyKeys(r.company);
    return {
      company_key: company.key,
      company_weak_key: company.weakKey,
      phone_key: phoneKey(r.phone),
      email_key: emailKey(r.email),
    };
  });
}

/** Computes the keys of every row in pages of 500 by id, and writes those that have any. */
async function backfill(
  db: Kysely<any>,
  table: string,
  columns: string[],
  compute: (row: Record<string, any>) => Record<string, string | null>,
): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom(table)
      .select(['id', ...columns])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) return;
    for (const row of rows) {
      const keys = compute(row);
      if (Object.values(keys).some((v) => v !== null))
        await db.updateTable(table).set(keys).where('id', '=', row.id).execute();
    }
    after = rows[rows.length - 1]!.id as string;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('merges').execute();
  const keyColumns: Record<string, string[]> = {
    accounts: ['name_key', 'name_weak_key', 'phone_key'],
    contacts: ['phone_key', 'email_key'],
    leads: ['company_key', 'company_weak_key', 'phone_key', 'email_key'],
  };
  for (const [table, columns] of Object.entries(keyColumns)) {
    for (const column of columns) {
      await db.schema.dropIndex(`${table}_org_${column}`).execute();
      await db.schema.alterTable(table).dropColumn(column).execute();
    }
  }
}
