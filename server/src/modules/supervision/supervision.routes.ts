import {
  SupervisionBoard,
  SupervisionQuery,
  SupervisionSettings,
  SupervisionSettingsUpdate,
} from '@tuoke/shared';
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import type { SupervisionService } from './supervision.service.js';

const tags = ['supervision'];

export function supervisionRoutes(app: App, service: SupervisionService) {
  route(
    app,
    'GET',
    '/api/v1/supervision',
    {
      tags,
      summary:
        '督导: per person, deals without a next step, stalled deals, overdue tasks and forgotten customers (your scope; a team and its sub-teams with teamId)',
      querystring: SupervisionQuery,
      response: { 200: SupervisionBoard },
    },
    ({ actor, query }) => service.board(actor, query),
  );
  route(
    app,
    'GET',
    '/api/v1/supervision/settings',
    {
      tags,
      summary: 'Default stall days, forgotten-customer days (per account level) and who is notified',
      response: { 200: SupervisionSettings },
    },
    ({ actor }) => service.settings(actor),
  );
  route(
    app,
    'PUT',
    '/api/v1/supervision/settings',
    {
      tags,
      summary: 'Change the supervision thresholds and notifications (admins)',
      body: SupervisionSettingsUpdate,
      response: { 200: SupervisionSettings },
    },
    ({ actor, body }) => service.saveSettings(actor, body),
  );
}
