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
  type ResponseListQuery as ResponseListQueryT,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import { publicQuestionnairePage } from './questionnaires.page.js';
import type { QuestionnairesService } from './questionnaires.service.js';

export function questionnairesRoutes(app: App, service: QuestionnairesService) {
  const tags = ['questionnaires'];
  const base = '/api/v1/questionnaires';
  const token = (req: { params: unknown }) => (req.params as { token: string }).token;

  route(
    app,
    'GET',
    base,
    {
      tags,
      summary: 'Questionnaires of the organisation',
      querystring: QuestionnaireListQuery,
      response: { 200: QuestionnaireList },
    },
    ({ actor, query }) => service.list(actor, query),
  );
  route(
    app,
    'GET',
    `${base}/:id`,
    {
      tags,
      summary: 'One questionnaire',
      params: IdParams,
      response: { 200: Questionnaire },
    },
    ({ actor, params }) => service.get(actor, params.id),
  );
  route(
    app,
    'POST',
    base,
    {
      tags,
      summary: 'Create a draft questionnaire',
      body: QuestionnaireCreate,
      response: { 201: Questionnaire },
    },
    ({ actor, body }) => service.create(actor, body),
  );
  route(
    app,
    'PATCH',
    `${base}/:id`,
    {
      tags,
      summary: 'Edit a draft (send the version you read)',
      params: IdParams,
      body: QuestionnaireUpdate,
      response: { 200: Questionnaire },
    },
    ({ actor, params, body }) => service.update(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    `${base}/:id`,
    {
      tags,
      summary: 'Delete a draft that was never sent',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.remove(actor, params.id),
  );
  for (const [action, summary] of [
    ['publish', 'Publish a draft: its questions are frozen and links can be sent'],
    ['archive', 'Close a published questionnaire: its links stop working, answers stay'],
  ] as const)
    route(
      app,
      'POST',
      `${base}/:id/${action}`,
      {
        tags,
        summary,
        params: IdParams,
        body: VersionBody,
        response: { 200: Questionnaire },
      },
      ({ actor, params, body }) => service[action](actor, params.id, body.version),
    );
  route(
    app,
    'POST',
    `${base}/:id/copy`,
    {
      tags,
      summary: 'Copy a questionnaire into a new draft',
      params: IdParams,
      response: { 201: Questionnaire },
    },
    ({ actor, params }) => service.copy(actor, params.id),
  );
  route(
    app,
    'GET',
    `${base}/:id/summary`,
    {
      tags,
      summary: 'Counts per option and scale averages over the answers on accounts in your data scope',
      params: IdParams,
      response: { 200: QuestionnaireSummary },
    },
    ({ actor, params }) => service.summary(actor, params.id),
  );
  route(
    app,
    'POST',
    `${base}/:id/invitations`,
    {
      tags,
      summary: 'A share link for one customer (and contact); the token is shown once',
      params: IdParams,
      body: InvitationCreate,
      response: { 201: InvitationCreated },
    },
    ({ actor, params, body }) => service.invite(actor, params.id, body),
  );
  route(
    app,
    'GET',
    '/api/v1/questionnaire-invitations',
    {
      tags,
      summary: 'Links sent to accounts in your data scope, e.g. ?accountId=',
      querystring: InvitationListQuery,
      response: { 200: InvitationList, ...errorResponses },
    },
    ({ actor, query }) => service.invitations(actor, query as InvitationListQueryT),
  );
  route(
    app,
    'DELETE',
    '/api/v1/questionnaire-invitations/:id',
    {
      tags,
      summary: 'Withdraw a link',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.revoke(actor, params.id),
  );
  route(
    app,
    'GET',
    '/api/v1/questionnaire-responses',
    {
      tags,
      summary: 'Answer sets on accounts in your data scope, e.g. ?accountId=',
      querystring: ResponseListQuery,
      response: { 200: ResponseList, ...errorResponses },
    },
    ({ actor, query }) => service.responses(actor, query as ResponseListQueryT),
  );
  route(
    app,
    'GET',
    '/api/v1/questionnaire-responses/:id',
    {
      tags,
      summary: 'One answer set',
      params: IdParams,
      response: { 200: QuestionnaireResponse },
    },
    ({ actor, params }) => service.response(actor, params.id),
  );
  route(
    app,
    'GET',
    '/api/v1/questionnaire-responses/:id/needs-draft',
    {
      tags,
      summary: 'A needs record prefilled from the answers (by the questions’ mapping), to review and save',
      params: IdParams,
      response: { 200: NeedsDraft },
    },
    ({ actor, params }) => service.needsDraft(actor, params.id),
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
