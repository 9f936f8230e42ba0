import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { formatMoney } from '@tuoke/shared';
import { useAuth } from './auth';

export interface Formatters {
  locale: string;
  money: (minor: number | null | undefined, currency?: string, compact?: boolean) => string;
  date: (value: string | null | undefined) => string;
  dateTime: (value: string | null | undefined) => string;
  relative: (value: string | null | undefined) => string;
}

export function createFormatters(locale: string, defaultCurrency: string): Formatters {
  return {
    locale,
    money: (minor, currency, compact) =>
      minor === null || minor === undefined
        ? '—'
        : formatMoney(minor, currency ?? defaultCurrency, locale, compact === undefined ? {} : { compact }),
    date: (value) => (value ? dayjs(value).format(locale === 'zh-CN' ? 'YYYY年M月D日' : 'MMM D, YYYY') : '—'),
    dateTime: (value) =>
      value ? dayjs(value).format(locale === 'zh-CN' ? 'YYYY-MM-DD HH:mm' : 'MMM D, YYYY HH:mm') : '—',
    relative: (value) => (value ? dayjs(value).fromNow() : '—'),
  };
}

/** Money, dates and times in the reader's language; money in the organisation's currency by default. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const { me } = useAuth();
  const currency = me?.organization.currency ?? 'CNY';
  return useMemo(() => createFormatters(i18n.language, currency), [i18n.language, currency]);
}

/** Label for a value of a closed list, e.g. enumLabel('industry', 'it'). */
export function useEnumLabel() {
  const { t } = useTranslation();
  return useCallback(
    (group: string, value: string | null | undefined) =>
      value === null || value === undefined || value === ''
        ? '—'
        : t(`enums.${group}.${value}`, { defaultValue: value }),
    [t],
  );
}
