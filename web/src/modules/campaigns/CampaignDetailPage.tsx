import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Popconfirm,
  Progress,
  Row,
  Statistic,
  Table,
  Tabs,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Campaign, CampaignCost } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { DetailState } from '../../app/components/DetailState';
import { EChart, type ChartOption } from '../../app/components/EChart';
import { DateInput, MoneyInput } from '../../app/components/inputs';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useDeleteRecord } from '../../app/resource';
import { useSourceLabel } from '../lead-intake/useLeadIntake';
import { CampaignEmailTab } from './CampaignEmailTab';
import { CampaignEventTab } from './CampaignEventTab';
import { CampaignForm } from './CampaignForm';
import { CampaignStatusTag, CampaignTypeTag, RoiValue } from './CampaignTags';
import { useCampaign, useCampaignWrite, useCosts, useEmailStats, useRegistrations } from './useCampaigns';

export function CampaignDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useAuth();
  const handleError = useErrorHandler();
  const { data: campaign, isLoading, error } = useCampaign(id);
  const remove = useDeleteRecord('campaigns');
  const [editing, setEditing] = useState(false);
  const [tab, setTab] = useState('overview');

  if (!campaign) return <DetailState isLoading={isLoading} error={error} backTo="/campaigns" />;
  const c: Campaign = campaign;
  const canUpdate = can('campaign', 'update');

  return (
    <div data-testid="campaign-detail">
      <PageHeader
        backTo="/campaigns"
        title={c.name}
        tags={
          <>
            <CampaignTypeTag type={c.type} />
            <CampaignStatusTag status={c.status} />
          </>
        }
        extra={
          <>
            {can('campaign', 'delete') && (
              <Popconfirm
                title={t('campaigns.deleteConfirm')}
                onConfirm={() =>
                  remove
                    .mutateAsync(c.id)
                    .then(() => navigate('/campaigns'))
                    .catch((e: unknown) => handleError(e))
                }
              >
                <Button danger>{t('common.delete')}</Button>
              </Popconfirm>
            )}
            {canUpdate && (
              <Button type="primary" onClick={() => setEditing(true)} data-testid="campaign-edit">
                {t('common.edit')}
              </Button>
            )}
          </>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'overview', label: t('campaigns.tabs.overview'), children: <Overview campaign={c} /> },
          ...(c.type === 'email'
            ? [
                {
                  key: 'email',
                  label: t('campaigns.tabs.email'),
                  children: <CampaignEmailTab campaign={c} />,
                },
              ]
            : []),
          ...(c.type === 'event'
            ? [
                {
                  key: 'event',
                  label: t('campaigns.tabs.event'),
                  children: <CampaignEventTab campaign={c} />,
                },
              ]
            : []),
        ]}
      />
      <CampaignForm open={editing} onClose={() => setEditing(false)} campaign={c} />
    </div>
  );
}

function Overview({ campaign: c }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const sourceLabel = useSourceLabel();
  const money = (v: number | null) => fmt.money(v, c.currency, false);
  const r = c.roi;
  const used = c.budget > 0 ? Math.round((r.cost / c.budget) * 100) : null;
  const stats = useEmailStats(c.id, c.type === 'email');
  const regs = useRegistrations(c.id, '', c.type === 'event');

  const funnel = useMemo<ChartOption>(() => {
    const steps: [string, number][] = [];
    if (c.type === 'email' && stats.data)
      steps.push(
        [t('campaigns.funnel.sent'), stats.data.sent],
        [t('campaigns.funnel.opened'), stats.data.opened],
        [t('campaigns.funnel.clicked'), stats.data.clicked],
      );
    if (c.type === 'event' && regs.data)
      steps.push(
        [t('campaigns.funnel.registered'), regs.data.registered],
        [t('campaigns.funnel.attended'), regs.data.attended],
      );
    steps.push(
      [t('campaigns.roi.leads'), r.leads],
      [t('campaigns.roi.opportunities'), r.opportunities],
      [t('campaigns.roi.wonOpportunities'), r.wonOpportunities],
    );
    const max = Math.max(1, ...steps.map(([, v]) => v));
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '8%',
          width: '84%',
          top: 8,
          bottom: 8,
          min: 0,
          max,
          minSize: '8%',
          gap: 3,
          label: { show: true, position: 'inside', formatter: '{b}  {c}', color: '#fff', fontSize: 12 },
          itemStyle: { borderWidth: 0 },
          color: ['#1677ff', '#3b8cff', '#5ea2ff', '#13a8a8', '#36cfc9', '#52c41a', '#73d13d'],
          data: steps.map(([name, value]) => ({ name, value })),
        },
      ],
    };
  }, [c.type, stats.data, regs.data, r, t]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        <Card
          title={t('campaigns.roi.title')}
          extra={<Typography.Text type="secondary">{t('campaigns.roi.scopeNote')}</Typography.Text>}
        >
          <Row gutter={[16, 20]}>
            <Col xs={12} md={8}>
              <Statistic title={t('campaigns.roi.cost')} value={money(r.cost)} />
              {used !== null && (
                <Progress
                  percent={Math.min(100, used)}
                  size="small"
                  status={used > 100 ? 'exception' : 'normal'}
                  format={() => t('campaigns.roi.budgetUsed', { pct: used })}
                />
              )}
            </Col>
            <Col xs={12} md={8}>
              <Statistic
                title={t('campaigns.roi.wonRevenue')}
                value={money(r.wonRevenue)}
                styles={{ content: { color: '#1d4ed8' } }}
              />
            </Col>
            <Col xs={12} md={8}>
              <Statistic
                title={
                  <span title={t('campaigns.roi.roiHint')}>
                    {t('campaigns.roi.returnOnCost')}{' '}
                    <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                      {t('campaigns.roi.roiHint')}
                    </Typography.Text>
                  </span>
                }
                valueRender={() => <RoiValue bp={r.roiBp} strong />}
                value={r.roiBp ?? 0}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('campaigns.roi.leads')}
                value={r.leads}
                suffix={
                  <small>
                    / {r.convertedLeads} {t('campaigns.roi.convertedLeads')}
                  </small>
                }
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('campaigns.roi.opportunities')}
                value={r.opportunities}
                suffix={
                  <small>
                    / {r.wonOpportunities} {t('campaigns.roi.wonOpportunities')}
                  </small>
                }
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('campaigns.roi.pipelineAmount')} value={money(r.pipelineAmount)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('campaigns.roi.costPerLead')}
                value={r.costPerLead === null ? '—' : money(r.costPerLead)}
              />
            </Col>
          </Row>
          <Descriptions
            style={{ marginTop: 20 }}
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'period',
                label: t('campaigns.period'),
                children: c.startDate
                  ? `${fmt.date(c.startDate)}${c.endDate ? ` – ${fmt.date(c.endDate)}` : ''}`
                  : '—',
              },
              { key: 'budget', label: t('campaigns.budget'), children: money(c.budget) },
              { key: 'source', label: t('campaigns.source'), children: sourceLabel(c.source) },
              { key: 'owner', label: t('campaigns.owner'), children: c.ownerName },
              ...(c.location
                ? [{ key: 'location', label: t('campaigns.location'), children: c.location }]
                : []),
              ...(c.description
                ? [{ key: 'description', label: t('campaigns.description'), children: c.description }]
                : []),
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Card title={t('campaigns.funnel.title')}>
          <EChart option={funnel} height={260} testId="campaign-funnel" />
        </Card>
      </Col>
      <Col span={24}>
        <Costs campaign={c} />
      </Col>
    </Row>
  );
}

function Costs({ campaign: c }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const { data: costs = [], isLoading } = useCosts(c.id);
  const write = useCampaignWrite();
  const [form] = Form.useForm<{ date: string; item: string; amount: number }>();
  const canUpdate = can('campaign', 'update');
  const total = costs.reduce((s, x) => s + x.amount, 0);

  const add = async (v: { date: string; item: string; amount: number }) => {
    try {
      await write.mutateAsync({ method: 'post', path: `/campaigns/${c.id}/costs`, body: v });
      message.success(t('app.saved'));
      form.resetFields();
    } catch (err) {
      handleError(err, form);
    }
  };

  const columns: ColumnsType<CampaignCost> = [
    { key: 'date', title: t('campaigns.costs.date'), render: (_, x) => fmt.date(x.date), width: 160 },
    { key: 'item', title: t('campaigns.costs.item'), dataIndex: 'item' },
    { key: 'by', title: t('campaigns.costs.by'), render: (_, x) => x.createdByName },
    {
      key: 'amount',
      title: t('campaigns.costs.amount'),
      align: 'right',
      render: (_, x) => <span className="money">{fmt.money(x.amount, c.currency, false)}</span>,
    },
    {
      key: 'actions',
      width: 48,
      render: (_, x) =>
        canUpdate ? (
          <Popconfirm
            title={t('campaigns.costs.removeConfirm')}
            onConfirm={() =>
              write
                .mutateAsync({ method: 'delete', path: `/campaigns/${c.id}/costs/${x.id}` })
                .catch((e: unknown) => handleError(e))
            }
          >
            <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <Card title={t('campaigns.costs.title')} data-testid="campaign-costs">
      {canUpdate && (
        <Form
          form={form}
          layout="inline"
          onFinish={add}
          initialValues={{ date: dayjs().format('YYYY-MM-DD') }}
          style={{ marginBottom: 16, rowGap: 8 }}
        >
          <Form.Item
            name="date"
            rules={[
              { required: true, message: t('validation.required', { field: t('campaigns.costs.date') }) },
            ]}
          >
            <DateInput placeholder={t('campaigns.costs.date')} />
          </Form.Item>
          <Form.Item
            name="item"
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('campaigns.costs.item') }),
              },
            ]}
          >
            <Input
              placeholder={t('campaigns.costs.item')}
              maxLength={200}
              style={{ width: 220 }}
              data-testid="cost-item"
            />
          </Form.Item>
          <Form.Item
            name="amount"
            rules={[
              { required: true, message: t('validation.required', { field: t('campaigns.costs.amount') }) },
            ]}
          >
            <MoneyInput
              placeholder={t('campaigns.costs.amount')}
              style={{ width: 180 }}
              data-testid="cost-amount"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<PlusOutlined />}
            loading={write.isPending}
            data-testid="cost-add"
          >
            {t('campaigns.costs.add')}
          </Button>
        </Form>
      )}
      <Table<CampaignCost>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={costs}
        loading={isLoading}
        pagination={false}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaigns.costs.empty')} />,
        }}
        summary={() =>
          costs.length ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={3}>
                <strong>{t('campaigns.costs.total')}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <strong className="money">{fmt.money(total, c.currency, false)}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} />
            </Table.Summary.Row>
          ) : null
        }
      />
      <Flex />
    </Card>
  );
}
