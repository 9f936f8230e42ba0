import { Type } from 'typebox';
import {
  ActionItem,
  ActionItemCreate,
  ActionItemUpdate,
  IdParams,
  Meeting,
  MeetingAgenda,
  MeetingCancel,
  MeetingCreate,
  MeetingHold,
  MeetingItemParams,
  MeetingListQuery,
  MeetingPage,
  MeetingTeams,
  MeetingUpdate,
} from '@tuoke/shared';
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import type { MeetingsService } from './meetings.service.js';

export function meetingsRoutes(app: App, service: MeetingsService) {
  const tags = ['meetings'];
  const base = '/api/v1/meetings';

  route(
    app,
    'GET',
    base,
    {
      tags,
      summary: 'Meetings you attend or whose team is in your scope: ?when=upcoming (planned) or past',
      querystring: MeetingListQuery,
      response: { 200: MeetingPage },
    },
    ({ actor, query }) => service.list(actor, query),
  );
  route(
    app,
    'GET',
    `${base}/teams`,
    {
      tags,
      summary: 'Teams you may hold meetings for, with who is invited by default',
      response: { 200: MeetingTeams },
    },
    ({ actor }) => service.teams(actor),
  );
  route(
    app,
    'POST',
    base,
    {
      tags,
      summary: 'Plan a meeting (attendees are notified); a deal review names its deals',
      body: MeetingCreate,
      response: { 201: Meeting },
    },
    ({ actor, body }) => service.create(actor, body),
  );
  route(
    app,
    'GET',
    `${base}/:id`,
    {
      tags,
      summary: 'One meeting with attendees, deals and action items',
      params: IdParams,
      response: { 200: Meeting },
    },
    ({ actor, params }) => service.get(actor, params.id),
  );
  route(
    app,
    'PATCH',
    `${base}/:id`,
    {
      tags,
      summary: 'Edit a planned meeting, notes included (send the version you read); held or cancelled: 409',
      params: IdParams,
      body: MeetingUpdate,
      response: { 200: Meeting },
    },
    ({ actor, params, body }) => service.update(actor, params.id, body),
  );
  route(
    app,
    'POST',
    `${base}/:id/hold`,
    {
      tags,
      summary: 'Mark the meeting held; its agenda is kept as it stands now',
      params: IdParams,
      body: MeetingHold,
      response: { 200: Meeting },
    },
    ({ actor, params, body }) => service.hold(actor, params.id, body),
  );
  route(
    app,
    'POST',
    `${base}/:id/cancel`,
    {
      tags,
      summary: 'Cancel a planned meeting',
      params: IdParams,
      body: MeetingCancel,
      response: { 200: Meeting },
    },
    ({ actor, params, body }) => service.cancel(actor, params.id, body),
  );
  route(
    app,
    'GET',
    `${base}/:id/agenda`,
    {
      tags,
      summary:
        'The agenda: per rep the pipeline changes since the previous meeting, stalled deals, deals without a next step, results and open action items (live while planned, as it was once held)',
      params: IdParams,
      response: { 200: MeetingAgenda },
    },
    ({ actor, params }) => service.agenda(actor, params.id),
  );
  route(
    app,
    'POST',
    `${base}/:id/items`,
    {
      tags,
      summary:
        'Add an action item; it becomes a task of its owner (due at the end of the due date, China time)',
      params: IdParams,
      body: ActionItemCreate,
      response: { 201: ActionItem },
    },
    ({ actor, params, body }) => service.createItem(actor, params.id, body),
  );
  route(
    app,
    'PATCH',
    `${base}/:id/items/:itemId`,
    {
      tags,
      summary: 'Change an action item or tick it done (its task follows); the owner may tick their own',
      params: MeetingItemParams,
      body: ActionItemUpdate,
      response: { 200: ActionItem },
    },
    ({ actor, params, body }) => service.updateItem(actor, params.id, params.itemId, body),
  );
  route(
    app,
    'DELETE',
    `${base}/:id/items/:itemId`,
    {
      tags,
      summary: 'Remove an action item of a planned meeting (and its task unless done)',
      params: MeetingItemParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.removeItem(actor, params.id, params.itemId),
  );
}
