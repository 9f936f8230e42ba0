export { ResultsService, monthsOf } from './results.service.js';
export {
  RESULT_METRICS,
  RESULT_DIMENSIONS,
  type ResultMetric,
  type ResultDimension,
  type ResultFilter,
  type ResultRow,
  type DateRange,
} from './results.repository.js';
