import { useState } from 'react';
import { Card, Col, Descriptions, Empty, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { TeamOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { LineItem } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { DetailState } from '../../app/components/DetailState';
import { PageHeader } from '../../app/components/PageHeader';
import { RecordActions } from '../../app/components/RecordActions';
import { useFormat } from '../../app/format';
import { RecordTimeline } from '../activities/RecordTimeline';
import { OpportunityNeeds } from '../needs/OpportunityNeeds';
import { CreateContractButton } from '../contracts/CreateContractButton';
import { QuotesTab } from '../quotes/QuotesTab';
import { usePipelines } from '../pipelines/usePipelines';
import { useAllUsers } from '../users/useUsers';
import { DealCompetitorsCard } from '../markets/DealCompetitorsCard';
import { NextStepCell, NextStepTag } from './NextStep';
import { OpportunityForm } from './OpportunityForm';
import { StageChecklist } from './StageChecklist';
import { StageHistoryTable } from './StageHistoryTable';
import { StageProgress } from './StageProgress';
import { StageTag } from './StageTag';
import { useDeleteOpportunity, useOpportunity } from './useOpportunities';

const TABS = ['timeline', 'quotes', 'stageHistory', 'items', 'needs'] as const;

export function OpportunityDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const { data: opp, isLoading, error } = useOpportunity(id);
  const { data: pipelines = [] } = usePipelines();
  const { byId: usersById } = useAllUsers();
  const remove = useDeleteOpportunity();
  const [editing, setEditing] = useState(false);
  // The open tab is in the URL (?tab=quotes), so other pages can link to it.
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = TABS.find((k) => k === searchParams.get('tab')) ?? 'timeline';

  if (!opp) return <DetailState isLoading={isLoading} error={error} backTo="/opportunities" />;
  const pipeline = pipelines.find((p) => p.id === opp.pipelineId);
  const canUpdate = can('opportunity', 'update');
  const weighted = Math.round((opp.amount * opp.probability) / 100);
  const isLate = opp.status === 'open' && dayjs(opp.expectedCloseDate).isBefore(dayjs(), 'day');

  const itemColumns = [
    {
      key: 'product',
      title: t('fields.product'),
      render: (_: unknown, it: LineItem) => (
        <div>
          <div>{it.productName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {it.sku}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'quantity', title: t('fields.quantity'), dataIndex: 'quantity', align: 'right' as const },
    {
      key: 'unitPrice',
      title: t('fields.unitPrice'),
      align: 'right' as const,
      render: (_: unknown, it: LineItem) => (
        <span className="money">{fmt.money(it.unitPrice, opp.currency, false)}</span>
      ),
    },
    {
      key: 'discount',
      title: t('fields.discount'),
      align: 'right' as const,
      render: (_: unknown, it: LineItem) => (it.discountBp ? `${(it.discountBp / 100).toFixed(2)}%` : '—'),
    },
    {
      key: 'amount',
      title: t('fields.lineAmount'),
      align: 'right' as const,
      render: (_: unknown, it: LineItem) => (
        <Typography.Text strong className="money">
          {fmt.money(it.amount, opp.currency, false)}
        </Typography.Text>
      ),
    },
  ];

  return (
    <div data-testid="opportunity-detail">
      <PageHeader
        backTo="/opportunities"
        title={opp.name}
        tags={
          <>
            <StageTag name={opp.stageName} status={opp.status} />
            <NextStepTag deal={opp} />
          </>
        }
        subtitle={<Link to={`/accounts/${opp.accountId}`}>{opp.accountName}</Link>}
        extra={
          <>
            <CreateContractButton opportunity={opp} />
            <RecordActions
              testId="opportunity"
              name={opp.name}
              onEdit={canUpdate ? () => setEditing(true) : undefined}
              onDelete={can('opportunity', 'delete') ? () => remove.mutateAsync(opp.id) : undefined}
              afterDeleteTo="/opportunities"
            />
          </>
        }
      />
      <Card style={{ marginBottom: 16 }} title={t('opportunities.stageProgress')} size="small">
        <StageProgress opportunity={opp} pipeline={pipeline} canMove={canUpdate} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card>
            <Row gutter={16}>
              <Col span={12}>
                <Statistic
                  title={t('fields.amount')}
                  value={fmt.money(opp.amount, opp.currency)}
                  styles={{ content: { color: '#1d4ed8' } }}
                />
              </Col>
              <Col span={12}>
                <Statistic
                  title={`${t('fields.weightedAmount')} (${opp.probability}%)`}
                  value={fmt.money(weighted, opp.currency)}
                />
              </Col>
            </Row>
            <Descriptions
              style={{ marginTop: 16 }}
              column={1}
              size="small"
              items={[
                {
                  key: 'close',
                  label: t('fields.expectedCloseDate'),
                  children: (
                    <Typography.Text type={isLate ? 'danger' : undefined}>
                      {fmt.date(opp.expectedCloseDate)}
                      {isLate && ` · ${t('opportunities.overdueClose')}`}
                    </Typography.Text>
                  ),
                },
                { key: 'pipeline', label: t('fields.pipeline'), children: pipeline?.name ?? '—' },
                {
                  key: 'channel',
                  label: t('plans.fields.channel'),
                  children: t(`plans.channel.${opp.channel}`),
                },
                { key: 'owner', label: t('fields.owner'), children: opp.ownerName },
                {
                  key: 'next',
                  label: t('fields.nextStep'),
                  children: <NextStepCell deal={opp} maxWidth={360} />,
                },
                ...(opp.status === 'lost'
                  ? [
                      { key: 'lost', label: t('fields.lostReason'), children: opp.lostReason ?? '—' },
                      ...(opp.lostCompetitor
                        ? [
                            {
                              key: 'competitor',
                              label: t('fields.lostCompetitor'),
                              children: opp.lostCompetitor,
                            },
                          ]
                        : []),
                    ]
                  : []),
                ...(opp.closedAt
                  ? [{ key: 'closed', label: t('fields.closedAt'), children: fmt.dateTime(opp.closedAt) }]
                  : []),
                { key: 'created', label: t('fields.createdAt'), children: fmt.dateTime(opp.createdAt) },
              ]}
            />
          </Card>
          <Card
            size="small"
            style={{ marginTop: 16 }}
            title={
              <Space>
                <TeamOutlined />
                {t('opportunities.collaborators')}
              </Space>
            }
            data-testid="collaborators"
          >
            {opp.collaboratorIds.length === 0 ? (
              <Typography.Text type="secondary">{t('opportunities.noCollaborators')}</Typography.Text>
            ) : (
              <Space wrap>
                {opp.collaboratorIds.map((uid) => (
                  <Tag key={uid}>{usersById.get(uid)?.name ?? uid}</Tag>
                ))}
              </Space>
            )}
          </Card>
          <StageChecklist opportunity={opp} canUpdate={canUpdate} />
          {can('market', 'read') && <DealCompetitorsCard opportunityId={opp.id} canUpdate={canUpdate} />}
        </Col>
        <Col xs={24} lg={15}>
          <Tabs
            activeKey={tab}
            onChange={(key) => setSearchParams(key === 'timeline' ? {} : { tab: key }, { replace: true })}
            items={[
              {
                key: 'timeline',
                label: t('opportunities.tabTimeline'),
                children: (
                  <RecordTimeline
                    relatedType="opportunity"
                    relatedId={opp.id}
                    relatedName={opp.name}
                    canLog={can('activity', 'create')}
                  />
                ),
              },
              {
                key: 'quotes',
                label: t('quotes.tab'),
                children: <QuotesTab opportunityId={opp.id} />,
              },
              ...(can('needs_record', 'read')
                ? [
                    {
                      key: 'needs',
                      label: t('needs.tab'),
                      children: <OpportunityNeeds opportunityId={opp.id} accountId={opp.accountId} />,
                    },
                  ]
                : []),
              {
                key: 'stageHistory',
                label: t('salesProcess.history'),
                children: <StageHistoryTable opportunityId={opp.id} />,
              },
              {
                key: 'items',
                label: `${t('opportunities.tabItems')} (${opp.items.length})`,
                children: (
                  <Card styles={{ body: { padding: 0 } }} data-testid="line-items">
                    <Table<LineItem>
                      rowKey="id"
                      size="small"
                      pagination={false}
                      columns={itemColumns}
                      dataSource={opp.items}
                      scroll={{ x: 'max-content' }}
                      locale={{
                        emptyText: (
                          <Empty
                            image={Empty.PRESENTED_IMAGE_SIMPLE}
                            description={t('opportunities.noItems')}
                          />
                        ),
                      }}
                      summary={(rows) =>
                        rows.length > 0 ? (
                          <Table.Summary.Row>
                            <Table.Summary.Cell index={0} colSpan={4}>
                              <Typography.Text strong>{t('common.total')}</Typography.Text>
                            </Table.Summary.Cell>
                            <Table.Summary.Cell index={4} align="right">
                              <Typography.Text strong className="money">
                                {fmt.money(
                                  rows.reduce((s, r) => s + r.amount, 0),
                                  opp.currency,
                                  false,
                                )}
                              </Typography.Text>
                            </Table.Summary.Cell>
                          </Table.Summary.Row>
                        ) : null
                      }
                    />
                  </Card>
                ),
              },
            ]}
          />
        </Col>
      </Row>
      <OpportunityForm open={editing} onClose={() => setEditing(false)} opportunity={opp} />
    </div>
  );
}
