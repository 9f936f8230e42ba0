import type { Migration } from 'kysely';
import * as foundation from './20261127T190000-foundation.js';

/** Every migration, in order. Add new ones at the end; never edit or reorder landed ones. */
export const migrations: Record<string, Migration> = {
  '20261127T190000-foundation': foundation,
};
