import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { VIEWS, type View } from '@tuoke/shared';

/** The saved views every owned list has: 我负责的 / 下属负责的 / 全部. */
export function ViewTabs({ value, onChange }: { value: View; onChange: (view: View) => void }) {
  const { t } = useTranslation();
  return (
    <Segmented<View>
      data-testid="view-tabs"
      value={value}
      onChange={onChange}
      options={VIEWS.map((v) => ({
        value: v,
        label: <span data-testid={`view-${v}`}>{t(`views.${v}`)}</span>,
      }))}
    />
  );
}
