import {
  CascadePreview,
  CascadeRequest,
  CascadeResult,
  IdParams,
  Target,
  TargetCheck,
  TargetCreate,
  TargetDetail,
  TargetList,
  TargetListQuery,
  TargetSaved,
  TargetUpdate,
} from '@tuoke/shared';
import { Type } from 'typebox';
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import type { TargetsService } from './targets.service.js';

export function targetsRoutes(app: App, service: TargetsService) {
  const tags = ['targets'];
  const base = '/api/v1/targets';
  route(
    app,
    'GET',
    base,
    {
      tags,
      summary: 'Targets in your scope whose period contains ?on (default today), with live attainment',
      querystring: TargetListQuery,
      response: { 200: TargetList },
    },
    ({ actor, query }) => service.list(actor, query),
  );
  route(
    app,
    'POST',
    base,
    {
      tags,
      summary:
        'Set a SMART target: metric + owner (specific), a positive number (measurable), a calendar period (time-bound), the plan/market (relevant); answers with the achievability warnings',
      body: TargetCreate,
      response: { 201: TargetSaved },
    },
    ({ actor, body }) => service.create(actor, body),
  );
  route(
    app,
    'POST',
    `${base}/check`,
    {
      tags,
      summary: 'Validate a target without saving it: the SMART errors, or the warnings with the numbers used',
      body: TargetCreate,
      response: { 200: TargetCheck },
    },
    ({ actor, body }) => service.check(actor, body),
  );
  route(
    app,
    'GET',
    `${base}/:id`,
    {
      tags,
      summary: 'One target with attainment, pace over the period and its children ranked',
      params: IdParams,
      response: { 200: TargetDetail },
    },
    ({ actor, params }) => service.get(actor, params.id),
  );
  route(
    app,
    'PATCH',
    `${base}/:id`,
    {
      tags,
      summary:
        'Change the value, levels, plan or text (send the version you read); a split never exceeds its parent',
      params: IdParams,
      body: TargetUpdate,
      response: { 200: Target },
    },
    ({ actor, params, body }) => service.update(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    `${base}/:id`,
    {
      tags,
      summary: 'Delete a target and the targets split from it',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.remove(actor, params.id),
  );
  route(
    app,
    'POST',
    `${base}/:id/cascade/preview`,
    {
      tags,
      summary:
        'Preview a split to teams, reps or periods by potential, last year, evenly or by hand: each child with its weight and value (sums exactly to the parent)',
      params: IdParams,
      body: CascadeRequest,
      response: { 200: CascadePreview },
    },
    ({ actor, params, body }) => service.cascadePreview(actor, params.id, body),
  );
  route(
    app,
    'POST',
    `${base}/:id/cascade`,
    {
      tags,
      summary: 'Save a split: children created or updated; a manual split above the parent is refused',
      params: IdParams,
      body: CascadeRequest,
      response: { 201: CascadeResult },
    },
    ({ actor, params, body }) => service.cascade(actor, params.id, body),
  );
}
