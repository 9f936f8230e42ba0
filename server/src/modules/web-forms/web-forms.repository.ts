import { sql, type Kysely } from 'kysely';
import type { Database, WebFormSubmissionsTable, WebFormsTable } from '../../db/schema.js';

export type WebFormRow = Omit<WebFormsTable, 'version' | 'active' | 'submissionCount'> & {
  version: number;
  active: number;
  submissionCount: number;
};
export type WebFormSubmissionRow = WebFormSubmissionsTable;

export class WebFormsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  list(orgId: string): Promise<WebFormRow[]> {
    return this.db
      .selectFrom('webForms')
      .selectAll()
      .where('orgId', '=', orgId)
      .orderBy('updatedAt', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  get(orgId: string, id: string): Promise<WebFormRow | undefined> {
    return this.db
      .selectFrom('webForms')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The public key is unique across organisations: it alone identifies the form. */
  byKey(publicKey: string): Promise<WebFormRow | undefined> {
    return this.db.selectFrom('webForms').selectAll().where('publicKey', '=', publicKey).executeTakeFirst();
  }

  async insert(row: WebFormRow): Promise<void> {
    await this.db.insertInto('webForms').values(row).execute();
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('webFormSubmissions')
      .where('orgId', '=', orgId)
      .where('formId', '=', id)
      .execute();
    await this.db.deleteFrom('webForms').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  /**
   * A no-op update of the form's row at the start of a submission's transaction: on PostgreSQL
   * it holds the row lock until commit, so the rate-limit count and the insert that follows are
   * one step for concurrent submissions (SQLite has one writer anyway).
   */
  async lock(id: string): Promise<void> {
    await this.db
      .updateTable('webForms')
      .set({ submissionCount: sql<number>`submission_count` })
      .where('id', '=', id)
      .execute();
  }

  async countSubmissions(formId: string, since: string, ipHash?: string): Promise<number> {
    let q = this.db
      .selectFrom('webFormSubmissions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('formId', '=', formId)
      .where('createdAt', '>=', since);
    if (ipHash) q = q.where('ipHash', '=', ipHash);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  async insertSubmission(row: WebFormSubmissionRow): Promise<void> {
    await this.db.insertInto('webFormSubmissions').values(row).execute();
  }

  async acceptSubmission(formId: string, submissionId: string, leadId: string): Promise<void> {
    await this.db.updateTable('webFormSubmissions').set({ leadId }).where('id', '=', submissionId).execute();
    await this.db
      .updateTable('webForms')
      .set({ submissionCount: sql<number>`submission_count + 1` })
      .where('id', '=', formId)
      .execute();
  }

  async deleteSubmission(id: string): Promise<void> {
    await this.db.deleteFrom('webFormSubmissions').where('id', '=', id).execute();
  }

  submissions(orgId: string, formId: string, limit = 100) {
    return this.db
      .selectFrom('webFormSubmissions as s')
      .leftJoin('leads', (j) => j.onRef('leads.id', '=', 's.leadId').on('leads.orgId', '=', orgId))
      .select(['s.id', 's.outcome', 's.leadId', 's.referrer', 's.createdAt', 'leads.name as leadName'])
      .where('s.orgId', '=', orgId)
      .where('s.formId', '=', formId)
      .orderBy('s.createdAt', 'desc')
      .orderBy('s.id', 'desc')
      .limit(limit)
      .execute();
  }

  leadSubmissions(orgId: string, leadId: string) {
    return this.db
      .selectFrom('webFormSubmissions as s')
      .innerJoin('webForms as f', 'f.id', 's.formId')
      .select(['s.id', 's.formId', 'f.name as formName', 's.referrer', 's.createdAt'])
      .where('s.orgId', '=', orgId)
      .where('s.leadId', '=', leadId)
      .orderBy('s.createdAt', 'desc')
      .execute();
  }

  /** Housekeeping: spam attempts older than `before` (accepted ones stay with their lead). */
  async purgeSpam(before: string): Promise<number> {
    const r = await this.db
      .deleteFrom('webFormSubmissions')
      .where('outcome', '!=', 'accepted')
      .where('createdAt', '<', before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
