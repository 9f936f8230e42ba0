import { sql, type Kysely } from 'kysely';
import type { DedupeObject } from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

/**
 * A column that points at an account, contact or lead. `typeColumn`/`type`: a polymorphic
 * reference (activities.related_type = 'account'). `drop`: rows about the merged record that
 * mean nothing once it is gone and are derived again for the survivor (advance warnings of a
 * reclaim), deleted instead of re-pointed.
 */
export interface Reference {
  table: string;
  column: string;
  typeColumn?: string;
  type?: DedupeObject;
  drop?: boolean;
}

/**
 * Every column in the schema that refers to an account, contact or lead, per object. A merge
 * re-points all of them from the merged record to the survivor; `dedupe.repository.test.ts`
 * reads the live schema and fails when a table gains such a column that is not listed here (or
 * in NOT_REFERENCES), so a new module cannot be forgotten.
 */
export const REFERENCES: Record<DedupeObject, Reference[]> = {
  account: [
    { table: 'contacts', column: 'account_id' },
    { table: 'opportunities', column: 'account_id' },
    { table: 'contracts', column: 'account_id' },
    { table: 'activities', column: 'account_id' },
    { table: 'activities', column: 'related_id', typeColumn: 'related_type', type: 'account' },
    { table: 'field_changes', column: 'entity_id', typeColumn: 'entity_type', type: 'account' },
    { table: 'leads', column: 'converted_account_id' },
    { table: 'needs_records', column: 'account_id' },
    { table: 'questionnaire_invitations', column: 'account_id' },
    { table: 'questionnaire_responses', column: 'account_id' },
    { table: 'proposals', column: 'account_id' },
    { table: 'campaign_recipients', column: 'account_id' },
    { table: 'engagement_events', column: 'account_id' },
    { table: 'visits', column: 'account_id' },
    { table: 'pool_moves', column: 'entity_id', typeColumn: 'entity_type', type: 'account' },
    { table: 'pool_warnings', column: 'entity_id', typeColumn: 'entity_type', type: 'account', drop: true },
    { table: 'merges', column: 'survivor_id', typeColumn: 'entity_type', type: 'account' },
  ],
  contact: [
    { table: 'activities', column: 'related_id', typeColumn: 'related_type', type: 'contact' },
    { table: 'field_changes', column: 'entity_id', typeColumn: 'entity_type', type: 'contact' },
    { table: 'leads', column: 'converted_contact_id' },
    { table: 'needs_records', column: 'contact_id' },
    { table: 'questionnaire_invitations', column: 'contact_id' },
    { table: 'questionnaire_responses', column: 'contact_id' },
    { table: 'proposals', column: 'contact_id' },
    { table: 'campaign_recipients', column: 'contact_id' },
    { table: 'engagement_events', column: 'contact_id' },
    { table: 'event_registrations', column: 'contact_id' },
    { table: 'visits', column: 'contact_id' },
    { table: 'merges', column: 'survivor_id', typeColumn: 'entity_type', type: 'contact' },
  ],
  lead: [
    { table: 'activities', column: 'related_id', typeColumn: 'related_type', type: 'lead' },
    { table: 'field_changes', column: 'entity_id', typeColumn: 'entity_type', type: 'lead' },
    { table: 'opportunities', column: 'lead_id' },
    { table: 'web_form_submissions', column: 'lead_id' },
    { table: 'lead_assignments', column: 'lead_id' },
    { table: 'campaign_recipients', column: 'lead_id' },
    { table: 'engagement_events', column: 'lead_id' },
    { table: 'event_registrations', column: 'lead_id' },
    { table: 'pool_moves', column: 'entity_id', typeColumn: 'entity_type', type: 'lead' },
    { table: 'pool_warnings', column: 'entity_id', typeColumn: 'entity_type', type: 'lead', drop: true },
    { table: 'merges', column: 'survivor_id', typeColumn: 'entity_type', type: 'lead' },
  ],
};

/**
 * Id columns that look like references but point elsewhere (or are the merge trail itself).
 * The schema test needs every candidate column to be in REFERENCES or here.
 */
export const NOT_REFERENCES = [
  'approval_requests.business_id', // quotes, contracts, payments
  'contract_reminders.ref_id', // contracts and payment plans
  'pool_members.member_id', // users and teams
  'merges.merged_id', // the record that is gone
  'notifications.ref_id', // a message as it was sent (its link too); not re-pointed
];

/** JSON columns holding contact ids: needs_records.decision_makers is [{contactId, role}]. */
const CONTACT_JSON = [{ table: 'needs_records', column: 'decision_makers', key: 'contactId' }];

const TABLE = { account: 'accounts', contact: 'contacts', lead: 'leads' } as const;

export interface Scope {
  owners: OwnerFilter;
  /** Records without an owner (in a pool) count as in scope. */
  pool: boolean;
}

export type KeyColumn =
  'creditCode' | 'nameKey' | 'nameWeakKey' | 'companyKey' | 'companyWeakKey' | 'phoneKey' | 'emailKey';

export interface CandidateRow {
  id: string;
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  creditCode: string | null;
  status: string | null;
  ownerId: string | null;
  /** A contact's account. */
  accountId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  nameKey: string | null;
  weakKey: string | null;
  phoneKey: string | null;
  emailKey: string | null;
}

export class DedupeRepository {
  private readonly any: Kysely<any>;

  constructor(private readonly db: Kysely<Database>) {
    this.any = db as unknown as Kysely<any>;
  }

  /** The candidate rows of one object whose `column` is one of `values` (at most `limit`). */
  async candidates(
    orgId: string,
    object: DedupeObject,
    column: KeyColumn,
    values: string[],
    opts: { excludeId?: string; scope?: Scope; limit: number },
  ): Promise<CandidateRow[]> {
    if (values.length === 0) return [];
    let qb: any = this.select(orgId, object).where(`${alias(object)}.${column}`, 'in', values);
    if (opts.excludeId) qb = qb.where(`${alias(object)}.id`, '!=', opts.excludeId);
    if (opts.scope) qb = this.inScope(qb, object, opts.scope);
    return (await qb
      .orderBy(`${alias(object)}.updatedAt`, 'desc')
      .limit(opts.limit)
      .execute()) as CandidateRow[];
  }

  /** Key values shared by more than one record in scope, most members first. */
  async sharedKeys(
    orgId: string,
    object: DedupeObject,
    column: KeyColumn,
    scope: Scope,
    limit: number,
  ): Promise<string[]> {
    const a = alias(object);
    let qb = this.any
      .selectFrom(`${TABLE[object]} as ${a}`)
      .select([`${a}.${column} as key`, (eb: any) => eb.fn.countAll().as('n')])
      .where(`${a}.orgId`, '=', orgId)
      .where(`${a}.${column}`, 'is not', null);
    qb = this.inScope(qb, object, scope);
    const rows = await qb
      .groupBy(`${a}.${column}`)
      .having(sql`count(*)`, '>', 1)
      .orderBy('n', 'desc')
      .orderBy('key')
      .limit(limit)
      .execute();
    return rows.map((r: { key: string }) => r.key);
  }

  // the three shapes share their column names; one loose type keeps the callers simple
  private select(orgId: string, object: DedupeObject): any {
    const db = this.any;
    if (object === 'account')
      return db
        .selectFrom('accounts as a')
        .select([
          'a.id',
          'a.name',
          sql<null>`null`.as('company'),
          'a.phone',
          sql<null>`null`.as('email'),
          'a.creditCode',
          sql<null>`null`.as('status'),
          'a.ownerId',
          sql<null>`null`.as('accountId'),
          'a.version',
          'a.createdAt',
          'a.updatedAt',
          'a.nameKey',
          'a.nameWeakKey as weakKey',
          'a.phoneKey',
          sql<null>`null`.as('emailKey'),
        ])
        .where('a.orgId', '=', orgId);
    if (object === 'contact')
      return db
        .selectFrom('contacts as c')
        .leftJoin('accounts as acc', 'acc.id', 'c.accountId')
        .select([
          'c.id',
          'c.name',
          'acc.name as company',
          'c.phone',
          'c.email',
          sql<null>`null`.as('creditCode'),
          sql<null>`null`.as('status'),
          'c.ownerId',
          'c.accountId',
          'c.version',
          'c.createdAt',
          'c.updatedAt',
          sql<null>`null`.as('nameKey'),
          sql<null>`null`.as('weakKey'),
          'c.phoneKey',
          'c.emailKey',
        ])
        .where('c.orgId', '=', orgId);
    return db
      .selectFrom('leads as l')
      .select([
        'l.id',
        'l.name',
        'l.company',
        'l.phone',
        'l.email',
        sql<null>`null`.as('creditCode'),
        'l.status',
        'l.ownerId',
        sql<null>`null`.as('accountId'),
        'l.version',
        'l.createdAt',
        'l.updatedAt',
        'l.companyKey as nameKey',
        'l.companyWeakKey as weakKey',
        'l.phoneKey',
        'l.emailKey',
      ])
      .where('l.orgId', '=', orgId);
  }

  private inScope(qb: any, object: DedupeObject, scope: Scope) {
    const col = `${alias(object)}.ownerId`;
    if (scope.owners === null) return qb;
    return qb.where((eb: any) =>
      scope.pool ? eb.or([ownerIn(col, scope.owners!), eb(col, 'is', null)]) : ownerIn(col, scope.owners!),
    );
  }

  /** The whole row, as stored (for the merge snapshot and the field copy). */
  row(orgId: string, object: DedupeObject, id: string): Promise<Record<string, unknown> | undefined> {
    return this.any
      .selectFrom(TABLE[object])
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** How many rows refer to the record, per "table.column" (for the merge and its tests). */
  async countReferences(orgId: string, object: DedupeObject, id: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const ref of REFERENCES[object]) {
      let qb = this.any
        .withoutPlugins()
        .selectFrom(ref.table)
        .select((eb: any) => eb.fn.countAll().as('n'))
        .where('org_id', '=', orgId)
        .where(ref.column, '=', id);
      if (ref.typeColumn) qb = qb.where(ref.typeColumn, '=', ref.type);
      const row = (await qb.executeTakeFirst()) as { n: number | string } | undefined;
      out[`${ref.table}.${ref.column}`] = Number(row?.n ?? 0);
    }
    return out;
  }

  /**
   * Points every reference to `fromId` at `toId` (or drops the derived ones). Returns the rows
   * moved per "table.column". Run inside the merge's transaction.
   */
  async repoint(
    orgId: string,
    object: DedupeObject,
    fromId: string,
    toId: string,
  ): Promise<Record<string, number>> {
    const db = this.any.withoutPlugins();
    const moved: Record<string, number> = {};
    for (const ref of REFERENCES[object]) {
      const where = (qb: any) => {
        let q = qb.where('org_id', '=', orgId).where(ref.column, '=', fromId);
        if (ref.typeColumn) q = q.where(ref.typeColumn, '=', ref.type);
        return q;
      };
      const r = ref.drop
        ? await where(db.deleteFrom(ref.table)).executeTakeFirst()
        : await where(db.updateTable(ref.table).set({ [ref.column]: toId })).executeTakeFirst();
      const n = Number(ref.drop ? r.numDeletedRows : r.numUpdatedRows);
      if (n > 0) moved[`${ref.table}.${ref.column}`] = n;
    }
    if (object === 'contact') {
      for (const j of CONTACT_JSON) {
        const rows = await db
          .selectFrom(j.table)
          .select(['id', j.column])
          .where('org_id', '=', orgId)
          .where(j.column, 'like', `%${fromId}%`)
          .execute();
        for (const row of rows) {
          const list = JSON.parse(row[j.column] as string) as Record<string, unknown>[];
          const next = list.map((item) => (item[j.key] === fromId ? { ...item, [j.key]: toId } : item));
          await db
            .updateTable(j.table)
            .set({ [j.column]: JSON.stringify(next) })
            .where('id', '=', row.id)
            .execute();
        }
        if (rows.length) moved[`${j.table}.${j.column}`] = rows.length;
      }
    }
    return moved;
  }

  /** Activities now on a merged contact follow its (new) account, as a new activity would. */
  async setActivityAccount(orgId: string, contactId: string, accountId: string | null): Promise<void> {
    await this.db
      .updateTable('activities')
      .set({ accountId })
      .where('orgId', '=', orgId)
      .where('relatedType', '=', 'contact')
      .where('relatedId', '=', contactId)
      .execute();
  }

  /** Deletes the merged row if it still has the version the caller read; false otherwise. */
  async deleteVersioned(orgId: string, object: DedupeObject, id: string, version: number): Promise<boolean> {
    const r = await this.any
      .deleteFrom(TABLE[object])
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  async insertMerge(row: Database['merges']): Promise<void> {
    await this.db.insertInto('merges').values(row).execute();
  }

  listMerges(orgId: string, object: DedupeObject, survivorId: string) {
    return this.db
      .selectFrom('merges')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('entityType', '=', object)
      .where('survivorId', '=', survivorId)
      .orderBy('mergedAt', 'desc')
      .limit(100)
      .execute();
  }
}

function alias(object: DedupeObject): string {
  return object === 'account' ? 'a' : object === 'contact' ? 'c' : 'l';
}
