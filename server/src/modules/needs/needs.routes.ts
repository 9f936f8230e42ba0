import { Type } from 'typebox';
import {
  IdParams,
  NeedsChecklistResult,
  NeedsCreate,
  NeedsHistory,
  NeedsList,
  NeedsListQuery,
  NeedsRecord,
  NeedsUpdate,
  type NeedsListQuery as NeedsListQueryT,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { NeedsService } from './needs.service.js';

export function needsRoutes(app: App, service: NeedsService) {
  const tags = ['needs'];
  const base = '/api/v1/needs';
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Needs records of accounts in your data scope, e.g. ?accountId= or ?opportunityId=',
        querystring: NeedsListQuery,
        response: { 200: NeedsList, ...errorResponses },
      },
    },
    (req) => service.list(actorOf(req), req.query as NeedsListQueryT),
  );
  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'One needs record',
        params: IdParams,
        response: { 200: NeedsRecord, ...errorResponses },
      },
    },
    (req) => service.get(actorOf(req), id(req)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Record a customer’s needs (pain points, budget, timeline, decision makers)',
        body: NeedsCreate,
        response: { 201: NeedsRecord, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.body as NeedsCreate)),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Edit a needs record (send the version you read); each changed field is kept in its history',
        params: IdParams,
        body: NeedsUpdate,
        response: { 200: NeedsRecord, ...errorResponses },
      },
    },
    (req) => service.update(actorOf(req), id(req), req.body as NeedsUpdate),
  );
  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Delete a needs record without proposals',
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
    `${base}/:id/history`,
    {
      schema: {
        tags,
        summary: 'The record’s field changes, newest first',
        params: IdParams,
        response: { 200: NeedsHistory, ...errorResponses },
      },
    },
    (req) => service.history(actorOf(req), id(req)),
  );
  app.post(
    `${base}/:id/checklist`,
    {
      schema: {
        tags,
        summary:
          'Tick the linked opportunity’s checklist items (痛点, 预算, 决策人, 时间表) of its current stage that the record covers',
        params: IdParams,
        response: { 200: NeedsChecklistResult, ...errorResponses },
      },
    },
    (req) => service.applyChecklist(actorOf(req), id(req)),
  );
}
