import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Row,
  Statistic,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CHANNELS, type PlanChannelsReport, type SalesPlan } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EChart, type ChartOption } from '../../app/components/EChart';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { usePlanChannels, usePlanWrite } from './usePlans';

type ChannelRow = PlanChannelsReport['channels'][number];
export const pct = (bp: number | null | undefined) =>
  bp === null || bp === undefined ? '—' : `${(bp / 100).toFixed(1)}%`;

/** The channels' shares of the revenue target against the revenue each actually brought. */
export function ChannelsTab({ plan }: { plan: SalesPlan }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const { data, isLoading } = usePlanChannels(plan.id);
  const [editing, setEditing] = useState(false);
  const channels = useMemo(() => data?.channels ?? [], [data]);

  const option = useMemo<ChartOption>(
    () =>
      ({
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v) => fmt.money(Number(v) * 100) },
        xAxis: {
          type: 'category',
          data: channels.map((c) => t(`plans.channel.${c.channel}`)),
          axisLabel: { fontSize: 11, interval: 0 },
        },
        yAxis: {
          type: 'value',
          axisLabel: { formatter: (v: number) => fmt.money(v * 100, undefined, true) },
        },
        series: [
          {
            type: 'bar',
            name: t('plans.channelTarget'),
            data: channels.map((c) => (c.target ?? 0) / 100),
            itemStyle: { color: '#cbd5e1', borderRadius: [4, 4, 0, 0] },
            barMaxWidth: 32,
          },
          {
            type: 'bar',
            name: t('plans.channelActual'),
            data: channels.map((c) => c.actual / 100),
            itemStyle: { color: '#2563eb', borderRadius: [4, 4, 0, 0] },
            barMaxWidth: 32,
          },
        ],
      }) as ChartOption,
    [channels, fmt, t],
  );

  const columns: ColumnsType<ChannelRow> = [
    { key: 'channel', title: t('plans.fields.channel'), render: (_, c) => t(`plans.channel.${c.channel}`) },
    { key: 'share', title: t('plans.fields.share'), align: 'right', render: (_, c) => pct(c.shareBp) },
    {
      key: 'target',
      title: t('plans.channelTarget'),
      align: 'right',
      render: (_, c) => <span className="money">{fmt.money(c.target)}</span>,
    },
    {
      key: 'actual',
      title: t('plans.channelActual'),
      align: 'right',
      render: (_, c) => (
        <Typography.Text strong className="money">
          {fmt.money(c.actual)}
        </Typography.Text>
      ),
    },
    {
      key: 'attainment',
      title: t('plans.attainment'),
      width: 160,
      render: (_, c) =>
        c.attainmentBp === null ? (
          '—'
        ) : (
          <Progress
            percent={Math.round(c.attainmentBp / 100)}
            size="small"
            status={c.attainmentBp >= 10_000 ? 'success' : 'normal'}
          />
        ),
    },
    {
      key: 'actualShare',
      title: t('plans.actualShare'),
      align: 'right',
      render: (_, c) => pct(c.actualShareBp),
    },
    {
      key: 'notes',
      title: t('plans.fields.notes'),
      dataIndex: 'notes',
      render: (v: string | null) => v ?? '',
    },
  ];

  return (
    <div data-testid="plan-channels">
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('plans.targetRevenue')} value={fmt.money(data?.targetRevenue ?? null)} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {data?.targetSource ? t(`plans.targetSource.${data.targetSource}`) : t('plans.noTarget')}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} md={8}>
          <Card>
            <Statistic
              title={t('plans.revenueSoFar')}
              value={fmt.money(data?.totalActual ?? 0)}
              styles={{ content: { color: '#1d4ed8' } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={8}>
          <Card>
            <Statistic title={t('plans.sharePlanned')} value={pct(data?.totalShareBp ?? 0)} />
          </Card>
        </Col>
      </Row>
      <Card
        title={t('plans.channelsChart')}
        style={{ marginBottom: 16 }}
        loading={isLoading}
        extra={
          can('sales_plan', 'update') && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="channels-edit">
              {t('plans.editShares')}
            </Button>
          )
        }
      >
        <EChart option={option} height={280} testId="channels-chart" />
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<ChannelRow>
          rowKey="channel"
          size="small"
          columns={columns}
          dataSource={channels}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="channels-table"
        />
      </Card>
      {editing && data && <SharesModal report={data} onClose={() => setEditing(false)} />}
    </div>
  );
}

type Shares = Record<string, { share?: number | null; notes?: string | null }>;

function SharesModal({ report, onClose }: { report: PlanChannelsReport; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Shares>();
  const write = usePlanWrite();
  const handleError = useErrorHandler();
  const values = Form.useWatch([], form) as Shares | undefined;
  const total = CHANNELS.reduce((s, c) => s + Math.round(((values?.[c]?.share ?? 0) as number) * 100), 0);
  const initial: Shares = Object.fromEntries(
    CHANNELS.map((c) => {
      const row = report.channels.find((r) => r.channel === c);
      return [c, { share: row && row.shareBp ? row.shareBp / 100 : null, notes: row?.notes ?? null }];
    }),
  );
  return (
    <Modal
      open
      title={t('plans.editShares')}
      onCancel={onClose}
      okText={t('common.save')}
      okButtonProps={
        { loading: write.isPending, disabled: total > 10_000, 'data-testid': 'shares-save' } as never
      }
      onOk={async () => {
        const v = form.getFieldsValue();
        const channels = CHANNELS.filter((c) => (v[c]?.share ?? 0) > 0).map((c) => ({
          channel: c,
          shareBp: Math.round((v[c]!.share ?? 0) * 100),
          notes: v[c]?.notes || null,
        }));
        try {
          await write.mutateAsync({
            method: 'put',
            path: `/plans/${report.planId}/channels`,
            body: { channels },
          });
          onClose();
        } catch (err) {
          handleError(err);
        }
      }}
    >
      <Form form={form} initialValues={initial} layout="vertical">
        {CHANNELS.map((c) => (
          <Flex key={c} gap={8} align="center" style={{ marginBottom: 8 }}>
            <span style={{ width: 88, flex: 'none' }}>{t(`plans.channel.${c}`)}</span>
            <Form.Item name={[c, 'share']} noStyle>
              <InputNumber
                min={0}
                max={100}
                precision={2}
                suffix="%"
                style={{ width: 110 }}
                data-testid={`share-${c}`}
              />
            </Form.Item>
            <Form.Item name={[c, 'notes']} noStyle>
              <Input placeholder={t('plans.fields.notes')} maxLength={1000} />
            </Form.Item>
          </Flex>
        ))}
      </Form>
      <Alert
        type={total > 10_000 ? 'error' : total === 10_000 ? 'success' : 'info'}
        showIcon
        title={t('plans.sharesTotal', { total: (total / 100).toFixed(2) })}
      />
    </Modal>
  );
}
