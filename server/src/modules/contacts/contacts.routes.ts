import { Contact, ContactCreate, ContactListQuery, ContactPage, ContactUpdate } from '@tuoke/shared';
import { crudRoutes } from '../../http/crud-routes.js';
import type { App } from '../../http/types.js';
import type { ContactsService } from './contacts.service.js';

export function contactsRoutes(app: App, service: ContactsService) {
  crudRoutes(
    app,
    'contacts',
    'contact',
    {
      item: Contact,
      page: ContactPage,
      listQuery: ContactListQuery,
      create: ContactCreate,
      update: ContactUpdate,
    },
    service,
  );
}
