import { useMemo, useState } from 'react';
import { Card, Drawer, Empty, Flex, Grid, Select, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Team, Visit, VisitComplianceRow } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { useList } from '../../app/resource';
import { VisitCard } from './VisitCard';
import { WeekNav } from './WeekNav';
import { chinaDate, useCompliance } from './useVisits';

type Bucket = 'planned' | 'onTime' | 'late' | 'missed' | 'pending' | 'unplanned' | 'far';
const BUCKETS: Bucket[] = ['planned', 'onTime', 'late', 'missed', 'pending', 'unplanned', 'far'];
const COLORS: Partial<Record<Bucket, string>> = {
  onTime: '#16a34a',
  late: '#d97706',
  missed: '#dc2626',
  unplanned: '#7c3aed',
  far: '#d97706',
};

/** Which visits stand behind a number of the report. */
function visitsOf(row: VisitComplianceRow, bucket: Bucket): Visit[] {
  switch (bucket) {
    case 'planned':
      return row.visits.filter((v) => v.planned && v.status !== 'cancelled');
    case 'onTime':
      return row.visits.filter((v) => v.compliance === 'on_time');
    case 'far':
      return row.visits.filter((v) => v.locationFlag === 'far');
    default:
      return row.visits.filter((v) => v.compliance === bucket);
  }
}

/** 计划执行: plan vs actual per rep for a week; every number opens the visits behind it. */
export function ComplianceView({
  week,
  onWeek,
  teamId,
  onTeam,
}: {
  week: string;
  onWeek: (week: string) => void;
  teamId: string | undefined;
  onTeam: (teamId: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { data, isLoading } = useCompliance(week, teamId);
  const teams = useList<Team>('teams', { limit: 200, sort: 'name' });
  const [open, setOpen] = useState<{ row: VisitComplianceRow; bucket: Bucket } | null>(null);

  const label = (b: Bucket) => t(`visits.table.${b}`);
  const rate = (r: Pick<VisitComplianceRow, 'onTime' | 'late' | 'missed'>) => {
    const due = r.onTime + r.late + r.missed;
    return due ? `${Math.round((r.onTime * 100) / due)}%` : '—';
  };

  const columns = useMemo<ColumnsType<VisitComplianceRow>>(
    () => [
      {
        key: 'rep',
        title: t('visits.table.rep'),
        fixed: 'left',
        render: (_, r) => (
          <div style={{ minWidth: 72 }}>
            <Typography.Text strong>{r.ownerName}</Typography.Text>
            {r.teamName && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.teamName}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      },
      ...BUCKETS.map((b) => ({
        key: b,
        title: label(b),
        align: 'center' as const,
        render: (_: unknown, r: VisitComplianceRow) => {
          const n = r[b];
          return n ? (
            <Typography.Link
              strong
              style={{ color: COLORS[b], fontSize: 15 }}
              onClick={() => setOpen({ row: r, bucket: b })}
              data-testid={`visit-compliance-${b}`}
              data-owner={r.ownerId}
            >
              {n}
            </Typography.Link>
          ) : (
            <Typography.Text type="secondary" data-testid={`visit-compliance-${b}`} data-owner={r.ownerId}>
              0
            </Typography.Text>
          );
        },
      })),
      { key: 'rate', title: t('visits.table.rate'), align: 'center', render: (_, r) => rate(r) },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t],
  );

  // a manager filters by the teams he manages (his team and the ones below it)
  const { me } = useAuth();
  const scope = me?.permissions.visit?.scope;
  const allTeams = teams.data?.items ?? [];
  const mine = scope === 'all' || !me?.user.teamId ? null : subtree(allTeams, me.user.teamId);
  const teamOptions = [
    { value: '', label: t('visits.allTeams') },
    ...allTeams.filter((tm) => !mine || mine.has(tm.id)).map((tm) => ({ value: tm.id, label: tm.name })),
  ];
  const drawerVisits = open ? visitsOf(open.row, open.bucket) : [];

  return (
    <div>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <WeekNav week={week} onWeek={onWeek} />
        <Select
          value={teamId ?? ''}
          onChange={(v) => onTeam(v || undefined)}
          options={teamOptions}
          style={{ minWidth: 160 }}
          data-testid="visit-compliance-team"
        />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('visits.complianceHint', { minutes: data?.settings.onTimeToleranceMinutes ?? 60 })}
      </Typography.Paragraph>
      {!screens.md ? (
        <PhoneRows
          rows={data?.rows ?? []}
          loading={isLoading}
          label={label}
          rate={rate}
          onOpen={(row, bucket) => setOpen({ row, bucket })}
        />
      ) : (
        <Table<VisitComplianceRow>
          rowKey="ownerId"
          size={screens.md ? 'middle' : 'small'}
          loading={isLoading}
          columns={columns}
          dataSource={data?.rows ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="visit-compliance-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          summary={() =>
            data && data.rows.length > 1 ? (
              <Table.Summary.Row style={{ background: '#fafafa' }}>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('visits.table.total')}</Typography.Text>
                </Table.Summary.Cell>
                {BUCKETS.map((b, i) => (
                  <Table.Summary.Cell key={b} index={i + 1} align="center">
                    <Typography.Text strong style={{ color: data.totals[b] ? COLORS[b] : undefined }}>
                      {data.totals[b]}
                    </Typography.Text>
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={BUCKETS.length + 1} align="center">
                  {rate(data.totals)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      )}
      {data && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
          {t('visits.asOf', { time: fmt.dateTime(data.asOf) })}
        </Typography.Text>
      )}
      <Drawer
        open={Boolean(open)}
        onClose={() => setOpen(null)}
        size={screens.sm ? 480 : '100%'}
        title={open ? t('visits.listTitle', { name: open.row.ownerName, bucket: label(open.bucket) }) : ''}
        destroyOnHidden
        data-testid="visit-compliance-list"
      >
        {drawerVisits.length === 0 ? (
          <Empty description={t('visits.noneInBucket')} />
        ) : (
          <Flex vertical gap={8}>
            {drawerVisits.map((v) => (
              <div key={v.id}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmt.date(chinaDate(v.plannedAt))}
                </Typography.Text>
                <VisitCard visit={v} onOpen={(x) => navigate(`/visits/${x.id}`)} />
              </div>
            ))}
          </Flex>
        )}
      </Drawer>
    </div>
  );
}

/** The team and every team below it. */
function subtree(teams: Team[], rootId: string): Set<string> {
  const out = new Set([rootId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const tm of teams)
      if (tm.parentId && out.has(tm.parentId) && !out.has(tm.id)) {
        out.add(tm.id);
        grew = true;
      }
  }
  return out;
}

/** On a phone: one card per rep, the numbers in a grid big enough to tap. */
function PhoneRows({
  rows,
  loading,
  label,
  rate,
  onOpen,
}: {
  rows: VisitComplianceRow[];
  loading: boolean;
  label: (b: Bucket) => string;
  rate: (r: VisitComplianceRow) => string;
  onOpen: (row: VisitComplianceRow, bucket: Bucket) => void;
}) {
  const { t } = useTranslation();
  if (loading) return <Skeleton active />;
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Flex vertical gap={10} data-testid="visit-compliance-table">
      {rows.map((r) => (
        <Card key={r.ownerId} size="small" styles={{ body: { padding: 12 } }}>
          <Flex justify="space-between" align="baseline" style={{ marginBottom: 8 }}>
            <span>
              <Typography.Text strong style={{ fontSize: 15 }}>
                {r.ownerName}
              </Typography.Text>
              {r.teamName && (
                <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                  {r.teamName}
                </Typography.Text>
              )}
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('visits.table.rate')} <Typography.Text strong>{rate(r)}</Typography.Text>
            </Typography.Text>
          </Flex>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 6 }}>
            {BUCKETS.map((b) => (
              <button
                key={b}
                type="button"
                disabled={!r[b]}
                onClick={() => onOpen(r, b)}
                data-testid={`visit-compliance-${b}`}
                data-owner={r.ownerId}
                style={{
                  border: '1px solid #eef0f4',
                  borderRadius: 8,
                  background: r[b] ? '#fff' : '#fafafa',
                  padding: '6px 2px',
                  cursor: r[b] ? 'pointer' : 'default',
                  font: 'inherit',
                }}
              >
                <div
                  style={{
                    fontSize: 18,
                    fontWeight: 600,
                    color: r[b] ? (COLORS[b] ?? '#1d4ed8') : '#cbd5e1',
                  }}
                >
                  {r[b]}
                </div>
                <div style={{ fontSize: 11, color: '#64748b' }}>{label(b)}</div>
              </button>
            ))}
          </div>
        </Card>
      ))}
    </Flex>
  );
}
