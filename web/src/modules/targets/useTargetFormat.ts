import { useCallback } from 'react';
import { MONEY_METRICS, type TargetLevel, type TargetMetric } from '@tuoke/shared';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';

export const LEVEL_COLOR: Record<TargetLevel, string> = {
  none: 'default',
  target: 'green',
  stretch: 'blue',
  challenge: 'gold',
};

export const isMoney = (metric: TargetMetric) => MONEY_METRICS.includes(metric);

/** A target's number in its metric's unit: money, a share in %, or a count. */
export function useTargetFormat() {
  const fmt = useFormat();
  const { i18n } = useTranslation();
  const value = useCallback(
    (metric: TargetMetric, v: number | null | undefined, currency?: string, compact = false) => {
      if (v === null || v === undefined) return '—';
      if (isMoney(metric)) return fmt.money(v, currency, compact);
      if (metric === 'market_share') return `${(v / 100).toFixed(2)}%`;
      return new Intl.NumberFormat(i18n.language).format(v);
    },
    [fmt, i18n.language],
  );
  const pct = useCallback(
    (bp: number | null | undefined) => (bp === null || bp === undefined ? '—' : `${(bp / 100).toFixed(1)}%`),
    [],
  );
  return { value, pct, fmt };
}
