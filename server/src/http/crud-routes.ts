import { Type, type TSchema } from 'typebox';
import { IdParams } from '@tuoke/shared';
import type { Actor } from '../modules/access/index.js';
import { actorOf } from '../modules/auth/index.js';
import { errorResponses } from './schemas.js';
import type { App } from './types.js';

/** What a resource service offers to the five standard routes. Inputs arrive schema-validated. */
export interface CrudService {
  list(actor: Actor, query: any): Promise<any>;
  get(actor: Actor, id: string): Promise<any>;
  create(actor: Actor, input: any): Promise<any>;
  update(actor: Actor, id: string, input: any): Promise<any>;
  remove(actor: Actor, id: string): Promise<void>;
}

export interface CrudSchemas {
  item: TSchema;
  page: TSchema;
  listQuery: TSchema;
  create: TSchema;
  update: TSchema;
}

/**
 * GET /api/v1/<name>, GET /:id, POST, PATCH /:id, DELETE /:id for one resource: validate, resolve
 * the actor, call the service once, answer with the documented schema.
 */
export function crudRoutes(app: App, name: string, noun: string, schemas: CrudSchemas, service: CrudService) {
  const tags = [name];
  const base = `/api/v1/${name}`;
  const withErrors = (ok: Record<number, TSchema>) => ({ ...ok, ...errorResponses });
  app.get(
    base,
    {
      schema: {
        tags,
        summary: `List ${name} in your data scope (keyset pages)`,
        querystring: schemas.listQuery,
        response: withErrors({ 200: schemas.page }),
      },
    },
    (req) => service.list(actorOf(req), req.query),
  );
  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Get one ${noun}`,
        params: IdParams,
        response: withErrors({ 200: schemas.item }),
      },
    },
    (req) => service.get(actorOf(req), (req.params as { id: string }).id),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: `Create a ${noun}`,
        body: schemas.create,
        response: withErrors({ 201: schemas.item }),
      },
    },
    async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.body)),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Change a ${noun}; send the version you read (409 stale otherwise)`,
        params: IdParams,
        body: schemas.update,
        response: withErrors({ 200: schemas.item }),
      },
    },
    (req) => service.update(actorOf(req), (req.params as { id: string }).id, req.body),
  );
  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Delete a ${noun}`,
        params: IdParams,
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (req, reply) => {
      await service.remove(actorOf(req), (req.params as { id: string }).id);
      return reply.status(204).send(null as never);
    },
  );
}
