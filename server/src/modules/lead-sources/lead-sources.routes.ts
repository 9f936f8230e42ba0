import { Type } from 'typebox';
import { IdParams, LeadSource, LeadSourceCreate, LeadSourceList, LeadSourceUpdate } from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { LeadSourcesService } from './lead-sources.service.js';

export function leadSourcesRoutes(app: App, service: LeadSourcesService) {
  const tags = ['lead-sources'];
  const base = '/api/v1/lead-sources';
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  app.get(
    base,
    {
      schema: {
        tags,
        summary: "The organisation's lead sources (leads.source holds a key), in display order",
        response: { 200: LeadSourceList, ...errorResponses },
      },
    },
    (req) => service.list(actorOf(req)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Add a lead source',
        body: LeadSourceCreate,
        response: { 201: LeadSource, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.create(actorOf(req), req.body as LeadSourceCreate)),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Rename, recategorise, reorder or (de)activate a lead source; the key never changes',
        params: IdParams,
        body: LeadSourceUpdate,
        response: { 200: LeadSource, ...errorResponses },
      },
    },
    (req) => service.update(actorOf(req), id(req), req.body as LeadSourceUpdate),
  );
  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Delete a lead source no lead uses (409 otherwise: deactivate it)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.remove(actorOf(req), id(req));
      return reply.status(204).send(null as never);
    },
  );
}
