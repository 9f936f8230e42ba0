/**
 * Forecasting methods on a seasonal series: each tests for seasonality (M4 rule), works on the
 * seasonally adjusted data and reseasonalises its forecasts.
 */
import { seasonalAdjust, type SeasonalAdjustment } from './decompose.js';
import { aicc, fitSmoothing, type TrendKind } from './smoothing.js';

export type MethodName = 'naive2' | 'ses' | 'holt' | 'damped' | 'theta' | 'comb' | 'ets' | 'shdt';

function reseasonalise(sa: SeasonalAdjustment, f: readonly number[]): number[] {
  return f.map((v, i) => v * sa.factor(i + 1));
}

/** Naive on the seasonally adjusted data: the last adjusted value, reseasonalised. */
export function naive2(y: readonly number[], h: number, m: number): number[] {
  const sa = seasonalAdjust(y, m);
  const last = sa.adjusted[sa.adjusted.length - 1];
  return reseasonalise(sa, new Array<number>(h).fill(last));
}

export function smoothing(y: readonly number[], h: number, m: number, trend: TrendKind): number[] {
  const sa = seasonalAdjust(y, m);
  return reseasonalise(sa, fitSmoothing(sa.adjusted, trend).forecast(h));
}

/**
 * Theta method (Assimakopoulos & Nikolopoulos 2000) in the form of the M4 benchmark: the mean of
 * the linear regression line (θ = 0) extrapolated and SES on the θ = 2 line (2·y − trend line).
 * Equivalent to SES with a drift of half the regression slope.
 */
export function thetaAdjusted(y: readonly number[], h: number): number[] {
  const n = y.length;
  const { a, b } = linearFit(y);
  const thetaLine = y.map((v, t) => 2 * v - (a + b * t));
  const ses = fitSmoothing(thetaLine, 'none').forecast(h);
  return ses.map((v, i) => 0.5 * v + 0.5 * (a + b * (n + i)));
}

export function theta(y: readonly number[], h: number, m: number): number[] {
  const sa = seasonalAdjust(y, m);
  return reseasonalise(sa, thetaAdjusted(sa.adjusted, h));
}

/** Least-squares line a + b·t over t = 0…n−1. */
export function linearFit(y: readonly number[]): { a: number; b: number } {
  const n = y.length;
  if (n < 2) return { a: y[0] ?? 0, b: 0 };
  const tMean = (n - 1) / 2;
  let yMean = 0;
  for (const v of y) yMean += v;
  yMean /= n;
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t++) {
    num += (t - tMean) * (y[t] - yMean);
    den += (t - tMean) ** 2;
  }
  const b = num / den;
  return { a: yMean - b * tMean, b };
}

function mean(rows: number[][]): number[] {
  return rows[0].map((_, i) => rows.reduce((s, r) => s + r[i], 0) / rows.length);
}

/** All methods at once, sharing one seasonal adjustment and one fit per smoothing model. */
export function forecastAll(y: readonly number[], h: number, m: number): Record<MethodName, number[]> {
  const sa = seasonalAdjust(y, m);
  const x = sa.adjusted;
  const fits = {
    ses: fitSmoothing(x, 'none'),
    holt: fitSmoothing(x, 'linear'),
    damped: fitSmoothing(x, 'damped'),
  };
  const ses = fits.ses.forecast(h);
  const holt = fits.holt.forecast(h);
  const damped = fits.damped.forecast(h);
  const th = thetaAdjusted(x, h);
  const best = Object.values(fits).reduce((a, b) => (aicc(b, x.length) < aicc(a, x.length) ? b : a));
  const adjusted: Record<MethodName, number[]> = {
    naive2: new Array<number>(h).fill(x[x.length - 1]),
    ses,
    holt,
    damped,
    theta: th,
    comb: mean([ses, holt, damped]),
    ets: best.forecast(h),
    shdt: mean([ses, damped, th]),
  };
  const out = {} as Record<MethodName, number[]>;
  for (const [k, v] of Object.entries(adjusted)) out[k as MethodName] = reseasonalise(sa, v);
  return out;
}
