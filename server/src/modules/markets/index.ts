export { MarketsService } from './markets.service.js';
export { marketsRoutes } from './markets.routes.js';
export { sizeFromHistory, growthFromHistory, scoreMarket } from './markets.assessment.js';
