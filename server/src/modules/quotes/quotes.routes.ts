import { Type } from 'typebox';
import {
  IdParams,
  PublicQuote,
  PublicQuoteAccept,
  Quote,
  QuoteCreate,
  QuoteList,
  QuoteListQuery,
  QuoteOutcome,
  QuoteShare,
  QuoteShareCreate,
  QuoteUpdate,
  TokenParams,
  VersionBody,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import { publicQuotePage } from './quotes.page.js';
import type { QuotesService } from './quotes.service.js';

export function quotesRoutes(app: App, service: QuotesService) {
  const tags = ['quotes'];
  const base = '/api/v1/quotes';
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  const token = (req: { params: unknown }) => (req.params as { token: string }).token;

  route(
    app,
    'GET',
    base,
    {
      tags,
      summary: 'Quotes in your data scope, e.g. ?opportunityId=',
      querystring: QuoteListQuery,
      response: { 200: QuoteList },
    },
    ({ actor, query }) => service.list(actor, query),
  );
  route(
    app,
    'GET',
    `${base}/:id`,
    {
      tags,
      summary: 'One quote with its items',
      params: IdParams,
      response: { 200: Quote },
    },
    ({ actor, params }) => service.get(actor, params.id),
  );
  route(
    app,
    'POST',
    base,
    {
      tags,
      summary: 'Create a draft quote for an opportunity; totals are computed here',
      body: QuoteCreate,
      response: { 201: Quote },
    },
    ({ actor, body }) => service.create(actor, body),
  );
  route(
    app,
    'PATCH',
    `${base}/:id`,
    {
      tags,
      summary: 'Edit a draft quote (send the version you read)',
      params: IdParams,
      body: QuoteUpdate,
      response: { 200: Quote },
    },
    ({ actor, params, body }) => service.update(actor, params.id, body),
  );
  route(
    app,
    'POST',
    `${base}/:id/submit`,
    {
      tags,
      summary: 'Submit a draft for approval (approved at once when no rule applies)',
      params: IdParams,
      body: VersionBody,
      response: { 200: Quote },
    },
    ({ actor, params, body }) => service.submit(actor, params.id, body.version),
  );
  route(
    app,
    'POST',
    `${base}/:id/revise`,
    {
      tags,
      summary: 'New draft revision; the old one becomes read-only (superseded)',
      params: IdParams,
      body: VersionBody,
      response: { 201: Quote },
    },
    ({ actor, params, body }) => service.revise(actor, params.id, body.version),
  );
  route(
    app,
    'POST',
    `${base}/:id/outcome`,
    {
      tags,
      summary: 'Record the customer’s answer to a sent quote',
      params: IdParams,
      body: QuoteOutcome,
      response: { 200: Quote },
    },
    ({ actor, params, body }) => {
      const b = body as { status: 'accepted' | 'declined'; version: number };
      return service.setOutcome(actor, params.id, b.status, b.version);
    },
  );
  app.post(
    `${base}/:id/share`,
    {
      schema: {
        tags,
        summary: 'Create an expiring share link (the token is shown once)',
        params: IdParams,
        body: QuoteShareCreate,
        response: { 201: QuoteShare, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.share(actorOf(req), id(req), (req.body as { days?: number }).days ?? 14)),
  );
  route(
    app,
    'DELETE',
    `${base}/:id/share`,
    {
      tags,
      summary: 'Revoke every share link of the quote',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.revokeShares(actor, params.id),
  );
  app.get(
    `${base}/:id/pdf`,
    { schema: { tags, summary: 'The quote as PDF', params: IdParams } },
    async (req, reply) => {
      const pdf = await service.pdf(actorOf(req), id(req));
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${pdf.filename}"`)
        .send(pdf.body);
    },
  );

  // The customer's side: no sign-in, the token is the key. Unknown, expired or revoked → 404.
  const pub = { public: true };
  app.get(
    '/api/v1/public/quotes/:token',
    {
      config: pub,
      schema: {
        tags,
        summary: 'A shared quote, for the customer',
        params: TokenParams,
        response: { 200: PublicQuote, ...errorResponses },
      },
    },
    (req) => service.publicView(token(req)),
  );
  app.post(
    '/api/v1/public/quotes/:token/accept',
    {
      config: pub,
      schema: {
        tags,
        summary: 'The customer accepts a shared quote',
        params: TokenParams,
        body: PublicQuoteAccept,
        response: { 200: PublicQuote, ...errorResponses },
      },
    },
    (req) => service.publicAccept(token(req), (req.body as { name: string }).name),
  );
  app.get(
    '/api/v1/public/quotes/:token/pdf',
    { config: pub, schema: { tags, summary: 'A shared quote as PDF', params: TokenParams } },
    async (req, reply) => {
      const pdf = await service.publicPdf(token(req));
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${pdf.filename}"`)
        .send(pdf.body);
    },
  );
  // A plain page the server renders, so the link works without the app's sign-in layout.
  app.get('/q/:token', { schema: { hide: true } }, async (req, reply) => {
    let quote: Awaited<ReturnType<QuotesService['publicView']>> | null = null;
    try {
      if (/^[A-Za-z0-9_-]{20,100}$/.test(token(req))) quote = await service.publicView(token(req));
    } catch {
      quote = null;
    }
    return reply
      .status(quote ? 200 : 404)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(publicQuotePage(quote, token(req)));
  });
}
