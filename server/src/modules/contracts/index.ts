export {
  ContractsService,
  contractNumber,
  safeFilename,
  type Clock,
  type VoidHook,
} from './contracts.service.js';
export { contractsRoutes } from './contracts.routes.js';
