import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { LEAD_SOURCE_CATEGORIES } from '@tuoke/shared';
import { useLeadSources } from './useLeadIntake';

type Props = Omit<SelectProps<string>, 'options'> & {
  /** Also offer deactivated sources (filters, and a record that still has one). */
  includeInactive?: boolean;
  /** Always offer this value, even when deactivated (the record's current source). */
  current?: string | null;
};

/** The organisation's lead sources, grouped by category, in the reader's language. */
export function SourceSelect({ includeInactive, current, ...rest }: Props) {
  const { t, i18n } = useTranslation();
  const { data, isLoading } = useLeadSources();
  const items = (data?.items ?? []).filter((s) => includeInactive || s.active || s.key === current);
  const options = LEAD_SOURCE_CATEGORIES.map((category) => ({
    label: t(`leadIntake.sources.category.${category}`),
    title: category,
    options: items
      .filter((s) => s.category === category)
      .map((s) => ({
        value: s.key,
        label: `${i18n.language === 'en' ? s.nameEn : s.nameZh}${s.active ? '' : ` (${t('leadIntake.sources.inactive')})`}`,
      })),
  })).filter((g) => g.options.length > 0);
  return (
    <Select<string>
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={isLoading}
      placeholder={t('fields.source')}
      {...rest}
      options={options}
    />
  );
}

/** Flat options for a list filter. */
export function useSourceOptions() {
  const { i18n } = useTranslation();
  const { data } = useLeadSources();
  return (data?.items ?? []).map((s) => ({
    value: s.key,
    label: i18n.language === 'en' ? s.nameEn : s.nameZh,
  }));
}
