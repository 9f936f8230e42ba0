import type { FastifySchema, FastifyValidationResult } from 'fastify/types/schema.js';
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';

/*
 * Two validators. Query strings and path parameters arrive as text, so `?limit=20` and
 * `?active=true` are coerced to their types. JSON bodies are typed already: `"100"` for an amount
 * or `true` for a quantity is a client bug and is refused, not quietly converted.
 * Unknown properties are refused everywhere (Fastify's default would strip them silently).
 */
const common: Options = { removeAdditional: false, allErrors: true, useDefaults: true, strict: false };
const coercing = addFormats.default(new Ajv({ ...common, coerceTypes: 'array' }));
const strict = addFormats.default(new Ajv({ ...common, coerceTypes: false }));

export function compileValidator({
  schema,
  httpPart,
}: {
  schema: FastifySchema;
  httpPart?: string;
}): FastifyValidationResult {
  return (httpPart === 'body' ? strict : coercing).compile(schema as object) as FastifyValidationResult;
}
