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
  activities: ActivitiesTable;
  fieldChanges: FieldChangesTable;
  jobs: JobsTable;
  jobSchedules: JobSchedulesTable;
}
