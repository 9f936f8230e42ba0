import { useMemo, useState } from 'react';
import { Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { CHANNELS, NEXT_STEP_FILTERS, OPPORTUNITY_STATUSES, type OpportunityListItem } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { ListPage } from '../../app/components/ListPage';
import { useFormat } from '../../app/format';
import { usePipelines } from '../pipelines/usePipelines';
import { NextStepCell } from './NextStep';
import { OpportunityForm } from './OpportunityForm';
import { OpportunityViewSwitch } from './OpportunityViewSwitch';
import { StageTag } from './StageTag';

export function useOpportunityColumns(options: { showAccount?: boolean } = {}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const showAccount = options.showAccount ?? true;
  return useMemo<ColumnsType<OpportunityListItem>>(
    () => [
      {
        key: 'name',
        title: t('fields.name'),
        sorter: true,
        render: (_, o) => (
          <div style={{ maxWidth: 320 }}>
            <Link to={`/opportunities/${o.id}`} data-testid={`opportunity-link-${o.id}`}>
              <Typography.Text strong style={{ color: 'inherit' }}>
                {o.name}
              </Typography.Text>
            </Link>
            {showAccount && (
              <div>
                <Link to={`/accounts/${o.accountId}`}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {o.accountName}
                  </Typography.Text>
                </Link>
              </div>
            )}
          </div>
        ),
      },
      {
        key: 'stage',
        title: t('fields.stage'),
        render: (_, o) => <StageTag name={o.stageName} status={o.status} probability={o.probability} />,
      },
      {
        key: 'amount',
        title: t('fields.amount'),
        sorter: true,
        align: 'right',
        render: (_, o) => (
          <Typography.Text strong className="money">
            {fmt.money(o.amount, o.currency)}
          </Typography.Text>
        ),
      },
      {
        key: 'expectedCloseDate',
        title: t('fields.expectedCloseDate'),
        sorter: true,
        render: (_, o) => {
          const late = o.status === 'open' && dayjs(o.expectedCloseDate).isBefore(dayjs(), 'day');
          return (
            <Typography.Text type={late ? 'danger' : undefined}>
              {fmt.date(o.expectedCloseDate)}
            </Typography.Text>
          );
        },
      },
      {
        key: 'nextStep',
        title: t('fields.nextStep'),
        render: (_, o) => <NextStepCell deal={o} />,
      },
      { key: 'owner', title: t('fields.owner'), dataIndex: 'ownerName' },
    ],
    [t, fmt, showAccount],
  );
}

export function OpportunitiesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const columns = useOpportunityColumns();
  const { data: pipelines = [] } = usePipelines();

  return (
    <>
      <ListPage<OpportunityListItem>
        resource="opportunities"
        testId="opportunities"
        title={t('opportunities.title')}
        subtitle={t('opportunities.subtitle')}
        headerExtra={<OpportunityViewSwitch value="list" />}
        columns={columns}
        rowHref={(o) => `/opportunities/${o.id}`}
        searchPlaceholder={t('opportunities.searchPlaceholder')}
        filters={[
          {
            name: 'status',
            placeholder: t('opportunities.status'),
            options: OPPORTUNITY_STATUSES.map((v) => ({ value: v, label: t(`enums.stageKind.${v}`) })),
            width: 120,
          },
          {
            name: 'nextStep',
            placeholder: t('supervision.nextStepFilter'),
            options: NEXT_STEP_FILTERS.map((v) => ({ value: v, label: t(`supervision.filter.${v}`) })),
            width: 150,
          },
          {
            name: 'channel',
            placeholder: t('plans.fields.channel'),
            options: CHANNELS.map((v) => ({ value: v, label: t(`plans.channel.${v}`) })),
            width: 120,
          },
          ...(pipelines.length > 1
            ? [
                {
                  name: 'pipelineId',
                  placeholder: t('fields.pipeline'),
                  options: pipelines.map((p) => ({ value: p.id, label: p.name })),
                },
              ]
            : []),
        ]}
        newLabel={t('opportunities.new')}
        onNew={can('opportunity', 'create') ? () => setCreating(true) : undefined}
        emptyTitle={t('opportunities.emptyTitle')}
        emptyHint={t('opportunities.emptyHint')}
      />
      <OpportunityForm
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(o) => navigate(`/opportunities/${o.id}`)}
      />
    </>
  );
}
