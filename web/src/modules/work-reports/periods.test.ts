import { describe, expect, it } from 'vitest';
import { periodLabel, todayInChina } from './periods';

const t = (key: string, o?: Record<string, unknown>) =>
  key === 'workReports.dayFormat'
    ? 'YYYY-MM-DD ddd'
    : key === 'workReports.shortDayFormat'
      ? 'MM-DD'
      : `${String(o?.from)}~${String(o?.to)}`;

describe('report periods in the web app', () => {
  it("takes today's date in China time, not the browser's", () => {
    // 2026-11-27 17:30 UTC is already Saturday the 28th in Shanghai
    expect(todayInChina(new Date('2026-11-27T17:30:00Z'))).toBe('2026-11-28');
    expect(todayInChina(new Date('2026-11-27T15:59:59Z'))).toBe('2026-11-27');
  });

  it('labels a day and a week', () => {
    expect(periodLabel(t, 'daily', '2026-11-27', '2026-11-27')).toMatch(/^2026-11-27 /);
    expect(periodLabel(t, 'weekly', '2026-11-23', '2026-11-29')).toBe('11-23~11-29');
  });
});
