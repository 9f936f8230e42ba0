import { describe, expect, it } from 'vitest';
import { MARGIN_FLOOR_BP, quoteMargin, quoteTotals, roundDiv } from './pricing.js';

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

describe('quoteMargin', () => {
  it('costs each line at quantity × unit cost and measures the margin against the net before tax', () => {
    const t = quoteTotals(
      [
        { quantity: 3, listPrice: 33_333, unitPrice: 33_333, discountBp: 1500 },
        { quantity: 1, listPrice: 100_000, unitPrice: 90_000, discountBp: 0 },
      ],
      333,
      1300,
    );
    const net = t.subtotal - t.discountAmount; // 169_172, tax not included
    const m = quoteMargin(
      [
        { quantity: 3, unitCost: 20_000 },
        { quantity: 1, unitCost: 50_000 },
      ],
      net,
    );
    expect(m.costTotal).toBe(110_000);
    expect(m.marginBp).toBe(3498); // 59_172 / 169_172 = 34.977 %
  });

  it('is unknown, not guessed, when any line has no cost; and when the net is zero', () => {
    expect(
      quoteMargin(
        [
          { quantity: 1, unitCost: 100 },
          { quantity: 2, unitCost: null },
        ],
        1000,
      ),
    ).toEqual({ costTotal: null, marginBp: null });
    expect(quoteMargin([{ quantity: 2, unitCost: 100 }], 0)).toEqual({ costTotal: 200, marginBp: null });
  });

  it('goes negative below cost, rounding halves away from zero, down to a floor', () => {
    expect(quoteMargin([{ quantity: 1, unitCost: 1500 }], 1000).marginBp).toBe(-5000);
    expect(quoteMargin([{ quantity: 1, unitCost: 20_001 }], 20_000).marginBp).toBe(-1); // −0.5 bp
    expect(quoteMargin([{ quantity: 1, unitCost: 19_999 }], 20_000).marginBp).toBe(1); // +0.5 bp
    expect(quoteMargin([{ quantity: 1, unitCost: 1000 }], 1000).marginBp).toBe(0);
    expect(quoteMargin([{ quantity: 1, unitCost: 0 }], 1000).marginBp).toBe(10_000);
    expect(quoteMargin([{ quantity: 1000, unitCost: 1000 }], 1).marginBp).toBe(MARGIN_FLOOR_BP);
  });

  it('never loses precision in the margin on large amounts', () => {
    const net = Number.MAX_SAFE_INTEGER;
    const m = quoteMargin([{ quantity: 1_000_000, unitCost: 4_503_599_627 }], net);
    const cost = 1_000_000n * 4_503_599_627n;
    const n = BigInt(net);
    expect(m.marginBp).toBe(Number((2n * (n - cost) * 10_000n + n) / (2n * n)));
    expect(() => quoteMargin([{ quantity: 1, unitCost: -1 }], 100)).toThrow(RangeError);
    expect(() => quoteMargin([], -1)).toThrow(RangeError);
  });
});
