import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../../http/errors.js';
import type { Actor } from '../access/index.js';
import { AuthService } from './auth.service.js';

export const SESSION_COOKIE = 'tuoke_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const actors = new WeakMap<FastifyRequest, { actor: Actor; csrfToken: string | null }>();

/** The signed-in actor of a request that passed the auth hook. */
export function actorOf(request: FastifyRequest): Actor {
  const entry = actors.get(request);
  if (!entry) throw unauthorized();
  return entry.actor;
}

export function csrfTokenOf(request: FastifyRequest): string {
  return actors.get(request)?.csrfToken ?? '';
}

/**
 * Every /api/v1 route needs a signed-in actor unless its config says `public: true`.
 * A cookie session must also send its CSRF token on unsafe methods; a Bearer API token need not,
 * since a browser never attaches it by itself.
 */
export function installAuthHook(app: FastifyInstance, auth: AuthService): void {
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    if ((request.routeOptions.config as { public?: boolean } | undefined)?.public) return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const actor = await auth.fromApiToken(header.slice('Bearer '.length).trim());
      if (!actor) throw unauthorized('The API token is unknown or revoked');
      actors.set(request, { actor, csrfToken: null });
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) throw unauthorized();
    const session = await auth.fromSession(cookie);
    if (!session) throw unauthorized('Your session has ended; sign in again');
    if (UNSAFE.has(request.method)) {
      const given = request.headers['x-csrf-token'];
      if (!AuthService.csrfMatches(session.csrfToken, Array.isArray(given) ? given[0] : given)) {
        throw forbidden('Missing or wrong X-CSRF-Token header');
      }
    }
    actors.set(request, session);
  });
}
