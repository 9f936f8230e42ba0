import { describe, expect, it } from 'vitest';
import {
  chinaDate,
  chinaTime,
  fromLocalInput,
  mondayOf,
  shiftWeek,
  toLocalInput,
  weekDays,
} from './useVisits';

describe('visit weeks and times (China time, wherever the browser is)', () => {
  it('finds the Monday of the China-time week', () => {
    // Sunday 23:30 UTC is already Monday 07:30 in China
    expect(mondayOf('2026-11-29T23:30:00Z')).toBe('2026-11-30');
    expect(mondayOf('2026-11-29T15:59:59Z')).toBe('2026-11-23');
    expect(mondayOf('2026-11-23T00:00:00+08:00')).toBe('2026-11-23');
    expect(shiftWeek('2026-11-23', -1)).toBe('2026-11-16');
    expect(weekDays('2026-11-23')).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
  });

  it('round-trips a datetime-local value as China wall-clock time', () => {
    expect(fromLocalInput('2026-11-25T10:00')).toBe('2026-11-25T02:00:00.000Z');
    expect(toLocalInput('2026-11-25T02:00:00.000Z')).toBe('2026-11-25T10:00');
    expect(chinaDate('2026-11-25T17:00:00.000Z')).toBe('2026-11-26');
    expect(chinaTime('2026-11-25T17:05:00.000Z')).toBe('01:05');
    expect(fromLocalInput('')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });
});
