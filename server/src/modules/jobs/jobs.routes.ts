import { Type } from 'typebox';
import { Id, IdParams, JobPage } from '@tuoke/shared';
import { forbidden, notFound } from '../../http/errors.js';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { JobRunner } from './jobs.runner.js';

const JobListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['queued', 'running', 'done', 'failed'] as const)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Id),
  },
  { additionalProperties: false },
);

/** Background jobs are the operator's business: admins only. */
export function jobsRoutes(app: App, jobs: JobRunner) {
  const tags = ['jobs'];
  const requireAdmin = (role: string) => {
    if (role !== 'admin') throw forbidden('Only admins can see background jobs');
  };
  app.get(
    '/api/v1/jobs',
    {
      schema: {
        tags,
        summary: 'Background jobs, e.g. ?status=failed',
        querystring: JobListQuery,
        response: { 200: JobPage, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      requireAdmin(actor.role);
      const limit = req.query.limit ?? 50;
      const rows = await jobs.list(actor.orgId, {
        status: req.query.status,
        limit,
        cursor: req.query.cursor,
      });
      const items = rows.slice(0, limit);
      return { items: items as never, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
    },
  );
  app.post(
    '/api/v1/jobs/:id/retry',
    {
      schema: {
        tags,
        summary: 'Queue a failed job again',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      requireAdmin(actor.role);
      if (!(await jobs.retry(actor.orgId, req.params.id))) throw notFound('Failed job');
      return reply.status(204).send(null);
    },
  );
}
