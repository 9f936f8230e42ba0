export { OpportunitiesService, lineAmount, type DealStatusChange } from './opportunities.service.js';
export { opportunitiesRoutes } from './opportunities.routes.js';
export { StageProcessService } from './stage-process.service.js';
export { stageProcessRoutes } from './stage-process.routes.js';
export { refreshLastTouch } from './last-touch.repository.js';
