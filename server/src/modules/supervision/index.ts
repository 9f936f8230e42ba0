export {
  SupervisionService,
  SUPERVISION_DAILY_JOB,
  nextMorning,
  DEFAULT_SETTINGS as SUPERVISION_DEFAULTS,
} from './supervision.service.js';
export { supervisionRoutes } from './supervision.routes.js';
