import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkReportFacts } from '@tuoke/shared';
import { createTestDb, type TestDb } from '../../test/db.js';
import { DirectoryCache, type Actor } from '../modules/access/index.js';
import { WorkReportsService, chinaTime } from '../modules/work-reports/index.js';
import { seedDemo } from './demo.js';

/*
 * The demo's reports are real: each one's facts are what the demo's records said when it was
 * submitted, the grid of 华东 shows on-time, late and missing reports, and a rerun of the
 * deadline job on top of the demo notifies nobody twice.
 */
const NOW = new Date('2026-11-27T10:30:00.000Z'); // Friday 18:30 in Shanghai
let db: TestDb;
let service: WorkReportsService;
let orgId: string;
const notices: { userId: string; dedupeKey?: string | null }[] = [];
beforeAll(async () => {
  db = await createTestDb();
  orgId = (await seedDemo(db.kysely, { now: NOW })).orgId;
  service = new WorkReportsService(db.kysely, new DirectoryCache(db.kysely), {
    notify: async (_org, items) => {
      notices.push(...items);
      return items.length;
    },
  });
  service.clock = () => NOW;
}, 120_000);
afterAll(() => db.drop());

const actor = async (email: string): Promise<Actor> => {
  const u = await db.kysely
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return {
    userId: u.id,
    orgId: u.orgId,
    role: u.role as Actor['role'],
    name: u.name,
    teamId: u.teamId,
    managerId: u.managerId,
    via: 'session',
  };
};

describe('demo work reports', () => {
  it('has a daily and a weekly rule for the sales teams', async () => {
    const manager = await actor('manager@tuoke.demo');
    const rules = (await service.listRules(manager)).items;
    expect(rules.map((r) => [r.name, r.kind, r.weekdays, r.dueTime, r.active])).toEqual([
      ['销售日报', 'daily', [1, 2, 3, 4, 5], '19:00', true],
      ['销售周报', 'weekly', [5], '20:00', true],
    ]);
  });

  it("stores facts that match the demo's records at submit time", async () => {
    const reports = await db.kysely
      .selectFrom('workReports')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('kind', '=', 'daily')
      .orderBy('id')
      .execute();
    expect(reports.length).toBeGreaterThan(50);
    let checked = 0;
    for (const r of reports.slice(0, 25)) {
      const facts = JSON.parse(r.facts!) as WorkReportFacts;
      const done = await db.kysely
        .selectFrom('activities')
        .select('type')
        .where('ownerId', '=', r.userId)
        .where('doneAt', '>=', chinaTime(r.periodStart).toISOString())
        .where('doneAt', '<', r.submittedAt!) // what had happened when it was submitted
        .execute();
      const visits = done.filter((a) => a.type === 'visit').length;
      expect(facts.activityCounts.visit).toBe(visits);
      expect(facts.activities.length).toBe(done.length);
      checked += done.length;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("shows 华东's week with reports on time, late and missing, read and commented", async () => {
    const manager = await actor('manager@tuoke.demo');
    const grid = await service.status(manager, { kind: 'daily', date: '2026-11-20' });
    const states = grid.rows.flatMap((r) => r.cells.map((c) => c.state));
    expect(grid.rows.map((r) => r.userName)).toContain('李娜');
    expect(states).toContain('on_time');
    expect(grid.summary.on_time + grid.summary.late).toBeGreaterThan(5);
    expect(grid.summary.missing + grid.summary.late).toBeGreaterThan(0);
    const thisWeek = await service.status(manager, { kind: 'daily', date: '2026-11-27' });
    // the demo rep missed Thursday's daily
    const lina = thisWeek.rows.find((r) => r.userName === '李娜')!;
    expect(lina.cells.find((c) => c.periodStart === '2026-11-26')!.state).toBe('missing');
    expect(lina.cells.find((c) => c.periodStart === '2026-11-27')!.state).toBe('pending');
    const read = await db.kysely
      .selectFrom('workReportReads')
      .select('id')
      .where('orgId', '=', orgId)
      .execute();
    const comments = await db.kysely
      .selectFrom('workReportComments')
      .select('id')
      .where('orgId', '=', orgId)
      .execute();
    expect(read.length).toBeGreaterThan(20);
    expect(comments.length).toBeGreaterThan(5);
  });

  it('lets the deadline job run on the demo, once', async () => {
    const first = await service.runDeadlines(NOW);
    expect(first).toBeGreaterThan(0);
    expect(notices.some((n) => n.dedupeKey === 'report_missing:daily:2026-11-26')).toBe(true);
  });
});
