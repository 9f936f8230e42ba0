import type { CampaignRoi } from '@tuoke/shared';

/** Raw figures of one campaign; sums arrive as decimal text (exact beyond 2^53). */
export interface RoiInputs {
  cost: string | number | bigint | null;
  leads: number;
  convertedLeads: number;
  opportunities: number;
  wonOpportunities: number;
  wonRevenue: string | number | bigint | null;
  pipelineAmount: string | number | bigint | null;
}

const big = (v: string | number | bigint | null): bigint =>
  v === null ? 0n : typeof v === 'bigint' ? v : BigInt(typeof v === 'number' ? Math.trunc(v) : v);

/** a / b rounded half away from zero, in integers. */
export function divRound(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('division by zero');
  const negative = a < 0n !== b < 0n;
  const x = a < 0n ? -a : a;
  const y = b < 0n ? -b : b;
  const q = (2n * x + y) / (2n * y);
  return negative ? -q : q;
}

const toNumber = (v: bigint): number => {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError('amount exceeds the exact range of a JSON number');
  return Number(v);
};

/**
 * Cost per lead (fen, rounded) and return on cost, (won revenue − cost) / cost, in basis points
 * (rounded; 10000 = 100 %). Computed in BigInt so a sum is exact to the fen; no leads → no cost
 * per lead, nothing spent → no return (null, never Infinity).
 */
export function computeRoi(i: RoiInputs): CampaignRoi {
  const cost = big(i.cost);
  const won = big(i.wonRevenue);
  return {
    cost: toNumber(cost),
    leads: i.leads,
    convertedLeads: i.convertedLeads,
    opportunities: i.opportunities,
    wonOpportunities: i.wonOpportunities,
    wonRevenue: toNumber(won),
    pipelineAmount: toNumber(big(i.pipelineAmount)),
    costPerLead: i.leads > 0 ? toNumber(divRound(cost, BigInt(i.leads))) : null,
    roiBp: cost > 0n ? toNumber(divRound((won - cost) * 10_000n, cost)) : null,
  };
}
