import { Type, type Static } from 'typebox';
import {
  Audit,
  CurrencyCode,
  DateOnly,
  Id,
  ListQueryBase,
  MoneyMinor,
  Nullable,
  OptText,
  Owner,
  Page,
  Text,
  Timestamp,
} from './common.js';
import { LineItem, LineItemInput } from './opportunities.js';

/**
 * 草稿 draft, 审批中 pending_approval, 执行中 active, 已到期 expired, 已作废 voided. A contract
 * becomes active only through the approval engine (at once when no rule applies).
 */
export const CONTRACT_STATUSES = ['draft', 'pending_approval', 'active', 'expired', 'voided'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
/** 待回款 pending, 部分回款 partial, 已完成 completed, 逾期 overdue, 作废 voided. */
export const PAYMENT_STATUSES = ['pending', 'partial', 'completed', 'overdue', 'voided'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const Contract = Type.Object({
  id: Id,
  number: Type.String(),
  name: Text(200, 1),
  accountId: Id,
  accountName: Type.String(),
  opportunityId: Nullable(Id),
  quoteId: Nullable(Id),
  status: Type.Enum(CONTRACT_STATUSES),
  paymentStatus: Type.Enum(PAYMENT_STATUSES),
  amount: MoneyMinor,
  receivedAmount: MoneyMinor,
  invoicedAmount: MoneyMinor,
  currency: CurrencyCode,
  startDate: DateOnly,
  endDate: DateOnly,
  signedDate: Nullable(DateOnly),
  notes: Nullable(Text(2000)),
  voidReason: Nullable(Text(500)),
  voidedAt: Nullable(Timestamp),
  /** The contract's latest approval request. */
  approvalRequestId: Nullable(Id),
  items: Type.Array(LineItem),
  ...Owner,
  ...Audit,
});
export type Contract = Static<typeof Contract>;
export const ContractListItem = Type.Omit(Contract, ['items']);
export type ContractListItem = Static<typeof ContractListItem>;

/**
 * From a won opportunity (its account, line items and amount are copied unless given), or from
 * scratch with an account. `quoteId` records an accepted quote the contract came from.
 * `status: 'active'` creates the contract and submits it for approval at once.
 */
export const ContractCreate = Type.Object(
  {
    opportunityId: Type.Optional(Id),
    quoteId: Type.Optional(Id),
    name: Type.Optional(Text(200, 1)),
    accountId: Type.Optional(Id),
    amount: Type.Optional(MoneyMinor),
    currency: Type.Optional(CurrencyCode),
    items: Type.Optional(Type.Array(LineItemInput, { maxItems: 100 })),
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('active')])),
    startDate: DateOnly,
    endDate: DateOnly,
    signedDate: Type.Optional(Nullable(DateOnly)),
    notes: OptText(2000),
    ownerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ContractCreate = Static<typeof ContractCreate>;

export const ContractUpdate = Type.Object(
  {
    name: Type.Optional(Text(200, 1)),
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('active')])),
    startDate: Type.Optional(DateOnly),
    endDate: Type.Optional(DateOnly),
    signedDate: Type.Optional(Nullable(DateOnly)),
    notes: OptText(2000),
    ownerId: Type.Optional(Id),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type ContractUpdate = Static<typeof ContractUpdate>;

/** Submits a draft contract for approval; approved, it becomes active. */
export const ContractSubmit = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type ContractSubmit = Static<typeof ContractSubmit>;

export const ContractVoid = Type.Object(
  { reason: Text(500, 1), version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type ContractVoid = Static<typeof ContractVoid>;

export const ContractListQuery = Type.Object(
  {
    ...ListQueryBase,
    ownerId: Type.Optional(Id),
    accountId: Type.Optional(Id),
    opportunityId: Type.Optional(Id),
    status: Type.Optional(Type.Enum(CONTRACT_STATUSES)),
    paymentStatus: Type.Optional(Type.Enum(PAYMENT_STATUSES)),
    endFrom: Type.Optional(DateOnly),
    endTo: Type.Optional(DateOnly),
  },
  { additionalProperties: false },
);
export type ContractListQuery = Static<typeof ContractListQuery>;
export const ContractPage = Page(ContractListItem);
export const CONTRACT_SORTS = ['number', 'name', 'amount', 'endDate', 'createdAt', 'updatedAt'] as const;

export const ContractSettings = Type.Object({
  /** Letters and digits before the date: HT -> HT-20261127-0001. */
  numberPrefix: Type.String({ minLength: 1, maxLength: 10, pattern: '^[A-Za-z0-9]+$' }),
  expiryReminderDays: Type.Integer({ minimum: 1, maximum: 365 }),
  paymentReminderDays: Type.Integer({ minimum: 1, maximum: 90 }),
});
export type ContractSettings = Static<typeof ContractSettings>;
export const ContractSettingsUpdate = Type.Partial(ContractSettings, { additionalProperties: false });
export type ContractSettingsUpdate = Static<typeof ContractSettingsUpdate>;

export const Attachment = Type.Object({
  id: Id,
  contractId: Id,
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  uploadedBy: Id,
  uploadedByName: Type.String(),
  createdAt: Timestamp,
});
export type Attachment = Static<typeof Attachment>;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export const REMINDER_KINDS = ['contract_expiry', 'payment_due'] as const;
export const Reminder = Type.Object({
  id: Id,
  kind: Type.Enum(REMINDER_KINDS),
  contractId: Id,
  contractNumber: Type.String(),
  contractName: Type.String(),
  refId: Id,
  dueDate: DateOnly,
  ownerId: Id,
  createdAt: Timestamp,
});
export type Reminder = Static<typeof Reminder>;
