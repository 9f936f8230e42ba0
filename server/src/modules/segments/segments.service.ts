import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import {
  SEGMENT_SORTS,
  type Segment,
  type SegmentCondition,
  type SegmentCount,
  type SegmentCreate,
  type SegmentCriteria,
  type SegmentListQuery,
  type SegmentMemberPage,
  type SegmentMembersQuery,
  type SegmentObject,
  type SegmentPreview,
  type SegmentUpdate,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, forbidden, invalidField, notFound, stale } from '../../http/errors.js';
import { localDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { parseSort, toPage } from '../../lib/pagination.js';
import { requiredText } from '../../lib/records.js';
import {
  guard,
  nameOf,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
  type OwnerFilter,
} from '../access/index.js';
import { checkConditions } from './segments.criteria.js';
import { SegmentsRepository, type AudienceRow, type ReadScope } from './segments.repository.js';

export type Clock = () => Date;
export interface PoolVisibility {
  view(
    actor: Actor,
    kind: 'account' | 'lead',
    owners: OwnerFilter,
  ): Promise<{ visible: null | { poolIds: string[]; unpooled: boolean } }>;
}
type SegmentRow = NonNullable<Awaited<ReturnType<SegmentsRepository['get']>>>;

/** What another module's list needs to filter by a saved segment: a condition on its table. */
export type SegmentListFilter<T extends 'accounts' | 'leads'> = (
  actor: Actor,
  segmentId: string,
) => Promise<(eb: ExpressionBuilder<Database, T>) => Expression<SqlBool>>;

/**
 * Segments: criteria over accounts, contacts or leads, counted and listed within the caller's
 * data scope for that object (records in the shared pool count for everyone who may read them).
 * Saved segments are the organisation's: everyone with the grant sees them; a scope narrower
 * than `all` limits changes to one's own.
 */
export class SegmentsService {
  private readonly repo: SegmentsRepository;
  /** "Today" for ages; tests move it. */
  clock: Clock = () => new Date();

  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    private readonly directory: DirectoryCache,
    /** Which pools (公海) a caller sees records without an owner in. */
    private readonly pools?: PoolVisibility,
  ) {
    this.repo = new SegmentsRepository(db, dialect);
  }

  private today() {
    return localDate(this.clock());
  }

  /** The records of `object` the actor may read: owners in scope, and the pools they belong to. */
  private async scope(actor: Actor, object: SegmentObject): Promise<ReadScope & { dir: OrgDirectory }> {
    const g = await guard(this.directory, actor, object, 'read');
    if (object === 'contact' || !this.pools) return { owners: g.owners, dir: g.dir };
    const view = await this.pools.view(actor, object, g.owners);
    return { owners: g.owners, pooled: view.visible, dir: g.dir };
  }

  async count(actor: Actor, criteria: SegmentCriteria): Promise<SegmentCount> {
    await guard(this.directory, actor, 'segment', 'read');
    const conds = checkConditions(criteria.object, criteria.conditions);
    const scope = await this.scope(actor, criteria.object);
    const count = await this.repo.count(actor.orgId, criteria.object, conds, this.today(), scope);
    return { count, limited: scope.owners !== null };
  }

  async preview(actor: Actor, body: SegmentPreview): Promise<SegmentMemberPage> {
    await guard(this.directory, actor, 'segment', 'read');
    return this.memberPage(actor, body.object, body.conditions, { limit: body.limit ?? 20 });
  }

  async members(actor: Actor, id: string, query: SegmentMembersQuery): Promise<SegmentMemberPage> {
    const { row } = await this.visible(actor, id, 'read');
    return this.memberPage(actor, row.object as SegmentObject, parseConditions(row.criteria), query);
  }

  private async memberPage(
    actor: Actor,
    object: SegmentObject,
    conditions: SegmentCondition[],
    query: SegmentMembersQuery,
  ): Promise<SegmentMemberPage> {
    const conds = checkConditions(object, conditions);
    const scope = await this.scope(actor, object);
    const { dir } = scope;
    const today = this.today();
    const limit = query.limit ?? 50;
    const [rows, count] = await Promise.all([
      this.repo.members(actor.orgId, object, conds, today, scope, query.cursor, limit),
      this.repo.count(actor.orgId, object, conds, today, scope),
    ]);
    const page = toPage(
      rows.map((r) => ({
        id: r.id,
        object,
        name: r.name,
        detail: r.detail,
        email: r.email,
        phone: r.phone,
        region: r.region,
        ownerName: nameOf(dir, r.ownerId),
      })),
      { field: 'name', column: 'name', desc: false },
      limit,
    );
    return { ...page, count, limited: scope.owners !== null };
  }

  async list(actor: Actor, query: SegmentListQuery) {
    const { dir } = await guard(this.directory, actor, 'segment', 'read');
    const sort = parseSort(query.sort, 'segments', SEGMENT_SORTS);
    const limit = query.limit ?? 50;
    const rows = await this.repo.list(actor.orgId, query.object, query.q, sort, query.cursor, limit);
    return toPage(
      rows.map((r) => toSegment(r, dir)),
      sort,
      limit,
    );
  }

  async get(actor: Actor, id: string): Promise<Segment> {
    const { row, dir } = await this.visible(actor, id, 'read');
    return toSegment(row, dir);
  }

  async create(actor: Actor, input: SegmentCreate): Promise<Segment> {
    const { dir } = await guard(this.directory, actor, 'segment', 'create');
    checkConditions(input.object, input.conditions);
    const at = new Date().toISOString();
    const row = {
      id: newId(),
      orgId: actor.orgId,
      name: requiredText(input.name),
      object: input.object,
      criteria: JSON.stringify({ conditions: input.conditions }),
      description: input.description ?? null,
      ownerId: actor.userId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.repo.insert(row);
    return toSegment(row, dir);
  }

  async update(actor: Actor, id: string, input: SegmentUpdate): Promise<Segment> {
    const { row } = await this.visible(actor, id, 'update');
    const patch: Record<string, unknown> = {};
    if (input.name !== undefined) patch.name = requiredText(input.name);
    if (input.description !== undefined) patch.description = input.description;
    if (input.conditions !== undefined) {
      checkConditions(row.object as SegmentObject, input.conditions);
      patch.criteria = JSON.stringify({ conditions: input.conditions });
    }
    const ok = await this.repo.update(actor.orgId, id, input.version, patch, new Date().toISOString());
    if (!ok) throw stale('Segment');
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.visible(actor, id, 'delete');
    const used = await this.repo.usedBy(actor.orgId, id);
    if (used > 0) throw conflict(`${used} campaign(s) use this segment as their audience; change them first`);
    await this.repo.delete(actor.orgId, id);
  }

  /** A saved segment the actor may act on (reading is open to every holder of the grant). */
  async visible(actor: Actor, id: string, action: 'read' | 'update' | 'delete') {
    const g = await guard(this.directory, actor, 'segment', action);
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Segment');
    if (action !== 'read' && g.owners !== null && !g.owners.includes(row.ownerId))
      throw forbidden('You may only change segments you own');
    return { row, ...g };
  }

  /** For the accounts and leads lists: `?segmentId=` keeps the segment's members. */
  listFilter<T extends 'accounts' | 'leads'>(table: T): SegmentListFilter<T> {
    const object: SegmentObject = table === 'accounts' ? 'account' : 'lead';
    return async (actor, segmentId) => {
      const { row } = await this.visible(actor, segmentId, 'read').catch((err: unknown) => {
        throw err instanceof AppError && err.status === 404
          ? invalidField('segmentId', 'no segment with this id in your organisation')
          : err;
      });
      if (row.object !== object)
        throw invalidField('segmentId', `is a segment of ${row.object}s, not of ${object}s`);
      const conds = checkConditions(object, parseConditions(row.criteria));
      const ids = this.repo.memberIds(actor.orgId, object, conds, this.today());
      return (eb) => eb(`${table}.id` as never, 'in', ids as never);
    };
  }

  /**
   * The segment's people with an e-mail address, as the actor may see them (campaign audiences).
   */
  async audience(
    actor: Actor,
    segmentId: string,
  ): Promise<{ rows: AudienceRow[]; withoutEmail: number; limited: boolean; object: SegmentObject }> {
    const { row } = await this.visible(actor, segmentId, 'read');
    const object = row.object as SegmentObject;
    const conds = checkConditions(object, parseConditions(row.criteria));
    const scope = await this.scope(actor, object);
    const contacts = object === 'account' ? await this.scope(actor, 'contact') : scope;
    const r = await this.repo.audience(actor.orgId, object, conds, this.today(), scope, contacts);
    return { ...r, limited: scope.owners !== null || contacts.owners !== null, object };
  }
}

function parseConditions(criteria: string): SegmentCondition[] {
  return (JSON.parse(criteria) as { conditions: SegmentCondition[] }).conditions;
}

export function toSegment(r: SegmentRow, dir: OrgDirectory): Segment {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    object: r.object as SegmentObject,
    conditions: parseConditions(r.criteria),
    ownerId: r.ownerId,
    ownerName: nameOf(dir, r.ownerId) ?? '',
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
