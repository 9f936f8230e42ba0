import { Type, type Static } from 'typebox';
import { CurrencyCode, DateOnly, Id, MoneyMinor, Nullable, OptText, Text, Timestamp } from './common.js';
import { PAYMENT_STATUSES } from './contracts.js';

/** 银行转账, 支票, 现金, 承兑汇票, 其他. */
export const PAYMENT_METHODS = ['bank_transfer', 'cheque', 'cash', 'acceptance_bill', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** 增值税专用发票 special, 普通发票 normal. */
export const INVOICE_TYPES = ['special', 'normal'] as const;

export const PaymentPlan = Type.Object({
  id: Id,
  contractId: Id,
  /** 期数: 1, 2, 3 … */
  installment: Type.Integer({ minimum: 1 }),
  plannedAmount: MoneyMinor,
  receivedAmount: MoneyMinor,
  dueDate: DateOnly,
  method: Type.Enum(PAYMENT_METHODS),
  status: Type.Enum(PAYMENT_STATUSES),
  notes: Nullable(Type.String()),
});
export type PaymentPlan = Static<typeof PaymentPlan>;

export const PaymentPlanCreate = Type.Object(
  {
    plannedAmount: Type.Integer({ minimum: 1, maximum: 100_000_000_000_000 }),
    dueDate: DateOnly,
    method: Type.Enum(PAYMENT_METHODS),
    notes: OptText(500),
  },
  { additionalProperties: false },
);
export type PaymentPlanCreate = Static<typeof PaymentPlanCreate>;

/**
 * 已确认 confirmed (counts as received), 审批中 pending_approval, 已驳回 rejected (never counts).
 * A payment is confirmed at once when no approval rule applies to it.
 */
export const PAYMENT_RECORD_STATUSES = ['confirmed', 'pending_approval', 'rejected'] as const;
export type PaymentRecordStatus = (typeof PAYMENT_RECORD_STATUSES)[number];

export const Payment = Type.Object({
  id: Id,
  contractId: Id,
  planId: Nullable(Id),
  installment: Nullable(Type.Integer()),
  amount: MoneyMinor,
  receivedDate: DateOnly,
  method: Type.Enum(PAYMENT_METHODS),
  reference: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  voidReason: Nullable(Type.String()),
  voidedAt: Nullable(Timestamp),
  status: Type.Enum(PAYMENT_RECORD_STATUSES),
  approvalRequestId: Nullable(Id),
  createdBy: Id,
  createdAt: Timestamp,
});
export type Payment = Static<typeof Payment>;

/** One payment with its contract, for the approval inbox. */
export const PaymentDetail = Type.Object({
  ...Payment.properties,
  contractNumber: Type.String(),
  contractName: Type.String(),
  accountName: Type.String(),
  contractAmount: MoneyMinor,
  contractReceivedAmount: MoneyMinor,
  currency: CurrencyCode,
});
export type PaymentDetail = Static<typeof PaymentDetail>;

/** Without `planId` the payment goes to the earliest installment still open. */
export const PaymentCreate = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, maximum: 100_000_000_000_000 }),
    receivedDate: DateOnly,
    method: Type.Enum(PAYMENT_METHODS),
    planId: Type.Optional(Id),
    reference: OptText(100),
    notes: OptText(500),
  },
  { additionalProperties: false },
);
export type PaymentCreate = Static<typeof PaymentCreate>;

export const VoidBody = Type.Object({ reason: Text(500, 1) }, { additionalProperties: false });
export type VoidBody = Static<typeof VoidBody>;

export const Invoice = Type.Object({
  id: Id,
  contractId: Id,
  number: Type.String(),
  type: Type.Enum(INVOICE_TYPES),
  title: Type.String(),
  taxId: Type.String(),
  bankName: Nullable(Type.String()),
  bankAccount: Nullable(Type.String()),
  address: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  amount: MoneyMinor,
  invoiceDate: DateOnly,
  status: Type.Union([Type.Literal('issued'), Type.Literal('voided')]),
  voidReason: Nullable(Type.String()),
  voidedAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
export type Invoice = Static<typeof Invoice>;

export const InvoiceCreate = Type.Object(
  {
    number: Text(40, 1),
    type: Type.Enum(INVOICE_TYPES),
    title: Text(200, 1),
    /** 纳税人识别号: 15, 18 or 20 letters and digits. */
    taxId: Type.String({ pattern: '^[0-9A-Z]{15}$|^[0-9A-Z]{18}$|^[0-9A-Z]{20}$' }),
    bankName: OptText(100),
    bankAccount: OptText(40),
    address: OptText(200),
    phone: OptText(40),
    amount: Type.Integer({ minimum: 1, maximum: 100_000_000_000_000 }),
    invoiceDate: DateOnly,
  },
  { additionalProperties: false },
);
export type InvoiceCreate = Static<typeof InvoiceCreate>;

/** 对账: the contract against what was invoiced and received. */
export const Reconciliation = Type.Object({
  contractId: Id,
  amount: MoneyMinor,
  plannedAmount: MoneyMinor,
  invoicedAmount: MoneyMinor,
  receivedAmount: MoneyMinor,
  /** Recorded payments still waiting for approval: not received yet. */
  pendingApprovalAmount: MoneyMinor,
  outstandingAmount: MoneyMinor,
  uninvoicedAmount: MoneyMinor,
  overdueAmount: MoneyMinor,
  paymentStatus: Type.Enum(PAYMENT_STATUSES),
});
export type Reconciliation = Static<typeof Reconciliation>;

export const ContractFinance = Type.Object({
  plans: Type.Array(PaymentPlan),
  payments: Type.Array(Payment),
  invoices: Type.Array(Invoice),
  reconciliation: Reconciliation,
});
export type ContractFinance = Static<typeof ContractFinance>;

export const OpenInstallment = Type.Object({
  planId: Id,
  contractId: Id,
  contractNumber: Type.String(),
  contractName: Type.String(),
  accountName: Type.String(),
  ownerId: Id,
  ownerName: Type.String(),
  installment: Type.Integer(),
  dueDate: DateOnly,
  outstandingAmount: MoneyMinor,
  status: Type.Enum(PAYMENT_STATUSES),
});
export type OpenInstallment = Static<typeof OpenInstallment>;

export const CashViewQuery = Type.Object(
  {
    view: Type.Optional(
      Type.Union([Type.Literal('mine'), Type.Literal('subordinates'), Type.Literal('all')]),
    ),
    ownerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CashViewQuery = Static<typeof CashViewQuery>;

/** Expected receipts per week (Monday start) for the next 12 weeks, and what is already overdue. */
export const CashView = Type.Object({
  today: DateOnly,
  weeks: Type.Array(Type.Object({ weekStart: DateOnly, expectedAmount: MoneyMinor, count: Type.Integer() })),
  overdueAmount: MoneyMinor,
  overdue: Type.Array(OpenInstallment),
  upcoming: Type.Array(OpenInstallment),
});
export type CashView = Static<typeof CashView>;
