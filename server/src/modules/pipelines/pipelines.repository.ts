import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, PipelineStagesTable } from '../../db/schema.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';

export type StageRow = Selectable<PipelineStagesTable>;

export class PipelinesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  list(orgId: string) {
    return this.db
      .selectFrom('pipelines')
      .selectAll()
      .where('orgId', '=', orgId)
      .orderBy('isDefault', 'desc')
      .orderBy('name')
      .orderBy('id')
      .execute();
  }

  get(orgId: string, id: string) {
    return this.db
      .selectFrom('pipelines')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  getDefault(orgId: string) {
    return this.db
      .selectFrom('pipelines')
      .selectAll()
      .where('orgId', '=', orgId)
      .orderBy('isDefault', 'desc')
      .orderBy('createdAt')
      .limit(1)
      .executeTakeFirst();
  }

  stages(orgId: string, pipelineIds: string[]): Promise<StageRow[]> {
    if (pipelineIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('pipelineStages')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('pipelineId', 'in', pipelineIds)
      .orderBy('position')
      .execute();
  }

  stage(orgId: string, id: string) {
    return this.db
      .selectFrom('pipelineStages')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async countOpportunities(orgId: string, by: 'pipelineId' | 'stageId', ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.db
      .selectFrom('opportunities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('orgId', '=', orgId)
      .where(by, 'in', ids)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Count and amount per stage within the owners in scope; collaborators see their shared deals too. */
  async board(
    orgId: string,
    pipelineId: string,
    owners: OwnerFilter,
    collaboratorId: string | null,
    q: string | null,
    ilike: (c: string, p: string) => ReturnType<typeof sql<boolean>>,
  ) {
    let qb = this.db
      .selectFrom('opportunities')
      .select((eb) => [
        'stageId',
        eb.fn.countAll<number>().as('count'),
        eb.fn.sum<number>('amount').as('amount'),
      ])
      .where('orgId', '=', orgId)
      .where('pipelineId', '=', pipelineId);
    if (owners) {
      qb = qb.where((eb) =>
        collaboratorId
          ? eb.or([
              ownerIn('opportunities.ownerId', owners),
              eb.exists(
                eb
                  .selectFrom('opportunityCollaborators as oc')
                  .select('oc.opportunityId')
                  .whereRef('oc.opportunityId', '=', 'opportunities.id')
                  .where('oc.userId', '=', collaboratorId),
              ),
            ])
          : ownerIn('opportunities.ownerId', owners),
      );
    }
    if (q) qb = qb.where(ilike('opportunities.name', q));
    return qb.groupBy('stageId').execute();
  }
}
