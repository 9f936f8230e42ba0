import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type Person, type TestApp } from '../../../test/app.js';

/*
 * The data-scope proof: records owned by repShanghai / repEast / repSouth, a pool lead, a deal
 * repSouth collaborates on and the same again in another organisation; then every person through
 * every endpoint that reads or writes them. Adding an endpoint is one entry in ITEM_ENDPOINTS or
 * COLLECTION_ENDPOINTS; adding a person or changing a role is one line of MATRIX.
 */

type Res = 'accounts' | 'contacts' | 'leads' | 'opportunities' | 'activities';
/** sh/east/south: owned by repShanghai/repEast/repSouth; pool: lead without owner; collab: repEast's
 * deal with repSouth as collaborator; other*: the other organisation. */
type Key = 'sh' | 'east' | 'south' | 'pool' | 'collab' | 'other' | 'otherPool';
const RESOURCES: Res[] = ['accounts', 'contacts', 'leads', 'opportunities', 'activities'];
const KEYS_OF: Record<Res, Key[]> = {
  accounts: ['sh', 'east', 'south', 'other'],
  contacts: ['sh', 'east', 'south', 'other'],
  leads: ['sh', 'east', 'south', 'pool', 'other', 'otherPool'],
  opportunities: ['sh', 'east', 'south', 'collab', 'other'],
  activities: ['sh', 'east', 'south', 'other'],
};
const OWNER: Record<Key, Person | null> = {
  sh: 'repShanghai',
  east: 'repEast',
  south: 'repSouth',
  pool: null,
  collab: 'repEast',
  other: 'otherRep',
  otherPool: null,
};
const isOther = (k: Key) => k === 'other' || k === 'otherPool';

/** Per person and resource: the actions the role has ('' = none: 403) and the records it sees. */
type Access = [actions: '' | 'r' | 'ru' | 'rud', sees: Key[]];
const M: Key[] = ['sh', 'east', 'south'];
const NONE: Access = ['', []];
const MATRIX: Record<Person, Record<Res, Access>> = {
  admin: {
    accounts: ['rud', M],
    contacts: ['rud', M],
    leads: ['rud', [...M, 'pool']],
    opportunities: ['rud', [...M, 'collab']],
    activities: ['rud', M],
  },
  director: {
    accounts: ['rud', M],
    contacts: ['rud', M],
    leads: ['rud', [...M, 'pool']],
    opportunities: ['rud', [...M, 'collab']],
    activities: ['rud', M],
  },
  managerEast: {
    accounts: ['rud', ['sh', 'east']],
    contacts: ['rud', ['sh', 'east']],
    leads: ['rud', ['sh', 'east', 'pool']],
    opportunities: ['rud', ['sh', 'east', 'collab']],
    activities: ['rud', ['sh', 'east']],
  },
  managerSouth: {
    accounts: ['rud', ['south']],
    contacts: ['rud', ['south']],
    leads: ['rud', ['south', 'pool']],
    opportunities: ['rud', ['south']],
    activities: ['rud', ['south']],
  },
  repShanghai: {
    accounts: ['ru', ['sh']],
    contacts: ['ru', ['sh']],
    leads: ['ru', ['sh', 'pool']],
    opportunities: ['ru', ['sh']],
    activities: ['rud', ['sh']],
  },
  repEast: {
    accounts: ['ru', ['east']],
    contacts: ['ru', ['east']],
    leads: ['ru', ['east', 'pool']],
    opportunities: ['ru', ['east', 'collab']],
    activities: ['rud', ['east']],
  },
  repSouth: {
    accounts: ['ru', ['south']],
    contacts: ['ru', ['south']],
    leads: ['ru', ['south', 'pool']],
    opportunities: ['ru', ['south', 'collab']],
    activities: ['rud', ['south']],
  },
  marketing: {
    accounts: ['r', M],
    // e-mail campaigns reach contacts: marketing reads them (segments, audiences)
    contacts: ['r', M],
    leads: ['rud', [...M, 'pool']],
    opportunities: NONE,
    activities: ['rud', []],
  },
  recruiter: {
    accounts: NONE,
    contacts: NONE,
    leads: NONE,
    opportunities: NONE,
    activities: ['rud', []],
  },
  service: {
    accounts: ['r', M],
    contacts: ['ru', M],
    leads: NONE,
    opportunities: NONE,
    activities: ['rud', []],
  },
  otherAdmin: {
    accounts: ['rud', ['other']],
    contacts: ['rud', ['other']],
    leads: ['rud', ['other', 'otherPool']],
    opportunities: ['rud', ['other']],
    activities: ['rud', ['other']],
  },
  otherRep: {
    accounts: ['ru', ['other']],
    contacts: ['ru', ['other']],
    leads: ['ru', ['other', 'otherPool']],
    opportunities: ['ru', ['other']],
    activities: ['rud', ['other']],
  },
};
const PEOPLE = Object.keys(MATRIX) as Person[];
const AMOUNT: Partial<Record<Key, number>> = { sh: 100, east: 200, south: 400, collab: 800, other: 1600 };
const TIMELINE: Res[] = ['accounts', 'contacts', 'leads', 'opportunities'];

let t: TestApp;
const ids = {} as Record<Res, Partial<Record<Key, string>>>;
const keyOfId = new Map<string, string>();
let otherPipelineId = '';

const userId = (p: Person | null) => (p ? t.fx.users[p].id : null);
const creator = (k: Key) => t.as(isOther(k) ? 'otherAdmin' : 'admin');

/** Creates one record of `res` for key `k` (as the organisation's admin) and returns its id. */
async function make(res: Res, k: Key, label = 'Scope'): Promise<string> {
  const c = await creator(k);
  const name = `${label} ${res} ${k}`;
  const acc = ids.accounts?.[isOther(k) ? 'other' : k === 'collab' ? 'east' : k];
  const body: Record<Res, () => object> = {
    accounts: () => ({ name, ownerId: userId(OWNER[k]) }),
    contacts: () => ({ name, accountId: acc, ownerId: userId(OWNER[k]) }),
    leads: () => ({ name, company: `${name} Co`, ownerId: userId(OWNER[k]) }),
    opportunities: () => ({
      name,
      accountId: acc,
      ownerId: userId(OWNER[k]),
      amount: AMOUNT[k],
      expectedCloseDate: '2026-12-31',
      ...(k === 'collab' ? { collaboratorIds: [t.fx.users.repSouth.id] } : {}),
      ...(isOther(k) ? { pipelineId: otherPipelineId } : {}),
    }),
    activities: () => ({
      type: 'call',
      subject: name,
      relatedType: 'account',
      relatedId: acc,
      ownerId: userId(OWNER[k]),
    }),
  };
  const r = await c.post(`/api/v1/${res}`, body[res]());
  if (r.status !== 201) throw new Error(`create ${res} ${k}: ${r.status} ${JSON.stringify(r.body)}`);
  keyOfId.set(r.body.id, k);
  return r.body.id;
}

async function versionOf(res: Res, id: string): Promise<number> {
  const row = await (t.db.kysely as any)
    .selectFrom(res)
    .select('version')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.version ?? 1;
}

async function exists(res: Res, id: string): Promise<boolean> {
  return !!(await (t.db.kysely as any).selectFrom(res).select('id').where('id', '=', id).executeTakeFirst());
}

const PATCH_FIELD: Record<Res, string> = {
  accounts: 'notes',
  contacts: 'notes',
  leads: 'notes',
  opportunities: 'nextStep',
  activities: 'body',
};

beforeAll(async () => {
  t = await createTestApp();
  const otherPipeline = await (
    await t.as('otherAdmin')
  ).post('/api/v1/pipelines', {
    name: 'Other pipeline',
    isDefault: true,
    stages: [
      { name: 'Open', probability: 20, kind: 'open' },
      { name: 'Won', probability: 100, kind: 'won' },
      { name: 'Lost', probability: 0, kind: 'lost' },
    ],
  });
  otherPipelineId = otherPipeline.body.id;
  for (const res of RESOURCES) {
    ids[res] = {};
    for (const k of KEYS_OF[res]) ids[res][k] = await make(res, k);
  }
});
afterAll(() => t.close());

const keysSeen = (items: { id: string }[]) => items.map((i) => keyOfId.get(i.id) ?? `unknown:${i.id}`).sort();
const sorted = (keys: Key[]) => [...keys].sort();

interface ItemEndpoint {
  name: string;
  /** Which resources it applies to and which action it needs. */
  applies: (res: Res) => boolean;
  action: 'r' | 'u' | 'd';
  /** Status when the record is visible (the call may change or remove it). */
  ok: number;
  call: (c: Client, res: Res, id: string, who: Person) => Promise<{ status: number; body: any }>;
  /** Checks after a refused call that nothing changed. */
  unchanged?: (res: Res, id: string, who: Person) => Promise<void>;
}

const patchValue = (who: Person) => `patched by ${who}`;
const ITEM_ENDPOINTS: ItemEndpoint[] = [
  {
    name: 'GET /:id',
    applies: () => true,
    action: 'r',
    ok: 200,
    call: (c, res, id) => c.get(`/api/v1/${res}/${id}`),
  },
  {
    name: 'GET /:id/timeline',
    applies: (res) => TIMELINE.includes(res),
    action: 'r',
    ok: 200,
    call: (c, res, id) => c.get(`/api/v1/${res}/${id}/timeline`),
  },
  {
    name: 'PATCH /:id',
    applies: () => true,
    action: 'u',
    ok: 200,
    call: async (c, res, id, who) =>
      c.patch(`/api/v1/${res}/${id}`, {
        [PATCH_FIELD[res]]: patchValue(who),
        version: await versionOf(res, id),
      }),
    unchanged: async (res, id, who) => {
      const row = await (t.db.kysely as any)
        .selectFrom(res)
        .select(PATCH_FIELD[res])
        .where('id', '=', id)
        .executeTakeFirst();
      expect(row[PATCH_FIELD[res]]).not.toBe(patchValue(who));
    },
  },
  {
    name: 'DELETE /:id',
    applies: () => true,
    action: 'd',
    ok: 204,
    call: (c, res, id) => c.delete(`/api/v1/${res}/${id}`),
    unchanged: async (res, id) => expect(await exists(res, id)).toBe(true),
  },
];

describe.each(PEOPLE)('%s', (who) => {
  describe.each(RESOURCES)('%s', (res) => {
    const [actions, sees] = MATRIX[who][res];

    it(`GET /api/v1/${res} lists exactly the records in scope`, async () => {
      const r = await (await t.as(who)).get(`/api/v1/${res}?limit=200`);
      if (!actions) {
        expect(r.status).toBe(403);
        expect(r.body.error.code).toBe('forbidden');
        return;
      }
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(keysSeen(r.body.items)).toEqual(sorted(sees));
    });

    for (const ep of ITEM_ENDPOINTS.filter((e) => e.applies(res))) {
      it(`${ep.name}: ${ep.ok} in scope, 404 out of scope, 403 without the permission`, async () => {
        const c = await t.as(who);
        for (const k of KEYS_OF[res]) {
          const allowed = actions.includes(ep.action);
          const visible = allowed && sees.includes(k);
          // a record deleted by the call is a fresh copy, so the shared one stays for the other tests
          const id = ep.action === 'd' && visible ? await make(res, k, 'Doomed') : ids[res][k]!;
          const r = await ep.call(c, res, id, who);
          const expected = !allowed ? 403 : visible ? ep.ok : 404;
          expect(r.status, `${who} ${ep.name} ${res}/${k}: ${JSON.stringify(r.body)}`).toBe(expected);
          if (expected === 404) {
            expect(r.body.error.code).toBe('not_found');
            expect(JSON.stringify(r.body)).not.toContain(`Scope ${res}`);
          }
          if (expected === 403) expect(r.body.error.code).toBe('forbidden');
          if (expected !== ep.ok) await ep.unchanged?.(res, id, who);
          if (expected === 200 && ep.name.startsWith('GET /:id') && !ep.name.endsWith('timeline'))
            expect(r.body.id).toBe(id);
          if (expected === 204) expect(await exists(res, id)).toBe(false);
        }
      });
    }
  });

  it('search finds exactly the records in scope', async () => {
    const r = await (await t.as(who)).get('/api/v1/search?q=Scope&limit=50');
    expect(r.status).toBe(200);
    const byType = (type: string) => keysSeen(r.body.items.filter((h: { type: string }) => h.type === type));
    const single = { accounts: 'account', contacts: 'contact', leads: 'lead', opportunities: 'opportunity' };
    for (const [res, type] of Object.entries(single) as [Res, string][]) {
      const [actions, sees] = MATRIX[who][res];
      expect(byType(type), `${who} search ${type}`).toEqual(actions ? sorted(sees) : []);
    }
  });

  it('the pipeline board totals only the deals in scope', async () => {
    const [actions, sees] = MATRIX[who].opportunities;
    const mine = who.startsWith('other') ? otherPipelineId : t.fx.pipelineId;
    const foreign = who.startsWith('other') ? t.fx.pipelineId : otherPipelineId;
    const c = await t.as(who);
    const r = await c.get(`/api/v1/pipelines/${mine}/board`);
    if (!actions) {
      expect(r.status).toBe(403);
      return;
    }
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const count = r.body.columns.reduce((s: number, col: { count: number }) => s + col.count, 0);
    const amount = r.body.columns.reduce((s: number, col: { amount: number }) => s + col.amount, 0);
    expect(count).toBe(sees.length);
    expect(amount).toBe(sees.reduce((s, k) => s + (AMOUNT[k] ?? 0), 0));
    expect((await c.get(`/api/v1/pipelines/${foreign}/board`)).status).toBe(404);
  });
});

describe('collaborators', () => {
  it('a collaborator sees the deal in list, get, board and search, in "mine" but not in "subordinates"', async () => {
    const south = await t.as('repSouth');
    const collab = ids.opportunities.collab!;
    expect((await south.get(`/api/v1/opportunities/${collab}`)).body.collaboratorIds).toEqual([
      t.fx.users.repSouth.id,
    ]);
    expect(keysSeen((await south.get('/api/v1/opportunities?view=mine')).body.items)).toEqual([
      'collab',
      'south',
    ]);
    const board = await south.get(`/api/v1/pipelines/${t.fx.pipelineId}/board?view=mine`);
    expect(board.body.columns[0]).toMatchObject({ count: 2, amount: 1200, weightedAmount: 120 });
    const hits = (await south.get(`/api/v1/search?q=${encodeURIComponent('Scope opportunities collab')}`))
      .body.items;
    expect(hits).toEqual([
      {
        type: 'opportunity',
        id: collab,
        title: 'Scope opportunities collab',
        subtitle: 'Scope accounts east',
      },
    ]);
    // the manager of 华南 does not inherit the collaboration of a member of the team
    expect((await (await t.as('managerSouth')).get(`/api/v1/opportunities/${collab}`)).status).toBe(404);
  });

  it('a collaborator may not take the deal over or delete it', async () => {
    const south = await t.as('repSouth');
    const collab = ids.opportunities.collab!;
    const r = await south.patch(`/api/v1/opportunities/${collab}`, {
      ownerId: t.fx.users.repSouth.id,
      version: await versionOf('opportunities', collab),
    });
    expect(r.status).toBe(403);
    const row = await t.db.kysely
      .selectFrom('opportunities')
      .select('ownerId')
      .where('id', '=', collab)
      .executeTakeFirstOrThrow();
    expect(row.ownerId).toBe(t.fx.users.repEast.id);
    const unshare = await south.patch(`/api/v1/opportunities/${collab}`, {
      collaboratorIds: [],
      version: await versionOf('opportunities', collab),
    });
    expect(unshare.status).toBe(403);
    expect(unshare.body.error.fields[0].path).toBe('collaboratorIds');
    // working on the deal is allowed
    const step = await south.patch(`/api/v1/opportunities/${collab}`, {
      nextStep: '联系采购',
      version: await versionOf('opportunities', collab),
    });
    expect(step.status).toBe(200);
    expect(step.body).toMatchObject({ nextStep: '联系采购', ownerId: t.fx.users.repEast.id });
    expect(step.body.collaboratorIds).toEqual([t.fx.users.repSouth.id]);
  });
});

describe('the shared lead pool (公海)', () => {
  it('shows pool leads to every role that reads leads, and never across organisations', async () => {
    for (const who of PEOPLE) {
      const [actions] = MATRIX[who].leads;
      const r = await (await t.as(who)).get('/api/v1/leads?q=pool&limit=200');
      if (!actions) expect(r.status).toBe(403);
      else expect(keysSeen(r.body.items), who).toEqual(who.startsWith('other') ? ['otherPool'] : ['pool']);
    }
  });

  it('a rep can claim a pool lead but not hand it to someone outside their scope', async () => {
    const rep = await t.as('repShanghai');
    const id = await make('leads', 'pool', 'Claim');
    const claimed = await rep.patch(`/api/v1/leads/${id}`, {
      ownerId: t.fx.users.repShanghai.id,
      version: 1,
    });
    expect(claimed.status).toBe(200);
    expect(claimed.body.ownerId).toBe(t.fx.users.repShanghai.id);
    const id2 = await make('leads', 'pool', 'Claim2');
    const given = await rep.patch(`/api/v1/leads/${id2}`, { ownerId: t.fx.users.repSouth.id, version: 1 });
    expect(given.status).toBe(403);
    expect(given.body.error.fields).toEqual([{ path: 'ownerId', message: 'outside your data scope' }]);
    // now owned by repShanghai, the lead left repSouth's view
    expect((await (await t.as('repSouth')).get(`/api/v1/leads/${id}`)).status).toBe(404);
  });
});
