import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface DirectoryUser {
  id: string;
  name: string;
  teamId: string | null;
  managerId: string | null;
  active: boolean;
}
export interface DirectoryTeam {
  id: string;
  name: string;
  parentId: string | null;
}
export interface OrgDirectory {
  users: Map<string, DirectoryUser>;
  teams: Map<string, DirectoryTeam>;
}

/**
 * The organisation's people and teams, which every scope check and owner name needs. Small
 * (hundreds of rows), so held in memory per organisation for a few seconds. A write to users or
 * teams in this instance drops it at once; other instances see the change within TTL_MS.
 */
export class DirectoryCache {
  private readonly cache = new Map<string, { at: number; value: Promise<OrgDirectory> }>();
  static readonly TTL_MS = 5_000;

  constructor(private readonly db: Kysely<Database>) {}

  get(orgId: string): Promise<OrgDirectory> {
    const hit = this.cache.get(orgId);
    if (hit && Date.now() - hit.at < DirectoryCache.TTL_MS) return hit.value;
    const value = this.load(orgId);
    this.cache.set(orgId, { at: Date.now(), value });
    value.catch(() => this.cache.delete(orgId));
    return value;
  }

  invalidate(orgId: string): void {
    this.cache.delete(orgId);
  }

  private async load(orgId: string): Promise<OrgDirectory> {
    const [users, teams] = await Promise.all([
      this.db
        .selectFrom('users')
        .select(['id', 'name', 'teamId', 'managerId', 'active'])
        .where('orgId', '=', orgId)
        .execute(),
      this.db.selectFrom('teams').select(['id', 'name', 'parentId']).where('orgId', '=', orgId).execute(),
    ]);
    return {
      users: new Map(users.map((u) => [u.id, { ...u, active: u.active === 1 }])),
      teams: new Map(teams.map((t) => [t.id, t])),
    };
  }
}

/** Everyone reporting to `userId`, directly or through others (not the user). */
export function subordinatesOf(dir: OrgDirectory, userId: string): string[] {
  const reports = new Map<string, string[]>();
  for (const u of dir.users.values()) {
    if (!u.managerId) continue;
    const list = reports.get(u.managerId) ?? [];
    list.push(u.id);
    reports.set(u.managerId, list);
  }
  const out: string[] = [];
  const seen = new Set([userId]);
  const stack = [...(reports.get(userId) ?? [])];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    stack.push(...(reports.get(id) ?? []));
  }
  return out;
}

/** The team and all teams below it. */
export function teamSubtree(dir: OrgDirectory, teamId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const t of dir.teams.values()) {
    if (!t.parentId) continue;
    const list = children.get(t.parentId) ?? [];
    list.push(t.id);
    children.set(t.parentId, list);
  }
  const out = new Set<string>();
  const stack = [teamId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}
