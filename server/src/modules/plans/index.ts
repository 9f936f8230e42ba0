export { PlansService, type PlanTargetsSource } from './plans.service.js';
export { BudgetService } from './budget.service.js';
export {
  TerritoriesService,
  type TerritoryPotentialRow,
  last12Months,
  marketSizeFor,
} from './territories.service.js';
export type { PlanSnapshot, SnapshotRecord } from './plan-diff.js';
export { plansRoutes, territoriesRoutes } from './plans.routes.js';
