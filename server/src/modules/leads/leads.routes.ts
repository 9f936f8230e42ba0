import { Lead, LeadCreate, LeadListQuery, LeadPage, LeadUpdate } from '@tuoke/shared';
import { crudRoutes } from '../../http/crud-routes.js';
import type { App } from '../../http/types.js';
import type { LeadsService } from './leads.service.js';

export function leadsRoutes(app: App, service: LeadsService) {
  crudRoutes(
    app,
    'leads',
    'lead',
    { item: Lead, page: LeadPage, listQuery: LeadListQuery, create: LeadCreate, update: LeadUpdate },
    service,
  );
}
