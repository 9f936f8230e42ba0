import { useMemo, useState } from 'react';
import { Button, Card, Col, Descriptions, Row, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatLatLng, type Activity, type Contact, type OpportunityListItem } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { DetailState } from '../../app/components/DetailState';
import { EmptyState } from '../../app/components/EmptyState';
import { PageHeader } from '../../app/components/PageHeader';
import { RecordActions } from '../../app/components/RecordActions';
import { useEnumLabel, useFormat } from '../../app/format';
import { useList } from '../../app/resource';
import { ActivityForm } from '../activities/ActivityForm';
import { ACTIVITY_COLORS, ACTIVITY_ICONS } from '../activities/activityMeta';
import { RecordTimeline } from '../activities/RecordTimeline';
import { isOverdue } from '../activities/useActivities';
import { ContactForm } from '../contacts/ContactForm';
import { PoolMovesCard } from '../pools/PoolMovesCard';
import { PoolRecordActions } from '../pools/PoolRecordActions';
import { NeedsTab } from '../needs/NeedsTab';
import { DecisionRoleTag } from '../contacts/ContactsPage';
import { useOpportunityColumns } from '../opportunities/OpportunitiesPage';
import { OpportunityForm } from '../opportunities/OpportunityForm';
import { VisitFormDialog } from '../visits/VisitFormDialog';
import { AccountForm } from './AccountForm';
import { LevelTag } from './AccountsPage';
import { useAccount, useDeleteAccount } from './useAccounts';

export function AccountDetailPage() {
  const { id } = useParams();
  // ?tab=needs opens the 需求 tab (links from needs records and proposals)
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useEnumLabel();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { data: account, isLoading, error } = useAccount(id);
  const remove = useDeleteAccount();
  const [editing, setEditing] = useState(false);
  const [addingContact, setAddingContact] = useState(false);
  const [addingOpp, setAddingOpp] = useState(false);
  const [editingActivity, setEditingActivity] = useState<Activity | null>(null);
  const [planningVisit, setPlanningVisit] = useState(false);

  const contacts = useList<Contact>('contacts', { accountId: id, limit: 100, sort: 'name' }, Boolean(id));
  const opps = useList<OpportunityListItem>(
    'opportunities',
    { accountId: id, limit: 100, sort: '-amount' },
    Boolean(id),
  );
  const activities = useList<Activity>(
    'activities',
    { accountId: id, limit: 100, sort: '-createdAt' },
    Boolean(id),
  );
  const oppColumns = useOpportunityColumns({ showAccount: false });

  const openOpps = (opps.data?.items ?? []).filter((o) => o.status === 'open');
  const wonOpps = (opps.data?.items ?? []).filter((o) => o.status === 'won');
  const openAmount = openOpps.reduce((s, o) => s + o.amount, 0);
  const wonAmount = wonOpps.reduce((s, o) => s + o.amount, 0);

  const contactColumns = useMemo<ColumnsType<Contact>>(
    () => [
      {
        key: 'name',
        title: t('fields.contactName'),
        render: (_, c) => (
          <div>
            <Link to={`/contacts/${c.id}`}>{c.name}</Link>
            {c.title && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.title}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      },
      {
        key: 'role',
        title: t('fields.decisionRole'),
        render: (_, c) => <DecisionRoleTag role={c.decisionRole} />,
      },
      { key: 'phone', title: t('fields.phone'), render: (_, c) => c.phone ?? '—' },
      { key: 'email', title: t('fields.email'), render: (_, c) => c.email ?? '—' },
    ],
    [t],
  );

  const activityColumns = useMemo<ColumnsType<Activity>>(
    () => [
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
          <Typography.Link onClick={() => setEditingActivity(a)}>{a.subject}</Typography.Link>
        ),
      },
      { key: 'related', title: t('fields.related'), render: (_, a) => a.relatedName ?? '—' },
      {
        key: 'dueAt',
        title: t('fields.dueAt'),
        render: (_, a) => (
          <Typography.Text type={isOverdue(a) ? 'danger' : undefined}>
            {fmt.dateTime(a.dueAt)}
          </Typography.Text>
        ),
      },
      {
        key: 'done',
        title: t('fields.done'),
        render: (_, a) =>
          a.doneAt ? (
            <Tag color="success">{t('activities.finished')}</Tag>
          ) : (
            <Tag>{t('activities.pending')}</Tag>
          ),
      },
      { key: 'owner', title: t('fields.owner'), dataIndex: 'ownerName' },
    ],
    [t, fmt],
  );

  if (!account) return <DetailState isLoading={isLoading} error={error} backTo="/accounts" />;
  const ref = { id: account.id, name: account.name };

  return (
    <div data-testid="account-detail">
      <PageHeader
        backTo="/accounts"
        title={account.name}
        tags={
          <>
            <LevelTag level={account.level} />
            <Tag>{t(`enums.accountKind.${account.kind}`)}</Tag>
            {!account.ownerId && <Tag color="gold">{account.poolName ?? t('pools.title')}</Tag>}
          </>
        }
        subtitle={[label('industry', account.industry), label('region', account.region)]
          .filter((x) => x !== '—')
          .join(' · ')}
        extra={
          <>
            {can('opportunity', 'create') && (
              <Button
                icon={<PlusOutlined />}
                onClick={() => setAddingOpp(true)}
                data-testid="account-new-opportunity"
              >
                {t('opportunities.new')}
              </Button>
            )}
            {can('visit', 'create') && account.ownerId && (
              <Button
                icon={<EnvironmentOutlined />}
                onClick={() => setPlanningVisit(true)}
                data-testid="account-plan-visit"
              >
                {t('visits.new')}
              </Button>
            )}
            <PoolRecordActions kind="account" record={account} />
            <RecordActions
              testId="account"
              name={account.name}
              onEdit={can('account', 'update') ? () => setEditing(true) : undefined}
              onDelete={can('account', 'delete') ? () => remove.mutateAsync(account.id) : undefined}
              afterDeleteTo="/accounts"
            />
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card>
            <Row gutter={16} style={{ marginBottom: 16 }}>
              <Col span={12}>
                <Statistic
                  title={`${t('home.openAmount')} (${openOpps.length})`}
                  value={fmt.money(openAmount)}
                  styles={{ content: { color: '#1d4ed8' } }}
                />
              </Col>
              <Col span={12}>
                <Statistic
                  title={`${t('enums.stageKind.won')} (${wonOpps.length})`}
                  value={fmt.money(wonAmount)}
                />
              </Col>
            </Row>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'size', label: t('fields.size'), children: label('accountSize', account.size) },
                { key: 'source', label: t('fields.source'), children: label('source', account.source) },
                ...(account.kind === 'individual'
                  ? [
                      {
                        key: 'incomeBand',
                        label: t('segments.fields.incomeBand'),
                        children: label('incomeBand', account.incomeBand),
                      },
                      {
                        key: 'interests',
                        label: t('segments.fields.interests'),
                        children: account.interests.length ? account.interests.join('、') : '—',
                      },
                    ]
                  : []),
                { key: 'phone', label: t('fields.phone'), children: account.phone ?? '—' },
                {
                  key: 'website',
                  label: t('fields.website'),
                  children: account.website ? (
                    <a
                      href={
                        /^https?:\/\//.test(account.website) ? account.website : `https://${account.website}`
                      }
                      target="_blank"
                      rel="noreferrer"
                    >
                      {account.website}
                    </a>
                  ) : (
                    '—'
                  ),
                },
                { key: 'address', label: t('fields.address'), children: account.address ?? '—' },
                {
                  key: 'location',
                  label: t('visits.location.title'),
                  children: (
                    <span style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="account-location-value">
                      {account.latitude !== null && account.longitude !== null
                        ? formatLatLng({ latitude: account.latitude, longitude: account.longitude })
                        : t('visits.location.none')}
                    </span>
                  ),
                },
                {
                  key: 'creditCode',
                  label: t('fields.creditCode'),
                  children: account.creditCode ? (
                    <Typography.Text copyable code>
                      {account.creditCode}
                    </Typography.Text>
                  ) : (
                    '—'
                  ),
                },
                { key: 'owner', label: t('fields.owner'), children: account.ownerName },
                {
                  key: 'territory',
                  label: t('plans.territoryField'),
                  children: account.territoryName ?? '—',
                },
                { key: 'createdAt', label: t('fields.createdAt'), children: fmt.dateTime(account.createdAt) },
                { key: 'notes', label: t('fields.notes'), children: account.notes ?? '—' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Tabs
            defaultActiveKey={searchParams.get('tab') ?? 'timeline'}
            data-testid="account-tabs"
            items={[
              {
                key: 'timeline',
                label: t('accounts.tabTimeline'),
                children: (
                  <RecordTimeline
                    relatedType="account"
                    relatedId={account.id}
                    relatedName={account.name}
                    canLog={can('activity', 'create')}
                  />
                ),
              },
              {
                key: 'contacts',
                label: `${t('accounts.tabContacts')} (${contacts.data?.items.length ?? 0})`,
                children: (
                  <Card
                    size="small"
                    styles={{ body: { padding: 0 } }}
                    extra={
                      can('contact', 'create') && (
                        <Button
                          size="small"
                          type="primary"
                          ghost
                          icon={<PlusOutlined />}
                          onClick={() => setAddingContact(true)}
                          data-testid="account-new-contact"
                        >
                          {t('contacts.new')}
                        </Button>
                      )
                    }
                    title={t('accounts.tabContacts')}
                  >
                    <Table<Contact>
                      rowKey="id"
                      size="small"
                      pagination={false}
                      loading={contacts.isLoading}
                      columns={contactColumns}
                      dataSource={contacts.data?.items ?? []}
                      scroll={{ x: 'max-content' }}
                      locale={{ emptyText: <EmptyState hint={t('accounts.noContacts')} /> }}
                    />
                  </Card>
                ),
              },
              {
                key: 'opportunities',
                label: `${t('accounts.tabOpportunities')} (${opps.data?.items.length ?? 0})`,
                children: (
                  <Card
                    size="small"
                    styles={{ body: { padding: 0 } }}
                    title={t('accounts.tabOpportunities')}
                    extra={
                      can('opportunity', 'create') && (
                        <Button
                          size="small"
                          type="primary"
                          ghost
                          icon={<PlusOutlined />}
                          onClick={() => setAddingOpp(true)}
                        >
                          {t('opportunities.new')}
                        </Button>
                      )
                    }
                  >
                    <Table<OpportunityListItem>
                      rowKey="id"
                      size="small"
                      pagination={false}
                      loading={opps.isLoading}
                      columns={oppColumns}
                      dataSource={opps.data?.items ?? []}
                      scroll={{ x: 'max-content' }}
                      locale={{ emptyText: <EmptyState hint={t('accounts.noOpportunities')} /> }}
                    />
                  </Card>
                ),
              },
              {
                key: 'activities',
                label: `${t('accounts.tabActivities')} (${activities.data?.items.length ?? 0})`,
                children: (
                  <Card size="small" styles={{ body: { padding: 0 } }} title={t('accounts.tabActivities')}>
                    <Table<Activity>
                      rowKey="id"
                      size="small"
                      pagination={false}
                      loading={activities.isLoading}
                      columns={activityColumns}
                      dataSource={activities.data?.items ?? []}
                      scroll={{ x: 'max-content' }}
                      locale={{ emptyText: <EmptyState hint={t('accounts.noActivities')} /> }}
                    />
                  </Card>
                ),
              },
              ...(can('pool', 'read')
                ? [
                    {
                      key: 'pool-moves',
                      label: t('pools.trail'),
                      children: <PoolMovesCard kind="account" id={account.id} />,
                    },
                  ]
                : []),
              ...(can('needs_record', 'read')
                ? [{ key: 'needs', label: t('needs.tab'), children: <NeedsTab account={ref} /> }]
                : []),
            ]}
          />
        </Col>
      </Row>
      <AccountForm open={editing} onClose={() => setEditing(false)} account={account} />
      <VisitFormDialog
        open={planningVisit}
        onClose={() => setPlanningVisit(false)}
        account={ref}
        onSaved={(v) => navigate(`/visits/${v.id}`)}
      />
      <ContactForm open={addingContact} onClose={() => setAddingContact(false)} account={ref} />
      <OpportunityForm
        open={addingOpp}
        onClose={() => setAddingOpp(false)}
        account={ref}
        onSaved={(o) => navigate(`/opportunities/${o.id}`)}
      />
      <ActivityForm
        open={Boolean(editingActivity)}
        onClose={() => setEditingActivity(null)}
        activity={editingActivity}
      />
    </div>
  );
}
