import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { daysUntil } from './useReminders';

describe('daysUntil', () => {
  const today = dayjs('2026-11-27T15:30:00');
  it('counts whole days from today, whatever the hour', () => {
    expect(daysUntil('2026-11-27', today)).toBe(0);
    expect(daysUntil('2026-11-28', today)).toBe(1);
    expect(daysUntil('2026-12-27', today)).toBe(30);
  });
  it('is negative once the date has passed', () => {
    expect(daysUntil('2026-11-25', today)).toBe(-2);
  });
});
