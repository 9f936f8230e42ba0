/**
 * Quote totals in integer fen, the same on server and browser (the server recomputes and never
 * trusts totals a client sends). Rounding, each half away from zero ("四舍五入"), in this order:
 *   line     = round(quantity × unit price × (10000 − line discount bp) / 10000)
 *   subtotal = Σ line
 *   discount = round(subtotal × quote discount bp / 10000)
 *   tax      = round((subtotal − discount) × tax rate bp / 10000)   — once on the net, not per line
 *   total    = subtotal − discount + tax
 * BigInt arithmetic, so quantity × price never loses precision above 2^53.
 */
export interface PricedLine {
  quantity: number;
  listPrice: number;
  unitPrice: number;
  discountBp: number;
}

export interface QuoteTotals {
  lines: number[];
  listTotal: number;
  subtotal: number;
  discountAmount: number;
  taxAmount: number;
  total: number;
  /** (list total − net) / list total in bp; 0 when priced at or above the catalogue. */
  effectiveDiscountBp: number;
}

const BP = 10_000n;

/** round(n / d) half away from zero, for non-negative n and positive d. */
export function roundDiv(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

export function quoteTotals(lines: PricedLine[], discountBp: number, taxRateBp: number): QuoteTotals {
  for (const [k, v] of [
    ['discountBp', discountBp],
    ['taxRateBp', taxRateBp],
  ] as const)
    if (!Number.isInteger(v) || v < 0 || v > 10_000) throw new RangeError(`${k} must be 0..10000`);
  const amounts = lines.map((l) => {
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 0) throw new RangeError('quantity');
    if (!Number.isSafeInteger(l.unitPrice) || l.unitPrice < 0) throw new RangeError('unitPrice');
    if (!Number.isInteger(l.discountBp) || l.discountBp < 0 || l.discountBp > 10_000)
      throw new RangeError('discountBp');
    return roundDiv(BigInt(l.quantity) * BigInt(l.unitPrice) * (BP - BigInt(l.discountBp)), BP);
  });
  const list = lines.reduce((s, l) => s + BigInt(l.quantity) * BigInt(l.listPrice), 0n);
  const subtotal = amounts.reduce((s, a) => s + a, 0n);
  const discount = roundDiv(subtotal * BigInt(discountBp), BP);
  const net = subtotal - discount;
  const tax = roundDiv(net * BigInt(taxRateBp), BP);
  const effective = list > 0n && net < list ? roundDiv((list - net) * BP, list) : 0n;
  return {
    lines: amounts.map(Number),
    listTotal: Number(list),
    subtotal: Number(subtotal),
    discountAmount: Number(discount),
    taxAmount: Number(tax),
    total: Number(net + tax),
    effectiveDiscountBp: Number(effective),
  };
}
