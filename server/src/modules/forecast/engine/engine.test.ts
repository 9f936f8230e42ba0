import { describe, expect, it } from 'vitest';
import { isSeasonal, seasonalAdjust, seasonalIndices } from './decompose.js';
import { forecastAll, naive2, theta } from './methods.js';
import { nelderMead } from './optimise.js';
import { fitSmoothing } from './smoothing.js';

const pattern = [0.8, 1.2, 1.1, 0.9]; // mean 1

describe('seasonal decomposition', () => {
  it('recovers a known multiplicative pattern on a trending series', () => {
    const y = Array.from({ length: 48 }, (_, t) => (100 + 2 * t) * pattern[t % 4]);
    const idx = seasonalIndices(y, 4);
    idx.forEach((v, i) => expect(v).toBeCloseTo(pattern[i], 2));
    expect(isSeasonal(y, 4)).toBe(true);
    const sa = seasonalAdjust(y, 4);
    expect(sa.seasonal).toBe(true);
    // y has 48 points; step h lands on position 47 + h
    expect(sa.factor(1)).toBeCloseTo(pattern[0], 2);
    expect(sa.factor(2)).toBeCloseTo(pattern[1], 2);
  });
  it('does not flag noise or a short series as seasonal', () => {
    let seed = 7;
    const noise = Array.from({ length: 60 }, () => {
      seed = (seed * 16807) % 2147483647;
      return 100 + (seed / 2147483647 - 0.5) * 10;
    });
    expect(isSeasonal(noise, 4)).toBe(false);
    expect(isSeasonal([1, 2, 1, 2, 1], 4)).toBe(false);
  });
});

describe('exponential smoothing', () => {
  it('forecasts a constant series as that constant (SES, Holt, damped)', () => {
    const y = new Array<number>(30).fill(42);
    for (const trend of ['none', 'linear', 'damped'] as const) {
      for (const v of fitSmoothing(y, trend).forecast(6)) expect(v).toBeCloseTo(42, 4);
    }
  });
  it('Holt continues a straight line', () => {
    const y = Array.from({ length: 30 }, (_, t) => 5 + 3 * t);
    const f = fitSmoothing(y, 'linear').forecast(5);
    f.forEach((v, i) => expect(v).toBeCloseTo(5 + 3 * (30 + i), 3));
  });
  it('damped trend flattens out below the straight line', () => {
    const y = Array.from({ length: 30 }, (_, t) => 5 + 3 * t);
    const f = fitSmoothing(y, 'damped').forecast(20);
    expect(f[19]).toBeLessThan(5 + 3 * 49);
    expect(f[19]).toBeGreaterThan(f[0]);
  });
  it('SES on noise around a level forecasts near that level', () => {
    const y = Array.from({ length: 60 }, (_, t) => 100 + (t % 2 === 0 ? 1 : -1));
    const f = fitSmoothing(y, 'none').forecast(3);
    f.forEach((v) => expect(Math.abs(v - 100)).toBeLessThan(1.01));
  });
});

describe('Theta and Naive2', () => {
  it('Theta on a straight line: the last value plus a drift of half the slope', () => {
    // θ=2 line = the line itself, SES on it → last value 56; mean with the regression line 58, 60, …
    const y = Array.from({ length: 24 }, (_, t) => 10 + 2 * t);
    theta(y, 4, 1).forEach((v, i) => expect(v).toBeCloseTo(57 + i, 3));
  });
  it('Theta on a constant series forecasts the constant', () => {
    theta(new Array<number>(20).fill(7), 5, 4).forEach((v) => expect(v).toBeCloseTo(7, 6));
  });
  it('Naive2 repeats the seasonal pattern around the last adjusted level', () => {
    const y = Array.from({ length: 40 }, (_, t) => 50 * pattern[t % 4]);
    naive2(y, 8, 4).forEach((v, i) => expect(v).toBeCloseTo(50 * pattern[(40 + i) % 4], 6));
  });
  it('forecastAll gives every method h values', () => {
    const y = Array.from({ length: 40 }, (_, t) => (20 + t) * pattern[t % 4]);
    for (const f of Object.values(forecastAll(y, 6, 4))) {
      expect(f).toHaveLength(6);
      f.forEach((v) => expect(Number.isFinite(v)).toBe(true));
    }
  });
});

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const r = nelderMead(([x, y]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, [-1.2, 1], { maxIter: 2000 });
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
  });
});
