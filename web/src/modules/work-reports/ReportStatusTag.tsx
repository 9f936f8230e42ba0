import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportState, WorkReport } from '@tuoke/shared';

export const STATE_COLORS: Record<ReportState, { color: string; background: string; border: string }> = {
  on_time: { color: '#15803d', background: '#f0fdf4', border: '#bbf7d0' },
  late: { color: '#b45309', background: '#fffbeb', border: '#fde68a' },
  missing: { color: '#b91c1c', background: '#fef2f2', border: '#fca5a5' },
  pending: { color: '#475569', background: '#f8fafc', border: '#e2e8f0' },
  not_due: { color: '#94a3b8', background: 'transparent', border: 'transparent' },
};

/** 草稿 / 按时 / 迟交 for one report. */
export function ReportStatusTag({ report }: { report: Pick<WorkReport, 'status' | 'late'> }) {
  const { t } = useTranslation();
  if (report.status === 'draft') return <Tag>{t('workReports.status.draft')}</Tag>;
  return report.late ? (
    <Tag color="orange">{t('workReports.state.late')}</Tag>
  ) : (
    <Tag color="green">{t('workReports.state.on_time')}</Tag>
  );
}
