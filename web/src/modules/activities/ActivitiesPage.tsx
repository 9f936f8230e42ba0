import { useMemo, useState } from 'react';
import { Checkbox, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_TYPES, type Activity } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { ListPage } from '../../app/components/ListPage';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { ActivityForm } from './ActivityForm';
import { ACTIVITY_COLORS, ACTIVITY_ICONS, RELATED_PATHS } from './activityMeta';
import { isOverdue, useToggleDone } from './useActivities';

export function ActivitiesPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Activity | null>(null);
  const toggleDone = useToggleDone();
  const handleError = useErrorHandler();
  const canUpdate = can('activity', 'update');

  const columns = useMemo<ColumnsType<Activity>>(
    () => [
      {
        key: 'done',
        width: 48,
        render: (_, a) => (
          <Tooltip title={a.doneAt ? t('activities.markUndone') : t('activities.markDone')}>
            <Checkbox
              checked={Boolean(a.doneAt)}
              disabled={!canUpdate}
              onChange={() => toggleDone.mutate(a, { onError: (err) => handleError(err) })}
              data-testid={`activity-done-${a.id}`}
            />
          </Tooltip>
        ),
      },
      {
        key: 'type',
        title: t('fields.type'),
        render: (_, a) => (
          <Tag color={ACTIVITY_COLORS[a.type]} icon={ACTIVITY_ICONS[a.type]}>
            {t(`enums.activityType.${a.type}`)}
          </Tag>
        ),
      },
      {
        key: 'subject',
        title: t('fields.subject'),
        render: (_, a) => (
          <div style={{ maxWidth: 360 }}>
            <Typography.Link onClick={() => setEditing(a)}>{a.subject}</Typography.Link>
            {a.nextStep && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('activities.nextStep', { text: a.nextStep })}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      },
      {
        key: 'related',
        title: t('fields.related'),
        render: (_, a) =>
          a.relatedType && a.relatedId ? (
            <span>
              <Typography.Text type="secondary">{t(`enums.relatedType.${a.relatedType}`)} · </Typography.Text>
              <Link to={`${RELATED_PATHS[a.relatedType]}/${a.relatedId}`}>{a.relatedName ?? '—'}</Link>
            </span>
          ) : (
            '—'
          ),
      },
      {
        key: 'dueAt',
        title: t('fields.dueAt'),
        sorter: true,
        render: (_, a) =>
          a.dueAt ? (
            <Typography.Text type={isOverdue(a) ? 'danger' : undefined}>
              {fmt.dateTime(a.dueAt)}
            </Typography.Text>
          ) : (
            '—'
          ),
      },
      { key: 'owner', title: t('fields.owner'), dataIndex: 'ownerName' },
      {
        key: 'createdAt',
        title: t('fields.createdAt'),
        sorter: true,
        render: (_, a) => fmt.dateTime(a.createdAt),
      },
    ],
    [t, fmt, canUpdate, toggleDone, handleError],
  );

  return (
    <>
      <ListPage<Activity>
        resource="activities"
        testId="activities"
        title={t('activities.title')}
        subtitle={t('activities.subtitle')}
        columns={columns}
        defaultSort="-createdAt"
        searchPlaceholder={t('activities.searchPlaceholder')}
        filters={[
          {
            name: 'type',
            placeholder: t('fields.type'),
            options: ACTIVITY_TYPES.map((v) => ({ value: v, label: t(`enums.activityType.${v}`) })),
          },
          {
            name: 'done',
            placeholder: t('activities.doneFilter'),
            options: [
              { value: 'false', label: t('activities.pending') },
              { value: 'true', label: t('activities.finished') },
            ],
          },
        ]}
        newLabel={t('activities.new')}
        onNew={can('activity', 'create') ? () => setCreating(true) : undefined}
        emptyTitle={t('activities.emptyTitle')}
        emptyHint={t('activities.emptyHint')}
      />
      <ActivityForm open={creating} onClose={() => setCreating(false)} />
      <ActivityForm open={Boolean(editing)} onClose={() => setEditing(null)} activity={editing} />
    </>
  );
}
