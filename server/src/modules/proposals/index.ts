export { ProposalsService, proposalNumber } from './proposals.service.js';
export { proposalsRoutes } from './proposals.routes.js';
