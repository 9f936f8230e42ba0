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
] as const;

/**
 * Leads. A lead without an owner sits in the shared pool (公海): everyone who may read leads sees
 * it, and the "all" view lists it beside the leads in their scope.
 */
export class LeadsService {
  private readonly repo: LeadsRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly directory: DirectoryCache,
  ) {
    this.repo = new LeadsRepository(db, dialect);
  }

  async list(actor: Actor, query: LeadListQuery) {
    const g = await guard(this.directory, actor, 'lead', 'read');
    const sort = parseSort(query.sort, 'leads', LEAD_SORTS);
    const limit = query.limit ?? 50;
    const pool = !query.ownerId && (!query.view || query.view === 'all');
    const rows = await this.repo.list(
      actor.orgId,
      listOwners(actor, g, query.view, query.ownerId),
      pool,
      query,
      sort,
      limit,
    );
    return toPage(
      rows.map((r) => toLead(r, g.dir)),
      sort,
      limit,
    );
  }

  async get(actor: Actor, id: string): Promise<Lead> {
    const { row, dir } = await this.visible(actor, id, 'read');
    return toLead(row, dir);
  }

  async create(actor: Actor, input: LeadCreate): Promise<Lead> {
    const g = await guard(this.directory, actor, 'lead', 'create');
    const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
    if (ownerId) assertAssignable(g.owners, g.dir, ownerId);
    const at = new Date().toISOString();
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
      campaignId: null,
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      utmTerm: null,
      utmContent: null,
      score: null,
      convertedAccountId: null,
      convertedContactId: null,
      convertedOpportunityId: null,
      convertedAt: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.repo.insert(row);
    return toLead(row, g.dir);
  }

  async update(actor: Actor, id: string, input: LeadUpdate): Promise<Lead> {
    const { row, dir, owners } = await this.visible(actor, id, 'update');
    const patch = pick(input, EDITABLE);
    if (typeof patch.name === 'string') patch.name = patch.name.trim();
    if (patch.name === '') throw invalidField('name', 'must not be empty');
    if (patch.ownerId && patch.ownerId !== row.ownerId)
      assertAssignable(owners, dir, patch.ownerId as string);
    await saveChanges(this.db, {
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
    });
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
    const inScope = row && (g.owners === null || row.ownerId === null || g.owners.includes(row.ownerId));
    if (!row || !inScope) throw notFound('Lead');
    return { row, ...g };
  }
}

export function toLead(r: LeadRow, dir: OrgDirectory): Lead {
  return {
    id: r.id,
    name: r.name,
    company: r.company,
    title: r.title,
    phone: r.phone,
    email: r.email,
    wechat: r.wechat,
    source: r.source as Lead['source'],
    status: r.status as Lead['status'],
    region: r.region,
    industry: r.industry as Lead['industry'],
    notes: r.notes,
    ownerId: r.ownerId,
    ownerName: nameOf(dir, r.ownerId),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
