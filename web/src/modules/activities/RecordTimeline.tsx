import { useState } from 'react';
import { Button, Card, Flex, Skeleton, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import {
  CheckOutlined,
  EditOutlined,
  EnvironmentOutlined,
  HistoryOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Activity, RelatedType, TimelineEntry } from '@tuoke/shared';
import { EmptyState } from '../../app/components/EmptyState';
import { useErrorHandler } from '../../app/errors';
import { useFormat, type Formatters } from '../../app/format';
import { ActivityForm } from './ActivityForm';
import { ACTIVITY_COLORS, ACTIVITY_ICONS } from './activityMeta';
import { isOverdue, useTimeline, useToggleDone } from './useActivities';

/** Fields whose values are codes from a closed list, shown with their label. */
const ENUM_FIELDS: Record<string, string> = {
  industry: 'industry',
  source: 'source',
  level: 'accountLevel',
  size: 'accountSize',
  kind: 'accountKind',
  decisionRole: 'decisionRole',
  type: 'activityType',
  role: 'role',
};
const MONEY_FIELDS = new Set(['amount', 'listPrice', 'unitPrice']);

function useChangeValue(relatedType: RelatedType, fmt: Formatters) {
  const { t } = useTranslation();
  return (field: string, value: string | null) => {
    if (value === null || value === '') return t('activities.emptyValue');
    const group =
      field === 'status'
        ? relatedType === 'lead'
          ? 'leadStatus'
          : 'stageKind'
        : (ENUM_FIELDS[field] ?? null);
    if (group) return t(`enums.${group}.${value}`, { defaultValue: value });
    if (MONEY_FIELDS.has(field) && /^\d+$/.test(value)) return fmt.money(Number(value));
    return value;
  };
}

interface RecordTimelineProps {
  relatedType: RelatedType;
  relatedId: string;
  relatedName?: string;
  canLog?: boolean;
}

/** Everything that happened to a record, newest first, with a form to log the next activity. */
export function RecordTimeline({ relatedType, relatedId, relatedName, canLog = true }: RecordTimelineProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, isLoading } = useTimeline(relatedType, relatedId);
  const [editing, setEditing] = useState<Activity | null>(null);
  const [creating, setCreating] = useState(false);
  const toggleDone = useToggleDone();
  const handleError = useErrorHandler();
  const changeValue = useChangeValue(relatedType, fmt);
  const entries = data?.items ?? [];

  const renderActivity = (a: Activity, at: string) => (
    <div>
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>{a.subject}</Typography.Text>
        <Tag color={ACTIVITY_COLORS[a.type]} style={{ marginInlineEnd: 0 }}>
          {t(`enums.activityType.${a.type}`)}
        </Tag>
        {a.doneAt ? (
          <Tag color="success" style={{ marginInlineEnd: 0 }}>
            {t('activities.finished')}
          </Tag>
        ) : isOverdue(a) ? (
          <Tag color="error" style={{ marginInlineEnd: 0 }}>
            {t('activities.overdue')}
          </Tag>
        ) : a.dueAt ? (
          <Tag style={{ marginInlineEnd: 0 }}>{t('activities.pending')}</Tag>
        ) : null}
        <Space size={0} style={{ marginLeft: 'auto' }}>
          {canLog && !a.doneAt && (
            <Tooltip title={t('activities.markDone')}>
              <Button
                size="small"
                type="text"
                icon={<CheckOutlined />}
                loading={toggleDone.isPending && toggleDone.variables?.id === a.id}
                onClick={() => toggleDone.mutate(a, { onError: (err) => handleError(err) })}
                data-testid={`timeline-done-${a.id}`}
              />
            </Tooltip>
          )}
          {canLog && (
            <Tooltip title={t('common.edit')}>
              <Button size="small" type="text" icon={<EditOutlined />} onClick={() => setEditing(a)} />
            </Tooltip>
          )}
        </Space>
      </Flex>
      {a.body && (
        <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>
          {a.body}
        </Typography.Paragraph>
      )}
      {a.location && (
        <div className="timeline-change">
          <EnvironmentOutlined /> {a.location}
        </div>
      )}
      {a.nextStep && (
        <div>
          <Typography.Text type="warning">{t('activities.nextStep', { text: a.nextStep })}</Typography.Text>
        </div>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {a.ownerName}
        {a.dueAt && ` · ${t('home.dueAt', { time: fmt.dateTime(a.dueAt) })}`}
        {' · '}
        <Tooltip title={fmt.dateTime(at)}>
          <span>{fmt.relative(at)}</span>
        </Tooltip>
      </Typography.Text>
    </div>
  );

  const renderChange = (entry: TimelineEntry) => {
    const c = entry.change!;
    const field = t(`fields.${c.field}`, { defaultValue: c.field });
    return (
      <div className="timeline-change">
        <div>{t('activities.changed', { user: c.userName ?? t('activities.system'), field })}</div>
        <div>
          {t('activities.changedFromTo', {
            from: changeValue(c.field, c.oldValue),
            to: changeValue(c.field, c.newValue),
          })}
        </div>
      </div>
    );
  };

  return (
    <Card
      title={
        <Space>
          <HistoryOutlined />
          {t('activities.timeline')}
        </Space>
      }
      extra={
        canLog && (
          <Button
            type="primary"
            ghost
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="timeline-log-activity"
          >
            {t('activities.logActivity')}
          </Button>
        )
      }
      data-testid="timeline"
    >
      {isLoading ? (
        <Skeleton active />
      ) : entries.length === 0 ? (
        <EmptyState
          hint={t('activities.timelineEmpty')}
          action={
            canLog && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('activities.logActivity')}
              </Button>
            )
          }
        />
      ) : (
        <Timeline
          items={entries.map((entry, i) => ({
            key: entry.activity?.id ?? `${entry.at}-${i}`,
            icon:
              entry.kind === 'activity' && entry.activity ? ACTIVITY_ICONS[entry.activity.type] : undefined,
            color:
              entry.kind === 'activity' && entry.activity ? ACTIVITY_COLORS[entry.activity.type] : 'gray',
            content: (
              <div data-testid="timeline-item" data-kind={entry.kind}>
                {entry.kind === 'activity' && entry.activity ? (
                  renderActivity(entry.activity, entry.at)
                ) : (
                  <>
                    {renderChange(entry)}
                    <Tooltip title={fmt.dateTime(entry.at)}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {fmt.relative(entry.at)}
                      </Typography.Text>
                    </Tooltip>
                  </>
                )}
              </div>
            ),
          }))}
        />
      )}
      <ActivityForm
        open={creating}
        onClose={() => setCreating(false)}
        related={{ type: relatedType, id: relatedId, name: relatedName }}
      />
      <ActivityForm open={Boolean(editing)} onClose={() => setEditing(null)} activity={editing} />
    </Card>
  );
}
