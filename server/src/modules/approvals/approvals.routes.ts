import { Type } from 'typebox';
import {
  APPROVAL_BUSINESS_TYPES,
  ApprovalCounts,
  ApprovalDecision,
  ApprovalDurationReport,
  ApprovalInbox,
  ApprovalInboxQuery,
  ApprovalReminderList,
  ApprovalRemindersRead,
  ApprovalRemindersReadResult,
  ApprovalRequest,
  ApprovalRequestDetail,
  ApprovalRule,
  ApprovalRuleCreate,
  ApprovalRuleList,
  ApprovalRuleUpdate,
  IdParams,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { ApprovalsService } from './approvals.service.js';

const DurationQuery = Type.Object(
  {
    businessType: Type.Optional(Type.Enum(APPROVAL_BUSINESS_TYPES)),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 730, default: 90 })),
  },
  { additionalProperties: false },
);

export function approvalsRoutes(app: App, service: ApprovalsService) {
  const tags = ['approvals'];
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get(
    '/api/v1/approvals',
    {
      schema: {
        tags,
        summary: 'Approvals inbox: box=pending (waiting for me), submitted (mine), cc',
        querystring: ApprovalInboxQuery,
        response: { 200: ApprovalInbox, ...errorResponses },
      },
    },
    (req) => service.inbox(actorOf(req), req.query as ApprovalInboxQuery),
  );
  app.get(
    '/api/v1/approvals/counts',
    {
      schema: {
        tags,
        summary: 'Badge counts: pending tasks and unread reminders',
        response: { 200: ApprovalCounts, ...errorResponses },
      },
    },
    (req) => service.counts(actorOf(req)),
  );
  app.get(
    '/api/v1/approvals/reminders',
    {
      schema: {
        tags,
        summary: 'My reminders of steps that waited past their time limit (unread first, at most 100)',
        response: { 200: ApprovalReminderList, ...errorResponses },
      },
    },
    (req) => service.reminders(actorOf(req)),
  );
  app.post(
    '/api/v1/approvals/reminders/read',
    {
      schema: {
        tags,
        summary: 'Mark my reminders read: the ids given, or all of mine',
        body: ApprovalRemindersRead,
        response: { 200: ApprovalRemindersReadResult, ...errorResponses },
      },
    },
    (req) => service.markRemindersRead(actorOf(req), (req.body as ApprovalRemindersRead).ids),
  );
  app.get(
    '/api/v1/approvals/report/durations',
    {
      schema: {
        tags,
        summary: 'Approval durations per rule and step (hours: avg, median, p90)',
        querystring: DurationQuery,
        response: { 200: ApprovalDurationReport, ...errorResponses },
      },
    },
    (req) => {
      const q = req.query as { businessType?: (typeof APPROVAL_BUSINESS_TYPES)[number]; days?: number };
      return service.durations(actorOf(req), q.businessType, q.days ?? 90);
    },
  );
  app.get(
    '/api/v1/approvals/rules',
    { schema: { tags, summary: 'Approval rules', response: { 200: ApprovalRuleList, ...errorResponses } } },
    (req) => service.listRules(actorOf(req)),
  );
  app.post(
    '/api/v1/approvals/rules',
    {
      schema: {
        tags,
        summary: 'Create an approval rule',
        body: ApprovalRuleCreate,
        response: { 201: ApprovalRule, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createRule(actorOf(req), req.body as ApprovalRuleCreate)),
  );
  app.patch(
    '/api/v1/approvals/rules/:id',
    {
      schema: {
        tags,
        summary: 'Change an approval rule (send the version you read)',
        params: IdParams,
        body: ApprovalRuleUpdate,
        response: { 200: ApprovalRule, ...errorResponses },
      },
    },
    (req) => service.updateRule(actorOf(req), id(req), req.body as ApprovalRuleUpdate),
  );
  app.delete(
    '/api/v1/approvals/rules/:id',
    {
      schema: {
        tags,
        summary: 'Delete an approval rule',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.removeRule(actorOf(req), id(req));
      return reply.status(204).send(null as never);
    },
  );
  app.get(
    '/api/v1/approvals/:id',
    {
      schema: {
        tags,
        summary: 'One request with its full trail',
        params: IdParams,
        response: { 200: ApprovalRequestDetail, ...errorResponses },
      },
    },
    (req) => service.get(actorOf(req), id(req)),
  );
  app.post(
    '/api/v1/approvals/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve the current step',
        params: IdParams,
        body: ApprovalDecision,
        response: { 200: ApprovalRequestDetail, ...errorResponses },
      },
    },
    (req) => service.approve(actorOf(req), id(req), req.body as ApprovalDecision),
  );
  app.post(
    '/api/v1/approvals/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject: back to the submitter, or with toStep back to an earlier step',
        params: IdParams,
        body: ApprovalDecision,
        response: { 200: ApprovalRequestDetail, ...errorResponses },
      },
    },
    (req) => service.reject(actorOf(req), id(req), req.body as ApprovalDecision),
  );
  app.post(
    '/api/v1/approvals/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw my pending request',
        params: IdParams,
        response: { 200: ApprovalRequestDetail, ...errorResponses },
      },
    },
    (req) => service.withdraw(actorOf(req), id(req)),
  );
  app.post(
    '/api/v1/approvals/:id/resubmit',
    {
      schema: {
        tags,
        summary: 'Resubmit my rejected or withdrawn request',
        params: IdParams,
        response: { 200: ApprovalRequest, ...errorResponses },
      },
    },
    (req) => service.resubmit(actorOf(req), id(req)),
  );
}
