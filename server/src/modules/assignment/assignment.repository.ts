import { sql, type Kysely } from 'kysely';
import type { AssignmentRulesTable, Database, LeadAssignmentsTable } from '../../db/schema.js';
import { recordChanges } from '../../lib/history.js';
import { newId } from '../../lib/ids.js';

export type AssignmentRuleRow = Omit<
  AssignmentRulesTable,
  'version' | 'active' | 'includeSubteams' | 'includeManagers'
> & { version: number; active: number; includeSubteams: number; includeManagers: number };
export type LeadAssignmentRow = LeadAssignmentsTable;

export interface RoutedLead {
  id: string;
  ownerId: string | null;
  region: string | null;
  industry: string | null;
  source: string | null;
  company: string | null;
  notes: string | null;
  version: number;
}

/** Leads that count against a rep's capacity. */
export const OPEN_LEAD_STATUSES = ['new', 'contacted', 'qualified'];

export class AssignmentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  rules(orgId: string): Promise<AssignmentRuleRow[]> {
    return this.db
      .selectFrom('assignmentRules')
      .selectAll()
      .where('orgId', '=', orgId)
      .orderBy('position')
      .orderBy('id')
      .execute();
  }

  rule(orgId: string, id: string): Promise<AssignmentRuleRow | undefined> {
    return this.db
      .selectFrom('assignmentRules')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async nextPosition(orgId: string): Promise<number> {
    const r = await this.db
      .selectFrom('assignmentRules')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('orgId', '=', orgId)
      .executeTakeFirst();
    return r?.p === null || r?.p === undefined ? 0 : Number(r.p) + 1;
  }

  async insertRule(row: AssignmentRuleRow): Promise<void> {
    await this.db.insertInto('assignmentRules').values(row).execute();
  }

  async setPosition(orgId: string, id: string, position: number): Promise<void> {
    await this.db
      .updateTable('assignmentRules')
      .set({ position })
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  async deleteRule(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('assignmentRules').where('orgId', '=', orgId).where('id', '=', id).execute();
  }

  /** Active users with a sales role, for building a team's members. */
  salesUsers(orgId: string) {
    return this.db
      .selectFrom('users')
      .select(['id', 'name', 'role', 'teamId'])
      .where('orgId', '=', orgId)
      .where('active', '=', 1)
      .where('role', 'in', ['sales_rep', 'sales_manager'])
      .orderBy('id')
      .execute();
  }

  async openLeadCounts(orgId: string, userIds: string[]): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('leads')
      .select(['ownerId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('orgId', '=', orgId)
      .where('ownerId', 'in', userIds)
      .where('status', 'in', OPEN_LEAD_STATUSES)
      .groupBy('ownerId')
      .execute();
    return new Map(rows.map((r) => [r.ownerId!, Number(r.n)]));
  }

  lead(orgId: string, id: string): Promise<RoutedLead | undefined> {
    return this.db
      .selectFrom('leads')
      .select(['id', 'ownerId', 'region', 'industry', 'source', 'company', 'notes', 'version'])
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst() as Promise<RoutedLead | undefined>;
  }

  /**
   * Takes the team's round-robin pointer for this transaction and returns who got the last lead.
   * The upsert locks the row (PostgreSQL) or holds the write lock (SQLite) until commit, so two
   * assignments to one team never read the same pointer, nor the same open-lead counts.
   */
  async lockPointer(orgId: string, teamId: string, at: string): Promise<string | null> {
    const row = await this.db
      .insertInto('assignmentPointers')
      .values({ orgId, teamId, lastUserId: null, turns: 0, updatedAt: at })
      .onConflict((oc) =>
        oc
          .columns(['orgId', 'teamId'])
          .doUpdateSet({ turns: sql<number>`assignment_pointers.turns + 1`, updatedAt: at }),
      )
      .returning('lastUserId')
      .executeTakeFirstOrThrow();
    return row.lastUserId;
  }

  async movePointer(orgId: string, teamId: string, userId: string): Promise<void> {
    await this.db
      .updateTable('assignmentPointers')
      .set({ lastUserId: userId })
      .where('orgId', '=', orgId)
      .where('teamId', '=', teamId)
      .execute();
  }

  /** Gives the lead its owner, with a version bump and the change in the lead's history. */
  async setOwner(
    orgId: string,
    lead: RoutedLead,
    ownerId: string,
    actorId: string | null,
    at: string,
  ): Promise<void> {
    await this.db
      .updateTable('leads')
      // owned from now (the pools' reclaim rules count from ownedSince); its pool stays its home
      .set({ ownerId, ownedSince: at, updatedAt: at, version: sql<number>`version + 1` })
      .where('orgId', '=', orgId)
      .where('id', '=', lead.id)
      .execute();
    await recordChanges(this.db, {
      orgId,
      entityType: 'lead',
      entityId: lead.id,
      userId: actorId,
      before: { ownerId: lead.ownerId },
      after: { ownerId },
      fields: ['ownerId'],
      at,
    });
  }

  pool(orgId: string, id: string) {
    return this.db
      .selectFrom('pools')
      .select(['id', 'name', 'kind'])
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  leadPools(orgId: string) {
    return this.db
      .selectFrom('pools')
      .select(['id', 'name'])
      .where('orgId', '=', orgId)
      .where('kind', '=', 'lead')
      .execute();
  }

  /**
   * Puts an unowned lead in the rule's pool for the team to claim, with a row in the pool trail
   * (action 'move', the rule named in the note) and the change in the lead's history.
   */
  async putInPool(
    orgId: string,
    lead: RoutedLead,
    poolId: string,
    ruleName: string,
    actorId: string | null,
    at: string,
  ): Promise<void> {
    const before = await this.db
      .selectFrom('leads')
      .select(['poolId', 'ownerId'])
      .where('orgId', '=', orgId)
      .where('id', '=', lead.id)
      .executeTakeFirstOrThrow();
    if (before.ownerId !== null || before.poolId === poolId) return;
    await this.db
      .updateTable('leads')
      .set({ poolId, poolEnteredAt: at, updatedAt: at, version: sql<number>`version + 1` })
      .where('orgId', '=', orgId)
      .where('id', '=', lead.id)
      .where('ownerId', 'is', null)
      .execute();
    await this.db
      .insertInto('poolMoves')
      .values({
        id: newId(),
        orgId,
        entityType: 'lead',
        entityId: lead.id,
        action: 'move',
        fromOwnerId: null,
        toOwnerId: null,
        poolId,
        fromPoolId: before.poolId,
        reason: null,
        note: `分配规则：${ruleName}`,
        rule: null,
        ruleDays: null,
        byUserId: actorId,
        at,
      })
      .execute();
  }

  async record(row: LeadAssignmentRow): Promise<void> {
    await this.db.insertInto('leadAssignments').values(row).execute();
  }

  history(orgId: string, leadId: string): Promise<LeadAssignmentRow[]> {
    return this.db
      .selectFrom('leadAssignments')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('leadId', '=', leadId)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(50)
      .execute();
  }
}
