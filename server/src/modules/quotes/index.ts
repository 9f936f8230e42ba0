export { QuotesService } from './quotes.service.js';
export { quotesRoutes } from './quotes.routes.js';
export { CJK_FONT } from './quotes.pdf.js';
