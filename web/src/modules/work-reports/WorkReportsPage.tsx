import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Grid,
  List,
  Segmented,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import { CommentOutlined, EditOutlined, EyeOutlined, FileAddOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import {
  REPORT_STATES,
  type ReportKind,
  type WorkReport,
  type WorkReportGridCell,
  type WorkReportGridRow,
} from '@tuoke/shared';
import { useMe } from '../../app/auth';
import { EmptyState } from '../../app/components/EmptyState';
import { PageHeader } from '../../app/components/PageHeader';
import { useFormat } from '../../app/format';
import { buildTeamTree, toTreeOption } from '../teams/teamTree';
import { useAllTeams } from '../users/useUsers';
import { periodLabel, todayInChina } from './periods';
import { ReportStatusTag, STATE_COLORS } from './ReportStatusTag';
import { useReportDraft, useReportGrid, useReportList } from './useWorkReports';

type Tab = 'mine' | 'team';

/**
 * 工作报告: my daily and weekly reports (write, history), and for managers 团队提交 — who in
 * their scope submitted on time, late, or not at all — with the reports to open and comment on.
 */
export function WorkReportsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const scope = me.permissions.work_report?.scope;
  const canTeam = scope !== undefined && scope !== 'own';
  const asked = params.get('tab');
  const tab: Tab = asked === 'team' && canTeam ? 'team' : asked === 'mine' || !canTeam ? 'mine' : 'team';
  const today = todayInChina();
  const write = (kind: ReportKind) => navigate(`/work-reports/write?kind=${kind}&date=${today}`);

  return (
    <div>
      <PageHeader
        title={t('workReports.title')}
        subtitle={t('workReports.subtitle')}
        extra={
          <>
            <Button
              type="primary"
              icon={<FileAddOutlined />}
              onClick={() => write('daily')}
              data-testid="report-new-daily"
            >
              {t('workReports.writeDaily')}
            </Button>
            <Button
              icon={<FileAddOutlined />}
              onClick={() => write('weekly')}
              data-testid="report-new-weekly"
            >
              {t('workReports.writeWeekly')}
            </Button>
          </>
        }
      />
      <Card styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={[
            {
              key: 'mine',
              label: <span data-testid="reports-tab-mine">{t('workReports.tabMine')}</span>,
              children: <MyReports />,
            },
            ...(canTeam
              ? [
                  {
                    key: 'team',
                    label: <span data-testid="reports-tab-team">{t('workReports.tabTeam')}</span>,
                    children: <TeamStatus />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </div>
  );
}

function MyReports() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const today = todayInChina();
  const todays = useReportDraft('daily', today);
  const list = useReportList({ userId: me.user.id });
  const owed = useOwedReports(me.user.id, today);
  const d = todays.data;
  const owesToday =
    d && d.due && d.report?.status !== 'submitted' && (d.window === 'open' || d.window === 'late');
  const write = (kind: ReportKind, date: string) => navigate(`/work-reports/write?kind=${kind}&date=${date}`);

  return (
    <Flex vertical gap={12}>
      {owesToday && (
        <Alert
          type={d.window === 'late' ? 'warning' : 'info'}
          showIcon
          message={t(d.window === 'late' ? 'workReports.todayLate' : 'workReports.todayDue', {
            time: d.dueAt ? dayjs(d.dueAt).format('HH:mm') : '',
          })}
          action={
            <Button size="small" type="primary" onClick={() => write('daily', today)}>
              {d.report ? t('workReports.continue') : t('workReports.writeDaily')}
            </Button>
          }
        />
      )}
      {owed.map((o) => (
        <Alert
          key={`${o.kind}:${o.start}`}
          type="warning"
          showIcon
          data-testid="report-owed"
          message={t('workReports.owed', {
            kind: t(`workReports.kind.${o.kind}`),
            period: periodLabel(t, o.kind, o.start, o.end),
            closes: dayjs(o.closesAt).format('M/D HH:mm'),
          })}
          action={
            <Button size="small" onClick={() => write(o.kind, o.start)}>
              {t('workReports.writeLate')}
            </Button>
          }
        />
      ))}
      <ReportList
        items={list.data?.items ?? []}
        loading={list.isLoading}
        showAuthor={false}
        empty={<EmptyState title={t('workReports.noneYet')} hint={t('workReports.noneYetHint')} />}
      />
    </Flex>
  );
}

/** My missed reports that are still taken (late): this week's and last week's. */
function useOwedReports(userId: string, today: string) {
  const lastWeek = dayjs(today).subtract(7, 'day').format('YYYY-MM-DD');
  const grids = [
    useReportGrid({ kind: 'daily', date: lastWeek }),
    useReportGrid({ kind: 'daily', date: today }),
    useReportGrid({ kind: 'weekly', date: lastWeek }),
    useReportGrid({ kind: 'weekly', date: today }),
  ];
  // when the page opened: a period closing while it is open still shows until the next visit
  const [now] = useState(() => Date.now());
  const out: { kind: ReportKind; start: string; end: string; closesAt: string }[] = [];
  for (const g of grids) {
    const data = g.data;
    const row = data?.rows.find((r) => r.userId === userId);
    if (!data || !row) continue;
    row.cells.forEach((c, i) => {
      if (c.state === 'missing' && c.closesAt && Date.parse(c.closesAt) > now)
        out.push({ kind: data.kind, start: c.periodStart, end: data.periods[i]!.end, closesAt: c.closesAt });
    });
  }
  return out;
}

export function ReportList({
  items,
  loading,
  showAuthor,
  empty,
}: {
  items: WorkReport[];
  loading: boolean;
  showAuthor: boolean;
  empty: React.ReactNode;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const open = (r: WorkReport) =>
    navigate(
      r.status === 'draft'
        ? `/work-reports/write?kind=${r.kind}&date=${r.periodStart}`
        : `/work-reports/${r.id}`,
    );
  return (
    <List
      loading={loading}
      dataSource={items}
      locale={{ emptyText: empty }}
      data-testid="report-list"
      renderItem={(r) => (
        <List.Item
          className="clickable-row"
          onClick={() => open(r)}
          data-testid="report-list-item"
          actions={[
            <Tooltip key="r" title={t('workReports.readCount', { count: r.readCount })}>
              <Space size={4}>
                <EyeOutlined />
                {r.readCount}
              </Space>
            </Tooltip>,
            <Tooltip key="c" title={t('workReports.commentCount', { count: r.commentCount })}>
              <Space size={4}>
                <CommentOutlined />
                {r.commentCount}
              </Space>
            </Tooltip>,
          ]}
        >
          <List.Item.Meta
            title={
              <Space size={6} wrap>
                <Tag color={r.kind === 'daily' ? 'blue' : 'purple'}>{t(`workReports.kind.${r.kind}`)}</Tag>
                {showAuthor && <Typography.Text strong>{r.userName}</Typography.Text>}
                <span>{periodLabel(t, r.kind, r.periodStart, r.periodEnd)}</span>
                <ReportStatusTag report={r} />
              </Space>
            }
            description={
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                {r.status === 'draft' ? (
                  <>
                    <EditOutlined /> {t('workReports.draftHint')}
                  </>
                ) : (
                  <>
                    {fmt.dateTime(r.submittedAt)} · {r.work}
                  </>
                )}
              </Typography.Paragraph>
            }
          />
        </List.Item>
      )}
    />
  );
}

function TeamStatus() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const kind: ReportKind = params.get('kind') === 'weekly' ? 'weekly' : 'daily';
  const date = params.get('date') ?? todayInChina();
  const teamId = params.get('teamId') ?? undefined;
  const grid = useReportGrid({ kind, date, teamId });
  const isMobile = !Grid.useBreakpoint().md;
  const { teams } = useAllTeams();
  const treeData = useMemo(() => buildTeamTree(teams).map((n) => toTreeOption(n)), [teams]);
  const periods = grid.data?.periods ?? [];
  const reports = useReportList(
    {
      kind,
      from: periods[0]?.start,
      to: periods[periods.length - 1]?.start,
      status: 'submitted',
      limit: 100,
    },
    periods.length > 0,
  );
  const set = (next: Record<string, string | undefined>) => {
    const merged: Record<string, string> = { tab: 'team', kind, date };
    if (teamId) merged.teamId = teamId;
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    setParams(merged, { replace: true });
  };

  const columns: ColumnsType<WorkReportGridRow> = [
    {
      key: 'person',
      title: t('workReports.person'),
      fixed: 'left',
      width: isMobile ? 84 : 120,
      render: (_, row) => (
        <div style={{ lineHeight: 1.3 }}>
          <Typography.Text strong>{row.userName}</Typography.Text>
          {row.teamName && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {row.teamName}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    ...periods.map((p, i) => ({
      key: p.start,
      title:
        kind === 'daily' ? (
          <div style={{ textAlign: 'center', lineHeight: 1.2 }}>
            <div>{dayjs(p.start).format('ddd')}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
              {dayjs(p.start).format('M/D')}
            </Typography.Text>
          </div>
        ) : (
          periodLabel(t, 'weekly', p.start, p.end)
        ),
      align: 'center' as const,
      width: kind === 'daily' ? (isMobile ? 54 : 76) : 160,
      render: (_: unknown, row: WorkReportGridRow) => (
        <StatusCell
          cell={row.cells[i]!}
          userId={row.userId}
          onOpen={(id) => navigate(`/work-reports/${id}`)}
          wide={kind === 'weekly'}
        />
      ),
    })),
  ];

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center">
        <Segmented
          value={kind}
          onChange={(v) => set({ kind: v as string })}
          options={[
            { value: 'daily', label: t('workReports.kind.daily') },
            { value: 'weekly', label: t('workReports.kind.weekly') },
          ]}
          data-testid="report-status-kind"
        />
        <DatePicker
          picker="week"
          allowClear={false}
          value={dayjs(date)}
          onChange={(v) => v && set({ date: v.format('YYYY-MM-DD') })}
          data-testid="report-status-week"
        />
        <TreeSelect
          allowClear
          treeDefaultExpandAll
          placeholder={t('workReports.allTeams')}
          value={teamId}
          onChange={(v) => set({ teamId: (v as string | undefined) ?? undefined })}
          treeData={treeData}
          style={{ minWidth: 180 }}
          popupMatchSelectWidth={false}
        />
      </Flex>
      {grid.data && (
        <Space size={[6, 6]} wrap data-testid="report-status-summary">
          {REPORT_STATES.filter((s) => s !== 'not_due').map((s) => (
            <Tag
              key={s}
              style={{
                color: STATE_COLORS[s].color,
                background: STATE_COLORS[s].background,
                borderColor: STATE_COLORS[s].border,
              }}
            >
              {t(`workReports.state.${s}`)} {grid.data.summary[s]}
            </Tag>
          ))}
        </Space>
      )}
      <div data-testid="report-status-grid">
        <Table<WorkReportGridRow>
          rowKey="userId"
          size="small"
          loading={grid.isLoading}
          columns={columns}
          dataSource={grid.data?.rows ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          bordered
          locale={{
            emptyText: (
              <EmptyState title={t('workReports.nobodyAsked')} hint={t('workReports.nobodyAskedHint')} />
            ),
          }}
        />
      </div>
      <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
        {t('workReports.submittedInRange')}
      </Typography.Title>
      <ReportList
        items={reports.data?.items ?? []}
        loading={reports.isLoading && periods.length > 0}
        showAuthor
        empty={<EmptyState title={t('workReports.noneSubmitted')} />}
      />
    </Flex>
  );
}

function StatusCell({
  cell,
  userId,
  onOpen,
  wide,
}: {
  cell: WorkReportGridCell;
  userId: string;
  onOpen: (id: string) => void;
  wide: boolean;
}) {
  const { t } = useTranslation();
  const c = STATE_COLORS[cell.state];
  const label =
    cell.state === 'not_due'
      ? '—'
      : cell.submittedAt && wide
        ? `${t(`workReports.state.${cell.state}`)} ${dayjs(cell.submittedAt).format('M/D HH:mm')}`
        : t(`workReports.stateShort.${cell.state}`);
  const title = cell.submittedAt
    ? t('workReports.submittedAt', { at: dayjs(cell.submittedAt).format('M/D HH:mm') })
    : cell.dueAt
      ? t('workReports.dueAt', { at: dayjs(cell.dueAt).format('M/D HH:mm') })
      : t('workReports.state.not_due');
  return (
    <Tooltip title={title}>
      <div
        data-testid="report-status-cell"
        data-user={userId}
        data-state={cell.state}
        data-period={cell.periodStart}
        role={cell.reportId ? 'button' : undefined}
        tabIndex={cell.reportId ? 0 : undefined}
        onClick={() => cell.reportId && onOpen(cell.reportId)}
        onKeyDown={(e) => e.key === 'Enter' && cell.reportId && onOpen(cell.reportId)}
        style={{
          color: c.color,
          background: c.background,
          border: `1px solid ${c.border}`,
          borderRadius: 4,
          padding: '2px 4px',
          fontSize: 12,
          fontWeight: cell.state === 'missing' ? 600 : 400,
          cursor: cell.reportId ? 'pointer' : 'default',
          whiteSpace: 'nowrap',
        }}
      >
        {label}
      </div>
    </Tooltip>
  );
}
