export { WebFormsService, DEFAULT_WEB_FORM_LIMITS, type WebFormDeps } from './web-forms.service.js';
export { webFormsRoutes } from './web-forms.routes.js';
