import type { Kysely } from 'kysely';
import type { SearchHit } from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { likePattern } from '../../lib/text.js';
import { grantFor } from '@tuoke/shared';
import { ownerIn, ownersInScope, type Actor, type DirectoryCache } from '../access/index.js';
import { pooledIn, type PoolsService } from '../pools/index.js';

/** The top bar's search: names of accounts, contacts, leads and opportunities in the actor's scope. */
export class SearchService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly pools: PoolsService,
  ) {}

  async search(actor: Actor, q: string, limit = 5): Promise<{ items: SearchHit[] }> {
    const dir = await this.directory.get(actor.orgId);
    const pattern = likePattern(q);
    const owners = (object: 'account' | 'contact' | 'lead' | 'opportunity') => {
      const grant = grantFor(actor.role, object);
      return grant?.actions.includes('read') ? { owners: ownersInScope(actor, grant.scope, dir) } : null;
    };
    const db = this.db;
    const hits: SearchHit[] = [];
    const acc = owners('account');
    if (acc) {
      let qb = db
        .selectFrom('accounts')
        .select(['id', 'name', 'region'])
        .where('orgId', '=', actor.orgId)
        .where(this.dialect.ilike('accounts.name', pattern));
      if (acc.owners) {
        const o = acc.owners;
        const pooled = (await this.pools.view(actor, 'account', o)).visible;
        qb = qb.where((eb) =>
          eb.or([ownerIn('accounts.ownerId', o), pooledIn('accounts.ownerId', 'accounts.poolId', pooled)]),
        );
      }
      for (const r of await qb.orderBy('name').limit(limit).execute())
        hits.push({ type: 'account', id: r.id, title: r.name, subtitle: r.region });
    }
    const con = owners('contact');
    if (con) {
      let qb = db
        .selectFrom('contacts')
        .leftJoin('accounts', 'accounts.id', 'contacts.accountId')
        .select(['contacts.id', 'contacts.name', 'accounts.name as accountName'])
        .where('contacts.orgId', '=', actor.orgId)
        .where((eb) =>
          eb.or([
            this.dialect.ilike('contacts.name', pattern),
            // a pooled contact's phone may be masked: searching by its digits must not confirm it
            eb.and([eb('contacts.phone', 'like', pattern), eb('contacts.ownerId', 'is not', null)]),
          ]),
        );
      if (con.owners) {
        const o = con.owners;
        const pooled = (await this.pools.view(actor, 'account', o)).visible;
        qb = qb.where((eb) =>
          eb.or([
            ownerIn('contacts.ownerId', o),
            eb.and([
              eb('contacts.ownerId', 'is', null),
              eb('contacts.accountId', 'is not', null),
              pooledIn('accounts.ownerId', 'accounts.poolId', pooled),
            ]),
          ]),
        );
      }
      for (const r of await qb.orderBy('contacts.name').limit(limit).execute())
        hits.push({ type: 'contact', id: r.id, title: r.name, subtitle: r.accountName });
    }
    const lead = owners('lead');
    if (lead) {
      let qb = db
        .selectFrom('leads')
        .select(['id', 'name', 'company'])
        .where('orgId', '=', actor.orgId)
        .where((eb) =>
          eb.or([this.dialect.ilike('leads.name', pattern), this.dialect.ilike('leads.company', pattern)]),
        );
      if (lead.owners) {
        const o = lead.owners;
        const pooled = (await this.pools.view(actor, 'lead', o)).visible;
        qb = qb.where((eb) =>
          eb.or([ownerIn('leads.ownerId', o), pooledIn('leads.ownerId', 'leads.poolId', pooled)]),
        );
      }
      for (const r of await qb.orderBy('name').limit(limit).execute())
        hits.push({ type: 'lead', id: r.id, title: r.name, subtitle: r.company });
    }
    const opp = owners('opportunity');
    if (opp) {
      let qb = db
        .selectFrom('opportunities')
        .innerJoin('accounts', 'accounts.id', 'opportunities.accountId')
        .select(['opportunities.id', 'opportunities.name', 'accounts.name as accountName'])
        .where('opportunities.orgId', '=', actor.orgId)
        .where(this.dialect.ilike('opportunities.name', pattern));
      if (opp.owners) {
        const o = opp.owners;
        qb = qb.where((eb) =>
          eb.or([
            ownerIn('opportunities.ownerId', o),
            eb.exists(
              eb
                .selectFrom('opportunityCollaborators as oc')
                .select('oc.userId')
                .whereRef('oc.opportunityId', '=', 'opportunities.id')
                .where('oc.userId', '=', actor.userId),
            ),
          ]),
        );
      }
      for (const r of await qb.orderBy('opportunities.name').limit(limit).execute())
        hits.push({ type: 'opportunity', id: r.id, title: r.name, subtitle: r.accountName });
    }
    return { items: hits };
  }
}
