import { describe, expect, it } from 'vitest';
import type { Target } from '@tuoke/shared';
import { periodLabel, periodOf, periodsAround } from './periods';
import { buildTree } from './TargetsPage';

describe('target periods', () => {
  it('finds the calendar period containing a date', () => {
    expect(periodOf('quarter', '2026-11-28')).toMatchObject({
      startDate: '2026-10-01',
      endDate: '2026-12-31',
    });
    expect(periodOf('month', '2028-02-10')).toMatchObject({ startDate: '2028-02-01', endDate: '2028-02-29' });
    expect(periodOf('year', '2026-05-05')).toMatchObject({ startDate: '2026-01-01', endDate: '2026-12-31' });
  });
  it('offers last year to next year and labels them per language', () => {
    expect(periodsAround('quarter', '2026-11-28')).toHaveLength(12);
    expect(periodsAround('month', '2026-11-28')[0]!.startDate).toBe('2025-01-01');
    expect(periodLabel({ periodType: 'quarter', startDate: '2026-10-01' }, true)).toBe('2026年第4季度');
    expect(periodLabel({ periodType: 'quarter', startDate: '2026-10-01' }, false)).toBe('2026 Q4');
  });
});

describe('target tree', () => {
  const t = (id: string, parentId: string | null, ownerType: string, value = 1) =>
    ({ id, parentId, ownerType, value, startDate: '2026-10-01' }) as unknown as Target;
  it('hangs children under their parent, company first, and orphans at the top', () => {
    const tree = buildTree([
      t('rep', 'team', 'rep'),
      t('team', 'co', 'team'),
      t('co', null, 'company'),
      t('x', 'gone', 'team'),
    ]);
    expect(tree.map((r) => r.id)).toEqual(['co', 'x']);
    expect(tree[0]!.children![0]!.id).toBe('team');
    expect(tree[0]!.children![0]!.children![0]!.id).toBe('rep');
  });
});
