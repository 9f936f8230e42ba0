import { Type } from 'typebox';
import {
  Account,
  AccountCreate,
  AccountListQuery,
  AccountPage,
  AccountUpdate,
  IdParams,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { AccountsService } from './accounts.service.js';

export function accountsRoutes(app: App, service: AccountsService) {
  const tags = ['accounts'];
  app.get(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: 'List accounts in your data scope',
        querystring: AccountListQuery,
        response: { 200: AccountPage, ...errorResponses },
      },
    },
    (req) => service.list(actorOf(req), req.query),
  );
  app.get(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Get an account',
        params: IdParams,
        response: { 200: Account, ...errorResponses },
      },
    },
    (req) => service.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: 'Create an account',
        body: AccountCreate,
        response: { 201: Account, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Change an account (send the version you read)',
        params: IdParams,
        body: AccountUpdate,
        response: { 200: Account, ...errorResponses },
      },
    },
    (req) => service.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Delete an account without contacts or opportunities',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
