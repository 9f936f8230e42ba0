import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { INDUSTRIES, REGIONS, type Team, type Territory, type TerritoryPotential } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { RowActions } from '../../app/components/RowActions';
import { EChart, type ChartOption } from '../../app/components/EChart';
import { FormDrawer } from '../../app/components/FormDrawer';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useList } from '../../app/resource';
import { pct } from './ChannelsTab';
import { usePlanWrite, usePotentials, useTerritories } from './usePlans';

/** Territories ranked by potential (market size less our revenue), and their settings. */
export function TerritoriesTab() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [year, setYear] = useState(dayjs().year());
  const { data, isLoading } = usePotentials(year);
  const territories = useTerritories();
  const write = usePlanWrite();
  const [editing, setEditing] = useState<Territory | 'new' | null>(null);
  const rows = useMemo(() => data?.items ?? [], [data]);
  const canEdit = can('territory', 'update');

  const option = useMemo<ChartOption>(
    () =>
      ({
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v) => fmt.money(Number(v) * 100) },
        xAxis: {
          type: 'category',
          data: rows.map((r) => r.name),
          axisLabel: { fontSize: 11, interval: 0, rotate: rows.length > 4 ? 30 : 0 },
        },
        yAxis: {
          type: 'value',
          axisLabel: { formatter: (v: number) => fmt.money(v * 100, undefined, true) },
        },
        series: [
          {
            type: 'bar',
            stack: 'market',
            name: t('plans.ourRevenue'),
            data: rows.map((r) => r.ourRevenue / 100),
            itemStyle: { color: '#2563eb' },
            barMaxWidth: 36,
          },
          {
            type: 'bar',
            stack: 'market',
            name: t('plans.potential'),
            data: rows.map((r) => r.potential / 100),
            itemStyle: { color: '#93c5fd', borderRadius: [4, 4, 0, 0] },
            barMaxWidth: 36,
          },
        ],
      }) as ChartOption,
    [rows, fmt, t],
  );

  const columns: ColumnsType<TerritoryPotential> = [
    { key: 'rank', title: '#', width: 40, render: (_, r) => r.rank },
    {
      key: 'name',
      title: t('plans.territory'),
      render: (_, r) => (
        <div>
          <Typography.Text strong>{r.name}</Typography.Text>
          {r.teamName && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.teamName}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      key: 'potential',
      title: t('plans.potential'),
      align: 'right',
      render: (_, r) => (
        <Typography.Text strong className="money" style={{ color: '#1d4ed8' }}>
          {fmt.money(r.potential, undefined, true)}
        </Typography.Text>
      ),
    },
    {
      key: 'market',
      title: t('plans.marketSize'),
      align: 'right',
      render: (_, r) => (
        <Tooltip
          title={t('plans.marketSizeHelp', {
            regional: fmt.money(r.factors.regionalSize, undefined, true),
            n: r.factors.regionalMarkets,
            nationwide: fmt.money(r.factors.nationwideSize, undefined, true),
            share: pct(r.factors.accountShareBp),
          })}
        >
          <span className="money">{fmt.money(r.marketSize, undefined, true)}</span>
        </Tooltip>
      ),
    },
    {
      key: 'revenue',
      title: t('plans.ourRevenue12'),
      align: 'right',
      render: (_, r) => <span className="money">{fmt.money(r.ourRevenue, undefined, true)}</span>,
    },
    { key: 'share', title: t('plans.marketShare'), align: 'right', render: (_, r) => pct(r.shareBp) },
    { key: 'customers', title: t('plans.customers'), align: 'right', dataIndex: 'customers' },
    {
      key: 'people',
      title: t('plans.headcount'),
      align: 'right',
      render: (_, r) => (
        <Tooltip title={t('plans.headcountHelp')}>
          {r.members} / {r.headcount}
        </Tooltip>
      ),
    },
  ];

  const settingsColumns: ColumnsType<Territory> = [
    {
      key: 'name',
      title: t('plans.territory'),
      render: (_, r) => (
        <Flex gap={6} align="center" wrap>
          <Typography.Text strong>{r.name}</Typography.Text>
          {!r.active && <Tag>{t('plans.inactive')}</Tag>}
        </Flex>
      ),
    },
    {
      key: 'regions',
      title: t('plans.fields.regions'),
      render: (_, r) => (
        <Flex gap={4} wrap>
          {r.regions.map((g) => (
            <Tag key={g} color="blue">
              {t(`enums.region.${g}`, { defaultValue: g })}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      key: 'industries',
      title: t('plans.fields.industries'),
      render: (_, r) =>
        r.industries.length
          ? r.industries.map((i) => t(`enums.industry.${i}`, { defaultValue: i })).join('、')
          : t('plans.allIndustries'),
    },
    { key: 'team', title: t('plans.fields.team'), render: (_, r) => r.teamName ?? '—' },
    { key: 'priority', title: t('plans.fields.priority'), align: 'right', dataIndex: 'priority' },
    { key: 'accounts', title: t('plans.accounts'), align: 'right', dataIndex: 'accounts' },
    ...(canEdit
      ? [
          {
            key: 'actions',
            width: 90,
            render: (_: unknown, r: Territory) => (
              <RowActions
                compact
                onEdit={() => setEditing(r)}
                deleteTitle={t('plans.deleteTerritory')}
                onDelete={() => write.mutateAsync({ method: 'delete', path: `/territories/${r.id}` })}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="plan-territories">
      <Card
        title={t('plans.rankingTitle')}
        style={{ marginBottom: 16 }}
        loading={isLoading}
        extra={
          <Select
            value={year}
            onChange={setYear}
            style={{ width: 100 }}
            options={[-1, 0, 1].map((d) => ({
              value: dayjs().year() + d,
              label: String(dayjs().year() + d),
            }))}
          />
        }
      >
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('plans.potentialRule')}
        </Typography.Paragraph>
        <EChart option={option} height={280} testId="potentials-chart" />
      </Card>
      <Card styles={{ body: { padding: 0 } }} style={{ marginBottom: 16 }}>
        <Table<TerritoryPotential>
          rowKey="territoryId"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="potentials-table"
        />
      </Card>
      <Card
        title={t('plans.territorySettings')}
        styles={{ body: { padding: 0 } }}
        extra={
          canEdit && (
            <Flex gap={8} wrap>
              <Button
                icon={<SyncOutlined />}
                loading={write.isPending}
                data-testid="territories-reassign"
                onClick={async () => {
                  try {
                    const r = (await write.mutateAsync({
                      method: 'post',
                      path: '/territories/reassign',
                    })) as { moved: number; assigned: number; unassigned: number };
                    message.success(t('plans.reassigned', r));
                  } catch (err) {
                    handleError(err);
                  }
                }}
              >
                {t('plans.reassign')}
              </Button>
              {can('territory', 'create') && (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setEditing('new')}
                  data-testid="territory-new"
                >
                  {t('plans.newTerritory')}
                </Button>
              )}
            </Flex>
          )
        }
      >
        <Table<Territory>
          rowKey="id"
          size="small"
          columns={settingsColumns}
          dataSource={territories.data?.items ?? []}
          loading={territories.isLoading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="territories-table"
        />
      </Card>
      <TerritoryForm
        territory={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
      />
    </div>
  );
}

interface TerritoryValues {
  name: string;
  regions: string[];
  industries: string[];
  teamId: string | null;
  headcount: number;
  priority: number;
  description: string | null;
  active: boolean;
}

function TerritoryForm({
  territory,
  open,
  onClose,
}: {
  territory: Territory | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TerritoryValues>();
  const write = usePlanWrite();
  const teams = useList<Team>('teams', { limit: 200, sort: 'name' }, open);
  return (
    <FormDrawer<TerritoryValues>
      open={open}
      title={territory ? t('plans.editTerritory') : t('plans.newTerritory')}
      form={form}
      testId="territory-form"
      initialValues={
        territory
          ? { ...territory }
          : { regions: [], industries: [], teamId: null, headcount: 0, priority: 0, active: true }
      }
      onClose={onClose}
      onSubmit={async (v) => {
        const body = { ...v, teamId: v.teamId ?? null, description: v.description || null };
        if (territory)
          await write.mutateAsync({
            method: 'patch',
            path: `/territories/${territory.id}`,
            body: { ...body, version: territory.version },
          });
        else await write.mutateAsync({ method: 'post', path: '/territories', body });
        onClose();
      }}
    >
      <Form.Item name="name" label={t('plans.fields.territoryName')} rules={[{ required: true }]}>
        <Input maxLength={100} data-testid="territory-form-name" />
      </Form.Item>
      <Form.Item name="regions" label={t('plans.fields.regions')} rules={[{ required: true }]}>
        <Select
          mode="multiple"
          data-testid="territory-form-regions"
          options={REGIONS.map((r) => ({ value: r, label: t(`enums.region.${r}`, { defaultValue: r }) }))}
        />
      </Form.Item>
      <Form.Item name="industries" label={t('plans.fields.industries')} extra={t('plans.industriesHelp')}>
        <Select
          mode="multiple"
          allowClear
          options={INDUSTRIES.map((i) => ({ value: i, label: t(`enums.industry.${i}`) }))}
        />
      </Form.Item>
      <Form.Item name="teamId" label={t('plans.fields.team')}>
        <Select
          allowClear
          loading={teams.isLoading}
          options={(teams.data?.items ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
        />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="headcount" label={t('plans.fields.headcount')} style={{ flex: 1 }}>
          <InputNumber min={0} max={100000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="priority"
          label={t('plans.fields.priority')}
          style={{ flex: 1 }}
          extra={t('plans.priorityHelp')}
        >
          <InputNumber min={-1000} max={1000} style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item name="description" label={t('plans.fields.description')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="active" label={t('plans.fields.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDrawer>
  );
}
