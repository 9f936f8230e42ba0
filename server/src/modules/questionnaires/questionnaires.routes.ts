import { Type } from 'typebox';
import {
  IdParams,
  InvitationCreate,
  InvitationCreated,
  InvitationList,
  InvitationListQuery,
  NeedsDraft,
  PublicQuestionnaire,
  PublicResponseCreate,
  PublicResponseCreated,
  Questionnaire,
  QuestionnaireCreate,
  QuestionnaireList,
  QuestionnaireListQuery,
  QuestionnaireResponse,
  QuestionnaireSummary,
  QuestionnaireUpdate,
  ResponseList,
  ResponseListQuery,
  TokenParams,
  VersionBody,
  type InvitationListQuery as InvitationListQueryT,
  type QuestionnaireListQuery as QuestionnaireListQueryT,
  type ResponseListQuery as ResponseListQueryT,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import { publicQuestionnairePage } from './questionnaires.page.js';
import type { QuestionnairesService } from './questionnaires.service.js';

export function questionnairesRoutes(app: App, service: QuestionnairesService) {
  const tags = ['questionnaires'];
  const base = '/api/v1/questionnaires';
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  const token = (req: { params: unknown }) => (req.params as { token: string }).token;
  const version = (req: { body: unknown }) => (req.body as { version: number }).version;

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Questionnaires of the organisation',
        querystring: QuestionnaireListQuery,
        response: { 200: QuestionnaireList, ...errorResponses },
      },
    },
    (req) => service.list(actorOf(req), req.query as QuestionnaireListQueryT),
  );
  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'One questionnaire',
        params: IdParams,
        response: { 200: Questionnaire, ...errorResponses },
      },
    },
    (req) => service.get(actorOf(req), id(req)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Create a draft questionnaire',
        body: QuestionnaireCreate,
        response: { 201: Questionnaire, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.create(actorOf(req), req.body as QuestionnaireCreate)),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Edit a draft (send the version you read)',
        params: IdParams,
        body: QuestionnaireUpdate,
        response: { 200: Questionnaire, ...errorResponses },
      },
    },
    (req) => service.update(actorOf(req), id(req), req.body as QuestionnaireUpdate),
  );
  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Delete a draft that was never sent',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.remove(actorOf(req), id(req));
      return reply.status(204).send(null as never);
    },
  );
  for (const [action, summary] of [
    ['publish', 'Publish a draft: its questions are frozen and links can be sent'],
    ['archive', 'Close a published questionnaire: its links stop working, answers stay'],
  ] as const)
    app.post(
      `${base}/:id/${action}`,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          body: VersionBody,
          response: { 200: Questionnaire, ...errorResponses },
        },
      },
      (req) => service[action](actorOf(req), id(req), version(req)),
    );
  app.post(
    `${base}/:id/copy`,
    {
      schema: {
        tags,
        summary: 'Copy a questionnaire into a new draft',
        params: IdParams,
        response: { 201: Questionnaire, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.copy(actorOf(req), id(req))),
  );
  app.get(
    `${base}/:id/summary`,
    {
      schema: {
        tags,
        summary: 'Counts per option and scale averages over the answers on accounts in your data scope',
        params: IdParams,
        response: { 200: QuestionnaireSummary, ...errorResponses },
      },
    },
    (req) => service.summary(actorOf(req), id(req)),
  );
  app.post(
    `${base}/:id/invitations`,
    {
      schema: {
        tags,
        summary: 'A share link for one customer (and contact); the token is shown once',
        params: IdParams,
        body: InvitationCreate,
        response: { 201: InvitationCreated, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.invite(actorOf(req), id(req), req.body as InvitationCreate)),
  );
  app.get(
    '/api/v1/questionnaire-invitations',
    {
      schema: {
        tags,
        summary: 'Links sent to accounts in your data scope, e.g. ?accountId=',
        querystring: InvitationListQuery,
        response: { 200: InvitationList, ...errorResponses },
      },
    },
    (req) => service.invitations(actorOf(req), req.query as InvitationListQueryT),
  );
  app.delete(
    '/api/v1/questionnaire-invitations/:id',
    {
      schema: {
        tags,
        summary: 'Withdraw a link',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.revoke(actorOf(req), id(req));
      return reply.status(204).send(null as never);
    },
  );
  app.get(
    '/api/v1/questionnaire-responses',
    {
      schema: {
        tags,
        summary: 'Answer sets on accounts in your data scope, e.g. ?accountId=',
        querystring: ResponseListQuery,
        response: { 200: ResponseList, ...errorResponses },
      },
    },
    (req) => service.responses(actorOf(req), req.query as ResponseListQueryT),
  );
  app.get(
    '/api/v1/questionnaire-responses/:id',
    {
      schema: {
        tags,
        summary: 'One answer set',
        params: IdParams,
        response: { 200: QuestionnaireResponse, ...errorResponses },
      },
    },
    (req) => service.response(actorOf(req), id(req)),
  );
  app.get(
    '/api/v1/questionnaire-responses/:id/needs-draft',
    {
      schema: {
        tags,
        summary: 'A needs record prefilled from the answers (by the questions’ mapping), to review and save',
        params: IdParams,
        response: { 200: NeedsDraft, ...errorResponses },
      },
    },
    (req) => service.needsDraft(actorOf(req), id(req)),
  );

  // The customer's side: no sign-in, the token is the key. Unknown, expired or revoked → 404.
  const pub = { public: true };
  app.get(
    '/api/v1/public/questionnaires/:token',
    {
      config: pub,
      schema: {
        tags,
        summary: 'A questionnaire behind a link, for the customer',
        params: TokenParams,
        response: { 200: PublicQuestionnaire, ...errorResponses },
      },
    },
    (req) => service.publicView(token(req)),
  );
  app.post(
    '/api/v1/public/questionnaires/:token/responses',
    {
      config: pub,
      schema: {
        tags,
        summary:
          'The customer’s answers, once per link (409 when already answered; 429 after 10 attempts in 10 minutes)',
        params: TokenParams,
        body: PublicResponseCreate,
        response: { 201: PublicResponseCreated, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.publicSubmit(token(req), req.body as PublicResponseCreate)),
  );
  // A plain page the server renders, so the link works without the app's sign-in layout.
  app.get('/s/:token', { schema: { hide: true } }, async (req, reply) => {
    let q: Awaited<ReturnType<QuestionnairesService['publicView']>> | null = null;
    try {
      if (/^[A-Za-z0-9_-]{20,100}$/.test(token(req))) q = await service.publicView(token(req));
    } catch {
      q = null;
    }
    const accept = String(req.headers['accept-language'] ?? '');
    return reply
      .status(q ? 200 : 404)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(publicQuestionnairePage(q, token(req), /^zh/i.test(accept) || !accept ? 'zh-CN' : 'en'));
  });
}
