import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** The writes of a lead conversion on the lead and its activities; run inside its transaction. */
export class LeadConversionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Marks the lead converted, if it still has the version read and is not converted yet. A lead
   * in the pool gets the new records' owner. False when nothing matched.
   */
  async markConverted(args: {
    orgId: string;
    id: string;
    version: number;
    accountId: string;
    contactId: string;
    opportunityId: string | null;
    ownerId: string | null;
    at: string;
  }): Promise<boolean> {
    const r = await this.db
      .updateTable('leads')
      .set({
        status: 'converted',
        convertedAccountId: args.accountId,
        convertedContactId: args.contactId,
        convertedOpportunityId: args.opportunityId,
        convertedAt: args.at,
        ownerId: args.ownerId,
        updatedAt: args.at,
        version: args.version + 1,
      })
      .where('orgId', '=', args.orgId)
      .where('id', '=', args.id)
      .where('version', '=', args.version)
      .where('convertedAt', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The lead's activities continue on the contact's timeline, and so on the account's. */
  async moveActivities(orgId: string, leadId: string, contactId: string, accountId: string): Promise<number> {
    const r = await this.db
      .updateTable('activities')
      .set({ relatedType: 'contact', relatedId: contactId, accountId })
      .where('orgId', '=', orgId)
      .where('relatedType', '=', 'lead')
      .where('relatedId', '=', leadId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
