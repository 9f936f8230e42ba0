import { describe, expect, it } from 'vitest';
import { quoteTotals, roundDiv } from './pricing.js';

describe('quoteTotals', () => {
  it('rounds each line, then the quote discount, then tax on the net, half up', () => {
    const t = quoteTotals(
      [
        { quantity: 3, listPrice: 33_333, unitPrice: 33_333, discountBp: 1500 }, // 84_999.15 → 84_999
        { quantity: 1, listPrice: 100_000, unitPrice: 90_000, discountBp: 0 },
        { quantity: 7, listPrice: 15, unitPrice: 15, discountBp: 5000 }, // 52.5 → 53
      ],
      333, // 3.33%
      1300, // 13% VAT
    );
    expect(t.lines).toEqual([84_999, 90_000, 53]);
    expect(t.subtotal).toBe(175_052);
    expect(t.discountAmount).toBe(5_829); // 5_829.2316
    expect(t.taxAmount).toBe(21_999); // (175_052 − 5_829) × 13% = 21_998.99
    expect(t.total).toBe(169_223 + 21_999);
  });

  it('never loses precision on large amounts', () => {
    const t = quoteTotals(
      [{ quantity: 1_000_000, listPrice: 9_999_999_999, unitPrice: 9_999_999_999, discountBp: 1 }],
      0,
      0,
    );
    expect(t.subtotal).toBe(Number((1_000_000n * 9_999_999_999n * 9_999n + 5_000n) / 10_000n));
  });

  it('measures the discount against the catalogue price, not below zero', () => {
    expect(
      quoteTotals([{ quantity: 1, listPrice: 1000, unitPrice: 800, discountBp: 0 }], 1000, 0)
        .effectiveDiscountBp,
    ).toBe(2800);
    expect(
      quoteTotals([{ quantity: 1, listPrice: 1000, unitPrice: 1200, discountBp: 0 }], 0, 0)
        .effectiveDiscountBp,
    ).toBe(0);
    expect(() => quoteTotals([], 10_001, 0)).toThrow(RangeError);
    expect(roundDiv(5n, 10n)).toBe(1n);
    expect(roundDiv(4n, 10n)).toBe(0n);
  });
});
