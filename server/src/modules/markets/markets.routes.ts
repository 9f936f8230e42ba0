import { Type } from 'typebox';
import {
  Competitor,
  CompetitorCreate,
  CompetitorList,
  CompetitorUpdate,
  DealCompetitor,
  DealCompetitorCreate,
  DealCompetitorList,
  DealCompetitorParams,
  DealCompetitorUpdate,
  IdParams,
  MacroFactor,
  MacroFactorCreate,
  MacroFactorList,
  MacroFactorUpdate,
  Market,
  MarketAssessment,
  MarketAssessmentList,
  MarketCreate,
  MarketList,
  MarketListQuery,
  MarketUpdate,
  MarketYearBody,
  MarketYearParams,
  WinLoss,
  WinLossQuery,
} from '@tuoke/shared';
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import type { MarketsService } from './markets.service.js';

export function marketsRoutes(app: App, service: MarketsService) {
  const tags = ['markets'];
  const base = '/api/v1/markets';

  // Markets
  route(
    app,
    'GET',
    base,
    {
      tags,
      summary: "The organisation's markets with their size history",
      querystring: MarketListQuery,
      response: { 200: MarketList },
    },
    ({ actor, query }) => service.listMarkets(actor, query),
  );
  route(
    app,
    'POST',
    base,
    {
      tags,
      summary: 'Add a market (its size is recorded in the history)',
      body: MarketCreate,
      response: { 201: Market },
    },
    ({ actor, body }) => service.createMarket(actor, body),
  );
  route(
    app,
    'GET',
    `${base}/assessments`,
    {
      tags,
      summary: "Every active market's opportunity score, highest first",
      response: { 200: MarketAssessmentList },
    },
    ({ actor }) => service.assessments(actor),
  );
  route(
    app,
    'GET',
    `${base}/:id`,
    { tags, summary: 'One market', params: IdParams, response: { 200: Market } },
    ({ actor, params }) => service.getMarket(actor, params.id),
  );
  route(
    app,
    'PATCH',
    `${base}/:id`,
    {
      tags,
      summary: 'Change a market; size (with sizeYear) sets that year, years replaces the history',
      params: IdParams,
      body: MarketUpdate,
      response: { 200: Market },
    },
    ({ actor, params, body }) => service.updateMarket(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    `${base}/:id`,
    {
      tags,
      summary: 'Delete a market no target measures (409 otherwise)',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.removeMarket(actor, params.id),
  );
  route(
    app,
    'PUT',
    `${base}/:id/years/:year`,
    {
      tags,
      summary: "Add or change one year of a market's size history (the current size and growth follow)",
      params: MarketYearParams,
      body: MarketYearBody,
      response: { 200: Market },
    },
    ({ actor, params, body }) => service.putYear(actor, params.id, params.year, body),
  );
  route(
    app,
    'DELETE',
    `${base}/:id/years/:year`,
    {
      tags,
      summary: 'Remove one year of the history (the last one stays)',
      params: MarketYearParams,
      response: { 200: Market },
    },
    ({ actor, params }) => service.deleteYear(actor, params.id, params.year),
  );
  route(
    app,
    'GET',
    `${base}/:id/assessment`,
    {
      tags,
      summary:
        "The market's opportunity score (0..100) with each factor's value and points, and a suggested share target",
      params: IdParams,
      response: { 200: MarketAssessment },
    },
    ({ actor, params }) => service.assessment(actor, params.id),
  );

  // Competitors
  const competitors = `${base}/competitors`;
  route(
    app,
    'GET',
    competitors,
    {
      tags,
      summary: 'Competitors with their products and market shares',
      querystring: MarketListQuery,
      response: { 200: CompetitorList },
    },
    ({ actor, query }) => service.listCompetitors(actor, query),
  );
  route(
    app,
    'POST',
    competitors,
    {
      tags,
      summary: 'Add a competitor; per market and year, all shares plus ours stay within 100 %',
      body: CompetitorCreate,
      response: { 201: Competitor },
    },
    ({ actor, body }) => service.createCompetitor(actor, body),
  );
  route(
    app,
    'GET',
    `${competitors}/win-loss`,
    {
      tags,
      summary: 'Deals won and lost where each competitor was recorded, within your data scope',
      querystring: WinLossQuery,
      response: { 200: WinLoss },
    },
    ({ actor, query }) => service.winLoss(actor, query),
  );
  route(
    app,
    'GET',
    `${competitors}/:id`,
    { tags, summary: 'One competitor', params: IdParams, response: { 200: Competitor } },
    ({ actor, params }) => service.getCompetitor(actor, params.id),
  );
  route(
    app,
    'PATCH',
    `${competitors}/:id`,
    {
      tags,
      summary: 'Change a competitor; products and shares, when sent, replace the lists',
      params: IdParams,
      body: CompetitorUpdate,
      response: { 200: Competitor },
    },
    ({ actor, params, body }) => service.updateCompetitor(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    `${competitors}/:id`,
    {
      tags,
      summary: 'Delete a competitor (with its products, shares and deal records)',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.removeCompetitor(actor, params.id),
  );

  // Macro factors
  const factors = `${base}/macro-factors`;
  route(
    app,
    'GET',
    factors,
    { tags, summary: 'Macro factors (PEST) and the markets they touch', response: { 200: MacroFactorList } },
    ({ actor }) => service.listFactors(actor),
  );
  route(
    app,
    'POST',
    factors,
    { tags, summary: 'Add a macro factor', body: MacroFactorCreate, response: { 201: MacroFactor } },
    ({ actor, body }) => service.createFactor(actor, body),
  );
  route(
    app,
    'GET',
    `${factors}/:id`,
    { tags, summary: 'One macro factor', params: IdParams, response: { 200: MacroFactor } },
    ({ actor, params }) => service.getFactor(actor, params.id),
  );
  route(
    app,
    'PATCH',
    `${factors}/:id`,
    {
      tags,
      summary: 'Change a macro factor; marketIds, when sent, replaces the list',
      params: IdParams,
      body: MacroFactorUpdate,
      response: { 200: MacroFactor },
    },
    ({ actor, params, body }) => service.updateFactor(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    `${factors}/:id`,
    { tags, summary: 'Delete a macro factor', params: IdParams, response: { 204: Type.Null() } },
    ({ actor, params }) => service.removeFactor(actor, params.id),
  );

  // Competitors on a deal (the deal's scope decides)
  const onDeal = '/api/v1/opportunities/:id/competitors';
  route(
    app,
    'GET',
    onDeal,
    {
      tags,
      summary: 'Competitors recorded on a deal',
      params: IdParams,
      response: { 200: DealCompetitorList },
    },
    ({ actor, params }) => service.dealCompetitors(actor, params.id),
  );
  route(
    app,
    'POST',
    onDeal,
    {
      tags,
      summary: 'Record a competitor on a deal',
      params: IdParams,
      body: DealCompetitorCreate,
      response: { 201: DealCompetitor },
    },
    ({ actor, params, body }) => service.addDealCompetitor(actor, params.id, body),
  );
  route(
    app,
    'PATCH',
    `${onDeal}/:linkId`,
    {
      tags,
      summary: "Change a deal competitor's status (active, won_against, lost_to) or notes",
      params: DealCompetitorParams,
      body: DealCompetitorUpdate,
      response: { 200: DealCompetitor },
    },
    ({ actor, params, body }) => service.updateDealCompetitor(actor, params.id, params.linkId, body),
  );
  route(
    app,
    'DELETE',
    `${onDeal}/:linkId`,
    {
      tags,
      summary: 'Remove a competitor from a deal',
      params: DealCompetitorParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.removeDealCompetitor(actor, params.id, params.linkId),
  );
}
