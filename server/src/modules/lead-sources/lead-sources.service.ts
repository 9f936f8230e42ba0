import type { Kysely } from 'kysely';
import {
  DEFAULT_LEAD_SOURCES,
  type LeadSource,
  type LeadSourceCategory,
  type LeadSourceCreate,
  type LeadSourceUpdate,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { conflict, invalidField, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { pick, updateVersioned } from '../../lib/records.js';
import { authorize, type Actor } from '../access/index.js';
import { LeadSourcesRepository, type LeadSourceRow } from './lead-sources.repository.js';

const EDITABLE = ['nameZh', 'nameEn', 'category', 'active', 'sortOrder'] as const;

/**
 * The organisation's lead sources (线索来源). leads.source holds a source's key, so a key never
 * changes and a source in use is deactivated rather than deleted. Every organisation starts
 * with DEFAULT_LEAD_SOURCES (the former closed list), added the first time its sources are read.
 */
export class LeadSourcesService {
  private readonly repo: LeadSourcesRepository;
  /** Organisations known to have their sources, so the check costs one query per instance. */
  private readonly seeded = new Set<string>();

  constructor(private readonly db: Kysely<Database>) {
    this.repo = new LeadSourcesRepository(db);
  }

  async list(actor: Actor): Promise<{ items: LeadSource[] }> {
    authorize(actor, 'lead_source', 'read');
    await this.ensureDefaults(actor.orgId);
    const [rows, counts] = await Promise.all([
      this.repo.list(actor.orgId),
      this.repo.leadCounts(actor.orgId),
    ]);
    return { items: rows.map((r) => toLeadSource(r, counts.get(r.key) ?? 0)) };
  }

  async create(actor: Actor, input: LeadSourceCreate): Promise<LeadSource> {
    authorize(actor, 'lead_source', 'create');
    await this.ensureDefaults(actor.orgId);
    if (await this.repo.byKey(actor.orgId, input.key))
      throw conflict('A lead source with this key already exists', [
        { path: 'key', message: 'already used' },
      ]);
    const at = new Date().toISOString();
    const row: LeadSourceRow = {
      id: newId(),
      orgId: actor.orgId,
      key: input.key,
      nameZh: input.nameZh.trim(),
      nameEn: input.nameEn.trim(),
      category: input.category,
      active: input.active === false ? 0 : 1,
      sortOrder: input.sortOrder ?? (await this.repo.list(actor.orgId)).length * 10,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    if (!row.nameZh) throw invalidField('nameZh', 'must not be empty');
    if (!row.nameEn) throw invalidField('nameEn', 'must not be empty');
    await this.repo.insert(row);
    return toLeadSource(row, 0);
  }

  async update(actor: Actor, id: string, input: LeadSourceUpdate): Promise<LeadSource> {
    authorize(actor, 'lead_source', 'update');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Lead source');
    const patch = pick(input, EDITABLE);
    for (const f of ['nameZh', 'nameEn'] as const) {
      if (typeof patch[f] === 'string') patch[f] = (patch[f] as string).trim();
      if (patch[f] === '') throw invalidField(f, 'must not be empty');
    }
    if (typeof patch.active === 'boolean') patch.active = patch.active ? 1 : 0;
    await updateVersioned(
      this.db,
      'leadSources',
      { orgId: actor.orgId, id, version: input.version },
      patch,
      new Date().toISOString(),
      'Lead source',
    );
    const saved = (await this.repo.get(actor.orgId, id))!;
    return toLeadSource(saved, await this.repo.countLeads(actor.orgId, saved.key));
  }

  /** Only a source no lead uses; one in use is deactivated instead (its leads keep their value). */
  async remove(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'lead_source', 'delete');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Lead source');
    const used = await this.repo.countLeads(actor.orgId, row.key);
    if (used > 0)
      throw conflict(`${used} leads use this source; deactivate it instead`, [
        { path: 'active', message: 'in use' },
      ]);
    await this.repo.delete(actor.orgId, id);
  }

  /** Throws 400 on `source` unless `key` is an active source of the organisation. */
  async checkSource(orgId: string, key: string): Promise<void> {
    await this.ensureDefaults(orgId);
    const row = await this.repo.byKey(orgId, key);
    if (!row) throw invalidField('source', `"${key}" is not a lead source of your organisation`);
    if (row.active !== 1) throw invalidField('source', `the lead source "${key}" is deactivated`);
  }

  /** The organisation's source names by key, for explanations and pages. */
  async names(orgId: string): Promise<Map<string, { nameZh: string; nameEn: string; active: boolean }>> {
    await this.ensureDefaults(orgId);
    const rows = await this.repo.list(orgId);
    return new Map(rows.map((r) => [r.key, { nameZh: r.nameZh, nameEn: r.nameEn, active: r.active === 1 }]));
  }

  /** Gives an organisation without any source the default ones. */
  async ensureDefaults(orgId: string): Promise<void> {
    if (this.seeded.has(orgId)) return;
    if (!(await this.repo.hasAny(orgId))) await this.repo.insertMissing(defaultSourceRows(orgId, new Date()));
    this.seeded.add(orgId);
  }
}

export function defaultSourceRows(orgId: string, now: Date, id: () => string = newId): LeadSourceRow[] {
  const at = now.toISOString();
  return DEFAULT_LEAD_SOURCES.map((s, i) => ({
    id: id(),
    orgId,
    key: s.key,
    nameZh: s.nameZh,
    nameEn: s.nameEn,
    category: s.category,
    active: 1,
    sortOrder: i * 10,
    createdAt: at,
    updatedAt: at,
    version: 1,
  }));
}

function toLeadSource(r: LeadSourceRow, leadCount: number): LeadSource {
  return {
    id: r.id,
    key: r.key,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    category: r.category as LeadSourceCategory,
    active: r.active === 1,
    sortOrder: r.sortOrder,
    leadCount,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
