import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { CampaignListQuery, EventRegistrationQuery } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import { updateIfVersion } from '../../lib/records.js';
import type { Database } from '../../db/schema.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { likePattern } from '../../lib/text.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';
import type { RoiInputs } from './roi.js';

export type CampaignRow = Selectable<Database['campaigns']> & {
  segmentName: string | null;
  templateName: string | null;
};
export type CostRow = Selectable<Database['campaignCosts']>;
export type RegistrationRow = Selectable<Database['eventRegistrations']>;

/** Exact decimal text of a sum of bigint columns, on both engines. */
const sumText = (expr: ReturnType<typeof sql>) => sql<string | null>`cast(sum(${expr}) as text)`;

export class CampaignsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  private withNames() {
    return this.db
      .selectFrom('campaigns')
      .leftJoin('segments', 'segments.id', 'campaigns.segmentId')
      .leftJoin('emailTemplates', 'emailTemplates.id', 'campaigns.templateId')
      .selectAll('campaigns')
      .select(['segments.name as segmentName', 'emailTemplates.name as templateName']);
  }

  list(
    orgId: string,
    owners: OwnerFilter,
    query: CampaignListQuery,
    sort: SortSpec,
    limit: number,
  ): Promise<CampaignRow[]> {
    let qb = this.withNames().where('campaigns.orgId', '=', orgId);
    if (owners) qb = qb.where(ownerIn('campaigns.ownerId', owners));
    if (query.type) qb = qb.where('campaigns.type', '=', query.type);
    if (query.status) qb = qb.where('campaigns.status', '=', query.status);
    if (query.q) qb = qb.where(this.dialect.ilike('campaigns.name', likePattern(query.q)));
    return applyKeyset(qb, sort, 'campaigns.id', query.cursor, limit).execute();
  }

  get(orgId: string, id: string): Promise<CampaignRow | undefined> {
    return this.withNames()
      .where('campaigns.orgId', '=', orgId)
      .where('campaigns.id', '=', id)
      .executeTakeFirst();
  }

  async insert(row: Insertable<Database['campaigns']>) {
    await this.db.insertInto('campaigns').values(row).execute();
  }

  async update(orgId: string, id: string, version: number, patch: Record<string, unknown>, at: string) {
    return updateIfVersion(this.db, 'campaigns', { orgId, id, version }, { ...patch, updatedAt: at });
  }

  /** What still points at a campaign: attributed leads and opportunities, recipients, registrations. */
  async dependents(orgId: string, id: string) {
    const count = async (table: 'leads' | 'opportunities' | 'campaignRecipients' | 'eventRegistrations') => {
      const r = await (this.db as unknown as Kysely<any>)
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('orgId', '=', orgId)
        .where('campaignId', '=', id)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    };
    return {
      leads: await count('leads'),
      opportunities: await count('opportunities'),
      recipients: await count('campaignRecipients'),
      registrations: await count('eventRegistrations'),
    };
  }

  async delete(orgId: string, id: string) {
    await this.db.transaction().execute(async (trx) => {
      for (const table of ['campaignCosts', 'campaignLinks', 'engagementEvents'] as const)
        await trx.deleteFrom(table).where('orgId', '=', orgId).where('campaignId', '=', id).execute();
      await trx.deleteFrom('campaigns').where('orgId', '=', orgId).where('id', '=', id).execute();
    });
  }

  /**
   * The ROI figures of the given campaigns in three grouped queries: cost lines, attributed
   * leads (converted = status converted or a conversion recorded), attributed opportunities.
   */
  async roiInputs(orgId: string, ids: string[]): Promise<Map<string, RoiInputs>> {
    const out = new Map<string, RoiInputs>(
      ids.map((id) => [
        id,
        {
          cost: null,
          leads: 0,
          convertedLeads: 0,
          opportunities: 0,
          wonOpportunities: 0,
          wonRevenue: null,
          pipelineAmount: null,
        },
      ]),
    );
    if (ids.length === 0) return out;
    const costs = await this.db
      .selectFrom('campaignCosts')
      .select(['campaignId', sumText(sql`amount`).as('total')])
      .where('orgId', '=', orgId)
      .where('campaignId', 'in', ids)
      .groupBy('campaignId')
      .execute();
    for (const c of costs) out.get(c.campaignId)!.cost = c.total;
    const leads = await this.db
      .selectFrom('leads')
      .select([
        'campaignId',
        (eb) => eb.fn.countAll().as('n'),
        sql<number>`sum(case when status = 'converted' or converted_at is not null then 1 else 0 end)`.as(
          'converted',
        ),
      ])
      .where('orgId', '=', orgId)
      .where('campaignId', 'in', ids)
      .groupBy('campaignId')
      .execute();
    for (const l of leads) {
      const r = out.get(l.campaignId!)!;
      r.leads = Number(l.n);
      r.convertedLeads = Number(l.converted ?? 0);
    }
    const opps = await this.db
      .selectFrom('opportunities')
      .select([
        'campaignId',
        (eb) => eb.fn.countAll().as('n'),
        sql<number>`sum(case when status = 'won' then 1 else 0 end)`.as('won'),
        sumText(sql`case when status = 'won' then amount else 0 end`).as('wonRevenue'),
        sumText(sql`case when status = 'open' then amount else 0 end`).as('pipeline'),
      ])
      .where('orgId', '=', orgId)
      .where('campaignId', 'in', ids)
      .groupBy('campaignId')
      .execute();
    for (const o of opps) {
      const r = out.get(o.campaignId!)!;
      r.opportunities = Number(o.n);
      r.wonOpportunities = Number(o.won ?? 0);
      r.wonRevenue = o.wonRevenue;
      r.pipelineAmount = o.pipeline;
    }
    return out;
  }

  // Cost lines.
  costs(orgId: string, campaignId: string): Promise<CostRow[]> {
    return this.db
      .selectFrom('campaignCosts')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('campaignId', '=', campaignId)
      .orderBy('costDate')
      .orderBy('id')
      .execute();
  }

  async insertCost(row: CostRow) {
    await this.db.insertInto('campaignCosts').values(row).execute();
  }

  async deleteCost(orgId: string, campaignId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('campaignCosts')
      .where('orgId', '=', orgId)
      .where('campaignId', '=', campaignId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  // Event registrations.
  registrations(
    orgId: string,
    campaignId: string,
    query: EventRegistrationQuery,
    limit: number,
  ): Promise<RegistrationRow[]> {
    let qb = this.db
      .selectFrom('eventRegistrations')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('campaignId', '=', campaignId);
    if (query.attended !== undefined) qb = qb.where('attended', '=', query.attended ? 1 : 0);
    if (query.q) {
      const p = likePattern(query.q);
      qb = qb.where((eb) =>
        eb.or([
          this.dialect.ilike('eventRegistrations.name', p),
          this.dialect.ilike('eventRegistrations.company', p),
          eb('phone', 'like', p),
          this.dialect.ilike('eventRegistrations.email', p),
        ]),
      );
    }
    const sort: SortSpec = { field: 'registeredAt', column: 'eventRegistrations.registeredAt', desc: true };
    return applyKeyset(qb, sort, 'eventRegistrations.id', query.cursor, limit).execute();
  }

  async registrationCounts(orgId: string, campaignId: string) {
    const r = await this.db
      .selectFrom('eventRegistrations')
      .select([(eb) => eb.fn.countAll().as('n'), sql<number>`sum(attended)`.as('attended')])
      .where('orgId', '=', orgId)
      .where('campaignId', '=', campaignId)
      .executeTakeFirst();
    return { registered: Number(r?.n ?? 0), attended: Number(r?.attended ?? 0) };
  }

  registration(orgId: string, campaignId: string, id: string) {
    return this.db
      .selectFrom('eventRegistrations')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('campaignId', '=', campaignId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async insertRegistration(row: Insertable<Database['eventRegistrations']>) {
    await this.db.insertInto('eventRegistrations').values(row).execute();
  }

  async updateRegistration(orgId: string, id: string, patch: Record<string, unknown>, at: string) {
    await this.db
      .updateTable('eventRegistrations')
      .set((eb) => ({ ...patch, updatedAt: at, version: eb('version', '+', 1) }))
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  /** A lead or contact of the organisation with this e-mail, to link a registration to. */
  async personByEmail(orgId: string, email: string) {
    const contact = await this.db
      .selectFrom('contacts')
      .select('id')
      .where('orgId', '=', orgId)
      .where(
        this.dialect.ilike(
          'contacts.email',
          email.replace(/[\\%_]/g, (c) => `\\${c}`),
        ),
      )
      .orderBy('id')
      .executeTakeFirst();
    const lead = await this.db
      .selectFrom('leads')
      .select('id')
      .where('orgId', '=', orgId)
      .where(
        this.dialect.ilike(
          'leads.email',
          email.replace(/[\\%_]/g, (c) => `\\${c}`),
        ),
      )
      .orderBy('id')
      .executeTakeFirst();
    return { contactId: contact?.id ?? null, leadId: lead?.id ?? null };
  }

  async existsIn(
    orgId: string,
    table: 'contacts' | 'leads' | 'emailTemplates',
    id: string,
  ): Promise<boolean> {
    const r = await this.db
      .selectFrom(table)
      .select('id')
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return !!r;
  }

  async recordEngagement(row: Insertable<Database['engagementEvents']>) {
    await this.db.insertInto('engagementEvents').values(row).execute();
  }
}
