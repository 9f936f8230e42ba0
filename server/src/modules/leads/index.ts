export { LeadsService, toLead, type LeadIntakeHooks } from './leads.service.js';
export { leadsRoutes } from './leads.routes.js';
export { LeadConversionService } from './lead-conversion.service.js';
export { leadConversionRoutes } from './lead-conversion.routes.js';
