import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { PERMISSIONS, type Me, type Role } from '@tuoke/shared';
import { forbidden, notFound, tooManyRequests, unauthorized } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { hashPassword, verifyPassword } from '../../lib/password.js';
import type { Actor } from '../access/index.js';
import type { AuthRepository } from './auth.repository.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = (bytes = 32) => randomBytes(bytes).toString('base64url');

const FAILURE_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 50;
/** How long a looked-up session is trusted before the database is asked again. */
const SESSION_CACHE_MS = 10_000;

interface CachedSession {
  actor: Actor;
  csrfToken: string;
  expiresAt: number;
  at: number;
}

// A fixed hash to verify against when the e-mail is unknown, so both paths take as long.
const dummyHash = hashPassword(token());

export class AuthService {
  private readonly sessions = new Map<string, CachedSession>();

  constructor(
    private readonly repo: AuthRepository,
    private readonly opts: { sessionTtlHours: number },
  ) {}

  async login(email: string, password: string, ip: string) {
    const normalized = email.trim().toLowerCase();
    const now = Date.now();
    const since = new Date(now - FAILURE_WINDOW_MS).toISOString();
    const [byEmail, byIp] = await Promise.all([
      this.repo.countFailures('email', normalized, since),
      this.repo.countFailures('ip', ip, since),
    ]);
    if (byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP) {
      throw tooManyRequests('Too many failed sign-ins. Wait 15 minutes and try again.');
    }
    const user = await this.repo.findUserByEmail(normalized);
    const ok = user
      ? await verifyPassword(user.passwordHash, password)
      : await verifyPassword(await dummyHash, password);
    const at = new Date(now).toISOString();
    await this.repo.recordAttempt({
      id: newId(),
      email: normalized,
      ip,
      succeeded: ok && user?.active ? 1 : 0,
      createdAt: at,
    });
    if (!user || !ok) throw unauthorized('E-mail or password is wrong');
    if (user.active !== 1) throw forbidden('This user has been deactivated');

    const cookieValue = token();
    const csrfToken = token(24);
    const expiresAt = new Date(now + this.opts.sessionTtlHours * 3_600_000).toISOString();
    await this.repo.createSession({
      id: sha256(cookieValue),
      orgId: user.orgId,
      userId: user.id,
      csrfToken,
      expiresAt,
      createdAt: at,
    });
    return { cookieValue, expiresAt, csrfToken, actor: toActor(user, 'session') };
  }

  async logout(cookieValue: string) {
    const id = sha256(cookieValue);
    this.sessions.delete(id);
    await this.repo.deleteSession(id);
  }

  /** The actor behind a session cookie, or null when it is unknown, expired or deactivated. */
  async fromSession(cookieValue: string): Promise<{ actor: Actor; csrfToken: string } | null> {
    const id = sha256(cookieValue);
    const now = Date.now();
    const hit = this.sessions.get(id);
    if (hit && now - hit.at < SESSION_CACHE_MS && hit.expiresAt > now) return hit;
    const row = await this.repo.findSession(id);
    if (!row || row.active !== 1 || Date.parse(row.expiresAt) <= now) {
      this.sessions.delete(id);
      return null;
    }
    const entry = {
      actor: toActor({ ...row, id: row.userId }, 'session'),
      csrfToken: row.csrfToken,
      expiresAt: Date.parse(row.expiresAt),
      at: now,
    };
    if (this.sessions.size > 10_000) this.sessions.clear();
    this.sessions.set(id, entry);
    return entry;
  }

  async fromApiToken(bearer: string): Promise<Actor | null> {
    const row = await this.repo.findToken(sha256(bearer));
    if (!row || row.revokedAt || row.active !== 1) return null;
    const now = new Date();
    if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > 60_000) {
      await this.repo.touchToken(row.tokenId, now.toISOString());
    }
    return toActor({ ...row, id: row.userId }, 'token');
  }

  static csrfMatches(expected: string, given: string | undefined): boolean {
    if (!given) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async me(actor: Actor, csrfToken: string): Promise<Me> {
    const [user, org] = await Promise.all([
      this.repo.findUser(actor.userId),
      this.repo.findOrganization(actor.orgId),
    ]);
    if (!user) throw unauthorized();
    return {
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role as Role,
        teamId: user.teamId,
        managerId: user.managerId,
        locale: user.locale as Me['user']['locale'],
      },
      organization: { id: org.id, name: org.name, currency: org.currency },
      permissions: PERMISSIONS[user.role as Role] as Me['permissions'],
      csrfToken,
    };
  }

  async updateMe(actor: Actor, patch: { locale?: string | null; name?: string }) {
    await this.repo.updateLocale(actor.userId, patch, new Date().toISOString());
    this.forgetUser(actor.userId);
  }

  /** Drops cached sessions of a user whose role, team or status changed. */
  forgetUser(userId: string) {
    for (const [id, s] of this.sessions) if (s.actor.userId === userId) this.sessions.delete(id);
  }

  listTokens(actor: Actor) {
    return this.repo.listTokens(actor.orgId, actor.userId);
  }

  async createToken(actor: Actor, name: string) {
    const value = `tk_${token()}`;
    const id = newId();
    await this.repo.createToken({
      id,
      orgId: actor.orgId,
      userId: actor.userId,
      name,
      tokenHash: sha256(value),
      lastUsedAt: null,
      revokedAt: null,
      createdAt: new Date().toISOString(),
    });
    return { id, name, token: value };
  }

  async revokeToken(actor: Actor, id: string) {
    if (!(await this.repo.revokeToken(actor.orgId, actor.userId, id, new Date().toISOString())))
      throw notFound('API token');
  }

  /** Housekeeping job: expired sessions, and login attempts older than a day. */
  purgeExpired() {
    const now = Date.now();
    return this.repo.deleteExpired(new Date(now).toISOString(), new Date(now - 86_400_000).toISOString());
  }
}

function toActor(
  u: {
    id: string;
    orgId: string;
    role: string;
    name: string;
    teamId: string | null;
    managerId: string | null;
  },
  via: Actor['via'],
): Actor {
  return {
    userId: u.id,
    orgId: u.orgId,
    role: u.role as Role,
    name: u.name,
    teamId: u.teamId,
    managerId: u.managerId,
    via,
  };
}
