export { JobRunner, type JobHandler } from './jobs.runner.js';
export { jobsRoutes } from './jobs.routes.js';
