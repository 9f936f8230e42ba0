export {
  TargetsService,
  levelOf,
  type CurrentTarget,
  type PlanningPorts,
  type ResultsPort,
} from './targets.service.js';
export { targetsRoutes } from './targets.routes.js';
export { splitLargestRemainder } from './split.js';
