import fastifyMultipart from '@fastify/multipart';
import { Type } from 'typebox';
import {
  IdParams,
  VISIT_PHOTO_MAX_BYTES,
  Visit,
  VisitCancel,
  VisitCheckIn,
  VisitCheckOut,
  VisitComplianceQuery,
  VisitComplianceReport,
  VisitCreate,
  VisitListQuery,
  VisitPage,
  VisitPhoto,
  VisitSettings,
  VisitSettingsUpdate,
  VisitSpotCheckIn,
  VisitUpdate,
} from '@tuoke/shared';
import { readUpload, sendFile } from '../../http/files.js';
import { errorResponses } from '../../http/schemas.js';
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { VisitsService } from './visits.service.js';

const tags = ['visits'];
const withErrors = <T extends object>(ok: T) => ({ ...ok, ...errorResponses });
const MB = VISIT_PHOTO_MAX_BYTES / 1024 / 1024;

export async function visitsRoutes(app: App, service: VisitsService) {
  route(
    app,
    'GET',
    '/api/v1/visits',
    {
      tags,
      summary: 'Visits in your data scope, by planned time (a week: ?week=<Monday>)',
      querystring: VisitListQuery,
      response: { 200: VisitPage },
    },
    ({ actor, query }) => service.list(actor, query),
  );
  route(
    app,
    'GET',
    '/api/v1/visits/compliance',
    {
      tags,
      summary: 'Plan vs actual for a week, per person in your scope: on time, late, missed, unplanned, far',
      querystring: VisitComplianceQuery,
      response: { 200: VisitComplianceReport },
    },
    ({ actor, query }) => service.compliance(actor, query),
  );
  route(
    app,
    'GET',
    '/api/v1/visits/:id',
    { tags, summary: 'Get one visit', params: IdParams, response: { 200: Visit } },
    ({ actor, params }) => service.get(actor, params.id),
  );
  route(
    app,
    'POST',
    '/api/v1/visits',
    {
      tags,
      summary: 'Plan a visit (for yourself, or as a manager for someone in your scope)',
      body: VisitCreate,
      response: { 201: Visit },
    },
    ({ actor, body }) => service.create(actor, body),
  );
  route(
    app,
    'PATCH',
    '/api/v1/visits/:id',
    {
      tags,
      summary: 'Change a planned visit (send the version you read)',
      params: IdParams,
      body: VisitUpdate,
      response: { 200: Visit },
    },
    ({ actor, params, body }) => service.update(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/visits/:id/cancel',
    {
      tags,
      summary: 'Take a planned visit off the plan (not once it was missed)',
      params: IdParams,
      body: VisitCancel,
      response: { 200: Visit },
    },
    ({ actor, params, body }) => service.cancel(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/visits/:id/check-in',
    {
      tags,
      summary: "Check in to your planned visit: server time, the browser's position, distance to the account",
      params: IdParams,
      body: VisitCheckIn,
      response: { 200: Visit },
    },
    ({ actor, params, body }) => service.checkIn(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/visits/check-in',
    {
      tags,
      summary: 'Check in at a customer without a plan (an unplanned visit)',
      body: VisitSpotCheckIn,
      response: { 201: Visit },
    },
    ({ actor, body }) => service.checkInUnplanned(actor, body),
  );
  route(
    app,
    'POST',
    '/api/v1/visits/:id/check-out',
    {
      tags,
      summary: "Check out: the outcome becomes a visit activity; a next step with a deal becomes the deal's",
      params: IdParams,
      body: VisitCheckOut,
      response: { 200: Visit },
    },
    ({ actor, params, body }) => service.checkOut(actor, params.id, body),
  );
  route(
    app,
    'GET',
    '/api/v1/visit-settings',
    {
      tags,
      summary: 'Far-check-in threshold and on-time tolerance',
      response: { 200: VisitSettings },
    },
    ({ actor }) => service.settings(actor),
  );
  route(
    app,
    'PATCH',
    '/api/v1/visit-settings',
    {
      tags,
      summary: 'Change the far-check-in threshold and on-time tolerance (admins)',
      body: VisitSettingsUpdate,
      response: { 200: VisitSettings },
    },
    ({ actor, body }) => service.saveSettings(actor, body),
  );

  // Photos: multipart only in this plugin scope, with its own size limit (as contract attachments).
  await app.register(async (scoped) => {
    await scoped.register(fastifyMultipart, {
      limits: { fileSize: VISIT_PHOTO_MAX_BYTES, files: 1, fields: 0, parts: 1 },
    });
    const s = scoped as unknown as App;
    s.get(
      '/api/v1/visits/:id/photos',
      {
        schema: {
          tags,
          summary: 'Photos of a visit',
          params: IdParams,
          response: withErrors({ 200: Type.Array(VisitPhoto) }),
        },
      },
      (req) => service.photos(actorOf(req), req.params.id),
    );
    s.post(
      '/api/v1/visits/:id/photos',
      {
        schema: {
          tags,
          summary: `Add a photo while checked in (multipart field "file", an image of at most ${MB} MB; stamped with the server's time)`,
          params: IdParams,
          response: withErrors({ 201: VisitPhoto, 413: errorResponses[400] }),
        },
      },
      async (req, reply) => {
        const file = await readUpload(req, 'photo', VISIT_PHOTO_MAX_BYTES);
        const created = await service.addPhoto(actorOf(req), req.params.id, file);
        return reply.status(201).send(created);
      },
    );
  });
  app.get(
    '/api/v1/visit-photos/:id',
    { schema: { tags, summary: 'A photo (the image itself)', params: IdParams } },
    async (req, reply) => {
      return sendFile(reply, await service.photo(actorOf(req), req.params.id), {
        inline: true,
        maxAgeSeconds: 3600,
      });
    },
  );
  route(
    app,
    'DELETE',
    '/api/v1/visit-photos/:id',
    {
      tags,
      summary: 'Remove a photo of your visit while you are checked in',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.removePhoto(actor, params.id),
  );
}
