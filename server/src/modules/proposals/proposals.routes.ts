import { Type } from 'typebox';
import {
  IdParams,
  Proposal,
  ProposalCreate,
  ProposalList,
  ProposalListQuery,
  ProposalStatusChange,
  ProposalUpdate,
  type ProposalListQuery as ProposalListQueryT,
  type ProposalStatusChange as ProposalStatusChangeT,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { ProposalsService } from './proposals.service.js';

export function proposalsRoutes(app: App, service: ProposalsService) {
  const tags = ['proposals'];
  const base = '/api/v1/proposals';
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Proposals of accounts in your data scope, e.g. ?accountId=, ?needsId=, ?opportunityId=',
        querystring: ProposalListQuery,
        response: { 200: ProposalList, ...errorResponses },
      },
    },
    (req) => service.list(actorOf(req), req.query as ProposalListQueryT),
  );
  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'One proposal with its pain point sections and products',
        params: IdParams,
        response: { 200: Proposal, ...errorResponses },
      },
    },
    (req) => service.get(actorOf(req), id(req)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Create a draft proposal from a needs record; prices and totals are computed here',
        body: ProposalCreate,
        response: { 201: Proposal, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.create(actorOf(req), req.body as ProposalCreate)),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Edit a draft proposal (send the version you read)',
        params: IdParams,
        body: ProposalUpdate,
        response: { 200: Proposal, ...errorResponses },
      },
    },
    (req) => service.update(actorOf(req), id(req), req.body as ProposalUpdate),
  );
  app.post(
    `${base}/:id/status`,
    {
      schema: {
        tags,
        summary: 'draft → sent → accepted / declined; sent → draft to rework it',
        params: IdParams,
        body: ProposalStatusChange,
        response: { 200: Proposal, ...errorResponses },
      },
    },
    (req) => {
      const b = req.body as ProposalStatusChangeT;
      return service.setStatus(actorOf(req), id(req), b.status, b.version);
    },
  );
  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Delete a draft proposal',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.remove(actorOf(req), id(req));
      return reply.status(204).send(null as never);
    },
  );
  app.get(
    `${base}/:id/pdf`,
    { schema: { tags, summary: 'The proposal as PDF (方案书, Chinese text)', params: IdParams } },
    async (req, reply) => {
      const pdf = await service.pdf(actorOf(req), id(req));
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${pdf.filename}"`)
        .send(pdf.body);
    },
  );
}
