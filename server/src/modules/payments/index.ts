export { PaymentsService, allocate, installmentStatus, contractPaymentStatus } from './payments.service.js';
export { paymentsRoutes } from './payments.routes.js';
