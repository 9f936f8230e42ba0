export { ActivitiesService, type RelatedLookup } from './activities.service.js';
export type { ActivityRow } from './activities.repository.js';
export { activitiesRoutes } from './activities.routes.js';
export { CalendarFeedService } from './calendar-feed.service.js';
export { calendarFeedRoutes } from './calendar-feed.routes.js';
