import { Type } from 'typebox';
import {
  IdParams,
  LeadScore,
  ScoreModelStatus,
  ScoringRule,
  ScoringRuleCreate,
  ScoringRuleList,
  ScoringRuleUpdate,
  ScoringSettingsUpdate,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { ScoringService } from './scoring.service.js';

export function scoringRoutes(app: App, service: ScoringService) {
  const tags = ['scoring'];
  const base = '/api/v1/scoring-rules';
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Lead scoring rules: fit (field conditions) and engagement (recent activities)',
        response: { 200: ScoringRuleList, ...errorResponses },
      },
    },
    (req) => service.listRules(actorOf(req)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Add a scoring rule (every lead is rescored)',
        body: ScoringRuleCreate,
        response: { 201: ScoringRule, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createRule(actorOf(req), req.body as ScoringRuleCreate)),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Change a scoring rule (every lead is rescored)',
        params: IdParams,
        body: ScoringRuleUpdate,
        response: { 200: ScoringRule, ...errorResponses },
      },
    },
    (req) => service.updateRule(actorOf(req), id(req), req.body as ScoringRuleUpdate),
  );
  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Delete a scoring rule (every lead is rescored)',
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
    '/api/v1/scoring/model',
    {
      schema: {
        tags,
        summary: "The conversion model learned from this organisation's history: on/off, quality, weights",
        response: { 200: ScoreModelStatus, ...errorResponses },
      },
    },
    (req) => service.modelStatus(actorOf(req)),
  );
  app.put(
    '/api/v1/scoring/settings',
    {
      schema: {
        tags,
        summary: "The model's weight in the final score, 0–100 (every lead is rescored)",
        body: ScoringSettingsUpdate,
        response: { 200: ScoreModelStatus, ...errorResponses },
      },
    },
    (req) => service.updateSettings(actorOf(req), req.body as ScoringSettingsUpdate),
  );
  app.post(
    '/api/v1/scoring/model/train',
    {
      schema: {
        tags,
        summary: 'Train the model now on converted vs disqualified leads, then rescore every lead',
        response: { 200: ScoreModelStatus, ...errorResponses },
      },
    },
    (req) => service.trainNow(actorOf(req)),
  );
  app.get(
    '/api/v1/leads/:id/score',
    {
      schema: {
        tags: ['leads', ...tags],
        summary: "A lead's score with every factor (rule or model feature) and its contribution",
        params: IdParams,
        response: { 200: LeadScore, ...errorResponses },
      },
    },
    (req) => service.explain(actorOf(req), id(req)),
  );
}
