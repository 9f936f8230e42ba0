import type { Role } from '@tuoke/shared';
import { buildApp } from '../src/app.js';
import type { Actor } from '../src/modules/access/index.js';
import { seedDemo } from '../src/seed/demo.js';
import { createTestDb, type TestDb } from './db.js';

export type DemoApp = Awaited<ReturnType<typeof buildApp>> & {
  db: TestDb;
  /** A demo person (by e-mail) as the services see them after signing in. */
  actor(email: string): Promise<Actor>;
  close(): Promise<void>;
};

/** The demo organisation seeded as of `now` in a fresh database, and the app built on it. */
export async function createDemoApp(now: Date): Promise<DemoApp> {
  const db = await createTestDb();
  await seedDemo(db.kysely, { now });
  const built = await buildApp(
    db,
    { logLevel: 'silent', sessionTtlHours: 1, cookieSecure: false, webDist: '/nonexistent' },
    { logger: false },
  );
  return {
    ...built,
    db,
    async actor(email) {
      const u = await db.kysely
        .selectFrom('users')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return {
        userId: u.id,
        orgId: u.orgId,
        role: u.role as Role,
        name: u.name,
        teamId: u.teamId,
        managerId: u.managerId,
        via: 'session',
      };
    },
    async close() {
      await built.app.close();
      await db.drop();
    },
  };
}
