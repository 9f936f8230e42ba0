import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';
import { refreshLastTouch } from './last-touch.repository.js';

/** Stage history and checklist state of opportunities: the only place with these tables' names. */
export class StageProcessRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Closes the open history row (if any), opens one for the stage entered and moves the deal's last touch. */
  async enterStage(args: {
    orgId: string;
    opportunityId: string;
    pipelineId: string;
    stageId: string;
    userId: string | null;
    at: string;
  }) {
    await this.db
      .updateTable('opportunityStageHistory')
      .set({ leftAt: args.at })
      .where('orgId', '=', args.orgId)
      .where('opportunityId', '=', args.opportunityId)
      .where('leftAt', 'is', null)
      .execute();
    await this.db
      .insertInto('opportunityStageHistory')
      .values({
        id: newId(),
        orgId: args.orgId,
        opportunityId: args.opportunityId,
        pipelineId: args.pipelineId,
        stageId: args.stageId,
        enteredAt: args.at,
        leftAt: null,
        userId: args.userId,
      })
      .execute();
    // a stage entered is a touch (supervision's stalled deals)
    await refreshLastTouch(this.db, args.orgId, [args.opportunityId]);
  }

  history(orgId: string, opportunityId: string) {
    return this.db
      .selectFrom('opportunityStageHistory as h')
      .innerJoin('pipelineStages as s', 's.id', 'h.stageId')
      .select(['h.id', 'h.stageId', 's.name as stageName', 'h.enteredAt', 'h.leftAt', 'h.userId'])
      .where('h.orgId', '=', orgId)
      .where('h.opportunityId', '=', opportunityId)
      .orderBy('h.enteredAt')
      .orderBy('h.id')
      .execute();
  }

  checklist(orgId: string, opportunityId: string) {
    return this.db
      .selectFrom('opportunityChecklistItems')
      .select(['stageId', 'itemId', 'checked', 'note', 'checkedBy', 'checkedAt'])
      .where('orgId', '=', orgId)
      .where('opportunityId', '=', opportunityId)
      .execute();
  }

  async setChecklistItem(row: {
    orgId: string;
    opportunityId: string;
    stageId: string;
    itemId: string;
    checked: number;
    note: string | null;
    checkedBy: string;
    checkedAt: string;
  }) {
    await this.db
      .insertInto('opportunityChecklistItems')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['opportunityId', 'stageId', 'itemId']).doUpdateSet({
          checked: row.checked,
          note: row.note,
          checkedBy: row.checkedBy,
          checkedAt: row.checkedAt,
        }),
      )
      .execute();
  }

  async deleteFor(orgId: string, opportunityId: string) {
    await this.db
      .deleteFrom('opportunityChecklistItems')
      .where('orgId', '=', orgId)
      .where('opportunityId', '=', opportunityId)
      .execute();
    await this.db
      .deleteFrom('opportunityStageHistory')
      .where('orgId', '=', orgId)
      .where('opportunityId', '=', opportunityId)
      .execute();
  }

  /**
   * History rows of a pipeline's deals owned in scope, entered on or after `from`, ordered per deal:
   * each row's successor (the next stage entered) is the next row of the same deal.
   */
  funnelRows(orgId: string, pipelineId: string, owners: OwnerFilter, from: string | null) {
    let qb = this.db
      .selectFrom('opportunityStageHistory as h')
      .innerJoin('opportunities as o', 'o.id', 'h.opportunityId')
      .select(['h.opportunityId', 'h.stageId', 'h.enteredAt', 'h.leftAt', 'o.status'])
      .where('h.orgId', '=', orgId)
      .where('o.orgId', '=', orgId)
      .where('h.pipelineId', '=', pipelineId);
    if (owners) qb = qb.where(ownerIn('o.ownerId', owners));
    if (from) qb = qb.where('h.enteredAt', '>=', from);
    return qb.orderBy('h.opportunityId').orderBy('h.enteredAt').orderBy('h.id').execute();
  }
}
