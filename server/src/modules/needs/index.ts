export { NeedsService, type NeedsValues } from './needs.service.js';
export { needsRoutes } from './needs.routes.js';
export type { NeedsJoined } from './needs.repository.js';
