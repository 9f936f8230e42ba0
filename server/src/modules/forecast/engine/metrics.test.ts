import { describe, expect, it } from 'vitest';
import { mase, seasonalNaiveMae, smape } from './metrics.js';

describe('smape', () => {
  it('is the mean of 200·|y−f|/(|y|+|f|)', () => {
    // 200·10/210 = 9.5238…, 200·0/100 = 0, 200·50/150 = 66.666…
    expect(smape([100, 50, 100], [110, 50, 50])).toBeCloseTo((200 * 10) / 210 / 3 + 0 + 200 / 3 / 3, 10);
  });
  it('counts 0 when actual and forecast are both 0, and 200 for a forecast of 0', () => {
    expect(smape([0, 5], [0, 0])).toBe(100);
  });
});

describe('mase', () => {
  it('scales by the in-sample seasonal naive MAE', () => {
    const insample = [1, 2, 3, 5, 4, 6]; // lag 2 differences: 2, 3, 1, 1 → MAE 1.75
    expect(seasonalNaiveMae(insample, 2)).toBeCloseTo(1.75, 12);
    expect(mase(insample, [7, 8], [6, 10], 2)).toBeCloseTo(1.5 / 1.75, 12);
  });
  it('falls back to lag 1 when the history is not longer than m', () => {
    expect(seasonalNaiveMae([1, 3, 2], 4)).toBeCloseTo(1.5, 12);
  });
});
