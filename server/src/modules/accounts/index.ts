export { AccountsService, toAccount } from './accounts.service.js';
export { accountsRoutes } from './accounts.routes.js';
