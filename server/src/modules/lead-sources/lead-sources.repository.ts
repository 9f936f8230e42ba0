import type { Kysely } from 'kysely';
import type { Database, LeadSourcesTable } from '../../db/schema.js';

export type LeadSourceRow = Omit<LeadSourcesTable, 'version' | 'active' | 'sortOrder'> & {
  version: number;
  active: number;
  sortOrder: number;
};

export class LeadSourcesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  list(orgId: string): Promise<LeadSourceRow[]> {
    return this.db
      .selectFrom('leadSources')
      .selectAll()
      .where('orgId', '=', orgId)
      .orderBy('sortOrder')
      .orderBy('key')
      .execute();
  }

  /** Leads per source key. */
  async leadCounts(orgId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('leads')
      .select(['source', (eb) => eb.fn.countAll<number>().as('n')])
      .where('orgId', '=', orgId)
      .where('source', 'is not', null)
      .groupBy('source')
      .execute();
    return new Map(rows.map((r) => [r.source!, Number(r.n)]));
  }

  get(orgId: string, id: string): Promise<LeadSourceRow | undefined> {
    return this.db
      .selectFrom('leadSources')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  byKey(orgId: string, key: string): Promise<LeadSourceRow | undefined> {
    return this.db
      .selectFrom('leadSources')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  async hasAny(orgId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('leadSources')
      .select('id')
      .where('orgId', '=', orgId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Inserts the rows whose key the organisation does not have yet (safe to run twice at once). */
  async insertMissing(rows: LeadSourceRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('leadSources')
      .values(rows)
      .onConflict((oc) => oc.columns(['orgId', 'key']).doNothing())
      .execute();
  }

  async insert(row: LeadSourceRow): Promise<void> {
    await this.db.insertInto('leadSources').values(row).execute();
  }

  async countLeads(orgId: string, key: string): Promise<number> {
    const r = await this.db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('orgId', '=', orgId)
      .where('source', '=', key)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('leadSources').where('orgId', '=', orgId).where('id', '=', id).execute();
  }
}
