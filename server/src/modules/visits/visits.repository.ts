import type { Kysely, Updateable } from 'kysely';
import { DEFAULT_VISIT_SETTINGS, type VisitSettings, type VisitStatus } from '@tuoke/shared';
import type { Database, VisitPhotosTable, VisitsTable } from '../../db/schema.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

export type VisitRow = Omit<VisitsTable, 'version'> & { version: number };
export type VisitJoined = VisitRow & {
  accountName: string;
  accountAddress: string | null;
  accountLatitude: number | null;
  accountLongitude: number | null;
  contactName: string | null;
  opportunityName: string | null;
  photoCount: number;
};
export type VisitPhotoRow = VisitPhotosTable;

export interface VisitFilter {
  /** Planned at or after (ISO timestamp). */
  fromAt?: string;
  /** Planned before (ISO timestamp, exclusive). */
  toAt?: string;
  status?: VisitStatus;
  accountId?: string;
}

export const PLANNED_AT_SORT: SortSpec = { field: 'plannedAt', column: 'visits.plannedAt', desc: false };

export class VisitsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private base(orgId: string) {
    return this.db
      .selectFrom('visits')
      .innerJoin('accounts', 'accounts.id', 'visits.accountId')
      .leftJoin('contacts', 'contacts.id', 'visits.contactId')
      .leftJoin('opportunities', 'opportunities.id', 'visits.opportunityId')
      .selectAll('visits')
      .select([
        'accounts.name as accountName',
        'accounts.address as accountAddress',
        'accounts.latitude as accountLatitude',
        'accounts.longitude as accountLongitude',
        'contacts.name as contactName',
        'opportunities.name as opportunityName',
      ])
      .select((eb) =>
        eb
          .selectFrom('visitPhotos')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('visitPhotos.visitId', '=', 'visits.id')
          .as('photoCount'),
      )
      .where('visits.orgId', '=', orgId);
  }

  async list(
    orgId: string,
    owners: OwnerFilter,
    filter: VisitFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<VisitJoined[]> {
    let qb = this.base(orgId);
    if (owners) qb = qb.where(ownerIn('visits.ownerId', owners));
    if (filter.fromAt) qb = qb.where('visits.plannedAt', '>=', filter.fromAt);
    if (filter.toAt) qb = qb.where('visits.plannedAt', '<', filter.toAt);
    if (filter.status) qb = qb.where('visits.status', '=', filter.status);
    if (filter.accountId) qb = qb.where('visits.accountId', '=', filter.accountId);
    const rows = await applyKeyset(qb, PLANNED_AT_SORT, 'visits.id', cursor, limit).execute();
    return rows.map(normalize);
  }

  /** Every visit of the owners planned in [fromAt, toAt): a week of a team is small. */
  async inRange(orgId: string, owners: OwnerFilter, fromAt: string, toAt: string): Promise<VisitJoined[]> {
    let qb = this.base(orgId).where('visits.plannedAt', '>=', fromAt).where('visits.plannedAt', '<', toAt);
    if (owners) qb = qb.where(ownerIn('visits.ownerId', owners));
    const rows = await qb.orderBy('visits.plannedAt').orderBy('visits.id').execute();
    return rows.map(normalize);
  }

  async get(orgId: string, id: string): Promise<VisitJoined | undefined> {
    const row = await this.base(orgId).where('visits.id', '=', id).executeTakeFirst();
    return row ? normalize(row) : undefined;
  }

  async insert(row: VisitRow): Promise<void> {
    await this.db.insertInto('visits').values(row).execute();
  }

  /**
   * A compare-and-set: the change applies only while the visit is in one of `from` (and, when
   * given, still has `version`). Returns whether it did; the caller tells 409 from 404.
   */
  async transition(
    orgId: string,
    id: string,
    from: readonly VisitStatus[],
    version: number | null,
    patch: Updateable<VisitsTable>,
    at: string,
  ): Promise<boolean> {
    let qb = this.db
      .updateTable('visits')
      .set((eb) => ({ ...patch, updatedAt: at, version: eb('version', '+', 1) }))
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .where('status', 'in', [...from]);
    if (version !== null) qb = qb.where('version', '=', version);
    const r = await qb.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Planned visits (not checked in) of every organisation planned in [sinceAt, beforeAt). */
  async plannedBetween(sinceAt: string, beforeAt: string) {
    const rows = await this.db
      .selectFrom('visits')
      .innerJoin('accounts', 'accounts.id', 'visits.accountId')
      .select([
        'visits.id',
        'visits.orgId',
        'visits.ownerId',
        'visits.plannedAt',
        'accounts.name as accountName',
      ])
      .where('visits.status', '=', 'planned')
      .where('visits.planned', '=', 1)
      .where('visits.plannedAt', '>=', sinceAt)
      .where('visits.plannedAt', '<', beforeAt)
      .orderBy('visits.orgId')
      .orderBy('visits.plannedAt')
      .execute();
    return rows;
  }

  async settings(orgId: string): Promise<VisitSettings> {
    const row = await this.db
      .selectFrom('visitSettings')
      .select(['farThresholdM', 'onTimeToleranceMinutes'])
      .where('orgId', '=', orgId)
      .executeTakeFirst();
    return row ?? { ...DEFAULT_VISIT_SETTINGS };
  }

  async saveSettings(orgId: string, s: VisitSettings, userId: string, at: string): Promise<void> {
    await this.db
      .insertInto('visitSettings')
      .values({ orgId, ...s, updatedBy: userId, updatedAt: at })
      .onConflict((oc) => oc.column('orgId').doUpdateSet({ ...s, updatedBy: userId, updatedAt: at }))
      .execute();
  }

  /** What a scope check of someone else needs: the role of a user (a visit's owner). */
  userRole(orgId: string, userId: string) {
    return this.db
      .selectFrom('users')
      .select(['role'])
      .where('orgId', '=', orgId)
      .where('id', '=', userId)
      .executeTakeFirst();
  }

  /** Active sales reps: the compliance report lists them even in a week without visits. */
  activeReps(orgId: string) {
    return this.db
      .selectFrom('users')
      .select(['id'])
      .where('orgId', '=', orgId)
      .where('role', '=', 'sales_rep')
      .where('active', '=', 1)
      .execute();
  }

  /** Team managers, for someone whose user record names no manager. */
  async teamManagers(orgId: string): Promise<Map<string, string | null>> {
    const rows = await this.db
      .selectFrom('teams')
      .select(['id', 'managerId'])
      .where('orgId', '=', orgId)
      .execute();
    return new Map(rows.map((r) => [r.id, r.managerId]));
  }

  photos(orgId: string, visitId: string) {
    return this.db
      .selectFrom('visitPhotos')
      .select(['id', 'visitId', 'filename', 'contentType', 'size', 'takenAt', 'uploadedBy'])
      .where('orgId', '=', orgId)
      .where('visitId', '=', visitId)
      .orderBy('takenAt')
      .orderBy('id')
      .execute();
  }

  photo(orgId: string, id: string) {
    return this.db
      .selectFrom('visitPhotos')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async addPhoto(row: VisitPhotoRow): Promise<void> {
    await this.db.insertInto('visitPhotos').values(row).execute();
  }

  async deletePhoto(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('visitPhotos').where('orgId', '=', orgId).where('id', '=', id).execute();
  }
}

/** A count is a number on both engines (int8 is parsed); a missing location is null, not undefined. */
function normalize(
  row: VisitRow & {
    photoCount: unknown;
    accountLatitude?: number | null;
    accountLongitude?: number | null;
  } & Omit<VisitJoined, keyof VisitRow | 'photoCount' | 'accountLatitude' | 'accountLongitude'>,
): VisitJoined {
  return {
    ...row,
    photoCount: Number(row.photoCount ?? 0),
    accountLatitude: row.accountLatitude ?? null,
    accountLongitude: row.accountLongitude ?? null,
  };
}
