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
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import type { WorkReportsService } from './work-reports.service.js';

export function workReportsRoutes(app: App, service: WorkReportsService) {
  const tags = ['work-reports'];

  route(
    app,
    'GET',
    '/api/v1/work-reports/rules',
    {
      tags,
      summary: 'Report rules: who must submit daily and weekly reports, and by when',
      response: { 200: ReportRuleList },
    },
    ({ actor }) => service.listRules(actor),
  );
  route(
    app,
    'POST',
    '/api/v1/work-reports/rules',
    {
      tags,
      summary: 'Create a report rule',
      body: ReportRuleCreate,
      response: { 201: ReportRule },
    },
    ({ actor, body }) => service.createRule(actor, body),
  );
  route(
    app,
    'PATCH',
    '/api/v1/work-reports/rules/:id',
    {
      tags,
      summary: 'Change a report rule (send the version you read)',
      params: IdParams,
      body: ReportRuleUpdate,
      response: { 200: ReportRule },
    },
    ({ actor, params, body }) => service.updateRule(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    '/api/v1/work-reports/rules/:id',
    {
      tags,
      summary: 'Delete a report rule (submitted reports keep the deadline they had)',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.removeRule(actor, params.id),
  );

  route(
    app,
    'GET',
    '/api/v1/work-reports/draft',
    {
      tags,
      summary:
        "My report form for a day or week: its deadline and window, the period's facts from my records, and my report if I started one",
      querystring: WorkReportDraftQuery,
      response: { 200: WorkReportDraft },
    },
    ({ actor, query }) => service.draft(actor, query),
  );
  route(
    app,
    'GET',
    '/api/v1/work-reports/status',
    {
      tags,
      summary:
        'Submission status of the people in my scope: on time, late, missing, pending or not due, per person and period',
      querystring: WorkReportGridQuery,
      response: { 200: WorkReportGrid },
    },
    ({ actor, query }) => service.status(actor, query),
  );
  route(
    app,
    'GET',
    '/api/v1/work-reports',
    {
      tags,
      summary: 'Reports, newest period first: mine (drafts too) and the submitted ones in my scope',
      querystring: WorkReportListQuery,
      response: { 200: WorkReportPage },
    },
    ({ actor, query }) => service.list(actor, query),
  );
  route(
    app,
    'POST',
    '/api/v1/work-reports',
    {
      tags,
      summary: 'Start my report for a period (a draft), or submit it at once with submit: true',
      body: WorkReportCreate,
      response: { 201: WorkReportDetail },
    },
    ({ actor, body }) => service.create(actor, body),
  );
  route(
    app,
    'GET',
    '/api/v1/work-reports/:id',
    {
      tags,
      summary: "One report with its facts, read receipts and comments (opening another's records a read)",
      params: IdParams,
      response: { 200: WorkReportDetail },
    },
    ({ actor, params }) => service.get(actor, params.id),
  );
  route(
    app,
    'PATCH',
    '/api/v1/work-reports/:id',
    {
      tags,
      summary: 'Edit my draft (send the version you read)',
      params: IdParams,
      body: WorkReportUpdate,
      response: { 200: WorkReportDetail },
    },
    ({ actor, params, body }) => service.update(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/work-reports/:id/submit',
    {
      tags,
      summary: "Submit my report: the period's facts are frozen with it; after the deadline it is late",
      params: IdParams,
      body: WorkReportSubmit,
      response: { 200: WorkReportDetail },
    },
    ({ actor, params, body }) => service.submit(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/work-reports/:id/comments',
    {
      tags,
      summary: 'Comment on a submitted report (the author is notified)',
      params: IdParams,
      body: WorkReportCommentCreate,
      response: { 201: WorkReportComment },
    },
    ({ actor, params, body }) => service.comment(actor, params.id, body.body),
  );
}
