export { PipelinesService, toPipeline } from './pipelines.service.js';
export { pipelinesRoutes } from './pipelines.routes.js';
