import { Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDurations } from './useApprovals';

/** How long approvals take per rule and step: what removing a level would save. */
export function DurationsReport() {
  const { t } = useTranslation();
  const { data, isLoading } = useDurations();
  const h = (x: number) => t('approvals.hours', { n: x.toFixed(1) });
  return (
    <Card title={t('approvals.durationsTitle')} style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}>
      <Table
        rowKey={(r) => `${r.ruleId}-${r.step}`}
        size="small"
        loading={isLoading}
        pagination={false}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('approvals.durationsEmpty') }}
        columns={[
          { key: 'rule', title: t('approvals.rule'), render: (_, r) => r.ruleName || t('approvals.noRule') },
          {
            key: 'step',
            title: t('approvals.step'),
            render: (_, r) =>
              r.step === null ? t('approvals.wholeRequest') : t('approvals.stepN', { n: r.step + 1 }),
          },
          { key: 'count', title: t('approvals.count'), dataIndex: 'count', align: 'right' },
          { key: 'avg', title: t('approvals.avg'), align: 'right', render: (_, r) => h(r.avgHours) },
          { key: 'median', title: t('approvals.median'), align: 'right', render: (_, r) => h(r.medianHours) },
          { key: 'p90', title: 'P90', align: 'right', render: (_, r) => h(r.p90Hours) },
        ]}
      />
    </Card>
  );
}
