import { useState } from 'react';
import { App, Badge, Button, Card, Grid, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ApprovalReminder, Reminder, View } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EmptyState } from '../../app/components/EmptyState';
import { PageHeader } from '../../app/components/PageHeader';
import { ViewTabs } from '../../app/components/ViewTabs';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useApprovalCounts, useApprovalReminders, useMarkRemindersRead } from '../approvals/useApprovals';
import { NotificationList } from '../notifications/NotificationList';
import { NotificationSettings } from '../notifications/NotificationSettings';
import { useUnreadNotifications } from '../notifications/useNotifications';
import { daysUntil, useContractReminders } from './useReminders';
import { ReclaimTable } from '../pools/ReclaimTable';
import { usePoolWarnings } from '../pools/usePools';

type Tab = 'contracts' | 'approvals' | 'pools';
type Section = 'notifications' | 'reminders' | 'settings';
const SECTIONS: readonly Section[] = ['notifications', 'reminders', 'settings'];

/**
 * 通知中心 (/reminders): 通知 (my notifications), 提醒 (contracts and payments falling due,
 * overdue approvals, pool warnings) and 通知设置 (in-app and e-mail per kind). `?tab=` picks
 * the section; without it, unread approval reminders and no unread notification open 提醒.
 */
export function RemindersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const unread = useUnreadNotifications().data?.count ?? 0;
  const unreadReminders = useApprovalCounts().data?.reminders ?? 0;
  const asked = params.get('tab') as Section | null;
  const section: Section =
    asked && SECTIONS.includes(asked)
      ? asked
      : unread === 0 && unreadReminders > 0
        ? 'reminders'
        : 'notifications';
  return (
    <div>
      <PageHeader title={t('reminders.title')} subtitle={t('reminders.subtitle')} />
      <Card styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={section}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={[
            {
              key: 'notifications',
              label: (
                <Space size={6} data-testid="center-tab-notifications">
                  {t('notifications.tabNotifications')}
                  <Badge count={unread} size="small" />
                </Space>
              ),
              children: <NotificationList />,
            },
            {
              key: 'reminders',
              label: (
                <Space size={6} data-testid="center-tab-reminders">
                  {t('notifications.tabReminders')}
                  <Badge count={unreadReminders} size="small" />
                </Space>
              ),
              children: <RemindersPanel />,
            },
            {
              key: 'settings',
              label: <span data-testid="center-tab-settings">{t('notifications.tabSettings')}</span>,
              children: <NotificationSettings />,
            },
          ]}
        />
      </Card>
    </div>
  );
}

/**
 * 提醒: contracts ending and installments falling due (from the daily contract job), and
 * approval steps that waited for me past their time limit (from the approvals reminder job).
 */
function RemindersPanel() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const isMobile = !Grid.useBreakpoint().md;
  const canContracts = can('contract', 'read');
  const [view, setView] = useState<View>('mine');
  const [tab, setTab] = useState<Tab | null>(null);
  const contracts = useContractReminders(view, canContracts);
  const approvals = useApprovalReminders();
  const markRead = useMarkRemindersRead();
  // 公海回收预警: my customers the daily pool job warned will go back to a pool soon
  const poolWarnings = usePoolWarnings(can('pool', 'read'));
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const approvalItems = approvals.data?.items ?? [];
  const unread = approvalItems.filter((r) => !r.read).length;
  // Opened from the bell with unread approval reminders, those come first.
  const active: Tab = tab ?? (!canContracts || unread > 0 ? 'approvals' : 'contracts');

  const markAll = () => {
    setTab(active); // stay here once nothing is unread
    return markRead.mutateAsync(undefined).then(
      () => message.success(t('reminders.allRead')),
      (err) => handleError(err),
    );
  };

  const tools =
    active === 'pools' ? null : active === 'contracts' ? (
      <ViewTabs value={view} onChange={setView} />
    ) : (
      <Button
        icon={<CheckOutlined />}
        disabled={unread === 0}
        loading={markRead.isPending}
        onClick={() => void markAll()}
        data-testid="reminders-mark-all"
      >
        {t('reminders.markAllRead')}
      </Button>
    );
  // On a phone the tab bar has no room for them: they go above the list.
  const toolbar = isMobile ? <div style={{ marginBottom: 12 }}>{tools}</div> : null;

  return (
    <Tabs
      size="small"
      activeKey={active}
      onChange={(k) => setTab(k as Tab)}
      tabBarExtraContent={isMobile ? undefined : tools}
      items={[
        ...(canContracts
          ? [
              {
                key: 'contracts',
                label: (
                  <Space size={6} data-testid="reminders-tab-contracts">
                    {t('reminders.tabContracts')}
                    <Badge count={contracts.data?.length ?? 0} size="small" color="#94a3b8" />
                  </Space>
                ),
                children: (
                  <>
                    {toolbar}
                    <ContractReminders items={contracts.data ?? []} loading={contracts.isLoading} />
                  </>
                ),
              },
            ]
          : []),
        {
          key: 'approvals',
          label: (
            <Space size={6} data-testid="reminders-tab-approvals">
              {t('reminders.tabApprovals')}
              <Badge count={unread} size="small" />
            </Space>
          ),
          children: (
            <>
              {toolbar}
              <ApprovalReminders
                items={approvalItems}
                loading={approvals.isLoading}
                onOpen={(r) => {
                  if (!r.read) markRead.mutate([r.id]);
                }}
              />
            </>
          ),
        },
        ...(can('pool', 'read')
          ? [
              {
                key: 'pools',
                label: (
                  <Space size={6} data-testid="reminders-tab-pools">
                    {t('pools.warningsTab')}
                    <Badge count={poolWarnings.data?.items.length ?? 0} size="small" color="#f59e0b" />
                  </Space>
                ),
                children: (
                  <ReclaimTable
                    items={poolWarnings.data?.items ?? []}
                    loading={poolWarnings.isLoading}
                    showOwner={false}
                    testId="pool-warnings"
                    emptyTitle={t('pools.noWarnings')}
                    emptyHint={t('pools.noWarningsHint')}
                  />
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

function DaysLeft({ date }: { date: string }) {
  const { t } = useTranslation();
  const days = daysUntil(date);
  if (days < 0)
    return <Typography.Text type="danger">{t('reminders.overdueDays', { n: -days })}</Typography.Text>;
  if (days === 0) return <Typography.Text type="danger">{t('reminders.dueToday')}</Typography.Text>;
  return (
    <Typography.Text type={days <= 7 ? 'warning' : undefined}>
      {t('reminders.daysLeft', { n: days })}
    </Typography.Text>
  );
}

function ContractReminders({ items, loading }: { items: Reminder[]; loading: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const columns: ColumnsType<Reminder> = [
    {
      key: 'kind',
      title: t('reminders.kind'),
      render: (_, r) => (
        <Tag color={r.kind === 'payment_due' ? 'blue' : 'orange'}>{t(`reminders.kinds.${r.kind}`)}</Tag>
      ),
    },
    { key: 'dueDate', title: t('reminders.dueDate'), render: (_, r) => fmt.date(r.dueDate) },
    { key: 'daysLeft', title: t('reminders.daysLeftCol'), render: (_, r) => <DaysLeft date={r.dueDate} /> },
    {
      key: 'contract',
      title: t('reminders.contract'),
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/contracts/${r.contractId}`}>{r.contractNumber}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.contractName}
          </Typography.Text>
        </Space>
      ),
    },
  ];
  return (
    <Table<Reminder>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      data-testid="contract-reminders"
      locale={{
        emptyText: (
          <EmptyState
            title={t('reminders.noContractReminders')}
            hint={t('reminders.noContractRemindersHint')}
          />
        ),
      }}
    />
  );
}

function ApprovalReminders({
  items,
  loading,
  onOpen,
}: {
  items: ApprovalReminder[];
  loading: boolean;
  onOpen: (r: ApprovalReminder) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const open = (r: ApprovalReminder) => {
    onOpen(r);
    navigate(`/approvals?open=${r.requestId}`);
  };
  const columns: ColumnsType<ApprovalReminder> = [
    {
      key: 'title',
      title: t('reminders.request'),
      render: (_, r) => (
        <Space align="start" size={8}>
          <Badge status={r.read ? 'default' : 'error'} style={{ marginTop: 2 }} />
          <Space orientation="vertical" size={0}>
            <Typography.Link strong={!r.read} onClick={() => open(r)} data-testid="approval-reminder-link">
              {r.title}
            </Typography.Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`approvals.type.${r.businessType}`)} · {t('approvals.submitter')}: {r.submitterName}
            </Typography.Text>
          </Space>
        </Space>
      ),
    },
    {
      key: 'amount',
      title: t('approvals.amount'),
      align: 'right',
      render: (_, r) => <span className="money">{fmt.money(r.amount, undefined, false)}</span>,
    },
    {
      key: 'dueAt',
      title: t('reminders.dueAt'),
      render: (_, r) => (
        <Typography.Text type={r.waiting ? 'danger' : 'secondary'}>{fmt.dateTime(r.dueAt)}</Typography.Text>
      ),
    },
    {
      key: 'state',
      title: t('approvals.statusLabel'),
      render: (_, r) =>
        r.waiting ? (
          <Tag color="red">{t('reminders.waitingForYou')}</Tag>
        ) : (
          <Tag>
            {r.requestStatus === 'pending'
              ? t('reminders.handled')
              : t(`approvals.status.${r.requestStatus}`)}
          </Tag>
        ),
    },
    {
      key: 'remindedAt',
      title: t('reminders.remindedAt'),
      render: (_, r) => <Typography.Text type="secondary">{fmt.relative(r.createdAt)}</Typography.Text>,
    },
  ];
  return (
    <Table<ApprovalReminder>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      data-testid="approval-reminders"
      locale={{
        emptyText: (
          <EmptyState
            title={t('reminders.noApprovalReminders')}
            hint={t('reminders.noApprovalRemindersHint')}
          />
        ),
      }}
    />
  );
}
