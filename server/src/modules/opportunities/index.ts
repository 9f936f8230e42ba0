export { OpportunitiesService, lineAmount } from './opportunities.service.js';
export { opportunitiesRoutes } from './opportunities.routes.js';
