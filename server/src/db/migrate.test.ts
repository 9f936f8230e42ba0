import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, testEngine, type TestDb } from '../../test/db.js';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';
import { migrations } from './migrations/index.js';

/**
 * The columns of every table, as typed in schema.ts (camelCase). Written out by hand from the
 * interfaces there, so a migration that forgets or misnames a column fails here.
 */
const ROW = ['id', 'orgId'];
const VERSIONED = ['createdAt', 'updatedAt', 'version'];
const EXPECTED: Record<string, string[]> = {
  markets: [
    ...ROW,
    ...VERSIONED,
    'name',
    'region',
    'industry',
    'description',
    'currency',
    'size',
    'sizeYear',
    'growthBp',
    'active',
    'createdBy',
  ],
  marketYears: [...ROW, 'marketId', 'year', 'size', 'notes', 'createdAt', 'updatedAt'],
  competitors: [
    ...ROW,
    ...VERSIONED,
    'name',
    'website',
    'description',
    'pricePositioning',
    'strengths',
    'weaknesses',
    'ourDifferentiator',
    'active',
    'createdBy',
  ],
  competitorProducts: [
    ...ROW,
    'competitorId',
    'name',
    'price',
    'positioning',
    'productId',
    'createdAt',
    'updatedAt',
  ],
  competitorMarketShares: [...ROW, 'competitorId', 'marketId', 'year', 'shareBp', 'createdAt', 'updatedAt'],
  macroFactors: [
    ...ROW,
    ...VERSIONED,
    'category',
    'title',
    'description',
    'effect',
    'impact',
    'startDate',
    'endDate',
    'active',
    'createdBy',
  ],
  macroFactorMarkets: [...ROW, 'factorId', 'marketId'],
  opportunityCompetitors: [
    ...ROW,
    'opportunityId',
    'competitorId',
    'status',
    'notes',
    'createdBy',
    'createdAt',
    'updatedAt',
  ],
  salesPlans: [
    ...ROW,
    ...VERSIONED,
    'name',
    'fiscalYear',
    'startDate',
    'endDate',
    'status',
    'currency',
    'description',
    'ownerId',
    'revenueTarget',
  ],
  planChannels: [...ROW, 'planId', 'channel', 'shareBp', 'notes', 'createdAt', 'updatedAt'],
  budgetLines: [
    ...ROW,
    ...VERSIONED,
    'planId',
    'periodType',
    'periodStart',
    'territoryId',
    'channel',
    'category',
    'planned',
    'description',
  ],
  budgetSpend: [...ROW, 'lineId', 'spentOn', 'amount', 'note', 'source', 'createdBy', 'createdAt'],
  planVersions: [...ROW, 'planId', 'number', 'snapshot', 'note', 'createdBy', 'createdAt'],
  territories: [
    ...ROW,
    ...VERSIONED,
    'name',
    'regions',
    'industries',
    'teamId',
    'headcount',
    'priority',
    'description',
    'active',
  ],
  targets: [
    ...ROW,
    ...VERSIONED,
    'planId',
    'parentId',
    'name',
    'metric',
    'value',
    'stretchValue',
    'challengeValue',
    'periodType',
    'startDate',
    'endDate',
    'ownerType',
    'ownerId',
    'marketId',
    'splitMethod',
    'currency',
    'description',
    'status',
    'createdBy',
  ],
  organizations: ['id', 'name', 'currency', 'createdAt'],
  teams: [...ROW, ...VERSIONED, 'name', 'type', 'parentId', 'managerId'],
  users: [
    ...ROW,
    ...VERSIONED,
    'email',
    'name',
    'passwordHash',
    'role',
    'teamId',
    'managerId',
    'locale',
    'active',
  ],
  sessions: ['id', 'orgId', 'userId', 'csrfToken', 'expiresAt', 'createdAt'],
  apiTokens: [...ROW, 'userId', 'name', 'tokenHash', 'lastUsedAt', 'revokedAt', 'createdAt'],
  loginAttempts: ['id', 'email', 'ip', 'succeeded', 'createdAt'],
  accounts: [
    ...ROW,
    ...VERSIONED,
    'name',
    'kind',
    'industry',
    'size',
    'region',
    'level',
    'source',
    'address',
    'creditCode',
    'phone',
    'website',
    'notes',
    'ownerId',
    'incomeBand',
    'interests',
    'poolId',
    'poolEnteredAt',
    'previousOwnerId',
    'ownedSince',
    'nameKey',
    'nameWeakKey',
    'phoneKey',
    'latitude',
    'longitude',
    'territoryId',
  ],
  contacts: [
    ...ROW,
    ...VERSIONED,
    'accountId',
    'name',
    'title',
    'phone',
    'email',
    'wechat',
    'birthday',
    'decisionRole',
    'notes',
    'ownerId',
    'locale',
    'phoneKey',
    'emailKey',
  ],
  leads: [
    ...ROW,
    ...VERSIONED,
    'name',
    'company',
    'title',
    'phone',
    'email',
    'wechat',
    'source',
    'status',
    'region',
    'industry',
    'notes',
    'ownerId',
    'campaignId',
    'utmSource',
    'utmMedium',
    'utmCampaign',
    'utmTerm',
    'utmContent',
    'convertedAccountId',
    'convertedContactId',
    'convertedOpportunityId',
    'convertedAt',
    'score',
    'poolId',
    'poolEnteredAt',
    'previousOwnerId',
    'ownedSince',
    'locale',
    'companyKey',
    'companyWeakKey',
    'phoneKey',
    'emailKey',
  ],
  products: [
    ...ROW,
    ...VERSIONED,
    'sku',
    'name',
    'category',
    'listPrice',
    'currency',
    'unit',
    'active',
    'description',
    'unitCost',
  ],
  pipelines: [...ROW, ...VERSIONED, 'name', 'isDefault'],
  pipelineStages: [
    ...ROW,
    'pipelineId',
    'name',
    'position',
    'probability',
    'kind',
    'requiredFields',
    'checklist',
    'stallDays',
  ],
  opportunities: [
    ...ROW,
    ...VERSIONED,
    'name',
    'accountId',
    'pipelineId',
    'stageId',
    'status',
    'amount',
    'currency',
    'expectedCloseDate',
    'nextStep',
    'lostReason',
    'closedAt',
    'ownerId',
    'lostCompetitor',
    'campaignId',
    'leadId',
    'nextStepDate',
    'channel',
    'lastTouchAt',
  ],
  opportunityChecklistItems: [
    'orgId',
    'opportunityId',
    'stageId',
    'itemId',
    'checked',
    'note',
    'checkedBy',
    'checkedAt',
  ],
  opportunityStageHistory: [
    ...ROW,
    'opportunityId',
    'pipelineId',
    'stageId',
    'enteredAt',
    'leftAt',
    'userId',
  ],
  opportunityCollaborators: ['opportunityId', 'userId', 'orgId'],
  opportunityItems: [
    ...ROW,
    'opportunityId',
    'productId',
    'position',
    'quantity',
    'unitPrice',
    'discountBp',
    'amount',
  ],
  activities: [
    ...ROW,
    ...VERSIONED,
    'type',
    'subject',
    'body',
    'dueAt',
    'doneAt',
    'nextStep',
    'location',
    'relatedType',
    'relatedId',
    'accountId',
    'ownerId',
  ],
  fieldChanges: [...ROW, 'entityType', 'entityId', 'field', 'oldValue', 'newValue', 'userId', 'changedAt'],
  jobs: [
    'id',
    'orgId',
    'type',
    'payload',
    'status',
    'runAt',
    'attempts',
    'maxAttempts',
    'lastError',
    'lockedBy',
    'lockedAt',
    'createdAt',
    'finishedAt',
  ],
  jobSchedules: ['name', 'jobType', 'intervalSeconds', 'nextRunAt', 'payload'],
  approvalRules: [
    ...ROW,
    ...VERSIONED,
    'businessType',
    'name',
    'priority',
    'conditions',
    'steps',
    'autoApproveBelow',
    'ccUserIds',
    'fallbackUserId',
    'timeLimitHours',
    'active',
  ],
  approvalRequests: [
    ...ROW,
    ...VERSIONED,
    'ruleId',
    'businessType',
    'businessId',
    'title',
    'amount',
    'discountBp',
    'marginBp',
    'submitterId',
    'status',
    'steps',
    'currentStep',
    'round',
    'submittedAt',
    'stepStartedAt',
    'decidedAt',
  ],
  approvalTasks: [
    ...ROW,
    'requestId',
    'step',
    'round',
    'userId',
    'status',
    'dueAt',
    'remindedAt',
    'decidedAt',
    'createdAt',
  ],
  approvalActions: [...ROW, 'requestId', 'step', 'round', 'userId', 'action', 'comment', 'createdAt'],
  approvalCcs: ['orgId', 'requestId', 'userId'],
  approvalReminders: [...ROW, 'requestId', 'taskId', 'userId', 'readAt', 'createdAt'],
  quotes: [
    ...ROW,
    ...VERSIONED,
    'opportunityId',
    'number',
    'revision',
    'previousId',
    'status',
    'currency',
    'discountBp',
    'taxRateBp',
    'validUntil',
    'listTotal',
    'subtotal',
    'discountAmount',
    'taxAmount',
    'total',
    'notes',
    'approvalRequestId',
    'ownerId',
    'acceptedBy',
    'decidedAt',
    'costTotal',
    'marginBp',
  ],
  quoteItems: [
    ...ROW,
    'quoteId',
    'productId',
    'position',
    'name',
    'quantity',
    'listPrice',
    'unitPrice',
    'discountBp',
    'amount',
    'unitCost',
  ],
  leadSources: [...ROW, ...VERSIONED, 'key', 'nameZh', 'nameEn', 'category', 'active', 'sortOrder'],
  webForms: [
    ...ROW,
    ...VERSIONED,
    'name',
    'publicKey',
    'secret',
    'title',
    'description',
    'fields',
    'source',
    'campaignId',
    'assignment',
    'thankYouMessage',
    'redirectUrl',
    'allowedOrigins',
    'language',
    'active',
    'submissionCount',
    'createdBy',
  ],
  webFormSubmissions: [...ROW, 'formId', 'leadId', 'outcome', 'ipHash', 'referrer', 'createdAt'],
  assignmentRules: [
    ...ROW,
    ...VERSIONED,
    'name',
    'position',
    'active',
    'conditions',
    'teamId',
    'includeSubteams',
    'includeManagers',
    'method',
    'maxOpenPerRep',
    'poolId',
  ],
  assignmentPointers: ['orgId', 'teamId', 'lastUserId', 'turns', 'updatedAt'],
  leadAssignments: [
    ...ROW,
    'leadId',
    'ruleId',
    'ruleName',
    'teamId',
    'userId',
    'method',
    'reason',
    'detail',
    'trigger',
    'actorId',
    'createdAt',
  ],
  leadScoringRules: [
    ...ROW,
    ...VERSIONED,
    'kind',
    'name',
    'field',
    'operator',
    'value',
    'activityTypes',
    'windowDays',
    'points',
    'cap',
    'active',
    'position',
  ],
  leadScoreModels: [
    'orgId',
    'modelWeight',
    'status',
    'offReason',
    'examples',
    'positives',
    'negatives',
    'holdoutSize',
    'accuracyBp',
    'aucBp',
    'weights',
    'trainedAt',
    'updatedAt',
  ],
  calendarFeeds: [...ROW, 'userId', 'tokenHash', 'createdAt', 'revokedAt'],
  visitSettings: ['orgId', 'farThresholdM', 'onTimeToleranceMinutes', 'updatedBy', 'updatedAt'],
  visits: [
    ...ROW,
    ...VERSIONED,
    'ownerId',
    'accountId',
    'contactId',
    'opportunityId',
    'plannedAt',
    'purpose',
    'status',
    'planned',
    'checkedInAt',
    'checkInLatitude',
    'checkInLongitude',
    'checkInAccuracy',
    'distanceM',
    'locationFlag',
    'checkedOutAt',
    'checkOutLatitude',
    'checkOutLongitude',
    'checkOutAccuracy',
    'outcome',
    'nextStep',
    'nextStepDate',
    'activityId',
    'cancelledAt',
    'cancelReason',
    'createdBy',
  ],
  visitPhotos: [...ROW, 'visitId', 'filename', 'contentType', 'size', 'data', 'takenAt', 'uploadedBy'],
  reportRules: [
    ...ROW,
    ...VERSIONED,
    'name',
    'kind',
    'teamIds',
    'roles',
    'weekdays',
    'dueTime',
    'lateDays',
    'active',
  ],
  workReports: [
    ...ROW,
    ...VERSIONED,
    'userId',
    'kind',
    'periodStart',
    'periodEnd',
    'status',
    'work',
    'problems',
    'plan',
    'facts',
    'submittedAt',
    'dueAt',
    'late',
    'ruleId',
  ],
  workReportReads: [...ROW, 'reportId', 'userId', 'firstReadAt'],
  workReportComments: [...ROW, 'reportId', 'userId', 'body', 'createdAt'],
  supervisionSettings: [
    'orgId',
    'defaultStallDays',
    'forgottenDays',
    'forgottenDaysA',
    'forgottenDaysB',
    'forgottenDaysC',
    'forgottenDaysD',
    'notifyOwners',
    'notifyManagers',
    'updatedAt',
  ],
  meetings: [
    ...ROW,
    ...VERSIONED,
    'teamId',
    'kind',
    'title',
    'scheduledAt',
    'durationMinutes',
    'location',
    'onlineUrl',
    'organizerId',
    'status',
    'notes',
    'agendaSnapshot',
    'heldAt',
    'cancelledAt',
    'cancelReason',
    'createdBy',
  ],
  meetingAttendees: ['meetingId', 'userId', 'orgId'],
  meetingOpportunities: ['meetingId', 'opportunityId', 'orgId', 'position'],
  meetingActionItems: [
    ...ROW,
    ...VERSIONED,
    'meetingId',
    'title',
    'ownerId',
    'dueDate',
    'status',
    'doneAt',
    'opportunityId',
    'activityId',
    'createdBy',
  ],
  notifications: [
    ...ROW,
    'userId',
    'kind',
    'params',
    'link',
    'refType',
    'refId',
    'dedupeKey',
    'createdAt',
    'readAt',
    'inApp',
    'emailState',
    'emailedAt',
    'emailError',
  ],
  notificationPreferences: [...ROW, 'userId', 'kind', 'inApp', 'email', 'updatedAt'],
  notificationRuns: ['name', 'lastRunAt'],
  quoteShares: [
    ...ROW,
    'quoteId',
    'tokenHash',
    'expiresAt',
    'revokedAt',
    'viewedAt',
    'createdBy',
    'createdAt',
  ],
  needsRecords: [
    ...ROW,
    ...VERSIONED,
    'accountId',
    'opportunityId',
    'contactId',
    'title',
    'situation',
    'painPoints',
    'goals',
    'budgetAmount',
    'budgetMin',
    'budgetMax',
    'currency',
    'budgetStatus',
    'decisionDate',
    'goLiveDate',
    'decisionMakers',
    'competitors',
    'notes',
    'sourceResponseId',
    'createdBy',
  ],
  questionnaires: [
    ...ROW,
    ...VERSIONED,
    'title',
    'intro',
    'language',
    'status',
    'questions',
    'publishedAt',
    'createdBy',
  ],
  questionnaireInvitations: [
    ...ROW,
    'questionnaireId',
    'accountId',
    'contactId',
    'tokenHash',
    'expiresAt',
    'revokedAt',
    'openedAt',
    'answeredAt',
    'attempts',
    'attemptsSince',
    'createdBy',
    'createdAt',
  ],
  questionnaireResponses: [
    ...ROW,
    'questionnaireId',
    'invitationId',
    'accountId',
    'contactId',
    'respondentName',
    'answers',
    'submittedAt',
  ],
  proposals: [
    ...ROW,
    ...VERSIONED,
    'number',
    'needsId',
    'accountId',
    'opportunityId',
    'contactId',
    'title',
    'summary',
    'status',
    'currency',
    'total',
    'ownerId',
    'sentAt',
    'decidedAt',
  ],
  proposalSections: [...ROW, 'proposalId', 'position', 'painPointId', 'painPoint', 'severity', 'solution'],
  proposalItems: [
    ...ROW,
    'proposalId',
    'sectionId',
    'position',
    'productId',
    'sku',
    'name',
    'unit',
    'quantity',
    'listPrice',
    'unitPrice',
    'amount',
  ],
  numberCounters: ['orgId', 'name', 'value'],
  contractSettings: ['orgId', 'numberPrefix', 'expiryReminderDays', 'paymentReminderDays', 'updatedAt'],
  contracts: [
    ...ROW,
    ...VERSIONED,
    'number',
    'name',
    'accountId',
    'opportunityId',
    'quoteId',
    'status',
    'paymentStatus',
    'amount',
    'receivedAmount',
    'invoicedAmount',
    'currency',
    'startDate',
    'endDate',
    'signedDate',
    'notes',
    'voidReason',
    'voidedAt',
    'ownerId',
    'approvalRequestId',
  ],
  contractItems: [
    ...ROW,
    'contractId',
    'productId',
    'position',
    'quantity',
    'unitPrice',
    'discountBp',
    'amount',
  ],
  paymentPlans: [
    ...ROW,
    'contractId',
    'installment',
    'plannedAmount',
    'receivedAmount',
    'dueDate',
    'method',
    'status',
    'notes',
    'createdAt',
    'updatedAt',
  ],
  payments: [
    ...ROW,
    'contractId',
    'planId',
    'amount',
    'receivedDate',
    'method',
    'reference',
    'notes',
    'voidReason',
    'voidedAt',
    'createdBy',
    'createdAt',
    'status',
    'approvalRequestId',
  ],
  invoices: [
    ...ROW,
    'contractId',
    'number',
    'type',
    'title',
    'taxId',
    'bankName',
    'bankAccount',
    'address',
    'phone',
    'amount',
    'invoiceDate',
    'status',
    'voidReason',
    'voidedAt',
    'createdBy',
    'createdAt',
  ],
  contractAttachments: [
    ...ROW,
    'contractId',
    'filename',
    'contentType',
    'size',
    'data',
    'uploadedBy',
    'createdAt',
  ],
  contractReminders: [...ROW, 'kind', 'contractId', 'refId', 'dueDate', 'ownerId', 'createdAt'],
  merges: [
    ...ROW,
    'entityType',
    'survivorId',
    'mergedId',
    'mergedName',
    'snapshot',
    'fields',
    'moved',
    'mergedBy',
    'mergedAt',
  ],
  pools: [
    ...ROW,
    ...VERSIONED,
    'name',
    'kind',
    'defaultFor',
    'allMembers',
    'claimLimitDay',
    'claimLimitWeek',
    'maxHeld',
    'maxHeldByLevel',
    'lockDays',
    'returnReasons',
    'hideContacts',
  ],
  poolMembers: ['orgId', 'poolId', 'memberType', 'memberId', 'role'],
  poolRules: [...ROW, 'poolId', 'level', 'noFollowUpDays', 'noOpportunityDays', 'notWonDays', 'warnDays'],
  poolMoves: [
    ...ROW,
    'entityType',
    'entityId',
    'action',
    'fromOwnerId',
    'toOwnerId',
    'poolId',
    'fromPoolId',
    'reason',
    'note',
    'rule',
    'ruleDays',
    'byUserId',
    'at',
  ],
  poolWarnings: [
    ...ROW,
    'entityType',
    'entityId',
    'ownerId',
    'poolId',
    'rule',
    'ruleDays',
    'reclaimDate',
    'createdAt',
  ],
  segments: [...ROW, ...VERSIONED, 'name', 'object', 'criteria', 'description', 'ownerId'],
  emailTemplates: [...ROW, ...VERSIONED, 'name', 'subjectZh', 'bodyZh', 'subjectEn', 'bodyEn', 'ownerId'],
  campaigns: [
    ...ROW,
    ...VERSIONED,
    'name',
    'type',
    'status',
    'startDate',
    'endDate',
    'budget',
    'currency',
    'source',
    'location',
    'description',
    'segmentId',
    'templateId',
    'emailSnapshot',
    'sendStartedAt',
    'sentBy',
    'ownerId',
  ],
  campaignCosts: [...ROW, 'campaignId', 'costDate', 'item', 'amount', 'createdBy', 'createdAt'],
  mailSettings: [
    'orgId',
    'host',
    'port',
    'secure',
    'username',
    'password',
    'fromEmail',
    'fromName',
    'publicUrl',
    'updatedBy',
    'updatedAt',
  ],
  campaignRecipients: [
    ...ROW,
    'campaignId',
    'email',
    'name',
    'locale',
    'contactId',
    'leadId',
    'accountId',
    'ownerId',
    'status',
    'error',
    'tokenHash',
    'messageId',
    'queuedAt',
    'sentAt',
    'openCount',
    'firstOpenedAt',
    'clickCount',
    'firstClickedAt',
    'unsubscribedAt',
  ],
  campaignLinks: [...ROW, 'campaignId', 'url', 'position'],
  emailUnsubscribes: ['orgId', 'email', 'campaignId', 'recipientId', 'createdAt'],
  engagementEvents: [
    ...ROW,
    'type',
    'campaignId',
    'recipientId',
    'leadId',
    'contactId',
    'accountId',
    'detail',
    'occurredAt',
  ],
  eventRegistrations: [
    ...ROW,
    ...VERSIONED,
    'campaignId',
    'name',
    'company',
    'phone',
    'email',
    'contactId',
    'leadId',
    'registeredAt',
    'attended',
    'attendedAt',
    'notes',
    'createdBy',
  ],
};

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function fresh(): Promise<TestDb> {
  const db = await createTestDb({ migrate: false });
  cleanups.push(() => db.drop());
  return db;
}

async function schemaOf(db: TestDb): Promise<Record<string, string[]>> {
  const tables = await db.kysely.introspection.getTables();
  return Object.fromEntries(
    tables.map((t) => [camel(t.name), t.columns.map((c) => camel(c.name)).sort()] as const),
  );
}

describe('migrations', () => {
  it('migrate a fresh database to the typed schema, and a second run is a no-op', async () => {
    const db = await fresh();
    expect(await migrateToLatest(db.kysely)).toEqual(Object.keys(migrations));
    const schema = await schemaOf(db);
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, [...v].sort()]));
    // introspection leaves out Kysely's own bookkeeping tables
    expect(schema).toEqual(expected);

    expect(await migrateToLatest(db.kysely)).toEqual([]);
    expect(await schemaOf(db)).toEqual(expected);
    const applied = await db.kysely
      .withoutPlugins()
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    expect(applied).toEqual(Object.keys(migrations).map((name) => ({ name })));
  });

  it('two instances migrating the same database at once both succeed, and the schema exists once', async () => {
    let url: string;
    if (testEngine === 'postgres') {
      url = (await fresh()).url;
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), 'tuoke-migrate-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      url = `sqlite:${path.join(dir, 'race.db')}`;
    }
    const a = openDatabase(url, { poolSize: 2 });
    const b = openDatabase(url, { poolSize: 2 });
    try {
      const results = await Promise.all([migrateToLatest(a.kysely), migrateToLatest(b.kysely)]);
      // exactly one of them applied the migrations; the other found them applied
      expect(results.flat().sort()).toEqual(Object.keys(migrations).sort());
      const tables = await a.kysely.introspection.getTables();
      expect(tables.map((t) => camel(t.name)).sort()).toEqual(Object.keys(EXPECTED).sort());
      const applied = await b.kysely
        .withoutPlugins()
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute();
      expect(applied).toHaveLength(Object.keys(migrations).length);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('the pools migration (accounts and contacts lose NOT NULL on owner_id)', () => {
  const indexesOf = async (db: TestDb, table: string): Promise<string[]> => {
    const rows =
      testEngine === 'postgres'
        ? await sql<{
            name: string;
          }>`select indexname as name from pg_indexes where tablename = ${table}`.execute(db.kysely)
        : await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(
            db.kysely,
          );
    return rows.rows
      .map((r) => r.name)
      .filter((n) => !n.endsWith('_pkey') && !n.startsWith('sqlite_autoindex'));
  };

  it('keeps rows, indexes and foreign keys, and puts ownerless leads into the default lead pool', async () => {
    const db = await fresh();
    const raw = db.kysely.withoutPlugins() as Kysely<any>;
    const migrator = new Migrator({ db: raw, provider: { getMigrations: async () => migrations } });
    const before = await migrator.migrateTo('20261128T000050-customer-development');
    expect(before.error).toBeUndefined();
    const indexesBefore = {
      accounts: (await indexesOf(db, 'accounts')).sort(),
      contacts: (await indexesOf(db, 'contacts')).sort(),
    };
    expect(indexesBefore.accounts).toContain('accounts_org_credit_code');
    const at = new Date().toISOString();
    await raw.insertInto('organizations').values({ id: 'o1', name: 'Org', created_at: at }).execute();
    await raw
      .insertInto('users')
      .values({
        id: 'u1',
        org_id: 'o1',
        email: 'u1@x.cn',
        name: 'U1',
        password_hash: 'x',
        role: 'sales_rep',
        created_at: at,
        updated_at: at,
      })
      .execute();
    const account = {
      id: 'a1',
      org_id: 'o1',
      name: '甲公司',
      credit_code: '91330106MA2H0A1B2C',
      owner_id: 'u1',
      created_at: at,
      updated_at: at,
      income_band: 'high',
    };
    await raw.insertInto('accounts').values(account).execute();
    await raw
      .insertInto('contacts')
      .values({
        id: 'c1',
        org_id: 'o1',
        account_id: 'a1',
        name: '张三',
        owner_id: 'u1',
        created_at: at,
        updated_at: at,
      })
      .execute();
    await raw
      .insertInto('leads')
      .values({ id: 'l1', org_id: 'o1', name: '池中线索', created_at: at, updated_at: at })
      .execute();

    await migrateToLatest(db.kysely);

    expect(
      await raw
        .selectFrom('accounts')
        .select(['id', 'name', 'owner_id', 'credit_code', 'income_band'])
        .execute(),
    ).toEqual([
      { id: 'a1', name: '甲公司', owner_id: 'u1', credit_code: '91330106MA2H0A1B2C', income_band: 'high' },
    ]);
    expect(await raw.selectFrom('contacts').select(['id', 'account_id', 'owner_id']).execute()).toEqual([
      { id: 'c1', account_id: 'a1', owner_id: 'u1' },
    ]);
    // every index of both tables is back
    for (const table of ['accounts', 'contacts'] as const) {
      const after = await indexesOf(db, table);
      for (const name of indexesBefore[table]) expect(after, `${table}.${name}`).toContain(name);
    }
    // the partial unique index still refuses a second account with the same credit code
    await expect(
      raw
        .insertInto('accounts')
        .values({ ...account, id: 'a2', name: '乙公司' })
        .execute(),
    ).rejects.toThrow();
    // owner_id is nullable now
    await raw.updateTable('accounts').set({ owner_id: null }).where('id', '=', 'a1').execute();
    await raw.updateTable('contacts').set({ owner_id: null }).where('id', '=', 'c1').execute();
    // foreign keys are enforced again after migrating
    if (testEngine === 'sqlite') {
      const fk = await sql<{ foreignKeys: number }>`pragma foreign_keys`.execute(db.kysely);
      expect(fk.rows[0]!.foreignKeys).toBe(1);
    }
    await expect(
      raw
        .insertInto('contacts')
        .values({ id: 'c2', org_id: 'o1', account_id: 'nope', name: '李四', created_at: at, updated_at: at })
        .execute(),
    ).rejects.toThrow();
    await expect(
      raw.updateTable('accounts').set({ owner_id: 'ghost' }).where('id', '=', 'a1').execute(),
    ).rejects.toThrow();
    // the default lead pool exists and holds the ownerless lead
    const pool = await raw
      .selectFrom('pools')
      .selectAll()
      .where('org_id', '=', 'o1')
      .executeTakeFirstOrThrow();
    expect(pool).toMatchObject({ name: '公共线索池', kind: 'lead', default_for: 'lead', all_members: 1 });
    expect(await raw.selectFrom('leads').select('pool_id').where('id', '=', 'l1').executeTakeFirst()).toEqual(
      {
        pool_id: pool.id,
      },
    );
  });

  it('rolls back on SQLite when a migration leaves a broken foreign key, and turns them on again', async () => {
    if (testEngine !== 'sqlite') return;
    const db = await fresh();
    await migrateToLatest(db.kysely);
    const { withSchemaLock } = await import('./dialect.js');
    await expect(
      withSchemaLock(db.kysely, async () => {
        await sql`create table fk_probe (id text primary key, user_id text references users(id))`.execute(
          db.kysely,
        );
        await sql`insert into fk_probe values ('p1', 'nobody')`.execute(db.kysely);
      }),
    ).rejects.toThrow(/broken foreign key/);
    const tables = await sql`select name from sqlite_master where name = 'fk_probe'`.execute(db.kysely);
    expect(tables.rows).toEqual([]);
    const fk = await sql<{ foreignKeys: number }>`pragma foreign_keys`.execute(db.kysely);
    expect(fk.rows[0]!.foreignKeys).toBe(1);
  });
});
