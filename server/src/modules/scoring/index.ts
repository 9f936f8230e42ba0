export { ScoringService } from './scoring.service.js';
export { scoringRoutes } from './scoring.routes.js';
export { scoreLead, type ScoringRuleDef } from './scoring.engine.js';
export { train as trainLeadModel } from './scoring.model.js';
