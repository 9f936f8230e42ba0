import {
  ChecklistUpdate,
  IdParams,
  OpportunityChecklist,
  StageFunnel,
  StageFunnelQuery,
  StageHistory,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { StageProcessService } from './stage-process.service.js';

export function stageProcessRoutes(app: App, service: StageProcessService) {
  app.get(
    '/api/v1/opportunities/:id/checklist',
    {
      schema: {
        tags: ['opportunities'],
        summary: 'The checklist of every stage with what is ticked, and what blocks the next stage',
        params: IdParams,
        response: { 200: OpportunityChecklist, ...errorResponses },
      },
    },
    (req) => service.checklist(actorOf(req), req.params.id),
  );
  app.put(
    '/api/v1/opportunities/:id/checklist',
    {
      schema: {
        tags: ['opportunities'],
        summary: 'Tick or untick checklist items of one stage (the current one by default)',
        params: IdParams,
        body: ChecklistUpdate,
        response: { 200: OpportunityChecklist, ...errorResponses },
      },
    },
    (req) => service.tick(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/opportunities/:id/stage-history',
    {
      schema: {
        tags: ['opportunities'],
        summary: 'Every stage the opportunity entered, when, for how long and by whom',
        params: IdParams,
        response: { 200: StageHistory, ...errorResponses },
      },
    },
    (req) => service.history(actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/reports/stage-funnel',
    {
      schema: {
        tags: ['reports'],
        summary: 'Per stage: deals entered, moved forward, conversion, won, days in stage (your scope)',
        querystring: StageFunnelQuery,
        response: { 200: StageFunnel, ...errorResponses },
      },
    },
    (req) => service.funnel(actorOf(req), req.query),
  );
}
