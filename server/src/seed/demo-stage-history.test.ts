import { describe, expect, it } from 'vitest';
import { buildDemo } from './demo-build.js';

describe('demo stage history', () => {
  const { rows } = buildDemo(new Date('2026-11-27T02:00:00.000Z'), 'hash');

  it('has one row per stage on each deal’s path, ending in its current stage, matching the stage changes', () => {
    const byOpp = new Map<string, typeof rows.opportunityStageHistory>();
    for (const h of rows.opportunityStageHistory)
      byOpp.set(h.opportunityId, [...(byOpp.get(h.opportunityId) ?? []), h]);
    const stageName = new Map(rows.pipelineStages.map((s) => [s.id, s.name]));
    for (const o of rows.opportunities) {
      const history = byOpp.get(o.id)!;
      expect(history[0]!.enteredAt).toBe(o.createdAt);
      expect(history.at(-1)).toMatchObject({ stageId: o.stageId, leftAt: null });
      history.slice(0, -1).forEach((h, k) => expect(h.leftAt).toBe(history[k + 1]!.enteredAt));
      const changes = rows.fieldChanges
        .filter((c) => c.entityId === o.id && c.field === 'stage')
        .map((c) => [c.changedAt, c.newValue]);
      expect(changes).toEqual(history.slice(1).map((h) => [h.enteredAt, stageName.get(h.stageId)]));
    }
  });

  it('ticks the 需求确认 checklist of every deal that got past it', () => {
    const confirm = rows.pipelineStages.find((s) => s.name === '需求确认')!;
    expect(JSON.parse(confirm.checklist as string)).toHaveLength(4);
    const passed = new Set(
      rows.opportunityStageHistory
        .filter((h) => h.stageId === confirm.id && h.leftAt)
        .map((h) => h.opportunityId),
    );
    expect(passed.size).toBeGreaterThan(50);
    for (const id of passed)
      expect(
        rows.opportunityChecklistItems.filter((c) => c.opportunityId === id && c.stageId === confirm.id),
      ).toHaveLength(4);
  });
});
