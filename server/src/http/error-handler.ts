import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorBody, FieldError } from '@tuoke/shared';
import { AppError } from './errors.js';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Ajv issues -> field errors with a plain path (`name`, `items/0/quantity`). */
export function fieldErrorsFromAjv(issues: AjvIssue[], context?: string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of issues) {
    let path = issue.instancePath.replace(/^\//, '');
    let message = issue.message ?? 'is invalid';
    if (issue.keyword === 'required') {
      path = [path, String(issue.params.missingProperty)].filter(Boolean).join('/');
      message = 'is required';
    } else if (issue.keyword === 'additionalProperties') {
      path = [path, String(issue.params.additionalProperty)].filter(Boolean).join('/');
      message = 'is not a known field';
    } else if (issue.keyword === 'enum') {
      message = `must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}`;
    } else if (issue.keyword === 'format' && issue.params.format === 'date') {
      message = 'must be a real date, YYYY-MM-DD';
    }
    if (!path) path = context ?? 'body';
    // anyOf (nullable) repeats the same path; keep the first, most specific message
    if (seen.has(path)) continue;
    if (issue.keyword === 'anyOf' || (issue.keyword === 'type' && message === 'must be null')) continue;
    seen.add(path);
    out.push({ path, message });
  }
  return out;
}

function envelope(code: ErrorBody['error']['code'], message: string, fields?: FieldError[]): ErrorBody {
  return { error: fields && fields.length > 0 ? { code, message, fields } : { code, message } };
}

/** Database constraint errors that reach here mean the client sent a conflicting value. */
function databaseError(err: { code?: string; message?: string }): { status: number; body: ErrorBody } | null {
  const code = String(err.code ?? '');
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return { status: 409, body: envelope('conflict', 'A record with the same unique value already exists') };
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
    return { status: 400, body: envelope('bad_request', 'A referenced record does not exist') };
  return null;
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validationContext?: string }, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(envelope(err.code, err.message, err.fields));
    }
    if (err.validation) {
      const fields = fieldErrorsFromAjv(err.validation as AjvIssue[], err.validationContext);
      const where = err.validationContext === 'querystring' ? 'query parameters' : err.validationContext;
      return reply
        .status(400)
        .send(envelope('validation_failed', `Some ${where ?? 'input'} values are not valid`, fields));
    }
    const db = databaseError(err as never);
    if (db) return reply.status(db.status).send(db.body);
    const status = err.statusCode ?? 500;
    if (status === 413)
      return reply.status(413).send(envelope('payload_too_large', 'The request body is too large'));
    if (status === 415)
      return reply.status(415).send(envelope('bad_request', 'Send JSON (Content-Type: application/json)'));
    if (status === 429) return reply.status(429).send(envelope('too_many_requests', err.message));
    if (status >= 400 && status < 500) {
      const message = err.code?.startsWith('FST_ERR_CTP')
        ? 'The request body is not valid JSON'
        : err.message;
      return reply.status(status).send(envelope('bad_request', message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send(envelope('internal', 'Something went wrong on our side; it has been logged'));
  });
}
