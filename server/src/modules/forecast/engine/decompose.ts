/**
 * Classical multiplicative decomposition and the seasonality test of the M4 benchmarks:
 * a series is seasonal when |acf(m)| exceeds the 90% limit 1.645·sqrt((1 + 2·Σ_{k<m} acf(k)²) / n).
 */

/** Sample autocorrelation at lag k. */
export function acf(y: readonly number[], k: number): number {
  const n = y.length;
  let mean = 0;
  for (const v of y) mean += v;
  mean /= n;
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t++) {
    const d = y[t] - mean;
    den += d * d;
    if (t + k < n) num += d * (y[t + k] - mean);
  }
  return den === 0 ? 0 : num / den;
}

/** The M4 test: needs more than 3·m observations and m > 1. */
export function isSeasonal(y: readonly number[], m: number): boolean {
  if (m <= 1 || y.length < 3 * m) return false;
  let s = 0;
  for (let k = 1; k < m; k++) s += acf(y, k) ** 2;
  const limit = 1.645 * Math.sqrt((1 + 2 * s) / y.length);
  return Math.abs(acf(y, m)) > limit;
}

/**
 * Seasonal indices of a classical multiplicative decomposition (as R's decompose): centred moving
 * average of order m (2×m when m is even), ratios y / trend, mean ratio per season, normalised to
 * mean 1. Index i belongs to position t with t mod m = i (t = 0 is the first observation).
 */
export function seasonalIndices(y: readonly number[], m: number): number[] {
  const n = y.length;
  const half = Math.floor(m / 2);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = half; t < n - half; t++) {
    let trend: number;
    if (m % 2 === 0) {
      let s = 0.5 * (y[t - half] + y[t + half]);
      for (let j = t - half + 1; j < t + half; j++) s += y[j];
      trend = s / m;
    } else {
      let s = 0;
      for (let j = t - half; j <= t + half; j++) s += y[j];
      trend = s / m;
    }
    sums[t % m] += y[t] / trend;
    counts[t % m] += 1;
  }
  const raw = sums.map((s, i) => (counts[i] ? s / counts[i] : 1));
  const mean = raw.reduce((a, b) => a + b, 0) / m;
  return raw.map((v) => v / mean);
}

export interface SeasonalAdjustment {
  /** seasonally adjusted history */
  adjusted: number[];
  /** the factor for future step h (1-based) */
  factor(h: number): number;
  seasonal: boolean;
}

/** Test for seasonality and, when present, divide it out; otherwise factors are 1. */
export function seasonalAdjust(y: readonly number[], m: number): SeasonalAdjustment {
  if (!isSeasonal(y, m)) return { adjusted: [...y], factor: () => 1, seasonal: false };
  const idx = seasonalIndices(y, m);
  const n = y.length;
  return {
    adjusted: y.map((v, t) => v / idx[t % m]),
    factor: (h) => idx[(n - 1 + h) % m],
    seasonal: true,
  };
}
