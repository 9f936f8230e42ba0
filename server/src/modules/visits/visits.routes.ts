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
import { AppError, invalidField } from '../../http/errors.js';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { VisitsService } from './visits.service.js';

const tags = ['visits'];
const withErrors = <T extends object>(ok: T) => ({ ...ok, ...errorResponses });
const MB = VISIT_PHOTO_MAX_BYTES / 1024 / 1024;

export async function visitsRoutes(app: App, service: VisitsService) {
  app.get(
    '/api/v1/visits',
    {
      schema: {
        tags,
        summary: 'Visits in your data scope, by planned time (a week: ?week=<Monday>)',
        querystring: VisitListQuery,
        response: withErrors({ 200: VisitPage }),
      },
    },
    (req) => service.list(actorOf(req), req.query),
  );
  app.get(
    '/api/v1/visits/compliance',
    {
      schema: {
        tags,
        summary: 'Plan vs actual for a week, per person in your scope: on time, late, missed, unplanned, far',
        querystring: VisitComplianceQuery,
        response: withErrors({ 200: VisitComplianceReport }),
      },
    },
    (req) => service.compliance(actorOf(req), req.query),
  );
  app.get(
    '/api/v1/visits/:id',
    { schema: { tags, summary: 'Get one visit', params: IdParams, response: withErrors({ 200: Visit }) } },
    (req) => service.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/visits',
    {
      schema: {
        tags,
        summary: 'Plan a visit (for yourself, or as a manager for someone in your scope)',
        body: VisitCreate,
        response: withErrors({ 201: Visit }),
      },
    },
    async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/v1/visits/:id',
    {
      schema: {
        tags,
        summary: 'Change a planned visit (send the version you read)',
        params: IdParams,
        body: VisitUpdate,
        response: withErrors({ 200: Visit }),
      },
    },
    (req) => service.update(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/visits/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Take a planned visit off the plan (not once it was missed)',
        params: IdParams,
        body: VisitCancel,
        response: withErrors({ 200: Visit }),
      },
    },
    (req) => service.cancel(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/visits/:id/check-in',
    {
      schema: {
        tags,
        summary:
          "Check in to your planned visit: server time, the browser's position, distance to the account",
        params: IdParams,
        body: VisitCheckIn,
        response: withErrors({ 200: Visit }),
      },
    },
    (req) => service.checkIn(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/visits/check-in',
    {
      schema: {
        tags,
        summary: 'Check in at a customer without a plan (an unplanned visit)',
        body: VisitSpotCheckIn,
        response: withErrors({ 201: Visit }),
      },
    },
    async (req, reply) => reply.status(201).send(await service.checkInUnplanned(actorOf(req), req.body)),
  );
  app.post(
    '/api/v1/visits/:id/check-out',
    {
      schema: {
        tags,
        summary:
          "Check out: the outcome becomes a visit activity; a next step with a deal becomes the deal's",
        params: IdParams,
        body: VisitCheckOut,
        response: withErrors({ 200: Visit }),
      },
    },
    (req) => service.checkOut(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/visit-settings',
    {
      schema: {
        tags,
        summary: 'Far-check-in threshold and on-time tolerance',
        response: withErrors({ 200: VisitSettings }),
      },
    },
    (req) => service.settings(actorOf(req)),
  );
  app.patch(
    '/api/v1/visit-settings',
    {
      schema: {
        tags,
        summary: 'Change the far-check-in threshold and on-time tolerance (admins)',
        body: VisitSettingsUpdate,
        response: withErrors({ 200: VisitSettings }),
      },
    },
    (req) => service.saveSettings(actorOf(req), req.body),
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
        if (!req.isMultipart()) throw invalidField('file', 'send the photo as multipart/form-data');
        const part = await req.file();
        if (!part) throw invalidField('file', 'no file in the request');
        let data: Buffer;
        try {
          data = await part.toBuffer();
        } catch (err) {
          if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
            throw new AppError(413, 'payload_too_large', `Photos may be at most ${MB} MB`, [
              { path: 'file', message: 'too large' },
            ]);
          throw err;
        }
        const created = await service.addPhoto(actorOf(req), req.params.id, {
          filename: part.filename,
          contentType: part.mimetype,
          data,
        });
        return reply.status(201).send(created);
      },
    );
  });
  app.get(
    '/api/v1/visit-photos/:id',
    { schema: { tags, summary: 'A photo (the image itself)', params: IdParams } },
    async (req, reply) => {
      const p = await service.photo(actorOf(req), req.params.id);
      return reply
        .header('content-type', p.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=3600')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(p.filename)}`)
        .send(Buffer.from(p.data));
    },
  );
  app.delete(
    '/api/v1/visit-photos/:id',
    {
      schema: {
        tags,
        summary: 'Remove a photo of your visit while you are checked in',
        params: IdParams,
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (req, reply) => {
      await service.removePhoto(actorOf(req), req.params.id);
      return reply.status(204).send(null as never);
    },
  );
}
