import { describe, expect, it } from 'vitest';
import { computeRoi, divRound } from './roi.js';

const base = {
  leads: 0,
  convertedLeads: 0,
  opportunities: 0,
  wonOpportunities: 0,
  wonRevenue: null,
  pipelineAmount: null,
};

describe('campaign ROI arithmetic', () => {
  it('is (won − cost) / cost in basis points, rounded half away from zero', () => {
    expect(computeRoi({ ...base, cost: '300', wonRevenue: '1000', leads: 7 })).toMatchObject({
      cost: 300,
      wonRevenue: 1000,
      roiBp: 23_333, // 2.33333…
      costPerLead: 43, // 42.857 fen
    });
    expect(computeRoi({ ...base, cost: '200', wonRevenue: '1', leads: 8 })).toMatchObject({
      roiBp: -9_950, // −99.5 %
      costPerLead: 25,
    });
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(divRound(-4n, 3n)).toBe(-1n);
  });

  it('has no return without cost and no cost per lead without leads (null, never Infinity)', () => {
    const r = computeRoi({ ...base, cost: null, wonRevenue: '500000', leads: 0 });
    expect(r.roiBp).toBeNull();
    expect(r.costPerLead).toBeNull();
    expect(computeRoi({ ...base, cost: '0', wonRevenue: '0', leads: 3 })).toMatchObject({
      roiBp: null,
      costPerLead: 0,
    });
  });

  it('sums exactly beyond 2^53 fen before dividing', () => {
    // won revenue 2^53 + 1 fen arrives as text: as a double it would already be off by one
    const won = (2n ** 53n + 1n).toString();
    const r = () => computeRoi({ ...base, cost: '3', wonRevenue: won, leads: 1 });
    expect(r).toThrow(/exact range/);
    const exact = computeRoi({ ...base, cost: '4503599627370496', wonRevenue: '9007199254740991', leads: 3 });
    expect(exact.wonRevenue).toBe(Number.MAX_SAFE_INTEGER);
    expect(exact.roiBp).toBe(10_000); // (2^52 − 1) / 2^52 → 100.00 %
    expect(exact.costPerLead).toBe(1_501_199_875_790_165); // 2^52 / 3, rounded
  });
});
