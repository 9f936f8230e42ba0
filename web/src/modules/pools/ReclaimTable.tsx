import { Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReclaimForecast } from '@tuoke/shared';
import { EmptyState } from '../../app/components/EmptyState';
import { useFormat } from '../../app/format';
import { daysUntil } from '../reminders/useReminders';
import { entityPath } from './usePools';

/**
 * Records headed back to a pool: when, by which rule, and the numbers behind it (last follow-up,
 * days idle, days held). The dry run, and the warnings on the reminders page, show it.
 */
export function ReclaimTable({
  items,
  loading,
  showOwner = true,
  testId,
  emptyTitle,
  emptyHint,
}: {
  items: ReclaimForecast[];
  loading: boolean;
  showOwner?: boolean;
  testId: string;
  emptyTitle: string;
  emptyHint: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const columns: ColumnsType<ReclaimForecast> = [
    {
      key: 'reclaimDate',
      title: t('pools.reclaimDate'),
      render: (_, f) => {
        const days = daysUntil(f.reclaimDate);
        return (
          <Space orientation="vertical" size={0}>
            <Typography.Text strong>{fmt.date(f.reclaimDate)}</Typography.Text>
            <Typography.Text
              type={days <= 0 ? 'danger' : days <= 3 ? 'warning' : 'secondary'}
              style={{ fontSize: 12 }}
            >
              {f.due || days <= 0 ? t('pools.dueNow') : t('pools.inDays', { n: days })}
            </Typography.Text>
          </Space>
        );
      },
    },
    {
      key: 'name',
      title: t('pools.record'),
      render: (_, f) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/${entityPath(f.entityType)}/${f.entityId}`}>{f.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`pools.kinds.${f.entityType}`)}
            {f.level ? ` · ${t('pools.levelN', { level: f.level })}` : ''} · {f.poolName}
          </Typography.Text>
        </Space>
      ),
    },
    ...(showOwner
      ? [{ key: 'owner', title: t('fields.owner'), render: (_: unknown, f: ReclaimForecast) => f.ownerName }]
      : []),
    {
      key: 'rule',
      title: t('pools.why'),
      render: (_, f) => (
        <Tag color={f.rule === 'no_follow_up' ? 'orange' : f.rule === 'no_opportunity' ? 'gold' : 'volcano'}>
          {t(`pools.ruleText.${f.rule}`, { n: f.ruleDays })}
        </Tag>
      ),
    },
    {
      key: 'lastFollowUp',
      title: t('pools.lastFollowUp'),
      render: (_, f) =>
        f.lastFollowUpAt ? (
          <Tooltip title={fmt.dateTime(f.lastFollowUpAt)}>{fmt.date(f.lastFollowUpAt)}</Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('pools.never')}</Typography.Text>
        ),
    },
    {
      key: 'daysIdle',
      title: t('pools.daysIdle'),
      align: 'right',
      render: (_, f) => t('pools.days', { n: f.daysIdle }),
    },
    {
      key: 'daysOwned',
      title: t('pools.daysOwned'),
      align: 'right',
      render: (_, f) => t('pools.days', { n: f.daysOwned }),
    },
  ];
  return (
    <Table<ReclaimForecast>
      rowKey={(f) => `${f.entityType}:${f.entityId}`}
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      locale={{ emptyText: <EmptyState title={emptyTitle} hint={emptyHint} /> }}
    />
  );
}
