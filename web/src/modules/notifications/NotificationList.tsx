import { useState } from 'react';
import { App, Avatar, Badge, Button, Flex, Grid, List, Segmented, Tag, Tooltip, Typography } from 'antd';
import {
  AuditOutlined,
  CheckOutlined,
  ClockCircleOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  FundProjectionScreenOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Notification, NotificationKind } from '@tuoke/shared';
import { EmptyState } from '../../app/components/EmptyState';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { notificationText } from './notificationText';
import { useMarkNotificationsRead, useNotifications, useUnreadNotifications } from './useNotifications';

/** The settings page and the list group kinds the same way. */
export const KIND_GROUPS: { key: string; kinds: NotificationKind[] }[] = [
  { key: 'activities', kinds: ['activity_due', 'task_overdue'] },
  {
    key: 'deals',
    kinds: ['deal_stalled', 'deal_no_next_step', 'customer_forgotten', 'supervision_digest'],
  },
  { key: 'visits', kinds: ['visit_far_checkin', 'visit_missed'] },
  { key: 'reports', kinds: ['report_missing', 'report_submitted', 'report_comment'] },
  { key: 'meetings', kinds: ['meeting_scheduled', 'action_item_assigned'] },
  { key: 'approvals', kinds: ['approval_pending', 'approval_decided'] },
];

const GROUP_LOOK: Record<string, { icon: React.ReactNode; color: string }> = {
  activities: { icon: <ClockCircleOutlined />, color: '#f59e0b' },
  deals: { icon: <FundProjectionScreenOutlined />, color: '#ef4444' },
  visits: { icon: <EnvironmentOutlined />, color: '#0ea5e9' },
  reports: { icon: <FileTextOutlined />, color: '#6366f1' },
  meetings: { icon: <TeamOutlined />, color: '#8b5cf6' },
  approvals: { icon: <AuditOutlined />, color: '#10b981' },
};
const lookOf = (kind: NotificationKind) =>
  GROUP_LOOK[KIND_GROUPS.find((g) => g.kinds.includes(kind))?.key ?? 'activities']!;

/** 通知: my notifications, unread in bold; opening one marks it read and follows its link. */
export function NotificationList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const list = useNotifications(filter === 'unread');
  const unread = useUnreadNotifications().data?.count ?? 0;
  const markRead = useMarkNotificationsRead();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  // on a phone the time goes to the line under the text, where it does not squeeze the title
  const isMobile = !Grid.useBreakpoint().md;

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate([n.id], { onError: (err) => handleError(err) });
    if (n.link) void navigate(n.link);
  };
  const markAll = () =>
    markRead.mutateAsync(undefined).then(
      () => message.success(t('notifications.allRead')),
      (err) => handleError(err),
    );

  return (
    <div data-testid="notifications">
      <Flex justify="space-between" align="center" gap={8} wrap style={{ margin: '4px 0 12px' }}>
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as 'all' | 'unread')}
          options={[
            { value: 'all', label: t('notifications.all') },
            {
              value: 'unread',
              label: (
                <span data-testid="notifications-filter-unread">
                  {t('notifications.unread')}
                  {unread > 0 ? ` ${unread}` : ''}
                </span>
              ),
            },
          ]}
        />
        <Button
          icon={<CheckOutlined />}
          disabled={unread === 0}
          loading={markRead.isPending && !markRead.variables}
          onClick={() => void markAll()}
          data-testid="notifications-mark-all"
        >
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
      <List<Notification>
        loading={list.isLoading}
        dataSource={items}
        locale={{
          emptyText: (
            <EmptyState
              title={filter === 'unread' ? t('notifications.emptyUnread') : t('notifications.empty')}
              hint={filter === 'unread' ? undefined : t('notifications.emptyHint')}
            />
          ),
        }}
        renderItem={(n) => {
          const { title, body } = notificationText(n, t, fmt);
          const look = lookOf(n.kind);
          const isUnread = !n.readAt;
          const when = (
            <Tooltip title={fmt.dateTime(n.createdAt)}>
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {fmt.relative(n.createdAt)}
              </Typography.Text>
            </Tooltip>
          );
          return (
            <List.Item
              key={n.id}
              className={`notification-item${isUnread ? ' notification-unread' : ''}`}
              onClick={() => open(n)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') open(n);
              }}
              role="button"
              tabIndex={0}
              data-testid="notification-item"
              data-kind={n.kind}
              data-unread={isUnread ? 'true' : 'false'}
              style={{
                cursor: 'pointer',
                padding: '12px 8px',
                background: isUnread ? 'rgba(22, 119, 255, 0.04)' : undefined,
              }}
            >
              <Flex gap={12} align="flex-start" style={{ width: '100%', minWidth: 0 }}>
                <Badge dot={isUnread} offset={[-2, 2]}>
                  <Avatar size={36} icon={look.icon} style={{ background: look.color, flex: 'none' }} />
                </Badge>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Flex justify="space-between" gap={8} align="baseline" wrap>
                    <Typography.Text
                      strong={isUnread}
                      style={{ fontWeight: isUnread ? 600 : 400, minWidth: 0, wordBreak: 'break-word' }}
                      data-testid="notification-title"
                    >
                      {title}
                    </Typography.Text>
                    {!isMobile && when}
                  </Flex>
                  <Typography.Paragraph
                    type="secondary"
                    style={{ margin: '2px 0 0', wordBreak: 'break-word' }}
                    data-testid="notification-body"
                  >
                    {body}
                  </Typography.Paragraph>
                  <Flex gap={4} align="center" style={{ marginTop: 4 }} wrap>
                    {isMobile && when}
                    <Tag bordered={false} style={{ fontSize: 12 }}>
                      {t(`notifications.kinds.${n.kind}.label`)}
                    </Tag>
                    {n.emailState === 'sent' && (
                      <Tag bordered={false} color="blue" style={{ fontSize: 12 }}>
                        {t('notifications.emailSent')}
                      </Tag>
                    )}
                  </Flex>
                </div>
              </Flex>
            </List.Item>
          );
        }}
      />
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
            data-testid="notifications-more"
          >
            {t('notifications.loadMore')}
          </Button>
        </Flex>
      )}
    </div>
  );
}
