import { describe, expect, it } from 'vitest';
import { rmbUppercase } from './rmb.js';

describe('rmbUppercase (人民币大写)', () => {
  it.each([
    [0, '零元整'],
    [1, '壹分'],
    [10, '壹角'],
    [11, '壹角壹分'],
    [100, '壹元整'],
    [101, '壹元零壹分'],
    [110, '壹元壹角'],
    [1_000, '壹拾元整'],
    [1_050, '壹拾元伍角'],
    [10_005, '壹佰元零伍分'],
    [123_456, '壹仟贰佰叁拾肆元伍角陆分'],
    [1_000_000, '壹万元整'],
    [100_100, '壹仟零壹元整'],
    [101_000, '壹仟零壹拾元整'],
    [1_000_100, '壹万零壹元整'],
    [1_001_000, '壹万零壹拾元整'],
    [1_010_000, '壹万零壹佰元整'],
    [1_100_000, '壹万壹仟元整'],
    [10_000_000, '壹拾万元整'],
    [10_000_100, '壹拾万零壹元整'],
    [100_000_000, '壹佰万元整'],
    [1_001_000_000, '壹仟零壹万元整'],
    [10_000_000_000, '壹亿元整'],
    [10_000_000_100, '壹亿零壹元整'],
    [10_001_000_000, '壹亿零壹万元整'],
    [12_345_678_900, '壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整'],
    [123_400_005_678_00, '壹仟贰佰叁拾肆亿零伍仟陆佰柒拾捌元整'],
    [100_000_000_000_000, '壹万亿元整'],
    [-1_050, '负壹拾元伍角'],
  ])('%i fen → %s', (fen, words) => {
    expect(rmbUppercase(fen)).toBe(words);
  });

  it('reads every amount up to ¥1,000.00 and a sweep beyond without doubled or trailing 零', () => {
    const digits = '零壹贰叁肆伍陆柒捌玖';
    const bad: string[] = [];
    for (let fen = 1; fen <= 100_000; fen++) check(fen);
    for (let fen = 100_000; fen < 1e13; fen = fen * 3 + 7) check(fen);
    expect(bad).toEqual([]);
    function check(fen: number) {
      const w = rmbUppercase(fen);
      const yuan = Math.floor(fen / 100);
      // the digits written, read back, give the yuan figure's non-zero digits in order
      const written = [...w.split('元')[0]!].filter((c) => digits.indexOf(c) > 0).join('');
      const expected = [...String(yuan)]
        .filter((d) => d !== '0')
        .map((d) => digits[Number(d)])
        .join('');
      const ok =
        !/零零|零元|零[万亿]|^零[^元]/.test(w) &&
        /(整|角|分)$/.test(w) &&
        (yuan === 0 || written === expected) &&
        w.endsWith('整') === (fen % 100 === 0);
      if (!ok) bad.push(`${fen} → ${w}`);
    }
  });

  it('refuses fractions of a fen', () => {
    expect(() => rmbUppercase(1.5)).toThrow(RangeError);
  });
});
