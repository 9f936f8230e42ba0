import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoApp, type DemoApp } from '../../test/demo.js';
import { buildDemo } from './demo-build.js';
import { buildDemoSupervision } from './demo-supervision.js';

describe('demo supervision data', () => {
  const now = new Date('2026-11-28T02:00:00.000Z');

  it('dates most open deals’ next steps, leaves some missing or past, and leaves tasks overdue', () => {
    const { rows } = buildDemo(now, 'hash');
    const before = rows.activities.length;
    const out = buildDemoSupervision(rows, now);
    const open = rows.opportunities.filter((o) => o.status === 'open');
    const ahead = open.filter((o) => o.nextStep && o.nextStepDate && o.nextStepDate >= '2026-11-28');
    const past = open.filter((o) => o.nextStepDate && o.nextStepDate < '2026-11-28');
    const missing = open.filter((o) => !o.nextStep || !o.nextStepDate);
    expect(ahead.length / open.length).toBeGreaterThan(0.6);
    expect(past.length).toBeGreaterThan(5);
    expect(missing.length).toBeGreaterThan(5);
    expect(rows.opportunities.filter((o) => o.status !== 'open' && o.nextStepDate)).toEqual([]);
    const added = rows.activities.slice(before);
    const overdue = added.filter((a) => !a.doneAt && Date.parse(String(a.dueAt)) < now.getTime());
    expect(overdue.length).toBe(14);
    for (const a of added) if (a.doneAt) expect(Date.parse(String(a.doneAt))).toBeLessThan(now.getTime());
    expect(rows.pipelineStages.filter((s) => s.stallDays).map((s) => [s.name, s.stallDays])).toEqual([
      ['初步接洽', 21],
      ['商务谈判', 7],
    ]);
    expect(out.supervisionSettings[0]).toMatchObject({ forgottenDaysA: 10 });
  });
});

describe('demo supervision board, seeded', () => {
  let app: DemoApp;
  const now = new Date('2026-11-28T02:00:00.000Z');
  beforeAll(async () => {
    app = await createDemoApp(now);
    app.services.supervision.clock = () => now;
  }, 120_000);
  afterAll(() => app.close());

  it('shows the 华东 manager every kind of finding, without flooding the screen', async () => {
    const board = await app.services.supervision.board(await app.actor('manager@tuoke.demo'), {});
    const open = board.reps.reduce((n, r) => n + r.openDeals, 0);
    expect(open).toBeGreaterThan(30);
    for (const [kind, list] of Object.entries(board.findings)) expect(list.length, kind).toBeGreaterThan(0);
    expect(board.findings.stalled.length / open).toBeLessThan(0.25);
    expect(board.findings.noNextStep.length / open).toBeLessThan(0.35);
    expect(board.teams.length).toBeGreaterThan(1);
  });
});
