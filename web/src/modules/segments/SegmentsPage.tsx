import { useMemo } from 'react';
import { Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SEGMENT_OBJECTS, type Segment } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { ListPage } from '../../app/components/ListPage';
import { useFormat } from '../../app/format';

export const OBJECT_COLOR = { account: 'blue', contact: 'green', lead: 'gold' } as const;

export function SegmentsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const navigate = useNavigate();

  const columns = useMemo<ColumnsType<Segment>>(
    () => [
      {
        key: 'name',
        title: t('segments.name'),
        sorter: true,
        render: (_, s) => (
          <div>
            <Link to={`/segments/${s.id}`} data-testid={`segment-link-${s.id}`}>
              <Typography.Text strong style={{ color: 'inherit' }}>
                {s.name}
              </Typography.Text>
            </Link>
            {s.description && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {s.description}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      },
      {
        key: 'object',
        title: t('segments.object'),
        render: (_, s) => <Tag color={OBJECT_COLOR[s.object]}>{t(`segments.objects.${s.object}`)}</Tag>,
      },
      {
        key: 'conditions',
        title: t('segments.conditions'),
        render: (_, s) => (
          <Typography.Text type="secondary">
            {s.conditions.map((c) => t(`segments.fields.${c.field}`)).join(' · ') ||
              t('segments.noConditions')}
          </Typography.Text>
        ),
      },
      { key: 'owner', title: t('fields.owner'), render: (_, s) => s.ownerName },
      {
        key: 'updatedAt',
        title: t('segments.updatedAt'),
        sorter: true,
        render: (_, s) => fmt.relative(s.updatedAt),
      },
    ],
    [t, fmt],
  );

  return (
    <ListPage<Segment>
      resource="segments"
      testId="segments"
      title={t('segments.title')}
      subtitle={t('segments.subtitle')}
      columns={columns}
      defaultSort="-updatedAt"
      showViews={false}
      rowHref={(s) => `/segments/${s.id}`}
      searchPlaceholder={t('common.search')}
      filters={[
        {
          name: 'object',
          placeholder: t('segments.object'),
          options: SEGMENT_OBJECTS.map((o) => ({ value: o, label: t(`segments.objects.${o}`) })),
          width: 120,
        },
      ]}
      newLabel={t('segments.new')}
      onNew={can('segment', 'create') ? () => navigate('/segments/new') : undefined}
      emptyTitle={t('segments.emptyTitle')}
      emptyHint={t('segments.emptyHint')}
    />
  );
}
