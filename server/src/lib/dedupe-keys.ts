import { companyKeys, emailKey, phoneKey } from '@tuoke/shared';

/**
 * The duplicate-check key columns (查重) of accounts, contacts and leads, from the values they
 * come from. Repositories add them on insert and `saveChanges` on update, so no write path can
 * forget them; the migration that added the columns back-filled older rows the same way.
 */
export function accountKeys(a: { name: string; kind?: string | null; phone?: string | null }) {
  // An individual customer's name is a person's: many people share one, so it is no key.
  const name = a.kind === 'individual' ? { key: null, weakKey: null } : companyKeys(a.name);
  return { nameKey: name.key, nameWeakKey: name.weakKey, phoneKey: phoneKey(a.phone) };
}

export function contactKeys(c: { phone?: string | null; email?: string | null }) {
  return { phoneKey: phoneKey(c.phone), emailKey: emailKey(c.email) };
}

export function leadKeys(l: { company?: string | null; phone?: string | null; email?: string | null }) {
  const company = companyKeys(l.company);
  return {
    companyKey: company.key,
    companyWeakKey: company.weakKey,
    phoneKey: phoneKey(l.phone),
    emailKey: emailKey(l.email),
  };
}

const SOURCES: Record<string, string[]> = {
  accounts: ['name', 'kind', 'phone'],
  contacts: ['phone', 'email'],
  leads: ['company', 'phone', 'email'],
};

/** The key columns an update of `table` must also set, when it changes a value a key comes from. */
export function keysForChange(
  table: string,
  before: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, string | null> {
  const sources = SOURCES[table];
  if (!sources || !sources.some((f) => f in patch)) return {};
  const after = { ...before, ...patch } as Record<string, string | null>;
  if (table === 'accounts') return accountKeys(after as { name: string });
  if (table === 'contacts') return contactKeys(after);
  return leadKeys(after);
}
