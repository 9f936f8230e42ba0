import { Migrator, type Kysely } from 'kysely';
import { withSchemaLock } from './dialect.js';
import { migrations } from './migrations/index.js';

/**
 * Brings the schema up to date. Safe when several instances start at once: on PostgreSQL the
 * migrator takes an advisory lock; on SQLite the run holds the write lock (withSchemaLock). A
 * second instance waits for the lock, then skips the migrations it finds applied.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db: db.withoutPlugins(),
    provider: { getMigrations: async () => migrations },
  });
  const results = await withSchemaLock(db, async () => {
    const { error, results } = await migrator.migrateToLatest();
    // thrown, so that on SQLite the lock's transaction rolls the half-done migration back
    if (error) throw error;
    return results ?? [];
  });
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
