import { Migrator, type Kysely } from 'kysely';
import { migrations } from './migrations/index.js';

/**
 * Brings the schema up to date. Safe when several instances start at once: on PostgreSQL the
 * migrator takes an advisory lock; on SQLite a second writer can fail with SQLITE_BUSY while the
 * first migrates, so it waits and tries again (the migrations it finds applied are skipped).
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db: db.withoutPlugins(),
    provider: { getMigrations: async () => migrations },
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    const busy = String((error as { code?: string }).code ?? '').startsWith('SQLITE_BUSY');
    if (!busy || attempt >= 50) throw error;
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
  }
}
