import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Popconfirm,
  Row,
  Select,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, DollarOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import {
  BUDGET_CATEGORIES,
  CHANNELS,
  type BudgetLine,
  type BudgetSpend,
  type SalesPlan,
} from '@tuoke/shared';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { RowActions } from '../../app/components/RowActions';
import { EChart, type ChartOption } from '../../app/components/EChart';
import { FormDrawer } from '../../app/components/FormDrawer';
import { DateInput, MoneyInput } from '../../app/components/inputs';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useBudget, usePlanWrite, useSpend, useTerritories } from './usePlans';

const periodOf = (l: Pick<BudgetLine, 'periodType' | 'periodStart'>) =>
  l.periodType === 'quarter'
    ? `${l.periodStart.slice(0, 4)}-Q${Math.ceil(Number(l.periodStart.slice(5, 7)) / 3)}`
    : l.periodStart.slice(0, 7);

/** The first day of the calendar quarter `d` is in. */
const quarterStart = (d: dayjs.Dayjs) =>
  d
    .month(Math.floor(d.month() / 3) * 3)
    .startOf('month')
    .format('YYYY-MM-DD');

/** Budget lines per period, territory and channel: planned vs spent, and the return on each. */
export function BudgetTab({ plan }: { plan: SalesPlan }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const handleError = useErrorHandler();
  const [filter, setFilter] = useState<{ territoryId?: string; channel?: string; category?: string }>({});
  const { data, isLoading } = useBudget(plan.id, filter);
  const territories = useTerritories();
  const write = usePlanWrite();
  const [editing, setEditing] = useState<BudgetLine | 'new' | null>(null);
  const [spendLine, setSpendLine] = useState<BudgetLine | null>(null);
  const canEdit = can('sales_plan', 'update');
  const months = useMemo(() => data?.months ?? [], [data]);
  const totals = data?.totals ?? { planned: 0, spent: 0, revenue: 0 };

  const option = useMemo<ChartOption>(
    () =>
      ({
        grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v) => fmt.money(Number(v) * 100) },
        xAxis: { type: 'category', data: months.map((m) => m.month.slice(5)), axisLabel: { fontSize: 11 } },
        yAxis: [
          { type: 'value', axisLabel: { formatter: (v: number) => fmt.money(v * 100, undefined, true) } },
          {
            type: 'value',
            axisLabel: { formatter: (v: number) => fmt.money(v * 100, undefined, true) },
            splitLine: { show: false },
          },
        ],
        series: [
          {
            type: 'bar',
            name: t('plans.planned'),
            data: months.map((m) => m.planned / 100),
            itemStyle: { color: '#cbd5e1' },
            barMaxWidth: 18,
          },
          {
            type: 'bar',
            name: t('plans.spent'),
            data: months.map((m) => m.spent / 100),
            itemStyle: { color: '#f59e0b' },
            barMaxWidth: 18,
          },
          {
            type: 'line',
            name: t('plans.revenue'),
            yAxisIndex: 1,
            data: months.map((m) => m.revenue / 100),
            itemStyle: { color: '#2563eb' },
            smooth: true,
          },
        ],
      }) as ChartOption,
    [months, fmt, t],
  );

  const columns: ColumnsType<BudgetLine> = [
    { key: 'period', title: t('plans.fields.period'), render: (_, l) => periodOf(l) },
    {
      key: 'category',
      title: t('plans.fields.category'),
      render: (_, l) => t(`plans.category.${l.category}`),
    },
    {
      key: 'territory',
      title: t('plans.territory'),
      render: (_, l) => l.territoryName ?? t('plans.allTerritories'),
    },
    {
      key: 'channel',
      title: t('plans.fields.channel'),
      render: (_, l) => (l.channel ? t(`plans.channel.${l.channel}`) : t('plans.allChannels')),
    },
    {
      key: 'planned',
      title: t('plans.planned'),
      align: 'right',
      render: (_, l) => <span className="money">{fmt.money(l.planned)}</span>,
    },
    {
      key: 'spent',
      title: t('plans.spent'),
      align: 'right',
      render: (_, l) => (
        <Typography.Text className="money" type={l.spent > l.planned ? 'danger' : undefined}>
          {fmt.money(l.spent)}
        </Typography.Text>
      ),
    },
    {
      key: 'revenue',
      title: t('plans.revenue'),
      align: 'right',
      render: (_, l) => <span className="money">{fmt.money(l.revenue)}</span>,
    },
    {
      key: 'return',
      title: t('plans.returnRatio'),
      align: 'right',
      render: (_, l) =>
        l.returnRatio === null ? (
          '—'
        ) : (
          <Tag color={l.returnRatio >= 3 ? 'green' : l.returnRatio >= 1 ? 'blue' : 'red'}>
            {l.returnRatio.toFixed(2)}
          </Tag>
        ),
    },
    {
      key: 'actions',
      width: 110,
      render: (_, l) => (
        <Flex gap={2}>
          <Button
            size="small"
            type="text"
            icon={<DollarOutlined />}
            aria-label={t('plans.spend')}
            onClick={() => setSpendLine(l)}
            data-testid="line-spend"
          />
          {canEdit && (
            <RowActions
              compact
              onEdit={() => setEditing(l)}
              deleteTitle={t('plans.deleteLine')}
              onDelete={() => write.mutateAsync({ method: 'delete', path: `/budget-lines/${l.id}` })}
            />
          )}
        </Flex>
      ),
    },
  ];

  const importFile = async (file: File) => {
    try {
      const csv = await file.text();
      const r = (await write.mutateAsync({
        method: 'post',
        path: `/plans/${plan.id}/spend/import`,
        body: { csv },
      })) as { imported: number; amount: number };
      message.success(t('plans.imported', { n: r.imported, amount: fmt.money(r.amount) }));
    } catch (err) {
      if (isApiError(err) && err.status === 400)
        modal.error({ title: t('plans.importFailed'), content: err.fields[0]?.message ?? err.message });
      else handleError(err);
    }
    return false;
  };

  return (
    <div data-testid="plan-budget">
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('plans.territory')}
          style={{ width: 150 }}
          value={filter.territoryId}
          onChange={(v) => setFilter((f) => ({ ...f, territoryId: v }))}
          options={(territories.data?.items ?? []).map((tr) => ({ value: tr.id, label: tr.name }))}
        />
        <Select
          allowClear
          placeholder={t('plans.fields.channel')}
          style={{ width: 130 }}
          value={filter.channel}
          onChange={(v) => setFilter((f) => ({ ...f, channel: v }))}
          options={CHANNELS.map((c) => ({ value: c, label: t(`plans.channel.${c}`) }))}
        />
        <Select
          allowClear
          placeholder={t('plans.fields.category')}
          style={{ width: 130 }}
          value={filter.category}
          onChange={(v) => setFilter((f) => ({ ...f, category: v }))}
          options={BUDGET_CATEGORIES.map((c) => ({ value: c, label: t(`plans.category.${c}`) }))}
        />
      </Flex>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('plans.planned')} value={fmt.money(totals.planned, undefined, true)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('plans.spentOfPlanned', {
                pct: totals.planned ? Math.round((totals.spent * 100) / totals.planned) : 0,
              })}
              value={fmt.money(totals.spent, undefined, true)}
              styles={{ content: { color: '#b45309' } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('plans.revenue')}
              value={fmt.money(totals.revenue, undefined, true)}
              styles={{ content: { color: '#1d4ed8' } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('plans.returnOverall')}
              value={totals.spent ? (totals.revenue / totals.spent).toFixed(2) : '—'}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('plans.budgetChart')} style={{ marginBottom: 16 }} loading={isLoading}>
        <EChart option={option} height={300} testId="budget-chart" />
      </Card>
      <Card
        title={t('plans.budgetLines')}
        styles={{ body: { padding: 0 } }}
        extra={
          canEdit && (
            <Flex gap={8} wrap>
              <Upload accept=".csv,text/csv" showUploadList={false} beforeUpload={importFile}>
                <Button icon={<UploadOutlined />} data-testid="spend-import">
                  {t('plans.importSpend')}
                </Button>
              </Upload>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing('new')}
                data-testid="line-new"
              >
                {t('plans.newLine')}
              </Button>
            </Flex>
          )
        }
      >
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 16px' }}>
          {t('plans.returnRule')} {canEdit && t('plans.importHelp')}
        </Typography.Paragraph>
        <Table<BudgetLine>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isLoading}
          pagination={{ pageSize: 24, hideOnSinglePage: true, size: 'small' }}
          scroll={{ x: 'max-content' }}
          data-testid="budget-table"
        />
      </Card>
      <LineForm
        plan={plan}
        line={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
      />
      <SpendDrawer line={spendLine} canEdit={canEdit} onClose={() => setSpendLine(null)} />
    </div>
  );
}

interface LineValues {
  periodType: 'month' | 'quarter';
  periodStart: string;
  category: string;
  territoryId: string | null;
  channel: string | null;
  planned: number;
  description: string | null;
}

function LineForm({
  plan,
  line,
  open,
  onClose,
}: {
  plan: SalesPlan;
  line: BudgetLine | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LineValues>();
  const write = usePlanWrite();
  const territories = useTerritories(open);
  const periodType = Form.useWatch('periodType', form) ?? line?.periodType ?? 'month';
  return (
    <FormDrawer<LineValues>
      open={open}
      title={line ? t('plans.editLine') : t('plans.newLine')}
      form={form}
      testId="line-form"
      initialValues={
        line
          ? { ...line }
          : {
              periodType: 'month',
              periodStart: `${plan.fiscalYear}-${dayjs().year() === plan.fiscalYear ? dayjs().format('MM') : '01'}-01`,
              territoryId: null,
              channel: null,
            }
      }
      onClose={onClose}
      onSubmit={async (v) => {
        const body = {
          ...v,
          territoryId: v.territoryId ?? null,
          channel: v.channel ?? null,
          description: v.description || null,
        };
        if (line)
          await write.mutateAsync({
            method: 'patch',
            path: `/budget-lines/${line.id}`,
            body: { ...body, version: line.version },
          });
        else await write.mutateAsync({ method: 'post', path: `/plans/${plan.id}/budget-lines`, body });
        onClose();
      }}
    >
      <Flex gap={12}>
        <Form.Item name="periodType" label={t('plans.fields.periodType')} style={{ flex: 1 }}>
          <Select
            options={(['month', 'quarter'] as const).map((p) => ({
              value: p,
              label: t(`plans.periodType.${p}`),
            }))}
            onChange={(p) => {
              const start = form.getFieldValue('periodStart') as string | undefined;
              if (p === 'quarter' && start) form.setFieldValue('periodStart', quarterStart(dayjs(start)));
            }}
          />
        </Form.Item>
        <Form.Item
          name="periodStart"
          label={t('plans.fields.period')}
          rules={[{ required: true }]}
          style={{ flex: 1 }}
          getValueProps={(v: string | undefined) => ({ value: v ? dayjs(v) : null })}
          getValueFromEvent={(d: dayjs.Dayjs | null) =>
            d
              ? periodType === 'quarter'
                ? quarterStart(d)
                : d.startOf('month').format('YYYY-MM-DD')
              : undefined
          }
        >
          <DatePicker picker={periodType === 'quarter' ? 'quarter' : 'month'} style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item name="category" label={t('plans.fields.category')} rules={[{ required: true }]}>
        <Select
          options={BUDGET_CATEGORIES.map((c) => ({ value: c, label: t(`plans.category.${c}`) }))}
          data-testid="line-form-category"
        />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="territoryId" label={t('plans.territory')} style={{ flex: 1 }}>
          <Select
            allowClear
            placeholder={t('plans.allTerritories')}
            options={(territories.data?.items ?? []).map((tr) => ({ value: tr.id, label: tr.name }))}
          />
        </Form.Item>
        <Form.Item name="channel" label={t('plans.fields.channel')} style={{ flex: 1 }}>
          <Select
            allowClear
            placeholder={t('plans.allChannels')}
            options={CHANNELS.map((c) => ({ value: c, label: t(`plans.channel.${c}`) }))}
          />
        </Form.Item>
      </Flex>
      <Form.Item name="planned" label={t('plans.planned')} rules={[{ required: true }]}>
        <MoneyInput data-testid="line-form-planned" />
      </Form.Item>
      <Form.Item name="description" label={t('plans.fields.description')}>
        <Input maxLength={1000} />
      </Form.Item>
    </FormDrawer>
  );
}

function SpendDrawer({
  line,
  canEdit,
  onClose,
}: {
  line: BudgetLine | null;
  canEdit: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const screens = Grid.useBreakpoint();
  const handleError = useErrorHandler();
  const { data, isLoading } = useSpend(line?.id);
  const write = usePlanWrite();
  const [form] = Form.useForm<{ spentOn: string; amount: number; note?: string }>();
  const columns: ColumnsType<BudgetSpend> = [
    { key: 'date', title: t('plans.fields.spentOn'), render: (_, s) => s.spentOn },
    {
      key: 'amount',
      title: t('plans.fields.amount'),
      align: 'right',
      render: (_, s) => <span className="money">{fmt.money(s.amount)}</span>,
    },
    {
      key: 'note',
      title: t('plans.fields.note'),
      render: (_, s) => (
        <div>
          {s.note}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`plans.source.${s.source}`)} · {s.createdByName ?? ''}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    ...(canEdit
      ? [
          {
            key: 'x',
            width: 40,
            render: (_: unknown, s: BudgetSpend) => (
              <Popconfirm
                title={t('plans.deleteSpend')}
                onConfirm={() =>
                  write
                    .mutateAsync({ method: 'delete', path: `/budget-spend/${s.id}` })
                    .catch((e) => handleError(e))
                }
              >
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                />
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];
  return (
    <Drawer
      open={Boolean(line)}
      onClose={onClose}
      size={screens.sm ? 560 : '100%'}
      title={line ? `${t('plans.spend')} · ${periodOf(line)} · ${t(`plans.category.${line.category}`)}` : ''}
      destroyOnHidden
      data-testid="spend-drawer"
    >
      {line && (
        <Typography.Paragraph type="secondary">
          {t('plans.spendSummary', { planned: fmt.money(line.planned), spent: fmt.money(line.spent) })}
        </Typography.Paragraph>
      )}
      {canEdit && line && (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 16, rowGap: 8 }}
          initialValues={{ spentOn: dayjs().format('YYYY-MM-DD') }}
          onFinish={async (v) => {
            try {
              await write.mutateAsync({
                method: 'post',
                path: `/budget-lines/${line.id}/spend`,
                body: { ...v, note: v.note || null },
              });
              form.resetFields(['amount', 'note']);
            } catch (err) {
              handleError(err, form);
            }
          }}
        >
          <Form.Item name="spentOn" rules={[{ required: true }]} style={{ width: 150 }}>
            <DateInput />
          </Form.Item>
          <Form.Item name="amount" rules={[{ required: true }]} style={{ width: 150 }}>
            <MoneyInput min={0.01} data-testid="spend-amount" />
          </Form.Item>
          <Form.Item name="note" style={{ flex: 1, minWidth: 120 }}>
            <Input placeholder={t('plans.fields.note')} maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={write.isPending} data-testid="spend-add">
            {t('plans.addSpend')}
          </Button>
        </Form>
      )}
      <Table<BudgetSpend>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    </Drawer>
  );
}
