import { useMemo, useState } from 'react';
import { Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LEAD_STATUSES, type Lead } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { ListPage } from '../../app/components/ListPage';
import { useRegionOptions } from '../../app/components/RegionInput';
import { useEnumLabel, useFormat } from '../../app/format';
import { AssignByRulesButton } from '../lead-intake/LeadIntakeCards';
import { ScoreTag } from '../lead-intake/ScoreExplanation';
import { useSourceOptions } from '../lead-intake/SourceSelect';
import { useSourceLabel } from '../lead-intake/useLeadIntake';
import { useSegmentOptions } from '../segments/useSegments';
import { LeadForm } from './LeadForm';
import { LeadStatusTag } from './LeadStatusTag';

export function LeadsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useEnumLabel();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const regions = useRegionOptions();
  const segments = useSegmentOptions('lead', can('segment', 'read')).data ?? [];
  const sourceLabel = useSourceLabel();
  const sourceOptions = useSourceOptions();

  const columns = useMemo<ColumnsType<Lead>>(
    () => [
      {
        key: 'name',
        title: t('fields.contactName'),
        sorter: true,
        render: (_, l) => (
          <div>
            <Link to={`/leads/${l.id}`} data-testid={`lead-link-${l.id}`}>
              <Typography.Text strong style={{ color: 'inherit' }}>
                {l.name}
              </Typography.Text>
            </Link>
            {l.title && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {' '}
                · {l.title}
              </Typography.Text>
            )}
          </div>
        ),
      },
      {
        key: 'score',
        title: t('leadIntake.score.column'),
        sorter: true,
        align: 'center',
        render: (_, l) => <ScoreTag leadId={l.id} score={l.score} />,
      },
      { key: 'company', title: t('fields.company'), render: (_, l) => l.company ?? '—' },
      { key: 'status', title: t('fields.status'), render: (_, l) => <LeadStatusTag status={l.status} /> },
      { key: 'source', title: t('fields.source'), render: (_, l) => sourceLabel(l.source) },
      { key: 'region', title: t('fields.region'), render: (_, l) => label('region', l.region) },
      { key: 'phone', title: t('fields.phone'), render: (_, l) => l.phone ?? '—' },
      {
        key: 'owner',
        title: t('fields.owner'),
        render: (_, l) => (l.ownerId ? l.ownerName : <Tag color="gold">{l.poolName ?? t('leads.pool')}</Tag>),
      },
      {
        key: 'createdAt',
        title: t('fields.createdAt'),
        sorter: true,
        render: (_, l) => fmt.relative(l.createdAt),
      },
    ],
    [t, fmt, label, sourceLabel],
  );

  return (
    <>
      <ListPage<Lead>
        resource="leads"
        testId="leads"
        title={t('leads.title')}
        subtitle={t('leads.subtitle')}
        columns={columns}
        defaultSort="-createdAt"
        rowHref={(l) => `/leads/${l.id}`}
        searchPlaceholder={t('leads.searchPlaceholder')}
        filters={[
          ...(segments.length
            ? [
                {
                  name: 'segmentId',
                  placeholder: t('segments.filterBy'),
                  options: segments.map((s) => ({ value: s.id, label: s.name })),
                  width: 160,
                },
              ]
            : []),
          {
            name: 'status',
            placeholder: t('fields.status'),
            options: LEAD_STATUSES.map((v) => ({ value: v, label: t(`enums.leadStatus.${v}`) })),
            width: 120,
          },
          {
            name: 'source',
            placeholder: t('fields.source'),
            options: sourceOptions,
          },
          {
            name: 'scoreMin',
            placeholder: t('leadIntake.score.column'),
            options: [
              { value: '70', label: t('leadIntake.score.filterHot') },
              { value: '40', label: t('leadIntake.score.filterWarm') },
            ],
            width: 130,
          },
          { name: 'region', placeholder: t('fields.region'), options: regions, width: 120 },
        ]}
        bulkActions={
          can('lead', 'update')
            ? (ids, clear) => (
                <>
                  <Typography.Text type="secondary">
                    {t('leadIntake.selected', { n: ids.length })}
                  </Typography.Text>
                  <AssignByRulesButton leadIds={ids} onDone={clear} size="small" />
                </>
              )
            : undefined
        }
        newLabel={t('leads.new')}
        onNew={can('lead', 'create') ? () => setCreating(true) : undefined}
        emptyTitle={t('leads.emptyTitle')}
        emptyHint={t('leads.emptyHint')}
      />
      <LeadForm
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(l) => navigate(`/leads/${l.id}`)}
      />
    </>
  );
}
