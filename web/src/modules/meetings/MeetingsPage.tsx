import { useState } from 'react';
import { Button, Card, Flex, List, Segmented, Select, Skeleton, Space, Tag, Typography } from 'antd';
import {
  CheckSquareOutlined,
  EnvironmentOutlined,
  PlusOutlined,
  TeamOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MEETING_KINDS, type MeetingKind, type MeetingSummary, type Team } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EmptyState } from '../../app/components/EmptyState';
import { PageHeader } from '../../app/components/PageHeader';
import { useList } from '../../app/resource';
import { MeetingForm } from './MeetingForm';
import { KIND_COLORS, STATUS_COLORS } from './meetingMeta';
import { useMeetingList } from './useMeetings';

/** 销售会议 (/meetings): upcoming (planned) and past meetings, by team and kind. */
export function MeetingsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const when = params.get('when') === 'past' ? 'past' : 'upcoming';
  const teamId = params.get('teamId') ?? undefined;
  const kind = (params.get('kind') as MeetingKind | null) ?? undefined;
  const [creating, setCreating] = useState(false);
  const list = useMeetingList({ when, teamId, kind });
  const teams = useList<Team>('teams', { limit: 200 });

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <div>
      <PageHeader
        title={t('meetings.title')}
        subtitle={t('meetings.subtitle')}
        extra={
          can('meeting', 'create') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="meeting-new"
            >
              {t('meetings.new')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Flex className="filter-bar" gap={8} wrap align="center">
          <Segmented
            value={when}
            onChange={(v) => set('when', v === 'past' ? 'past' : undefined)}
            options={[
              { value: 'upcoming', label: t('meetings.upcoming') },
              { value: 'past', label: t('meetings.past') },
            ]}
            data-testid="meetings-when"
          />
          <Select
            allowClear
            placeholder={t('meetings.allTeams')}
            value={teamId}
            onChange={(v) => set('teamId', v)}
            options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
            style={{ minWidth: 140 }}
            data-testid="meetings-team"
          />
          <Select
            allowClear
            placeholder={t('meetings.allKinds')}
            value={kind}
            onChange={(v) => set('kind', v)}
            options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meetings.kind.${k}`) }))}
            style={{ minWidth: 120 }}
          />
        </Flex>
        {list.isLoading ? (
          <div style={{ padding: 16 }}>
            <Skeleton active />
          </div>
        ) : list.items.length === 0 ? (
          <div style={{ padding: '32px 16px' }}>
            <EmptyState
              title={when === 'upcoming' ? t('meetings.emptyUpcoming') : t('meetings.emptyPast')}
              hint={when === 'upcoming' ? t('meetings.emptyUpcomingHint') : undefined}
            />
          </div>
        ) : (
          <List
            dataSource={list.items}
            renderItem={(m) => <MeetingRow meeting={m} />}
            data-testid="meetings-list"
            loadMore={
              list.hasNextPage ? (
                <div className="list-footer" style={{ textAlign: 'center' }}>
                  <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                    {t('meetings.loadMore')}
                  </Button>
                </div>
              ) : null
            }
          />
        )}
      </Card>
      <MeetingForm open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function MeetingRow({ meeting: m }: { meeting: MeetingSummary }) {
  const { t } = useTranslation();
  const at = dayjs(m.scheduledAt);
  return (
    <List.Item style={{ padding: '12px 16px' }} data-testid={`meeting-row-${m.id}`}>
      <Flex gap={14} align="flex-start" style={{ width: '100%', minWidth: 0 }}>
        <div className="meeting-date" aria-hidden>
          <div className="meeting-date-day">{at.format('D')}</div>
          <div className="meeting-date-month">{at.format('MMM')}</div>
        </div>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Flex gap={6} wrap align="center">
            <Link to={`/meetings/${m.id}`} style={{ fontWeight: 600, fontSize: 15 }}>
              {m.title}
            </Link>
            <Tag color={KIND_COLORS[m.kind]} style={{ marginInlineEnd: 0 }}>
              {t(`meetings.kind.${m.kind}`)}
            </Tag>
            {m.status !== 'planned' && (
              <Tag color={STATUS_COLORS[m.status]} style={{ marginInlineEnd: 0 }}>
                {t(`meetings.status.${m.status}`)}
              </Tag>
            )}
          </Flex>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 2 }}>
            {at.format('ddd HH:mm')}–{at.add(m.durationMinutes, 'minute').format('HH:mm')} · {m.teamName} ·{' '}
            {m.organizerName}
          </Typography.Text>
          <Space size={12} wrap style={{ marginTop: 4, fontSize: 13, color: '#64748b' }}>
            <span>
              <TeamOutlined /> {t('meetings.attendeesCount', { count: m.attendeeCount })}
            </span>
            {m.location && (
              <span>
                <EnvironmentOutlined /> {m.location}
              </span>
            )}
            {m.onlineUrl && (
              <span>
                <VideoCameraOutlined /> {t('meetings.detail.online')}
              </span>
            )}
            {m.itemCount > 0 && (
              <span style={m.openItemCount > 0 ? { color: '#d97706' } : undefined}>
                <CheckSquareOutlined />{' '}
                {t('meetings.itemsCount', { open: m.openItemCount, total: m.itemCount })}
              </span>
            )}
          </Space>
        </div>
      </Flex>
    </List.Item>
  );
}
