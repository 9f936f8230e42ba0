export { LeadsService, toLead } from './leads.service.js';
export { leadsRoutes } from './leads.routes.js';
