import type { Kysely } from 'kysely';
import {
  SOURCES,
  normalizeCreditCode,
  type AccountCreate,
  type DuplicateMatch,
  type LeadConvert,
  type LeadConvertPreview,
  type LeadConvertResult,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, invalidField, stale } from '../../http/errors.js';
import { addDays, localDate } from '../../lib/dates.js';
import { recordChanges } from '../../lib/history.js';
import type { Actor } from '../access/index.js';
import type { AccountsService } from '../accounts/index.js';
import type { ContactsService } from '../contacts/index.js';
import type { DedupeService } from '../dedupe/index.js';
import type { OpportunitiesService } from '../opportunities/index.js';
import type { PipelinesService } from '../pipelines/index.js';
import { LeadConversionRepository } from './lead-conversion.repository.js';
import type { LeadsService } from './leads.service.js';

/**
 * Lead conversion (线索转化): in one transaction the lead becomes an account (new, or an existing
 * one the duplicate check found), a contact (new, or the account's contact with the lead's phone
 * or e-mail) and optionally a deal; the lead is marked converted with links to all three and its
 * activities continue on the contact. Everything is checked before the transaction opens, so a
 * refusal writes nothing; a failure inside it rolls every write back.
 */
export class LeadConversionService {
  /** Today in China time for the proposed close date; tests move it. */
  clock: () => Date = () => new Date();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly leads: LeadsService,
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsService,
    private readonly opportunities: OpportunitiesService,
    private readonly pipelines: PipelinesService,
    private readonly dedupe: DedupeService,
  ) {}

  async preview(actor: Actor, leadId: string): Promise<LeadConvertPreview> {
    const { row: lead } = await this.leads.visible(actor, leadId, 'update');
    if (lead.convertedAt || lead.status === 'converted') throw alreadyConverted();
    const { matches } = await this.dedupe.check(actor, {
      object: 'lead',
      company: lead.company,
      phone: lead.phone,
      email: lead.email,
      excludeId: lead.id,
    });
    const accountMatches = matches.filter((m) => m.type === 'account');
    const suggested = pickAccount(accountMatches);
    const contactMatches = suggested
      ? await this.dedupe.contactsOnAccount(actor, suggested, lead.phone, lead.email)
      : [];
    const pipeline = await this.pipelines.defaultPipeline(actor.orgId);
    const stage = (await this.pipelines.stagesOf(actor.orgId, pipeline.id)).find((s) => s.kind === 'open');
    const company = lead.company?.trim() || lead.name;
    return {
      leadId: lead.id,
      version: lead.version,
      accountMatches,
      suggestedAccountId: suggested,
      contactMatches,
      suggestedContactId: contactMatches.find((m) => m.visible)?.id ?? null,
      account: {
        name: company,
        industry: (lead.industry as AccountCreate['industry']) ?? null,
        region: lead.region,
      },
      contact: {
        name: lead.name,
        title: lead.title,
        phone: lead.phone,
        email: lead.email,
        wechat: lead.wechat,
      },
      opportunity: {
        name: company,
        amount: 0,
        pipelineId: pipeline.id,
        ...(stage ? { stageId: stage.id } : {}),
        expectedCloseDate: addDays(localDate(this.clock()), 90),
      },
    };
  }

  async convert(actor: Actor, leadId: string, input: LeadConvert): Promise<LeadConvertResult> {
    const { row: lead } = await this.leads.visible(actor, leadId, 'update');
    if (lead.convertedAt || lead.status === 'converted') throw alreadyConverted();
    if (lead.version !== input.version) throw stale('Lead');
    const ownerId = input.ownerId ?? actor.userId;

    // The account: one the caller can see, or a new one checked as a create would be.
    let account: {
      id: string;
      name: string;
      created: boolean;
      row?: Awaited<ReturnType<AccountsService['prepareCreate']>>['row'];
    };
    if ('id' in input.account) {
      const id = input.account.id;
      const found = await asField('account/id', 'no such account in your data scope', () =>
        this.accounts.visible(actor, id, 'read'),
      );
      account = { id, name: found.row.name, created: false };
    } else {
      const create = input.account.create;
      const creditCode = normalizeCreditCode(create.creditCode);
      const { row } = await prefixed('account/create', () =>
        this.accounts.prepareCreate(actor, {
          ...create,
          creditCode,
          source: (SOURCES as readonly string[]).includes(lead.source ?? '')
            ? (lead.source as AccountCreate['source'])
            : null,
          ownerId,
        }),
      );
      account = { id: row.id, name: row.name, created: true, row };
    }

    // The contact: the one named, the account's contact with the lead's phone or e-mail, or a new one.
    let contact: {
      id: string;
      name: string;
      created: boolean;
      row?: Awaited<ReturnType<ContactsService['prepareCreate']>>;
    };
    let reuseId: string | null = null;
    if (input.contact && 'id' in input.contact) reuseId = input.contact.id;
    else if (!input.contact && !account.created) {
      const matches = await this.dedupe.contactsOnAccount(actor, account.id, lead.phone, lead.email);
      reuseId = matches.find((m) => m.visible)?.id ?? null;
    }
    if (reuseId) {
      const id = reuseId;
      const found = await asField('contact/id', 'no such contact in your data scope', () =>
        this.contacts.visible(actor, id, 'read'),
      );
      if (found.row.accountId !== account.id)
        throw invalidField('contact/id', 'is not a contact of the chosen account');
      contact = { id, name: found.row.name, created: false };
    } else {
      const create =
        input.contact && 'create' in input.contact
          ? input.contact.create
          : { name: lead.name, title: lead.title, phone: lead.phone, email: lead.email, wechat: lead.wechat };
      const row = await prefixed('contact/create', () =>
        this.contacts.prepareCreate(
          actor,
          { ...create, accountId: account.id, ownerId },
          { accountChecked: true },
        ),
      );
      contact = { id: row.id, name: row.name, created: true, row };
    }

    // The deal, if asked for: it remembers the lead and its campaign.
    const plan = input.opportunity
      ? await prefixed('opportunity', () =>
          this.opportunities.prepareCreate(
            actor,
            { ...input.opportunity!, accountId: account.id, ownerId },
            { accountChecked: true, leadId: lead.id, campaignId: lead.campaignId },
          ),
        )
      : null;

    const at = new Date().toISOString();
    const activitiesMoved = await this.db.transaction().execute(async (trx) => {
      if (account.row) await this.accounts.insertIn(trx, account.row);
      if (contact.row) await this.contacts.insertIn(trx, contact.row);
      if (plan) await plan.write(trx);
      const repo = new LeadConversionRepository(trx);
      const newOwner = lead.ownerId ?? ownerId;
      const done = await repo.markConverted({
        orgId: actor.orgId,
        id: lead.id,
        version: input.version,
        accountId: account.id,
        contactId: contact.id,
        opportunityId: plan?.row.id ?? null,
        ownerId: newOwner,
        at,
      });
      // someone else converted or changed it since it was read
      if (!done) throw stale('Lead');
      await recordChanges(trx, {
        orgId: actor.orgId,
        entityType: 'lead',
        entityId: lead.id,
        userId: actor.userId,
        before: lead,
        after: { status: 'converted', ownerId: newOwner },
        fields: ['status', 'ownerId'],
        at,
      });
      return repo.moveActivities(actor.orgId, lead.id, contact.id, account.id);
    });
    return {
      leadId: lead.id,
      accountId: account.id,
      accountName: account.name,
      accountCreated: account.created,
      contactId: contact.id,
      contactName: contact.name,
      contactCreated: contact.created,
      opportunityId: plan?.row.id ?? null,
      opportunityName: plan?.row.name ?? null,
      activitiesMoved,
    };
  }
}

/**
 * Conversion owns the converted state: no lead is created or edited into 'converted' (it would
 * have no account, contact or deal), and a converted lead is read-only except its notes.
 */
export function checkConversionState(
  before: { status: string; convertedAt: string | null } | null,
  patch: Record<string, unknown>,
): void {
  const converted = before && (before.status === 'converted' || before.convertedAt);
  if (!converted) {
    if (patch.status === 'converted')
      throw invalidField('status', 'a lead becomes converted through POST /api/v1/leads/:id/convert');
    return;
  }
  const changed = Object.keys(patch).filter(
    (f) =>
      f !== 'notes' &&
      f !== 'version' &&
      (patch[f] ?? null) !== ((before as Record<string, unknown>)[f] ?? null),
  );
  if (changed.length)
    throw conflict('A converted lead is read-only except its notes', [
      ...changed.map((path) => ({ path, message: 'read-only once converted' })),
    ]);
}

const alreadyConverted = () =>
  conflict('This lead has already been converted', [{ path: 'status', message: 'converted' }]);

/** The account to propose: the first one the caller can open that is the same company. */
function pickAccount(matches: DuplicateMatch[]): string | null {
  const exact = matches.filter((m) => m.visible && m.strength === 'exact');
  const byName = exact.find((m) => m.reasons.includes('credit_code') || m.reasons.includes('name'));
  return (byName ?? exact[0])?.id ?? null;
}

/** Runs a check written for another request body, naming the fields as this body has them. */
async function prefixed<T>(prefix: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.fields?.length)
      throw new AppError(
        err.status,
        err.code,
        err.message,
        err.fields.map((f) => ({ ...f, path: `${prefix}/${f.path}` })),
      );
    throw err;
  }
}

/** A record the body points at that the caller cannot see: a 400 on that field, not a 404. */
async function asField<T>(path: string, message: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.status === 403))
      throw invalidField(path, message);
    throw err;
  }
}
