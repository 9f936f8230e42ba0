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
import { route } from '../../http/action-route.js';
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

  route(
    app,
    'GET',
    '/api/v1/approvals',
    {
      tags,
      summary: 'Approvals inbox: box=pending (waiting for me), submitted (mine), cc',
      querystring: ApprovalInboxQuery,
      response: { 200: ApprovalInbox },
    },
    ({ actor, query }) => service.inbox(actor, query),
  );
  route(
    app,
    'GET',
    '/api/v1/approvals/counts',
    {
      tags,
      summary: 'Badge counts: pending tasks and unread reminders',
      response: { 200: ApprovalCounts },
    },
    ({ actor }) => service.counts(actor),
  );
  route(
    app,
    'GET',
    '/api/v1/approvals/reminders',
    {
      tags,
      summary: 'My reminders of steps that waited past their time limit (unread first, at most 100)',
      response: { 200: ApprovalReminderList },
    },
    ({ actor }) => service.reminders(actor),
  );
  route(
    app,
    'POST',
    '/api/v1/approvals/reminders/read',
    {
      tags,
      summary: 'Mark my reminders read: the ids given, or all of mine',
      body: ApprovalRemindersRead,
      response: { 200: ApprovalRemindersReadResult },
    },
    ({ actor, body }) => service.markRemindersRead(actor, body.ids),
  );
  route(
    app,
    'GET',
    '/api/v1/approvals/report/durations',
    {
      tags,
      summary: 'Approval durations per rule and step (hours: avg, median, p90)',
      querystring: DurationQuery,
      response: { 200: ApprovalDurationReport },
    },
    ({ actor, query }) => {
      const q = query as { businessType?: (typeof APPROVAL_BUSINESS_TYPES)[number]; days?: number };
      return service.durations(actor, q.businessType, q.days ?? 90);
    },
  );
  app.get(
    '/api/v1/approvals/rules',
    { schema: { tags, summary: 'Approval rules', response: { 200: ApprovalRuleList, ...errorResponses } } },
    (req) => service.listRules(actorOf(req)),
  );
  route(
    app,
    'POST',
    '/api/v1/approvals/rules',
    {
      tags,
      summary: 'Create an approval rule',
      body: ApprovalRuleCreate,
      response: { 201: ApprovalRule },
    },
    ({ actor, body }) => service.createRule(actor, body),
  );
  route(
    app,
    'PATCH',
    '/api/v1/approvals/rules/:id',
    {
      tags,
      summary: 'Change an approval rule (send the version you read)',
      params: IdParams,
      body: ApprovalRuleUpdate,
      response: { 200: ApprovalRule },
    },
    ({ actor, params, body }) => service.updateRule(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    '/api/v1/approvals/rules/:id',
    {
      tags,
      summary: 'Delete an approval rule',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.removeRule(actor, params.id),
  );
  route(
    app,
    'GET',
    '/api/v1/approvals/:id',
    {
      tags,
      summary: 'One request with its full trail',
      params: IdParams,
      response: { 200: ApprovalRequestDetail },
    },
    ({ actor, params }) => service.get(actor, params.id),
  );
  route(
    app,
    'POST',
    '/api/v1/approvals/:id/approve',
    {
      tags,
      summary: 'Approve the current step',
      params: IdParams,
      body: ApprovalDecision,
      response: { 200: ApprovalRequestDetail },
    },
    ({ actor, params, body }) => service.approve(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/approvals/:id/reject',
    {
      tags,
      summary: 'Reject: back to the submitter, or with toStep back to an earlier step',
      params: IdParams,
      body: ApprovalDecision,
      response: { 200: ApprovalRequestDetail },
    },
    ({ actor, params, body }) => service.reject(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/approvals/:id/withdraw',
    {
      tags,
      summary: 'Withdraw my pending request',
      params: IdParams,
      response: { 200: ApprovalRequestDetail },
    },
    ({ actor, params }) => service.withdraw(actor, params.id),
  );
  route(
    app,
    'POST',
    '/api/v1/approvals/:id/resubmit',
    {
      tags,
      summary: 'Resubmit my rejected or withdrawn request',
      params: IdParams,
      response: { 200: ApprovalRequest },
    },
    ({ actor, params }) => service.resubmit(actor, params.id),
  );
}
