import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
