import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export class AuthRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findUserByEmail(email: string) {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  findUser(id: string) {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findOrganization(id: string) {
    return this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async createSession(row: Database['sessions'] extends infer T ? { [K in keyof T]: T[K] } : never) {
    await this.db.insertInto('sessions').values(row).execute();
  }

  findSession(id: string) {
    return this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.userId')
      .select([
        'sessions.id',
        'sessions.csrfToken',
        'sessions.expiresAt',
        'users.id as userId',
        'users.orgId',
        'users.role',
        'users.name',
        'users.teamId',
        'users.managerId',
        'users.active',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
  }

  async deleteSession(id: string) {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteUserSessions(userId: string) {
    await this.db.deleteFrom('sessions').where('userId', '=', userId).execute();
  }

  async deleteExpired(now: string, attemptsBefore: string) {
    const s = await this.db.deleteFrom('sessions').where('expiresAt', '<', now).executeTakeFirst();
    const a = await this.db
      .deleteFrom('loginAttempts')
      .where('createdAt', '<', attemptsBefore)
      .executeTakeFirst();
    return Number(s.numDeletedRows) + Number(a.numDeletedRows);
  }

  async recordAttempt(row: Database['loginAttempts']) {
    await this.db.insertInto('loginAttempts').values(row).execute();
  }

  async countFailures(by: 'email' | 'ip', value: string, since: string): Promise<number> {
    const r = await this.db
      .selectFrom('loginAttempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(by, '=', value)
      .where('succeeded', '=', 0)
      .where('createdAt', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async updateLocale(userId: string, patch: { locale?: string | null; name?: string }, at: string) {
    await this.db
      .updateTable('users')
      .set({ ...patch, updatedAt: at })
      .where('id', '=', userId)
      .execute();
  }

  findToken(tokenHash: string) {
    return this.db
      .selectFrom('apiTokens')
      .innerJoin('users', 'users.id', 'apiTokens.userId')
      .select([
        'apiTokens.id as tokenId',
        'apiTokens.lastUsedAt',
        'apiTokens.revokedAt',
        'users.id as userId',
        'users.orgId',
        'users.role',
        'users.name',
        'users.teamId',
        'users.managerId',
        'users.active',
      ])
      .where('apiTokens.tokenHash', '=', tokenHash)
      .executeTakeFirst();
  }

  async touchToken(id: string, at: string) {
    await this.db.updateTable('apiTokens').set({ lastUsedAt: at }).where('id', '=', id).execute();
  }

  listTokens(orgId: string, userId: string) {
    return this.db
      .selectFrom('apiTokens')
      .select(['id', 'name', 'createdAt', 'lastUsedAt'])
      .where('orgId', '=', orgId)
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .orderBy('createdAt', 'desc')
      .execute();
  }

  async createToken(row: Database['apiTokens']) {
    await this.db.insertInto('apiTokens').values(row).execute();
  }

  async revokeToken(orgId: string, userId: string, id: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('apiTokens')
      .set({ revokedAt: at })
      .where('id', '=', id)
      .where('orgId', '=', orgId)
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
