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
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import type { PaymentsService } from './payments.service.js';

const tags = ['payments'];
const PlanParams = Type.Object({ id: IdParams.properties.id, planId: IdParams.properties.id });

export function paymentsRoutes(app: App, service: PaymentsService) {
  route(
    app,
    'GET',
    '/api/v1/contracts/:id/finance',
    {
      tags,
      summary: 'Payment plans, payments, invoices and the reconciliation of a contract',
      params: IdParams,
      response: { 200: ContractFinance },
    },
    ({ actor, params }) => service.finance(actor, params.id),
  );
  route(
    app,
    'POST',
    '/api/v1/contracts/:id/plans',
    {
      tags,
      summary: 'Add an installment (回款计划); the installments may not exceed the contract amount',
      params: IdParams,
      body: PaymentPlanCreate,
      response: { 201: PaymentPlan },
    },
    ({ actor, params, body }) => service.addPlan(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    '/api/v1/contracts/:id/plans/:planId',
    {
      tags,
      summary: 'Remove an installment nothing was received on',
      params: PlanParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.removePlan(actor, params.id, params.planId),
  );
  route(
    app,
    'POST',
    '/api/v1/contracts/:id/payments',
    {
      tags,
      summary: 'Record a payment (回款); refused when payments would exceed the contract amount',
      params: IdParams,
      body: PaymentCreate,
      response: { 201: Payment },
    },
    ({ actor, params, body }) => service.recordPayment(actor, params.id, body),
  );
  route(
    app,
    'GET',
    '/api/v1/payments/:id',
    {
      tags,
      summary: 'One payment with its contract (also for the approvers of the payment)',
      params: IdParams,
      response: { 200: PaymentDetail },
    },
    ({ actor, params }) => service.getPayment(actor, params.id),
  );
  route(
    app,
    'POST',
    '/api/v1/payments/:id/resubmit',
    {
      tags,
      summary: 'Send a rejected payment back for approval',
      params: IdParams,
      response: { 200: Payment },
    },
    ({ actor, params }) => service.resubmit(actor, params.id),
  );
  route(
    app,
    'POST',
    '/api/v1/payments/:id/void',
    { tags, summary: 'Void a payment', params: IdParams, body: VoidBody, response: { 200: Payment } },
    ({ actor, params, body }) => service.voidPayment(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/contracts/:id/invoices',
    {
      tags,
      summary: 'Record an invoice (开票); refused when invoices would exceed the contract amount',
      params: IdParams,
      body: InvoiceCreate,
      response: { 201: Invoice },
    },
    ({ actor, params, body }) => service.addInvoice(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/invoices/:id/void',
    { tags, summary: 'Void an invoice', params: IdParams, body: VoidBody, response: { 200: Invoice } },
    ({ actor, params, body }) => service.voidInvoice(actor, params.id, body),
  );
  route(
    app,
    'GET',
    '/api/v1/cash-view',
    {
      tags,
      summary:
        'Expected receipts per week for the next 12 weeks and overdue installments, in your data scope',
      querystring: CashViewQuery,
      response: { 200: CashView },
    },
    ({ actor, query }) => service.cashView(actor, query),
  );
}
