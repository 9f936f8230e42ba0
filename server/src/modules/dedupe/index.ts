export { DedupeService } from './dedupe.service.js';
export { dedupeRoutes } from './dedupe.routes.js';
