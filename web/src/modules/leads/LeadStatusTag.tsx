import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LeadStatus } from '@tuoke/shared';

const COLORS: Record<LeadStatus, string> = {
  new: 'blue',
  contacted: 'cyan',
  qualified: 'green',
  disqualified: 'default',
  converted: 'purple',
};

export function LeadStatusTag({ status }: { status: LeadStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`enums.leadStatus.${status}`)}
    </Tag>
  );
}
