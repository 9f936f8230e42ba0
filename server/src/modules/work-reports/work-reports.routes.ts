import { Type } from 'typebox';
import {
  IdParams,
  ReportRule,
  ReportRuleCreate,
  ReportRuleList,
  ReportRuleUpdate,
  WorkReportComment,
  WorkReportCommentCreate,
  WorkReportCreate,
  WorkReportDetail,
  WorkReportDraft,
  WorkReportDraftQuery,
  WorkReportListQuery,
  WorkReportPage,
  WorkReportGrid,
  WorkReportGridQuery,
  WorkReportSubmit,
  WorkReportUpdate,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { WorkReportsService } from './work-reports.service.js';

export function workReportsRoutes(app: App, service: WorkReportsService) {
  const tags = ['work-reports'];
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get(
    '/api/v1/work-reports/rules',
    {
      schema: {
        tags,
        summary: 'Report rules: who must submit daily and weekly reports, and by when',
        response: { 200: ReportRuleList, ...errorResponses },
      },
    },
    (req) => service.listRules(actorOf(req)),
  );
  app.post(
    '/api/v1/work-reports/rules',
    {
      schema: {
        tags,
        summary: 'Create a report rule',
        body: ReportRuleCreate,
        response: { 201: ReportRule, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createRule(actorOf(req), req.body as ReportRuleCreate)),
  );
  app.patch(
    '/api/v1/work-reports/rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a report rule (send the version you read)',
        params: IdParams,
        body: ReportRuleUpdate,
        response: { 200: ReportRule, ...errorResponses },
      },
    },
    (req) => service.updateRule(actorOf(req), id(req), req.body as ReportRuleUpdate),
  );
  app.delete(
    '/api/v1/work-reports/rules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a report rule (submitted reports keep the deadline they had)',
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
    '/api/v1/work-reports/draft',
    {
      schema: {
        tags,
        summary:
          "My report form for a day or week: its deadline and window, the period's facts from my records, and my report if I started one",
        querystring: WorkReportDraftQuery,
        response: { 200: WorkReportDraft, ...errorResponses },
      },
    },
    (req) => service.draft(actorOf(req), req.query as WorkReportDraftQuery),
  );
  app.get(
    '/api/v1/work-reports/status',
    {
      schema: {
        tags,
        summary:
          'Submission status of the people in my scope: on time, late, missing, pending or not due, per person and period',
        querystring: WorkReportGridQuery,
        response: { 200: WorkReportGrid, ...errorResponses },
      },
    },
    (req) => service.status(actorOf(req), req.query as WorkReportGridQuery),
  );
  app.get(
    '/api/v1/work-reports',
    {
      schema: {
        tags,
        summary: 'Reports, newest period first: mine (drafts too) and the submitted ones in my scope',
        querystring: WorkReportListQuery,
        response: { 200: WorkReportPage, ...errorResponses },
      },
    },
    (req) => service.list(actorOf(req), req.query as WorkReportListQuery),
  );
  app.post(
    '/api/v1/work-reports',
    {
      schema: {
        tags,
        summary: 'Start my report for a period (a draft), or submit it at once with submit: true',
        body: WorkReportCreate,
        response: { 201: WorkReportDetail, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.create(actorOf(req), req.body as WorkReportCreate)),
  );
  app.get(
    '/api/v1/work-reports/:id',
    {
      schema: {
        tags,
        summary: "One report with its facts, read receipts and comments (opening another's records a read)",
        params: IdParams,
        response: { 200: WorkReportDetail, ...errorResponses },
      },
    },
    (req) => service.get(actorOf(req), id(req)),
  );
  app.patch(
    '/api/v1/work-reports/:id',
    {
      schema: {
        tags,
        summary: 'Edit my draft (send the version you read)',
        params: IdParams,
        body: WorkReportUpdate,
        response: { 200: WorkReportDetail, ...errorResponses },
      },
    },
    (req) => service.update(actorOf(req), id(req), req.body as WorkReportUpdate),
  );
  app.post(
    '/api/v1/work-reports/:id/submit',
    {
      schema: {
        tags,
        summary: "Submit my report: the period's facts are frozen with it; after the deadline it is late",
        params: IdParams,
        body: WorkReportSubmit,
        response: { 200: WorkReportDetail, ...errorResponses },
      },
    },
    (req) => service.submit(actorOf(req), id(req), req.body as WorkReportUpdate),
  );
  app.post(
    '/api/v1/work-reports/:id/comments',
    {
      schema: {
        tags,
        summary: 'Comment on a submitted report (the author is notified)',
        params: IdParams,
        body: WorkReportCommentCreate,
        response: { 201: WorkReportComment, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.comment(actorOf(req), id(req), (req.body as WorkReportCommentCreate).body)),
  );
}
