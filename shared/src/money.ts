/** Money is integer minor units (fen for CNY) plus an ISO 4217 currency code. */

export const DEFAULT_CURRENCY = 'CNY';
export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP'] as const;
export type Currency = (typeof CURRENCIES)[number];

const SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: '¥', GBP: '£' };

export function toMinor(major: number): number {
  return Math.round(major * 100);
}

export function toMajor(minor: number): number {
  return minor / 100;
}

/**
 * Formats minor units for people. In zh-CN, amounts of 10,000 or more read in 万 (and 亿),
 * as Chinese sales teams say them: ¥128.5万. Elsewhere, grouped digits: ¥1,285,000.
 */
export function formatMoney(
  minor: number,
  currency: string = DEFAULT_CURRENCY,
  locale: string = 'zh-CN',
  opts: { compact?: boolean } = {},
): string {
  const major = minor / 100;
  const symbol = SYMBOLS[currency] ?? `${currency} `;
  const sign = major < 0 ? '-' : '';
  const abs = Math.abs(major);
  const absMinor = Math.abs(minor);
  if (locale.startsWith('zh') && opts.compact !== false) {
    if (abs >= 1e8) return `${sign}${symbol}${inUnits(absMinor, 1e8)}亿`;
    if (abs >= 1e4) return `${sign}${symbol}${inUnits(absMinor, 1e4)}万`;
  } else if (opts.compact) {
    if (abs >= 1e6) return `${sign}${symbol}${inUnits(absMinor, 1e6)}M`;
    if (abs >= 1e3) return `${sign}${symbol}${inUnits(absMinor, 1e3)}K`;
  }
  const digits = abs.toLocaleString('en-US', {
    minimumFractionDigits: abs % 1 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  });
  return `${sign}${symbol}${digits}`;
}

/** Minor units in a unit of `unit` yuan, two decimals, rounded half up on integers (no float drift). */
function inUnits(absMinor: number, unit: number): string {
  const hundredths = Math.round(absMinor / unit);
  return (hundredths / 100).toFixed(2).replace(/\.?0+$/, '');
}
