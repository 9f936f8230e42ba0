import { describe, expect, it } from 'vitest';
import { elapsedBp, periodProblem, splitLargestRemainder, subPeriods, yearEarlier } from './split.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('largest-remainder split', () => {
  it('splits 5,000,000.00 CNY over three weights to the exact fen', () => {
    const parts = splitLargestRemainder(500_000_000, [1, 1, 1]);
    expect(parts).toEqual([166_666_667, 166_666_667, 166_666_666]);
    expect(sum(parts)).toBe(500_000_000);
    const weighted = splitLargestRemainder(500_000_000, [3_333_333_31, 2_777_777_77, 1_234_567_89]);
    expect(sum(weighted)).toBe(500_000_000);
    // each part is within one fen of its exact share
    const W = 3_333_333_31 + 2_777_777_77 + 1_234_567_89;
    weighted.forEach((p, i) => {
      const exact = (500_000_000 * [3_333_333_31, 2_777_777_77, 1_234_567_89][i]!) / W;
      expect(Math.abs(p - exact)).toBeLessThan(1);
    });
  });

  it('gives 0.01 CNY over three children to exactly one of them', () => {
    expect(splitLargestRemainder(1, [1, 1, 1])).toEqual([1, 0, 0]);
    expect(splitLargestRemainder(1, [1, 5, 1])).toEqual([0, 1, 0]);
  });

  it('never loses or invents a fen on awkward inputs', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647);
    for (let n = 0; n < 200; n++) {
      const total = rnd() % 10_000_000_000;
      const weights = Array.from({ length: 1 + (rnd() % 12) }, () => rnd() % 1_000_000);
      const parts = splitLargestRemainder(total, weights);
      expect(sum(parts)).toBe(total);
      expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
    }
  });

  it('splits evenly when every weight is zero, and big totals exactly', () => {
    expect(splitLargestRemainder(10, [0, 0, 0])).toEqual([4, 3, 3]);
    const big = 99_999_999_999_999;
    expect(sum(splitLargestRemainder(big, [7, 11, 13, 17]))).toBe(big);
  });
});

describe('periods', () => {
  it('accepts calendar periods and names what is wrong otherwise', () => {
    expect(periodProblem('quarter', '2026-10-01', '2026-12-31')).toBeNull();
    expect(periodProblem('month', '2026-02-01', '2026-02-28')).toBeNull();
    expect(periodProblem('year', '2026-01-01', '2026-12-31')).toBeNull();
    expect(periodProblem('quarter', '2026-11-01', '2027-01-31')).toMatch(/calendar quarter/);
    expect(periodProblem('month', '2026-02-01', '2026-03-01')).toMatch(/ends on 2026-02-28/);
    expect(periodProblem('year', '2026-04-01', '2027-03-31')).toMatch(/fiscal/);
    expect(
      periodProblem('year', '2026-04-01', '2027-03-31', { startDate: '2026-04-01', endDate: '2027-03-31' }),
    ).toBeNull();
    expect(periodProblem('month', '2026-03-31', '2026-03-01')).toMatch(/ends before/);
  });

  it('cuts a year into quarters and a quarter into months', () => {
    expect(subPeriods('year', '2026-01-01', '2026-12-31').map((p) => p.endDate)).toEqual([
      '2026-03-31',
      '2026-06-30',
      '2026-09-30',
      '2026-12-31',
    ]);
    expect(subPeriods('quarter', '2026-10-01', '2026-12-31').map((p) => p.startDate)).toEqual([
      '2026-10-01',
      '2026-11-01',
      '2026-12-01',
    ]);
    expect(subPeriods('month', '2026-10-01', '2026-10-31')).toEqual([]);
  });

  it('measures time elapsed and last year', () => {
    expect(elapsedBp('2026-10-01', '2026-12-31', '2026-09-30')).toBe(0);
    expect(elapsedBp('2026-10-01', '2026-12-31', '2026-11-15')).toBe(Math.round((46 * 10000) / 92));
    expect(elapsedBp('2026-10-01', '2026-12-31', '2027-01-05')).toBe(10000);
    expect(yearEarlier('2028-02-29')).toBe('2027-02-28');
  });
});
