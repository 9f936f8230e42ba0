import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoApp, type DemoApp } from '../../test/demo.js';
import { buildDemo } from './demo-build.js';
import { buildDemoMeetings } from './demo-meetings.js';

describe('demo sales meetings', () => {
  // a Saturday: last week's meeting is yesterday's (Friday), this week's the coming Friday
  const now = new Date('2026-11-28T02:00:00.000Z');
  const { rows } = buildDemo(now, 'hash');
  const out = buildDemoMeetings(rows, now);

  it('has 华东’s held weekly meeting with notes, its planned successor and a deal review', () => {
    expect(out.meetings.map((m) => [m.kind, m.status, m.scheduledAt])).toEqual([
      ['weekly', 'held', '2026-11-27T08:00:00.000Z'],
      ['weekly', 'planned', '2026-12-04T08:00:00.000Z'],
      ['deal_review', 'planned', '2026-11-30T06:00:00.000Z'],
    ]);
    expect(out.meetings[0]!.notes).toContain('本周重点');
    expect(Date.parse(String(out.meetings[0]!.heldAt))).toBeLessThan(now.getTime());
    const review = out.meetingOpportunities.map((mo) =>
      rows.opportunities.find((o) => o.id === mo.opportunityId)!,
    );
    expect(review).toHaveLength(3);
    for (const o of review) expect(o.status).toBe('open');
  });

  it('gives last week’s meeting five action items, two done, each with its owner’s task in step', () => {
    expect(out.meetingActionItems.map((i) => i.status)).toEqual(['done', 'done', 'open', 'open', 'open']);
    for (const i of out.meetingActionItems) {
      const task = out.activities.find((a) => a.id === i.activityId)!;
      expect(task).toMatchObject({ type: 'task', ownerId: i.ownerId, doneAt: i.doneAt, subject: i.title });
      expect(task.dueAt).toBe(new Date(`${i.dueDate}T23:59:59+08:00`).toISOString());
      if (i.doneAt) expect(Date.parse(String(i.doneAt))).toBeLessThan(now.getTime());
    }
  });

  it('holds wherever in the week it is built: the held one is over, the planned one a week later', () => {
    for (const at of ['2026-11-27T09:00:00.000Z', '2026-11-27T10:30:00.000Z', '2026-11-30T01:00:00.000Z']) {
      const d = new Date(at);
      const m = buildDemoMeetings(buildDemo(d, 'hash').rows, d).meetings;
      expect(Date.parse(String(m[0]!.heldAt)), at).toBeLessThan(d.getTime());
      expect(Date.parse(String(m[1]!.scheduledAt)) - Date.parse(String(m[0]!.scheduledAt))).toBe(
        7 * 86_400_000,
      );
    }
  });
});

describe('demo sales meetings, seeded', () => {
  let app: DemoApp;
  const now = new Date('2026-11-28T02:00:00.000Z');
  beforeAll(async () => {
    app = await createDemoApp(now);
    app.services.meetings.clock = () => now;
  }, 120_000);
  afterAll(() => app.close());

  it('shows this week’s agenda with last week’s open items carried over', async () => {
    const actor = await app.actor('manager@tuoke.demo');
    const upcoming = await app.services.meetings.list(actor, { when: 'upcoming' });
    const weekly = upcoming.items.find((m) => m.kind === 'weekly')!;
    const agenda = await app.services.meetings.agenda(actor, weekly.id);
    expect(agenda.live).toBe(true);
    expect(agenda.reps.map((r) => r.name).sort()).toEqual(['张伟', '徐静', '李娜']);
    expect(agenda.openItems).toHaveLength(3);
    expect(agenda.openItems.every((i) => i.carried)).toBe(true);
    const past = await app.services.meetings.list(actor, { when: 'past' });
    const held = await app.services.meetings.agenda(actor, past.items[0]!.id);
    expect(held.live).toBe(false);
    expect(held.until).toBe(past.items[0]!.heldAt);
    const review = upcoming.items.find((m) => m.kind === 'deal_review')!;
    expect((await app.services.meetings.agenda(actor, review.id)).deals).toHaveLength(3);
  });
});
