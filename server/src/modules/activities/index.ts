export { ActivitiesService, type RelatedLookup } from './activities.service.js';
export { activitiesRoutes } from './activities.routes.js';
