import { describe, expect, it } from 'vitest';
import { previewContractNumber } from './useContractSettings';

describe('previewContractNumber', () => {
  it('is prefix, date and the four-digit sequence, as the server numbers contracts', () => {
    expect(previewContractNumber('HT', new Date(2026, 10, 27))).toBe('HT-20261127-0001');
    expect(previewContractNumber('SH2', new Date(2027, 0, 5), 42)).toBe('SH2-20270105-0042');
  });
});
