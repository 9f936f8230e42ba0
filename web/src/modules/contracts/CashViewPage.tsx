import { useMemo, useState } from 'react';
import { Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { OpenInstallment, Reminder, View } from '@tuoke/shared';
import { EChart, type ChartOption } from '../../app/components/EChart';
import { PageHeader } from '../../app/components/PageHeader';
import { ViewTabs } from '../../app/components/ViewTabs';
import { useFormat } from '../../app/format';
import { PaymentStatusTag } from './ContractTags';
import { useCashView, useReminders } from './useContracts';

/** 回款: expected receipts per week for the next 12 weeks, and what is overdue, in the user's scope. */
export function CashViewPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [view, setView] = useState<View>('all');
  const { data, isLoading } = useCashView(view);
  const { data: reminders = [] } = useReminders(view);

  const option = useMemo<ChartOption>(() => {
    const weeks = data?.weeks ?? [];
    return {
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => fmt.money(Number(v) * 100),
      },
      xAxis: {
        type: 'category',
        data: weeks.map((w) => t('cash.weekOf', { date: dayjs(w.weekStart).format('M/D') })),
        axisLabel: { fontSize: 11 },
      },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (v: number) => fmt.money(v * 100, undefined, true) },
      },
      series: [
        {
          type: 'bar',
          name: t('cash.expected'),
          data: weeks.map((w) => w.expectedAmount / 100),
          itemStyle: { color: '#2563eb', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 36,
        },
      ],
    } as ChartOption;
  }, [data, fmt, t]);

  const columns: ColumnsType<OpenInstallment> = [
    {
      key: 'contract',
      title: t('contracts.number'),
      render: (_, r) => (
        <div>
          <Link to={`/contracts/${r.contractId}`}>{r.contractNumber}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.contractName} · {r.accountName}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'installment',
      title: t('payments.installment'),
      render: (_, r) => t('payments.nth', { n: r.installment }),
    },
    {
      key: 'due',
      title: t('payments.dueDate'),
      render: (_, r) => (
        <Typography.Text type={r.status === 'overdue' ? 'danger' : undefined}>
          {fmt.date(r.dueDate)}
        </Typography.Text>
      ),
    },
    {
      key: 'amount',
      title: t('payments.outstanding'),
      align: 'right',
      render: (_, r) => (
        <Typography.Text strong className="money">
          {fmt.money(r.outstandingAmount)}
        </Typography.Text>
      ),
    },
    { key: 'status', title: t('payments.status'), render: (_, r) => <PaymentStatusTag status={r.status} /> },
    { key: 'owner', title: t('fields.owner'), dataIndex: 'ownerName' },
  ];
  const total = (data?.weeks ?? []).reduce((s, w) => s + w.expectedAmount, 0);

  return (
    <div data-testid="cash-view-page">
      <PageHeader title={t('cash.title')} subtitle={t('cash.subtitle')} />
      <div style={{ marginBottom: 12 }}>
        <ViewTabs value={view} onChange={setView} />
      </div>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={8}>
          <Card>
            <Statistic
              title={t('cash.expected12')}
              value={fmt.money(total)}
              styles={{ content: { color: '#1d4ed8' } }}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <Statistic
              title={t('cash.overdueTotal')}
              value={fmt.money(data?.overdueAmount ?? 0)}
              styles={{ content: { color: (data?.overdueAmount ?? 0) > 0 ? '#dc2626' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('cash.overdueCount')} value={data?.overdue.length ?? 0} />
          </Card>
        </Col>
      </Row>
      <Card title={t('cash.chartTitle')} style={{ marginBottom: 16 }} loading={isLoading}>
        <EChart option={option} height={300} testId="cash-chart" />
      </Card>
      <Card title={t('cash.overdueList')} styles={{ body: { padding: 0 } }} style={{ marginBottom: 16 }}>
        <Table<OpenInstallment>
          rowKey="planId"
          size="small"
          columns={columns}
          dataSource={data?.overdue ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('cash.noOverdue') }}
          data-testid="overdue-list"
        />
      </Card>
      <Card title={t('cash.reminders')} styles={{ body: { padding: 0 } }} style={{ marginBottom: 16 }}>
        <Table<Reminder>
          rowKey="id"
          size="small"
          dataSource={reminders}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('cash.noReminders') }}
          data-testid="reminders"
          columns={[
            {
              key: 'kind',
              title: t('cash.reminderKind'),
              render: (_, r) => (
                <Tag color={r.kind === 'payment_due' ? 'blue' : 'orange'}>{t(`cash.kinds.${r.kind}`)}</Tag>
              ),
            },
            {
              key: 'contract',
              title: t('contracts.number'),
              render: (_, r) => (
                <span>
                  <Link to={`/contracts/${r.contractId}`}>{r.contractNumber}</Link>
                  <Typography.Text type="secondary"> · {r.contractName}</Typography.Text>
                </span>
              ),
            },
            { key: 'due', title: t('cash.reminderDate'), render: (_, r) => fmt.date(r.dueDate) },
          ]}
        />
      </Card>
      <Card title={t('cash.upcomingList')} styles={{ body: { padding: 0 } }}>
        <Table<OpenInstallment>
          rowKey="planId"
          size="small"
          columns={columns}
          dataSource={data?.upcoming ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('cash.noUpcoming') }}
        />
      </Card>
    </div>
  );
}
