import { sql, type RawBuilder } from 'kysely';
import { grantFor, type Action, type ObjectType, type Scope, type View } from '@tuoke/shared';
import { AppError, forbidden, invalidField } from '../../http/errors.js';
import type { Actor } from './actor.js';
import { subordinatesOf, teamSubtree, type OrgDirectory } from './directory.js';

/**
 * Which owners' records a request may touch: `null` means every owner in the organisation,
 * otherwise the owner ids. Combines the role's data scope with the saved view the user picked.
 */
export type OwnerFilter = null | string[];

export function authorize(actor: Actor, object: ObjectType, action: Action): Scope {
  const grant = grantFor(actor.role, object);
  if (!grant || !grant.actions.includes(action)) {
    throw forbidden(`Your role (${actor.role}) may not ${action} ${object} records`);
  }
  return grant.scope;
}

export function ownersInScope(actor: Actor, scope: Scope, dir: OrgDirectory): OwnerFilter {
  switch (scope) {
    case 'all':
      return null;
    case 'own':
      return [actor.userId];
    case 'own_subordinates':
      return [actor.userId, ...subordinatesOf(dir, actor.userId)];
    case 'team':
    case 'team_subtree': {
      if (!actor.teamId) return [actor.userId];
      const teams = scope === 'team' ? new Set([actor.teamId]) : teamSubtree(dir, actor.teamId);
      const ids = [...dir.users.values()].filter((u) => u.teamId && teams.has(u.teamId)).map((u) => u.id);
      return ids.includes(actor.userId) ? ids : [actor.userId, ...ids];
    }
  }
}

/** Narrows the scope by a saved view: mine (我负责的), subordinates (下属负责的), all (全部). */
export function applyView(
  actor: Actor,
  owners: OwnerFilter,
  view: View | undefined,
  dir: OrgDirectory,
): OwnerFilter {
  if (!view || view === 'all') return owners;
  const wanted = view === 'mine' ? [actor.userId] : subordinatesOf(dir, actor.userId);
  return owners === null ? wanted : wanted.filter((id) => owners.includes(id));
}

export function intersectOwner(owners: OwnerFilter, ownerId: string | undefined): OwnerFilter {
  if (!ownerId) return owners;
  if (owners === null) return [ownerId];
  return owners.includes(ownerId) ? [ownerId] : [];
}

export function canSeeOwner(owners: OwnerFilter, ownerId: string | null): boolean {
  return owners === null || (ownerId !== null && owners.includes(ownerId));
}

/** SQL condition `column IN (owners)`; an empty list matches nothing. */
export function ownerIn(column: string, owners: string[]): RawBuilder<boolean> {
  return owners.length ? sql<boolean>`${sql.ref(column)} in (${sql.join(owners)})` : sql<boolean>`1 = 0`;
}

/**
 * The owner a record may be given: an active user of the organisation whose records the actor
 * may manage (a rep can only assign to themself; a manager within their team).
 */
export function assertAssignable(
  owners: OwnerFilter,
  dir: OrgDirectory,
  ownerId: string,
  field = 'ownerId',
): void {
  const user = dir.users.get(ownerId);
  if (!user || !user.active) throw invalidField(field, 'no active user with this id in your organisation');
  if (owners !== null && !owners.includes(ownerId)) {
    throw new AppError(403, 'forbidden', 'You may not assign records to this user', [
      { path: field, message: 'outside your data scope' },
    ]);
  }
}
