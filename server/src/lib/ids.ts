import { uuidv7 } from 'uuidv7';

/** New row id: UUIDv7, time-ordered so inserts stay at the end of the primary-key index. */
export function newId(): string {
  return uuidv7();
}

export function nowIso(): string {
  return new Date().toISOString();
}
