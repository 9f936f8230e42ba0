import type { Kysely } from 'kysely';
import type { Database, LeadScoreModelsTable, LeadScoringRulesTable } from '../../db/schema.js';

export type ScoringRuleRow = Omit<LeadScoringRulesTable, 'version' | 'active'> & {
  version: number;
  active: number;
};
export type ScoreModelRow = {
  [K in keyof LeadScoreModelsTable]: K extends
    'modelWeight' | 'examples' | 'positives' | 'negatives' | 'holdoutSize'
    ? number
    : K extends 'status'
      ? string
      : LeadScoreModelsTable[K];
};

export interface ScoredLeadRow {
  id: string;
  status: string;
  source: string | null;
  industry: string | null;
  region: string | null;
  title: string | null;
  phone: string | null;
  email: string | null;
  company: string | null;
  wechat: string | null;
  notes: string | null;
  score: number | null;
}

const LEAD_COLUMNS = [
  'id',
  'status',
  'source',
  'industry',
  'region',
  'title',
  'phone',
  'email',
  'company',
  'wechat',
  'notes',
  'score',
] as const;

/** A lead's engagement events: activity types, and 'form_submission'. */
export interface EngagementEvent {
  leadId: string;
  type: string;
  at: string;
}

export class ScoringRepository {
  constructor(private readonly db: Kysely<Database>) {}

  rules(orgId: string): Promise<ScoringRuleRow[]> {
    return this.db
      .selectFrom('leadScoringRules')
      .selectAll()
      .where('orgId', '=', orgId)
      .orderBy('position')
      .orderBy('id')
      .execute();
  }

  rule(orgId: string, id: string): Promise<ScoringRuleRow | undefined> {
    return this.db
      .selectFrom('leadScoringRules')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async nextPosition(orgId: string): Promise<number> {
    const r = await this.db
      .selectFrom('leadScoringRules')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('orgId', '=', orgId)
      .executeTakeFirst();
    return r?.p === null || r?.p === undefined ? 0 : Number(r.p) + 1;
  }

  async insertRule(row: ScoringRuleRow): Promise<void> {
    await this.db.insertInto('leadScoringRules').values(row).execute();
  }

  async deleteRule(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('leadScoringRules').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  model(orgId: string): Promise<ScoreModelRow | undefined> {
    return this.db
      .selectFrom('leadScoreModels')
      .selectAll()
      .where('orgId', '=', orgId)
      .executeTakeFirst() as Promise<ScoreModelRow | undefined>;
  }

  async saveModel(row: ScoreModelRow): Promise<void> {
    const { orgId: _orgId, ...rest } = row;
    await this.db
      .insertInto('leadScoreModels')
      .values(row)
      .onConflict((oc) => oc.column('orgId').doUpdateSet(rest))
      .execute();
  }

  /** The organisation's decided leads: converted (positive) and disqualified (negative). */
  decidedLeads(orgId: string): Promise<ScoredLeadRow[]> {
    return this.db
      .selectFrom('leads')
      .select(LEAD_COLUMNS)
      .where('orgId', '=', orgId)
      .where('status', 'in', ['converted', 'disqualified'])
      .execute();
  }

  lead(orgId: string, id: string): Promise<ScoredLeadRow | undefined> {
    return this.db
      .selectFrom('leads')
      .select(LEAD_COLUMNS)
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  allLeads(orgId: string): Promise<ScoredLeadRow[]> {
    return this.db.selectFrom('leads').select(LEAD_COLUMNS).where('orgId', '=', orgId).execute();
  }

  /** Activities on leads and accepted form submissions since `since`; one lead, or all of them. */
  async engagement(orgId: string, since: string, leadId?: string): Promise<EngagementEvent[]> {
    let acts = this.db
      .selectFrom('activities')
      .select(['relatedId as leadId', 'type', 'createdAt as at'])
      .where('orgId', '=', orgId)
      .where('relatedType', '=', 'lead')
      .where('createdAt', '>=', since);
    if (leadId) acts = acts.where('relatedId', '=', leadId);
    let subs = this.db
      .selectFrom('webFormSubmissions')
      .select(['leadId', 'createdAt as at'])
      .where('orgId', '=', orgId)
      .where('outcome', '=', 'accepted')
      .where('leadId', 'is not', null)
      .where('createdAt', '>=', since);
    if (leadId) subs = subs.where('leadId', '=', leadId);
    // campaign e-mails the lead opened or clicked (recorded by the campaigns module's tracking)
    let mail = this.db
      .selectFrom('engagementEvents')
      .select(['leadId', 'type', 'occurredAt as at'])
      .where('orgId', '=', orgId)
      .where('type', 'in', ['email_open', 'email_click'])
      .where('leadId', 'is not', null)
      .where('occurredAt', '>=', since);
    if (leadId) mail = mail.where('leadId', '=', leadId);
    const [a, s, m] = await Promise.all([acts.execute(), subs.execute(), mail.execute()]);
    return [
      ...a.map((r) => ({ leadId: r.leadId!, type: r.type, at: String(r.at) })),
      ...s.map((r) => ({ leadId: r.leadId!, type: 'form_submission', at: String(r.at) })),
      ...m.map((r) => ({ leadId: r.leadId!, type: r.type, at: String(r.at) })),
    ];
  }

  /** Stores scores without touching version or updated_at: a score is derived, not an edit. */
  async setScores(orgId: string, scores: Map<string, number>): Promise<void> {
    const byValue = new Map<number, string[]>();
    for (const [id, score] of scores) byValue.set(score, [...(byValue.get(score) ?? []), id]);
    for (const [score, ids] of byValue)
      for (let i = 0; i < ids.length; i += 500)
        await this.db
          .updateTable('leads')
          .set({ score })
          .where('orgId', '=', orgId)
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
  }

  async organizations(): Promise<string[]> {
    return (await this.db.selectFrom('organizations').select('id').execute()).map((r) => r.id);
  }
}
