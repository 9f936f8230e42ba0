import { Account, AccountCreate, AccountListQuery, AccountPage, AccountUpdate } from '@tuoke/shared';
import { crudRoutes } from '../../http/crud-routes.js';
import type { App } from '../../http/types.js';
import type { AccountsService } from './accounts.service.js';

export function accountsRoutes(app: App, service: AccountsService) {
  crudRoutes(
    app,
    'accounts',
    'account',
    {
      item: Account,
      page: AccountPage,
      listQuery: AccountListQuery,
      create: AccountCreate,
      update: AccountUpdate,
    },
    service,
  );
}
