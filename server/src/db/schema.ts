import type { Generated } from 'kysely';

/**
 * The typed schema, camelCase (CamelCasePlugin maps to the snake_case columns).
 * `db/migrate.test.ts` migrates a fresh database and checks it matches these tables.
 * Timestamps are ISO-8601 UTC strings, dates YYYY-MM-DD strings, booleans 0/1, money minor units.
 */
type Ts = string;
type Bool = number;

interface Row {
  id: string;
  orgId: string;
}
interface Versioned {
  createdAt: Ts;
  updatedAt: Ts;
  version: Generated<number>;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  currency: Generated<string>;
  createdAt: Ts;
}
export interface TeamsTable extends Row, Versioned {
  name: string;
  type: string;
  parentId: string | null;
  managerId: string | null;
}
export interface UsersTable extends Row, Versioned {
  email: string;
  name: string;
  passwordHash: string;
  role: string;
  teamId: string | null;
  managerId: string | null;
  locale: string | null;
  active: Generated<Bool>;
}
export interface SessionsTable {
  id: string;
  orgId: string;
  userId: string;
  csrfToken: string;
  expiresAt: Ts;
  createdAt: Ts;
}
export interface ApiTokensTable extends Row {
  userId: string;
  name: string;
  tokenHash: string;
  lastUsedAt: Ts | null;
  revokedAt: Ts | null;
  createdAt: Ts;
}
export interface LoginAttemptsTable {
  id: string;
  email: string;
  ip: string;
  succeeded: Bool;
  createdAt: Ts;
}
export interface AccountsTable extends Row, Versioned {
  name: string;
  kind: string;
  industry: string | null;
  size: string | null;
  region: string | null;
  level: string | null;
  source: string | null;
  address: string | null;
  creditCode: string | null;
  phone: string | null;
  website: string | null;
  notes: string | null;
  ownerId: string;
  incomeBand: string | null;
  /** JSON array of strings. */
  interests: string | null;
}
export interface ContactsTable extends Row, Versioned {
  accountId: string | null;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  birthday: string | null;
  decisionRole: string | null;
  notes: string | null;
  ownerId: string;
}
export interface LeadsTable extends Row, Versioned {
  name: string;
  company: string | null;
  title: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  source: string | null;
  status: string;
  region: string | null;
  industry: string | null;
  notes: string | null;
  ownerId: string | null;
  campaignId: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  score: number | null;
  convertedAccountId: string | null;
  convertedContactId: string | null;
  convertedOpportunityId: string | null;
  convertedAt: Ts | null;
}
export interface ProductsTable extends Row, Versioned {
  sku: string;
  name: string;
  category: string | null;
  listPrice: number;
  currency: string;
  unit: string | null;
  active: Bool;
  description: string | null;
  unitCost: number | null;
}
export interface PipelinesTable extends Row, Versioned {
  name: string;
  isDefault: Bool;
}
export interface PipelineStagesTable extends Row {
  pipelineId: string;
  name: string;
  position: number;
  probability: number;
  kind: string;
  /** JSON array of RequirableField keys: exit criteria of the stage. */
  requiredFields: Generated<string>;
  /** JSON array of {id, label, required}: the stage's checklist template. */
  checklist: Generated<string>;
}
export interface OpportunitiesTable extends Row, Versioned {
  name: string;
  accountId: string;
  pipelineId: string;
  stageId: string;
  status: string;
  amount: number;
  currency: string;
  expectedCloseDate: string;
  nextStep: string | null;
  lostReason: string | null;
  closedAt: Ts | null;
  ownerId: string;
  lostCompetitor: string | null;
  campaignId: string | null;
  leadId: string | null;
}
export interface OpportunityChecklistItemsTable {
  orgId: string;
  opportunityId: string;
  stageId: string;
  itemId: string;
  checked: Bool;
  note: string | null;
  checkedBy: string | null;
  checkedAt: Ts | null;
}
export interface OpportunityStageHistoryTable extends Row {
  opportunityId: string;
  pipelineId: string;
  stageId: string;
  enteredAt: Ts;
  leftAt: Ts | null;
  userId: string | null;
}
export interface OpportunityCollaboratorsTable {
  opportunityId: string;
  userId: string;
  orgId: string;
}
export interface OpportunityItemsTable extends Row {
  opportunityId: string;
  productId: string;
  position: number;
  quantity: number;
  unitPrice: number;
  discountBp: number;
  amount: number;
}
export interface ActivitiesTable extends Row, Versioned {
  type: string;
  subject: string;
  body: string | null;
  dueAt: Ts | null;
  doneAt: Ts | null;
  nextStep: string | null;
  location: string | null;
  relatedType: string | null;
  relatedId: string | null;
  accountId: string | null;
  ownerId: string;
}
export interface FieldChangesTable extends Row {
  entityType: string;
  entityId: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  userId: string | null;
  changedAt: Ts;
}
export interface JobsTable {
  id: string;
  orgId: string | null;
  type: string;
  payload: string;
  status: string;
  runAt: Ts;
  attempts: Generated<number>;
  maxAttempts: Generated<number>;
  lastError: string | null;
  lockedBy: string | null;
  lockedAt: Ts | null;
  createdAt: Ts;
  finishedAt: Ts | null;
}
export interface JobSchedulesTable {
  name: string;
  jobType: string;
  intervalSeconds: number;
  nextRunAt: Ts;
  payload: string;
}

export interface NumberCountersTable {
  orgId: string;
  name: string;
  value: number;
}
export interface ContractSettingsTable {
  orgId: string;
  numberPrefix: Generated<string>;
  expiryReminderDays: Generated<number>;
  paymentReminderDays: Generated<number>;
  updatedAt: Ts;
}
export interface ContractsTable extends Row, Versioned {
  number: string;
  name: string;
  accountId: string;
  opportunityId: string | null;
  quoteId: string | null;
  status: string;
  paymentStatus: string;
  amount: number;
  receivedAmount: number;
  invoicedAmount: number;
  currency: string;
  startDate: string;
  endDate: string;
  signedDate: string | null;
  notes: string | null;
  voidReason: string | null;
  voidedAt: Ts | null;
  ownerId: string;
  approvalRequestId: string | null;
}
export interface ContractItemsTable extends Row {
  contractId: string;
  productId: string;
  position: number;
  quantity: number;
  unitPrice: number;
  discountBp: number;
  amount: number;
}
export interface PaymentPlansTable extends Row {
  contractId: string;
  installment: number;
  plannedAmount: number;
  receivedAmount: number;
  dueDate: string;
  method: string;
  status: string;
  notes: string | null;
  createdAt: Ts;
  updatedAt: Ts;
}
export interface PaymentsTable extends Row {
  contractId: string;
  planId: string | null;
  amount: number;
  receivedDate: string;
  method: string;
  reference: string | null;
  notes: string | null;
  voidReason: string | null;
  voidedAt: Ts | null;
  createdBy: string;
  createdAt: Ts;
  status: string;
  approvalRequestId: string | null;
}
export interface InvoicesTable extends Row {
  contractId: string;
  number: string;
  type: string;
  title: string;
  taxId: string;
  bankName: string | null;
  bankAccount: string | null;
  address: string | null;
  phone: string | null;
  amount: number;
  invoiceDate: string;
  status: string;
  voidReason: string | null;
  voidedAt: Ts | null;
  createdBy: string;
  createdAt: Ts;
}
export interface ContractAttachmentsTable extends Row {
  contractId: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
  uploadedBy: string;
  createdAt: Ts;
}
export interface ContractRemindersTable extends Row {
  kind: string;
  contractId: string;
  refId: string;
  dueDate: string;
  ownerId: string;
  createdAt: Ts;
}

export interface ApprovalRulesTable extends Row, Versioned {
  businessType: string;
  name: string;
  priority: number;
  /** JSON: ApprovalConditions */
  conditions: string;
  /** JSON: ApprovalStepDef[] */
  steps: string;
  autoApproveBelow: number | null;
  /** JSON array of user ids */
  ccUserIds: string;
  fallbackUserId: string | null;
  timeLimitHours: number;
  active: Bool;
}
export interface ApprovalRequestsTable extends Row, Versioned {
  ruleId: string | null;
  businessType: string;
  businessId: string;
  title: string;
  amount: number;
  discountBp: number | null;
  marginBp: number | null;
  submitterId: string;
  status: string;
  /** JSON: the resolved steps [{label, mode, approverIds}] */
  steps: string;
  currentStep: number;
  round: number;
  submittedAt: Ts;
  stepStartedAt: Ts | null;
  decidedAt: Ts | null;
}
export interface ApprovalTasksTable extends Row {
  requestId: string;
  step: number;
  round: number;
  userId: string;
  status: string;
  dueAt: Ts | null;
  remindedAt: Ts | null;
  decidedAt: Ts | null;
  createdAt: Ts;
}
export interface ApprovalActionsTable extends Row {
  requestId: string;
  step: number | null;
  round: number;
  userId: string | null;
  action: string;
  comment: string | null;
  createdAt: Ts;
}
export interface ApprovalCcsTable {
  orgId: string;
  requestId: string;
  userId: string;
}
export interface ApprovalRemindersTable extends Row {
  requestId: string;
  taskId: string;
  userId: string;
  readAt: Ts | null;
  createdAt: Ts;
}
export interface QuotesTable extends Row, Versioned {
  opportunityId: string;
  number: string;
  revision: number;
  previousId: string | null;
  status: string;
  currency: string;
  discountBp: number;
  taxRateBp: number;
  validUntil: string;
  listTotal: number;
  subtotal: number;
  discountAmount: number;
  taxAmount: number;
  total: number;
  notes: string | null;
  approvalRequestId: string | null;
  ownerId: string;
  acceptedBy: string | null;
  decidedAt: Ts | null;
  costTotal: number | null;
  marginBp: number | null;
}
export interface QuoteItemsTable extends Row {
  quoteId: string;
  productId: string;
  position: number;
  name: string;
  quantity: number;
  listPrice: number;
  unitPrice: number;
  discountBp: number;
  amount: number;
  unitCost: number | null;
}
export interface QuoteSharesTable extends Row {
  quoteId: string;
  tokenHash: string;
  expiresAt: Ts;
  revokedAt: Ts | null;
  viewedAt: Ts | null;
  createdBy: string;
  createdAt: Ts;
}

export interface Database {
  organizations: OrganizationsTable;
  teams: TeamsTable;
  users: UsersTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  loginAttempts: LoginAttemptsTable;
  accounts: AccountsTable;
  contacts: ContactsTable;
  leads: LeadsTable;
  products: ProductsTable;
  pipelines: PipelinesTable;
  pipelineStages: PipelineStagesTable;
  opportunities: OpportunitiesTable;
  opportunityCollaborators: OpportunityCollaboratorsTable;
  opportunityItems: OpportunityItemsTable;
  opportunityChecklistItems: OpportunityChecklistItemsTable;
  opportunityStageHistory: OpportunityStageHistoryTable;
  activities: ActivitiesTable;
  fieldChanges: FieldChangesTable;
  jobs: JobsTable;
  jobSchedules: JobSchedulesTable;
  approvalRules: ApprovalRulesTable;
  approvalRequests: ApprovalRequestsTable;
  approvalTasks: ApprovalTasksTable;
  approvalActions: ApprovalActionsTable;
  approvalCcs: ApprovalCcsTable;
  approvalReminders: ApprovalRemindersTable;
  quotes: QuotesTable;
  quoteItems: QuoteItemsTable;
  quoteShares: QuoteSharesTable;
  numberCounters: NumberCountersTable;
  contractSettings: ContractSettingsTable;
  contracts: ContractsTable;
  contractItems: ContractItemsTable;
  paymentPlans: PaymentPlansTable;
  payments: PaymentsTable;
  invoices: InvoicesTable;
  contractAttachments: ContractAttachmentsTable;
  contractReminders: ContractRemindersTable;
}
