import type { Kysely } from 'kysely';
import { LEAD_SORTS, type Lead, type LeadCreate, type LeadListQuery, type LeadUpdate } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { invalidField, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { parseSort, toPage } from '../../lib/pagination.js';
import { pick, requiredText, saveChanges } from '../../lib/records.js';
import {
  assertAssignable,
  guard,
  listOwners,
  nameOf,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
} from '../access/index.js';
import type { SegmentListFilter } from '../segments/index.js';
import {
  keepMasked,
  maskEmail,
  maskPhone,
  maskWechat,
  type PoolsService,
  type PoolView,
} from '../pools/index.js';
import { checkConversionState } from './lead-conversion.service.js';
import { LeadsRepository, type LeadRow } from './leads.repository.js';

const EDITABLE = [
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
  'locale',
  'campaignId',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'utmTerm',
  'utmContent',
] as const;

/**
 * What lead intake (sources, assignment rules, scoring) does around a lead's writes. Wired in
 * app.ts, so this module does not depend on those.
 */
export interface LeadIntakeHooks {
  /** Throws 400 on `source` unless the key is an active lead source of the organisation. */
  checkSource(orgId: string, source: string): Promise<void>;
  /** After a create: route the lead by the assignment rules when asked, then score it. */
  created(actor: Actor, leadId: string, opts: { autoAssign: boolean }): Promise<void>;
  /** After a change: score the lead again. */
  changed(orgId: string, leadId: string): Promise<void>;
}

/**
 * Leads. A lead without an owner sits in the shared pool (公海): everyone who may read leads sees
 * it, and the "all" view lists it beside the leads in their scope.
 */
export class LeadsService {
  private readonly repo: LeadsRepository;
  private intake: LeadIntakeHooks | null = null;
  /** `?segmentId=`: the segments module's condition for its members (wired in app.ts). */
  segmentFilter: SegmentListFilter<'leads'> = async () => {
    throw invalidField('segmentId', 'segments are not available');
  };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly pools: PoolsService,
  ) {
    this.repo = new LeadsRepository(db, dialect);
  }

  useIntake(hooks: LeadIntakeHooks): void {
    this.intake = hooks;
  }

  async list(actor: Actor, query: LeadListQuery) {
    const g = await guard(this.directory, actor, 'lead', 'read');
    const sort = parseSort(query.sort, 'leads', LEAD_SORTS);
    const limit = query.limit ?? 50;
    // pooled leads (公海) show in "all" for the members of their pool
    const view = await this.pools.view(actor, 'lead', g.owners);
    const pooled = !query.ownerId && (!query.view || query.view === 'all') ? view.visible : false;
    const extra = query.segmentId ? await this.segmentFilter(actor, query.segmentId) : undefined;
    const rows = await this.repo.list(
      actor.orgId,
      listOwners(actor, g, query.view, query.ownerId),
      pooled,
      query,
      sort,
      limit,
      extra,
    );
    return toPage(
      rows.map((r) => toLead(r, g.dir, view)),
      sort,
      limit,
    );
  }

  async get(actor: Actor, id: string): Promise<Lead> {
    const { row, dir, view } = await this.visible(actor, id, 'read');
    return toLead(row, dir, view);
  }

  async create(actor: Actor, input: LeadCreate): Promise<Lead> {
    const g = await guard(this.directory, actor, 'lead', 'create');
    // autoAssign without an owner: the rules pick one (or the lead stays in the pool)
    const ownerId = input.ownerId === undefined ? (input.autoAssign ? null : actor.userId) : input.ownerId;
    if (ownerId) assertAssignable(g.owners, g.dir, ownerId);
    checkConversionState(null, input);
    if (input.source) await this.intake?.checkSource(actor.orgId, input.source);
    const at = new Date().toISOString();
    // a lead without an owner goes into the default lead pool
    const view = await this.pools.view(actor, 'lead', g.owners);
    const row: LeadRow = {
      id: newId(),
      orgId: actor.orgId,
      name: requiredText(input.name),
      company: input.company ?? null,
      title: input.title ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      wechat: input.wechat ?? null,
      source: input.source ?? null,
      status: input.status ?? 'new',
      region: input.region ?? null,
      industry: input.industry ?? null,
      notes: input.notes ?? null,
      ownerId,
      campaignId: input.campaignId ?? null,
      utmSource: input.utmSource ?? null,
      utmMedium: input.utmMedium ?? null,
      utmCampaign: input.utmCampaign ?? null,
      utmTerm: input.utmTerm ?? null,
      utmContent: input.utmContent ?? null,
      score: null,
      convertedAccountId: null,
      convertedContactId: null,
      convertedOpportunityId: null,
      convertedAt: null,
      locale: input.locale ?? null,
      poolId: ownerId ? null : (view.pools.defaults.lead?.id ?? null),
      poolEnteredAt: ownerId ? null : at,
      previousOwnerId: null,
      ownedSince: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.repo.insert(row);
    if (this.intake) {
      await this.intake.created(actor, row.id, { autoAssign: !!input.autoAssign && ownerId === null });
      return toLead(
        (await this.repo.get(actor.orgId, row.id)) ?? row,
        await this.directory.get(actor.orgId),
        view,
      );
    }
    return toLead(row, g.dir, view);
  }

  async update(actor: Actor, id: string, input: LeadUpdate): Promise<Lead> {
    const { row, dir, owners, view } = await this.visible(actor, id, 'update');
    const patch = pick(input, EDITABLE);
    checkConversionState(row, patch);
    if (typeof patch.name === 'string') patch.name = patch.name.trim();
    if (patch.name === '') throw invalidField('name', 'must not be empty');
    if (patch.ownerId && patch.ownerId !== row.ownerId)
      assertAssignable(owners, dir, patch.ownerId as string);
    if (row.ownerId === null && view.masks(row.poolId))
      keepMasked(patch, row, { phone: maskPhone, email: maskEmail, wechat: maskWechat });
    // into or out of a pool through an edit: a claim, an assignment or a return, with the pool's rules
    let poolMove: Parameters<typeof saveChanges>[2];
    if (patch.ownerId !== undefined && patch.ownerId !== row.ownerId)
      poolMove = await this.pools.ownerChange(actor, 'lead', row, patch.ownerId as string | null, owners);
    if (typeof patch.source === 'string' && patch.source !== row.source)
      await this.intake?.checkSource(actor.orgId, patch.source);
    await saveChanges(
      this.db,
      {
        table: 'leads',
        entityType: 'lead',
        what: 'Lead',
        orgId: actor.orgId,
        userId: actor.userId,
        id,
        version: input.version,
        before: row,
        patch,
        fields: EDITABLE,
      },
      poolMove,
    );
    await this.intake?.changed(actor.orgId, id);
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.visible(actor, id, 'delete');
    await this.db
      .transaction()
      .execute((trx) => new LeadsRepository(trx, this.dialect).delete(actor.orgId, id));
  }

  async visible(actor: Actor, id: string, action: 'read' | 'update' | 'delete') {
    const g = await guard(this.directory, actor, 'lead', action);
    const row = await this.repo.get(actor.orgId, id);
    const view = await this.pools.view(actor, 'lead', g.owners);
    // a pooled lead (no owner) is seen by the members of its pool
    const inScope =
      row &&
      (row.ownerId === null ? view.canSee(row.poolId) : g.owners === null || g.owners.includes(row.ownerId));
    if (!row || !inScope) throw notFound('Lead');
    return { row, ...g, view };
  }
}

/** `view` names the pool of a pooled lead and masks its details where the pool hides them. */
export function toLead(r: LeadRow, dir: OrgDirectory, view?: PoolView): Lead {
  const masked = r.ownerId === null && !!view?.masks(r.poolId);
  return {
    id: r.id,
    name: r.name,
    company: r.company,
    title: r.title,
    phone: masked ? maskPhone(r.phone) : r.phone,
    email: masked ? maskEmail(r.email) : r.email,
    wechat: masked ? maskWechat(r.wechat) : r.wechat,
    source: r.source as Lead['source'],
    status: r.status as Lead['status'],
    region: r.region,
    industry: r.industry as Lead['industry'],
    notes: r.notes,
    locale: r.locale as Lead['locale'],
    ownerId: r.ownerId,
    ownerName: r.ownerId ? nameOf(dir, r.ownerId) : (view?.nameOf(r.poolId) ?? null),
    poolId: r.poolId,
    poolName: view?.nameOf(r.poolId) ?? null,
    campaignId: r.campaignId,
    utmSource: r.utmSource,
    utmMedium: r.utmMedium,
    utmCampaign: r.utmCampaign,
    utmTerm: r.utmTerm,
    utmContent: r.utmContent,
    score: r.score,
    convertedAccountId: r.convertedAccountId,
    convertedContactId: r.convertedContactId,
    convertedOpportunityId: r.convertedOpportunityId,
    convertedAt: r.convertedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
