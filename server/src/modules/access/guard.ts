import type { Action, ObjectType, View } from '@tuoke/shared';
import type { Actor } from './actor.js';
import type { DirectoryCache, OrgDirectory } from './directory.js';
import { applyView, authorize, intersectOwner, ownersInScope, type OwnerFilter } from './scope.js';

export interface Guarded {
  dir: OrgDirectory;
  /** Owners the actor may act on for this object and action (null = all of the organisation). */
  owners: OwnerFilter;
}

/** Checks the role may do `action` on `object`, and resolves the owners its data scope covers. */
export async function guard(
  directory: DirectoryCache,
  actor: Actor,
  object: ObjectType,
  action: Action,
): Promise<Guarded> {
  const scope = authorize(actor, object, action);
  const dir = await directory.get(actor.orgId);
  return { dir, owners: ownersInScope(actor, scope, dir) };
}

/** The owners a list shows: the scope, narrowed by the saved view and an owner filter. */
export function listOwners(
  actor: Actor,
  g: Guarded,
  view: View | undefined,
  ownerId: string | undefined,
): OwnerFilter {
  return intersectOwner(applyView(actor, g.owners, view, g.dir), ownerId);
}

export const nameOf = (dir: OrgDirectory, userId: string | null) =>
  userId ? (dir.users.get(userId)?.name ?? '') : null;
