import { Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StageHistory } from '@tuoke/shared';
import { useFormat } from '../../app/format';
import { useStageHistory } from './useStageProcess';

type Row = StageHistory['items'][number];

/** Every stage the deal entered, when it left and how long it stayed. */
export function StageHistoryTable({ opportunityId }: { opportunityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, isLoading } = useStageHistory(opportunityId);
  return (
    <Card styles={{ body: { padding: 0 } }} data-testid="stage-history">
      <Table<Row>
        rowKey="id"
        size="small"
        loading={isLoading}
        pagination={false}
        dataSource={[...(data?.items ?? [])].reverse()}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'stage', title: t('salesProcess.stage'), dataIndex: 'stageName' },
          {
            key: 'entered',
            title: t('salesProcess.enteredAt'),
            render: (_: unknown, r: Row) => fmt.dateTime(r.enteredAt),
          },
          {
            key: 'left',
            title: t('salesProcess.leftAt'),
            render: (_: unknown, r: Row) =>
              r.leftAt ? fmt.dateTime(r.leftAt) : <Tag color="blue">{t('salesProcess.current')}</Tag>,
          },
          { key: 'days', title: t('salesProcess.days'), dataIndex: 'days', align: 'right' as const },
          { key: 'by', title: t('salesProcess.movedBy'), render: (_: unknown, r: Row) => r.userName ?? '—' },
        ]}
      />
    </Card>
  );
}
