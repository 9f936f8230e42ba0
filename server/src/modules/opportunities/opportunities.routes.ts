import {
  Opportunity,
  OpportunityCreate,
  OpportunityListQuery,
  OpportunityPage,
  OpportunityUpdate,
} from '@tuoke/shared';
import { crudRoutes } from '../../http/crud-routes.js';
import type { App } from '../../http/types.js';
import type { OpportunitiesService } from './opportunities.service.js';

export function opportunitiesRoutes(app: App, service: OpportunitiesService) {
  crudRoutes(
    app,
    'opportunities',
    'opportunity',
    {
      item: Opportunity,
      page: OpportunityPage,
      listQuery: OpportunityListQuery,
      create: OpportunityCreate,
      update: OpportunityUpdate,
    },
    service,
  );
}
