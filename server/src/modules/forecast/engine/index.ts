export { smape, mase, seasonalNaiveMae } from './metrics.js';
export { acf, isSeasonal, seasonalIndices, seasonalAdjust, type SeasonalAdjustment } from './decompose.js';
export { fitSmoothing, aicc, type SmoothingFit, type TrendKind } from './smoothing.js';
export {
  naive2,
  smoothing,
  theta,
  thetaAdjusted,
  linearFit,
  forecastAll,
  type MethodName,
} from './methods.js';
export { nelderMead } from './optimise.js';
