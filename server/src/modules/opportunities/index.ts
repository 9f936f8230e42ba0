export { OpportunitiesService, lineAmount } from './opportunities.service.js';
export { opportunitiesRoutes } from './opportunities.routes.js';
export { StageProcessService } from './stage-process.service.js';
export { stageProcessRoutes } from './stage-process.routes.js';
