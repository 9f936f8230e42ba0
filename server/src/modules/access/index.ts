export type { Actor } from './actor.js';
export { DirectoryCache, subordinatesOf, teamSubtree, type OrgDirectory } from './directory.js';
export {
  authorize,
  ownersInScope,
  applyView,
  intersectOwner,
  canSeeOwner,
  ownerIn,
  assertAssignable,
  type OwnerFilter,
} from './scope.js';
export { guard, listOwners, nameOf, type Guarded } from './guard.js';
