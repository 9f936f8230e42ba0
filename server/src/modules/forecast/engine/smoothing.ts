/**
 * Additive-error exponential smoothing without seasonality: SES, Holt (linear trend) and damped
 * trend (Gardner & McKenzie). Smoothing parameters and initial states are chosen by minimising
 * the in-sample sum of squared one-step errors with Nelder–Mead; parameters outside their bounds
 * cost +∞.
 *   level  l_t = α·y_t + (1−α)(l_{t−1} + φ·b_{t−1})
 *   trend  b_t = β(l_t − l_{t−1}) + (1−β)·φ·b_{t−1}
 *   ŷ_{n+h} = l_n + (φ + φ² + … + φ^h)·b_n          (SES: b = 0; Holt: φ = 1)
 */
import { nelderMead } from './optimise.js';

export type TrendKind = 'none' | 'linear' | 'damped';

export interface SmoothingFit {
  trend: TrendKind;
  alpha: number;
  beta: number;
  phi: number;
  level: number;
  slope: number;
  sse: number;
  /** one-step-ahead fitted values, fitted[t] is the forecast of y[t] */
  fitted: number[];
  /** number of estimated parameters (smoothing + initial states) */
  k: number;
  forecast(h: number): number[];
}

const PHI_MIN = 0.8;
const PHI_MAX = 0.98;

function run(
  y: readonly number[],
  alpha: number,
  beta: number,
  phi: number,
  l0: number,
  b0: number,
  fitted?: number[],
): { sse: number; level: number; slope: number } {
  let l = l0;
  let b = b0;
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const f = l + phi * b;
    if (fitted) fitted[t] = f;
    const e = y[t] - f;
    sse += e * e;
    const lNew = f + alpha * e;
    b = beta * (lNew - l) + (1 - beta) * phi * b;
    l = lNew;
  }
  return { sse, level: l, slope: b };
}

function inUnit(x: number, lo = 1e-4, hi = 1 - 1e-4): boolean {
  return x >= lo && x <= hi;
}

export function fitSmoothing(y: readonly number[], trend: TrendKind): SmoothingFit {
  if (y.length === 0) throw new Error('fitSmoothing: empty series');
  const n = y.length;
  const l0Guess = y[0];
  const w = Math.min(n - 1, 4);
  const b0Guess = trend === 'none' || w < 1 ? 0 : (y[w] - y[0]) / w;
  const scale = Math.max(Math.abs(l0Guess), 1e-6);

  let params: { alpha: number; beta: number; phi: number; l0: number; b0: number };
  if (n === 1) {
    params = { alpha: 0.5, beta: 0, phi: 1, l0: y[0], b0: 0 };
  } else if (trend === 'none') {
    const r = nelderMead(([a, l0]) => (inUnit(a) ? run(y, a, 0, 1, l0, 0).sse : Infinity), [0.3, l0Guess], {
      step: [0.2, 0.1 * scale],
    });
    params = { alpha: r.x[0], beta: 0, phi: 1, l0: r.x[1], b0: 0 };
  } else if (trend === 'linear') {
    const r = nelderMead(
      ([a, b, l0, b0]) => (inUnit(a) && inUnit(b) ? run(y, a, b, 1, l0, b0).sse : Infinity),
      [0.3, 0.1, l0Guess, b0Guess],
      { step: [0.2, 0.05, 0.1 * scale, 0.01 * scale + Math.abs(b0Guess) * 0.1] },
    );
    params = { alpha: r.x[0], beta: r.x[1], phi: 1, l0: r.x[2], b0: r.x[3] };
  } else {
    const r = nelderMead(
      ([a, b, p, l0, b0]) =>
        inUnit(a) && inUnit(b) && p >= PHI_MIN && p <= PHI_MAX ? run(y, a, b, p, l0, b0).sse : Infinity,
      [0.3, 0.1, 0.9, l0Guess, b0Guess],
      { step: [0.2, 0.05, 0.04, 0.1 * scale, 0.01 * scale + Math.abs(b0Guess) * 0.1] },
    );
    params = { alpha: r.x[0], beta: r.x[1], phi: r.x[2], l0: r.x[3], b0: r.x[4] };
  }

  const fitted = new Array<number>(n);
  const { sse, level, slope } = run(y, params.alpha, params.beta, params.phi, params.l0, params.b0, fitted);
  const k = trend === 'none' ? 2 : trend === 'linear' ? 4 : 5;
  return {
    trend,
    alpha: params.alpha,
    beta: params.beta,
    phi: params.phi,
    level,
    slope,
    sse,
    fitted,
    k,
    forecast(h: number) {
      const out: number[] = [];
      let damp = 0;
      let pow = 1;
      for (let i = 1; i <= h; i++) {
        pow *= params.phi;
        damp += trend === 'none' ? 0 : pow;
        out.push(level + damp * slope);
      }
      return out;
    },
  };
}

/** AICc of a Gaussian fit: n·ln(SSE/n) + 2k + 2k(k+1)/(n−k−1), with k counting the variance. */
export function aicc(fit: SmoothingFit, n: number): number {
  const k = fit.k + 1;
  if (n - k - 1 <= 0) return Infinity;
  return n * Math.log(Math.max(fit.sse, 1e-300) / n) + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
}
