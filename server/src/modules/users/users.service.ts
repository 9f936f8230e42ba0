import type { Kysely } from 'kysely';
import {
  TEAM_SORTS,
  USER_SORTS,
  type Team,
  type TeamCreate,
  type TeamListQuery,
  type TeamUpdate,
  type User,
  type UserCreate,
  type UserListQuery,
  type UserUpdate,
} from '@tuoke/shared';
import type { Dialect } from '../../db/dialect.js';
import type { Database, TeamsTable, UsersTable } from '../../db/schema.js';
import { conflict, invalidField, notFound } from '../../http/errors.js';
import { recordChanges } from '../../lib/history.js';
import { newId } from '../../lib/ids.js';
import { applyKeyset, parseSort, toPage } from '../../lib/pagination.js';
import { hashPassword } from '../../lib/password.js';
import { pick, requiredText, updateVersioned } from '../../lib/records.js';
import { likePattern } from '../../lib/text.js';
import {
  authorize,
  nameOf,
  subordinatesOf,
  teamSubtree,
  type Actor,
  type DirectoryCache,
} from '../access/index.js';

type UserRow = Omit<UsersTable, 'version' | 'active'> & { version: number; active: number };
type TeamRow = Omit<TeamsTable, 'version'> & { version: number };

/**
 * Users and teams: the organisation's directory. Every sales role reads it (owner pickers,
 * hierarchy); admins change it. A change drops the directory cache and the user's cached sessions.
 */
export class UsersService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly directory: DirectoryCache,
    private readonly onUserChanged: (userId: string) => void,
  ) {}

  async list(actor: Actor, query: UserListQuery) {
    authorize(actor, 'user', 'read');
    const sort = parseSort(query.sort, 'users', USER_SORTS, 'name');
    const limit = query.limit ?? 50;
    let qb = this.db
      .selectFrom('users')
      .leftJoin('teams', 'teams.id', 'users.teamId')
      .selectAll('users')
      .select('teams.name as teamName')
      .where('users.orgId', '=', actor.orgId);
    if (query.role) qb = qb.where('users.role', '=', query.role);
    if (query.teamId) qb = qb.where('users.teamId', '=', query.teamId);
    if (query.active !== undefined) qb = qb.where('users.active', '=', query.active ? 1 : 0);
    if (query.q) {
      const p = likePattern(query.q);
      qb = qb.where((eb) =>
        eb.or([this.dialect.ilike('users.name', p), this.dialect.ilike('users.email', p)]),
      );
    }
    const rows = await applyKeyset(qb, sort, 'users.id', query.cursor, limit).execute();
    return toPage(rows.map(toUser), sort, limit);
  }

  async get(actor: Actor, id: string): Promise<User> {
    authorize(actor, 'user', 'read');
    return toUser(await this.userRow(actor.orgId, id));
  }

  async create(actor: Actor, input: UserCreate): Promise<User> {
    authorize(actor, 'user', 'create');
    const email = input.email.trim().toLowerCase();
    await this.checkEmail(email);
    const dir = await this.directory.get(actor.orgId);
    if (input.teamId && !dir.teams.has(input.teamId)) throw invalidField('teamId', 'no such team');
    if (input.managerId && !dir.users.has(input.managerId)) throw invalidField('managerId', 'no such user');
    const at = new Date().toISOString();
    const id = newId();
    await this.db
      .insertInto('users')
      .values({
        id,
        orgId: actor.orgId,
        email,
        name: requiredText(input.name),
        passwordHash: await hashPassword(input.password),
        role: input.role,
        teamId: input.teamId ?? null,
        managerId: input.managerId ?? null,
        locale: input.locale ?? null,
        active: 1,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    this.directory.invalidate(actor.orgId);
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: UserUpdate): Promise<User> {
    authorize(actor, 'user', 'update');
    const before = await this.userRow(actor.orgId, id);
    const dir = await this.directory.get(actor.orgId);
    const patch = pick(input, ['name', 'role', 'teamId', 'managerId', 'locale', 'active']);
    if (typeof patch.name === 'string') patch.name = requiredText(patch.name);
    if (patch.teamId && !dir.teams.has(patch.teamId as string)) throw invalidField('teamId', 'no such team');
    if (patch.managerId) {
      if (!dir.users.has(patch.managerId as string)) throw invalidField('managerId', 'no such user');
      if (patch.managerId === id || subordinatesOf(dir, id).includes(patch.managerId as string)) {
        throw invalidField('managerId', 'would make a reporting loop');
      }
    }
    if (patch.active !== undefined) {
      if (!patch.active && id === actor.userId)
        throw invalidField('active', 'you cannot deactivate yourself');
      patch.active = patch.active ? 1 : 0;
    }
    if (id === actor.userId && patch.role && patch.role !== before.role)
      throw invalidField('role', 'you cannot change your own role');
    if (input.password) patch.passwordHash = await hashPassword(input.password);
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await updateVersioned(
        trx,
        'users',
        { orgId: actor.orgId, id, version: input.version },
        patch,
        at,
        'User',
      );
      await recordChanges(trx, {
        orgId: actor.orgId,
        entityType: 'user',
        entityId: id,
        userId: actor.userId,
        before,
        after: patch,
        fields: ['name', 'role', 'teamId', 'managerId', 'active'],
        at,
      });
      if (patch.active === 0 || input.password)
        await trx.deleteFrom('sessions').where('userId', '=', id).execute();
    });
    this.directory.invalidate(actor.orgId);
    this.onUserChanged(id);
    return this.get(actor, id);
  }

  /** Users own records, so they are deactivated rather than deleted. */
  async remove(actor: Actor, id: string): Promise<void> {
    const u = await this.get(actor, id);
    authorize(actor, 'user', 'delete');
    await this.update(actor, id, { active: false, version: u.version });
  }

  async listTeams(actor: Actor, query: TeamListQuery) {
    authorize(actor, 'team', 'read');
    const sort = parseSort(query.sort, 'teams', TEAM_SORTS, 'name');
    const limit = query.limit ?? 50;
    let qb = this.db.selectFrom('teams').selectAll().where('orgId', '=', actor.orgId);
    if (query.type) qb = qb.where('type', '=', query.type);
    if (query.parentId) qb = qb.where('parentId', '=', query.parentId);
    if (query.q) qb = qb.where(this.dialect.ilike('teams.name', likePattern(query.q)));
    const rows = await applyKeyset(qb, sort, 'teams.id', query.cursor, limit).execute();
    const dir = await this.directory.get(actor.orgId);
    return toPage(
      rows.map((r) => toTeam(r, nameOf(dir, r.managerId))),
      sort,
      limit,
    );
  }

  async getTeam(actor: Actor, id: string): Promise<Team> {
    authorize(actor, 'team', 'read');
    const row = await this.teamRow(actor.orgId, id);
    return toTeam(row, nameOf(await this.directory.get(actor.orgId), row.managerId));
  }

  async createTeam(actor: Actor, input: TeamCreate): Promise<Team> {
    authorize(actor, 'team', 'create');
    const dir = await this.directory.get(actor.orgId);
    if (input.parentId && !dir.teams.has(input.parentId)) throw invalidField('parentId', 'no such team');
    if (input.managerId && !dir.users.has(input.managerId)) throw invalidField('managerId', 'no such user');
    const at = new Date().toISOString();
    const id = newId();
    await this.db
      .insertInto('teams')
      .values({
        id,
        orgId: actor.orgId,
        name: requiredText(input.name),
        type: input.type,
        parentId: input.parentId ?? null,
        managerId: input.managerId ?? null,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    this.directory.invalidate(actor.orgId);
    return this.getTeam(actor, id);
  }

  async updateTeam(actor: Actor, id: string, input: TeamUpdate): Promise<Team> {
    authorize(actor, 'team', 'update');
    const before = await this.teamRow(actor.orgId, id);
    const dir = await this.directory.get(actor.orgId);
    const patch = pick(input, ['name', 'type', 'parentId', 'managerId']);
    if (typeof patch.name === 'string') patch.name = requiredText(patch.name);
    if (patch.parentId) {
      if (!dir.teams.has(patch.parentId as string)) throw invalidField('parentId', 'no such team');
      if (teamSubtree(dir, id).has(patch.parentId as string))
        throw invalidField('parentId', 'a team cannot sit under itself or its own sub-team');
    }
    if (patch.managerId && !dir.users.has(patch.managerId as string))
      throw invalidField('managerId', 'no such user');
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await updateVersioned(
        trx,
        'teams',
        { orgId: actor.orgId, id, version: input.version },
        patch,
        at,
        'Team',
      );
      await recordChanges(trx, {
        orgId: actor.orgId,
        entityType: 'team',
        entityId: id,
        userId: actor.userId,
        before,
        after: patch,
        fields: ['name', 'type', 'parentId', 'managerId'],
        at,
      });
    });
    this.directory.invalidate(actor.orgId);
    return this.getTeam(actor, id);
  }

  async removeTeam(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'team', 'delete');
    await this.teamRow(actor.orgId, id);
    const dir = await this.directory.get(actor.orgId);
    if ([...dir.teams.values()].some((t) => t.parentId === id))
      throw conflict('This team has sub-teams; move or delete them first');
    if ([...dir.users.values()].some((u) => u.teamId === id))
      throw conflict('This team has members; move them to another team first');
    await this.db.deleteFrom('teams').where('orgId', '=', actor.orgId).where('id', '=', id).execute();
    this.directory.invalidate(actor.orgId);
  }

  private async userRow(orgId: string, id: string) {
    const row = await this.db
      .selectFrom('users')
      .leftJoin('teams', 'teams.id', 'users.teamId')
      .selectAll('users')
      .select('teams.name as teamName')
      .where('users.orgId', '=', orgId)
      .where('users.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('User');
    return row;
  }

  private async teamRow(orgId: string, id: string): Promise<TeamRow> {
    const row = await this.db
      .selectFrom('teams')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Team');
    return row;
  }

  private async checkEmail(email: string) {
    const other = await this.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst();
    if (other)
      throw conflict('A user with this e-mail already exists', [{ path: 'email', message: 'already used' }]);
  }
}

function toUser(r: UserRow & { teamName: string | null }): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role as User['role'],
    teamId: r.teamId,
    teamName: r.teamName,
    managerId: r.managerId,
    locale: r.locale as User['locale'],
    active: r.active === 1,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

function toTeam(r: TeamRow, managerName: string | null): Team {
  return {
    id: r.id,
    name: r.name,
    type: r.type as Team['type'],
    parentId: r.parentId,
    managerId: r.managerId,
    managerName,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
