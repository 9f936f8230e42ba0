export { ContactsService, toContact, checkDate } from './contacts.service.js';
export { contactsRoutes } from './contacts.routes.js';
