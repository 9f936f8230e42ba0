import { DatePicker, InputNumber, type InputNumberProps } from 'antd';
import dayjs from 'dayjs';

/**
 * How the money input shows yuan: grouped by thousands, and with both decimals once it is a value
 * (¥1,008,716.80); what the user is typing stays as typed.
 */
export function yuanText(v: number | string | undefined | null, typing: boolean): string {
  if (v === undefined || v === null || `${v}` === '') return '';
  const text = typing || Number.isNaN(Number(v)) ? `${v}` : Number(v).toFixed(2);
  const [whole = '', decimals] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return decimals === undefined ? grouped : `${grouped}.${decimals}`;
}

/** Edits money in yuan while the form value stays integer fen, as the API wants. */
export function MoneyInput({
  value,
  onChange,
  ...rest
}: Omit<InputNumberProps<number>, 'value' | 'onChange'> & {
  value?: number | null;
  onChange?: (fen: number | null) => void;
}) {
  return (
    <InputNumber<number>
      min={0}
      step={100}
      precision={2}
      style={{ width: '100%' }}
      prefix="¥"
      {...rest}
      value={value === null || value === undefined ? null : value / 100}
      onChange={(yuan) => onChange?.(yuan === null || yuan === undefined ? null : Math.round(yuan * 100))}
      formatter={(v, info) => yuanText(v, info.userTyping)}
      parser={(v) => Number((v ?? '').replace(/[,\s¥]/g, '')) as number}
    />
  );
}

/** A calendar date as `YYYY-MM-DD`. */
export function DateInput({
  id,
  value,
  onChange,
  placeholder,
}: {
  /** From Form.Item, so the field's label points at the input. */
  id?: string;
  value?: string | null;
  onChange?: (v: string | null) => void;
  placeholder?: string;
}) {
  return (
    <DatePicker
      id={id}
      style={{ width: '100%' }}
      placeholder={placeholder}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)}
    />
  );
}

/** A moment as an ISO UTC timestamp, picked in local time. */
export function DateTimeInput({
  id,
  value,
  onChange,
  placeholder,
}: {
  id?: string;
  value?: string | null;
  onChange?: (v: string | null) => void;
  placeholder?: string;
}) {
  return (
    <DatePicker
      id={id}
      showTime={{ format: 'HH:mm', minuteStep: 5 }}
      format="YYYY-MM-DD HH:mm"
      style={{ width: '100%' }}
      placeholder={placeholder}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.toDate().toISOString() : null)}
    />
  );
}
