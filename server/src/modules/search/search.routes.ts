import { SearchQuery, SearchResult } from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { SearchService } from './search.service.js';

export function searchRoutes(app: App, service: SearchService) {
  app.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search accounts, contacts, leads and opportunities by name in your scope',
        querystring: SearchQuery,
        response: { 200: SearchResult, ...errorResponses },
      },
    },
    (req) => service.search(actorOf(req), req.query.q, req.query.limit),
  );
}
