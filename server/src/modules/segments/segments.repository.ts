import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type SqlBool,
} from 'kysely';
import type { SegmentMember, SegmentObject } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import { updateIfVersion } from '../../lib/records.js';
import type { Database } from '../../db/schema.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { likePattern } from '../../lib/text.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';
import { pooledIn } from '../pools/index.js';
import type { CheckedCondition } from './segments.criteria.js';

/** The table a segment's object lives in. */
const TABLE = { account: 'accounts', contact: 'contacts', lead: 'leads' } as const;
type Base = (typeof TABLE)[SegmentObject];

/** Segment field → column (camelCase; the CamelCasePlugin maps it), per object. */
const COLUMN: Record<SegmentObject, Record<string, string>> = {
  account: {
    kind: 'accounts.kind',
    industry: 'accounts.industry',
    size: 'accounts.size',
    region: 'accounts.region',
    level: 'accounts.level',
    source: 'accounts.source',
    incomeBand: 'accounts.incomeBand',
    interests: 'accounts.interests',
  },
  contact: {
    kind: 'accounts.kind',
    industry: 'accounts.industry',
    size: 'accounts.size',
    region: 'accounts.region',
    level: 'accounts.level',
    source: 'accounts.source',
    incomeBand: 'accounts.incomeBand',
    interests: 'accounts.interests',
    age: 'contacts.birthday',
    decisionRole: 'contacts.decisionRole',
    email: 'contacts.email',
  },
  lead: {
    source: 'leads.source',
    status: 'leads.status',
    region: 'leads.region',
    industry: 'leads.industry',
    score: 'leads.score',
    campaign: 'leads.campaignId',
    email: 'leads.email',
  },
};

/**
 * `date` minus `years` calendar years; 29 February becomes 28 February in a common year, so a
 * person born on 29 February turns a year older on 1 March there.
 */
export function yearsBefore(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years;
  let md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (md === '02-29' && !leap) md = '02-28';
  return `${String(y).padStart(4, '0')}-${md}`;
}

type Eb = ExpressionBuilder<any, any>;

/**
 * Translates checked segment conditions into one Kysely expression over the object's table
 * (and, for contacts, their account). Values are always bound parameters.
 */
export class SegmentQuery {
  constructor(
    private readonly dialect: Dialect,
    private readonly today: string,
  ) {}

  where(object: SegmentObject, conditions: CheckedCondition[]) {
    return (eb: Eb): Expression<SqlBool> => eb.and(conditions.map((c) => this.condition(eb, object, c)));
  }

  private condition(eb: Eb, object: SegmentObject, c: CheckedCondition): Expression<SqlBool> {
    if (c.field === 'age') return this.age(eb, object, c);
    const col = COLUMN[object][c.field]!;
    const ref = sql.ref(col);
    const v = c.values;
    switch (c.kind) {
      case 'tags':
        if (c.op === 'empty') return eb.or([eb(ref, 'is', null), eb(ref, '=', '[]')]);
        if (c.op === 'not_empty') return eb.and([eb(ref, 'is not', null), eb(ref, '<>', '[]')]);
        // stored as a JSON array of strings: match the quoted element
        return eb.or(v.map((x) => this.dialect.ilike(col, likePattern(JSON.stringify(String(x))))));
      case 'number':
        switch (c.op) {
          case 'is':
            return eb(ref, '=', v[0]);
          case 'gte':
            return eb(ref, '>=', v[0]);
          case 'lte':
            return eb(ref, '<=', v[0]);
          case 'between':
            return eb.and([eb(ref, '>=', v[0]), eb(ref, '<=', v[1])]);
          case 'empty':
            return eb(ref, 'is', null);
          default:
            return eb(ref, 'is not', null);
        }
      default:
        switch (c.op) {
          case 'is':
            return eb(ref, '=', v[0]);
          case 'in':
            return eb(ref, 'in', v);
          case 'contains':
            return eb.or(v.map((x) => this.dialect.ilike(col, likePattern(String(x)))));
          case 'empty':
            return c.kind === 'text' ? eb.or([eb(ref, 'is', null), eb(ref, '=', '')]) : eb(ref, 'is', null);
          default:
            return c.kind === 'text'
              ? eb.and([eb(ref, 'is not', null), eb(ref, '<>', '')])
              : eb(ref, 'is not', null);
        }
    }
  }

  /**
   * Age in whole years on `today`: age ≥ n ⇔ born on or before today minus n years;
   * age ≤ n ⇔ born after today minus (n + 1) years. An account matches through any contact.
   */
  private age(eb: Eb, object: SegmentObject, c: CheckedCondition): Expression<SqlBool> {
    const birthday = sql.ref(object === 'account' ? 'ageContacts.birthday' : 'contacts.birthday');
    const [a, b] = c.values as number[];
    const atLeast = (n: number) => eb(birthday, '<=', yearsBefore(this.today, n));
    const atMost = (n: number) => eb(birthday, '>', yearsBefore(this.today, n + 1));
    let cond: Expression<SqlBool>;
    switch (c.op) {
      case 'is':
        cond = eb.and([atLeast(a!), atMost(a!)]);
        break;
      case 'gte':
        cond = atLeast(a!);
        break;
      case 'lte':
        cond = atMost(a!);
        break;
      case 'between':
        cond = eb.and([atLeast(a!), atMost(b!)]);
        break;
      default:
        cond = eb(birthday, 'is not', null);
    }
    if (object !== 'account') return c.op === 'empty' ? eb(birthday, 'is', null) : cond;
    const exists = eb.exists(
      eb
        .selectFrom('contacts as ageContacts')
        .select(sql.lit(1).as('one'))
        .whereRef('ageContacts.accountId', '=', 'accounts.id')
        .whereRef('ageContacts.orgId', '=', 'accounts.orgId')
        .where(c.op === 'empty' ? eb(birthday, 'is not', null) : cond),
    );
    return c.op === 'empty' ? eb.not(exists) : exists;
  }
}

/**
 * Which records of an object a caller may see: those owned by `owners` (null: everyone's),
 * and of the records without an owner (公海) those in the pools the caller belongs to
 * (`pooled`: null every pool; undefined: every record without an owner).
 */
export interface ReadScope {
  owners: OwnerFilter;
  pooled?: null | { poolIds: string[]; unpooled: boolean };
}

function inScope(eb: Eb, table: Base, scope: ReadScope): Expression<SqlBool> {
  if (scope.owners === null) return sql<SqlBool>`1 = 1`;
  const owner = `${table}.ownerId`;
  const pooled =
    table === 'contacts' || scope.pooled === undefined
      ? eb(sql.ref(owner), 'is', null)
      : pooledIn(owner, `${table}.poolId`, scope.pooled);
  return eb.or([ownerIn(owner, scope.owners), pooled]);
}

export interface AudienceRow {
  object: 'contact' | 'lead';
  id: string;
  name: string;
  email: string;
  locale: string | null;
  company: string | null;
  accountId: string | null;
  ownerId: string | null;
}

export class SegmentsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  private any() {
    return this.db as unknown as Kysely<any>;
  }

  /** The object's rows matching the conditions, within the owners' scope. */
  private base(
    orgId: string,
    object: SegmentObject,
    conds: CheckedCondition[],
    today: string,
    owners: ReadScope,
  ) {
    const table: Base = TABLE[object];
    let qb = this.any().selectFrom(table);
    if (object === 'contact') qb = qb.leftJoin('accounts', 'accounts.id', 'contacts.accountId');
    const where = new SegmentQuery(this.dialect, today).where(object, conds);
    return qb
      .where(`${table}.orgId`, '=', orgId)
      .where((eb) => inScope(eb, table, owners))
      .where(where);
  }

  async count(
    orgId: string,
    object: SegmentObject,
    conds: CheckedCondition[],
    today: string,
    owners: ReadScope,
  ): Promise<number> {
    const row = await this.base(orgId, object, conds, today, owners)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async members(
    orgId: string,
    object: SegmentObject,
    conds: CheckedCondition[],
    today: string,
    owners: ReadScope,
    cursor: string | undefined,
    limit: number,
  ): Promise<(Omit<SegmentMember, 'ownerName' | 'object'> & { ownerId: string | null })[]> {
    const table = TABLE[object];
    const qb = this.base(orgId, object, conds, today, owners);
    const cols =
      object === 'account'
        ? [
            'accounts.id',
            'accounts.name',
            'accounts.industry as detail',
            sql<null>`null`.as('email'),
            'accounts.phone',
            'accounts.region',
            'accounts.ownerId',
          ]
        : object === 'contact'
          ? [
              'contacts.id',
              'contacts.name',
              'accounts.name as detail',
              'contacts.email',
              'contacts.phone',
              'accounts.region',
              'contacts.ownerId',
            ]
          : [
              'leads.id',
              'leads.name',
              'leads.company as detail',
              'leads.email',
              'leads.phone',
              'leads.region',
              'leads.ownerId',
            ];
    const sort: SortSpec = { field: 'name', column: `${table}.name`, desc: false };
    return applyKeyset(qb.select(cols as never), sort, `${table}.id`, cursor, limit).execute() as never;
  }

  /**
   * The people an e-mail to the segment reaches: contacts or leads with an e-mail address; for
   * an account segment, the contacts of its accounts (in the contact scope).
   */
  async audience(
    orgId: string,
    object: SegmentObject,
    conds: CheckedCondition[],
    today: string,
    owners: ReadScope,
    contactOwners: ReadScope,
  ): Promise<{ rows: AudienceRow[]; withoutEmail: number }> {
    const hasEmail = (col: string) => (eb: Eb) =>
      eb.and([eb(sql.ref(col), 'is not', null), eb(sql.ref(col), '<>', '')]);
    const noEmail = (col: string) => (eb: Eb) =>
      eb.or([eb(sql.ref(col), 'is', null), eb(sql.ref(col), '=', '')]);
    if (object === 'lead') {
      const base = () => this.base(orgId, object, conds, today, owners);
      const rows = await base()
        .where(hasEmail('leads.email'))
        .select([
          sql<'lead'>`'lead'`.as('object'),
          'leads.id',
          'leads.name',
          'leads.email',
          'leads.locale',
          'leads.company',
          sql<null>`null`.as('accountId'),
          'leads.ownerId',
        ])
        .orderBy('leads.id')
        .execute();
      const missing = await base()
        .where(noEmail('leads.email'))
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      return { rows: rows as AudienceRow[], withoutEmail: Number(missing?.n ?? 0) };
    }
    const contacts = () => {
      if (object === 'contact') return this.base(orgId, object, conds, today, owners);
      const accounts = this.base(orgId, 'account', conds, today, owners).select('accounts.id');
      return this.any()
        .selectFrom('contacts')
        .leftJoin('accounts', 'accounts.id', 'contacts.accountId')
        .where('contacts.orgId', '=', orgId)
        .where((eb) => inScope(eb, 'contacts', contactOwners))
        .where('contacts.accountId', 'in', accounts);
    };
    const rows = await contacts()
      .where(hasEmail('contacts.email'))
      .select([
        sql<'contact'>`'contact'`.as('object'),
        'contacts.id',
        'contacts.name',
        'contacts.email',
        'contacts.locale',
        'accounts.name as company',
        'contacts.accountId',
        'contacts.ownerId',
      ])
      .orderBy('contacts.id')
      .execute();
    const missing = await contacts()
      .where(noEmail('contacts.email'))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return { rows: rows as AudienceRow[], withoutEmail: Number(missing?.n ?? 0) };
  }

  /**
   * The ids of the segment's members, as a subquery for another module's list. The inner FROM
   * names the same table as the outer list, so the conditions resolve to the inner rows.
   */
  memberIds(orgId: string, object: SegmentObject, conds: CheckedCondition[], today: string) {
    const table = TABLE[object];
    let qb = this.any().selectFrom(table);
    if (object === 'contact') qb = qb.leftJoin('accounts', 'accounts.id', 'contacts.accountId');
    return qb
      .select(`${table}.id`)
      .where(`${table}.orgId`, '=', orgId)
      .where(new SegmentQuery(this.dialect, today).where(object, conds));
  }

  // Saved segments.
  list(
    orgId: string,
    object: SegmentObject | undefined,
    q: string | undefined,
    sort: SortSpec,
    cursor: string | undefined,
    limit: number,
  ) {
    let qb = this.db.selectFrom('segments').selectAll().where('orgId', '=', orgId);
    if (object) qb = qb.where('object', '=', object);
    if (q) qb = qb.where(this.dialect.ilike('segments.name', likePattern(q)));
    return applyKeyset(qb, sort, 'segments.id', cursor, limit).execute();
  }

  get(orgId: string, id: string) {
    return this.db
      .selectFrom('segments')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async insert(row: Insertable<Database['segments']>) {
    await this.db.insertInto('segments').values(row).execute();
  }

  async update(orgId: string, id: string, version: number, patch: Record<string, unknown>, at: string) {
    return updateIfVersion(this.db, 'segments', { orgId, id, version }, { ...patch, updatedAt: at });
  }

  /** Campaigns using the segment as their audience. */
  async usedBy(orgId: string, id: string): Promise<number> {
    const r = await this.db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('orgId', '=', orgId)
      .where('segmentId', '=', id)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async delete(orgId: string, id: string) {
    await this.db.deleteFrom('segments').where('orgId', '=', orgId).where('id', '=', id).execute();
  }
}
