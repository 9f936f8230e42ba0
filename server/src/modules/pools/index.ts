export { PoolsService, type Clock } from './pools.service.js';
export { poolsRoutes } from './pools.routes.js';
export {
  PoolDirectory,
  PoolView,
  pooledIn,
  maskPhone,
  maskEmail,
  maskWechat,
  keepMasked,
  DEFAULT_LEAD_POOL_NAME,
} from './pool-access.js';
export { decideReclaim, ruleFor, type LevelRule, type ReclaimFacts } from './reclaim.js';
