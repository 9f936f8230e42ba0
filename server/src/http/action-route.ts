import type { FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { Actor } from '../modules/access/index.js';
import { actorOf } from '../modules/auth/index.js';
import { errorResponses } from './schemas.js';
import type { App } from './types.js';

type Of<S> = S extends TSchema ? Static<S> : undefined;

export interface RouteSpec<P, Q, B> {
  tags: string[];
  summary: string;
  params?: P;
  querystring?: Q;
  body?: B;
  /** The success answer: exactly one status below 300 (201 and 204 answer with that status). */
  response: Record<number, TSchema>;
}

export interface RouteInput<P, Q, B> {
  /** The signed-in actor (401 when there is none; public routes simply don't read it). */
  readonly actor: Actor;
  params: Of<P>;
  query: Of<Q>;
  body: Of<B>;
  req: FastifyRequest;
}

/**
 * One documented API route beyond the five of `crudRoutes` (an action such as submit, void or
 * claim, or a report): validate, resolve the signed-in actor, call the service once, answer with
 * the declared success status and schema; the error envelope is documented for every route.
 */
export function route<
  P extends TSchema | undefined = undefined,
  Q extends TSchema | undefined = undefined,
  B extends TSchema | undefined = undefined,
>(
  app: App,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<P, Q, B>) => unknown,
): void {
  const success = Object.keys(spec.response)
    .map(Number)
    .filter((code) => code < 300);
  if (success.length !== 1) throw new Error(`${method} ${url}: declare exactly one success response`);
  const status = success[0]!;
  app.route({
    method,
    url,
    schema: {
      tags: spec.tags,
      summary: spec.summary,
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.querystring ? { querystring: spec.querystring } : {}),
      ...(spec.body ? { body: spec.body } : {}),
      response: { ...spec.response, ...errorResponses },
    },
    handler: async (req, reply) => {
      const result = await handler({
        get actor() {
          return actorOf(req);
        },
        params: req.params as Of<P>,
        query: req.query as Of<Q>,
        body: req.body as Of<B>,
        req,
      });
      if (status === 204) return reply.status(204 as never).send(null as never);
      return reply.status(status as never).send(result as never);
    },
  });
}
