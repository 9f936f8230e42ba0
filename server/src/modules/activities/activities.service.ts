import type { Kysely } from 'kysely';
import {
  ACTIVITY_SORTS,
  type Activity,
  type ActivityCreate,
  type ActivityListQuery,
  type ActivityUpdate,
  type RelatedType,
  type TimelineEntry,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { AppError, invalidField, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { parseSort, toPage } from '../../lib/pagination.js';
import { pick, saveChanges } from '../../lib/records.js';
import {
  assertAssignable,
  canSeeOwner,
  guard,
  listOwners,
  nameOf,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
} from '../access/index.js';
import { refreshLastTouch } from '../opportunities/index.js';
import { ActivitiesRepository, type ActivityRow } from './activities.repository.js';

const EDITABLE = ['type', 'subject', 'body', 'dueAt', 'doneAt', 'nextStep', 'location', 'ownerId'] as const;

/** How the activities module asks other modules whether a record is visible, and its account. */
export interface RelatedLookup {
  /** Throws 404 when the actor may not read the record; returns the account it belongs to. */
  accountOf(actor: Actor, type: RelatedType, id: string): Promise<string | null>;
}

export class ActivitiesService {
  private readonly repo: ActivitiesRepository;
  /** Called after an activity on a lead is logged, changed or deleted (lead scoring counts them). */
  private leadListeners: ((orgId: string, leadId: string) => Promise<void>)[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly related: RelatedLookup,
  ) {
    this.repo = new ActivitiesRepository(db, dialect);
  }

  onLeadActivity(listener: (orgId: string, leadId: string) => Promise<void>): void {
    this.leadListeners.push(listener);
  }

  private async leadTouched(orgId: string, row: { relatedType: string | null; relatedId: string | null }) {
    if (row.relatedType !== 'lead' || !row.relatedId) return;
    for (const listener of this.leadListeners) await listener(orgId, row.relatedId);
  }

  async list(actor: Actor, query: ActivityListQuery) {
    const g = await guard(this.directory, actor, 'activity', 'read');
    const sort = parseSort(query.sort, 'activities', ACTIVITY_SORTS);
    const limit = query.limit ?? 50;
    const rows = await this.repo.list(
      actor.orgId,
      listOwners(actor, g, query.view, query.ownerId),
      query,
      sort,
      limit,
    );
    return toPage(await this.present(actor.orgId, rows, g.dir), sort, limit);
  }

  async get(actor: Actor, id: string): Promise<Activity> {
    const { row, dir } = await this.visible(actor, id, 'read');
    return (await this.present(actor.orgId, [row], dir))[0]!;
  }

  async create(actor: Actor, input: ActivityCreate): Promise<Activity> {
    const g = await guard(this.directory, actor, 'activity', 'create');
    const ownerId = input.ownerId ?? actor.userId;
    assertAssignable(g.owners, g.dir, ownerId);
    const relatedType = input.relatedType ?? null;
    const relatedId = input.relatedId ?? null;
    if (!!relatedType !== !!relatedId)
      throw invalidField(relatedType ? 'relatedId' : 'relatedType', 'relatedType and relatedId go together');
    let accountId: string | null = null;
    if (relatedType && relatedId) {
      try {
        accountId = await this.related.accountOf(actor, relatedType, relatedId);
      } catch (err) {
        if (err instanceof AppError && (err.status === 404 || err.status === 403))
          throw invalidField('relatedId', `no such ${relatedType} in your data scope`);
        throw err;
      }
    }
    const at = new Date().toISOString();
    const row: ActivityRow = {
      id: newId(),
      orgId: actor.orgId,
      type: input.type,
      subject: input.subject.trim(),
      body: input.body ?? null,
      dueAt: input.dueAt ?? null,
      doneAt: input.doneAt ?? null,
      nextStep: input.nextStep ?? null,
      location: input.location ?? null,
      relatedType,
      relatedId,
      accountId,
      ownerId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    if (!row.subject) throw invalidField('subject', 'must not be empty');
    await this.db.transaction().execute(async (trx) => {
      await new ActivitiesRepository(trx, this.dialect).insert(row);
      await dealTouched(trx, row);
    });
    await this.leadTouched(actor.orgId, row);
    return (await this.present(actor.orgId, [row], g.dir))[0]!;
  }

  /**
   * Writes an activity another module built and checked, inside that module's transaction (a
   * visit's check-out logs the visit, so timelines, reports and supervision see it).
   */
  async insertIn(trx: Kysely<Database>, row: ActivityRow): Promise<void> {
    await new ActivitiesRepository(trx, this.dialect).insert(row);
    await dealTouched(trx, row);
  }

  async update(actor: Actor, id: string, input: ActivityUpdate): Promise<Activity> {
    const { row, dir, owners } = await this.visible(actor, id, 'update');
    const patch = pick(input, EDITABLE);
    if (typeof patch.subject === 'string') patch.subject = patch.subject.trim();
    if (patch.subject === '') throw invalidField('subject', 'must not be empty');
    if (patch.ownerId !== undefined && patch.ownerId !== row.ownerId)
      assertAssignable(owners, dir, patch.ownerId as string);
    await saveChanges(
      this.db,
      {
        table: 'activities',
        entityType: 'activity',
        what: 'Activity',
        orgId: actor.orgId,
        userId: actor.userId,
        id,
        version: input.version,
        before: row,
        patch,
        fields: EDITABLE,
      },
      // a done time set, moved or cleared moves the deal's last touch with it
      (trx) => dealTouched(trx, row),
    );
    await this.leadTouched(actor.orgId, row);
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const { row } = await this.visible(actor, id, 'delete');
    await this.db.transaction().execute(async (trx) => {
      await new ActivitiesRepository(trx, this.dialect).delete(actor.orgId, id);
      // recomputed: deleting the latest touch makes the deal as stale as it really is
      await dealTouched(trx, row);
    });
    await this.leadTouched(actor.orgId, row);
  }

  async visible(actor: Actor, id: string, action: 'read' | 'update' | 'delete') {
    const g = await guard(this.directory, actor, 'activity', action);
    const row = await this.repo.get(actor.orgId, id);
    if (!row || !canSeeOwner(g.owners, row.ownerId)) throw notFound('Activity');
    return { row, ...g };
  }

  /**
   * A record's timeline, newest first: its activities (whoever logged them — seeing the record
   * means seeing its history) and the changes to its fields, with ids shown as names.
   */
  async timeline(actor: Actor, type: RelatedType, id: string): Promise<{ items: TimelineEntry[] }> {
    await this.related.accountOf(actor, type, id);
    const dir = await this.directory.get(actor.orgId);
    const [activities, changes] = await Promise.all([
      this.repo.forRecord(actor.orgId, type, id, 200),
      this.repo.changes(actor.orgId, type, id, 200),
    ]);
    const stageIds = changes
      .filter((c) => c.field === 'stageId')
      .flatMap((c) => [c.oldValue, c.newValue])
      .filter((v): v is string => !!v);
    const accountIds = changes
      .filter((c) => c.field === 'accountId')
      .flatMap((c) => [c.oldValue, c.newValue])
      .filter((v): v is string => !!v);
    const [stages, accounts] = await Promise.all([
      this.repo.stageNames(actor.orgId, [...new Set(stageIds)]),
      this.repo.names(
        actor.orgId,
        accountIds.map((i) => ({ type: 'account', id: i })),
      ),
    ]);
    const stageName = new Map(stages.map((s) => [s.id, s.name]));
    const display = (field: string, v: string | null): string | null => {
      if (v === null) return null;
      if (field === 'ownerId' || field === 'managerId') return nameOf(dir, v) || v;
      if (field === 'stageId') return stageName.get(v) ?? v;
      if (field === 'accountId') return accounts.get(`account:${v}`) ?? v;
      return v;
    };
    const entries: TimelineEntry[] = [
      ...(await this.present(actor.orgId, activities, dir)).map((a) => ({
        kind: 'activity' as const,
        at: a.doneAt ?? a.dueAt ?? a.createdAt,
        activity: a,
      })),
      ...changes.map((c) => ({
        kind: 'change' as const,
        at: c.changedAt,
        change: {
          field: c.field,
          oldValue: display(c.field, c.oldValue),
          newValue: display(c.field, c.newValue),
          userId: c.userId,
          userName: nameOf(dir, c.userId),
        },
      })),
    ];
    entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    return { items: entries };
  }

  private async present(orgId: string, rows: ActivityRow[], dir: OrgDirectory): Promise<Activity[]> {
    const names = await this.repo.names(
      orgId,
      rows
        .filter((r) => r.relatedType && r.relatedId)
        .map((r) => ({ type: r.relatedType!, id: r.relatedId! })),
    );
    return rows.map((r) => ({
      id: r.id,
      type: r.type as Activity['type'],
      subject: r.subject,
      body: r.body,
      dueAt: r.dueAt,
      doneAt: r.doneAt,
      nextStep: r.nextStep,
      location: r.location,
      relatedType: r.relatedType as Activity['relatedType'],
      relatedId: r.relatedId,
      relatedName: r.relatedType ? (names.get(`${r.relatedType}:${r.relatedId}`) ?? null) : null,
      accountId: r.accountId,
      ownerId: r.ownerId,
      ownerName: nameOf(dir, r.ownerId) ?? '',
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      version: r.version,
    }));
  }
}

/** An activity on a deal written, changed or deleted: the deal's last touch is recomputed. */
async function dealTouched(
  trx: Kysely<Database>,
  row: { orgId: string; relatedType: string | null; relatedId: string | null },
): Promise<void> {
  if (row.relatedType === 'opportunity') await refreshLastTouch(trx, row.orgId, [row.relatedId]);
}
