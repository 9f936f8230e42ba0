export { QuestionnairesService } from './questionnaires.service.js';
export { questionnairesRoutes } from './questionnaires.routes.js';
