import { Type } from 'typebox';
import {
  CashView,
  CashViewQuery,
  ContractFinance,
  IdParams,
  Invoice,
  InvoiceCreate,
  Payment,
  PaymentCreate,
  PaymentDetail,
  PaymentPlan,
  PaymentPlanCreate,
  VoidBody,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { PaymentsService } from './payments.service.js';

const tags = ['payments'];
const withErrors = <T extends object>(ok: T) => ({ ...ok, ...errorResponses });
const PlanParams = Type.Object({ id: IdParams.properties.id, planId: IdParams.properties.id });

export function paymentsRoutes(app: App, service: PaymentsService) {
  app.get(
    '/api/v1/contracts/:id/finance',
    {
      schema: {
        tags,
        summary: 'Payment plans, payments, invoices and the reconciliation of a contract',
        params: IdParams,
        response: withErrors({ 200: ContractFinance }),
      },
    },
    (req) => service.finance(actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/contracts/:id/plans',
    {
      schema: {
        tags,
        summary: 'Add an installment (回款计划); the installments may not exceed the contract amount',
        params: IdParams,
        body: PaymentPlanCreate,
        response: withErrors({ 201: PaymentPlan }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.addPlan(actorOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/contracts/:id/plans/:planId',
    {
      schema: {
        tags,
        summary: 'Remove an installment nothing was received on',
        params: PlanParams,
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (req, reply) => {
      await service.removePlan(actorOf(req), req.params.id, req.params.planId);
      return reply.status(204).send(null as never);
    },
  );
  app.post(
    '/api/v1/contracts/:id/payments',
    {
      schema: {
        tags,
        summary: 'Record a payment (回款); refused when payments would exceed the contract amount',
        params: IdParams,
        body: PaymentCreate,
        response: withErrors({ 201: Payment }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.recordPayment(actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/v1/payments/:id',
    {
      schema: {
        tags,
        summary: 'One payment with its contract (also for the approvers of the payment)',
        params: IdParams,
        response: withErrors({ 200: PaymentDetail }),
      },
    },
    (req) => service.getPayment(actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/payments/:id/resubmit',
    {
      schema: {
        tags,
        summary: 'Send a rejected payment back for approval',
        params: IdParams,
        response: withErrors({ 200: Payment }),
      },
    },
    (req) => service.resubmit(actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/payments/:id/void',
    {
      schema: {
        tags,
        summary: 'Void a payment',
        params: IdParams,
        body: VoidBody,
        response: withErrors({ 200: Payment }),
      },
    },
    (req) => service.voidPayment(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/contracts/:id/invoices',
    {
      schema: {
        tags,
        summary: 'Record an invoice (开票); refused when invoices would exceed the contract amount',
        params: IdParams,
        body: InvoiceCreate,
        response: withErrors({ 201: Invoice }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.addInvoice(actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/invoices/:id/void',
    {
      schema: {
        tags,
        summary: 'Void an invoice',
        params: IdParams,
        body: VoidBody,
        response: withErrors({ 200: Invoice }),
      },
    },
    (req) => service.voidInvoice(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/cash-view',
    {
      schema: {
        tags,
        summary:
          'Expected receipts per week for the next 12 weeks and overdue installments, in your data scope',
        querystring: CashViewQuery,
        response: withErrors({ 200: CashView }),
      },
    },
    (req) => service.cashView(actorOf(req), req.query),
  );
}
