export { ApprovalsService, type ApprovalSubmission, type DecidedHandler } from './approvals.service.js';
export { approvalsRoutes } from './approvals.routes.js';
