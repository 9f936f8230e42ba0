import type { Kysely } from 'kysely';
import {
  CAMPAIGN_SORTS,
  type BoothLead,
  type BoothLeadCreate,
  type Campaign,
  type CampaignCost,
  type CampaignCostCreate,
  type CampaignCreate,
  type CampaignListQuery,
  type CampaignUpdate,
  type EventCheckIn,
  type EventRegistration,
  type EventRegistrationCreate,
  type EventRegistrationPage,
  type EventRegistrationQuery,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { badRequest, conflict, invalidField, notFound, stale } from '../../http/errors.js';
import { checkDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { parseSort, toPage } from '../../lib/pagination.js';
import { requiredText } from '../../lib/records.js';
import {
  assertAssignable,
  guard,
  listOwners,
  nameOf,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
} from '../access/index.js';
import type { LeadsService } from '../leads/index.js';
import type { SegmentsService } from '../segments/index.js';
import {
  CampaignsRepository,
  type CampaignRow,
  type CostRow,
  type RegistrationRow,
} from './campaigns.repository.js';
import { computeRoi, type RoiInputs } from './roi.js';

export type Clock = () => Date;
/** An event's registrations fit one export; beyond this the CSV is cut. */
const EXPORT_MAX = 50_000;

/**
 * Campaigns (e-mail, events, other) with their costs and return. Campaigns belong to the
 * organisation: ROI counts every lead and opportunity attributed to one, whoever owns them.
 * Working an event (registrations, check-in, booth leads) needs only read access to the campaign,
 * so the reps at the booth can do it; changing the campaign or its costs needs update.
 */
export class CampaignsService {
  readonly repo: CampaignsRepository;
  clock: Clock = () => new Date();

  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly segments: SegmentsService,
    private readonly leads: LeadsService,
  ) {
    this.repo = new CampaignsRepository(db, dialect);
  }

  async list(actor: Actor, query: CampaignListQuery) {
    const g = await guard(this.directory, actor, 'campaign', 'read');
    const sort = parseSort(query.sort, 'campaigns', CAMPAIGN_SORTS, '-createdAt');
    const limit = query.limit ?? 50;
    const rows = await this.repo.list(
      actor.orgId,
      listOwners(actor, g, query.view, query.ownerId),
      query,
      sort,
      limit,
    );
    const roi = await this.repo.roiInputs(
      actor.orgId,
      rows.slice(0, limit).map((r) => r.id),
    );
    return toPage(
      rows.map((r) => toCampaign(r, g.dir, roi.get(r.id))),
      sort,
      limit,
    );
  }

  async get(actor: Actor, id: string): Promise<Campaign> {
    const { row, dir } = await this.visible(actor, id, 'read');
    const roi = await this.repo.roiInputs(actor.orgId, [id]);
    return toCampaign(row, dir, roi.get(id));
  }

  async create(actor: Actor, input: CampaignCreate): Promise<Campaign> {
    const g = await guard(this.directory, actor, 'campaign', 'create');
    const ownerId = input.ownerId ?? actor.userId;
    assertAssignable(g.owners, g.dir, ownerId);
    const startDate = checkDate(input.startDate ?? null, 'startDate');
    const endDate = checkDate(input.endDate ?? null, 'endDate');
    checkPeriod(startDate, endDate);
    await this.checkLinks(actor, input.segmentId ?? null, input.templateId ?? null);
    const at = this.clock().toISOString();
    const id = newId();
    await this.repo.insert({
      id,
      orgId: actor.orgId,
      name: requiredText(input.name),
      type: input.type,
      status: input.status ?? 'planned',
      startDate,
      endDate,
      budget: input.budget ?? 0,
      currency: input.currency ?? 'CNY',
      source: input.source ?? null,
      location: input.location ?? null,
      description: input.description ?? null,
      segmentId: input.segmentId ?? null,
      templateId: input.templateId ?? null,
      emailSnapshot: null,
      sendStartedAt: null,
      sentBy: null,
      ownerId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: CampaignUpdate): Promise<Campaign> {
    const { row, owners, dir } = await this.visible(actor, id, 'update');
    const patch: Record<string, unknown> = {};
    for (const key of [
      'status',
      'budget',
      'currency',
      'source',
      'location',
      'description',
      'segmentId',
      'templateId',
    ] as const)
      if (input[key] !== undefined) patch[key] = input[key];
    if (input.name !== undefined) patch.name = requiredText(input.name);
    if (input.startDate !== undefined) patch.startDate = checkDate(input.startDate, 'startDate');
    if (input.endDate !== undefined) patch.endDate = checkDate(input.endDate, 'endDate');
    checkPeriod(
      input.startDate !== undefined ? (patch.startDate as string | null) : row.startDate,
      input.endDate !== undefined ? (patch.endDate as string | null) : row.endDate,
    );
    if (input.ownerId !== undefined && input.ownerId !== row.ownerId) {
      assertAssignable(owners, dir, input.ownerId);
      patch.ownerId = input.ownerId;
    }
    if (row.sendStartedAt && input.templateId !== undefined && input.templateId !== row.templateId)
      throw invalidField('templateId', 'sending has started: the e-mail is frozen');
    await this.checkLinks(
      actor,
      input.segmentId !== undefined && input.segmentId !== row.segmentId ? input.segmentId : null,
      input.templateId !== undefined && input.templateId !== row.templateId ? input.templateId : null,
    );
    const ok = await this.repo.update(actor.orgId, id, input.version, patch, this.clock().toISOString());
    if (!ok) throw stale('Campaign');
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.visible(actor, id, 'delete');
    const d = await this.repo.dependents(actor.orgId, id);
    if (d.leads + d.opportunities + d.recipients + d.registrations > 0)
      throw conflict(
        `This campaign has ${d.leads} leads, ${d.opportunities} opportunities, ${d.recipients} e-mail recipients and ${d.registrations} registrations; mark it completed instead`,
      );
    await this.repo.delete(actor.orgId, id);
  }

  /** A campaign of the actor's organisation in their scope for `action`; others are 404. */
  async visible(actor: Actor, id: string, action: 'read' | 'update' | 'delete') {
    const g = await guard(this.directory, actor, 'campaign', action);
    const row = await this.repo.get(actor.orgId, id);
    if (!row || (g.owners !== null && !g.owners.includes(row.ownerId))) throw notFound('Campaign');
    return { row, ...g };
  }

  private async checkLinks(actor: Actor, segmentId: string | null, templateId: string | null) {
    if (segmentId) {
      const seg = await this.segments.visible(actor, segmentId, 'read').catch(() => null);
      if (!seg) throw invalidField('segmentId', 'no segment with this id in your organisation');
    }
    if (templateId && !(await this.repo.existsIn(actor.orgId, 'emailTemplates', templateId)))
      throw invalidField('templateId', 'no e-mail template with this id in your organisation');
  }

  // Costs.
  async costs(actor: Actor, id: string): Promise<CampaignCost[]> {
    const { dir } = await this.visible(actor, id, 'read');
    return (await this.repo.costs(actor.orgId, id)).map((c) => toCost(c, dir));
  }

  async addCost(actor: Actor, id: string, input: CampaignCostCreate): Promise<CampaignCost> {
    const { dir } = await this.visible(actor, id, 'update');
    const row: CostRow = {
      id: newId(),
      orgId: actor.orgId,
      campaignId: id,
      costDate: checkDate(input.date, 'date')!,
      item: requiredText(input.item, 'item'),
      amount: input.amount,
      createdBy: actor.userId,
      createdAt: this.clock().toISOString(),
    };
    await this.repo.insertCost(row);
    return toCost(row, dir);
  }

  async removeCost(actor: Actor, id: string, costId: string): Promise<void> {
    await this.visible(actor, id, 'update');
    if (!(await this.repo.deleteCost(actor.orgId, id, costId))) throw notFound('Cost line');
  }

  // Events.
  private async event(actor: Actor, id: string) {
    const v = await this.visible(actor, id, 'read');
    if (v.row.type !== 'event') throw badRequest('Registrations belong to event campaigns');
    return v;
  }

  async registrations(
    actor: Actor,
    id: string,
    query: EventRegistrationQuery,
  ): Promise<EventRegistrationPage> {
    await this.event(actor, id);
    const limit = query.limit ?? 100;
    const rows = await this.repo.registrations(actor.orgId, id, query, limit);
    const page = toPage(rows.map(toRegistration), { field: 'registeredAt', column: '', desc: true }, limit);
    return { ...page, ...(await this.repo.registrationCounts(actor.orgId, id)) };
  }

  async register(actor: Actor, id: string, input: EventRegistrationCreate): Promise<EventRegistration> {
    await this.event(actor, id);
    const email = input.email?.trim().toLowerCase() || null;
    let contactId = input.contactId ?? null;
    let leadId = input.leadId ?? null;
    if (contactId && !(await this.repo.existsIn(actor.orgId, 'contacts', contactId)))
      throw invalidField('contactId', 'no contact with this id in your organisation');
    if (leadId && !(await this.repo.existsIn(actor.orgId, 'leads', leadId)))
      throw invalidField('leadId', 'no lead with this id in your organisation');
    // A known e-mail links the registration to the person it belongs to.
    if (email && !contactId && !leadId)
      ({ contactId, leadId } = await this.repo.personByEmail(actor.orgId, email));
    const at = this.clock().toISOString();
    const row: RegistrationRow = {
      id: newId(),
      orgId: actor.orgId,
      campaignId: id,
      name: requiredText(input.name),
      company: input.company?.trim() || null,
      phone: input.phone?.trim() || null,
      email,
      contactId,
      leadId,
      registeredAt: input.registeredAt ? new Date(input.registeredAt).toISOString() : at,
      attended: 0,
      attendedAt: null,
      notes: input.notes ?? null,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.repo.insertRegistration(row);
    await this.engagement(actor.orgId, 'event_registered', id, row, at);
    return toRegistration(row);
  }

  /** Marks a registration attended (or not) on the day. */
  async checkIn(actor: Actor, id: string, registrationId: string, input: EventCheckIn) {
    await this.event(actor, id);
    const row = await this.repo.registration(actor.orgId, id, registrationId);
    if (!row) throw notFound('Registration');
    const at = this.clock().toISOString();
    const wasAttended = row.attended === 1;
    if (wasAttended !== input.attended) {
      await this.repo.updateRegistration(
        actor.orgId,
        registrationId,
        { attended: input.attended ? 1 : 0, attendedAt: input.attended ? at : null },
        at,
      );
      if (input.attended) await this.engagement(actor.orgId, 'event_attended', id, row, at);
    }
    return toRegistration((await this.repo.registration(actor.orgId, id, registrationId))!);
  }

  /** All registrations as CSV (UTF-8 with BOM, so Excel reads the Chinese). */
  async exportCsv(actor: Actor, id: string): Promise<{ filename: string; body: string }> {
    const { row } = await this.event(actor, id);
    const all = (await this.repo.registrations(actor.orgId, id, {}, EXPORT_MAX)).slice(0, EXPORT_MAX);
    const header = [
      '姓名 Name',
      '公司 Company',
      '电话 Phone',
      '邮箱 E-mail',
      '报名时间 Registered at',
      '已签到 Attended',
      '签到时间 Attended at',
      '联系人 Contact id',
      '线索 Lead id',
      '备注 Notes',
    ];
    const lines = [
      header,
      ...all
        .reverse()
        .map((r) => [
          r.name,
          r.company,
          r.phone,
          r.email,
          r.registeredAt,
          r.attended ? '是 yes' : '否 no',
          r.attendedAt,
          r.contactId,
          r.leadId,
          r.notes,
        ]),
    ].map((cells) => cells.map(csvCell).join(','));
    const safe = row.name.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 60);
    return { filename: `${safe || 'event'}-registrations.csv`, body: `\ufeff${lines.join('\r\n')}\r\n` };
  }

  /** A lead met at the booth: owned by the one capturing it, with the campaign and its source. */
  async boothLead(actor: Actor, id: string, input: BoothLeadCreate): Promise<BoothLead> {
    const { row } = await this.event(actor, id);
    const registration = input.registrationId
      ? await this.repo.registration(actor.orgId, id, input.registrationId)
      : undefined;
    if (input.registrationId && !registration)
      throw invalidField('registrationId', 'no registration with this id for this event');
    const lead = await this.leads.create(actor, {
      name: input.name,
      company: input.company ?? registration?.company ?? null,
      title: input.title ?? null,
      phone: input.phone ?? registration?.phone ?? null,
      email: input.email ?? registration?.email ?? null,
      notes: input.notes ?? null,
      source: row.source,
      campaignId: id,
    });
    if (registration && !registration.leadId)
      await this.repo.updateRegistration(
        actor.orgId,
        registration.id,
        { leadId: lead.id },
        this.clock().toISOString(),
      );
    return { leadId: lead.id, name: lead.name, campaignId: id, source: row.source };
  }

  private async engagement(
    orgId: string,
    type: 'event_registered' | 'event_attended',
    campaignId: string,
    r: RegistrationRow,
    at: string,
  ) {
    if (!r.leadId && !r.contactId) return;
    await this.repo.recordEngagement({
      id: newId(),
      orgId,
      type,
      campaignId,
      recipientId: null,
      leadId: r.leadId,
      contactId: r.contactId,
      accountId: null,
      detail: r.id,
      occurredAt: at,
    });
  }
}

function checkPeriod(start: string | null, end: string | null) {
  if (start && end && end < start) throw invalidField('endDate', 'must not be before the start date');
}

/** A CSV cell: quoted when needed; a leading = + - @ is defused so a spreadsheet shows it as text. */
function csvCell(v: string | number | null): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCampaign(r: CampaignRow, dir: OrgDirectory, roi: RoiInputs | undefined): Campaign {
  return {
    id: r.id,
    name: r.name,
    type: r.type as Campaign['type'],
    status: r.status as Campaign['status'],
    startDate: r.startDate,
    endDate: r.endDate,
    budget: Number(r.budget),
    currency: r.currency,
    source: r.source,
    location: r.location,
    description: r.description,
    segmentId: r.segmentId,
    segmentName: r.segmentName,
    templateId: r.templateId,
    templateName: r.templateName,
    sendStartedAt: r.sendStartedAt,
    roi: computeRoi(
      roi ?? {
        cost: null,
        leads: 0,
        convertedLeads: 0,
        opportunities: 0,
        wonOpportunities: 0,
        wonRevenue: null,
        pipelineAmount: null,
      },
    ),
    ownerId: r.ownerId,
    ownerName: nameOf(dir, r.ownerId) ?? '',
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

function toCost(c: CostRow, dir: OrgDirectory): CampaignCost {
  return {
    id: c.id,
    campaignId: c.campaignId,
    date: c.costDate,
    item: c.item,
    amount: Number(c.amount),
    createdBy: c.createdBy,
    createdByName: nameOf(dir, c.createdBy) ?? '',
    createdAt: c.createdAt,
  };
}

export function toRegistration(r: RegistrationRow): EventRegistration {
  return {
    id: r.id,
    campaignId: r.campaignId,
    name: r.name,
    company: r.company,
    phone: r.phone,
    email: r.email,
    contactId: r.contactId,
    leadId: r.leadId,
    registeredAt: r.registeredAt,
    attended: r.attended === 1,
    attendedAt: r.attendedAt,
    notes: r.notes,
    createdAt: r.createdAt,
    version: r.version,
  };
}
