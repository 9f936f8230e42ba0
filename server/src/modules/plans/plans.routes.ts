import { Type } from 'typebox';
import {
  BudgetLine,
  BudgetLineCreate,
  BudgetLineUpdate,
  BudgetQuery,
  BudgetReport,
  BudgetSpend,
  BudgetSpendCreate,
  BudgetSpendList,
  IdParams,
  PlanChannelsPut,
  PlanChannelsReport,
  PlanCompareQuery,
  PlanDiff,
  PlanVersion,
  PlanVersionCreate,
  PlanVersionList,
  SalesPlan,
  SalesPlanCreate,
  SalesPlanList,
  SalesPlanListQuery,
  SalesPlanUpdate,
  SpendImport,
  SpendImportResult,
  Territory,
  TerritoryCreate,
  TerritoryList,
  TerritoryPotentials,
  TerritoryPotentialsQuery,
  TerritoryReassignResult,
  TerritoryUpdate,
} from '@tuoke/shared';
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import type { BudgetService } from './budget.service.js';
import type { PlansService } from './plans.service.js';
import type { TerritoriesService } from './territories.service.js';

/** Sales plans: channels, budget lines and spend, versions. */
export function plansRoutes(app: App, service: PlansService, budget: BudgetService) {
  const tags = ['plans'];
  route(
    app,
    'GET',
    '/api/v1/plans',
    {
      tags,
      summary: "The organisation's sales plans (?fiscalYear, ?status)",
      querystring: SalesPlanListQuery,
      response: { 200: SalesPlanList },
    },
    ({ actor, query }) => service.list(actor, query),
  );
  route(
    app,
    'POST',
    '/api/v1/plans',
    {
      tags,
      summary: 'Create a sales plan (one active plan per fiscal year: 409 otherwise)',
      body: SalesPlanCreate,
      response: { 201: SalesPlan },
    },
    ({ actor, body }) => service.create(actor, body),
  );
  route(
    app,
    'GET',
    '/api/v1/plans/:id',
    {
      tags,
      summary: 'Get one sales plan',
      params: IdParams,
      response: { 200: SalesPlan },
    },
    ({ actor, params }) => service.get(actor, params.id),
  );
  route(
    app,
    'PATCH',
    '/api/v1/plans/:id',
    {
      tags,
      summary: 'Change a sales plan; send the version you read',
      params: IdParams,
      body: SalesPlanUpdate,
      response: { 200: SalesPlan },
    },
    ({ actor, params, body }) => service.update(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    '/api/v1/plans/:id',
    {
      tags,
      summary: 'Delete a plan that is not active, with its channels, budget and versions',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.remove(actor, params.id),
  );
  route(
    app,
    'GET',
    '/api/v1/plans/:id/channels',
    {
      tags,
      summary:
        "The channels' shares of the revenue target against the revenue each brought in the plan's period",
      params: IdParams,
      response: { 200: PlanChannelsReport },
    },
    ({ actor, params }) => service.channels(actor, params.id),
  );
  route(
    app,
    'PUT',
    '/api/v1/plans/:id/channels',
    {
      tags,
      summary: "Replace the plan's channels and shares (at most 100 % together)",
      params: IdParams,
      body: PlanChannelsPut,
      response: { 200: PlanChannelsReport },
    },
    ({ actor, params, body }) => service.putChannels(actor, params.id, body),
  );
  route(
    app,
    'GET',
    '/api/v1/plans/:id/budget',
    {
      tags,
      summary: 'Budget lines with planned, spent, revenue and return per line, and month by month',
      params: IdParams,
      querystring: BudgetQuery,
      response: { 200: BudgetReport },
    },
    ({ actor, params, query }) => budget.report(actor, params.id, query),
  );
  route(
    app,
    'POST',
    '/api/v1/plans/:id/budget-lines',
    {
      tags,
      summary: 'Add a budget line (a month or quarter of the plan)',
      params: IdParams,
      body: BudgetLineCreate,
      response: { 201: BudgetLine },
    },
    ({ actor, params, body }) => budget.createLine(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/plans/:id/spend/import',
    {
      tags,
      summary: 'Import spend from a CSV file (all rows or none; a bad row answers 400 with its row number)',
      params: IdParams,
      body: SpendImport,
      response: { 200: SpendImportResult },
    },
    ({ actor, params, body }) => budget.importSpend(actor, params.id, body.csv),
  );
  route(
    app,
    'GET',
    '/api/v1/plans/:id/versions',
    {
      tags,
      summary: 'The saved versions of the plan, newest first',
      params: IdParams,
      response: { 200: PlanVersionList },
    },
    ({ actor, params }) => service.versions(actor, params.id),
  );
  route(
    app,
    'POST',
    '/api/v1/plans/:id/versions',
    {
      tags,
      summary: 'Save the plan as it is now as version N+1',
      params: IdParams,
      body: PlanVersionCreate,
      response: { 201: PlanVersion },
    },
    ({ actor, params, body }) => service.saveVersion(actor, params.id, body.note ?? null),
  );
  route(
    app,
    'GET',
    '/api/v1/plans/:id/versions/compare',
    {
      tags,
      summary: 'What changed from version a to version b (a number, or current)',
      params: IdParams,
      querystring: PlanCompareQuery,
      response: { 200: PlanDiff },
    },
    ({ actor, params, query }) => service.compare(actor, params.id, query.a, query.b),
  );
  route(
    app,
    'GET',
    '/api/v1/budget-lines/:id',
    {
      tags,
      summary: 'One budget line with its spent, revenue and return',
      params: IdParams,
      response: { 200: BudgetLine },
    },
    ({ actor, params }) => budget.getLine(actor, params.id),
  );
  route(
    app,
    'PATCH',
    '/api/v1/budget-lines/:id',
    {
      tags,
      summary: 'Change a budget line; send the version you read',
      params: IdParams,
      body: BudgetLineUpdate,
      response: { 200: BudgetLine },
    },
    ({ actor, params, body }) => budget.updateLine(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    '/api/v1/budget-lines/:id',
    {
      tags,
      summary: 'Delete a budget line without spend',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => budget.removeLine(actor, params.id),
  );
  route(
    app,
    'GET',
    '/api/v1/budget-lines/:id/spend',
    {
      tags,
      summary: "The line's spend, newest first",
      params: IdParams,
      response: { 200: BudgetSpendList },
    },
    ({ actor, params }) => budget.listSpend(actor, params.id),
  );
  route(
    app,
    'POST',
    '/api/v1/budget-lines/:id/spend',
    {
      tags,
      summary: 'Book spend against the line',
      params: IdParams,
      body: BudgetSpendCreate,
      response: { 201: BudgetSpend },
    },
    ({ actor, params, body }) => budget.addSpend(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    '/api/v1/budget-spend/:id',
    {
      tags,
      summary: 'Delete a spend entry',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => budget.removeSpend(actor, params.id),
  );
}

/** Territories: CRUD, the ranking by potential, and reassigning accounts. */
export function territoriesRoutes(app: App, service: TerritoriesService) {
  const tags = ['territories'];
  route(
    app,
    'GET',
    '/api/v1/territories',
    {
      tags,
      summary: 'Territories with their regions, team and number of accounts',
      response: { 200: TerritoryList },
    },
    ({ actor }) => service.list(actor).then((items) => ({ items })),
  );
  route(
    app,
    'GET',
    '/api/v1/territories/potentials',
    {
      tags,
      summary: 'Active territories ranked by potential for a year (market size − our revenue)',
      querystring: TerritoryPotentialsQuery,
      response: { 200: TerritoryPotentials },
    },
    ({ actor, query }) => service.ranking(actor, query.year),
  );
  route(
    app,
    'POST',
    '/api/v1/territories/reassign',
    {
      tags,
      summary: "Re-evaluate every account's territory from its region and industry",
      response: { 200: TerritoryReassignResult },
    },
    ({ actor }) => service.reassign(actor),
  );
  route(
    app,
    'POST',
    '/api/v1/territories',
    {
      tags,
      summary: 'Create a territory (accounts are reassigned)',
      body: TerritoryCreate,
      response: { 201: Territory },
    },
    ({ actor, body }) => service.create(actor, body),
  );
  route(
    app,
    'GET',
    '/api/v1/territories/:id',
    {
      tags,
      summary: 'Get one territory',
      params: IdParams,
      response: { 200: Territory },
    },
    ({ actor, params }) => service.get(actor, params.id),
  );
  route(
    app,
    'PATCH',
    '/api/v1/territories/:id',
    {
      tags,
      summary: 'Change a territory (accounts are reassigned); send the version you read',
      params: IdParams,
      body: TerritoryUpdate,
      response: { 200: Territory },
    },
    ({ actor, params, body }) => service.update(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    '/api/v1/territories/:id',
    {
      tags,
      summary: 'Delete a territory without budget lines (its accounts are reassigned)',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.remove(actor, params.id),
  );
}
