import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  Answer,
  Invitation,
  InvitationCreate,
  InvitationCreated,
  InvitationListQuery,
  InvitationStatus,
  Locale,
  NeedsCreate,
  PublicQuestionnaire,
  PublicResponseCreate,
  Question,
  Questionnaire,
  QuestionnaireCreate,
  QuestionnaireListQuery,
  QuestionnaireResponse,
  QuestionnaireStatus,
  QuestionnaireSummary,
  QuestionnaireUpdate,
  ResponseListQuery,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, invalidField, notFound, stale, tooManyRequests } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { requiredText } from '../../lib/records.js';
import { authorize, guard, nameOf, type Actor, type DirectoryCache } from '../access/index.js';
import type { AccountsService } from '../accounts/index.js';
import {
  QuestionnairesRepository,
  type InvitationJoined,
  type InvitationRow,
  type QuestionnaireListed,
  type ResponseJoined,
} from './questionnaires.repository.js';
import {
  displayAnswer,
  needsDraftFrom,
  normalizeQuestions,
  summarize,
  validateAnswers,
} from './questionnaires.rules.js';

const DAY_MS = 86_400_000;
/** Submissions per link within one window: enough for a customer fixing mistakes, not for a flood. */
export const ATTEMPTS_PER_WINDOW = 10;
export const ATTEMPT_WINDOW_MS = 10 * 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const parse = <T>(json: string, fallback: T): T => {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
};

type Clock = () => Date;

/**
 * Questionnaires (问卷). A builder keeps questions while the questionnaire is a draft; publishing
 * freezes them (answers point at question and option ids), so changing a published questionnaire
 * means copying it. A share link is made per recipient (account, optionally a contact): only the
 * token's hash is stored, it may expire, and each link is answered once — a second submission is
 * refused (409), since the answers may already have prefilled a needs record; the rep sends a
 * new link if the customer wants to answer again. Answers are stored on the account and read
 * by whoever may read the account's needs.
 */
export class QuestionnairesService {
  private readonly repo: QuestionnairesRepository;
  /** The clock expiry and the rate limit read; tests move it. */
  clock: Clock = () => new Date();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly accounts: AccountsService,
  ) {
    this.repo = new QuestionnairesRepository(db);
  }

  // ---- the builder --------------------------------------------------------------------------

  async list(actor: Actor, query: QuestionnaireListQuery): Promise<{ items: Questionnaire[] }> {
    authorize(actor, 'questionnaire', 'read');
    const rows = await this.repo.list(actor.orgId, query.status, query.limit ?? 100);
    const dir = await this.directory.get(actor.orgId);
    return { items: rows.map((r) => toQuestionnaire(r, nameOf(dir, r.createdBy) ?? '')) };
  }

  async get(actor: Actor, id: string): Promise<Questionnaire> {
    authorize(actor, 'questionnaire', 'read');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Questionnaire');
    const dir = await this.directory.get(actor.orgId);
    return toQuestionnaire(row, nameOf(dir, row.createdBy) ?? '');
  }

  async create(actor: Actor, input: QuestionnaireCreate): Promise<Questionnaire> {
    authorize(actor, 'questionnaire', 'create');
    const at = this.clock().toISOString();
    const id = newId();
    await this.repo.insert({
      id,
      orgId: actor.orgId,
      title: requiredText(input.title, 'title'),
      intro: input.intro?.trim() || null,
      language: input.language ?? 'zh-CN',
      status: 'draft',
      questions: JSON.stringify(normalizeQuestions(input.questions ?? [], false)),
      publishedAt: null,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    return this.get(actor, id);
  }

  /** Only a draft changes; a published questionnaire is copied instead. */
  async update(actor: Actor, id: string, input: QuestionnaireUpdate): Promise<Questionnaire> {
    authorize(actor, 'questionnaire', 'update');
    const row = await this.existing(actor, id);
    if (row.status !== 'draft')
      throw conflict(`Only a draft questionnaire can be edited (this one is ${row.status}); copy it instead`);
    const patch: Partial<QuestionnaireListed> = { updatedAt: this.clock().toISOString() };
    if (input.title !== undefined) patch.title = requiredText(input.title, 'title');
    if (input.intro !== undefined) patch.intro = input.intro?.trim() || null;
    if (input.language !== undefined) patch.language = input.language;
    if (input.questions !== undefined)
      patch.questions = JSON.stringify(normalizeQuestions(input.questions, false));
    if (!(await this.repo.cas(actor.orgId, id, input.version, patch, ['draft'])))
      throw stale('Questionnaire');
    return this.get(actor, id);
  }

  async publish(actor: Actor, id: string, version: number): Promise<Questionnaire> {
    authorize(actor, 'questionnaire', 'update');
    const row = await this.existing(actor, id);
    if (row.status !== 'draft') throw conflict(`Only a draft can be published (this one is ${row.status})`);
    normalizeQuestions(parse<Question[]>(row.questions, []), true);
    const at = this.clock().toISOString();
    if (
      !(await this.repo.cas(
        actor.orgId,
        id,
        version,
        { status: 'published', publishedAt: at, updatedAt: at },
        ['draft'],
      ))
    )
      throw stale('Questionnaire');
    return this.get(actor, id);
  }

  /** Archiving closes the questionnaire: its links stop working; answers stay. */
  async archive(actor: Actor, id: string, version: number): Promise<Questionnaire> {
    authorize(actor, 'questionnaire', 'update');
    const row = await this.existing(actor, id);
    if (row.status !== 'published')
      throw conflict(`Only a published questionnaire can be archived (this one is ${row.status})`);
    const at = this.clock().toISOString();
    if (
      !(await this.repo.cas(actor.orgId, id, version, { status: 'archived', updatedAt: at }, ['published']))
    )
      throw stale('Questionnaire');
    return this.get(actor, id);
  }

  /** A new draft with the same questions, to change a published one. */
  async copy(actor: Actor, id: string): Promise<Questionnaire> {
    authorize(actor, 'questionnaire', 'create');
    const row = await this.existing(actor, id);
    const suffix = row.language === 'en' ? ' (copy)' : '（副本）';
    return this.create(actor, {
      title: `${row.title}${suffix}`.slice(0, 200),
      intro: row.intro,
      language: row.language as Locale,
      questions: parse<Question[]>(row.questions, []),
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'questionnaire', 'delete');
    const row = await this.existing(actor, id);
    if (row.status !== 'draft' || row.invitationCount > 0)
      throw conflict('Only a draft that was never sent can be deleted; archive this one instead');
    await this.repo.delete(actor.orgId, id);
  }

  private async existing(actor: Actor, id: string) {
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Questionnaire');
    return row;
  }

  // ---- share links --------------------------------------------------------------------------

  /** A link for one customer (and contact); the token is returned once, its hash is stored. */
  async invite(actor: Actor, questionnaireId: string, input: InvitationCreate): Promise<InvitationCreated> {
    authorize(actor, 'questionnaire', 'read');
    const q = await this.existing(actor, questionnaireId);
    if (q.status !== 'published')
      throw conflict(`Only a published questionnaire can be sent (this one is ${q.status})`);
    await this.accountFor(actor, input.accountId, () =>
      invalidField('accountId', 'no such account in your data scope'),
    );
    if (input.contactId) {
      const c = await this.repo.contact(actor.orgId, input.contactId);
      if (!c || c.accountId !== input.accountId)
        throw invalidField('contactId', 'is not a contact of this account');
    }
    const now = this.clock();
    const token = randomBytes(24).toString('base64url');
    const row: InvitationRow = {
      id: newId(),
      orgId: actor.orgId,
      questionnaireId,
      accountId: input.accountId,
      contactId: input.contactId ?? null,
      tokenHash: sha256(token),
      expiresAt: input.expiresInDays
        ? new Date(now.getTime() + input.expiresInDays * DAY_MS).toISOString()
        : null,
      revokedAt: null,
      openedAt: null,
      answeredAt: null,
      attempts: 0,
      attemptsSince: null,
      createdBy: actor.userId,
      createdAt: now.toISOString(),
    };
    await this.repo.insertInvitation(row);
    const joined = (await this.repo.invitation(actor.orgId, row.id))!;
    const dir = await this.directory.get(actor.orgId);
    return {
      invitation: this.toInvitation(joined, nameOf(dir, joined.createdBy) ?? '', now),
      token,
      path: `/s/${token}`,
    };
  }

  async invitations(actor: Actor, query: InvitationListQuery): Promise<{ items: Invitation[] }> {
    authorize(actor, 'questionnaire', 'read');
    const owners = await this.scopeFor(actor, query.accountId);
    const rows = await this.repo.listInvitations(actor.orgId, owners, query, query.limit ?? 100);
    const dir = await this.directory.get(actor.orgId);
    const now = this.clock();
    return { items: rows.map((r) => this.toInvitation(r, nameOf(dir, r.createdBy) ?? '', now)) };
  }

  async revoke(actor: Actor, invitationId: string): Promise<void> {
    authorize(actor, 'questionnaire', 'read');
    const inv = await this.repo.invitation(actor.orgId, invitationId);
    if (!inv) throw notFound('Invitation');
    await this.accountFor(actor, inv.accountId, () => notFound('Invitation'));
    await this.repo.revoke(actor.orgId, invitationId, this.clock().toISOString());
  }

  // ---- answers, on the sales side -------------------------------------------------------------

  async responses(actor: Actor, query: ResponseListQuery): Promise<{ items: QuestionnaireResponse[] }> {
    authorize(actor, 'needs_record', 'read');
    const owners = await this.scopeFor(actor, query.accountId);
    const rows = await this.repo.listResponses(actor.orgId, owners, query, query.limit ?? 50);
    return { items: await this.presentResponses(actor.orgId, rows) };
  }

  async response(actor: Actor, id: string): Promise<QuestionnaireResponse> {
    return (await this.presentResponses(actor.orgId, [await this.readableResponse(actor, id)]))[0]!;
  }

  /** A needs record prefilled from an answer set (see needsDraftFrom), for the rep to review and save. */
  async needsDraft(actor: Actor, responseId: string): Promise<NeedsCreate> {
    const r = await this.readableResponse(actor, responseId);
    const q = (await this.repo.get(actor.orgId, r.questionnaireId))!;
    return needsDraftFrom(
      { title: q.title, language: q.language as Locale, questions: parse<Question[]>(q.questions, []) },
      { ...r, answers: parse<Answer[]>(r.answers, []) },
    );
  }

  /** Counts per option and scale averages over the answer sets on accounts the reader may see. */
  async summary(actor: Actor, id: string): Promise<QuestionnaireSummary> {
    authorize(actor, 'questionnaire', 'read');
    const q = await this.existing(actor, id);
    const owners = await this.scopeFor(actor, undefined);
    const [rows, invitations] = await Promise.all([
      this.repo.listResponses(actor.orgId, owners, { questionnaireId: id }, 10_000),
      this.repo.countInvitations(actor.orgId, owners, id),
    ]);
    return {
      questionnaireId: id,
      responses: rows.length,
      invitations,
      questions: summarize(
        parse<Question[]>(q.questions, []),
        rows.map((r) => ({ answers: parse<Answer[]>(r.answers, []), accountName: r.accountName })),
      ),
    };
  }

  private async readableResponse(actor: Actor, id: string): Promise<ResponseJoined> {
    authorize(actor, 'needs_record', 'read');
    const r = await this.repo.response(actor.orgId, id);
    if (!r) throw notFound('Answer set');
    await this.accountFor(actor, r.accountId, () => notFound('Answer set'));
    return r;
  }

  private async presentResponses(orgId: string, rows: ResponseJoined[]): Promise<QuestionnaireResponse[]> {
    const questionnaires = new Map<string, { questions: Question[]; language: Locale }>();
    for (const id of new Set(rows.map((r) => r.questionnaireId))) {
      const q = await this.repo.get(orgId, id);
      if (q)
        questionnaires.set(id, {
          questions: parse<Question[]>(q.questions, []),
          language: q.language as Locale,
        });
    }
    return rows.map((r) => {
      const q = questionnaires.get(r.questionnaireId);
      return {
        id: r.id,
        questionnaireId: r.questionnaireId,
        questionnaireTitle: r.questionnaireTitle,
        accountId: r.accountId,
        accountName: r.accountName,
        contactId: r.contactId,
        contactName: r.contactName,
        respondentName: r.respondentName,
        submittedAt: r.submittedAt,
        answers: parse<Answer[]>(r.answers, []).map((a) => {
          const question = q?.questions.find((x) => x.id === a.questionId);
          return {
            questionId: a.questionId,
            question: question?.text ?? a.questionId,
            type: question?.type ?? 'text',
            value: a.value,
            display: displayAnswer(question, a.value, q?.language ?? 'zh-CN'),
          };
        }),
      };
    });
  }

  /** The owners whose accounts' links and answers the actor sees; an account filter must be readable. */
  private async scopeFor(actor: Actor, accountId: string | undefined) {
    if (accountId) {
      await this.accountFor(actor, accountId, () =>
        invalidField('accountId', 'no such account in your data scope'),
      );
      return null;
    }
    return (await guard(this.directory, actor, 'account', 'read')).owners;
  }

  private async accountFor(actor: Actor, accountId: string, missing: () => AppError) {
    try {
      return (await this.accounts.visible(actor, accountId, 'read')).row;
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw missing();
      throw err;
    }
  }

  private toInvitation(r: InvitationJoined, createdByName: string, now: Date): Invitation {
    let status: InvitationStatus = 'pending';
    if (r.answeredAt) status = 'answered';
    else if (r.revokedAt) status = 'revoked';
    else if (r.expiresAt && r.expiresAt <= now.toISOString()) status = 'expired';
    return {
      id: r.id,
      questionnaireId: r.questionnaireId,
      questionnaireTitle: r.questionnaireTitle,
      accountId: r.accountId,
      accountName: r.accountName,
      contactId: r.contactId,
      contactName: r.contactName,
      status,
      expiresAt: r.expiresAt,
      openedAt: r.openedAt,
      answeredAt: r.answeredAt,
      createdBy: r.createdBy,
      createdByName,
      createdAt: r.createdAt,
    };
  }

  // ---- the customer's side: no sign-in, the token is the key ---------------------------------

  /** The link and its questionnaire; unknown, revoked or expired, or the questionnaire not open: 404. */
  private async byToken(token: string, now: Date) {
    const inv = await this.repo.byTokenHash(sha256(token));
    if (!inv || inv.revokedAt || (inv.expiresAt && inv.expiresAt <= now.toISOString()))
      throw notFound('Questionnaire');
    const q = await this.repo.get(inv.orgId, inv.questionnaireId);
    if (!q || q.status !== 'published') throw notFound('Questionnaire');
    return { inv, q, questions: parse<Question[]>(q.questions, []) };
  }

  async publicView(token: string): Promise<PublicQuestionnaire> {
    const now = this.clock();
    const { inv, q, questions } = await this.byToken(token, now);
    await this.repo.markOpened(inv.id, now.toISOString());
    const [account, contact, companyName] = await Promise.all([
      this.repo.account(inv.orgId, inv.accountId),
      inv.contactId ? this.repo.contact(inv.orgId, inv.contactId) : Promise.resolve(undefined),
      this.repo.orgName(inv.orgId),
    ]);
    return {
      companyName,
      accountName: account?.name ?? '',
      contactName: contact?.name ?? null,
      title: q.title,
      intro: q.intro,
      language: q.language as Locale,
      questions: questions.map(({ mapsTo: _m, painCategory: _p, ...rest }) => ({
        ...rest,
        options: rest.options?.map((o) => ({ id: o.id, label: o.label })),
      })),
      answered: inv.answeredAt !== null,
      expiresAt: inv.expiresAt,
    };
  }

  /**
   * The customer's answers: counted against the link's rate limit first, refused once the link
   * is answered, checked against the questions, then stored with the link marked answered in one
   * transaction (the unique index on the link makes a concurrent second submission fail too).
   */
  async publicSubmit(token: string, input: PublicResponseCreate): Promise<{ submittedAt: string }> {
    const now = this.clock();
    const { inv, questions } = await this.byToken(token, now);
    const attempts = await this.repo.countAttempt(
      inv.id,
      new Date(now.getTime() - ATTEMPT_WINDOW_MS).toISOString(),
      now.toISOString(),
    );
    if (attempts > ATTEMPTS_PER_WINDOW)
      throw tooManyRequests('Too many submissions for this link; wait a few minutes and try again');
    if (inv.answeredAt) throw conflict('This questionnaire has already been answered through this link');
    const answers = validateAnswers(questions, input.answers);
    const at = now.toISOString();
    try {
      await this.db.transaction().execute(async (trx) => {
        const r = this.repo.with(trx);
        if (!(await r.markAnswered(inv.id, at)))
          throw conflict('This questionnaire has already been answered');
        await r.insertResponse({
          id: newId(),
          orgId: inv.orgId,
          questionnaireId: inv.questionnaireId,
          invitationId: inv.id,
          accountId: inv.accountId,
          contactId: inv.contactId,
          respondentName: input.respondentName?.trim() || null,
          answers: JSON.stringify(answers),
          submittedAt: at,
        });
      });
    } catch (err) {
      if (err instanceof AppError) throw err;
      // the unique index on the link: another submission won the race
      throw conflict('This questionnaire has already been answered');
    }
    return { submittedAt: at };
  }
}

function toQuestionnaire(r: QuestionnaireListed, createdByName: string): Questionnaire {
  return {
    id: r.id,
    title: r.title,
    intro: r.intro,
    language: r.language as Locale,
    status: r.status as QuestionnaireStatus,
    questions: parse<Question[]>(r.questions, []),
    invitationCount: Number(r.invitationCount),
    responseCount: Number(r.responseCount),
    publishedAt: r.publishedAt,
    createdBy: r.createdBy,
    createdByName,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
