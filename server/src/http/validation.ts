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
  const validate = (httpPart === 'body' ? strict : coercing).compile(schema as object);
  if (!hasTimestamp(schema)) return validate as FastifyValidationResult;
  const normalizing = (data: unknown) => {
    const ok = validate(data);
    normalizing.errors = validate.errors;
    if (ok) toUtc(schema as Node, data);
    return ok;
  };
  normalizing.errors = validate.errors;
  return normalizing as FastifyValidationResult;
}

/*
 * Timestamps are stored as sent, and SQLite compares them as text, so every `date-time` a client
 * sends is rewritten to UTC (`2026-11-28T09:00:00+08:00` → `2026-11-28T01:00:00.000Z`) once it has
 * passed validation: the same instant always has the same text on both engines.
 */
interface Node {
  format?: string;
  properties?: Record<string, Node>;
  items?: Node;
  anyOf?: Node[];
  oneOf?: Node[];
  allOf?: Node[];
}

function hasTimestamp(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  const n = node as Node;
  if (n.format === 'date-time') return true;
  return (
    Object.values(n.properties ?? {}).some(hasTimestamp) ||
    hasTimestamp(n.items) ||
    [...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])].some(hasTimestamp)
  );
}

function toUtc(node: Node, data: unknown): unknown {
  if (typeof data === 'string') {
    const branches = [node, ...(node.anyOf ?? []), ...(node.oneOf ?? [])];
    if (!branches.some((b) => b.format === 'date-time')) return data;
    const at = new Date(data);
    return Number.isNaN(at.getTime()) ? data : at.toISOString();
  }
  if (Array.isArray(data)) {
    const item = node.items ?? node.anyOf?.find((b) => b.items)?.items;
    if (item) data.forEach((v, i) => (data[i] = toUtc(item, v)));
    return data;
  }
  if (data && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    const shapes = [node, ...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
    for (const shape of shapes) {
      for (const [key, child] of Object.entries(shape.properties ?? {})) {
        if (record[key] !== undefined) record[key] = toUtc(child, record[key]);
      }
    }
  }
  return data;
}
