export { SegmentsService, toSegment, type SegmentListFilter } from './segments.service.js';
export { segmentsRoutes } from './segments.routes.js';
export type { AudienceRow } from './segments.repository.js';
