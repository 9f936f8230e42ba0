import { AutoComplete } from 'antd';
import { useTranslation } from 'react-i18next';
import { REGIONS } from '@tuoke/shared';

/** Region is free text, but the usual Chinese sales regions are one click away. */
export function RegionInput({
  value,
  onChange,
}: {
  value?: string | null;
  onChange?: (v: string | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <AutoComplete
      value={value ?? undefined}
      onChange={(v: string) => onChange?.(v || null)}
      options={REGIONS.map((r) => ({ value: r, label: t(`enums.region.${r}`) }))}
      allowClear
      maxLength={40}
    />
  );
}

export function useRegionOptions() {
  const { t } = useTranslation();
  return REGIONS.map((r) => ({ value: r, label: t(`enums.region.${r}`) }));
}
