import type { Kysely } from 'kysely';
import type { ActivityListQuery } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { ActivitiesTable, Database } from '../../db/schema.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { likePattern } from '../../lib/text.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

export type ActivityRow = Omit<ActivitiesTable, 'version'> & { version: number };

const NAME_TABLE = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
} as const;

export class ActivitiesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  list(
    orgId: string,
    owners: OwnerFilter,
    query: ActivityListQuery,
    sort: SortSpec,
    limit: number,
  ): Promise<ActivityRow[]> {
    let qb = this.db.selectFrom('activities').selectAll().where('orgId', '=', orgId);
    if (owners) qb = qb.where(ownerIn('activities.ownerId', owners));
    if (query.type) qb = qb.where('type', '=', query.type);
    if (query.relatedType) qb = qb.where('relatedType', '=', query.relatedType);
    if (query.relatedId) qb = qb.where('relatedId', '=', query.relatedId);
    if (query.accountId) qb = qb.where('accountId', '=', query.accountId);
    if (query.done !== undefined) qb = qb.where('doneAt', query.done ? 'is not' : 'is', null);
    if (query.dueFrom) qb = qb.where('dueAt', '>=', query.dueFrom);
    if (query.dueTo) qb = qb.where('dueAt', '<=', query.dueTo);
    // keyset needs a value to continue from: sorting by due date lists dated activities only
    if (sort.field === 'dueAt') qb = qb.where('dueAt', 'is not', null);
    if (query.q) {
      const p = likePattern(query.q);
      qb = qb.where((eb) =>
        eb.or([this.dialect.ilike('activities.subject', p), this.dialect.ilike('activities.body', p)]),
      );
    }
    return applyKeyset(qb, sort, 'activities.id', query.cursor, limit).execute();
  }

  get(orgId: string, id: string): Promise<ActivityRow | undefined> {
    return this.db
      .selectFrom('activities')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Everything logged on a record; for an account, also what was logged on its contacts and deals. */
  forRecord(orgId: string, type: string, id: string, limit: number): Promise<ActivityRow[]> {
    return this.db
      .selectFrom('activities')
      .selectAll()
      .where('orgId', '=', orgId)
      .where((eb) => {
        const direct = eb.and([eb('relatedType', '=', type), eb('relatedId', '=', id)]);
        return type === 'account' ? eb.or([direct, eb('accountId', '=', id)]) : direct;
      })
      .orderBy('createdAt', 'desc')
      .limit(limit)
      .execute();
  }

  changes(orgId: string, type: string, id: string, limit: number) {
    return this.db
      .selectFrom('fieldChanges')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('entityType', '=', type)
      .where('entityId', '=', id)
      .orderBy('changedAt', 'desc')
      .limit(limit)
      .execute();
  }

  /** Display names of related records, one query per record type. */
  async names(orgId: string, refs: { type: string; id: string }[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const byType = new Map<string, string[]>();
    for (const r of refs) byType.set(r.type, [...(byType.get(r.type) ?? []), r.id]);
    for (const [type, ids] of byType) {
      const table = NAME_TABLE[type as keyof typeof NAME_TABLE];
      if (!table) continue;
      const rows = await (this.db as unknown as Kysely<any>)
        .selectFrom(table)
        .select(['id', 'name'])
        .where('orgId', '=', orgId)
        .where('id', 'in', [...new Set(ids)])
        .execute();
      for (const r of rows) out.set(`${type}:${r.id}`, r.name);
    }
    return out;
  }

  stageNames(orgId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db
      .selectFrom('pipelineStages')
      .select(['id', 'name'])
      .where('orgId', '=', orgId)
      .where('id', 'in', ids)
      .execute();
  }

  async insert(row: ActivityRow) {
    await this.db.insertInto('activities').values(row).execute();
  }

  async delete(orgId: string, id: string) {
    await this.db.deleteFrom('activities').where('orgId', '=', orgId).where('id', '=', id).execute();
  }
}
