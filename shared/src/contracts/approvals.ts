import { Type, type Static } from 'typebox';
import { ROLES } from '../roles.js';
import { Id, MoneyMinor, Nullable, Text, Timestamp, Version } from './common.js';

/** What can be sent for approval. Quotes use it now; discounts, contracts and payments later. */
export const APPROVAL_BUSINESS_TYPES = ['quote', 'discount', 'contract', 'payment'] as const;
export type ApprovalBusinessType = (typeof APPROVAL_BUSINESS_TYPES)[number];
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const APPROVAL_MODES = ['sequential', 'any', 'all'] as const;
export const APPROVAL_ACTIONS = [
  'submit',
  'resubmit',
  'auto_approve',
  'approve',
  'reject',
  'withdraw',
  'skip',
  'remind',
] as const;

const Bp = Type.Integer({ minimum: 0, maximum: 10_000, description: 'basis points: 1000 = 10.00%' });

/** A rule applies when every condition it sets holds (an unset condition always holds). */
export const ApprovalConditions = Type.Object(
  {
    /** Discount strictly above this, in basis points. */
    discountAboveBp: Type.Optional(Bp),
    /** Amount at or above this, in fen. */
    amountAtLeast: Type.Optional(MoneyMinor),
    /** Margin strictly below this, in basis points. */
    marginBelowBp: Type.Optional(Bp),
    /** Any of these products is on the request. */
    productIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
    /** The submitter's team is one of these (or below one of them). */
    teamIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type ApprovalConditions = Static<typeof ApprovalConditions>;

export const ApproverSpec = Type.Union([
  Type.Object({ type: Type.Literal('manager') }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('managers'), levels: Type.Integer({ minimum: 1, maximum: 10 }) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('role'), role: Type.Enum(ROLES) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('user'), userId: Id }, { additionalProperties: false }),
]);
export type ApproverSpec = Static<typeof ApproverSpec>;

/**
 * One step of a rule. `any`: the first approver decides; `all`: every approver must approve;
 * `sequential`: the approvers one after another (in the order the directory gives them).
 */
export const ApprovalStepDef = Type.Object(
  { approver: ApproverSpec, mode: Type.Optional(Type.Enum(APPROVAL_MODES)) },
  { additionalProperties: false },
);
export type ApprovalStepDef = Static<typeof ApprovalStepDef>;

export const ApprovalRule = Type.Object({
  id: Id,
  businessType: Type.Enum(APPROVAL_BUSINESS_TYPES),
  name: Type.String(),
  priority: Type.Integer(),
  conditions: ApprovalConditions,
  steps: Type.Array(ApprovalStepDef),
  autoApproveBelow: Nullable(MoneyMinor),
  ccUserIds: Type.Array(Id),
  fallbackUserId: Nullable(Id),
  timeLimitHours: Type.Integer(),
  active: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type ApprovalRule = Static<typeof ApprovalRule>;

export const ApprovalRuleCreate = Type.Object(
  {
    businessType: Type.Enum(APPROVAL_BUSINESS_TYPES),
    name: Text(100, 1),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    conditions: Type.Optional(ApprovalConditions),
    steps: Type.Array(ApprovalStepDef, { minItems: 1, maxItems: 10 }),
    autoApproveBelow: Type.Optional(Nullable(MoneyMinor)),
    ccUserIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
    fallbackUserId: Type.Optional(Nullable(Id)),
    timeLimitHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ApprovalRuleCreate = Static<typeof ApprovalRuleCreate>;
export const ApprovalRuleUpdate = Type.Object(
  { ...Type.Partial(ApprovalRuleCreate).properties, version: Version },
  { additionalProperties: false },
);
export type ApprovalRuleUpdate = Static<typeof ApprovalRuleUpdate>;
export const ApprovalRuleList = Type.Object({ items: Type.Array(ApprovalRule) });

export const ApprovalStep = Type.Object({
  label: Type.String(),
  mode: Type.Enum(APPROVAL_MODES),
  approverIds: Type.Array(Id),
  approverNames: Type.Array(Type.String()),
});
export type ApprovalStep = Static<typeof ApprovalStep>;

export const ApprovalActionEntry = Type.Object({
  id: Id,
  action: Type.Enum(APPROVAL_ACTIONS),
  step: Nullable(Type.Integer()),
  round: Type.Integer(),
  userId: Nullable(Id),
  userName: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type ApprovalActionEntry = Static<typeof ApprovalActionEntry>;

export const ApprovalRequest = Type.Object({
  id: Id,
  ruleId: Nullable(Id),
  ruleName: Nullable(Type.String()),
  businessType: Type.Enum(APPROVAL_BUSINESS_TYPES),
  businessId: Id,
  title: Type.String(),
  amount: MoneyMinor,
  discountBp: Nullable(Type.Integer()),
  marginBp: Nullable(Type.Integer()),
  submitterId: Id,
  submitterName: Type.String(),
  status: Type.Enum(APPROVAL_STATUSES),
  steps: Type.Array(ApprovalStep),
  currentStep: Type.Integer(),
  round: Type.Integer(),
  /** Users who may act on the current step now (empty once decided). */
  pendingApproverIds: Type.Array(Id),
  ccUserIds: Type.Array(Id),
  submittedAt: Timestamp,
  stepStartedAt: Nullable(Timestamp),
  decidedAt: Nullable(Timestamp),
  version: Type.Integer(),
});
export type ApprovalRequest = Static<typeof ApprovalRequest>;
export const ApprovalRequestDetail = Type.Object({
  ...ApprovalRequest.properties,
  trail: Type.Array(ApprovalActionEntry),
});
export type ApprovalRequestDetail = Static<typeof ApprovalRequestDetail>;

export const APPROVAL_BOXES = ['pending', 'submitted', 'cc'] as const;
export const ApprovalInboxQuery = Type.Object(
  {
    box: Type.Optional(Type.Enum(APPROVAL_BOXES, { default: 'pending' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type ApprovalInboxQuery = Static<typeof ApprovalInboxQuery>;
export const ApprovalInbox = Type.Object({ items: Type.Array(ApprovalRequest) });
export const ApprovalCounts = Type.Object({ pending: Type.Integer(), reminders: Type.Integer() });

/** A step that waited for me past its time limit (one per task, written by the reminder job). */
export const ApprovalReminder = Type.Object({
  id: Id,
  requestId: Id,
  title: Type.String(),
  businessType: Type.Enum(APPROVAL_BUSINESS_TYPES),
  businessId: Id,
  amount: MoneyMinor,
  submitterId: Id,
  submitterName: Type.String(),
  requestStatus: Type.Enum(APPROVAL_STATUSES),
  /** When my step was due. */
  dueAt: Nullable(Timestamp),
  /** The step still waits for my decision (false once I or someone else decided it). */
  waiting: Type.Boolean(),
  read: Type.Boolean(),
  createdAt: Timestamp,
});
export type ApprovalReminder = Static<typeof ApprovalReminder>;
export const ApprovalReminderList = Type.Object({ items: Type.Array(ApprovalReminder) });
export type ApprovalReminderList = Static<typeof ApprovalReminderList>;
export const ApprovalRemindersRead = Type.Object(
  {
    /** These reminders of mine; without ids, all of mine. */
    ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 200 })),
  },
  { additionalProperties: false },
);
export type ApprovalRemindersRead = Static<typeof ApprovalRemindersRead>;
export const ApprovalRemindersReadResult = Type.Object({
  /** How many reminders this call marked read. */
  marked: Type.Integer(),
  /** My unread reminders left. */
  unread: Type.Integer(),
});
export type ApprovalRemindersReadResult = Static<typeof ApprovalRemindersReadResult>;

export const ApprovalDecision = Type.Object(
  {
    comment: Type.Optional(Text(1000)),
    /** Rejecting only: send the request back to this earlier step (0-based) instead of the submitter. */
    toStep: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
  },
  { additionalProperties: false },
);
export type ApprovalDecision = Static<typeof ApprovalDecision>;

export const ApprovalDurationRow = Type.Object({
  ruleId: Nullable(Id),
  ruleName: Type.String(),
  /** null: the whole request, submit to decision; a number: that step alone. */
  step: Nullable(Type.Integer()),
  count: Type.Integer(),
  avgHours: Type.Number(),
  medianHours: Type.Number(),
  p90Hours: Type.Number(),
});
export const ApprovalDurationReport = Type.Object({ items: Type.Array(ApprovalDurationRow) });
export type ApprovalDurationRow = Static<typeof ApprovalDurationRow>;
