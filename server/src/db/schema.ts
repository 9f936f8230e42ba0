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
  /** NULL while the account sits in a pool (公海). */
  ownerId: string | null;
  incomeBand: string | null;
  /** JSON array of strings. */
  interests: string | null;
  /** The pool it is in (owner NULL) or belongs to (owned); NULL = the default account pool. */
  poolId: string | null;
  poolEnteredAt: Ts | null;
  previousOwnerId: string | null;
  /** When the current owner got it (claim/assign); NULL = createdAt. */
  ownedSince: Ts | null;
  /** Duplicate-check keys (查重), written by the repository from name/phone (lib/dedupe-keys.ts). */
  nameKey?: string | null;
  nameWeakKey?: string | null;
  phoneKey?: string | null;
  /** WGS-84 degrees, where visits are measured against. */
  latitude?: number | null;
  longitude?: number | null;
  /** The territory the account belongs to (its region decides, see territories). */
  territoryId?: string | null;
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
  /** NULL while its account sits in a pool: contacts follow their account. */
  ownerId: string | null;
  /** The language of this person's e-mails (null: the organisation's, zh-CN). */
  locale: string | null;
  /** Duplicate-check keys (查重), written by the repository from phone/email (lib/dedupe-keys.ts). */
  phoneKey?: string | null;
  emailKey?: string | null;
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
  /** The pool it is in (owner NULL) or belongs to (owned); NULL = the default lead pool. */
  poolId: string | null;
  poolEnteredAt: Ts | null;
  previousOwnerId: string | null;
  /** When the current owner got it (claim/assign); NULL = createdAt. */
  ownedSince: Ts | null;
  /** The language of this person's e-mails (null: the organisation's, zh-CN). */
  locale: string | null;
  /** Duplicate-check keys (查重), written by the repository from company/phone/email (lib/dedupe-keys.ts). */
  companyKey?: string | null;
  companyWeakKey?: string | null;
  phoneKey?: string | null;
  emailKey?: string | null;
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
  /** Days without activity after which a deal in this stage is stalled (null: the default). */
  stallDays?: number | null;
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
  /** YYYY-MM-DD: when the next step is due. */
  nextStepDate?: string | null;
  /** One of CHANNELS; NULL = direct. */
  channel?: string | null;
  /** The latest of creation, an activity done on the deal and a stage entered (kept by the services). */
  lastTouchAt?: Ts | null;
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
/** 督导 thresholds per organisation (no row: the defaults). */
export interface SupervisionSettingsTable {
  orgId: string;
  defaultStallDays: Generated<number>;
  forgottenDays: Generated<number>;
  /** Forgotten days per account level; NULL = forgottenDays. */
  forgottenDaysA: number | null;
  forgottenDaysB: number | null;
  forgottenDaysC: number | null;
  forgottenDaysD: number | null;
  notifyOwners: Generated<Bool>;
  notifyManagers: Generated<Bool>;
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
/** One iCalendar subscription per user (issue 5); only the token's SHA-256 hash is kept. */
export interface CalendarFeedsTable extends Row {
  userId: string;
  tokenHash: string;
  createdAt: Ts;
  revokedAt: Ts | null;
}
/** Visits (拜访): the organisation's far threshold and on-time tolerance; no row = the defaults. */
export interface VisitSettingsTable {
  orgId: string;
  farThresholdM: number;
  onTimeToleranceMinutes: number;
  updatedBy: string | null;
  updatedAt: Ts;
}
/** A planned or on-the-spot visit: check-in/out with server time and the browser's position. */
export interface VisitsTable extends Row, Versioned {
  ownerId: string;
  accountId: string;
  contactId: string | null;
  opportunityId: string | null;
  /** For an unplanned visit (planned 0), the check-in time. */
  plannedAt: Ts;
  purpose: string | null;
  /** planned | checked_in | completed | cancelled */
  status: string;
  planned: Bool;
  checkedInAt: Ts | null;
  checkInLatitude: number | null;
  checkInLongitude: number | null;
  checkInAccuracy: number | null;
  /** Metres to the account at check-in; NULL when the account had no location. */
  distanceM: number | null;
  /** near | far | no_location */
  locationFlag: string | null;
  checkedOutAt: Ts | null;
  checkOutLatitude: number | null;
  checkOutLongitude: number | null;
  checkOutAccuracy: number | null;
  outcome: string | null;
  nextStep: string | null;
  nextStepDate: string | null;
  /** The activity (type visit) the check-out wrote. */
  activityId: string | null;
  cancelledAt: Ts | null;
  cancelReason: string | null;
  createdBy: string;
}
export interface VisitPhotosTable extends Row {
  visitId: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
  /** Server time of the upload. */
  takenAt: Ts;
  uploadedBy: string;
}
/** Notification centre: one row per recipient; params is JSON text ({name: string | number | null}). */
export interface NotificationsTable extends Row {
  userId: string;
  kind: string;
  params: string;
  link: string | null;
  refType: string | null;
  refId: string | null;
  dedupeKey: string | null;
  createdAt: Ts;
  readAt: Ts | null;
  /** 0: e-mail only (the person switched the kind off in the app), not listed there. */
  inApp: Generated<Bool>;
  /** none, queued, sending, sent, failed, skipped */
  emailState: Generated<string>;
  emailedAt: Ts | null;
  emailError: string | null;
}
export interface NotificationPreferencesTable extends Row {
  userId: string;
  kind: string;
  inApp: Bool;
  email: Bool;
  updatedAt: Ts;
}
/** When a system job last ran (no organisation: it spans them). */
export interface NotificationRunsTable {
  name: string;
  lastRunAt: Ts;
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

// Lead intake (issue 4): sources, web forms, assignment rules, scoring. JSON columns are text.
export interface LeadSourcesTable extends Row, Versioned {
  key: string;
  nameZh: string;
  nameEn: string;
  category: string;
  active: Generated<Bool>;
  sortOrder: Generated<number>;
}
export interface WebFormsTable extends Row, Versioned {
  name: string;
  publicKey: string;
  /** HMAC key of the signed render timestamp. */
  secret: string;
  title: string;
  description: string | null;
  /** JSON array of {key, required}. */
  fields: string;
  source: string | null;
  campaignId: string | null;
  assignment: string;
  thankYouMessage: string | null;
  redirectUrl: string | null;
  /** JSON array of origins allowed to post (CORS); null = any. */
  allowedOrigins: string | null;
  language: string;
  active: Generated<Bool>;
  submissionCount: Generated<number>;
  createdBy: string;
}
export interface WebFormSubmissionsTable extends Row {
  formId: string;
  leadId: string | null;
  outcome: string;
  ipHash: string;
  referrer: string | null;
  createdAt: Ts;
}
export interface AssignmentRulesTable extends Row, Versioned {
  name: string;
  position: number;
  active: Generated<Bool>;
  /** JSON {regions?, industries?, sources?, keywords?}. */
  conditions: string;
  teamId: string;
  includeSubteams: Generated<Bool>;
  includeManagers: Generated<Bool>;
  method: string;
  maxOpenPerRep: number | null;
  poolId: string | null;
}
export interface AssignmentPointersTable {
  orgId: string;
  teamId: string;
  lastUserId: string | null;
  turns: Generated<number>;
  updatedAt: Ts;
}
export interface LeadAssignmentsTable extends Row {
  leadId: string;
  ruleId: string | null;
  ruleName: string | null;
  teamId: string | null;
  userId: string | null;
  method: string | null;
  reason: string;
  /** JSON with the reason's particulars. */
  detail: string | null;
  trigger: string;
  actorId: string | null;
  createdAt: Ts;
}
export interface LeadScoringRulesTable extends Row, Versioned {
  kind: string;
  name: string;
  field: string | null;
  operator: string | null;
  /** JSON value (string, number or array of strings). */
  value: string | null;
  /** JSON array of activity types (and 'form_submission'). */
  activityTypes: string | null;
  windowDays: number | null;
  points: number;
  cap: number | null;
  active: Generated<Bool>;
  position: number;
}
export interface LeadScoreModelsTable {
  orgId: string;
  modelWeight: Generated<number>;
  status: Generated<string>;
  offReason: string | null;
  examples: Generated<number>;
  positives: Generated<number>;
  negatives: Generated<number>;
  holdoutSize: Generated<number>;
  accuracyBp: number | null;
  aucBp: number | null;
  /** JSON: the trained naive Bayes model (prior and per-feature log-likelihood ratios). */
  weights: string | null;
  trainedAt: Ts | null;
  updatedAt: Ts;
}

// Needs analysis, questionnaires and proposals (issue 4). JSON columns are text.
export interface NeedsRecordsTable extends Row, Versioned {
  accountId: string;
  opportunityId: string | null;
  contactId: string | null;
  title: string;
  situation: string | null;
  /** JSON array of {id, description, severity, category}. */
  painPoints: string;
  goals: string | null;
  budgetAmount: number | null;
  budgetMin: number | null;
  budgetMax: number | null;
  currency: string;
  budgetStatus: string;
  decisionDate: string | null;
  goLiveDate: string | null;
  /** JSON array of {contactId, role}. */
  decisionMakers: string;
  /** JSON array of strings. */
  competitors: string;
  notes: string | null;
  sourceResponseId: string | null;
  createdBy: string;
}
export interface QuestionnairesTable extends Row, Versioned {
  title: string;
  intro: string | null;
  language: string;
  status: string;
  /** JSON array of questions. */
  questions: string;
  publishedAt: Ts | null;
  createdBy: string;
}
export interface QuestionnaireInvitationsTable extends Row {
  questionnaireId: string;
  accountId: string;
  contactId: string | null;
  tokenHash: string;
  expiresAt: Ts | null;
  revokedAt: Ts | null;
  openedAt: Ts | null;
  answeredAt: Ts | null;
  attempts: Generated<number>;
  attemptsSince: Ts | null;
  createdBy: string;
  createdAt: Ts;
}
export interface QuestionnaireResponsesTable extends Row {
  questionnaireId: string;
  invitationId: string;
  accountId: string;
  contactId: string | null;
  respondentName: string | null;
  /** JSON array of {questionId, value}. */
  answers: string;
  submittedAt: Ts;
}
export interface ProposalsTable extends Row, Versioned {
  number: string;
  needsId: string;
  accountId: string;
  opportunityId: string | null;
  contactId: string | null;
  title: string;
  summary: string | null;
  status: string;
  currency: string;
  total: number;
  ownerId: string;
  sentAt: Ts | null;
  decidedAt: Ts | null;
}
export interface ProposalSectionsTable extends Row {
  proposalId: string;
  position: number;
  painPointId: string;
  painPoint: string;
  severity: number;
  solution: string;
}
export interface ProposalItemsTable extends Row {
  proposalId: string;
  sectionId: string;
  position: number;
  productId: string;
  sku: string;
  name: string;
  unit: string | null;
  quantity: number;
  listPrice: number;
  unitPrice: number;
  amount: number;
}

// Segments and campaigns (issue 4). JSON columns are text.
export interface SegmentsTable extends Row, Versioned {
  name: string;
  /** account | contact | lead */
  object: string;
  /** JSON: {conditions: [{field, op, value}]}. */
  criteria: string;
  description: string | null;
  ownerId: string;
}
export interface EmailTemplatesTable extends Row, Versioned {
  name: string;
  subjectZh: string;
  bodyZh: string;
  subjectEn: string;
  bodyEn: string;
  ownerId: string;
}
export interface CampaignsTable extends Row, Versioned {
  name: string;
  type: string;
  status: string;
  startDate: string | null;
  endDate: string | null;
  budget: number;
  currency: string;
  source: string | null;
  location: string | null;
  description: string | null;
  segmentId: string | null;
  templateId: string | null;
  /** JSON: the template and links frozen when sending started. */
  emailSnapshot: string | null;
  sendStartedAt: Ts | null;
  sentBy: string | null;
  ownerId: string;
}
export interface CampaignCostsTable extends Row {
  campaignId: string;
  costDate: string;
  item: string;
  amount: number;
  createdBy: string;
  createdAt: Ts;
}
export interface MailSettingsTable {
  orgId: string;
  host: string;
  port: number;
  secure: Bool;
  username: string | null;
  /** 'enc:v1:…' or 'plain:…'; never returned by the API. */
  password: string | null;
  fromEmail: string;
  fromName: string | null;
  publicUrl: string;
  updatedBy: string | null;
  updatedAt: Ts;
}
export interface CampaignRecipientsTable extends Row {
  campaignId: string;
  email: string;
  name: string;
  locale: string;
  contactId: string | null;
  leadId: string | null;
  accountId: string | null;
  ownerId: string | null;
  status: string;
  error: string | null;
  tokenHash: string | null;
  messageId: string | null;
  queuedAt: Ts;
  sentAt: Ts | null;
  openCount: Generated<number>;
  firstOpenedAt: Ts | null;
  clickCount: Generated<number>;
  firstClickedAt: Ts | null;
  unsubscribedAt: Ts | null;
}
export interface CampaignLinksTable extends Row {
  campaignId: string;
  url: string;
  position: number;
}
export interface EmailUnsubscribesTable {
  orgId: string;
  email: string;
  campaignId: string | null;
  recipientId: string | null;
  createdAt: Ts;
}
export interface EngagementEventsTable extends Row {
  type: string;
  campaignId: string | null;
  recipientId: string | null;
  leadId: string | null;
  contactId: string | null;
  accountId: string | null;
  detail: string | null;
  occurredAt: Ts;
}
export interface EventRegistrationsTable extends Row, Versioned {
  campaignId: string;
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  contactId: string | null;
  leadId: string | null;
  registeredAt: Ts;
  attended: Generated<Bool>;
  attendedAt: Ts | null;
  notes: string | null;
  createdBy: string;
}

// Pools (公海, issue 4). JSON columns are text.
export interface PoolsTable extends Row, Versioned {
  name: string;
  kind: string;
  /** 'lead' | 'account' on the organisation's default pool of that kind. */
  defaultFor: string | null;
  allMembers: Generated<Bool>;
  claimLimitDay: number | null;
  claimLimitWeek: number | null;
  maxHeld: number | null;
  /** JSON {level: cap}. */
  maxHeldByLevel: Generated<string>;
  lockDays: Generated<number>;
  /** JSON array of strings. */
  returnReasons: Generated<string>;
  hideContacts: Generated<Bool>;
}
export interface PoolMembersTable {
  orgId: string;
  poolId: string;
  memberType: string;
  memberId: string;
  role: Generated<string>;
}
export interface PoolRulesTable extends Row {
  poolId: string;
  level: string;
  noFollowUpDays: number | null;
  noOpportunityDays: number | null;
  notWonDays: number | null;
  warnDays: Generated<number>;
}
export interface PoolMovesTable extends Row {
  entityType: string;
  entityId: string;
  action: string;
  fromOwnerId: string | null;
  toOwnerId: string | null;
  poolId: string | null;
  fromPoolId: string | null;
  reason: string | null;
  note: string | null;
  rule: string | null;
  ruleDays: number | null;
  byUserId: string | null;
  at: Ts;
}
export interface PoolWarningsTable extends Row {
  entityType: string;
  entityId: string;
  ownerId: string;
  poolId: string;
  rule: string;
  ruleDays: number;
  reclaimDate: string;
  createdAt: Ts;
}

/** One merge of two records (查重): the merged record as it was and what was re-pointed from it. */
export interface MergesTable extends Row {
  entityType: string;
  survivorId: string;
  mergedId: string;
  mergedName: string;
  /** JSON: the merged row. */
  snapshot: string;
  /** JSON: {field: 'survivor' | 'merged'} as chosen. */
  fields: string;
  /** JSON: {"contacts.account_id": 3, …}. */
  moved: string;
  mergedBy: string | null;
  mergedAt: Ts;
}

/** A sales meeting (销售会议): weekly team meeting, deal review or other. */
export interface MeetingsTable extends Row, Versioned {
  teamId: string;
  kind: string;
  title: string;
  scheduledAt: Ts;
  durationMinutes: Generated<number>;
  location: string | null;
  onlineUrl: string | null;
  organizerId: string;
  status: Generated<string>;
  notes: string | null;
  /** JSON: the agenda as it stood when the meeting was marked held. */
  agendaSnapshot: string | null;
  heldAt: Ts | null;
  cancelledAt: Ts | null;
  cancelReason: string | null;
  createdBy: string;
}
export interface MeetingAttendeesTable {
  meetingId: string;
  userId: string;
  orgId: string;
}
export interface MeetingOpportunitiesTable {
  meetingId: string;
  opportunityId: string;
  orgId: string;
  position: number;
}
export interface MeetingActionItemsTable extends Row, Versioned {
  meetingId: string;
  title: string;
  ownerId: string;
  /** YYYY-MM-DD */
  dueDate: string;
  status: Generated<string>;
  doneAt: Ts | null;
  opportunityId: string | null;
  /** The owner's task (activities, type 'task'); its done_at is the item's completion. */
  activityId: string | null;
  createdBy: string;
}

// Daily and weekly reports (issue 5). JSON columns are text.
export interface ReportRulesTable extends Row, Versioned {
  name: string;
  kind: string;
  /** JSON array of team ids (their sub-teams included). */
  teamIds: Generated<string>;
  /** JSON array of roles. */
  roles: Generated<string>;
  /** JSON array of ISO weekdays, 1 = Monday. */
  weekdays: string;
  /** HH:MM, China time. */
  dueTime: string;
  lateDays: Generated<number>;
  active: Generated<Bool>;
}
export interface WorkReportsTable extends Row, Versioned {
  userId: string;
  kind: string;
  periodStart: string;
  periodEnd: string;
  status: Generated<string>;
  work: Generated<string>;
  problems: Generated<string>;
  plan: Generated<string>;
  /** JSON WorkReportFacts, written at submit. */
  facts: string | null;
  submittedAt: Ts | null;
  dueAt: Ts | null;
  late: Generated<Bool>;
  ruleId: string | null;
}
export interface WorkReportReadsTable extends Row {
  reportId: string;
  userId: string;
  firstReadAt: Ts;
}
export interface WorkReportCommentsTable extends Row {
  reportId: string;
  userId: string;
  body: string;
  createdAt: Ts;
}

/** A market or segment (region and/or industry) with its yearly size and growth (issue 6). */
export interface MarketsTable extends Row, Versioned {
  name: string;
  region: string | null;
  industry: string | null;
  description: string | null;
  currency: Generated<string>;
  /** Fen, for sizeYear. */
  size: Generated<number>;
  sizeYear: number;
  /** Yearly growth in basis points (1250 = 12.5 %). */
  growthBp: Generated<number>;
  active: Generated<Bool>;
  createdBy: string | null;
}
/** A market's size in one year (history; markets.size is the current one). */
export interface MarketYearsTable extends Row {
  marketId: string;
  year: number;
  /** Fen. */
  size: number;
  notes: string | null;
  createdAt: Ts;
  updatedAt: Ts;
}
export interface CompetitorsTable extends Row, Versioned {
  name: string;
  website: string | null;
  description: string | null;
  /** budget | mid | premium */
  pricePositioning: Generated<string>;
  /** JSON arrays of texts. */
  strengths: Generated<string>;
  weaknesses: Generated<string>;
  ourDifferentiator: string | null;
  active: Generated<Bool>;
  createdBy: string | null;
}
export interface CompetitorProductsTable extends Row {
  competitorId: string;
  name: string;
  /** Fen. */
  price: number | null;
  positioning: string | null;
  /** Our comparable catalogue product. */
  productId: string | null;
  createdAt: Ts;
  updatedAt: Ts;
}
export interface CompetitorMarketSharesTable extends Row {
  competitorId: string;
  marketId: string;
  year: number;
  /** 0..10000 */
  shareBp: number;
  createdAt: Ts;
  updatedAt: Ts;
}
/** A PEST factor: an opportunity or a threat for the markets it touches. */
export interface MacroFactorsTable extends Row, Versioned {
  /** policy | economy | society | technology */
  category: string;
  title: string;
  description: string | null;
  /** opportunity | threat */
  effect: string;
  /** 1..5 */
  impact: number;
  startDate: string | null;
  endDate: string | null;
  active: Generated<Bool>;
  createdBy: string | null;
}
export interface MacroFactorMarketsTable extends Row {
  factorId: string;
  marketId: string;
}
/** A competitor recorded on a deal. */
export interface OpportunityCompetitorsTable extends Row {
  opportunityId: string;
  competitorId: string;
  /** active | won_against | lost_to */
  status: Generated<string>;
  notes: string | null;
  createdBy: string | null;
  createdAt: Ts;
  updatedAt: Ts;
}
/** The plan targets serve and budgets belong to. */
export interface SalesPlansTable extends Row, Versioned {
  name: string;
  fiscalYear: number;
  startDate: string;
  endDate: string;
  /** draft | active | archived */
  status: Generated<string>;
  currency: Generated<string>;
  description: string | null;
  ownerId: string;
  /** The plan's own revenue target (fen), used when no company revenue target serves the plan. */
  revenueTarget: number | null;
}
/** A named group of regions (and optionally industries) covered by a team. */
export interface TerritoriesTable extends Row, Versioned {
  name: string;
  /** JSON array of REGIONS values. */
  regions: Generated<string>;
  /** JSON array of INDUSTRIES values; empty = all. */
  industries: Generated<string>;
  teamId: string | null;
  headcount: Generated<number>;
  priority: Generated<number>;
  description: string | null;
  active: Generated<Bool>;
}
/** The share of a plan's revenue target one channel must carry. */
export interface PlanChannelsTable extends Row {
  planId: string;
  channel: string;
  shareBp: Generated<number>;
  notes: string | null;
  createdAt: Ts;
  updatedAt: Ts;
}
/** Planned money for a period (month or quarter by its first day), territory, channel and category. */
export interface BudgetLinesTable extends Row, Versioned {
  planId: string;
  /** month | quarter */
  periodType: string;
  periodStart: string;
  territoryId: string | null;
  channel: string | null;
  /** salaries | commission | promotion | marketing | travel | other */
  category: string;
  planned: Generated<number>;
  description: string | null;
}
/** Money spent against a budget line. */
export interface BudgetSpendTable extends Row {
  lineId: string;
  spentOn: string;
  amount: number;
  note: string | null;
  /** manual | import */
  source: Generated<string>;
  createdBy: string | null;
  createdAt: Ts;
}
/** "Save as version N": a JSON snapshot of a plan. */
export interface PlanVersionsTable extends Row {
  planId: string;
  number: number;
  snapshot: string;
  note: string | null;
  createdBy: string | null;
  createdAt: Ts;
}
/** A SMART target; attainment is measured live, never stored. */
export interface TargetsTable extends Row, Versioned {
  planId: string | null;
  parentId: string | null;
  name: string;
  /** revenue | contract_amount | payments | units | new_customers | market_share | activities */
  metric: string;
  /** Fen for money, a count for units/customers/activities, basis points for market share. */
  value: number;
  stretchValue: number;
  challengeValue: number;
  /** year | quarter | month */
  periodType: string;
  startDate: string;
  endDate: string;
  /** company | team | territory | rep | product | channel */
  ownerType: string;
  ownerId: string | null;
  marketId: string | null;
  /** potential | last_year | manual | even: how it was split from its parent. */
  splitMethod: string | null;
  currency: Generated<string>;
  description: string | null;
  /** draft | active */
  status: Generated<string>;
  createdBy: string | null;
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
  leadSources: LeadSourcesTable;
  webForms: WebFormsTable;
  webFormSubmissions: WebFormSubmissionsTable;
  assignmentRules: AssignmentRulesTable;
  assignmentPointers: AssignmentPointersTable;
  leadAssignments: LeadAssignmentsTable;
  leadScoringRules: LeadScoringRulesTable;
  leadScoreModels: LeadScoreModelsTable;
  needsRecords: NeedsRecordsTable;
  questionnaires: QuestionnairesTable;
  questionnaireInvitations: QuestionnaireInvitationsTable;
  questionnaireResponses: QuestionnaireResponsesTable;
  proposals: ProposalsTable;
  proposalSections: ProposalSectionsTable;
  proposalItems: ProposalItemsTable;
  numberCounters: NumberCountersTable;
  contractSettings: ContractSettingsTable;
  supervisionSettings: SupervisionSettingsTable;
  contracts: ContractsTable;
  contractItems: ContractItemsTable;
  paymentPlans: PaymentPlansTable;
  payments: PaymentsTable;
  invoices: InvoicesTable;
  contractAttachments: ContractAttachmentsTable;
  contractReminders: ContractRemindersTable;
  merges: MergesTable;
  pools: PoolsTable;
  poolMembers: PoolMembersTable;
  poolRules: PoolRulesTable;
  poolMoves: PoolMovesTable;
  poolWarnings: PoolWarningsTable;
  segments: SegmentsTable;
  emailTemplates: EmailTemplatesTable;
  campaigns: CampaignsTable;
  campaignCosts: CampaignCostsTable;
  mailSettings: MailSettingsTable;
  campaignRecipients: CampaignRecipientsTable;
  campaignLinks: CampaignLinksTable;
  emailUnsubscribes: EmailUnsubscribesTable;
  engagementEvents: EngagementEventsTable;
  eventRegistrations: EventRegistrationsTable;
  calendarFeeds: CalendarFeedsTable;
  visitSettings: VisitSettingsTable;
  visits: VisitsTable;
  visitPhotos: VisitPhotosTable;
  meetings: MeetingsTable;
  meetingAttendees: MeetingAttendeesTable;
  meetingOpportunities: MeetingOpportunitiesTable;
  meetingActionItems: MeetingActionItemsTable;
  notifications: NotificationsTable;
  notificationPreferences: NotificationPreferencesTable;
  notificationRuns: NotificationRunsTable;
  reportRules: ReportRulesTable;
  workReports: WorkReportsTable;
  workReportReads: WorkReportReadsTable;
  workReportComments: WorkReportCommentsTable;
  markets: MarketsTable;
  marketYears: MarketYearsTable;
  competitors: CompetitorsTable;
  competitorProducts: CompetitorProductsTable;
  competitorMarketShares: CompetitorMarketSharesTable;
  macroFactors: MacroFactorsTable;
  macroFactorMarkets: MacroFactorMarketsTable;
  opportunityCompetitors: OpportunityCompetitorsTable;
  salesPlans: SalesPlansTable;
  territories: TerritoriesTable;
  planChannels: PlanChannelsTable;
  budgetLines: BudgetLinesTable;
  budgetSpend: BudgetSpendTable;
  planVersions: PlanVersionsTable;
  targets: TargetsTable;
}
