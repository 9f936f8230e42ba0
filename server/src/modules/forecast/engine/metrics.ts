/**
 * Accuracy metrics as used in the M3/M4 competitions.
 * sMAPE: mean of 200·|y − f| / (|y| + |f|) over the horizon (0 when both are 0).
 * MASE: mean |y − f| over the horizon divided by the in-sample MAE of the seasonal naive
 * forecast with lag m (lag 1 when the history is not longer than m).
 */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  if (actual.length !== forecast.length || actual.length === 0) throw new Error('smape: length mismatch');
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const denom = Math.abs(actual[i]) + Math.abs(forecast[i]);
    sum += denom === 0 ? 0 : (200 * Math.abs(actual[i] - forecast[i])) / denom;
  }
  return sum / actual.length;
}

/** In-sample MAE of the seasonal naive forecast y[t−m]; lag 1 when the series is too short. */
export function seasonalNaiveMae(insample: readonly number[], m: number): number {
  const lag = insample.length > m ? m : 1;
  let sum = 0;
  for (let t = lag; t < insample.length; t++) sum += Math.abs(insample[t] - insample[t - lag]);
  return sum / (insample.length - lag);
}

export function mase(
  insample: readonly number[],
  actual: readonly number[],
  forecast: readonly number[],
  m: number,
): number {
  if (actual.length !== forecast.length || actual.length === 0) throw new Error('mase: length mismatch');
  const scale = seasonalNaiveMae(insample, m);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - forecast[i]);
  return sum / actual.length / scale;
}
