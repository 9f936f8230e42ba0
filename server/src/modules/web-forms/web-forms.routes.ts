import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  IdParams,
  LeadFormSubmissionList,
  PublicFormResult,
  PublicFormSubmission,
  WebForm,
  WebFormCreate,
  WebFormList,
  WebFormSubmissionList,
  WebFormUpdate,
  type Locale,
} from '@tuoke/shared';
import { AppError } from '../../http/errors.js';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { WebFormsService } from './web-forms.service.js';

/** A submission is a few short fields: anything bigger is refused before it is parsed. */
export const PUBLIC_BODY_LIMIT = 16 * 1024;
const KeyParams = Type.Object({ key: Type.String({ maxLength: 64 }) });

export async function webFormsRoutes(app: App, service: WebFormsService) {
  const tags = ['web-forms'];
  const base = '/api/v1/web-forms';
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Web-to-lead forms, newest first',
        response: { 200: WebFormList, ...errorResponses },
      },
    },
    (req) => service.list(actorOf(req)),
  );
  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'One web form',
        params: IdParams,
        response: { 200: WebForm, ...errorResponses },
      },
    },
    (req) => service.get(actorOf(req), id(req)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Create a web form (it gets its public key; the page is /f/<publicKey>)',
        body: WebFormCreate,
        response: { 201: WebForm, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.create(actorOf(req), req.body as WebFormCreate)),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Change a web form',
        params: IdParams,
        body: WebFormUpdate,
        response: { 200: WebForm, ...errorResponses },
      },
    },
    (req) => service.update(actorOf(req), id(req), req.body as WebFormUpdate),
  );
  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Delete a web form (the leads it made stay)',
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
    `${base}/:id/submissions`,
    {
      schema: {
        tags,
        summary: 'The latest 100 submissions: accepted (with the lead) and caught as spam',
        params: IdParams,
        response: { 200: WebFormSubmissionList, ...errorResponses },
      },
    },
    (req) => service.submissions(actorOf(req), id(req)),
  );
  app.get(
    '/api/v1/leads/:id/form-submissions',
    {
      schema: {
        tags: ['leads', ...tags],
        summary: 'The web-form submissions that made a lead',
        params: IdParams,
        response: { 200: LeadFormSubmissionList, ...errorResponses },
      },
    },
    (req) => service.leadSubmissions(actorOf(req), id(req)),
  );

  // The public side: no sign-in (outside /api/v1, so the auth hook leaves it alone), CORS for
  // the organisation's own site, form-urlencoded as well as JSON for a page without JavaScript.
  const key = (req: FastifyRequest) => (req.params as { key: string }).key;
  const cors = async (req: FastifyRequest, reply: FastifyReply) => {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : null;
    const allowed = await service.corsOrigin(key(req), origin);
    if (allowed) reply.header('access-control-allow-origin', allowed);
    if (allowed && allowed !== '*') reply.header('vary', 'Origin');
  };
  await app.register(async (scope: FastifyInstance) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: PUBLIC_BODY_LIMIT },
      (_req, body, done) => {
        const out: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(body as string)) out[k] = v;
        done(null, out);
      },
    );
    scope.options(
      '/api/public/forms/:key',
      { schema: { hide: true, params: KeyParams }, onRequest: cors },
      (_req, reply) =>
        reply
          .status(204)
          .header('access-control-allow-methods', 'POST, OPTIONS')
          .header('access-control-allow-headers', 'content-type, accept')
          .header('access-control-max-age', '600')
          .send(),
    );
    scope.post(
      '/api/public/forms/:key',
      {
        bodyLimit: PUBLIC_BODY_LIMIT,
        onRequest: cors,
        schema: {
          tags,
          summary:
            'A visitor submits a web form (no sign-in; JSON or form-urlencoded). Honeypot, signed render time, size and rate limits apply',
          params: KeyParams,
          body: PublicFormSubmission,
          response: { 200: PublicFormResult, ...errorResponses, 413: errorResponses[400] },
        },
      },
      async (req, reply) => {
        const body = req.body as Record<string, string>;
        const meta = {
          ip: req.ip,
          origin: typeof req.headers.origin === 'string' ? req.headers.origin : null,
          selfOrigin: `${req.protocol}://${req.host}`,
        };
        const wantsHtml =
          (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') &&
          (req.headers.accept ?? '').includes('text/html');
        if (!wantsHtml) return service.submit(key(req), body, meta);
        // A plain form post from a page without JavaScript: answer with a page, or the redirect.
        const language: Locale = body.lang === 'en' ? 'en' : 'zh-CN';
        try {
          const result = await service.submit(key(req), body, meta);
          if (result.redirectUrl) return reply.redirect(result.redirectUrl, 303);
          return reply.type('text/html; charset=utf-8').send(service.resultPage(result, language));
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          return reply
            .status(err.status as 400)
            .type('text/html; charset=utf-8')
            .send(service.resultPage(err, language));
        }
      },
    );
  });

  // The page a visitor sees (and the iframe embeds): rendered here, outside the web app.
  app.get('/f/:key', { schema: { hide: true, params: KeyParams } }, async (req, reply) => {
    const page = await service.page(
      key(req),
      req.query as Record<string, string | undefined>,
      typeof req.headers.referer === 'string' ? req.headers.referer : null,
    );
    return reply
      .status(page.status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(page.html);
  });
}
