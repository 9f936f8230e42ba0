import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';

/*
 * Frozen once landed: never edit, add a new migration instead.
 * Pools (公海). A record in a pool has no owner and a pool_id; an owned record keeps the pool it
 * belongs to (pool_id: its rules apply, a return goes back there). pool_id NULL means the
 * organisation's default pool of that kind (pools.default_for).
 * - accounts.owner_id and contacts.owner_id become nullable (contacts follow their account into
 *   the pool). SQLite cannot drop NOT NULL, so those tables are rebuilt (withSchemaLock turns
 *   foreign keys off around the migration and checks them before committing).
 * - accounts and leads get pool_id, pool_entered_at, previous_owner_id (the previous owner's lock)
 *   and owned_since (the clock of the "since claimed" rules; NULL = created_at).
 * - pools, pool_members, pool_rules (per pool and customer level), pool_moves (the trail, which
 *   also counts claims for the limits) and pool_warnings (advance warnings the daily job recorded).
 * - activities get indexes ending in done_at: "last follow-up" is an indexed MAX, not a copy.
 * - every existing organisation gets its default lead pool 公共线索池 (open to every user), and
 *   its ownerless leads are put into it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = isPg ? sql`timestamptz` : sql`text`;
  const date = isPg ? sql`date` : sql`text`;

  for (const table of ['accounts', 'contacts']) {
    if (isPg)
      await db.schema
        .alterTable(table)
        .alterColumn('owner_id', (c) => c.dropNotNull())
        .execute();
    else await rebuildSqliteColumn(db, table, 'owner_id', 'drop');
  }

  await db.schema
    .createTable('pools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // 'lead' | 'account' on the organisation's default pool of that kind, else NULL
    .addColumn('default_for', 'text')
    .addColumn('all_members', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claim_limit_day', 'integer')
    .addColumn('claim_limit_week', 'integer')
    .addColumn('max_held', 'integer')
    .addColumn('max_held_by_level', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('lock_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('return_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('hide_contacts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('pools_org_name').on('pools').columns(['org_id', 'name', 'id']).execute();
  await db.schema
    .createIndex('pools_org_default')
    .unique()
    .on('pools')
    .columns(['org_id', 'default_for'])
    .execute();

  await db.schema
    .createTable('pool_members')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('pools.id'))
    .addColumn('member_type', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
    .addPrimaryKeyConstraint('pool_members_pk', ['pool_id', 'member_type', 'member_id'])
    .execute();
  await db.schema.createIndex('pool_members_org').on('pool_members').columns(['org_id', 'pool_id']).execute();

  await db.schema
    .createTable('pool_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('pools.id'))
    // a customer level (accounts.level) or '*' for every record without a rule of its own
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('no_follow_up_days', 'integer')
    .addColumn('no_opportunity_days', 'integer')
    .addColumn('not_won_days', 'integer')
    .addColumn('warn_days', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('pool_rules_pool_level')
    .unique()
    .on('pool_rules')
    .columns(['pool_id', 'level'])
    .execute();
  await db.schema.createIndex('pool_rules_org').on('pool_rules').columns(['org_id', 'pool_id']).execute();

  await db.schema
    .createTable('pool_moves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_owner_id', 'text')
    .addColumn('to_owner_id', 'text')
    .addColumn('pool_id', 'text')
    .addColumn('from_pool_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('rule', 'text')
    .addColumn('rule_days', 'integer')
    .addColumn('by_user_id', 'text')
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pool_moves_entity')
    .on('pool_moves')
    .columns(['org_id', 'entity_type', 'entity_id', 'at'])
    .execute();
  // claims per person and period (the claim limits)
  await db.schema
    .createIndex('pool_moves_claims')
    .on('pool_moves')
    .columns(['org_id', 'to_owner_id', 'action', 'at'])
    .execute();
  await db.schema
    .createIndex('pool_moves_pool')
    .on('pool_moves')
    .columns(['org_id', 'pool_id', 'at'])
    .execute();

  await db.schema
    .createTable('pool_warnings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('rule_days', 'integer', (c) => c.notNull())
    .addColumn('reclaim_date', date, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pool_warnings_once')
    .unique()
    .on('pool_warnings')
    .columns(['org_id', 'entity_type', 'entity_id', 'owner_id', 'reclaim_date'])
    .execute();
  await db.schema
    .createIndex('pool_warnings_owner')
    .on('pool_warnings')
    .columns(['org_id', 'owner_id', 'reclaim_date'])
    .execute();

  for (const table of ['accounts', 'leads']) {
    await db.schema.alterTable(table).addColumn('pool_id', 'text').execute();
    await db.schema.alterTable(table).addColumn('pool_entered_at', ts).execute();
    await db.schema.alterTable(table).addColumn('previous_owner_id', 'text').execute();
    await db.schema.alterTable(table).addColumn('owned_since', ts).execute();
    // a pool's records (owner NULL) and the records each pool's rules look at (owned)
    await db.schema
      .createIndex(`${table}_org_pool`)
      .on(table)
      .columns(['org_id', 'pool_id', 'owner_id', 'updated_at', 'id'])
      .execute();
  }
  // the last follow-up of an account (its own, its contacts' and deals' activities) or a lead
  await db.schema
    .createIndex('activities_org_account_done')
    .on('activities')
    .columns(['org_id', 'account_id', 'done_at'])
    .execute();
  await db.schema
    .createIndex('activities_org_related_done')
    .on('activities')
    .columns(['org_id', 'related_type', 'related_id', 'done_at'])
    .execute();

  const orgs = await db.selectFrom('organizations').select('id').execute();
  const at = new Date().toISOString();
  for (const org of orgs as { id: string }[]) {
    const poolId = uuidv7();
    await db
      .insertInto('pools')
      .values({
        id: poolId,
        org_id: org.id,
        name: '公共线索池',
        kind: 'lead',
        default_for: 'lead',
        all_members: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .updateTable('leads')
      .set({ pool_id: poolId, pool_entered_at: sql`updated_at` })
      .where('org_id', '=', org.id)
      .where('owner_id', 'is', null)
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropIndex('activities_org_related_done').execute();
  await db.schema.dropIndex('activities_org_account_done').execute();
  for (const table of ['leads', 'accounts']) {
    await db.schema.dropIndex(`${table}_org_pool`).execute();
    for (const col of ['owned_since', 'previous_owner_id', 'pool_entered_at', 'pool_id'])
      await db.schema.alterTable(table).dropColumn(col).execute();
  }
  for (const t of ['pool_warnings', 'pool_moves', 'pool_rules', 'pool_members', 'pools'])
    await db.schema.dropTable(t).execute();
  // Only possible when every account and contact has an owner again.
  for (const table of ['contacts', 'accounts']) {
    if (isPg)
      await db.schema
        .alterTable(table)
        .alterColumn('owner_id', (c) => c.setNotNull())
        .execute();
    else await rebuildSqliteColumn(db, table, 'owner_id', 'add');
  }
}

/**
 * SQLite's way to change a column constraint: create `<table>__new` from the table's own CREATE
 * statement with the column's NOT NULL dropped (or added), copy the rows, drop the old table,
 * rename the new one and re-create the indexes. Needs foreign keys off (withSchemaLock).
 */
async function rebuildSqliteColumn(db: Kysely<any>, table: string, column: string, change: 'drop' | 'add') {
  const master = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  const createSql = master.rows[0]?.sql;
  if (!createSql) throw new Error(`table ${table} not found`);
  const indexes = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(
    db,
  );

  const open = createSql.indexOf('(');
  const close = createSql.lastIndexOf(')');
  const defs = splitTopLevel(createSql.slice(open + 1, close));
  const colName = new RegExp(`^\\s*["\`]?${column}["\`]?\\s`, 'i');
  let found = false;
  const changed = defs.map((d) => {
    if (!colName.test(d)) return d;
    found = true;
    if (change === 'drop') return d.replace(/\s+not\s+null\b/i, '');
    return /\bnot\s+null\b/i.test(d) ? d : d.replace(/^(\s*["`]?\w+["`]?\s+\w+)/, '$1 not null');
  });
  if (!found) throw new Error(`column ${table}.${column} not found`);
  const newTable = `${table}__new`;
  const createNew = `create table "${newTable}" (${changed.join(',')})`;

  await sql.raw(createNew).execute(db);
  await sql.raw(`insert into "${newTable}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${newTable}" rename to "${table}"`).execute(db);
  for (const ix of indexes.rows) await sql.raw(ix.sql).execute(db);
}

/** Splits a column/constraint list at the commas that are not inside parentheses or quotes. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}
