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
  type MeetingListQuery as MeetingListQueryT,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { MeetingsService } from './meetings.service.js';

export function meetingsRoutes(app: App, service: MeetingsService) {
  const tags = ['meetings'];
  const base = '/api/v1/meetings';
  const params = (req: { params: unknown }) => req.params as { id: string; itemId: string };

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Meetings you attend or whose team is in your scope: ?when=upcoming (planned) or past',
        querystring: MeetingListQuery,
        response: { 200: MeetingPage, ...errorResponses },
      },
    },
    (req) => service.list(actorOf(req), req.query as MeetingListQueryT),
  );
  app.get(
    `${base}/teams`,
    {
      schema: {
        tags,
        summary: 'Teams you may hold meetings for, with who is invited by default',
        response: { 200: MeetingTeams, ...errorResponses },
      },
    },
    (req) => service.teams(actorOf(req)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Plan a meeting (attendees are notified); a deal review names its deals',
        body: MeetingCreate,
        response: { 201: Meeting, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.create(actorOf(req), req.body as MeetingCreate)),
  );
  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'One meeting with attendees, deals and action items',
        params: IdParams,
        response: { 200: Meeting, ...errorResponses },
      },
    },
    (req) => service.get(actorOf(req), params(req).id),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Edit a planned meeting, notes included (send the version you read); held or cancelled: 409',
        params: IdParams,
        body: MeetingUpdate,
        response: { 200: Meeting, ...errorResponses },
      },
    },
    (req) => service.update(actorOf(req), params(req).id, req.body as MeetingUpdate),
  );
  app.post(
    `${base}/:id/hold`,
    {
      schema: {
        tags,
        summary: 'Mark the meeting held; its agenda is kept as it stands now',
        params: IdParams,
        body: MeetingHold,
        response: { 200: Meeting, ...errorResponses },
      },
    },
    (req) => service.hold(actorOf(req), params(req).id, req.body as MeetingHold),
  );
  app.post(
    `${base}/:id/cancel`,
    {
      schema: {
        tags,
        summary: 'Cancel a planned meeting',
        params: IdParams,
        body: MeetingCancel,
        response: { 200: Meeting, ...errorResponses },
      },
    },
    (req) => service.cancel(actorOf(req), params(req).id, req.body as MeetingCancel),
  );
  app.get(
    `${base}/:id/agenda`,
    {
      schema: {
        tags,
        summary:
          'The agenda: per rep the pipeline changes since the previous meeting, stalled deals, deals without a next step, results and open action items (live while planned, as it was once held)',
        params: IdParams,
        response: { 200: MeetingAgenda, ...errorResponses },
      },
    },
    (req) => service.agenda(actorOf(req), params(req).id),
  );
  app.post(
    `${base}/:id/items`,
    {
      schema: {
        tags,
        summary:
          'Add an action item; it becomes a task of its owner (due at the end of the due date, China time)',
        params: IdParams,
        body: ActionItemCreate,
        response: { 201: ActionItem, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.createItem(actorOf(req), params(req).id, req.body as ActionItemCreate)),
  );
  app.patch(
    `${base}/:id/items/:itemId`,
    {
      schema: {
        tags,
        summary: 'Change an action item or tick it done (its task follows); the owner may tick their own',
        params: MeetingItemParams,
        body: ActionItemUpdate,
        response: { 200: ActionItem, ...errorResponses },
      },
    },
    (req) =>
      service.updateItem(actorOf(req), params(req).id, params(req).itemId, req.body as ActionItemUpdate),
  );
  app.delete(
    `${base}/:id/items/:itemId`,
    {
      schema: {
        tags,
        summary: 'Remove an action item of a planned meeting (and its task unless done)',
        params: MeetingItemParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.removeItem(actorOf(req), params(req).id, params(req).itemId);
      return reply.status(204).send(null as never);
    },
  );
}
