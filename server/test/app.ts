import type { Kysely } from 'kysely';
import type { Role } from '@tuoke/shared';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/db/schema.js';
import { newId } from '../src/lib/ids.js';
import { hashPassword } from '../src/lib/password.js';
import { createTestDb, type TestDb } from './db.js';

export const PASSWORD = 'test-password-1';
let passwordHash: Promise<string> | null = null;

/** The people of the fixture organisation, by key. */
export const PEOPLE = {
  admin: { role: 'admin', team: null, manager: null },
  director: { role: 'sales_director', team: 'sales', manager: null },
  managerEast: { role: 'sales_manager', team: 'east', manager: 'director' },
  repShanghai: { role: 'sales_rep', team: 'shanghai', manager: 'managerEast' },
  repEast: { role: 'sales_rep', team: 'east', manager: 'managerEast' },
  managerSouth: { role: 'sales_manager', team: 'south', manager: 'director' },
  repSouth: { role: 'sales_rep', team: 'south', manager: 'managerSouth' },
  marketing: { role: 'marketing', team: null, manager: null },
  recruiter: { role: 'recruiter', team: null, manager: null },
  service: { role: 'service_agent', team: null, manager: null },
} as const satisfies Record<string, { role: Role; team: string | null; manager: string | null }>;
export type Person = keyof typeof PEOPLE | 'otherAdmin' | 'otherRep';

export interface Fixture {
  orgId: string;
  otherOrgId: string;
  users: Record<Person, { id: string; email: string }>;
  teams: Record<'sales' | 'east' | 'shanghai' | 'south', string>;
  pipelineId: string;
  stages: { id: string; name: string; kind: string; probability: number }[];
}

/**
 * Two organisations: the main one with a team tree (销售部 > 华东 > 上海组, 销售部 > 华南) and one
 * user per role, and another with an admin and a rep, to prove tenant isolation.
 */
export async function seedFixture(db: Kysely<Database>): Promise<Fixture> {
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const at = new Date().toISOString();
  const orgId = newId();
  const otherOrgId = newId();
  await db
    .insertInto('organizations')
    .values([
      { id: orgId, name: '测试科技有限公司', createdAt: at },
      { id: otherOrgId, name: 'Other Org Ltd', createdAt: at },
    ])
    .execute();
  const teams = { sales: newId(), east: newId(), shanghai: newId(), south: newId() };
  const teamRow = (id: string, name: string, parentId: string | null) => ({
    id,
    orgId,
    name,
    type: 'region',
    parentId,
    managerId: null,
    createdAt: at,
    updatedAt: at,
  });
  await db
    .insertInto('teams')
    .values([teamRow(teams.sales, '销售部', null)])
    .execute();
  await db
    .insertInto('teams')
    .values([teamRow(teams.east, '华东', teams.sales), teamRow(teams.south, '华南', teams.sales)])
    .execute();
  await db
    .insertInto('teams')
    .values([teamRow(teams.shanghai, '上海组', teams.east)])
    .execute();

  const users = {} as Fixture['users'];
  for (const key of Object.keys(PEOPLE))
    users[key as Person] = { id: newId(), email: `${key.toLowerCase()}@test.tuoke` };
  users.otherAdmin = { id: newId(), email: 'admin@other.test' };
  users.otherRep = { id: newId(), email: 'rep@other.test' };
  const userRow = (
    key: Person,
    o: string,
    role: string,
    teamId: string | null,
    managerId: string | null,
  ) => ({
    id: users[key].id,
    orgId: o,
    email: users[key].email,
    name: key,
    passwordHash: hash,
    role,
    teamId,
    managerId,
    locale: null,
    createdAt: at,
    updatedAt: at,
  });
  // managers first: manager_id references users
  const order: (keyof typeof PEOPLE)[] = [
    'admin',
    'director',
    'managerEast',
    'managerSouth',
    'repShanghai',
    'repEast',
    'repSouth',
    'marketing',
    'recruiter',
    'service',
  ];
  for (const key of order) {
    const p = PEOPLE[key];
    await db
      .insertInto('users')
      .values(
        userRow(key, orgId, p.role, p.team ? teams[p.team] : null, p.manager ? users[p.manager].id : null),
      )
      .execute();
  }
  await db
    .insertInto('users')
    .values([
      userRow('otherAdmin', otherOrgId, 'admin', null, null),
      userRow('otherRep', otherOrgId, 'sales_rep', null, null),
    ])
    .execute();
  await db
    .updateTable('teams')
    .set({ managerId: users.managerEast.id })
    .where('id', '=', teams.east)
    .execute();

  const pipelineId = newId();
  await db
    .insertInto('pipelines')
    .values({ id: pipelineId, orgId, name: '标准销售流程', isDefault: 1, createdAt: at, updatedAt: at })
    .execute();
  const stageDefs = [
    ['初步接洽', 10, 'open'],
    ['需求确认', 25, 'open'],
    ['方案报价', 50, 'open'],
    ['商务谈判', 75, 'open'],
    ['赢单', 100, 'won'],
    ['输单', 0, 'lost'],
  ] as const;
  const stages = stageDefs.map(([name, probability, kind]) => ({ id: newId(), name, probability, kind }));
  await db
    .insertInto('pipelineStages')
    .values(stages.map((s, position) => ({ ...s, orgId, pipelineId, position })))
    .execute();
  return { orgId, otherOrgId, users, teams, pipelineId, stages };
}

export interface Client {
  get(url: string): Promise<Res>;
  post(url: string, body?: unknown): Promise<Res>;
  patch(url: string, body?: unknown): Promise<Res>;
  put(url: string, body?: unknown): Promise<Res>;
  delete(url: string): Promise<Res>;
}
export interface Res {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

export interface TestApp {
  db: TestDb;
  app: Awaited<ReturnType<typeof buildApp>>['app'];
  services: Awaited<ReturnType<typeof buildApp>>['services'];
  fx: Fixture;
  /** A signed-in client (cookie session + CSRF header) for a fixture person. */
  as(person: Person): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

export async function createTestApp(): Promise<TestApp> {
  const db = await createTestDb();
  const { app, services } = await buildApp(
    db,
    { logLevel: 'silent', sessionTtlHours: 1, cookieSecure: false, webDist: '/nonexistent' },
    { logger: false },
  );
  await app.ready();
  const fx = await seedFixture(db.kysely);
  const clients = new Map<Person, Client>();

  const makeClient = (headers: Record<string, string>): Client => {
    const send = async (
      method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
      url: string,
      body?: unknown,
    ): Promise<Res> => {
      const r = await app.inject({
        method,
        url,
        headers,
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      let parsed: unknown = null;
      try {
        parsed = r.body ? JSON.parse(r.body) : null;
      } catch {
        parsed = r.body;
      }
      return { status: r.statusCode, body: parsed, headers: r.headers };
    };
    return {
      get: (url) => send('GET', url),
      post: (url, body) => send('POST', url, body ?? {}),
      patch: (url, body) => send('PATCH', url, body ?? {}),
      put: (url, body) => send('PUT', url, body ?? {}),
      delete: (url) => send('DELETE', url),
    };
  };

  return {
    db,
    app,
    services,
    fx,
    anonymous: makeClient({}),
    async as(person) {
      const cached = clients.get(person);
      if (cached) return cached;
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: fx.users[person].email, password: PASSWORD },
      });
      if (r.statusCode !== 200) throw new Error(`login as ${person} failed: ${r.statusCode} ${r.body}`);
      const cookie = r.cookies.find((c) => c.name === 'tuoke_session')!;
      const client = makeClient({
        cookie: `tuoke_session=${cookie.value}`,
        'x-csrf-token': JSON.parse(r.body).csrfToken,
      });
      clients.set(person, client);
      return client;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
