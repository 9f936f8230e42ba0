import { useMemo, useState } from 'react';
import {
  App,
  Badge,
  Button,
  Card,
  Flex,
  Input,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { ClockCircleOutlined, LockOutlined, SettingOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_LEVELS, INDUSTRIES, type Pool, type PoolRecord } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EmptyState } from '../../app/components/EmptyState';
import { PageHeader } from '../../app/components/PageHeader';
import { useRegionOptions } from '../../app/components/RegionInput';
import { useEnumLabel, useFormat } from '../../app/format';
import { LevelTag } from '../accounts/AccountsPage';
import { AssignDialog } from './PoolRecordActions';
import { usePoolErrorHandler } from './poolErrors';
import { ReclaimTable } from './ReclaimTable';
import { useRuleSummary } from './ruleSummary';
import { entityPath, useForecast, usePoolOp, usePoolRecords, usePools } from './usePools';

const UPCOMING = 'upcoming';

/**
 * 公海: the pools the reader belongs to, one tab each, with their records and the facts a rep
 * decides on; 领取 shows what is left of today's allowance. 即将回收 is the dry run: which of
 * the reader's (or their team's) customers the rules take back, when and why.
 */
export function PoolsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const pools = usePools();
  const items = pools.data?.items ?? [];
  const active = searchParams.get('tab') ?? items[0]?.id ?? UPCOMING;
  const setTab = (tab: string) =>
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams();
        next.set('tab', tab);
        if (prev.get('days')) next.set('days', prev.get('days')!);
        return next;
      },
      { replace: true },
    );

  return (
    <div data-testid="pools-page">
      <PageHeader
        title={t('pools.title')}
        subtitle={t('pools.subtitle')}
        extra={
          can('pool', 'update') && (
            <Button icon={<SettingOutlined />} onClick={() => navigate('/settings/pools')}>
              {t('pools.settings')}
            </Button>
          )
        }
      />
      <Card styles={{ body: { paddingTop: 0 } }} loading={pools.isLoading}>
        <Tabs
          activeKey={active}
          onChange={setTab}
          items={[
            ...items.map((p) => ({
              key: p.id,
              label: (
                <Space size={6} data-testid={`pool-tab-${p.id}`}>
                  {p.name}
                  <Badge count={p.recordCount} overflowCount={999} size="small" color="#94a3b8" showZero />
                </Space>
              ),
              children: <PoolRecords pool={p} />,
            })),
            {
              key: UPCOMING,
              label: (
                <Space size={6} data-testid="pool-tab-upcoming">
                  <ClockCircleOutlined />
                  {t('pools.upcoming')}
                </Space>
              ),
              children: <Upcoming pools={items} />,
            },
          ]}
        />
      </Card>
    </div>
  );
}

function QuotaBar({ pool }: { pool: Pool }) {
  const { t } = useTranslation();
  const summary = useRuleSummary();
  const q = pool.quota;
  const limits = [
    pool.claimLimitDay !== null ? t('pools.limitDay', { n: pool.claimLimitDay }) : null,
    pool.claimLimitWeek !== null ? t('pools.limitWeek', { n: pool.claimLimitWeek }) : null,
    pool.lockDays ? t('pools.lockN', { n: pool.lockDays }) : null,
  ].filter(Boolean);
  return (
    <Flex gap={32} wrap align="center" className="pool-quota" data-testid="pool-quota">
      <Statistic
        title={t('pools.remainingTodayLabel')}
        value={q.remainingToday === null ? t('pools.unlimited') : q.remainingToday}
        styles={{ content: { color: q.remainingToday === 0 ? '#dc2626' : '#1d4ed8', fontSize: 22 } }}
      />
      <Statistic
        title={t('pools.heldLabel')}
        value={q.held}
        suffix={q.maxHeld !== null ? `/ ${q.maxHeld}` : undefined}
        styles={{ content: { fontSize: 22 } }}
      />
      <Statistic
        title={t('pools.claimedThisWeek')}
        value={q.claimedThisWeek}
        styles={{ content: { fontSize: 22 } }}
      />
      <Space orientation="vertical" size={2} style={{ flex: 1, minWidth: 220 }}>
        {limits.length > 0 && <Typography.Text type="secondary">{limits.join(' · ')}</Typography.Text>}
        {pool.rules.length > 0 && (
          <Typography.Text type="secondary">
            {t('pools.kv', { k: t('pools.rulesShort'), v: '' })}
            {pool.rules.map((r) => summary(r, pool.kind)).join(t('pools.sep'))}
          </Typography.Text>
        )}
        {pool.hideContacts && <Typography.Text type="secondary">{t('pools.hiddenNote')}</Typography.Text>}
      </Space>
    </Flex>
  );
}

function PoolRecords({ pool }: { pool: Pool }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useEnumLabel();
  const regions = useRegionOptions();
  const { message } = App.useApp();
  const handleError = usePoolErrorHandler();
  const op = usePoolOp();
  const [filters, setFilters] = useState<{ q?: string; level?: string; industry?: string; region?: string }>(
    {},
  );
  const records = usePoolRecords(pool.id, filters);
  const [assigning, setAssigning] = useState<PoolRecord | null>(null);
  const isAccount = pool.kind === 'account';
  const canClaim = pool.myRole !== null && pool.quota.remainingToday !== 0;

  const claim = (r: PoolRecord) =>
    op.mutateAsync({ op: 'claim', kind: pool.kind, id: r.id, version: r.version }).then(
      () => message.success(t('pools.claimedName', { name: r.name })),
      (err) => handleError(err),
    );

  const columns = useMemo<ColumnsType<PoolRecord>>(
    () => [
      {
        key: 'name',
        title: isAccount ? t('fields.account') : t('fields.contactName'),
        render: (_, r) => (
          <Space orientation="vertical" size={0}>
            <Link to={`/${entityPath(pool.kind)}/${r.id}`} data-testid="pool-record-link">
              <Typography.Text strong style={{ color: 'inherit' }}>
                {r.name}
              </Typography.Text>
            </Link>
            {r.company && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.company}
              </Typography.Text>
            )}
          </Space>
        ),
      },
      ...(isAccount
        ? [
            {
              key: 'level',
              title: t('fields.level'),
              render: (_: unknown, r: PoolRecord) => <LevelTag level={r.level} />,
            },
          ]
        : []),
      { key: 'industry', title: t('fields.industry'), render: (_, r) => label('industry', r.industry) },
      { key: 'region', title: t('fields.region'), render: (_, r) => label('region', r.region) },
      { key: 'phone', title: t('fields.phone'), render: (_, r) => r.phone ?? '—' },
      {
        key: 'lastFollowUp',
        title: t('pools.lastFollowUp'),
        render: (_, r) =>
          r.lastFollowUpAt ? (
            <Tooltip title={fmt.dateTime(r.lastFollowUpAt)}>{fmt.relative(r.lastFollowUpAt)}</Tooltip>
          ) : (
            <Typography.Text type="secondary">{t('pools.never')}</Typography.Text>
          ),
      },
      {
        key: 'times',
        title: t('pools.timesInPool'),
        align: 'right',
        render: (_, r) => (r.timesInPool > 1 ? <Tag color="orange">{r.timesInPool}</Tag> : r.timesInPool),
      },
      { key: 'previous', title: t('pools.previousOwner'), render: (_, r) => r.previousOwnerName ?? '—' },
      {
        key: 'inPool',
        title: t('pools.inPoolFor'),
        render: (_, r) => (r.daysInPool === null ? '—' : t('pools.days', { n: r.daysInPool })),
      },
      {
        key: 'actions',
        title: t('common.actions'),
        render: (_, r) => (
          <Space>
            {r.lockedUntil ? (
              <Tooltip title={t('pools.lockedUntil', { date: fmt.date(r.lockedUntil) })}>
                <Button size="small" icon={<LockOutlined />} disabled>
                  {t('pools.claim')}
                </Button>
              </Tooltip>
            ) : (
              <Button
                size="small"
                type="primary"
                disabled={!canClaim}
                loading={op.isPending && op.variables?.id === r.id}
                onClick={() => void claim(r)}
                data-testid="pool-record-claim"
              >
                {t('pools.claim')}
              </Button>
            )}
            {pool.myRole === 'admin' && (
              <Button size="small" onClick={() => setAssigning(r)} data-testid="pool-record-assign">
                {t('pools.assign')}
              </Button>
            )}
          </Space>
        ),
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, fmt, label, pool, canClaim, op.isPending, op.variables],
  );

  return (
    <div data-testid="pool-records">
      <QuotaBar pool={pool} />
      <Flex gap={8} wrap align="center" style={{ margin: '16px 0 12px' }}>
        <Input.Search
          allowClear
          placeholder={isAccount ? t('pools.searchAccounts') : t('pools.searchLeads')}
          onSearch={(q) => setFilters((f) => ({ ...f, q: q || undefined }))}
          style={{ width: 240 }}
          data-testid="pool-search"
        />
        {isAccount && (
          <Select
            allowClear
            placeholder={t('fields.level')}
            style={{ width: 120 }}
            value={filters.level}
            onChange={(level?: string) => setFilters((f) => ({ ...f, level }))}
            options={ACCOUNT_LEVELS.map((l) => ({ value: l, label: t(`enums.accountLevel.${l}`) }))}
          />
        )}
        <Select
          allowClear
          placeholder={t('fields.industry')}
          style={{ width: 140 }}
          value={filters.industry}
          onChange={(industry?: string) => setFilters((f) => ({ ...f, industry }))}
          options={INDUSTRIES.map((v) => ({ value: v, label: t(`enums.industry.${v}`) }))}
          popupMatchSelectWidth={false}
        />
        <Select
          allowClear
          placeholder={t('fields.region')}
          style={{ width: 120 }}
          value={filters.region}
          onChange={(region?: string) => setFilters((f) => ({ ...f, region }))}
          options={regions}
        />
      </Flex>
      <Table<PoolRecord>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={records.items}
        loading={records.isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="pool-records-table"
        locale={{ emptyText: <EmptyState title={t('pools.emptyTitle')} hint={t('pools.emptyHint')} /> }}
      />
      {records.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void records.fetchNextPage()} loading={records.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      {assigning && (
        <AssignDialog
          open
          onClose={() => setAssigning(null)}
          kind={pool.kind}
          record={{ ...assigning, ownerId: null, poolId: pool.id }}
          pool={pool}
        />
      )}
    </div>
  );
}

function Upcoming({ pools }: { pools: Pool[] }) {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const days = Number(searchParams.get('days') ?? 30);
  const [poolId, setPoolId] = useState<string | undefined>();
  const forecast = useForecast({ days, ...(poolId ? { poolId } : {}) });
  const withRules = pools.filter((p) => p.rules.length > 0);
  return (
    <div data-testid="pool-upcoming">
      <Flex gap={12} wrap align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('pools.upcomingHint')}</Typography.Text>
        <Space wrap>
          {withRules.length > 1 && (
            <Select
              allowClear
              placeholder={t('pools.allPools')}
              style={{ width: 160 }}
              value={poolId}
              onChange={setPoolId}
              options={withRules.map((p) => ({ value: p.id, label: p.name }))}
            />
          )}
          <Segmented<number>
            value={days}
            onChange={(v) =>
              setSearchParams(
                (prev) => {
                  const next = new URLSearchParams(prev);
                  next.set('days', String(v));
                  return next;
                },
                { replace: true },
              )
            }
            options={[7, 14, 30, 60].map((n) => ({ value: n, label: t('pools.nextDays', { n }) }))}
            data-testid="pool-upcoming-days"
          />
        </Space>
      </Flex>
      <ReclaimTable
        items={forecast.data?.items ?? []}
        loading={forecast.isLoading}
        testId="pool-forecast"
        emptyTitle={t('pools.noUpcoming')}
        emptyHint={t('pools.noUpcomingHint')}
      />
    </div>
  );
}
