import {
  IdParams,
  Segment,
  SegmentCount,
  SegmentCreate,
  SegmentCriteria,
  SegmentListQuery,
  SegmentMemberPage,
  SegmentMembersQuery,
  SegmentPage,
  SegmentPreview,
  SegmentUpdate,
} from '@tuoke/shared';
import { crudRoutes } from '../../http/crud-routes.js';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { SegmentsService } from './segments.service.js';

const tags = ['segments'];

export function segmentsRoutes(app: App, service: SegmentsService) {
  // Before the CRUD routes' /:id so "count" and "preview" are not taken for ids.
  app.post(
    '/api/v1/segments/count',
    {
      schema: {
        tags,
        summary: 'How many records match the criteria, within your data scope (live count)',
        body: SegmentCriteria,
        response: { 200: SegmentCount, ...errorResponses },
      },
    },
    (req) => service.count(actorOf(req), req.body),
  );
  app.post(
    '/api/v1/segments/preview',
    {
      schema: {
        tags,
        summary: 'The first members of criteria not saved yet, within your data scope',
        body: SegmentPreview,
        response: { 200: SegmentMemberPage, ...errorResponses },
      },
    },
    (req) => service.preview(actorOf(req), req.body),
  );
  crudRoutes(
    app,
    'segments',
    'segment',
    {
      item: Segment,
      page: SegmentPage,
      listQuery: SegmentListQuery,
      create: SegmentCreate,
      update: SegmentUpdate,
    },
    service,
  );
  app.get(
    '/api/v1/segments/:id/members',
    {
      schema: {
        tags,
        summary: 'A saved segment’s members within your data scope (keyset pages by name)',
        params: IdParams,
        querystring: SegmentMembersQuery,
        response: { 200: SegmentMemberPage, ...errorResponses },
      },
    },
    (req) => service.members(actorOf(req), req.params.id, req.query),
  );
}
