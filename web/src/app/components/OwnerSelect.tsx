import { useTranslation } from 'react-i18next';
import { RecordSelect } from './RecordSelect';

/** Picks an active user; `knownName` labels the current owner before the list loads. */
export function OwnerSelect({
  value,
  onChange,
  knownId,
  knownName,
  allowClear = false,
  placeholder,
  testId,
}: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  knownId?: string | null;
  knownName?: string | null;
  allowClear?: boolean;
  placeholder?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <RecordSelect
      resource="users"
      params={{ active: true }}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as string | undefined) ?? null)}
      knownLabels={knownId && knownName ? { [knownId]: knownName } : undefined}
      allowClear={allowClear}
      placeholder={placeholder ?? t('fields.owner')}
      data-testid={testId}
    />
  );
}
