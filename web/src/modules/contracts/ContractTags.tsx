import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ContractStatus, PaymentStatus } from '@tuoke/shared';

const STATUS_COLORS: Record<ContractStatus, string> = {
  draft: 'default',
  pending_approval: 'gold',
  active: 'blue',
  expired: 'orange',
  voided: 'default',
};
const PAYMENT_COLORS: Record<PaymentStatus, string> = {
  pending: 'default',
  partial: 'processing',
  completed: 'success',
  overdue: 'error',
  voided: 'default',
};

export function ContractStatusTag({ status }: { status: ContractStatus }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={STATUS_COLORS[status]}
      style={status === 'voided' ? { textDecoration: 'line-through' } : undefined}
    >
      {t(`contracts.statuses.${status}`)}
    </Tag>
  );
}

export function PaymentStatusTag({ status }: { status: PaymentStatus }) {
  const { t } = useTranslation();
  return <Tag color={PAYMENT_COLORS[status]}>{t(`payments.statuses.${status}`)}</Tag>;
}
