import { describe, expect, it } from 'vitest';
import { missingRequirements, type GateSubject } from './sales-process.js';

const stages = [
  { id: 'a', name: '初步接洽', position: 0, kind: 'open', requiredFields: [], checklist: [] },
  {
    id: 'b',
    name: '需求确认',
    position: 1,
    kind: 'open',
    requiredFields: [],
    checklist: [
      { id: 'pain', label: '痛点', required: true },
      { id: 'who', label: '决策人', required: false },
    ],
  },
  { id: 'c', name: '方案报价', position: 2, kind: 'open', requiredFields: ['items' as const], checklist: [] },
  { id: 'w', name: '赢单', position: 3, kind: 'won', requiredFields: [], checklist: [] },
  { id: 'l', name: '输单', position: 4, kind: 'lost', requiredFields: [], checklist: [] },
];
const bare: GateSubject = { amount: 0, nextStep: null, itemCount: 0, collaboratorCount: 0 };
const keys = (from: string | null, to: string, checked: string[] = [], subject = bare) =>
  missingRequirements(stages, from, to, subject, new Set(checked)).map((m) => `${m.stageId}:${m.key}`);

describe('missingRequirements (exit criteria)', () => {
  it('needs the criteria of the stage left and of every stage skipped, not of the target', () => {
    expect(keys('a', 'b')).toEqual([]);
    expect(keys('b', 'c')).toEqual(['b:pain']);
    expect(keys('a', 'w')).toEqual(['b:pain', 'c:items']);
    expect(keys('b', 'w', ['b/pain'], { ...bare, itemCount: 1 })).toEqual([]);
  });
  it('lets a deal move back, stay, be lost or be reopened freely', () => {
    expect(keys('c', 'a')).toEqual([]);
    expect(keys('b', 'b')).toEqual([]);
    expect(keys('b', 'l')).toEqual([]);
    expect(keys('l', 'c')).toEqual([]);
  });
  it('treats a new deal as starting before the first stage', () => {
    expect(keys(null, 'a')).toEqual([]);
    expect(keys(null, 'c')).toEqual(['b:pain']);
  });
});
