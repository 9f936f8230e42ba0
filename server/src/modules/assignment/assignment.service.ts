import type { Kysely } from 'kysely';
import type {
  AssignmentConditions,
  AssignmentDetail,
  AssignmentMethod,
  AssignmentPreview,
  AssignmentPreviewInput,
  AssignmentReason,
  AssignmentRule,
  AssignmentRuleCreate,
  AssignmentRuleOrder,
  AssignmentRuleUpdate,
  AssignmentTrigger,
  LeadAssignment,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { invalidField, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { updateVersioned } from '../../lib/records.js';
import {
  authorize,
  nameOf,
  teamSubtree,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
} from '../access/index.js';
import {
  AssignmentRepository,
  type AssignmentRuleRow,
  type LeadAssignmentRow,
  type RoutedLead,
} from './assignment.repository.js';

/** How the assignment module checks the actor may change a lead (the leads module's rule). */
export type LeadAccess = (actor: Actor, leadId: string, action: 'read' | 'update') => Promise<unknown>;

interface Member {
  id: string;
  name: string;
}

/**
 * Assignment rules (分配规则): ordered rules whose conditions look at a lead's region, industry,
 * source and keywords in its notes or company; the first active rule that matches names a team,
 * and the lead goes to one of the team's people:
 * - the people are the active users of the team — and, when the rule says so (the default), of
 *   its sub-teams — with the sales_rep role, plus sales managers when the rule includes them;
 * - round robin: the next person after the one who got the team's last lead (a pointer per
 *   team, persisted); by capacity: whoever has the fewest open leads (new, contacted,
 *   qualified), ties broken in round-robin order. Either way people at the rule's maximum of
 *   open leads are skipped;
 * - nobody matches, nobody is in the team, or everyone is at the maximum: the lead stays in the
 *   pool (公海) unassigned, and the reason is recorded. The first matching rule decides: a full
 *   team does not pass the lead to a later rule.
 * Every run is recorded in lead_assignments with the rule and the reason, shown on the lead.
 */
export class AssignmentService {
  private readonly repo: AssignmentRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly leadAccess: LeadAccess,
  ) {
    this.repo = new AssignmentRepository(db);
  }

  // --- rules ---------------------------------------------------------------------------------

  async listRules(actor: Actor): Promise<{ items: AssignmentRule[] }> {
    authorize(actor, 'assignment_rule', 'read');
    const [rows, dir, users, pools] = await Promise.all([
      this.repo.rules(actor.orgId),
      this.directory.get(actor.orgId),
      this.repo.salesUsers(actor.orgId),
      this.repo.leadPools(actor.orgId),
    ]);
    const poolNames = new Map(pools.map((p) => [p.id, p.name]));
    const membersByRule = new Map(rows.map((r) => [r.id, membersOf(r, dir, users)]));
    const allIds = [...new Set([...membersByRule.values()].flat().map((m) => m.id))];
    const open = await this.repo.openLeadCounts(actor.orgId, allIds);
    return {
      items: rows.map((r) =>
        toRule(
          r,
          dir,
          membersByRule.get(r.id)!.map((m) => ({ ...m, openLeads: open.get(m.id) ?? 0 })),
          poolNames,
        ),
      ),
    };
  }

  async createRule(actor: Actor, input: AssignmentRuleCreate): Promise<AssignmentRule> {
    authorize(actor, 'assignment_rule', 'create');
    const dir = await this.directory.get(actor.orgId);
    if (!dir.teams.has(input.teamId)) throw invalidField('teamId', 'no such team in your organisation');
    const poolId = await this.checkPool(actor.orgId, input.method, input.poolId ?? null);
    const name = input.name.trim();
    if (!name) throw invalidField('name', 'must not be empty');
    const at = new Date().toISOString();
    const row: AssignmentRuleRow = {
      id: newId(),
      orgId: actor.orgId,
      name,
      position: await this.repo.nextPosition(actor.orgId),
      active: input.active === false ? 0 : 1,
      conditions: JSON.stringify(cleanConditions(input.conditions)),
      teamId: input.teamId,
      includeSubteams: input.includeSubteams === false ? 0 : 1,
      includeManagers: input.includeManagers ? 1 : 0,
      method: input.method,
      maxOpenPerRep: input.maxOpenPerRep ?? null,
      poolId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.repo.insertRule(row);
    return this.one(actor, row.id);
  }

  async updateRule(actor: Actor, id: string, input: AssignmentRuleUpdate): Promise<AssignmentRule> {
    authorize(actor, 'assignment_rule', 'update');
    const before = await this.repo.rule(actor.orgId, id);
    if (!before) throw notFound('Assignment rule');
    const patch: Record<string, unknown> = {};
    if (input.method !== undefined || input.poolId !== undefined) {
      const method = input.method ?? (before.method as AssignmentMethod);
      const pool = input.poolId !== undefined ? input.poolId : before.poolId;
      patch.poolId = await this.checkPool(actor.orgId, method, method === 'pool' ? pool : null);
    }
    if (input.name !== undefined) {
      patch.name = input.name.trim();
      if (!patch.name) throw invalidField('name', 'must not be empty');
    }
    if (input.teamId !== undefined) {
      const dir = await this.directory.get(actor.orgId);
      if (!dir.teams.has(input.teamId)) throw invalidField('teamId', 'no such team in your organisation');
      patch.teamId = input.teamId;
    }
    if (input.conditions !== undefined) patch.conditions = JSON.stringify(cleanConditions(input.conditions));
    if (input.method !== undefined) patch.method = input.method;
    if (input.maxOpenPerRep !== undefined) patch.maxOpenPerRep = input.maxOpenPerRep;
    for (const f of ['active', 'includeSubteams', 'includeManagers'] as const)
      if (input[f] !== undefined) patch[f] = input[f] ? 1 : 0;
    await updateVersioned(
      this.db,
      'assignmentRules',
      { orgId: actor.orgId, id, version: input.version },
      patch,
      new Date().toISOString(),
      'Assignment rule',
    );
    return this.one(actor, id);
  }

  async removeRule(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'assignment_rule', 'delete');
    if (!(await this.repo.rule(actor.orgId, id))) throw notFound('Assignment rule');
    await this.repo.deleteRule(actor.orgId, id);
  }

  /** Puts the rules in the given order (every rule of the organisation, once). */
  async reorder(actor: Actor, input: AssignmentRuleOrder): Promise<{ items: AssignmentRule[] }> {
    authorize(actor, 'assignment_rule', 'update');
    const rows = await this.repo.rules(actor.orgId);
    const known = new Set(rows.map((r) => r.id));
    if (
      input.ids.length !== rows.length ||
      new Set(input.ids).size !== input.ids.length ||
      input.ids.some((id) => !known.has(id))
    )
      throw invalidField('ids', 'list every assignment rule of your organisation exactly once');
    await this.db.transaction().execute(async (trx) => {
      const repo = new AssignmentRepository(trx);
      for (const [position, id] of input.ids.entries()) await repo.setPosition(actor.orgId, id, position);
    });
    return this.listRules(actor);
  }

  /** Method 'pool' needs one of the organisation's lead pools; other methods keep none. */
  private async checkPool(orgId: string, method: AssignmentMethod, poolId: string | null) {
    if (method !== 'pool') return null;
    if (!poolId) throw invalidField('poolId', "choose the lead pool for the rule's leads");
    const pool = await this.repo.pool(orgId, poolId);
    if (!pool || pool.kind !== 'lead') throw invalidField('poolId', 'no such lead pool in your organisation');
    return poolId;
  }

  private async one(actor: Actor, id: string): Promise<AssignmentRule> {
    const rule = (await this.listRules(actor)).items.find((r) => r.id === id);
    if (!rule) throw notFound('Assignment rule');
    return rule;
  }

  // --- assigning -----------------------------------------------------------------------------

  /** A dry run for the rules screen: moves no pointer and assigns nothing. */
  async preview(actor: Actor, input: AssignmentPreviewInput): Promise<AssignmentPreview> {
    authorize(actor, 'assignment_rule', 'read');
    const lead: RoutedLead = {
      id: '',
      ownerId: null,
      region: input.region ?? null,
      industry: input.industry ?? null,
      source: input.source ?? null,
      company: input.company ?? null,
      notes: input.notes ?? null,
      version: 1,
    };
    const dir = await this.directory.get(actor.orgId);
    const outcome = await this.route(new AssignmentRepository(this.db), actor.orgId, lead, dir, false);
    return {
      ruleId: outcome.rule?.id ?? null,
      ruleName: outcome.rule?.name ?? null,
      teamName: outcome.rule ? (dir.teams.get(outcome.rule.teamId)?.name ?? null) : null,
      userId: outcome.userId,
      userName: nameOf(dir, outcome.userId),
      reason: outcome.reason,
      detail: outcome.detail,
    };
  }

  /**
   * Routes one lead by the rules, in one transaction: the pointer, the owner, the lead's history
   * and the assignment record commit together. Used for web-form leads, API leads created with
   * autoAssign, and the manual action.
   */
  async assignLead(
    orgId: string,
    leadId: string,
    trigger: AssignmentTrigger,
    actorId: string | null,
  ): Promise<LeadAssignment> {
    const dir = await this.directory.get(orgId);
    const row = await this.db.transaction().execute(async (trx) => {
      const repo = new AssignmentRepository(trx);
      const lead = await repo.lead(orgId, leadId);
      if (!lead) throw notFound('Lead');
      const outcome = await this.route(repo, orgId, lead, dir, true);
      const at = new Date().toISOString();
      if (outcome.userId && outcome.userId !== lead.ownerId)
        await repo.setOwner(orgId, lead, outcome.userId, actorId, at);
      if (outcome.reason === 'to_pool')
        await repo.putInPool(orgId, lead, outcome.rule!.poolId!, outcome.rule!.name, actorId, at);
      const record: LeadAssignmentRow = {
        id: newId(),
        orgId,
        leadId,
        ruleId: outcome.rule?.id ?? null,
        ruleName: outcome.rule?.name ?? null,
        teamId: outcome.rule?.teamId ?? null,
        userId: outcome.userId,
        method: outcome.rule?.method ?? null,
        reason: outcome.reason,
        detail: JSON.stringify(outcome.detail),
        trigger,
        actorId,
        createdAt: at,
      };
      await repo.record(record);
      return record;
    });
    return toAssignment(row, dir);
  }

  /** 按规则分配 on a selection: each lead must be one the actor may change. */
  async assignByRules(actor: Actor, leadIds: string[]): Promise<{ items: LeadAssignment[] }> {
    authorize(actor, 'lead', 'update');
    authorize(actor, 'assignment_rule', 'read');
    const ids = [...new Set(leadIds)];
    for (const id of ids) await this.leadAccess(actor, id, 'update');
    const items: LeadAssignment[] = [];
    for (const id of ids) items.push(await this.assignLead(actor.orgId, id, 'manual', actor.userId));
    return { items };
  }

  async history(actor: Actor, leadId: string): Promise<{ items: LeadAssignment[] }> {
    await this.leadAccess(actor, leadId, 'read');
    const [rows, dir] = await Promise.all([
      this.repo.history(actor.orgId, leadId),
      this.directory.get(actor.orgId),
    ]);
    return { items: rows.map((r) => toAssignment(r, dir)) };
  }

  private async route(
    repo: AssignmentRepository,
    orgId: string,
    lead: RoutedLead,
    dir: OrgDirectory,
    commit: boolean,
  ): Promise<{
    rule: AssignmentRuleRow | null;
    userId: string | null;
    reason: AssignmentReason;
    detail: AssignmentDetail;
  }> {
    const rules = (await repo.rules(orgId)).filter((r) => r.active === 1);
    for (const rule of rules) {
      const matched = matchRule(JSON.parse(rule.conditions) as AssignmentConditions, lead);
      if (!matched) continue;
      if (rule.method === 'pool') {
        const pool = rule.poolId ? await repo.pool(orgId, rule.poolId) : undefined;
        return {
          rule,
          userId: null,
          reason: 'to_pool',
          detail: { matched, ...(pool ? { poolId: pool.id, poolName: pool.name } : {}) },
        };
      }
      const members = membersOf(rule, dir, await repo.salesUsers(orgId));
      if (members.length === 0)
        return { rule, userId: null, reason: 'no_members', detail: { matched, candidates: 0 } };
      const at = new Date().toISOString();
      const last = commit
        ? await repo.lockPointer(orgId, rule.teamId, at)
        : await this.peekPointer(orgId, rule.teamId);
      const open = await repo.openLeadCounts(
        orgId,
        members.map((m) => m.id),
      );
      const pick = choose(rule.method as AssignmentMethod, members, last, open, rule.maxOpenPerRep);
      const detail: AssignmentDetail = {
        matched,
        candidates: members.length,
        atMax: pick.atMax,
        maxOpenPerRep: rule.maxOpenPerRep,
      };
      if (!pick.userId) return { rule, userId: null, reason: 'team_full', detail };
      if (commit) await repo.movePointer(orgId, rule.teamId, pick.userId);
      return {
        rule,
        userId: pick.userId,
        reason: 'matched',
        detail: { ...detail, openLeads: pick.openLeads },
      };
    }
    return { rule: null, userId: null, reason: 'no_rule', detail: {} };
  }

  private async peekPointer(orgId: string, teamId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('assignmentPointers')
      .select('lastUserId')
      .where('orgId', '=', orgId)
      .where('teamId', '=', teamId)
      .executeTakeFirst();
    return row?.lastUserId ?? null;
  }
}

/** The conditions the lead meets ("region=华东", …), or null when one of them fails. */
export function matchRule(
  c: AssignmentConditions,
  lead: Pick<RoutedLead, 'region' | 'industry' | 'source' | 'company' | 'notes'>,
): string[] | null {
  const matched: string[] = [];
  if (c.regions?.length) {
    const region = lead.region?.trim();
    if (!region || !c.regions.includes(region)) return null;
    matched.push(`region=${region}`);
  }
  if (c.industries?.length) {
    if (!lead.industry || !(c.industries as string[]).includes(lead.industry)) return null;
    matched.push(`industry=${lead.industry}`);
  }
  if (c.sources?.length) {
    if (!lead.source || !c.sources.includes(lead.source)) return null;
    matched.push(`source=${lead.source}`);
  }
  if (c.keywords?.length) {
    const text = `${lead.notes ?? ''}\n${lead.company ?? ''}`.toLowerCase();
    const hit = c.keywords.find((k) => text.includes(k.toLowerCase()));
    if (!hit) return null;
    matched.push(`keyword=${hit}`);
  }
  return matched;
}

/** The rule's people: active, sales role, in the team (and sub-teams), in a stable order. */
export function membersOf(
  rule: Pick<AssignmentRuleRow, 'teamId' | 'includeSubteams' | 'includeManagers'>,
  dir: OrgDirectory,
  users: { id: string; name: string; role: string; teamId: string | null }[],
): Member[] {
  const teams = rule.includeSubteams ? teamSubtree(dir, rule.teamId) : new Set([rule.teamId]);
  return users
    .filter(
      (u) =>
        u.teamId !== null &&
        teams.has(u.teamId) &&
        (u.role === 'sales_rep' || (rule.includeManagers === 1 && u.role === 'sales_manager')),
    )
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((u) => ({ id: u.id, name: u.name }));
}

/**
 * Picks the next person: the rotation starts after `lastUserId`; people at `max` open leads
 * are skipped; round robin takes the first left, capacity the one with the fewest open leads.
 */
export function choose(
  method: AssignmentMethod,
  members: Member[],
  lastUserId: string | null,
  open: Map<string, number>,
  max: number | null,
): { userId: string | null; openLeads?: number; atMax: number } {
  const start = lastUserId ? members.findIndex((m) => m.id === lastUserId) + 1 : 0;
  const rotation = [...members.slice(start), ...members.slice(0, start)];
  const load = (id: string) => open.get(id) ?? 0;
  const eligible = rotation.filter((m) => max === null || load(m.id) < max);
  const atMax = rotation.length - eligible.length;
  if (eligible.length === 0) return { userId: null, atMax };
  let pick = eligible[0]!;
  if (method === 'capacity') for (const m of eligible) if (load(m.id) < load(pick.id)) pick = m;
  return { userId: pick.id, openLeads: load(pick.id), atMax };
}

function cleanConditions(c: AssignmentConditions): AssignmentConditions {
  const clean = (list: string[] | undefined) => {
    const out = [...new Set((list ?? []).map((v) => v.trim()).filter(Boolean))];
    return out.length ? out : undefined;
  };
  const out: AssignmentConditions = {};
  const regions = clean(c.regions);
  const industries = clean(c.industries) as AssignmentConditions['industries'];
  const sources = clean(c.sources);
  const keywords = clean(c.keywords);
  if (regions) out.regions = regions;
  if (industries) out.industries = industries;
  if (sources) out.sources = sources;
  if (keywords) out.keywords = keywords;
  return out;
}

function toRule(
  r: AssignmentRuleRow,
  dir: OrgDirectory,
  members: { id: string; name: string; openLeads: number }[],
  poolNames: Map<string, string>,
): AssignmentRule {
  return {
    id: r.id,
    name: r.name,
    position: r.position,
    active: r.active === 1,
    conditions: JSON.parse(r.conditions) as AssignmentConditions,
    teamId: r.teamId,
    teamName: dir.teams.get(r.teamId)?.name ?? '',
    includeSubteams: r.includeSubteams === 1,
    includeManagers: r.includeManagers === 1,
    method: r.method as AssignmentMethod,
    maxOpenPerRep: r.maxOpenPerRep,
    poolId: r.poolId,
    poolName: r.poolId ? (poolNames.get(r.poolId) ?? null) : null,
    members,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

function toAssignment(r: LeadAssignmentRow, dir: OrgDirectory): LeadAssignment {
  return {
    id: r.id,
    ruleId: r.ruleId,
    ruleName: r.ruleName,
    teamId: r.teamId,
    teamName: r.teamId ? (dir.teams.get(r.teamId)?.name ?? null) : null,
    userId: r.userId,
    userName: nameOf(dir, r.userId),
    method: r.method as AssignmentMethod | null,
    reason: r.reason as AssignmentReason,
    detail: r.detail ? (JSON.parse(r.detail) as AssignmentDetail) : {},
    trigger: r.trigger as AssignmentTrigger,
    actorName: nameOf(dir, r.actorId),
    createdAt: r.createdAt,
  };
}
