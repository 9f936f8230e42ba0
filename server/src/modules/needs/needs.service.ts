import type { Kysely } from 'kysely';
import {
  needsCompleteness,
  type BudgetStatus,
  type DecisionMaker,
  type NeedsChecklistResult,
  type NeedsCreate,
  type NeedsHistory,
  type NeedsListQuery,
  type NeedsRecord,
  type NeedsUpdate,
  type PainCategory,
  type PainPoint,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, invalidField, notFound } from '../../http/errors.js';
import { checkDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { pick, requiredText, saveChanges } from '../../lib/records.js';
import { authorize, guard, nameOf, type Actor, type DirectoryCache } from '../access/index.js';
import type { AccountsService } from '../accounts/index.js';
import type { OpportunitiesService, StageProcessService } from '../opportunities/index.js';
import { NeedsRepository, type NeedsJoined, type NeedsRow } from './needs.repository.js';

/** Fields a PATCH may change; each change is one field_changes row (JSON fields as JSON text). */
const TRACKED = [
  'title',
  'opportunityId',
  'contactId',
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
] as const;
type Tracked = (typeof TRACKED)[number];

/** The parts of a needs record as the rules see them (parsed, not JSON text). */
export interface NeedsValues {
  title: string;
  opportunityId: string | null;
  contactId: string | null;
  situation: string | null;
  painPoints: PainPoint[];
  goals: string | null;
  budgetAmount: number | null;
  budgetMin: number | null;
  budgetMax: number | null;
  currency: string;
  budgetStatus: BudgetStatus;
  decisionDate: string | null;
  goLiveDate: string | null;
  decisionMakers: { contactId: string; role: DecisionMaker['role'] }[];
  competitors: string[];
  notes: string | null;
}

/** Which checklist items a needs record can tick: matched on the item's id or label. */
const CHECKLIST_PARTS: [RegExp, keyof ReturnType<typeof needsCompleteness>][] = [
  [/痛点|pain/i, 'painPoints'],
  [/预算|budget/i, 'budget'],
  [/决策|decision/i, 'decisionMakers'],
  [/时间|timeline|schedule/i, 'timeline'],
];

const parse = <T>(json: string, fallback: T): T => {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
};
const blank = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);

/**
 * Needs records (需求分析) of a customer. Access follows the account: whoever may read the
 * account reads its needs, whoever may change the account changes them (a rep their own
 * accounts, a manager the team's). Edits are versioned with a history row per changed field.
 */
export class NeedsService {
  private readonly repo: NeedsRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly accounts: AccountsService,
    private readonly opportunities: OpportunitiesService,
    private readonly stageProcess: StageProcessService,
  ) {
    this.repo = new NeedsRepository(db);
  }

  async list(actor: Actor, query: NeedsListQuery): Promise<{ items: NeedsRecord[] }> {
    authorize(actor, 'needs_record', 'read');
    let owners;
    if (query.accountId) {
      await this.accountFor(actor, query.accountId, 'read');
      owners = null;
    } else owners = (await guard(this.directory, actor, 'account', 'read')).owners;
    if (query.opportunityId) await this.opportunities.visible(actor, query.opportunityId, 'read');
    const rows = await this.repo.list(actor.orgId, owners, query, query.limit ?? 50);
    return { items: await this.present(actor.orgId, rows) };
  }

  async get(actor: Actor, id: string): Promise<NeedsRecord> {
    return (await this.present(actor.orgId, [await this.readable(actor, id)]))[0]!;
  }

  /** The record if the actor may read its account; 404 otherwise. Proposals read through this. */
  async readable(actor: Actor, id: string): Promise<NeedsJoined> {
    authorize(actor, 'needs_record', 'read');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Needs record');
    await this.accountFor(actor, row.accountId, 'read', () => notFound('Needs record'));
    return row;
  }

  /** The record as the rules see it (parsed JSON), for modules that build on it. */
  values(row: NeedsJoined): NeedsValues {
    return toValues(row);
  }

  private async writable(actor: Actor, id: string, action: 'update' | 'delete' = 'update') {
    authorize(actor, 'needs_record', action);
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Needs record');
    await this.accountFor(actor, row.accountId, 'update', () => notFound('Needs record'));
    return row;
  }

  /**
   * The account, if the actor may act on it. Outside the scope: `missing()` (404 for a record
   * reached through it, a field error for a body that names it); the role's own 403 stays.
   */
  private async accountFor(
    actor: Actor,
    accountId: string,
    action: 'read' | 'update',
    missing: () => AppError = () => invalidField('accountId', 'no such account in your data scope'),
  ) {
    try {
      return (await this.accounts.visible(actor, accountId, action)).row;
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw missing();
      throw err;
    }
  }

  async create(actor: Actor, input: NeedsCreate): Promise<NeedsRecord> {
    authorize(actor, 'needs_record', 'create');
    await this.accountFor(actor, input.accountId, 'update');
    const values = await this.check(actor, input.accountId, {
      title: requiredText(input.title, 'title'),
      opportunityId: input.opportunityId ?? null,
      contactId: input.contactId ?? null,
      situation: blank(input.situation),
      painPoints: withIds(input.painPoints ?? [], []),
      goals: blank(input.goals),
      budgetAmount: input.budgetAmount ?? null,
      budgetMin: input.budgetMin ?? null,
      budgetMax: input.budgetMax ?? null,
      currency: input.currency ?? 'CNY',
      budgetStatus: input.budgetStatus ?? 'unknown',
      decisionDate: input.decisionDate ?? null,
      goLiveDate: input.goLiveDate ?? null,
      decisionMakers: input.decisionMakers ?? [],
      competitors: input.competitors ?? [],
      notes: blank(input.notes),
    });
    if (input.sourceResponseId) {
      const ok = await this.repo.responseOfAccount(actor.orgId, input.sourceResponseId, input.accountId);
      if (!ok) throw invalidField('sourceResponseId', 'no such answer set for this account');
    }
    const at = new Date().toISOString();
    const row: NeedsRow = {
      id: newId(),
      orgId: actor.orgId,
      accountId: input.accountId,
      ...stored(values),
      sourceResponseId: input.sourceResponseId ?? null,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.repo.insert(row);
    return this.get(actor, row.id);
  }

  async update(actor: Actor, id: string, input: NeedsUpdate): Promise<NeedsRecord> {
    const row = await this.writable(actor, id);
    const current = toValues(row);
    const given = pick(input, TRACKED) as Partial<NeedsValues> & { painPoints?: NeedsUpdate['painPoints'] };
    const next: NeedsValues = {
      ...current,
      ...(given as Partial<NeedsValues>),
      title: given.title !== undefined ? requiredText(given.title, 'title') : current.title,
      situation: 'situation' in given ? blank(given.situation) : current.situation,
      goals: 'goals' in given ? blank(given.goals) : current.goals,
      notes: 'notes' in given ? blank(given.notes) : current.notes,
      painPoints: given.painPoints ? withIds(given.painPoints, current.painPoints) : current.painPoints,
      currency: given.currency ?? current.currency,
      budgetStatus: given.budgetStatus ?? current.budgetStatus,
      decisionMakers: given.decisionMakers ?? current.decisionMakers,
      competitors: given.competitors ?? current.competitors,
    };
    const checked = await this.check(actor, row.accountId, next);
    const all = stored(checked);
    const patch: Record<string, unknown> = {};
    for (const f of TRACKED) if (f in given) patch[f] = all[f];
    await saveChanges(this.db, {
      table: 'needs_records',
      entityType: 'needs_record',
      what: 'Needs record',
      orgId: actor.orgId,
      userId: actor.userId,
      id,
      version: input.version,
      before: row,
      patch,
      fields: TRACKED,
    });
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.writable(actor, id, 'delete');
    const proposals = await this.repo.proposalCount(actor.orgId, id);
    if (proposals > 0)
      throw conflict(`This needs record has ${proposals} proposals; delete them first or keep the record`);
    await this.repo.delete(actor.orgId, id);
  }

  /** The record's changes, newest first; contact and opportunity ids shown as names. */
  async history(actor: Actor, id: string): Promise<NeedsHistory> {
    await this.readable(actor, id);
    const dir = await this.directory.get(actor.orgId);
    const changes = await this.repo.changes(actor.orgId, id, 200);
    const ids = (field: string) =>
      changes
        .filter((c) => c.field === field)
        .flatMap((c) => [c.oldValue, c.newValue])
        .filter((v): v is string => !!v);
    const [contacts, opps] = await Promise.all([
      this.repo.contacts(actor.orgId, ids('contactId')),
      this.repo.opportunityNames(actor.orgId, ids('opportunityId')),
    ]);
    const names = new Map([...contacts, ...opps].map((r) => [r.id, r.name]));
    const show = (field: string, v: string | null) =>
      v !== null && (field === 'contactId' || field === 'opportunityId') ? (names.get(v) ?? v) : v;
    return {
      items: changes.map((c) => ({
        field: c.field,
        oldValue: show(c.field, c.oldValue),
        newValue: show(c.field, c.newValue),
        userId: c.userId,
        userName: nameOf(dir, c.userId),
        changedAt: c.changedAt,
      })),
    };
  }

  /**
   * Ticks the linked opportunity's checklist items of its current stage that this record covers:
   * an item whose id or label names 痛点/pain, 预算/budget, 决策/decision or 时间/timeline is ticked
   * when that part of the record is complete. Items already ticked are left as they are.
   */
  async applyChecklist(actor: Actor, id: string): Promise<NeedsChecklistResult> {
    const row = await this.readable(actor, id);
    if (!row.opportunityId) throw conflict('This needs record is not linked to an opportunity');
    const [record] = await this.present(actor.orgId, [row]);
    const checklist = await this.stageProcess.checklist(actor, row.opportunityId);
    const stage = checklist.stages.find((s) => s.stageId === checklist.stageId);
    const ticked: string[] = [];
    const incomplete: string[] = [];
    const labels: Record<string, string> = {};
    for (const item of stage?.items ?? []) {
      const part = CHECKLIST_PARTS.find(([re]) => re.test(item.id) || re.test(item.label))?.[1];
      if (!part || item.checked) continue;
      labels[item.id] = item.label;
      (record!.completeness[part] ? ticked : incomplete).push(item.id);
    }
    if (ticked.length)
      await this.stageProcess.tick(actor, row.opportunityId, {
        stageId: checklist.stageId,
        items: ticked.map((itemId) => ({
          id: itemId,
          checked: true,
          note: `需求分析：${row.title}`.slice(0, 500),
        })),
      });
    return { opportunityId: row.opportunityId, stageId: checklist.stageId, ticked, incomplete, labels };
  }

  /** Cross-field rules and references; returns the values as they will be stored. */
  private async check(actor: Actor, accountId: string, v: NeedsValues): Promise<NeedsValues> {
    if (v.opportunityId) {
      let opp;
      try {
        opp = (await this.opportunities.visible(actor, v.opportunityId, 'read')).row;
      } catch (err) {
        if (err instanceof AppError && err.status === 404)
          throw invalidField('opportunityId', 'no such opportunity in your data scope');
        throw err;
      }
      if (opp.accountId !== accountId) throw invalidField('opportunityId', 'belongs to another account');
    }
    const contactIds = [...(v.contactId ? [v.contactId] : []), ...v.decisionMakers.map((d) => d.contactId)];
    const contacts = new Map(
      (await this.repo.contacts(actor.orgId, contactIds)).map((c) => [c.id, c.accountId]),
    );
    if (v.contactId && contacts.get(v.contactId) !== accountId)
      throw invalidField('contactId', 'is not a contact of this account');
    const seen = new Set<string>();
    v.decisionMakers.forEach((d, i) => {
      if (contacts.get(d.contactId) !== accountId)
        throw invalidField(`decisionMakers/${i}/contactId`, 'is not a contact of this account');
      if (seen.has(d.contactId)) throw invalidField(`decisionMakers/${i}/contactId`, 'is listed twice');
      seen.add(d.contactId);
    });
    const painIds = new Set<string>();
    v.painPoints.forEach((p, i) => {
      if (painIds.has(p.id)) throw invalidField(`painPoints/${i}/id`, 'is used twice');
      painIds.add(p.id);
      p.description = requiredText(p.description, `painPoints/${i}/description`);
    });
    if (v.budgetAmount !== null && (v.budgetMin !== null || v.budgetMax !== null))
      throw invalidField('budgetAmount', 'give either an amount or a range, not both');
    if (v.budgetMin !== null && v.budgetMax !== null && v.budgetMin > v.budgetMax)
      throw invalidField('budgetMax', 'must not be below budgetMin');
    checkDate(v.decisionDate, 'decisionDate');
    checkDate(v.goLiveDate, 'goLiveDate');
    if (v.decisionDate && v.goLiveDate && v.goLiveDate < v.decisionDate)
      throw invalidField('goLiveDate', 'must not be before the decision date');
    const competitors = [...new Set(v.competitors.map((c) => c.trim()).filter(Boolean))];
    return { ...v, competitors };
  }

  /** Rows → contract records, with the names of decision makers read in one query. */
  private async present(orgId: string, rows: NeedsJoined[]): Promise<NeedsRecord[]> {
    const dir = await this.directory.get(orgId);
    const values = rows.map(toValues);
    const contacts = new Map(
      (
        await this.repo.contacts(
          orgId,
          values.flatMap((v) => v.decisionMakers.map((d) => d.contactId)),
        )
      ).map((c) => [c.id, c]),
    );
    return rows.map((r, k) => {
      const v = values[k]!;
      // a contact deleted (or moved to another account) since drops out of the list
      const decisionMakers = v.decisionMakers.flatMap((d) => {
        const c = contacts.get(d.contactId);
        return c && c.accountId === r.accountId
          ? [{ contactId: c.id, contactName: c.name, contactTitle: c.title, role: d.role }]
          : [];
      });
      const completeness = needsCompleteness({ ...v, decisionMakers });
      return {
        id: r.id,
        accountId: r.accountId,
        accountName: r.accountName,
        opportunityId: r.opportunityId,
        opportunityName: r.opportunityName,
        contactId: r.contactId,
        contactName: r.contactName,
        title: v.title,
        situation: v.situation,
        painPoints: v.painPoints,
        goals: v.goals,
        budgetAmount: v.budgetAmount,
        budgetMin: v.budgetMin,
        budgetMax: v.budgetMax,
        currency: v.currency,
        budgetStatus: v.budgetStatus,
        decisionDate: v.decisionDate,
        goLiveDate: v.goLiveDate,
        decisionMakers,
        competitors: v.competitors,
        notes: v.notes,
        sourceResponseId: r.sourceResponseId,
        completeness,
        complete: Object.values(completeness).every(Boolean),
        createdBy: r.createdBy,
        createdByName: nameOf(dir, r.createdBy) ?? '',
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        version: r.version,
      };
    });
  }
}

function toValues(r: NeedsRow): NeedsValues {
  return {
    title: r.title,
    opportunityId: r.opportunityId,
    contactId: r.contactId,
    situation: r.situation,
    painPoints: parse<PainPoint[]>(r.painPoints, []),
    goals: r.goals,
    budgetAmount: r.budgetAmount === null ? null : Number(r.budgetAmount),
    budgetMin: r.budgetMin === null ? null : Number(r.budgetMin),
    budgetMax: r.budgetMax === null ? null : Number(r.budgetMax),
    currency: r.currency,
    budgetStatus: r.budgetStatus as BudgetStatus,
    decisionDate: r.decisionDate,
    goLiveDate: r.goLiveDate,
    decisionMakers: parse(r.decisionMakers, []),
    competitors: parse(r.competitors, []),
    notes: r.notes,
  };
}

/** The values as columns: JSON arrays as text. */
function stored(v: NeedsValues): Pick<NeedsRow, Tracked> {
  return {
    ...v,
    painPoints: JSON.stringify(v.painPoints),
    decisionMakers: JSON.stringify(v.decisionMakers.map(({ contactId, role }) => ({ contactId, role }))),
    competitors: JSON.stringify(v.competitors),
  };
}

/**
 * Pain points with ids: a given id is kept (proposals point at it), a new pain point gets the
 * next free `pN`, unique within the record.
 */
function withIds(
  input: { id?: string; description: string; severity: number; category?: PainCategory }[],
  existing: PainPoint[],
): PainPoint[] {
  const used = new Set([...existing.map((p) => p.id), ...input.flatMap((p) => (p.id ? [p.id] : []))]);
  let n = 1;
  return input.map((p) => {
    let id = p.id;
    if (!id) {
      while (used.has(`p${n}`)) n++;
      id = `p${n}`;
      used.add(id);
    }
    return { id, description: p.description, severity: p.severity, category: p.category ?? 'other' };
  });
}
