export { WorkReportsService, type ReportNotice, type ReportNotifier } from './work-reports.service.js';
export { workReportsRoutes } from './work-reports.routes.js';
export { WorkReportsRepository } from './work-reports.repository.js';
export {
  chinaTime,
  deadlineOf,
  periodOf,
  resolve,
  ruleApplies,
  type RuleSpec,
} from './work-reports.periods.js';
