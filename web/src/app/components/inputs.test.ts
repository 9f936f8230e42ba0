import { describe, expect, it } from 'vitest';
import { yuanText } from './inputs';

describe('yuanText', () => {
  it('shows a value with both decimals, grouped by thousands', () => {
    expect(yuanText(1008716.8, false)).toBe('1,008,716.80');
    expect(yuanText('5000000', false)).toBe('5,000,000.00');
    expect(yuanText(0, false)).toBe('0.00');
    expect(yuanText(999.995, false)).toBe('1,000.00');
  });

  it('leaves what is being typed as typed, and nothing as nothing', () => {
    expect(yuanText('1234.5', true)).toBe('1,234.5');
    expect(yuanText('12345.', true)).toBe('12,345.');
    expect(yuanText('', false)).toBe('');
    expect(yuanText(null, false)).toBe('');
  });
});
