import { invalidField } from '../http/errors.js';

/** Rejects impossible calendar dates (2026-02-30) that a pattern alone lets through. */
export function checkDate(value: string | null, field: string): string | null {
  if (value === null) return null;
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    throw invalidField(field, 'is not a real date');
  return value;
}
