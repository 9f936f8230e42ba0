import { Type } from 'typebox';
import {
  IdParams,
  Pool,
  PoolAssign,
  PoolClaim,
  PoolCreate,
  PoolList,
  PoolMove,
  PoolMoveList,
  PoolOpResult,
  PoolRecordPage,
  PoolRecordQuery,
  PoolReturn,
  PoolUpdate,
  PoolWarningList,
  ReclaimForecastList,
  ReclaimForecastQuery,
  type PoolKind,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { PoolsService } from './pools.service.js';

const tags = ['pools'];
const withErrors = <T extends object>(ok: T) => ({ ...ok, ...errorResponses });

export function poolsRoutes(app: App, service: PoolsService) {
  route(
    app,
    'GET',
    '/api/v1/pools',
    {
      tags,
      summary: 'Pools the caller is a member or admin of, with their quota',
      response: { 200: PoolList },
    },
    ({ actor }) => service.list(actor),
  );
  route(
    app,
    'POST',
    '/api/v1/pools',
    {
      tags,
      summary: 'Create a pool (admins)',
      body: PoolCreate,
      response: { 201: Pool },
    },
    ({ actor, body }) => service.create(actor, body),
  );
  // before /pools/:id, so these are not taken for ids
  route(
    app,
    'GET',
    '/api/v1/pools/forecast',
    {
      tags,
      summary: 'Dry run: which records in your scope the rules take back on which date, and why',
      querystring: ReclaimForecastQuery,
      response: { 200: ReclaimForecastList },
    },
    ({ actor, query }) => service.forecast(actor, query),
  );
  route(
    app,
    'GET',
    '/api/v1/pools/warnings',
    {
      tags,
      summary: 'Your records the daily job warned will go back to a pool soon',
      response: { 200: PoolWarningList },
    },
    ({ actor }) => service.warnings(actor),
  );
  route(
    app,
    'GET',
    '/api/v1/pools/:id',
    {
      tags,
      summary: 'One pool with members, rules and your quota',
      params: IdParams,
      response: { 200: Pool },
    },
    ({ actor, params }) => service.get(actor, params.id),
  );
  route(
    app,
    'PATCH',
    '/api/v1/pools/:id',
    {
      tags,
      summary: 'Change a pool; members and rules, when sent, replace the lists (send the version you read)',
      params: IdParams,
      body: PoolUpdate,
      response: { 200: Pool },
    },
    ({ actor, params, body }) => service.update(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    '/api/v1/pools/:id',
    {
      tags,
      summary: 'Delete an empty pool that is not the default',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.remove(actor, params.id),
  );
  route(
    app,
    'GET',
    '/api/v1/pools/:id/records',
    {
      tags,
      summary: 'The records in a pool now (no owner), with last follow-up, times in pool, previous owner',
      params: IdParams,
      querystring: PoolRecordQuery,
      response: { 200: PoolRecordPage },
    },
    ({ actor, params, query }) => service.records(actor, params.id, query),
  );

  // per record: /api/v1/accounts/:id/claim, /api/v1/leads/:id/claim, …
  for (const entity of ['accounts', 'leads'] as const) {
    const kind: PoolKind = entity === 'accounts' ? 'account' : 'lead';
    const base = `/api/v1/${entity}/:id`;
    const schema = <B extends object, R extends object>(summary: string, body: B | null, ok: R) => ({
      tags,
      summary,
      params: IdParams,
      ...(body ? { body } : {}),
      response: withErrors({ 200: ok }),
    });
    app.post(
      `${base}/claim`,
      {
        schema: schema(
          `Claim a pooled ${kind} (the claim limits, holding caps and the previous owner's lock apply)`,
          PoolClaim,
          PoolOpResult,
        ),
      },
      (req) => service.claim(actorOf(req), kind, (req.params as { id: string }).id, req.body as PoolClaim),
    );
    app.post(
      `${base}/assign`,
      {
        schema: schema(
          `Give a pooled ${kind} to a member of its pool (pool admins)`,
          PoolAssign,
          PoolOpResult,
        ),
      },
      (req) => service.assign(actorOf(req), kind, (req.params as { id: string }).id, req.body as PoolAssign),
    );
    app.post(
      `${base}/return`,
      {
        schema: schema(
          `Return a ${kind} to its pool with a reason (its owner or their manager)`,
          PoolReturn,
          PoolOpResult,
        ),
      },
      (req) =>
        service.returnToPool(actorOf(req), kind, (req.params as { id: string }).id, req.body as PoolReturn),
    );
    app.post(
      `${base}/move-pool`,
      { schema: schema(`Move a pooled ${kind} to another pool (admins of both)`, PoolMove, PoolOpResult) },
      (req) => service.movePool(actorOf(req), kind, (req.params as { id: string }).id, req.body as PoolMove),
    );
    app.get(
      `${base}/pool-moves`,
      {
        schema: schema(
          `The trail of a ${kind}'s moves between people and pools (流转记录)`,
          null,
          PoolMoveList,
        ),
      },
      (req) => service.moves(actorOf(req), kind, (req.params as { id: string }).id),
    );
  }
}
