import { Type } from 'typebox';
import {
  AssignByRules,
  AssignByRulesResult,
  AssignmentPreview,
  AssignmentPreviewInput,
  AssignmentRule,
  AssignmentRuleCreate,
  AssignmentRuleList,
  AssignmentRuleOrder,
  AssignmentRuleUpdate,
  IdParams,
  LeadAssignmentList,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { AssignmentService } from './assignment.service.js';

export function assignmentRoutes(app: App, service: AssignmentService) {
  const tags = ['assignment'];
  const base = '/api/v1/assignment-rules';
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Assignment rules in order, each with the people it can assign to now',
        response: { 200: AssignmentRuleList, ...errorResponses },
      },
    },
    (req) => service.listRules(actorOf(req)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Add an assignment rule (at the end of the order)',
        body: AssignmentRuleCreate,
        response: { 201: AssignmentRule, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createRule(actorOf(req), req.body as AssignmentRuleCreate)),
  );
  app.put(
    `${base}/order`,
    {
      schema: {
        tags,
        summary: 'Reorder the rules: every rule id once, first rule first',
        body: AssignmentRuleOrder,
        response: { 200: AssignmentRuleList, ...errorResponses },
      },
    },
    (req) => service.reorder(actorOf(req), req.body as AssignmentRuleOrder),
  );
  app.post(
    `${base}/preview`,
    {
      schema: {
        tags,
        summary: 'Dry run: which rule and person a lead like this would get (nothing changes)',
        body: AssignmentPreviewInput,
        response: { 200: AssignmentPreview, ...errorResponses },
      },
    },
    (req) => service.preview(actorOf(req), req.body as AssignmentPreviewInput),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Change an assignment rule',
        params: IdParams,
        body: AssignmentRuleUpdate,
        response: { 200: AssignmentRule, ...errorResponses },
      },
    },
    (req) => service.updateRule(actorOf(req), id(req), req.body as AssignmentRuleUpdate),
  );
  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Delete an assignment rule',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.removeRule(actorOf(req), id(req));
      return reply.status(204).send(null as never);
    },
  );
  app.post(
    '/api/v1/leads/assign-by-rules',
    {
      schema: {
        tags: ['leads', ...tags],
        summary: '按规则分配: route the given leads by the assignment rules now',
        body: AssignByRules,
        response: { 200: AssignByRulesResult, ...errorResponses },
      },
    },
    (req) => service.assignByRules(actorOf(req), (req.body as AssignByRules).leadIds),
  );
  app.get(
    '/api/v1/leads/:id/assignments',
    {
      schema: {
        tags: ['leads', ...tags],
        summary: "A lead's assignments by rule, newest first: rule, team, person and why",
        params: IdParams,
        response: { 200: LeadAssignmentList, ...errorResponses },
      },
    },
    (req) => service.history(actorOf(req), id(req)),
  );
}
