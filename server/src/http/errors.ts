import type { ErrorCode, FieldError } from '@tuoke/shared';

/** A failure the client caused or must know about; the error handler turns it into the envelope. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fields?: FieldError[]) =>
  new AppError(400, fields ? 'validation_failed' : 'bad_request', message, fields);
export const invalidField = (path: string, message: string) =>
  new AppError(400, 'validation_failed', message, [{ path, message }]);
export const unauthorized = (message = 'Not signed in') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, fields?: FieldError[]) =>
  new AppError(409, 'conflict', message, fields);
export const stale = (what: string) =>
  new AppError(409, 'stale', `${what} was changed by someone else; reload it and apply your change again`, [
    { path: 'version', message: 'out of date' },
  ]);
/** 409: the deal may not move forward yet; `fields` lists each missing field or checklist item. */
export const stageRequirements = (message: string, fields: FieldError[]) =>
  new AppError(409, 'stage_requirements', message, fields);
export const tooManyRequests = (message: string) => new AppError(429, 'too_many_requests', message);
