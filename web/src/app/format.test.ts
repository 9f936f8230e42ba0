import { describe, expect, it } from 'vitest';
import { createFormatters } from './format';

describe('money display', () => {
  it('reads large amounts in 万 and 亿 in Chinese', () => {
    const fmt = createFormatters('zh-CN', 'CNY');
    expect(fmt.money(128_500_000)).toBe('¥128.5万');
    expect(fmt.money(250_000_000_000)).toBe('¥25亿');
    expect(fmt.money(999_900)).toBe('¥9,999');
  });

  it('groups digits in English and can spell out Chinese amounts in full', () => {
    expect(createFormatters('en', 'CNY').money(128_500_000)).toBe('¥1,285,000');
    expect(createFormatters('zh-CN', 'CNY').money(128_500_000, undefined, false)).toBe('¥1,285,000');
  });

  it('uses the record currency when given, and a dash for no amount', () => {
    const fmt = createFormatters('en', 'CNY');
    expect(fmt.money(1_050, 'USD')).toBe('$10.50');
    expect(fmt.money(null)).toBe('—');
  });
});
