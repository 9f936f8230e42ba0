export { ContactsService, toContact } from './contacts.service.js';
export { contactsRoutes } from './contacts.routes.js';
