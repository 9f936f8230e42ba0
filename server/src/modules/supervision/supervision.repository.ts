import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database, SupervisionSettingsTable } from '../../db/schema.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

export type SettingsRow = Omit<
  SupervisionSettingsTable,
  'defaultStallDays' | 'forgottenDays' | 'notifyOwners' | 'notifyManagers'
> & { defaultStallDays: number; forgottenDays: number; notifyOwners: number; notifyManagers: number };

export interface OpenDealRow {
  id: string;
  name: string;
  ownerId: string;
  accountId: string;
  accountName: string;
  stageName: string;
  stallDays: number | null;
  amount: number;
  currency: string;
  nextStep: string | null;
  nextStepDate: string | null;
  createdAt: string;
  lastActivityAt: string | null;
  lastStageAt: string | null;
}

export interface OverdueTaskRow {
  id: string;
  subject: string;
  type: string;
  dueAt: string;
  ownerId: string;
  accountId: string | null;
  accountName: string | null;
  relatedType: string | null;
  relatedId: string | null;
}

export interface ForgottenRow {
  id: string;
  name: string;
  level: string | null;
  ownerId: string;
  createdAt: string;
  lastDoneAt: string | null;
}

/**
 * The supervision queries: each kind of finding is one statement over the owners in scope
 * (correlated MAX subqueries on indexed columns, no query per record).
 */
export class SupervisionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  settings(orgId: string): Promise<SettingsRow | undefined> {
    return this.db
      .selectFrom('supervisionSettings')
      .selectAll()
      .where('orgId', '=', orgId)
      .executeTakeFirst() as Promise<SettingsRow | undefined>;
  }

  async saveSettings(row: SettingsRow): Promise<void> {
    const { orgId: _orgId, ...values } = row;
    await this.db
      .insertInto('supervisionSettings')
      .values(row)
      .onConflict((oc) => oc.column('orgId').doUpdateSet(values))
      .execute();
  }

  /**
   * Open deals of the owners with what the findings need: the last activity done on the deal and
   * the last stage entered (creation enters the first), both no later than `now`.
   */
  openDeals(orgId: string, owners: OwnerFilter, now: string): Promise<OpenDealRow[]> {
    let qb = this.db
      .selectFrom('opportunities as o')
      .innerJoin('accounts as a', 'a.id', 'o.accountId')
      .innerJoin('pipelineStages as s', 's.id', 'o.stageId')
      .select([
        'o.id',
        'o.name',
        'o.ownerId',
        'o.accountId',
        'a.name as accountName',
        's.name as stageName',
        's.stallDays',
        'o.amount',
        'o.currency',
        'o.nextStep',
        'o.nextStepDate',
        'o.createdAt',
      ])
      .select((eb) => [
        eb
          .selectFrom('activities as act')
          .select((e) => e.fn.max('act.doneAt').as('m'))
          .whereRef('act.orgId', '=', 'o.orgId')
          .where('act.relatedType', '=', 'opportunity')
          .whereRef('act.relatedId', '=', 'o.id')
          .where('act.doneAt', 'is not', null)
          .where('act.doneAt', '<=', now)
          .as('lastActivityAt'),
        eb
          .selectFrom('opportunityStageHistory as h')
          .select((e) => e.fn.max('h.enteredAt').as('m'))
          .whereRef('h.opportunityId', '=', 'o.id')
          .where('h.enteredAt', '<=', now)
          .as('lastStageAt'),
      ])
      .where('o.orgId', '=', orgId)
      .where('o.status', '=', 'open');
    if (owners) qb = qb.where(ownerIn('o.ownerId', owners));
    return qb.orderBy('o.id').execute() as Promise<OpenDealRow[]>;
  }

  /** Activities not done whose due time is before `now`, oldest first. */
  overdueTasks(orgId: string, owners: OwnerFilter, now: string): Promise<OverdueTaskRow[]> {
    let qb = this.db
      .selectFrom('activities as act')
      .leftJoin('accounts as a', 'a.id', 'act.accountId')
      .select([
        'act.id',
        'act.subject',
        'act.type',
        'act.dueAt',
        'act.ownerId',
        'act.accountId',
        'a.name as accountName',
        'act.relatedType',
        'act.relatedId',
      ])
      .where('act.orgId', '=', orgId)
      .where('act.doneAt', 'is', null)
      .where('act.dueAt', 'is not', null)
      .where('act.dueAt', '<', now);
    if (owners) qb = qb.where(ownerIn('act.ownerId', owners));
    return qb.orderBy('act.dueAt').orderBy('act.id').execute() as Promise<OverdueTaskRow[]>;
  }

  /**
   * Owned accounts (not in a pool) whose last done activity, or creation when there is none, is
   * before the cutoff of their level (`byLevel`, else `fallback`): instants computed by the service.
   */
  forgotten(
    orgId: string,
    owners: OwnerFilter,
    now: string,
    cutoffs: { fallback: string; byLevel: Record<string, string> },
  ): Promise<ForgottenRow[]> {
    const lastDone = sql<
      string | null
    >`(select max(act.done_at) from activities act where act.org_id = a.org_id and act.account_id = a.id and act.done_at is not null and act.done_at <= ${now})`;
    const touch = sql`coalesce(${lastDone}, a.created_at)`;
    const levels = Object.keys(cutoffs.byLevel);
    let qb = this.db
      .selectFrom('accounts as a')
      .select(['a.id', 'a.name', 'a.level', 'a.ownerId', 'a.createdAt'])
      .select(lastDone.as('lastDoneAt'))
      .where('a.orgId', '=', orgId)
      .where('a.ownerId', 'is not', null)
      .where((eb) => {
        const branches: Expression<SqlBool>[] = levels.map((level) =>
          eb.and([eb('a.level', '=', level), sql<SqlBool>`${touch} < ${cutoffs.byLevel[level]}`]),
        );
        const others = levels.length
          ? eb.or([eb('a.level', 'is', null), eb('a.level', 'not in', levels)])
          : sql<SqlBool>`1 = 1`;
        branches.push(eb.and([others, sql<SqlBool>`${touch} < ${cutoffs.fallback}`]));
        return eb.or(branches);
      });
    if (owners) qb = qb.where(ownerIn('a.ownerId', owners));
    return qb.orderBy('a.id').execute() as Promise<ForgottenRow[]>;
  }

  /** Organisations (for the daily job). */
  async organisations(): Promise<string[]> {
    return (await this.db.selectFrom('organizations').select('id').orderBy('id').execute()).map((r) => r.id);
  }

  /** Active people of an organisation with their roles (who gets a digest). */
  people(orgId: string) {
    return this.db
      .selectFrom('users')
      .select(['id', 'role', 'teamId', 'managerId', 'name', 'active'])
      .where('orgId', '=', orgId)
      .execute();
  }
}
