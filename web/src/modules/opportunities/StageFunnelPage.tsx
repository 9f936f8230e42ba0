import { useMemo, useState } from 'react';
import { Card, DatePicker, Flex, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { StageFunnelRow } from '@tuoke/shared';
import { EChart, type ChartOption } from '../../app/components/EChart';
import { PageHeader } from '../../app/components/PageHeader';
import { usePipelines } from '../pipelines/usePipelines';
import { useStageFunnel } from './useStageProcess';

/** 漏斗分析: per stage, deals entered, moved forward, won and days in stage, in the caller's scope. */
export function StageFunnelPage() {
  const { t } = useTranslation();
  const { data: pipelines = [] } = usePipelines();
  const [pipelineId, setPipelineId] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>([
    dayjs().subtract(6, 'month').startOf('day'),
    dayjs(),
  ]);
  const chosen = pipelineId ?? pipelines[0]?.id;
  const { data, isLoading } = useStageFunnel({
    pipelineId: chosen,
    from: range?.[0].format('YYYY-MM-DD'),
    to: range?.[1].format('YYYY-MM-DD'),
  });
  const rows = useMemo(() => data?.stages ?? [], [data]);
  const shown = useMemo(() => rows.filter((r) => r.kind !== 'lost'), [rows]);

  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: {
        top: 0,
        right: 0,
        data: [t('salesProcess.entered'), t('salesProcess.movedForward'), t('salesProcess.won')],
      },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: shown.map((r) => r.stageName), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('salesProcess.entered'),
          type: 'bar',
          data: shown.map((r) => r.entered),
          itemStyle: { color: '#1d4ed8', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 28,
        },
        {
          name: t('salesProcess.movedForward'),
          type: 'bar',
          data: shown.map((r) => (r.kind === 'open' ? r.movedForward : null)),
          itemStyle: { color: '#60a5fa', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 28,
        },
        {
          name: t('salesProcess.won'),
          type: 'bar',
          data: shown.map((r) => r.won),
          itemStyle: { color: '#16a34a', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 28,
        },
      ],
    }),
    [shown, t],
  );

  const dash = (v: number | null, suffix = '') => (v === null ? '—' : `${v}${suffix}`);
  return (
    <div data-testid="stage-funnel-page">
      <PageHeader
        title={t('salesProcess.funnelTitle')}
        subtitle={t('salesProcess.funnelSubtitle')}
        extra={
          <Flex gap={8} wrap>
            <Select
              style={{ minWidth: 180 }}
              value={chosen}
              onChange={setPipelineId}
              options={pipelines.map((p) => ({ value: p.id, label: p.name }))}
              data-testid="funnel-pipeline"
            />
            <DatePicker.RangePicker
              value={range}
              onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)}
              placeholder={[t('salesProcess.period'), t('salesProcess.period')]}
              allowClear
            />
          </Flex>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <EChart option={option} height={300} testId="funnel-chart" />
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<StageFunnelRow>
          rowKey="stageId"
          size="middle"
          loading={isLoading}
          pagination={false}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          data-testid="funnel-table"
          columns={[
            {
              key: 'stage',
              title: t('salesProcess.stage'),
              render: (_: unknown, r) => (
                <Flex gap={6} align="center">
                  {r.stageName}
                  {r.kind !== 'open' && (
                    <Tag color={r.kind === 'won' ? 'green' : 'red'}>{t(`enums.stageKind.${r.kind}`)}</Tag>
                  )}
                </Flex>
              ),
            },
            { key: 'entered', title: t('salesProcess.entered'), dataIndex: 'entered', align: 'right' },
            {
              key: 'forward',
              title: t('salesProcess.movedForward'),
              align: 'right',
              render: (_: unknown, r) => (r.kind === 'open' ? r.movedForward : '—'),
            },
            {
              key: 'conversion',
              title: t('salesProcess.conversion'),
              align: 'right',
              render: (_: unknown, r) => (
                <Typography.Text strong={r.conversion !== null}>{dash(r.conversion, '%')}</Typography.Text>
              ),
            },
            { key: 'won', title: t('salesProcess.won'), dataIndex: 'won', align: 'right' },
            {
              key: 'avg',
              title: t('salesProcess.avgDays'),
              align: 'right',
              render: (_: unknown, r) => dash(r.avgDays),
            },
            {
              key: 'median',
              title: t('salesProcess.medianDays'),
              align: 'right',
              render: (_: unknown, r) => dash(r.medianDays),
            },
          ]}
        />
      </Card>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('salesProcess.funnelHint')}
      </Typography.Paragraph>
    </div>
  );
}
