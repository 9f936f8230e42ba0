import { useMemo, useState } from 'react';
import { Flex, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CAMPAIGN_STATUSES, CAMPAIGN_TYPES, type Campaign } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { ListPage } from '../../app/components/ListPage';
import { useFormat } from '../../app/format';
import { CampaignForm } from './CampaignForm';
import { CampaignStatusTag, CampaignTypeTag, RoiValue } from './CampaignTags';

/** Campaigns with what each cost and brought: leads, deals, won revenue and return on cost. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const columns = useMemo<ColumnsType<Campaign>>(() => {
    const money = (v: number) => <span className="money">{fmt.money(v, 'CNY', true)}</span>;
    return [
      {
        key: 'name',
        title: t('campaigns.name'),
        sorter: true,
        fixed: 'left',
        render: (_, c) => (
          <div style={{ minWidth: 180 }}>
            <Link to={`/campaigns/${c.id}`} data-testid={`campaign-link-${c.id}`}>
              <Typography.Text strong style={{ color: 'inherit' }}>
                {c.name}
              </Typography.Text>
            </Link>
            <Flex gap={4} style={{ marginTop: 2 }}>
              <CampaignTypeTag type={c.type} />
              <CampaignStatusTag status={c.status} />
            </Flex>
          </div>
        ),
      },
      {
        key: 'period',
        title: t('campaigns.period'),
        render: (_, c) =>
          c.startDate ? (
            <Typography.Text style={{ whiteSpace: 'nowrap' }}>
              {fmt.date(c.startDate)}
              {c.endDate && c.endDate !== c.startDate ? ` – ${fmt.date(c.endDate)}` : ''}
            </Typography.Text>
          ) : (
            '—'
          ),
      },
      { key: 'cost', title: t('campaigns.roi.cost'), align: 'right', render: (_, c) => money(c.roi.cost) },
      {
        key: 'leads',
        title: t('campaigns.roi.leads'),
        align: 'right',
        render: (_, c) => (
          <span>
            {c.roi.leads}
            {c.roi.convertedLeads > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {' '}
                / {c.roi.convertedLeads}
              </Typography.Text>
            )}
          </span>
        ),
      },
      {
        key: 'opportunities',
        title: `${t('campaigns.roi.opportunities')} / ${t('campaigns.roi.wonOpportunities')}`,
        align: 'right',
        render: (_, c) => `${c.roi.opportunities} / ${c.roi.wonOpportunities}`,
      },
      {
        key: 'won',
        title: t('campaigns.roi.wonRevenue'),
        align: 'right',
        render: (_, c) => money(c.roi.wonRevenue),
      },
      {
        key: 'roi',
        title: t('campaigns.roi.returnOnCost'),
        align: 'right',
        render: (_, c) => <RoiValue bp={c.roi.roiBp} strong />,
      },
      {
        key: 'cpl',
        title: t('campaigns.roi.costPerLead'),
        align: 'right',
        render: (_, c) => (c.roi.costPerLead === null ? '—' : money(c.roi.costPerLead)),
      },
      {
        key: 'pipeline',
        title: t('campaigns.roi.pipelineAmount'),
        align: 'right',
        render: (_, c) => money(c.roi.pipelineAmount),
      },
      { key: 'owner', title: t('campaigns.owner'), render: (_, c) => c.ownerName },
    ];
  }, [t, fmt]);

  return (
    <>
      <ListPage<Campaign>
        resource="campaigns"
        testId="campaigns"
        title={t('campaigns.title')}
        subtitle={t('campaigns.subtitle')}
        columns={columns}
        defaultSort="-createdAt"
        showViews={false}
        rowHref={(c) => `/campaigns/${c.id}`}
        searchPlaceholder={t('campaigns.searchPlaceholder')}
        filters={[
          {
            name: 'type',
            placeholder: t('campaigns.type'),
            options: CAMPAIGN_TYPES.map((v) => ({ value: v, label: t(`campaigns.types.${v}`) })),
            width: 130,
          },
          {
            name: 'status',
            placeholder: t('campaigns.status'),
            options: CAMPAIGN_STATUSES.map((v) => ({ value: v, label: t(`campaigns.statuses.${v}`) })),
            width: 120,
          },
        ]}
        newLabel={t('campaigns.new')}
        onNew={can('campaign', 'create') ? () => setCreating(true) : undefined}
        emptyTitle={t('campaigns.emptyTitle')}
        emptyHint={t('campaigns.emptyHint')}
      />
      <CampaignForm
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(c) => navigate(`/campaigns/${c.id}`)}
      />
    </>
  );
}
