import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QuoteStatus } from '@tuoke/shared';

const COLORS: Record<QuoteStatus, string> = {
  draft: 'default',
  pending_approval: 'orange',
  approved: 'blue',
  sent: 'geekblue',
  accepted: 'green',
  declined: 'red',
  expired: 'default',
  superseded: 'default',
};

export function QuoteStatusTag({ status }: { status: QuoteStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]}>{t(`quotes.status.${status}`)}</Tag>;
}
