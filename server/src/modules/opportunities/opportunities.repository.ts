import { sql, type Kysely } from 'kysely';
import type { LineItem, OpportunityListQuery } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import { preparedQuery } from '../../lib/prepared.js';
import type { Database, OpportunitiesTable, OpportunityItemsTable } from '../../db/schema.js';
import { applyKeyset, type SortSpec } from '../../lib/pagination.js';
import { likePattern } from '../../lib/text.js';
import { ownerIn, type OwnerFilter } from '../access/index.js';
import { StageProcessRepository } from './stage-process.repository.js';

export type OpportunityRow = Omit<OpportunitiesTable, 'version'> & { version: number };
export type OpportunityJoined = OpportunityRow & {
  accountName: string;
  stageName: string;
  probability: number;
};

export class OpportunitiesRepository {
  private readonly byId;
  private readonly itemsOf;
  private readonly collaboratorsOf;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.byId = preparedQuery(this.db, (orgId: string, id: string) =>
      this.base(orgId).where('opportunities.id', '=', id),
    );
    this.itemsOf = preparedQuery(this.db, (orgId: string, id: string) =>
      this.db
        .selectFrom('opportunityItems as i')
        .innerJoin('products as p', 'p.id', 'i.productId')
        .select([
          'i.id',
          'i.productId',
          'p.name as productName',
          'p.sku',
          'i.quantity',
          'i.unitPrice',
          'i.discountBp',
          'i.amount',
        ])
        .where('i.orgId', '=', orgId)
        .where('i.opportunityId', '=', id)
        .orderBy('i.position'),
    );
    this.collaboratorsOf = preparedQuery(this.db, (orgId: string, id: string) =>
      this.db
        .selectFrom('opportunityCollaborators')
        .select('userId')
        .where('orgId', '=', orgId)
        .where('opportunityId', '=', id),
    );
  }

  private base(orgId: string) {
    return this.db
      .selectFrom('opportunities')
      .innerJoin('accounts', 'accounts.id', 'opportunities.accountId')
      .innerJoin('pipelineStages as s', 's.id', 'opportunities.stageId')
      .selectAll('opportunities')
      .select(['accounts.name as accountName', 's.name as stageName', 's.probability'])
      .where('opportunities.orgId', '=', orgId);
  }

  /**
   * Opportunities of the owners in scope; with `collaboratorId`, also those the user collaborates on.
   */
  list(
    orgId: string,
    owners: OwnerFilter,
    collaboratorId: string | null,
    query: OpportunityListQuery,
    sort: SortSpec,
    limit: number,
    today = '',
  ): Promise<OpportunityJoined[]> {
    let qb = this.base(orgId);
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
    if (query.accountId) qb = qb.where('opportunities.accountId', '=', query.accountId);
    if (query.pipelineId) qb = qb.where('opportunities.pipelineId', '=', query.pipelineId);
    if (query.stageId) qb = qb.where('opportunities.stageId', '=', query.stageId);
    if (query.status) qb = qb.where('opportunities.status', '=', query.status);
    // NULL is a deal from before channels existed: direct
    if (query.channel === 'direct')
      qb = qb.where((eb) =>
        eb.or([eb('opportunities.channel', '=', 'direct'), eb('opportunities.channel', 'is', null)]),
      );
    else if (query.channel) qb = qb.where('opportunities.channel', '=', query.channel);
    if (query.closeFrom) qb = qb.where('opportunities.expectedCloseDate', '>=', query.closeFrom);
    if (query.closeTo) qb = qb.where('opportunities.expectedCloseDate', '<=', query.closeTo);
    // 督导: open deals without a next step (no text or no date), or whose date is before today
    if (query.nextStep === 'missing')
      qb = qb
        .where('opportunities.status', '=', 'open')
        .where((eb) =>
          eb.or([
            eb('opportunities.nextStep', 'is', null),
            eb(sql`trim(${sql.ref('opportunities.nextStep')})`, '=', ''),
            eb('opportunities.nextStepDate', 'is', null),
          ]),
        );
    if (query.nextStep === 'overdue')
      qb = qb
        .where('opportunities.status', '=', 'open')
        .where('opportunities.nextStepDate', '<', today)
        .where('opportunities.nextStep', 'is not', null)
        .where(sql<boolean>`trim(${sql.ref('opportunities.nextStep')}) <> ''`);
    if (query.q) {
      const p = likePattern(query.q);
      qb = qb.where((eb) =>
        eb.or([this.dialect.ilike('opportunities.name', p), this.dialect.ilike('accounts.name', p)]),
      );
    }
    return applyKeyset(qb, sort, 'opportunities.id', query.cursor, limit).execute();
  }

  async get(orgId: string, id: string): Promise<OpportunityJoined | undefined> {
    return (await this.byId(orgId, id))[0];
  }

  /** The detail page's reads: the deal, its line items and its collaborators. */
  async getDetail(orgId: string, id: string) {
    const [opportunity] = await this.byId(orgId, id);
    if (!opportunity) return undefined;
    const [items, collaborators] = await Promise.all([
      this.itemsOf(orgId, id),
      this.collaboratorsOf(orgId, id),
    ]);
    return { opportunity, items: items as LineItem[], collaboratorIds: collaborators.map((c) => c.userId) };
  }

  items(orgId: string, id: string) {
    return this.db
      .selectFrom('opportunityItems as i')
      .innerJoin('products as p', 'p.id', 'i.productId')
      .select([
        'i.id',
        'i.productId',
        'p.name as productName',
        'p.sku',
        'i.quantity',
        'i.unitPrice',
        'i.discountBp',
        'i.amount',
      ])
      .where('i.orgId', '=', orgId)
      .where('i.opportunityId', '=', id)
      .orderBy('i.position')
      .execute();
  }

  async collaborators(orgId: string, id: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('opportunityCollaborators')
      .select('userId')
      .where('orgId', '=', orgId)
      .where('opportunityId', '=', id)
      .execute();
    return rows.map((r) => r.userId);
  }

  async isCollaborator(id: string, userId: string): Promise<boolean> {
    return !!(await this.db
      .selectFrom('opportunityCollaborators')
      .select('userId')
      .where('opportunityId', '=', id)
      .where('userId', '=', userId)
      .executeTakeFirst());
  }

  products(orgId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('products')
      .select(['id', 'listPrice', 'active', 'currency'])
      .where('orgId', '=', orgId)
      .where('id', 'in', ids)
      .execute();
  }

  async insert(row: OpportunityRow) {
    await this.db.insertInto('opportunities').values(row).execute();
  }

  async replaceItems(
    orgId: string,
    id: string,
    items: Omit<OpportunityItemsTable, 'orgId' | 'opportunityId'>[],
  ) {
    await this.db
      .deleteFrom('opportunityItems')
      .where('orgId', '=', orgId)
      .where('opportunityId', '=', id)
      .execute();
    if (items.length)
      await this.db
        .insertInto('opportunityItems')
        .values(items.map((i) => ({ ...i, orgId, opportunityId: id })))
        .execute();
  }

  async replaceCollaborators(orgId: string, id: string, userIds: string[]) {
    await this.db
      .deleteFrom('opportunityCollaborators')
      .where('orgId', '=', orgId)
      .where('opportunityId', '=', id)
      .execute();
    if (userIds.length)
      await this.db
        .insertInto('opportunityCollaborators')
        .values(userIds.map((userId) => ({ orgId, opportunityId: id, userId })))
        .execute();
  }

  async delete(orgId: string, id: string) {
    await new StageProcessRepository(this.db).deleteFor(orgId, id);
    await this.db
      .deleteFrom('opportunityItems')
      .where('orgId', '=', orgId)
      .where('opportunityId', '=', id)
      .execute();
    await this.db
      .deleteFrom('opportunityCollaborators')
      .where('orgId', '=', orgId)
      .where('opportunityId', '=', id)
      .execute();
    await this.db
      .deleteFrom('activities')
      .where('orgId', '=', orgId)
      .where('relatedType', '=', 'opportunity')
      .where('relatedId', '=', id)
      .execute();
    await this.db.deleteFrom('opportunities').where('orgId', '=', orgId).where('id', '=', id).execute();
  }
}
