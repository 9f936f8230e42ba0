import { Type } from 'typebox';
import {
  Activity,
  ActivityCreate,
  ActivityListQuery,
  ActivityPage,
  ActivityUpdate,
  IdParams,
  Timeline,
  type RelatedType,
} from '@tuoke/shared';
import { crudRoutes } from '../../http/crud-routes.js';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { ActivitiesService } from './activities.service.js';

const TIMELINES: [string, RelatedType][] = [
  ['accounts', 'account'],
  ['contacts', 'contact'],
  ['leads', 'lead'],
  ['opportunities', 'opportunity'],
];

export function activitiesRoutes(app: App, service: ActivitiesService) {
  crudRoutes(
    app,
    'activities',
    'activity',
    {
      item: Activity,
      page: ActivityPage,
      listQuery: ActivityListQuery,
      create: ActivityCreate,
      update: ActivityUpdate,
    },
    service,
  );
  for (const [resource, type] of TIMELINES) {
    app.get(
      `/api/v1/${resource}/:id/timeline`,
      {
        schema: {
          tags: [resource],
          summary: `The ${type}'s timeline: activities and field changes, newest first`,
          params: IdParams,
          querystring: Type.Object({}, { additionalProperties: false }),
          response: { 200: Timeline, ...errorResponses },
        },
      },
      (req) => service.timeline(actorOf(req), type, req.params.id),
    );
  }
}
