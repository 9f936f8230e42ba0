import { sql, type Kysely } from 'kysely';
import type {
  Database,
  QuestionnaireInvitationsTable,
  QuestionnaireResponsesTable,
  QuestionnairesTable,
} from '../../db/schema.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

export type QuestionnaireRow = Omit<QuestionnairesTable, 'version'> & { version: number };
export type QuestionnaireListed = QuestionnaireRow & { invitationCount: number; responseCount: number };
export type InvitationRow = Omit<QuestionnaireInvitationsTable, 'attempts'> & { attempts: number };
export type InvitationJoined = InvitationRow & {
  questionnaireTitle: string;
  accountName: string;
  contactName: string | null;
};
export type ResponseJoined = QuestionnaireResponsesTable & {
  questionnaireTitle: string;
  accountName: string;
  contactName: string | null;
};

/** The only place that knows the questionnaire tables. */
export class QuestionnairesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  with(trx: Kysely<Database>) {
    return new QuestionnairesRepository(trx);
  }

  // ---- questionnaires ---------------------------------------------------------------------

  list(orgId: string, status: string | undefined, limit: number): Promise<QuestionnaireListed[]> {
    let q = this.db
      .selectFrom('questionnaires as q')
      .selectAll('q')
      .select((eb) => [
        eb
          .selectFrom('questionnaireInvitations as i')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('i.questionnaireId', '=', 'q.id')
          .as('invitationCount'),
        eb
          .selectFrom('questionnaireResponses as r')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('r.questionnaireId', '=', 'q.id')
          .as('responseCount'),
      ])
      .where('q.orgId', '=', orgId);
    if (status) q = q.where('q.status', '=', status);
    return q.orderBy('q.updatedAt', 'desc').orderBy('q.id', 'desc').limit(limit).execute() as Promise<
      QuestionnaireListed[]
    >;
  }

  async get(orgId: string, id: string): Promise<QuestionnaireListed | undefined> {
    const r = await this.db
      .selectFrom('questionnaires as q')
      .selectAll('q')
      .select((eb) => [
        eb
          .selectFrom('questionnaireInvitations as i')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('i.questionnaireId', '=', 'q.id')
          .as('invitationCount'),
        eb
          .selectFrom('questionnaireResponses as r')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('r.questionnaireId', '=', 'q.id')
          .as('responseCount'),
      ])
      .where('q.orgId', '=', orgId)
      .where('q.id', '=', id)
      .executeTakeFirst();
    return r as QuestionnaireListed | undefined;
  }

  async insert(row: QuestionnaireRow): Promise<void> {
    await this.db.insertInto('questionnaires').values(row).execute();
  }

  /** Optimistic update, optionally only from given statuses; false when nothing matched. */
  async cas(
    orgId: string,
    id: string,
    version: number,
    patch: Partial<QuestionnaireRow>,
    fromStatuses?: string[],
  ): Promise<boolean> {
    let q = this.db
      .updateTable('questionnaires')
      .set({ ...patch, version: version + 1 })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .where('version', '=', version);
    if (fromStatuses) q = q.where('status', 'in', fromStatuses);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('questionnaires').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  // ---- invitations (share links) ------------------------------------------------------------

  async insertInvitation(row: InvitationRow): Promise<void> {
    await this.db.insertInto('questionnaireInvitations').values(row).execute();
  }

  private invitations(orgId: string) {
    return this.db
      .selectFrom('questionnaireInvitations as i')
      .innerJoin('questionnaires as q', 'q.id', 'i.questionnaireId')
      .innerJoin('accounts as a', 'a.id', 'i.accountId')
      .leftJoin('contacts as c', 'c.id', 'i.contactId')
      .selectAll('i')
      .select(['q.title as questionnaireTitle', 'a.name as accountName', 'c.name as contactName'])
      .where('i.orgId', '=', orgId);
  }

  invitation(orgId: string, id: string): Promise<InvitationJoined | undefined> {
    return this.invitations(orgId).where('i.id', '=', id).executeTakeFirst() as Promise<
      InvitationJoined | undefined
    >;
  }

  listInvitations(
    orgId: string,
    owners: OwnerFilter,
    filter: { accountId?: string; questionnaireId?: string },
    limit: number,
  ): Promise<InvitationJoined[]> {
    let q = this.invitations(orgId);
    if (owners) q = q.where(ownerIn('a.ownerId', owners));
    if (filter.accountId) q = q.where('i.accountId', '=', filter.accountId);
    if (filter.questionnaireId) q = q.where('i.questionnaireId', '=', filter.questionnaireId);
    return q.orderBy('i.createdAt', 'desc').orderBy('i.id', 'desc').limit(limit).execute() as Promise<
      InvitationJoined[]
    >;
  }

  /** The link behind a token hash, in any organisation (the token is the key). */
  byTokenHash(tokenHash: string): Promise<InvitationRow | undefined> {
    return this.db
      .selectFrom('questionnaireInvitations')
      .selectAll()
      .where('tokenHash', '=', tokenHash)
      .executeTakeFirst() as Promise<InvitationRow | undefined>;
  }

  async revoke(orgId: string, id: string, at: string): Promise<void> {
    await this.db
      .updateTable('questionnaireInvitations')
      .set({ revokedAt: at })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .execute();
  }

  async markOpened(id: string, at: string): Promise<void> {
    await this.db
      .updateTable('questionnaireInvitations')
      .set({ openedAt: at })
      .where('id', '=', id)
      .where('openedAt', 'is', null)
      .execute();
  }

  /**
   * Counts one submission attempt in the link's current window and returns the count: a window
   * older than `windowStart` starts over at 1. One UPDATE, so concurrent attempts (and several
   * instances) count correctly.
   */
  async countAttempt(id: string, windowStart: string, at: string): Promise<number> {
    const fresh = sql`attempts_since is null or attempts_since < ${windowStart}`;
    const r = await this.db
      .updateTable('questionnaireInvitations')
      .set({
        attempts: sql<number>`case when ${fresh} then 1 else attempts + 1 end`,
        attemptsSince: sql<string>`case when ${fresh} then ${at} else attempts_since end`,
      })
      .where('id', '=', id)
      .returning('attempts')
      .executeTakeFirstOrThrow();
    return Number(r.attempts);
  }

  /** Marks the link answered unless it already is; false when someone else answered first. */
  async markAnswered(id: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('questionnaireInvitations')
      .set({ answeredAt: at })
      .where('id', '=', id)
      .where('answeredAt', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  // ---- responses ------------------------------------------------------------------------------

  async insertResponse(row: QuestionnaireResponsesTable): Promise<void> {
    await this.db.insertInto('questionnaireResponses').values(row).execute();
  }

  private responses(orgId: string) {
    return this.db
      .selectFrom('questionnaireResponses as r')
      .innerJoin('questionnaires as q', 'q.id', 'r.questionnaireId')
      .innerJoin('accounts as a', 'a.id', 'r.accountId')
      .leftJoin('contacts as c', 'c.id', 'r.contactId')
      .selectAll('r')
      .select(['q.title as questionnaireTitle', 'a.name as accountName', 'c.name as contactName'])
      .where('r.orgId', '=', orgId);
  }

  response(orgId: string, id: string): Promise<ResponseJoined | undefined> {
    return this.responses(orgId).where('r.id', '=', id).executeTakeFirst();
  }

  listResponses(
    orgId: string,
    owners: OwnerFilter,
    filter: { accountId?: string; questionnaireId?: string },
    limit: number,
  ): Promise<ResponseJoined[]> {
    let q = this.responses(orgId);
    if (owners) q = q.where(ownerIn('a.ownerId', owners));
    if (filter.accountId) q = q.where('r.accountId', '=', filter.accountId);
    if (filter.questionnaireId) q = q.where('r.questionnaireId', '=', filter.questionnaireId);
    return q.orderBy('r.submittedAt', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
  }

  async countInvitations(orgId: string, owners: OwnerFilter, questionnaireId: string): Promise<number> {
    let q = this.db
      .selectFrom('questionnaireInvitations as i')
      .innerJoin('accounts as a', 'a.id', 'i.accountId')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('i.orgId', '=', orgId)
      .where('i.questionnaireId', '=', questionnaireId);
    if (owners) q = q.where(ownerIn('a.ownerId', owners));
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }

  // ---- lookups --------------------------------------------------------------------------------

  contact(orgId: string, id: string) {
    return this.db
      .selectFrom('contacts')
      .select(['id', 'name', 'accountId'])
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  account(orgId: string, id: string) {
    return this.db
      .selectFrom('accounts')
      .select(['id', 'name'])
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async orgName(orgId: string): Promise<string> {
    const r = await this.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', orgId)
      .executeTakeFirst();
    return r?.name ?? '';
  }
}
