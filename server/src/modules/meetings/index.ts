export {
  MeetingsService,
  type MeetingFindings,
  type MeetingNotifier,
  type FindingLike,
} from './meetings.service.js';
export { meetingsRoutes } from './meetings.routes.js';
