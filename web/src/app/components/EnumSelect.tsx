import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';

type EnumSelectProps = Omit<SelectProps<string>, 'options'> & {
  /** i18n group under `enums.` */
  group: string;
  values: readonly string[];
};

/** A Select over a closed list from @tuoke/shared, with translated labels. */
export function EnumSelect({ group, values, ...rest }: EnumSelectProps) {
  const { t } = useTranslation();
  return (
    <Select<string>
      allowClear
      {...rest}
      options={values.map((v) => ({ value: v, label: t(`enums.${group}.${v}`, { defaultValue: v }) }))}
    />
  );
}
