import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CampaignStatus, CampaignType } from '@tuoke/shared';

const TYPE_COLOR: Record<CampaignType, string> = { email: 'geekblue', event: 'purple', other: 'default' };
const STATUS_COLOR: Record<CampaignStatus, string> = {
  planned: 'default',
  active: 'processing',
  completed: 'success',
};

export function CampaignTypeTag({ type }: { type: CampaignType }) {
  const { t } = useTranslation();
  return <Tag color={TYPE_COLOR[type]}>{t(`campaigns.types.${type}`)}</Tag>;
}

export function CampaignStatusTag({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`campaigns.statuses.${status}`)}</Tag>;
}

/** Return on cost in basis points as a signed percentage; green when positive. */
export function RoiValue({ bp, strong }: { bp: number | null; strong?: boolean }) {
  const { t } = useTranslation();
  if (bp === null)
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('campaigns.roi.noCost')}
      </Typography.Text>
    );
  const pct = (bp / 100).toLocaleString(undefined, { maximumFractionDigits: 1 });
  return (
    <Typography.Text strong={strong} type={bp < 0 ? 'danger' : 'success'}>
      {bp > 0 ? '+' : ''}
      {pct}%
    </Typography.Text>
  );
}
