import {
  ASSESSMENT_MAX_POINTS,
  suggestShareTarget,
  type AssessmentFactor,
  type MacroEffect,
} from '@tuoke/shared';

/*
 * The market opportunity score, 0..100, from five factors whose points add up (each rounded to
 * 0.1; the score is their rounded sum, so what the screen shows always adds up):
 * - size (25): the market's size relative to the organisation's largest active market;
 * - growth (20): 0 % or less gives nothing, 20 % a year or more gives all;
 * - competition (20): fewer points the more crowded it is; intensity = half the number of
 *   competitors with a share (5 or more = crowded) and half the leader's share (50 % or more =
 *   dominated);
 * - our share (15): a foothold helps (references, installed base): 10 % or more gives all;
 * - macro (20): neutral 10, each opportunity in effect adds 2 × its impact, each threat takes it.
 */

export interface AssessmentInput {
  size: number;
  largestSize: number;
  growthBp: number;
  /** Active competitors' shares in the share year. */
  shares: number[];
  ourShareBp: number | null;
  macro: Array<{ effect: MacroEffect; impact: number }>;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

export function scoreMarket(input: AssessmentInput): { score: number; factors: AssessmentFactor[] } {
  const max = ASSESSMENT_MAX_POINTS;
  const sizeRatio = input.largestSize > 0 ? clamp(input.size / input.largestSize, 0, 1) : 0;
  const growth = clamp(input.growthBp / 2000, 0, 1);
  const n = input.shares.length;
  const leader = n ? Math.max(...input.shares) : 0;
  const intensity = 0.5 * (Math.min(n, 5) / 5) + 0.5 * Math.min(leader / 5000, 1);
  const share = input.ourShareBp ?? 0;
  const net = input.macro.reduce((s, f) => s + (f.effect === 'opportunity' ? f.impact : -f.impact), 0);
  const factors: AssessmentFactor[] = [
    {
      key: 'size',
      value: Math.round(sizeRatio * 10_000),
      points: round1(max.size * sizeRatio),
      maxPoints: max.size,
    },
    { key: 'growth', value: input.growthBp, points: round1(max.growth * growth), maxPoints: max.growth },
    {
      key: 'competition',
      value: Math.round(intensity * 10_000),
      points: round1(max.competition * (1 - intensity)),
      maxPoints: max.competition,
    },
    {
      key: 'our_share',
      value: share,
      points: round1(max.our_share * clamp(share / 1000, 0, 1)),
      maxPoints: max.our_share,
    },
    { key: 'macro', value: net, points: round1(clamp(10 + 2 * net, 0, max.macro)), maxPoints: max.macro },
  ];
  const score = clamp(Math.round(factors.reduce((s, f) => s + f.points, 0)), 0, 100);
  return { score, factors };
}

export { suggestShareTarget };

/**
 * A market's size for a year: the recorded one, else projected with the growth from the nearest
 * recorded year (forward from the latest before it, backward from the earliest after it).
 */
export function sizeFromHistory(
  years: Array<{ year: number; size: number }>,
  growthBp: number,
  year: number,
): { size: number; basedOnYear: number; projected: boolean } | null {
  if (!years.length) return null;
  const exact = years.find((y) => y.year === year);
  if (exact) return { size: exact.size, basedOnYear: year, projected: false };
  const factor = 1 + growthBp / 10_000;
  const before = years.filter((y) => y.year < year).sort((a, b) => b.year - a.year)[0];
  if (before)
    return {
      size: Math.max(0, Math.round(before.size * factor ** (year - before.year))),
      basedOnYear: before.year,
      projected: true,
    };
  const after = [...years].sort((a, b) => a.year - b.year)[0]!;
  return {
    size: factor > 0 ? Math.max(0, Math.round(after.size / factor ** (after.year - year))) : after.size,
    basedOnYear: after.year,
    projected: true,
  };
}

/**
 * The growth the history shows: the compound yearly change between its last two years, in bp;
 * null with fewer than two years or a zero size to grow from.
 */
export function growthFromHistory(years: Array<{ year: number; size: number }>): number | null {
  if (years.length < 2) return null;
  const sorted = [...years].sort((a, b) => a.year - b.year);
  const last = sorted[sorted.length - 1]!;
  const prev = sorted[sorted.length - 2]!;
  if (prev.size <= 0) return null;
  const yearly = (last.size / prev.size) ** (1 / (last.year - prev.year)) - 1;
  return clamp(Math.round(yearly * 10_000), -10_000, 100_000);
}
