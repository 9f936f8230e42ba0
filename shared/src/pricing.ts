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

export interface CostedLine {
  quantity: number;
  /** The product's cost per unit in fen; null when the catalogue does not know it. */
  unitCost: number | null;
}

export interface QuoteMargin {
  /** Σ quantity × unit cost; null when any line's cost is unknown (never guessed). */
  costTotal: number | null;
  /** (net − cost total) / net in bp, rounded half away from zero; negative below cost; null when unknown or the net is 0. */
  marginBp: number | null;
}

/**
 * The floor of a reported margin: −10 000 %, i.e. a cost over 100 × the price. Beyond it the number
 * says nothing more, and it must still fit the integer columns it is stored in.
 */
export const MARGIN_FLOOR_BP = -1_000_000;

/** round(n / d) half away from zero, for any sign of n and positive d. */
function roundDivSigned(n: bigint, d: bigint): bigint {
  return n < 0n ? -roundDiv(-n, d) : roundDiv(n, d);
}

/**
 * Gross margin of a quote. `net` is what the customer pays before tax: the subtotal after line
 * discounts and the whole-quote discount (quoteTotals' subtotal − discountAmount).
 *   costTotal = Σ quantity × unit cost
 *   margin    = round((net − costTotal) × 10000 / net)   — in bp, may be negative
 */
export function quoteMargin(lines: CostedLine[], net: number): QuoteMargin {
  if (!Number.isSafeInteger(net) || net < 0) throw new RangeError('net');
  let cost = 0n;
  for (const l of lines) {
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 0) throw new RangeError('quantity');
    if (l.unitCost === null || l.unitCost === undefined) return { costTotal: null, marginBp: null };
    if (!Number.isSafeInteger(l.unitCost) || l.unitCost < 0) throw new RangeError('unitCost');
    cost += BigInt(l.quantity) * BigInt(l.unitCost);
  }
  if (net === 0) return { costTotal: Number(cost), marginBp: null };
  const bp = roundDivSigned((BigInt(net) - cost) * BP, BigInt(net));
  const floor = BigInt(MARGIN_FLOOR_BP);
  return { costTotal: Number(cost), marginBp: Number(bp < floor ? floor : bp) };
}
