export { QuotesService } from './quotes.service.js';
export { quotesRoutes } from './quotes.routes.js';
