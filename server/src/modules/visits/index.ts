export {
  VisitsService,
  checkWeek,
  chinaDayStart,
  complianceOf,
  detectImageType,
  locate,
  managerOf,
  type Clock as VisitsClock,
  type VisitNotifier,
} from './visits.service.js';
export { visitsRoutes } from './visits.routes.js';
