import { Type } from 'typebox';
import { CalendarFeedCreated, CalendarFeedStatus } from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { CalendarFeedService } from './calendar-feed.service.js';

export function calendarFeedRoutes(app: App, service: CalendarFeedService) {
  const tags = ['activities'];
  const base = '/api/v1/calendar-feed';
  const origin = (req: { protocol: string; host: string }) => `${req.protocol}://${req.host}`;

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Whether you have an active calendar feed (the URL is never shown again)',
        response: { 200: CalendarFeedStatus, ...errorResponses },
      },
    },
    (req) => service.status(actorOf(req)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary:
          'Create or rotate your iCalendar feed: returns the subscription URL once; the old one stops working',
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 201: CalendarFeedCreated, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.rotate(actorOf(req), origin(req))),
  );
  app.delete(
    base,
    {
      schema: {
        tags,
        summary: 'Revoke your calendar feed',
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.revoke(actorOf(req));
      return reply.status(204).send(null as never);
    },
  );

  // Calendar clients fetch this without a session: the token in the URL is the key.
  app.get('/cal/:file', { schema: { hide: true } }, async (req, reply) => {
    const file = (req.params as { file: string }).file;
    let body: string | null = null;
    if (file.endsWith('.ics')) {
      try {
        body = await service.feed(file.slice(0, -4), origin(req));
      } catch {
        body = null;
      }
    }
    return reply
      .status(body ? 200 : 404)
      .type(body ? 'text/calendar; charset=utf-8' : 'text/plain; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(body ?? 'Not found');
  });
}
