import { useMemo } from 'react';
import { Card, Col, Flex, List, Row, Skeleton, Statistic, Tag, Typography, Button, Checkbox } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { VIEWS, type Activity, type OpportunityListItem, type View } from '@tuoke/shared';
import { useAuth, useMe } from '../../app/auth';
import { EChart, type ChartOption } from '../../app/components/EChart';
import { EmptyState } from '../../app/components/EmptyState';
import { ViewTabs } from '../../app/components/ViewTabs';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useList } from '../../app/resource';
import { ACTIVITY_COLORS, ACTIVITY_ICONS, RELATED_PATHS } from '../activities/activityMeta';
import { useToggleDone } from '../activities/useActivities';
import { StageTag } from '../opportunities/StageTag';
import { useBoards, usePipelines } from '../pipelines/usePipelines';

function ActivityRow({ activity, showDate }: { activity: Activity; showDate?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toggle = useToggleDone();
  const handleError = useErrorHandler();
  return (
    <List.Item data-testid={`home-activity-${activity.id}`}>
      <Flex gap={10} align="flex-start" style={{ width: '100%' }}>
        <Checkbox
          checked={Boolean(activity.doneAt)}
          onChange={() => toggle.mutate(activity, { onError: (err) => handleError(err) })}
          aria-label={t('home.markDone')}
          style={{ marginTop: 2 }}
        />
        <div style={{ minWidth: 0, flex: 1 }}>
          <Flex gap={6} align="center" wrap>
            <Tag
              color={ACTIVITY_COLORS[activity.type]}
              icon={ACTIVITY_ICONS[activity.type]}
              style={{ marginInlineEnd: 0 }}
            >
              {t(`enums.activityType.${activity.type}`)}
            </Tag>
            <Typography.Text delete={Boolean(activity.doneAt)} ellipsis style={{ maxWidth: '100%' }}>
              {activity.subject}
            </Typography.Text>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {activity.dueAt &&
              (showDate ? fmt.dateTime(activity.dueAt) : dayjs(activity.dueAt).format('HH:mm'))}
            {activity.relatedType && activity.relatedId && (
              <>
                {' · '}
                <Link to={`${RELATED_PATHS[activity.relatedType]}/${activity.relatedId}`}>
                  {activity.relatedName}
                </Link>
              </>
            )}
          </Typography.Text>
        </div>
      </Flex>
    </List.Item>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const { can } = useAuth();
  const canOpps = can('opportunity', 'read');
  const canActivities = can('activity', 'read');

  const [searchParams, setSearchParams] = useSearchParams();
  const viewParam = searchParams.get('view') as View | null;
  // A rep starts with their own work, a manager with the team's, directors and admins with everything.
  const role = me.user.role;
  const defaultView: View = role === 'sales_rep' ? 'mine' : role === 'sales_manager' ? 'subordinates' : 'all';
  const view: View = viewParam && VIEWS.includes(viewParam) ? viewParam : defaultView;
  const now = useMemo(() => dayjs(), []);
  const startOfDay = now.startOf('day').toISOString();
  const endOfDay = now.endOf('day').toISOString();

  const openOpps = useList<OpportunityListItem>(
    'opportunities',
    { view, status: 'open', sort: '-amount', limit: 8 },
    canOpps,
  );
  const today = useList<Activity>(
    'activities',
    { view, dueFrom: startOfDay, dueTo: endOfDay, sort: 'dueAt', limit: 20 },
    canActivities,
  );
  const overdue = useList<Activity>(
    'activities',
    { view, done: false, dueTo: startOfDay, sort: 'dueAt', limit: 20 },
    canActivities,
  );
  const { data: pipelines = [] } = usePipelines();
  const pipeline = pipelines[0];
  // Totals over every pipeline; the chart shows the default pipeline's stages.
  const boards = useBoards(canOpps ? pipelines.map((p) => p.id) : [], { view });
  const boardLoading = boards.some((b) => b.isLoading);
  const columns = useMemo(
    () => new Map(boards.flatMap((b) => b.data?.columns ?? []).map((c) => [c.stageId, c])),
    [boards],
  );
  const openStageIds = pipelines.flatMap((p) => p.stages.filter((s) => s.kind === 'open').map((s) => s.id));
  const openAmount = openStageIds.reduce((sum, id) => sum + (columns.get(id)?.amount ?? 0), 0);
  const weightedAmount = openStageIds.reduce((sum, id) => sum + (columns.get(id)?.weightedAmount ?? 0), 0);
  const openCount = openStageIds.reduce((sum, id) => sum + (columns.get(id)?.count ?? 0), 0);
  const openStages = useMemo(() => (pipeline?.stages ?? []).filter((s) => s.kind === 'open'), [pipeline]);

  const chartOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, data: [t('home.chartAmount'), t('fields.weightedAmount')] },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => fmt.money(Math.round(Number(v) * 100)),
      },
      xAxis: {
        type: 'category',
        data: openStages.map((s) => s.name),
        axisLabel: { interval: 0, hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (v: number) => fmt.money(Math.round(v * 100)) },
      },
      series: [
        {
          name: t('home.chartAmount'),
          type: 'bar',
          data: openStages.map((s) => (columns.get(s.id)?.amount ?? 0) / 100),
          itemStyle: { color: '#1d4ed8', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 36,
        },
        {
          name: t('fields.weightedAmount'),
          type: 'bar',
          data: openStages.map((s) => (columns.get(s.id)?.weightedAmount ?? 0) / 100),
          itemStyle: { color: '#93c5fd', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 36,
        },
      ],
    }),
    [openStages, columns, fmt, t],
  );

  const greetingDate =
    fmt.locale === 'zh-CN' ? now.format('YYYY年M月D日 dddd') : now.format('dddd, MMMM D, YYYY');

  return (
    <div data-testid="home-page">
      <Flex justify="space-between" align="flex-end" wrap gap={8} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('home.greeting', { name: me.user.name })}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('home.today', { date: greetingDate })} · {me.organization.name}
          </Typography.Text>
        </div>
        {(canOpps || canActivities) && (
          <ViewTabs
            value={view}
            onChange={(v) => setSearchParams(v === defaultView ? {} : { view: v }, { replace: true })}
          />
        )}
      </Flex>

      {canOpps && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} sm={8}>
            <Card className="stat-card">
              <Statistic
                title={t('home.openAmount')}
                value={fmt.money(openAmount, undefined, true)}
                loading={boardLoading}
                styles={{ content: { color: '#1d4ed8' } }}
              />
            </Card>
          </Col>
          <Col xs={12} sm={8}>
            <Card className="stat-card">
              <Statistic
                title={t('home.weightedAmount')}
                value={fmt.money(weightedAmount, undefined, true)}
                loading={boardLoading}
              />
            </Card>
          </Col>
          <Col xs={12} sm={8}>
            <Card className="stat-card">
              <Statistic title={t('home.openCount')} value={openCount} loading={boardLoading} />
            </Card>
          </Col>
        </Row>
      )}

      <Row gutter={[16, 16]}>
        {canOpps && (
          <Col xs={24} xl={14}>
            <Card
              title={view === 'mine' ? t('home.myOpenOpps') : t('home.openOpps')}
              extra={
                <Link to={`/opportunities?view=${view}&status=open`}>
                  {t('home.viewAll')} <RightOutlined />
                </Link>
              }
              styles={{ body: { paddingTop: 4, paddingBottom: 4 } }}
              data-testid="home-open-opps"
            >
              {openOpps.isLoading ? (
                <Skeleton active />
              ) : (openOpps.data?.items.length ?? 0) === 0 ? (
                <EmptyState hint={t('home.noOpenOpps')} />
              ) : (
                <List
                  dataSource={openOpps.data?.items ?? []}
                  renderItem={(o) => (
                    <List.Item key={o.id}>
                      <Flex justify="space-between" align="center" gap={12} style={{ width: '100%' }}>
                        <div style={{ minWidth: 0 }}>
                          <Link to={`/opportunities/${o.id}`}>
                            <Typography.Text strong ellipsis style={{ color: 'inherit', maxWidth: 360 }}>
                              {o.name}
                            </Typography.Text>
                          </Link>
                          <div>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {o.accountName} ·{' '}
                              {t('opportunities.closeDate', { date: fmt.date(o.expectedCloseDate) })}
                            </Typography.Text>
                          </div>
                        </div>
                        <Flex vertical align="flex-end" gap={2}>
                          <Typography.Text strong className="money">
                            {fmt.money(o.amount, o.currency)}
                          </Typography.Text>
                          <StageTag name={o.stageName} status={o.status} probability={o.probability} />
                        </Flex>
                      </Flex>
                    </List.Item>
                  )}
                />
              )}
            </Card>
          </Col>
        )}
        {canActivities && (
          <Col xs={24} xl={canOpps ? 10 : 24}>
            <Card
              title={t('home.todayActivities')}
              extra={<Link to={`/activities?view=${view}`}>{t('home.viewAll')}</Link>}
              styles={{ body: { paddingTop: 4, paddingBottom: 4 } }}
              data-testid="home-today"
            >
              {today.isLoading ? (
                <Skeleton active />
              ) : (today.data?.items.length ?? 0) === 0 ? (
                <EmptyState hint={t('home.noToday')} />
              ) : (
                <List
                  dataSource={today.data?.items ?? []}
                  renderItem={(a) => <ActivityRow key={a.id} activity={a} />}
                />
              )}
            </Card>
            <Card
              style={{ marginTop: 16 }}
              title={
                <Flex gap={8} align="center">
                  {t('home.overdue')}
                  {(overdue.data?.items.length ?? 0) > 0 && (
                    <Tag color="error">{overdue.data?.items.length}</Tag>
                  )}
                </Flex>
              }
              extra={<Link to={`/activities?view=${view}&done=false`}>{t('home.viewAll')}</Link>}
              styles={{ body: { paddingTop: 4, paddingBottom: 4 } }}
              data-testid="home-overdue"
            >
              {overdue.isLoading ? (
                <Skeleton active />
              ) : (overdue.data?.items.length ?? 0) === 0 ? (
                <EmptyState hint={t('home.noOverdue')} />
              ) : (
                <List
                  dataSource={overdue.data?.items ?? []}
                  renderItem={(a) => <ActivityRow key={a.id} activity={a} showDate />}
                />
              )}
            </Card>
          </Col>
        )}
        {canOpps && (
          <Col xs={24}>
            <Card
              title={`${view === 'mine' ? t('home.pipelineChart') : t('home.pipelineByStage')}${pipeline ? ` · ${pipeline.name}` : ''}`}
              extra={
                <Link to={`/opportunities/board?view=${view}`}>
                  {t('nav.board')} <RightOutlined />
                </Link>
              }
            >
              {!pipeline && !boardLoading ? (
                <EmptyState hint={t('home.noPipeline')} />
              ) : (
                <EChart option={chartOption} height={300} testId="home-chart" />
              )}
            </Card>
          </Col>
        )}
        {!canOpps && !canActivities && (
          <Col xs={24}>
            <Card>
              <EmptyState
                hint={t('app.forbiddenPage')}
                action={<Button href="/settings/users">{t('nav.users')}</Button>}
              />
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
