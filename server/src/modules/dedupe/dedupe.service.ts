import type { Kysely } from 'kysely';
import {
  MERGEABLE_FIELDS,
  companyKeys,
  emailKey,
  maskCompanyName,
  maskEmail,
  maskPersonName,
  maskPhone,
  normalizeCreditCode,
  phoneKey,
  type DedupeObject,
  type DuplicateCheck,
  type DuplicateCheckResult,
  type DuplicateGroup,
  type DuplicateGroupList,
  type DuplicateGroupsQuery,
  type DuplicateMatch,
  type MatchReason,
  type MergeRecord,
  type MergeRequest,
  type MergeResult,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, invalidField, stale } from '../../http/errors.js';
import { isValidCreditCode } from '../../lib/credit-code.js';
import { keysForChange } from '../../lib/dedupe-keys.js';
import { recordChanges } from '../../lib/history.js';
import { newId } from '../../lib/ids.js';
import { updateVersioned } from '../../lib/records.js';
import {
  assertAssignable,
  authorize,
  guard,
  nameOf,
  type Actor,
  type DirectoryCache,
  type OrgDirectory,
  type OwnerFilter,
} from '../access/index.js';
import type { AccountsService } from '../accounts/index.js';
import type { ContactsService } from '../contacts/index.js';
import type { LeadsService } from '../leads/index.js';
import { DedupeRepository, type CandidateRow, type KeyColumn } from './dedupe.repository.js';

/** The strongest reason first: it names a group that several reasons found. */
const REASON_ORDER: MatchReason[] = ['credit_code', 'name', 'phone', 'email', 'similar_name'];
const OBJECT_ORDER: DedupeObject[] = ['account', 'contact', 'lead'];
const MAX_MATCHES = 20;
const TABLE = { account: 'accounts', contact: 'contacts', lead: 'leads' } as const;
const WHAT = { account: 'Account', contact: 'Contact', lead: 'Lead' } as const;

/** Which key columns of each object a reason compares, and for the 查重 groups. */
const GROUP_COLUMNS: Record<DedupeObject, [KeyColumn, MatchReason][]> = {
  account: [
    ['creditCode', 'credit_code'],
    ['nameKey', 'name'],
    ['phoneKey', 'phone'],
    ['nameWeakKey', 'similar_name'],
  ],
  contact: [
    ['phoneKey', 'phone'],
    ['emailKey', 'email'],
  ],
  lead: [
    ['companyKey', 'name'],
    ['phoneKey', 'phone'],
    ['emailKey', 'email'],
    ['companyWeakKey', 'similar_name'],
  ],
};

interface Found {
  object: DedupeObject;
  row: CandidateRow;
  reasons: Set<MatchReason>;
}

/**
 * The duplicate check (查重/撞单), the 查重 groups and merges. Whether the caller may open a
 * record is the owning module's answer (its `visible`), so pools and collaborators count as
 * they do everywhere else; what the caller may not open comes back masked.
 */
export class DedupeService {
  private readonly repo: DedupeRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsService,
    private readonly leads: LeadsService,
  ) {
    this.repo = new DedupeRepository(db);
  }

  private readonly mergedHooks: ((
    orgId: string,
    object: DedupeObject,
    survivorId: string,
  ) => Promise<void>)[] = [];

  /** Runs after a merge commits (the surviving lead is rescored: it took the other's activities). */
  onMerged(hook: (orgId: string, object: DedupeObject, survivorId: string) => Promise<void>) {
    this.mergedHooks.push(hook);
  }

  async check(actor: Actor, input: DuplicateCheck): Promise<DuplicateCheckResult> {
    authorize(actor, input.object, 'read');
    const dir = await this.directory.get(actor.orgId);
    const company = companyKeys(input.object === 'account' ? input.name : input.company);
    const phone = phoneKey(input.phone);
    const email = emailKey(input.email);
    const code = normalizeCreditCode(input.creditCode);
    const found = await this.find(actor.orgId, {
      code: code && isValidCreditCode(code) ? code : null,
      nameKey: company.key,
      weakKey: company.weakKey,
      phone,
      email,
      exclude: input.excludeId ? { object: input.object, id: input.excludeId } : null,
    });
    const matches = await Promise.all(found.map((f) => this.present(actor, dir, f)));
    return { matches };
  }

  /** Contacts of an account with this phone or e-mail, as the caller sees them (lead conversion). */
  async contactsOnAccount(
    actor: Actor,
    accountId: string,
    phone: string | null,
    email: string | null,
  ): Promise<DuplicateMatch[]> {
    const dir = await this.directory.get(actor.orgId);
    const found = await this.find(actor.orgId, {
      code: null,
      nameKey: null,
      weakKey: null,
      phone: phoneKey(phone),
      email: emailKey(email),
      exclude: null,
      only: ['contact'],
    });
    const mine = found.filter((f) => f.row.accountId === accountId);
    return Promise.all(mine.map((f) => this.present(actor, dir, f)));
  }

  private async find(
    orgId: string,
    keys: {
      code: string | null;
      nameKey: string | null;
      weakKey: string | null;
      phone: string | null;
      email: string | null;
      exclude: { object: DedupeObject; id: string } | null;
      only?: DedupeObject[];
    },
  ): Promise<Found[]> {
    const found = new Map<string, Found>();
    const search = async (
      object: DedupeObject,
      column: KeyColumn,
      value: string | null,
      reason: MatchReason,
    ) => {
      if (!value || (keys.only && !keys.only.includes(object))) return;
      const rows = await this.repo.candidates(orgId, object, column, [value], {
        excludeId: keys.exclude?.object === object ? keys.exclude.id : undefined,
        limit: MAX_MATCHES,
      });
      for (const row of rows) {
        const id = `${object}:${row.id}`;
        const hit = found.get(id) ?? { object, row, reasons: new Set<MatchReason>() };
        hit.reasons.add(reason);
        found.set(id, hit);
      }
    };
    await search('account', 'creditCode', keys.code, 'credit_code');
    await search('account', 'nameKey', keys.nameKey, 'name');
    await search('lead', 'companyKey', keys.nameKey, 'name');
    await search('account', 'nameWeakKey', keys.weakKey, 'similar_name');
    await search('lead', 'companyWeakKey', keys.weakKey, 'similar_name');
    for (const object of OBJECT_ORDER) {
      await search(object, 'phoneKey', keys.phone, 'phone');
      if (object !== 'account') await search(object, 'emailKey', keys.email, 'email');
    }
    // a similar name says nothing new about a record already found by its name
    for (const f of found.values()) if (f.reasons.has('name')) f.reasons.delete('similar_name');
    const strength = (f: Found) => (isExact(f.reasons) ? 0 : 1);
    return [...found.values()]
      .sort(
        (a, b) =>
          strength(a) - strength(b) ||
          OBJECT_ORDER.indexOf(a.object) - OBJECT_ORDER.indexOf(b.object) ||
          (a.row.updatedAt < b.row.updatedAt ? 1 : a.row.updatedAt > b.row.updatedAt ? -1 : 0),
      )
      .slice(0, MAX_MATCHES);
  }

  private async present(actor: Actor, dir: OrgDirectory, f: Found): Promise<DuplicateMatch> {
    const { row, object } = f;
    const owner = row.ownerId ? dir.users.get(row.ownerId) : undefined;
    const base = {
      type: object,
      status: row.status,
      ownerId: row.ownerId,
      ownerName: nameOf(dir, row.ownerId),
      teamName: owner?.teamId ? (dir.teams.get(owner.teamId)?.name ?? null) : null,
      inPool: row.ownerId === null,
      reasons: REASON_ORDER.filter((r) => f.reasons.has(r)),
      strength: isExact(f.reasons) ? ('exact' as const) : ('likely' as const),
    };
    // what the caller may open, as its module shows it (a pool may hide a phone number)
    const shown = await this.open(actor, object, row.id);
    if (shown) return { ...base, visible: true, ...shown };
    return {
      ...base,
      visible: false,
      id: null,
      name: object === 'account' ? maskCompanyName(row.name) : maskPersonName(row.name),
      company: row.company ? maskCompanyName(row.company) : null,
      phone: row.phone ? maskPhone(row.phone) : null,
      email: row.email ? maskEmail(row.email) : null,
      version: null,
    };
  }

  /** The record as its module shows it to the caller, or null when the caller may not open it. */
  private async open(actor: Actor, object: DedupeObject, id: string) {
    try {
      if (object === 'account') {
        const a = await this.accounts.get(actor, id);
        return { id, name: a.name, company: null, phone: a.phone, email: null, version: a.version };
      }
      if (object === 'contact') {
        const c = await this.contacts.get(actor, id);
        return {
          id,
          name: c.name,
          company: c.accountName,
          phone: c.phone,
          email: c.email,
          version: c.version,
        };
      }
      const l = await this.leads.get(actor, id);
      return { id, name: l.name, company: l.company, phone: l.phone, email: l.email, version: l.version };
    } catch (err) {
      if (err instanceof AppError && (err.status === 404 || err.status === 403)) return null;
      throw err;
    }
  }

  private visible(actor: Actor, object: DedupeObject, id: string, action: 'read' | 'update') {
    if (object === 'account') return this.accounts.visible(actor, id, action);
    if (object === 'contact') return this.contacts.visible(actor, id, action);
    return this.leads.visible(actor, id, action);
  }

  /**
   * The 查重 tool: records in the caller's scope that share a credit code, a normalised name, a
   * phone or an e-mail (and, when asked, only a similar name), grouped, biggest groups first.
   */
  async groups(actor: Actor, query: DuplicateGroupsQuery): Promise<DuplicateGroupList> {
    const object = query.object ?? 'account';
    const limit = query.limit ?? 50;
    const g = await guard(this.directory, actor, object, 'read');
    // leads without an owner sit in the pool everyone with lead access sees
    const scope = { owners: g.owners as OwnerFilter, pool: object === 'lead' };
    const groups: DuplicateGroup[] = [];
    const seen = new Map<string, DuplicateGroup>();
    for (const [column, reason] of GROUP_COLUMNS[object]) {
      if (reason === 'similar_name' && !query.similar) continue;
      const keys = await this.repo.sharedKeys(actor.orgId, object, column, scope, limit);
      const rows = await this.repo.candidates(actor.orgId, object, column, keys, { scope, limit: 1000 });
      const byKey = new Map<string, CandidateRow[]>();
      for (const row of rows) {
        const key = String(row[columnField(column)] ?? '');
        byKey.set(key, [...(byKey.get(key) ?? []), row]);
      }
      for (const key of keys) {
        const members = (byKey.get(key) ?? []).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
        const signature = members
          .map((m) => m.id)
          .sort()
          .join(',');
        if (members.length < 2) continue;
        const same = seen.get(signature);
        if (same) {
          // a similar name adds nothing to the same name
          const redundant = reason === 'similar_name' && same.reasons.includes('name');
          if (!same.reasons.includes(reason) && !redundant) same.reasons.push(reason);
          continue;
        }
        const group: DuplicateGroup = {
          object,
          reason,
          reasons: [reason],
          strength: reason === 'similar_name' ? 'likely' : 'exact',
          key,
          members: members.map((m) => ({
            id: m.id,
            name: m.name,
            company: m.company,
            phone: m.phone,
            email: m.email,
            creditCode: m.creditCode,
            status: m.status,
            ownerId: m.ownerId,
            ownerName: nameOf(g.dir, m.ownerId),
            createdAt: m.createdAt,
            updatedAt: m.updatedAt,
            version: m.version,
          })),
        };
        seen.set(signature, group);
        groups.push(group);
      }
    }
    groups.sort(
      (a, b) =>
        (a.strength === b.strength ? 0 : a.strength === 'exact' ? -1 : 1) ||
        b.members.length - a.members.length,
    );
    return { items: groups.slice(0, limit) };
  }

  /**
   * Folds `mergedId` into `survivorId` in one transaction: every reference to the merged record
   * moves to the survivor (activities, changes, deals, contracts, conversions, pool trail …), the
   * chosen field values are copied, the merged row is kept as a snapshot in `merges` and deleted.
   * Both must be records the caller may change (else 404/403, nothing written); either version
   * out of date → 409 stale.
   */
  async merge(actor: Actor, object: DedupeObject, input: MergeRequest): Promise<MergeResult> {
    if (input.survivorId === input.mergedId)
      throw invalidField('mergedId', 'a record cannot be merged into itself');
    const survivor = await this.visible(actor, object, input.survivorId, 'update');
    const merged = await this.visible(actor, object, input.mergedId, 'update');
    const allowed = MERGEABLE_FIELDS[object] as readonly string[];
    const fields = input.fields ?? {};
    for (const field of Object.keys(fields))
      if (!allowed.includes(field))
        throw invalidField(`fields/${field}`, `is not a field a ${object} merge copies`);
    const s = survivor.row as unknown as Record<string, unknown>;
    const m = merged.row as unknown as Record<string, unknown>;
    const patch: Record<string, unknown> = {};
    for (const [field, side] of Object.entries(fields))
      if (side === 'merged' && !sameValue(s[field], m[field])) patch[field] = m[field];

    if (object === 'lead') {
      if (m.status === 'converted' || m.convertedAt)
        throw conflict('A converted lead can only be the surviving record of a merge', [
          { path: 'mergedId', message: 'converted' },
        ]);
      if ((s.status === 'converted' || s.convertedAt) && Object.keys(patch).some((f) => f !== 'notes'))
        throw conflict('A converted lead is read-only except its notes', [
          { path: 'fields', message: 'only notes may come from the merged lead' },
        ]);
    }
    if (typeof patch.ownerId === 'string')
      assertAssignable(survivor.owners, survivor.dir, patch.ownerId, 'fields/ownerId');
    if (object === 'account' && typeof patch.creditCode === 'string' && !isValidCreditCode(patch.creditCode))
      throw invalidField('fields/creditCode', '统一社会信用代码 check digit does not match');

    const at = new Date().toISOString();
    const mergeId = newId();
    const moved = await this.db.transaction().execute(async (trx) => {
      const repo = new DedupeRepository(trx);
      const moved = await repo.repoint(actor.orgId, object, input.mergedId, input.survivorId);
      if (object === 'contact') {
        const accountId =
          'accountId' in patch ? (patch.accountId as string | null) : (s.accountId as string | null);
        if (accountId) await repo.setActivityAccount(actor.orgId, input.survivorId, accountId);
      }
      // gone before the survivor takes its values: a credit code is unique per organisation
      if (!(await repo.deleteVersioned(actor.orgId, object, input.mergedId, input.mergedVersion)))
        throw stale(WHAT[object]);
      await repo.insertMerge({
        id: mergeId,
        orgId: actor.orgId,
        entityType: object,
        survivorId: input.survivorId,
        mergedId: input.mergedId,
        mergedName: String(m.name),
        snapshot: JSON.stringify(withoutKeys(m)),
        fields: JSON.stringify(fields),
        moved: JSON.stringify(moved),
        mergedBy: actor.userId,
        mergedAt: at,
      });
      await updateVersioned(
        trx,
        TABLE[object],
        { orgId: actor.orgId, id: input.survivorId, version: input.survivorVersion },
        { ...patch, ...keysForChange(TABLE[object], s, patch) },
        at,
        WHAT[object],
      );
      await recordChanges(trx, {
        orgId: actor.orgId,
        entityType: object,
        entityId: input.survivorId,
        userId: actor.userId,
        before: { ...s, mergedFrom: null },
        after: { ...patch, mergedFrom: String(m.name) },
        fields: [...allowed, 'mergedFrom'],
        at,
      });
      return moved;
    });
    for (const hook of this.mergedHooks) await hook(actor.orgId, object, input.survivorId);
    return { mergeId, object, survivorId: input.survivorId, mergedId: input.mergedId, moved };
  }

  /** The merges a surviving record took in, newest first. */
  async merges(actor: Actor, object: DedupeObject, survivorId: string): Promise<{ items: MergeRecord[] }> {
    await this.visible(actor, object, survivorId, 'read');
    const dir = await this.directory.get(actor.orgId);
    const rows = await this.repo.listMerges(actor.orgId, object, survivorId);
    return {
      items: rows.map((r) => ({
        id: r.id,
        object: r.entityType as DedupeObject,
        survivorId: r.survivorId,
        mergedId: r.mergedId,
        mergedName: r.mergedName,
        snapshot: JSON.parse(r.snapshot) as Record<string, unknown>,
        fields: JSON.parse(r.fields) as Record<string, string>,
        moved: JSON.parse(r.moved) as Record<string, number>,
        mergedBy: r.mergedBy,
        mergedByName: nameOf(dir, r.mergedBy),
        mergedAt: r.mergedAt,
      })),
    };
  }

  /** Rows referring to a record, per "table.column" (what a merge moves). */
  countReferences(orgId: string, object: DedupeObject, id: string) {
    return this.repo.countReferences(orgId, object, id);
  }
}

function isExact(reasons: Set<MatchReason>): boolean {
  return [...reasons].some((r) => r !== 'similar_name');
}

function columnField(column: KeyColumn): keyof CandidateRow {
  switch (column) {
    case 'creditCode':
      return 'creditCode';
    case 'nameKey':
    case 'companyKey':
      return 'nameKey';
    case 'nameWeakKey':
    case 'companyWeakKey':
      return 'weakKey';
    case 'phoneKey':
      return 'phoneKey';
    case 'emailKey':
      return 'emailKey';
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/** The snapshot keeps what a person entered; the derived keys are recomputed anyway. */
function withoutKeys(row: Record<string, unknown>): Record<string, unknown> {
  const out = { ...row };
  for (const k of ['nameKey', 'nameWeakKey', 'companyKey', 'companyWeakKey', 'phoneKey', 'emailKey'])
    delete out[k];
  return out;
}
