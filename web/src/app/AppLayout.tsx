import { useMemo, useState } from 'react';
import {
  Avatar,
  Badge,
  Button,
  Drawer,
  Dropdown,
  Grid,
  Layout,
  Menu,
  Typography,
  type MenuProps,
} from 'antd';
import {
  AccountBookOutlined,
  FlagOutlined,
  RadarChartOutlined,
  EnvironmentOutlined,
  ClusterOutlined,
  CompassOutlined,
  CommentOutlined,
  MailOutlined,
  NotificationOutlined,
  AimOutlined,
  BranchesOutlined,
  ProfileOutlined,
  TagsOutlined,
  ThunderboltOutlined,
  AppstoreOutlined,
  AuditOutlined,
  ApartmentOutlined,
  BankOutlined,
  BellOutlined,
  CalendarOutlined,
  ContactsOutlined,
  InboxOutlined,
  DashboardOutlined,
  EyeOutlined,
  FileProtectOutlined,
  FormOutlined,
  FileTextOutlined,
  SolutionOutlined,
  FieldTimeOutlined,
  FundProjectionScreenOutlined,
  FunnelPlotOutlined,
  GlobalOutlined,
  LogoutOutlined,
  MenuOutlined,
  MergeCellsOutlined,
  NodeIndexOutlined,
  ShoppingOutlined,
  UserOutlined,
  ScheduleOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { App as AntApp } from 'antd';
import type { Locale, ObjectType } from '@tuoke/shared';
import { useAuth, useMe } from './auth';
import { LANGUAGES } from './i18n';
import { GlobalSearch } from './GlobalSearch';
import { useApprovalCounts } from '../modules/approvals/useApprovals';
import { useUnreadNotifications } from '../modules/notifications/useNotifications';
import { CalendarFeedDialog } from '../modules/activities/CalendarFeedDialog';

interface NavItem {
  key: string;
  icon: React.ReactNode;
  label: string;
  object?: ObjectType;
  /** The action on `object` the entry needs (default read). */
  action?: 'read' | 'update';
  adminOnly?: boolean;
  badge?: number;
}

/** The navigation follows the product's chapters and shows only what the user may read. */
function useNavigation() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const counts = useApprovalCounts(!!me).data;
  const pendingApprovals = counts?.pending ?? 0;
  const unreadNotifications = useUnreadNotifications(!!me).data?.count ?? 0;
  // 通知中心: unread notifications plus unread approval reminders
  const unreadReminders = (counts?.reminders ?? 0) + unreadNotifications;
  return useMemo(() => {
    const groups: { key: string; label: string; items: NavItem[] }[] = [
      {
        key: 'customers',
        label: t('nav.customers'),
        items: [
          { key: '/leads', icon: <AimOutlined />, label: t('nav.leads'), object: 'lead' },
          {
            key: '/web-forms',
            icon: <ProfileOutlined />,
            label: t('leadIntake.nav.forms'),
            object: 'web_form',
          },
          { key: '/accounts', icon: <BankOutlined />, label: t('nav.accounts'), object: 'account' },
          { key: '/contacts', icon: <ContactsOutlined />, label: t('nav.contacts'), object: 'contact' },
          {
            key: '/campaigns',
            icon: <NotificationOutlined />,
            label: t('campaigns.nav'),
            object: 'campaign',
          },
          { key: '/segments', icon: <ClusterOutlined />, label: t('segments.nav'), object: 'segment' },
          { key: '/pools', icon: <InboxOutlined />, label: t('pools.nav'), object: 'pool' },
          {
            key: '/questionnaires',
            icon: <FormOutlined />,
            label: t('questionnaires.nav'),
            object: 'questionnaire',
          },
          { key: '/duplicates', icon: <MergeCellsOutlined />, label: t('nav.duplicates'), object: 'account' },
        ],
      },
      {
        key: 'planning',
        label: t('nav.planning'),
        items: [
          { key: '/targets', icon: <FlagOutlined />, label: t('targets.nav'), object: 'target' },
          { key: '/plans', icon: <CompassOutlined />, label: t('plans.nav'), object: 'territory' },
          { key: '/markets', icon: <RadarChartOutlined />, label: t('markets.nav'), object: 'market' },
        ],
      },
      {
        key: 'sales',
        label: t('nav.sales'),
        items: [
          {
            key: '/opportunities',
            icon: <FundProjectionScreenOutlined />,
            label: t('nav.opportunities'),
            object: 'opportunity',
          },
          {
            key: '/opportunities/board',
            icon: <AppstoreOutlined />,
            label: t('nav.board'),
            object: 'opportunity',
          },
          {
            key: '/opportunities/funnel',
            icon: <FunnelPlotOutlined />,
            label: t('nav.funnel'),
            object: 'opportunity',
          },
          { key: '/contracts', icon: <FileProtectOutlined />, label: t('nav.contracts'), object: 'contract' },
          { key: '/cash', icon: <AccountBookOutlined />, label: t('nav.cashView'), object: 'payment' },
          { key: '/activities', icon: <CalendarOutlined />, label: t('nav.activities'), object: 'activity' },
          { key: '/visits', icon: <EnvironmentOutlined />, label: t('visits.nav'), object: 'visit' },
          {
            key: '/work-reports',
            icon: <SolutionOutlined />,
            label: t('workReports.nav'),
            object: 'work_report',
          },
          {
            key: '/supervision',
            icon: <EyeOutlined />,
            label: t('supervision.nav'),
            object: 'supervision',
          },
          { key: '/meetings', icon: <CommentOutlined />, label: t('meetings.nav'), object: 'meeting' },
          {
            key: '/approvals',
            icon: <AuditOutlined />,
            label: t('approvals.nav'),
            object: 'quote',
            badge: pendingApprovals,
          },
        ],
      },
      {
        key: 'settings',
        label: t('nav.settings'),
        items: [
          {
            key: '/settings/products',
            icon: <ShoppingOutlined />,
            label: t('nav.products'),
            object: 'product',
          },
          {
            key: '/settings/pipelines',
            icon: <NodeIndexOutlined />,
            label: t('nav.pipelines'),
            object: 'pipeline',
          },
          { key: '/settings/users', icon: <UserOutlined />, label: t('nav.users'), object: 'user' },
          { key: '/settings/teams', icon: <ApartmentOutlined />, label: t('nav.teams'), object: 'team' },
          {
            key: '/settings/lead-sources',
            icon: <TagsOutlined />,
            label: t('leadIntake.nav.sources'),
            object: 'lead_source',
            action: 'update',
          },
          {
            key: '/settings/assignment-rules',
            icon: <BranchesOutlined />,
            label: t('leadIntake.nav.rules'),
            object: 'assignment_rule',
          },
          {
            key: '/settings/scoring',
            icon: <ThunderboltOutlined />,
            label: t('leadIntake.nav.scoring'),
            object: 'scoring_rule',
          },
          {
            key: '/settings/pools',
            icon: <InboxOutlined />,
            label: t('pools.navSettings'),
            object: 'pool',
            action: 'update',
          },
          {
            key: '/settings/contracts',
            icon: <FileTextOutlined />,
            label: t('contractSettings.nav'),
            adminOnly: true,
          },
          { key: '/settings/jobs', icon: <ScheduleOutlined />, label: t('nav.jobs'), adminOnly: true },
          { key: '/settings/mail', icon: <MailOutlined />, label: t('mailSettings.nav'), adminOnly: true },
          {
            key: '/settings/approval-rules',
            icon: <SafetyCertificateOutlined />,
            label: t('approvals.navRules'),
            object: 'approval_rule',
          },
          {
            key: '/settings/report-rules',
            icon: <FieldTimeOutlined />,
            label: t('workReports.rules.nav'),
            object: 'report_rule',
            action: 'update',
          },
        ],
      },
    ];
    const menu: MenuProps['items'] = [
      {
        key: '/',
        icon: <DashboardOutlined />,
        label: <span data-testid="nav-home">{t('nav.home')}</span>,
      },
      {
        key: '/reminders',
        icon: <BellOutlined />,
        label: (
          <span data-testid="nav-reminders">
            {t('reminders.nav')}
            {unreadReminders ? (
              <Badge count={unreadReminders} size="small" style={{ marginLeft: 8, boxShadow: 'none' }} />
            ) : null}
          </span>
        ),
      },
    ];
    for (const group of groups) {
      const items = group.items.filter(
        (i) =>
          (!i.object || can(i.object, i.action ?? 'read')) && (!i.adminOnly || me?.user.role === 'admin'),
      );
      if (items.length === 0) continue;
      menu.push({
        type: 'group',
        key: group.key,
        label: group.label,
        children: items.map((i) => ({
          key: i.key,
          icon: i.icon,
          label: (
            <span data-testid={`nav-${i.key.split('/').filter(Boolean).join('-')}`}>
              {i.label}
              {i.badge ? (
                <Badge count={i.badge} size="small" style={{ marginLeft: 8, boxShadow: 'none' }} />
              ) : null}
            </span>
          ),
        })),
      });
    }
    return menu;
  }, [t, can, me, pendingApprovals, unreadReminders]);
}

function selectedKey(pathname: string): string {
  if (pathname === '/opportunities/board' || pathname === '/opportunities/funnel') return pathname;
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] === 'settings') return `/settings/${parts[1] ?? ''}`;
  return parts.length ? `/${parts[0]}` : '/';
}

export function AppLayout() {
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const items = useNavigation();
  const { t } = useTranslation();

  const menu = (
    <>
      <div className="app-logo">
        <img src="/favicon.svg" alt="" />
        <span>{t('app.name')}</span>
      </div>
      <Menu
        theme="dark"
        mode="inline"
        items={items}
        selectedKeys={[selectedKey(location.pathname)]}
        onClick={({ key }) => {
          navigate(key);
          setDrawerOpen(false);
        }}
        data-testid="nav"
      />
    </>
  );

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="app-layout">
      {isMobile ? (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          size={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#0f172a' } }}
        >
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={220} style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="app-header">
          {isMobile && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('nav.menu')}
              onClick={() => setDrawerOpen(true)}
              data-testid="nav-toggle"
            />
          )}
          <GlobalSearch />
          {!isMobile && <div style={{ flex: 1 }} />}
          <ReminderBell />
          <LanguageSwitch compact={isMobile} />
          <UserMenu compact={isMobile} />
        </Layout.Header>
        <Layout.Content>
          <div className="app-content">
            <Outlet />
          </div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/**
 * The header bell: unread notifications and approval reminders, the way to 通知中心. Shares the
 * polled counts (every 60 s) with the menu.
 */
function ReminderBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unread = (useApprovalCounts().data?.reminders ?? 0) + (useUnreadNotifications().data?.count ?? 0);
  return (
    <Button
      type="text"
      aria-label={t('reminders.nav')}
      title={t('reminders.nav')}
      onClick={() => navigate('/reminders')}
      data-testid="reminders-bell"
      icon={
        <Badge count={unread} size="small" offset={[2, -2]}>
          <BellOutlined style={{ fontSize: 16 }} />
        </Badge>
      }
    />
  );
}

export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const { changeLocale } = useAuth();
  const { message } = AntApp.useApp();
  return (
    <Dropdown
      menu={{
        selectable: true,
        selectedKeys: [i18n.language],
        items: LANGUAGES.map((l) => ({
          key: l,
          label: <span data-testid={`lang-${l}`}>{t(`enums.locale.${l}`)}</span>,
        })),
        onClick: ({ key }) => {
          changeLocale(key as Locale).catch((err: Error) => message.error(err.message));
        },
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        data-testid="lang-switch"
        aria-label={t('topbar.language')}
      >
        {!compact && t(`enums.locale.${i18n.language}`)}
      </Button>
    </Dropdown>
  );
}

function UserMenu({ compact }: { compact: boolean }) {
  const me = useMe();
  const { logout } = useAuth();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [feedOpen, setFeedOpen] = useState(false);
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            {
              key: 'who',
              disabled: true,
              label: (
                <div style={{ lineHeight: 1.5, padding: '4px 0' }}>
                  <Typography.Text strong>{me.user.name}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">{me.user.email}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {t(`enums.role.${me.user.role}`)} · {me.organization.name}
                  </Typography.Text>
                </div>
              ),
            },
            { type: 'divider' },
            {
              key: 'calendar-feed',
              icon: <CalendarOutlined />,
              label: <span data-testid="calendar-feed-menu">{t('calendarFeed.menu')}</span>,
              onClick: () => setFeedOpen(true),
            },
            {
              key: 'logout',
              icon: <LogoutOutlined />,
              label: <span data-testid="logout">{t('topbar.logout')}</span>,
              onClick: async () => {
                await logout().catch(() => undefined);
                message.success(t('auth.loggedOut'));
                navigate('/login', { replace: true });
              },
            },
          ],
        }}
      >
        <Button type="text" data-testid="user-menu" style={{ paddingInline: 6 }}>
          <Avatar size="small" style={{ background: '#1d4ed8' }}>
            {me.user.name.slice(0, 1)}
          </Avatar>
          {!compact && <span style={{ marginLeft: 6 }}>{me.user.name}</span>}
        </Button>
      </Dropdown>
      <CalendarFeedDialog open={feedOpen} onClose={() => setFeedOpen(false)} />
    </>
  );
}
