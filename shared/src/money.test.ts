import { describe, expect, it } from 'vitest';
import { formatMoney, toMajor, toMinor } from './money.js';

describe('money', () => {
  it('converts between yuan and fen without float drift', () => {
    expect(toMinor(19.99)).toBe(1999);
    expect(toMinor(0.1 + 0.2)).toBe(30);
    expect(toMajor(1999)).toBe(19.99);
  });

  it('reads large amounts in 万 and 亿 for Chinese users', () => {
    expect(formatMoney(128_500_000, 'CNY', 'zh-CN')).toBe('¥128.5万');
    expect(formatMoney(350_000_000_000, 'CNY', 'zh-CN')).toBe('¥35亿');
    expect(formatMoney(999_900, 'CNY', 'zh-CN')).toBe('¥9,999');
    expect(formatMoney(-2_000_000, 'CNY', 'zh-CN')).toBe('-¥2万');
  });

  it('groups digits in English, and shortens only when asked', () => {
    expect(formatMoney(128_500_000, 'CNY', 'en')).toBe('¥1,285,000');
    expect(formatMoney(128_500_000, 'USD', 'en', { compact: true })).toBe('$1.29M');
    expect(formatMoney(12_345, 'EUR', 'en')).toBe('€123.45');
  });
});
