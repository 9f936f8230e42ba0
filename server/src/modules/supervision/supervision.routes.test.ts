import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupervisionBoard } from '@tuoke/shared';
import { createTestApp, type Person, type TestApp } from '../../../test/app.js';
import { addDays, localDate } from '../../lib/dates.js';
import { nextMorning } from './supervision.service.js';

/*
 * The supervision board's scope, its settings, the daily job's notifications, and the next step's
 * date on deals (contract, history, list filter). Today is the real date plus twelve days.
 */
let t: TestApp;
const TODAY = localDate(new Date(Date.now() + 12 * 86_400_000));
const NOW = new Date(`${TODAY}T10:00:00+08:00`);
const ids: Record<string, string> = {};

async function seedDeal(person: Person, name: string, body: Record<string, unknown> = {}) {
  const c = await t.as(person);
  const account = await c.post('/api/v1/accounts', { name: `${name}客户` });
  expect(account.status, JSON.stringify(account.body)).toBe(201);
  const r = await c.post('/api/v1/opportunities', {
    name,
    accountId: account.body.id,
    expectedCloseDate: addDays(TODAY, 30),
    amount: 5_000_000,
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ids[name] = r.body.id;
  ids[`${name}客户`] = account.body.id;
  return r.body;
}

async function board(
  person: Person,
  query = '',
): Promise<{ status: number; body: SupervisionBoard & { error?: any } }> {
  return (await t.as(person)).get(`/api/v1/supervision${query}`);
}

beforeAll(async () => {
  t = await createTestApp();
  t.services.supervision.clock = () => NOW;
  t.services.opportunities.clock = () => NOW;
  // each rep: one deal without a next step, one overdue task; accounts are new (not forgotten)
  for (const person of ['repShanghai', 'repEast', 'repSouth'] as const) {
    await seedDeal(person, `${person} 无下一步`);
    await seedDeal(person, `${person} 正常`, { nextStep: '报价', nextStepDate: addDays(TODAY, 2) });
    const c = await t.as(person);
    const task = await c.post('/api/v1/activities', {
      type: 'task',
      subject: `${person} 逾期任务`,
      dueAt: addDays(TODAY, -1) + 'T02:00:00.000Z',
      relatedType: 'opportunity',
      relatedId: ids[`${person} 正常`],
    });
    expect(task.status).toBe(201);
    ids[`${person} task`] = task.body.id;
  }
  // the other organisation has a deal without a next step too
  const pipeline = await (
    await t.as('otherAdmin')
  ).post('/api/v1/pipelines', {
    name: 'Sales',
    isDefault: true,
    stages: [
      { name: 'Open', probability: 20, kind: 'open' },
      { name: 'Won', probability: 100, kind: 'won' },
      { name: 'Lost', probability: 0, kind: 'lost' },
    ],
  });
  expect(pipeline.status, JSON.stringify(pipeline.body)).toBe(201);
  await seedDeal('otherRep', '别家商机');
});
afterAll(() => t.close());

const ownersIn = (b: SupervisionBoard) =>
  new Set(
    [
      ...b.findings.noNextStep,
      ...b.findings.overdueTasks,
      ...b.findings.stalled,
      ...b.findings.forgotten,
    ].map((f) => f.ownerName),
  );

describe('GET /supervision: scope', () => {
  it('a rep sees only his own findings and row, and no team to pick', async () => {
    const r = await board('repShanghai');
    expect(r.status).toBe(200);
    expect([...ownersIn(r.body)]).toEqual(['repShanghai']);
    expect(r.body.reps.map((x) => x.ownerName)).toEqual(['repShanghai']);
    expect(r.body.teams).toEqual([]);
    expect(r.body.reps[0]).toMatchObject({
      noNextStep: 1,
      overdueTasks: 1,
      stalled: 0,
      forgotten: 0,
      openDeals: 2,
      pipelineAmount: 10_000_000,
    });
    expect(r.body.today).toBe(TODAY);
    const task = r.body.findings.overdueTasks[0]!;
    expect(task).toMatchObject({ recordId: ids['repShanghai task'], relatedType: 'opportunity', days: 1 });
  });

  it('a manager sees his team and its sub-teams, not the other region; picks teams in his subtree only', async () => {
    const r = await board('managerEast');
    expect(r.status).toBe(200);
    expect(ownersIn(r.body)).toEqual(new Set(['repShanghai', 'repEast']));
    expect(r.body.teams.map((x) => x.name).sort()).toEqual(['上海组', '华东'].sort());
    const rows = r.body.reps.map((x) => x.ownerName);
    expect(rows).toContain('managerEast');
    expect(rows).not.toContain('repSouth');
    const sh = await board('managerEast', `?teamId=${t.fx.teams.shanghai}`);
    expect(ownersIn(sh.body)).toEqual(new Set(['repShanghai']));
    const south = await board('managerEast', `?teamId=${t.fx.teams.south}`);
    expect(south.status).toBe(403);
    expect(south.body.error.fields[0].path).toBe('teamId');
    const unknown = await board('managerEast', '?teamId=00000000-0000-7000-8000-000000000000');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe('teamId');
    const bad = await board('managerEast', '?teamId=not%20an%20id!');
    expect(bad.status).toBe(400);
    const outside = await board('managerEast', `?ownerId=${t.fx.users.repSouth.id}`);
    expect(outside.status).toBe(403);
  });

  it('a director sees every team; another organisation sees none of it', async () => {
    const r = await board('director');
    expect(ownersIn(r.body)).toEqual(new Set(['repShanghai', 'repEast', 'repSouth']));
    expect(r.body.teams).toHaveLength(4);
    const south = await board('director', `?teamId=${t.fx.teams.south}`);
    expect(ownersIn(south.body)).toEqual(new Set(['repSouth']));
    const other = await board('otherAdmin');
    expect(other.status).toBe(200);
    expect([...ownersIn(other.body)]).toEqual(['otherRep']);
    expect(other.body.findings.noNextStep.map((f) => f.name)).toEqual(['别家商机']);
    const cross = await board('otherAdmin', `?teamId=${t.fx.teams.east}`);
    expect(cross.status).toBe(400);
  });

  it('lists the most pressing findings of each kind up to the limit and counts them all', async () => {
    const full = await board('director');
    const all = full.body.findings.noNextStep;
    expect(all.length).toBeGreaterThan(1);
    expect(full.body.counts.noNextStep).toBe(all.length);
    t.services.supervision.boardLimit = 1;
    try {
      const capped = await board('director');
      expect(capped.body.findingsLimit).toBe(1);
      expect(capped.body.findings.noNextStep).toEqual(all.slice(0, 1));
      expect(capped.body.counts).toEqual(full.body.counts);
      expect(capped.body.reps).toEqual(full.body.reps);
      // one person's findings, asked for by name, are that person's only
      const owner = all[all.length - 1]!.ownerId;
      const own = await board('director', `?ownerId=${owner}`);
      expect(own.body.counts.noNextStep).toBe(all.filter((f) => f.ownerId === owner).length);
      expect(own.body.findings.noNextStep.every((f) => f.ownerId === owner)).toBe(true);
    } finally {
      t.services.supervision.boardLimit = 300;
    }
  });

  it('roles without the board are refused', async () => {
    expect((await board('marketing')).status).toBe(403);
    expect((await board('recruiter')).status).toBe(403);
    expect((await t.anonymous.get('/api/v1/supervision')).status).toBe(401);
  });

  it('findings() for another module: the caller’s scope, narrowed to owners', async () => {
    const actor = {
      userId: t.fx.users.managerEast.id,
      orgId: t.fx.orgId,
      role: 'sales_manager' as const,
      name: 'managerEast',
      teamId: t.fx.teams.east,
      managerId: null,
      via: 'session' as const,
    };
    const f = await t.services.supervision.findings(actor, { ownerIds: [t.fx.users.repEast.id] });
    expect(new Set(f.noNextStep.map((x) => x.ownerName))).toEqual(new Set(['repEast']));
    await expect(
      t.services.supervision.findings(actor, { ownerIds: [t.fx.users.repSouth.id] }),
    ).rejects.toMatchObject({ status: 403 });
  });
});

describe('/supervision/settings', () => {
  const valid = {
    defaultStallDays: 21,
    forgottenDays: 45,
    forgottenDaysByLevel: { A: 15, B: null },
    notifyOwners: true,
    notifyManagers: false,
  };

  it('reads the defaults before anything is saved', async () => {
    const r = await (await t.as('repShanghai')).get('/api/v1/supervision/settings');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      defaultStallDays: 14,
      forgottenDays: 30,
      forgottenDaysByLevel: { A: null, B: null, C: null, D: null },
      notifyOwners: true,
      notifyManagers: true,
      updatedAt: null,
    });
  });

  it('refuses bad input with the field', async () => {
    const admin = await t.as('admin');
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, defaultStallDays: 0 }, 'defaultStallDays'],
      [{ ...valid, forgottenDays: 400 }, 'forgottenDays'],
      [{ ...valid, forgottenDays: '30' }, 'forgottenDays'],
      [{ ...valid, forgottenDaysByLevel: { E: 3 } }, 'forgottenDaysByLevel'],
      [{ ...valid, forgottenDaysByLevel: { A: 1.5 } }, 'forgottenDaysByLevel/A'],
      [{ ...valid, notifyOwners: 'yes' }, 'notifyOwners'],
      [{ ...valid, extra: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const r = await admin.put('/api/v1/supervision/settings', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(r.body.error.fields ?? []), JSON.stringify(body)).toContain(field);
    }
    const { defaultStallDays: _d, ...missing } = valid;
    const r = await admin.put('/api/v1/supervision/settings', missing);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.error.fields)).toContain('defaultStallDays');
  });

  it('only an admin changes them; each organisation has its own', async () => {
    expect((await (await t.as('director')).put('/api/v1/supervision/settings', valid)).status).toBe(403);
    expect((await (await t.as('repShanghai')).put('/api/v1/supervision/settings', valid)).status).toBe(403);
    const admin = await t.as('admin');
    const saved = await admin.put('/api/v1/supervision/settings', valid);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      defaultStallDays: 21,
      forgottenDays: 45,
      forgottenDaysByLevel: { A: 15, B: null, C: null, D: null },
      notifyManagers: false,
    });
    expect((await admin.get('/api/v1/supervision/settings')).body.defaultStallDays).toBe(21);
    expect((await board('managerEast')).body.settings.forgottenDaysByLevel.A).toBe(15);
    expect((await (await t.as('otherAdmin')).get('/api/v1/supervision/settings')).body.defaultStallDays).toBe(
      14,
    );
    await admin.put('/api/v1/supervision/settings', {
      ...valid,
      defaultStallDays: 14,
      forgottenDays: 30,
      forgottenDaysByLevel: {},
      notifyManagers: true,
    });
  });
});

describe('the daily job', () => {
  const notes = () =>
    t.db.kysely
      .selectFrom('notifications')
      .select(['userId', 'kind', 'params', 'link', 'refId', 'dedupeKey', 'orgId'])
      .orderBy('createdAt')
      .execute();

  it('tells owners of their findings and managers the counts of their team, once', async () => {
    const first = await t.services.supervision.runDaily(NOW);
    expect(first.owners).toBeGreaterThan(0);
    const rows = await notes();
    const mine = rows.filter((r) => r.userId === t.fx.users.repShanghai.id);
    expect(mine.map((r) => r.kind).sort()).toEqual(['deal_no_next_step', 'task_overdue']);
    const noNext = mine.find((r) => r.kind === 'deal_no_next_step')!;
    expect(JSON.parse(noNext.params)).toMatchObject({ dealName: 'repShanghai 无下一步' });
    expect(noNext.link).toBe(`/opportunities/${ids['repShanghai 无下一步']}`);
    const task = mine.find((r) => r.kind === 'task_overdue')!;
    expect(task.link).toBe(`/opportunities/${ids['repShanghai 正常']}`);
    const digest = rows.find(
      (r) => r.userId === t.fx.users.managerEast.id && r.kind === 'supervision_digest',
    )!;
    expect(JSON.parse(digest.params)).toMatchObject({
      teamName: '华东',
      noNextStep: 2,
      overdueTasks: 2,
      stalled: 0,
      forgotten: 0,
    });
    const director = rows.find(
      (r) => r.userId === t.fx.users.director.id && r.kind === 'supervision_digest',
    )!;
    expect(JSON.parse(director.params)).toMatchObject({ noNextStep: 3, overdueTasks: 3 });
    // reps get no digest; the other organisation's rep hears of his own deal
    expect(rows.some((r) => r.userId === t.fx.users.repEast.id && r.kind === 'supervision_digest')).toBe(
      false,
    );
    expect(rows.some((r) => r.userId === t.fx.users.otherRep.id && r.kind === 'deal_no_next_step')).toBe(
      true,
    );

    // again the same day, and later the same week: nothing new for owners; the digest is daily
    const again = await t.services.supervision.runDaily(NOW);
    expect(again).toEqual({ owners: 0, digests: 0 });
    const tomorrow = await t.services.supervision.runDaily(new Date(NOW.getTime() + 86_400_000));
    expect(tomorrow.digests).toBeGreaterThan(0);
    expect((await notes()).length).toBe(rows.length + tomorrow.owners + tomorrow.digests);
  });

  it('stays quiet for whom the settings say not to notify', async () => {
    const admin = await t.as('admin');
    await admin.put('/api/v1/supervision/settings', {
      defaultStallDays: 14,
      forgottenDays: 30,
      notifyOwners: false,
      notifyManagers: false,
    });
    const inTwoWeeks = new Date(NOW.getTime() + 14 * 86_400_000);
    const before = (await notes()).filter((r) => r.orgId === t.fx.orgId).length;
    await t.services.supervision.runDaily(inTwoWeeks);
    expect((await notes()).filter((r) => r.orgId === t.fx.orgId).length).toBe(before);
    await admin.put('/api/v1/supervision/settings', {
      defaultStallDays: 14,
      forgottenDays: 30,
      notifyOwners: true,
      notifyManagers: true,
    });
  });

  it('runs as the registered job, on the service clock, and the schedule starts in the morning', async () => {
    const later = new Date(NOW.getTime() + 21 * 86_400_000);
    t.services.supervision.clock = () => later;
    try {
      await t.services.jobs.enqueue('supervision.daily');
      const before = (await notes()).length;
      expect(await t.services.jobs.runDue()).toBeGreaterThan(0);
      const job = await t.db.kysely
        .selectFrom('jobs')
        .select(['status'])
        .where('type', '=', 'supervision.daily')
        .executeTakeFirstOrThrow();
      expect(job.status).toBe('done');
      // three weeks on: a new week for owners and a new day for managers
      expect((await notes()).length).toBeGreaterThan(before);
    } finally {
      t.services.supervision.clock = () => NOW;
    }
    const first = nextMorning(new Date('2026-12-01T00:00:00Z')); // 08:00 in Shanghai: tomorrow's
    expect(first.toISOString()).toBe('2026-12-01T23:30:00.000Z');
    expect(nextMorning(new Date('2026-11-30T22:00:00Z')).toISOString()).toBe('2026-11-30T23:30:00.000Z');
  });
});

describe('the next step’s date on deals', () => {
  it('is part of the contract, checked, kept in the field history', async () => {
    const rep = await t.as('repEast');
    const account = (await rep.post('/api/v1/accounts', { name: '下一步日期客户' })).body.id;
    const bad = await rep.post('/api/v1/opportunities', {
      name: '错误日期',
      accountId: account,
      expectedCloseDate: addDays(TODAY, 30),
      nextStepDate: '2026-02-30',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toContain('nextStepDate');
    const malformed = await rep.post('/api/v1/opportunities', {
      name: '错误日期',
      accountId: account,
      expectedCloseDate: addDays(TODAY, 30),
      nextStepDate: '30/11/2026',
    });
    expect(malformed.status).toBe(400);
    const created = await rep.post('/api/v1/opportunities', {
      name: '带日期',
      accountId: account,
      expectedCloseDate: addDays(TODAY, 30),
      nextStep: '演示',
      nextStepDate: addDays(TODAY, 1),
    });
    expect(created.status).toBe(201);
    expect(created.body.nextStepDate).toBe(addDays(TODAY, 1));
    const moved = await rep.patch(`/api/v1/opportunities/${created.body.id}`, {
      version: created.body.version,
      nextStepDate: addDays(TODAY, 5),
    });
    expect(moved.status).toBe(200);
    expect(moved.body.nextStepDate).toBe(addDays(TODAY, 5));
    const badPatch = await rep.patch(`/api/v1/opportunities/${created.body.id}`, {
      version: moved.body.version,
      nextStepDate: '2027-13-01',
    });
    expect(badPatch.status).toBe(400);
    const history = await t.db.kysely
      .selectFrom('fieldChanges')
      .select(['field', 'oldValue', 'newValue'])
      .where('entityId', '=', created.body.id)
      .where('field', '=', 'nextStepDate')
      .execute();
    expect(history).toEqual([
      { field: 'nextStepDate', oldValue: addDays(TODAY, 1), newValue: addDays(TODAY, 5) },
    ]);
    const cleared = await rep.patch(`/api/v1/opportunities/${created.body.id}`, {
      version: moved.body.version,
      nextStepDate: null,
    });
    expect(cleared.body.nextStepDate).toBeNull();
  });

  it('filters the list: ?nextStep=missing and ?nextStep=overdue (open deals only)', async () => {
    const rep = await t.as('repSouth');
    const late = await seedDeal('repSouth', '南方过期', {
      nextStep: '回访',
      nextStepDate: addDays(TODAY, -3),
    });
    const noDate = await seedDeal('repSouth', '南方无日期', { nextStep: '回访' });
    await seedDeal('repSouth', '南方已赢', { stageId: t.fx.stages[4]!.id });
    const missing = await rep.get('/api/v1/opportunities?nextStep=missing&limit=200');
    expect(missing.status).toBe(200);
    const missingNames = missing.body.items.map((o: { name: string }) => o.name).sort();
    expect(missingNames).toEqual(['repSouth 无下一步', '南方无日期'].sort());
    const overdue = await rep.get('/api/v1/opportunities?nextStep=overdue');
    expect(overdue.body.items.map((o: { id: string }) => o.id)).toEqual([late.id]);
    expect(noDate.nextStepDate).toBeNull();
    expect((await rep.get('/api/v1/opportunities?nextStep=later')).status).toBe(400);
  });
});
