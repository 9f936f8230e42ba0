import {
  Board,
  BoardQuery,
  IdParams,
  Pipeline,
  PipelineCreate,
  PipelineListQuery,
  PipelinePage,
  PipelineUpdate,
} from '@tuoke/shared';
import { crudRoutes } from '../../http/crud-routes.js';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { PipelinesService } from './pipelines.service.js';

export function pipelinesRoutes(app: App, service: PipelinesService) {
  crudRoutes(
    app,
    'pipelines',
    'pipeline',
    {
      item: Pipeline,
      page: PipelinePage,
      listQuery: PipelineListQuery,
      create: PipelineCreate,
      update: PipelineUpdate,
    },
    service,
  );
  app.get(
    '/api/v1/pipelines/:id/board',
    {
      schema: {
        tags: ['pipelines'],
        summary: 'Kanban totals per stage (count, amount, weighted amount) in your scope',
        params: IdParams,
        querystring: BoardQuery,
        response: { 200: Board, ...errorResponses },
      },
    },
    (req) => service.board(actorOf(req), req.params.id, req.query),
  );
}
