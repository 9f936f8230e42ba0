import {
  SupervisionBoard,
  SupervisionQuery,
  SupervisionSettings,
  SupervisionSettingsUpdate,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { SupervisionService } from './supervision.service.js';

const tags = ['supervision'];

export function supervisionRoutes(app: App, service: SupervisionService) {
  app.get(
    '/api/v1/supervision',
    {
      schema: {
        tags,
        summary:
          '督导: per person, deals without a next step, stalled deals, overdue tasks and forgotten customers (your scope; a team and its sub-teams with teamId)',
        querystring: SupervisionQuery,
        response: { 200: SupervisionBoard, ...errorResponses },
      },
    },
    (req) => service.board(actorOf(req), req.query),
  );
  app.get(
    '/api/v1/supervision/settings',
    {
      schema: {
        tags,
        summary: 'Default stall days, forgotten-customer days (per account level) and who is notified',
        response: { 200: SupervisionSettings, ...errorResponses },
      },
    },
    (req) => service.settings(actorOf(req)),
  );
  app.put(
    '/api/v1/supervision/settings',
    {
      schema: {
        tags,
        summary: 'Change the supervision thresholds and notifications (admins)',
        body: SupervisionSettingsUpdate,
        response: { 200: SupervisionSettings, ...errorResponses },
      },
    },
    (req) => service.saveSettings(actorOf(req), req.body),
  );
}
