import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Popconfirm,
  Row,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ApartmentOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TARGET_LEVELS, type RankingRow, type TargetDetail } from '@tuoke/shared';
import { EChart, type ChartOption } from '../../app/components/EChart';
import { useErrorHandler } from '../../app/errors';
import { CascadeDialog } from './CascadeDialog';
import { TargetForm } from './TargetForm';
import { periodLabel } from './periods';
import { useDeleteTarget, useTargetDetail } from './useTargets';
import { LEVEL_COLOR, useTargetFormat } from './useTargetFormat';

/** One target: gauge, the numbers, 目标/冲刺/挑战 levels, pace line and its children ranked. */
export function TargetDetailPanel({
  id,
  onSelect,
  onDeleted,
}: {
  id: string;
  onSelect: (id: string) => void;
  onDeleted: () => void;
}) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const detail = useTargetDetail(id);
  const f = useTargetFormat();
  const [cascadeOpen, setCascadeOpen] = useState(false);
  const [editOpen, setEditOpen] = useState(false);
  const remove = useDeleteTarget();
  const handleError = useErrorHandler();
  const { message } = App.useApp();
  const d = detail.data;
  const charts = useCharts(d, t, f);

  if (!d) return <Card>{detail.isLoading ? <Skeleton active /> : null}</Card>;
  const x = d.target;
  const a = x.attainment;
  const ownerName = x.ownerType === 'company' ? t('targets.company') : x.ownerName;
  const levels = [
    { level: 'target' as const, value: x.value },
    { level: 'stretch' as const, value: x.stretchValue },
    { level: 'challenge' as const, value: x.challengeValue },
  ];
  const reached = TARGET_LEVELS.indexOf(a.level);

  return (
    <Card
      size="small"
      data-testid="target-detail"
      title={
        <Flex vertical gap={0} style={{ padding: '6px 0' }}>
          <Typography.Text strong style={{ whiteSpace: 'normal' }}>
            {x.name}
          </Typography.Text>
          <Typography.Text
            type="secondary"
            style={{ fontSize: 12, fontWeight: 'normal', whiteSpace: 'normal' }}
          >
            {ownerName} · {t(`targets.metric.${x.metric}`)} · {periodLabel(x, zh)}
            {x.planName ? ` · ${x.planName}` : ''}
          </Typography.Text>
        </Flex>
      }
      extra={
        x.canEdit ? (
          <Flex gap={4} wrap justify="flex-end">
            {x.metric !== 'market_share' ? (
              <Button
                size="small"
                type="primary"
                icon={<ApartmentOutlined />}
                onClick={() => setCascadeOpen(true)}
                data-testid="target-cascade"
              >
                {t('targets.cascade.open')}
              </Button>
            ) : null}
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditOpen(true)}
              data-testid="target-edit"
              aria-label={t('common.edit')}
            />
            <Popconfirm
              title={t('targets.deleteConfirm', { name: x.name })}
              onConfirm={async () => {
                try {
                  await remove.mutateAsync(x.id);
                  message.success(t('app.deleted'));
                  onDeleted();
                } catch (err) {
                  handleError(err);
                }
              }}
            >
              <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
            </Popconfirm>
          </Flex>
        ) : null
      }
    >
      {d.ancestors.length ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('targets.cascadedFrom')}{' '}
          {d.ancestors.map((p, i) => (
            <span key={p.id}>
              {i > 0 ? ' › ' : ''}
              <Typography.Link onClick={() => onSelect(p.id)}>{p.name}</Typography.Link>
            </span>
          ))}
        </Typography.Paragraph>
      ) : null}
      <Row gutter={[12, 12]} align="middle">
        <Col xs={24} sm={10}>
          <EChart option={charts.gauge} height={180} testId="target-gauge" />
        </Col>
        <Col xs={24} sm={14}>
          <Row gutter={[8, 8]}>
            <Col span={12}>
              <Statistic
                title={t('targets.stat.value')}
                value={f.value(x.metric, x.value, x.currency)}
                styles={{ content: { fontSize: 16 } }}
              />
            </Col>
            <Col span={12}>
              <div data-testid="target-actual">
                <Statistic
                  title={t('targets.stat.actual')}
                  value={f.value(x.metric, a.actual, x.currency)}
                  styles={{ content: { fontSize: 16 } }}
                />
              </div>
            </Col>
            <Col span={12}>
              <div data-testid="target-attainment">
                <Statistic
                  title={t('targets.stat.attainment')}
                  value={f.pct(a.attainmentBp)}
                  styles={{ content: { fontSize: 16 } }}
                />
              </div>
            </Col>
            <Col span={12}>
              <Statistic
                title={t('targets.stat.expected')}
                value={f.pct(a.expectedBp)}
                styles={{ content: { fontSize: 16 } }}
              />
            </Col>
            <Col span={12}>
              <Statistic
                title={t('targets.stat.pace')}
                value={f.pct(a.paceBp)}
                styles={{
                  content: {
                    fontSize: 16,
                    color: a.paceBp !== null && a.paceBp < 9_000 ? '#cf1322' : '#389e0d',
                  },
                }}
              />
            </Col>
            <Col span={12}>
              <Statistic
                title={t('targets.stat.projected')}
                value={f.value(x.metric, a.projected, x.currency)}
                styles={{ content: { fontSize: 16 } }}
              />
            </Col>
          </Row>
        </Col>
      </Row>
      <Flex gap={6} wrap style={{ margin: '12px 0' }} data-testid="target-levels">
        {levels.map((l, i) => (
          <Tag
            key={l.level}
            color={reached >= i + 1 ? LEVEL_COLOR[l.level] : undefined}
            style={{ padding: '2px 8px' }}
          >
            {reached >= i + 1 ? '✓ ' : ''}
            {t(`targets.level.${l.level}`)} {f.value(x.metric, l.value, x.currency, true)}
          </Tag>
        ))}
      </Flex>
      <Typography.Text strong>{t('targets.paceTitle')}</Typography.Text>
      <EChart option={charts.pace} height={200} testId="target-pace" />
      {d.ranking.length ? (
        <>
          <Typography.Text strong>{t('targets.rankingTitle')}</Typography.Text>
          <Table<RankingRow>
            rowKey="targetId"
            size="small"
            pagination={false}
            dataSource={d.ranking}
            data-testid="target-ranking"
            onRow={(r) => ({ onClick: () => onSelect(r.targetId), style: { cursor: 'pointer' } })}
            columns={[
              { title: '#', dataIndex: 'rank', width: 36 },
              { title: t('targets.col.owner'), dataIndex: 'ownerName' },
              {
                title: t('targets.col.value'),
                key: 'v',
                responsive: ['sm'],
                align: 'right',
                render: (_, r) => f.value(x.metric, r.value, x.currency, true),
              },
              {
                title: t('targets.col.actual'),
                key: 'a',
                align: 'right',
                render: (_, r) => f.value(x.metric, r.actual, x.currency, true),
              },
              {
                title: t('targets.col.attainmentShort'),
                key: 'p',
                align: 'right',
                render: (_, r) => f.pct(r.attainmentBp),
              },
              {
                title: t('targets.col.level'),
                key: 'l',
                responsive: ['sm'],
                render: (_, r) => <Tag color={LEVEL_COLOR[r.level]}>{t(`targets.level.${r.level}`)}</Tag>,
              },
            ]}
          />
        </>
      ) : null}
      {x.description ? (
        <Descriptions
          size="small"
          column={1}
          style={{ marginTop: 12 }}
          items={[{ key: 'd', label: t('targets.field.description'), children: x.description }]}
        />
      ) : null}
      {cascadeOpen ? <CascadeDialog target={x} onClose={() => setCascadeOpen(false)} /> : null}
      <TargetForm
        open={editOpen}
        target={x}
        onClose={() => setEditOpen(false)}
        onSaved={() => setEditOpen(false)}
      />
    </Card>
  );
}

function useCharts(
  d: TargetDetail | undefined,
  t: (k: string) => string,
  f: ReturnType<typeof useTargetFormat>,
): { gauge: ChartOption; pace: ChartOption } {
  return useMemo(() => {
    if (!d) return { gauge: {}, pace: {} };
    const x = d.target;
    const max = Math.max(150, Math.ceil(x.challengeValue / x.value / 0.25) * 25);
    const pctOf = (v: number) => (v / x.value) * 100;
    const gauge: ChartOption = {
      series: [
        {
          type: 'gauge',
          min: 0,
          max,
          radius: '95%',
          center: ['50%', '58%'],
          startAngle: 210,
          endAngle: -30,
          progress: {
            show: true,
            width: 12,
            itemStyle: { color: x.attainment.level === 'none' ? '#1677ff' : '#52c41a' },
          },
          axisLine: {
            lineStyle: {
              width: 12,
              color: [
                [100 / max, '#e6f4ff'],
                [pctOf(x.stretchValue) / max, '#d9f7be'],
                [pctOf(x.challengeValue) / max, '#bae0ff'],
                [1, '#fff1b8'],
              ],
            },
          },
          pointer: { show: false },
          axisTick: { show: false },
          splitLine: { show: false },
          axisLabel: { show: false },
          anchor: { show: false },
          title: { show: true, offsetCenter: [0, '30%'], fontSize: 12, color: '#888' },
          detail: {
            valueAnimation: false,
            offsetCenter: [0, '-5%'],
            fontSize: 22,
            fontWeight: 600,
            formatter: () => f.pct(x.attainment.attainmentBp),
          },
          data: [
            { value: Math.min(max, x.attainment.attainmentBp / 100), name: t('targets.stat.attainment') },
          ],
        },
      ],
    };
    const pace: ChartOption = {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => (typeof v === 'number' ? f.value(x.metric, v, x.currency, true) : '—'),
      },
      legend: { bottom: 0, itemWidth: 14, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 12, top: 12, bottom: 30, containLabel: true },
      xAxis: { type: 'category', data: d.pace.map((p) => p.date.slice(5)), axisLabel: { fontSize: 10 } },
      yAxis: {
        type: 'value',
        axisLabel: { fontSize: 10, formatter: (v: number) => f.value(x.metric, v, x.currency, true) },
      },
      series: [
        {
          type: 'line',
          name: t('targets.stat.actual'),
          data: d.pace.map((p) => p.actual),
          smooth: false,
          symbolSize: 5,
          areaStyle: { opacity: 0.12 },
          itemStyle: { color: '#1677ff' },
        },
        {
          type: 'line',
          name: t('targets.paceExpected'),
          data: d.pace.map((p) => p.expected),
          lineStyle: { type: 'dashed' },
          symbol: 'none',
          itemStyle: { color: '#999' },
        },
      ],
    };
    return { gauge, pace };
  }, [d, t, f]);
}
