export { LeadSourcesService, defaultSourceRows } from './lead-sources.service.js';
export { leadSourcesRoutes } from './lead-sources.routes.js';
