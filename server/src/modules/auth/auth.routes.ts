import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ApiToken, ApiTokenCreate, ApiTokenCreated, IdParams, LoginBody, Me, MeUpdate } from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import { actorOf, csrfTokenOf, SESSION_COOKIE } from './auth.hook.js';
import type { AuthService } from './auth.service.js';

export function authRoutes(app: FastifyInstance, auth: AuthService, opts: { cookieSecure: boolean }) {
  const tags = ['auth'];

  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in with e-mail and password',
        body: LoginBody,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body as LoginBody;
      const s = await auth.login(email, password, request.ip);
      reply.setCookie(SESSION_COOKIE, s.cookieValue, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.cookieSecure,
        expires: new Date(s.expiresAt),
      });
      return auth.me(s.actor, s.csrfToken);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { public: true }, schema: { tags, summary: 'Sign out', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await auth.logout(cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags,
        summary: 'The signed-in user, organisation, permissions and CSRF token',
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request) => auth.me(actorOf(request), csrfTokenOf(request)),
  );

  app.patch(
    '/api/v1/auth/me',
    {
      schema: {
        tags,
        summary: 'Change my language or display name',
        body: MeUpdate,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await auth.updateMe(actor, request.body as { locale?: string | null; name?: string });
      return auth.me(actor, csrfTokenOf(request));
    },
  );

  app.get(
    '/api/v1/auth/tokens',
    {
      schema: {
        tags,
        summary: 'My API tokens',
        response: { 200: Type.Object({ items: Type.Array(ApiToken) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await auth.listTokens(actorOf(request)) }),
  );

  app.post(
    '/api/v1/auth/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token (use it as Authorization: Bearer <token>); shown once',
        body: ApiTokenCreate,
        response: { 201: ApiTokenCreated, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await auth.createToken(actorOf(request), (request.body as { name: string }).name)),
  );

  app.delete(
    '/api/v1/auth/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await auth.revokeToken(actorOf(request), (request.params as { id: string }).id);
      return reply.status(204).send(null);
    },
  );
}
