import { useMemo, useState } from 'react';
import {
  Button,
  Card,
  Col,
  Flex,
  Grid,
  List,
  Row,
  Segmented,
  Select,
  Skeleton,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  FieldTimeOutlined,
  ReloadOutlined,
  SettingOutlined,
  UserDeleteOutlined,
} from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FINDING_KINDS, type Finding, type FindingKind, type SupervisionRepRow } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EmptyState } from '../../app/components/EmptyState';
import { PageHeader } from '../../app/components/PageHeader';
import { TargetPaceBar } from '../../app/components/TargetPace';
import { useFormat } from '../../app/format';
import { SupervisionSettingsDrawer } from './SupervisionSettingsDrawer';
import { KIND_LIST, findingLink, selectFindings, useSupervisionBoard } from './useSupervision';

const KIND_STYLE: Record<FindingKind, { color: string; tag: string; icon: React.ReactNode }> = {
  deal_no_next_step: { color: '#d97706', tag: 'orange', icon: <ExclamationCircleOutlined /> },
  deal_stalled: { color: '#dc2626', tag: 'red', icon: <FieldTimeOutlined /> },
  task_overdue: { color: '#7c3aed', tag: 'purple', icon: <ClockCircleOutlined /> },
  customer_forgotten: { color: '#0369a1', tag: 'blue', icon: <UserDeleteOutlined /> },
};
const COUNT_KEY: Record<FindingKind, 'noNextStep' | 'stalled' | 'overdueTasks' | 'forgotten'> = {
  deal_no_next_step: 'noNextStep',
  deal_stalled: 'stalled',
  task_overdue: 'overdueTasks',
  customer_forgotten: 'forgotten',
};

/**
 * 督导看板: per person, the open deals without a next step, stalled deals, overdue tasks and
 * forgotten customers in the reader's scope (a team picker for managers and directors); a count
 * opens the list of what is behind it, each item linking to the deal, account or activity.
 */
export function SupervisionPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const isMobile = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const teamId = params.get('teamId') ?? undefined;
  const kindParam = params.get('kind');
  const kind = FINDING_KINDS.find((k) => k === kindParam);
  const ownerId = params.get('ownerId') ?? undefined;
  const board = useSupervisionBoard(teamId);
  const data = board.data;
  // the board lists the most pressing findings of the whole selection; a person's come in full
  const own = useSupervisionBoard(teamId, ownerId, !!ownerId);
  const listed = ownerId ? own.data : data;

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const items = useMemo(
    () => (listed ? selectFindings(listed.findings, kind, ownerId) : []),
    [listed, kind, ownerId],
  );
  const shownOf = (k: FindingKind) => (listed ? listed.findings[KIND_LIST[k]].length : 0);
  const totalOf = (k: FindingKind) => (listed ? listed.counts[KIND_LIST[k]] : 0);
  const more = (kind ? [kind] : FINDING_KINDS).some((k) => totalOf(k) > shownOf(k));
  const person = data?.reps.find((r) => r.ownerId === ownerId);
  const kindOptions = [
    { value: 'all', label: t('supervision.allKinds') },
    ...FINDING_KINDS.map((k) => ({
      value: k,
      label: `${t(`supervision.kinds.${k}`)} ${totalOf(k)}`,
    })),
  ];

  const header = (
    <PageHeader
      title={t('supervision.title')}
      subtitle={
        data
          ? `${t('supervision.subtitle')} · ${t('supervision.thresholds', {
              stall: data.settings.defaultStallDays,
              forgotten: data.settings.forgottenDays,
            })}`
          : t('supervision.subtitle')
      }
      extra={
        <>
          {data && data.teams.length > 0 && (
            <Select
              value={teamId ?? ''}
              onChange={(v: string) => update({ teamId: v || undefined, ownerId: undefined })}
              style={{ minWidth: 180 }}
              aria-label={t('supervision.team')}
              data-testid="supervision-team"
              options={[
                { value: '', label: t('supervision.allTeams') },
                ...data.teams.map((team) => ({ value: team.id, label: team.name })),
              ]}
            />
          )}
          <Tooltip title={data ? t('supervision.asOf', { time: fmt.dateTime(data.asOf) }) : undefined}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void board.refetch()}
              loading={board.isFetching}
              aria-label={t('supervision.refresh')}
            />
          </Tooltip>
          {can('supervision', 'update') && (
            <Button
              icon={<SettingOutlined />}
              onClick={() => setSettingsOpen(true)}
              data-testid="supervision-settings"
            >
              {t('supervision.settings')}
            </Button>
          )}
        </>
      }
    />
  );

  return (
    <div data-testid="supervision-page">
      {header}
      {!data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            {FINDING_KINDS.map((k) => (
              <Col key={k} xs={12} lg={6}>
                <KindCard
                  kind={k}
                  count={data.counts[KIND_LIST[k]]}
                  active={kind === k}
                  onClick={() => update({ kind: kind === k ? undefined : k })}
                />
              </Col>
            ))}
          </Row>
          <Card
            size="small"
            title={t('supervision.rep')}
            style={{ marginBottom: 16 }}
            styles={{ body: { padding: isMobile ? 8 : 0 } }}
          >
            {data.reps.length === 0 ? (
              <EmptyState title={t('supervision.noReps')} />
            ) : isMobile ? (
              <RepList
                reps={data.reps}
                selected={ownerId}
                onPick={(id, k) => update({ ownerId: id, kind: k })}
              />
            ) : (
              <RepTable
                reps={data.reps}
                selected={ownerId}
                onPick={(id, k) => update({ ownerId: id, kind: k })}
              />
            )}
          </Card>
          <Card
            size="small"
            title={
              person ? t('supervision.findingsOf', { name: person.ownerName }) : t('supervision.findings')
            }
            extra={
              person ? (
                <Button size="small" type="link" onClick={() => update({ ownerId: undefined })}>
                  {t('supervision.clearPerson')}
                </Button>
              ) : null
            }
            data-testid="supervision-findings"
          >
            <Flex gap={8} wrap style={{ marginBottom: 12 }}>
              {isMobile ? (
                <Select
                  value={kind ?? 'all'}
                  onChange={(v: string) => update({ kind: v === 'all' ? undefined : v })}
                  options={kindOptions}
                  style={{ minWidth: 150 }}
                  aria-label={t('supervision.allKinds')}
                  data-testid="supervision-kind"
                />
              ) : (
                <Segmented
                  value={kind ?? 'all'}
                  onChange={(v) => update({ kind: v === 'all' ? undefined : String(v) })}
                  options={kindOptions}
                  data-testid="supervision-kind"
                />
              )}
              {data.reps.length > 1 && (
                <Select
                  value={ownerId ?? ''}
                  onChange={(v: string) => update({ ownerId: v || undefined })}
                  style={{ minWidth: 160 }}
                  aria-label={t('supervision.owner')}
                  options={[
                    { value: '', label: t('supervision.everyone') },
                    ...data.reps.map((r) => ({ value: r.ownerId, label: r.ownerName })),
                  ]}
                  data-testid="supervision-owner"
                />
              )}
            </Flex>
            {more && listed && (
              <Typography.Paragraph type="secondary" data-testid="supervision-truncated">
                {t('supervision.truncated', { limit: listed.findingsLimit })}
              </Typography.Paragraph>
            )}
            {items.length === 0 ? (
              <EmptyState
                title={kind || ownerId ? t('supervision.emptyKind') : t('supervision.empty')}
                hint={kind || ownerId ? undefined : t('supervision.emptyHint')}
              />
            ) : isMobile ? (
              <FindingList items={items} />
            ) : (
              <FindingTable items={items} />
            )}
          </Card>
        </>
      )}
      {can('supervision', 'update') && (
        <SupervisionSettingsDrawer open={settingsOpen} onClose={() => setSettingsOpen(false)} />
      )}
    </div>
  );
}

function KindCard({
  kind,
  count,
  active,
  onClick,
}: {
  kind: FindingKind;
  count: number;
  active: boolean;
  onClick: () => void;
}) {
  const { t } = useTranslation();
  const style = KIND_STYLE[kind];
  return (
    <Card
      size="small"
      hoverable
      onClick={onClick}
      role="button"
      aria-pressed={active}
      data-testid={`supervision-kind-${kind}`}
      style={{
        borderColor: active ? style.color : undefined,
        boxShadow: active ? `0 0 0 1px ${style.color}` : undefined,
        height: '100%',
      }}
    >
      <Flex justify="space-between" align="flex-start" gap={8}>
        <div style={{ minWidth: 0 }}>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t(`supervision.kinds.${kind}`)}
          </Typography.Text>
          <div
            style={{ fontSize: 28, fontWeight: 600, lineHeight: 1.2, color: count ? style.color : '#94a3b8' }}
          >
            {count}
          </div>
        </div>
        <span style={{ color: style.color, fontSize: 20 }}>{style.icon}</span>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} className="supervision-kind-hint">
        {t(`supervision.kindHints.${kind}`)}
      </Typography.Text>
    </Card>
  );
}

function CountButton({
  value,
  kind,
  onClick,
  active,
}: {
  value: number;
  kind: FindingKind;
  onClick: () => void;
  active: boolean;
}) {
  if (value === 0) return <Typography.Text type="secondary">0</Typography.Text>;
  return (
    <Button
      size="small"
      type={active ? 'primary' : 'text'}
      onClick={onClick}
      style={active ? undefined : { color: KIND_STYLE[kind].color, fontWeight: 600 }}
    >
      {value}
    </Button>
  );
}

function RepTable({
  reps,
  selected,
  onPick,
}: {
  reps: SupervisionRepRow[];
  selected?: string;
  onPick: (ownerId: string, kind?: FindingKind) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params] = useSearchParams();
  const kind = params.get('kind');
  const columns: ColumnsType<SupervisionRepRow> = [
    {
      key: 'rep',
      title: t('supervision.rep'),
      render: (_, r) => (
        <div>
          <Typography.Link strong onClick={() => onPick(r.ownerId)}>
            {r.ownerName}
          </Typography.Link>
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
    ...FINDING_KINDS.map((k) => ({
      key: k,
      title: t(`supervision.kinds.${k}`),
      align: 'center' as const,
      render: (_: unknown, r: SupervisionRepRow) => (
        <CountButton
          value={r[COUNT_KEY[k]]}
          kind={k}
          active={selected === r.ownerId && kind === k}
          onClick={() => onPick(r.ownerId, k)}
        />
      ),
    })),
    { key: 'openDeals', title: t('supervision.openDeals'), dataIndex: 'openDeals', align: 'right' },
    {
      key: 'pipelineAmount',
      title: t('supervision.pipelineAmount'),
      align: 'right',
      render: (_, r) => <span className="money">{fmt.money(r.pipelineAmount)}</span>,
    },
    {
      key: 'target',
      title: t('targetPace.title'),
      render: (_, r) =>
        r.target ? (
          <TargetPaceBar pace={r.target} compact />
        ) : (
          <Typography.Text type="secondary">{t('targetPace.none')}</Typography.Text>
        ),
    },
  ];
  const sum = (key: keyof SupervisionRepRow) => reps.reduce((s, r) => s + Number(r[key]), 0);
  return (
    <Table<SupervisionRepRow>
      rowKey="ownerId"
      size="middle"
      columns={columns}
      dataSource={reps}
      pagination={false}
      scroll={{ x: 960 }}
      rowClassName={(r) => (r.ownerId === selected ? 'ant-table-row-selected' : '')}
      data-testid="supervision-reps"
      summary={() =>
        reps.length > 1 ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('supervision.total')}</Typography.Text>
            </Table.Summary.Cell>
            {FINDING_KINDS.map((k, i) => (
              <Table.Summary.Cell key={k} index={i + 1} align="center">
                <Typography.Text strong>{sum(COUNT_KEY[k])}</Typography.Text>
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={5} align="right">
              <Typography.Text strong>{sum('openDeals')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={6} align="right">
              <Typography.Text strong className="money">
                {fmt.money(sum('pipelineAmount'))}
              </Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={7} />
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}

/** On a phone: one compact card per person, the four counts as tappable chips. */
function RepList({
  reps,
  selected,
  onPick,
}: {
  reps: SupervisionRepRow[];
  selected?: string;
  onPick: (ownerId: string, kind?: FindingKind) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Flex vertical gap={8} data-testid="supervision-reps">
      {reps.map((r) => (
        <div
          key={r.ownerId}
          style={{
            border: `1px solid ${r.ownerId === selected ? '#1d4ed8' : '#e5e7eb'}`,
            borderRadius: 8,
            padding: '8px 10px',
          }}
        >
          <Flex justify="space-between" align="baseline" gap={8}>
            <Typography.Link strong onClick={() => onPick(r.ownerId)}>
              {r.ownerName}
            </Typography.Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('supervision.openDeals')} {r.openDeals} ·{' '}
              <span className="money">{fmt.money(r.pipelineAmount, undefined, true)}</span>
            </Typography.Text>
          </Flex>
          <Flex gap={6} wrap style={{ marginTop: 6 }}>
            {FINDING_KINDS.map((k) => (
              <Tag
                key={k}
                color={r[COUNT_KEY[k]] ? KIND_STYLE[k].tag : undefined}
                onClick={() => onPick(r.ownerId, k)}
                style={{ cursor: 'pointer', marginInlineEnd: 0 }}
              >
                {t(`supervision.kinds.${k}`)} {r[COUNT_KEY[k]]}
              </Tag>
            ))}
          </Flex>
          {r.target && (
            <div style={{ marginTop: 6 }}>
              <TargetPaceBar pace={r.target} compact />
            </div>
          )}
        </div>
      ))}
    </Flex>
  );
}

/** What is wrong, in words: the reason, the days against the threshold, when it was due. */
function FindingDetail({ f }: { f: Finding }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  switch (f.kind) {
    case 'deal_no_next_step':
      return (
        <div>
          <Typography.Text type={f.reason === 'overdue' ? 'danger' : 'warning'}>
            {f.reason === 'overdue'
              ? t('supervision.reasonOverdue', { days: f.days ?? 0 })
              : f.nextStep?.trim()
                ? t('supervision.reasonNoDate')
                : t('supervision.reasonMissing')}
          </Typography.Text>
          {f.nextStep && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: f.nextStep }}>
                {f.nextStep}
                {f.nextStepDate ? ` · ${fmt.date(f.nextStepDate)}` : ''}
              </Typography.Text>
            </div>
          )}
        </div>
      );
    case 'deal_stalled':
      return (
        <div>
          <Typography.Text type="danger">
            {t('supervision.stalledFor', { days: f.days ?? 0, threshold: f.thresholdDays ?? 0 })}
          </Typography.Text>
          {f.lastTouchAt && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('supervision.lastTouch', { date: fmt.date(f.lastTouchAt) })}
              </Typography.Text>
            </div>
          )}
        </div>
      );
    case 'task_overdue':
      return (
        <div>
          <Typography.Text type="danger">
            {f.days ? t('supervision.overdueBy', { days: f.days }) : t('supervision.overdueToday')}
          </Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('supervision.dueAt', { time: fmt.dateTime(f.dueAt) })}
            </Typography.Text>
          </div>
        </div>
      );
    case 'customer_forgotten':
      return (
        <div>
          <Typography.Text style={{ color: KIND_STYLE.customer_forgotten.color }}>
            {t('supervision.forgottenFor', { days: f.days ?? 0, threshold: f.thresholdDays ?? 0 })}
          </Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {f.lastTouchAt
                ? t('supervision.lastTouch', { date: fmt.date(f.lastTouchAt) })
                : t('supervision.neverContacted')}
            </Typography.Text>
          </div>
        </div>
      );
  }
}

function FindingName({ f }: { f: Finding }) {
  const { t } = useTranslation();
  return (
    <div style={{ minWidth: 0 }}>
      <Link to={findingLink(f)} data-testid={`finding-${f.recordId}`}>
        <Typography.Text strong style={{ color: 'inherit' }}>
          {f.recordType === 'activity' && f.activityType
            ? `${t(`enums.activityType.${f.activityType}`, { defaultValue: f.activityType })} · `
            : ''}
          {f.name}
        </Typography.Text>
      </Link>
      {f.recordType !== 'account' && f.accountId && f.accountName && (
        <div>
          <Link to={`/accounts/${f.accountId}`}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {f.accountName}
            </Typography.Text>
          </Link>
        </div>
      )}
      {f.recordType === 'account' && f.level && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('supervision.level', { level: f.level })}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}

function KindTag({ kind }: { kind: FindingKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_STYLE[kind].tag} icon={KIND_STYLE[kind].icon} style={{ marginInlineEnd: 0 }}>
      {t(`supervision.kinds.${kind}`)}
    </Tag>
  );
}

function FindingTable({ items }: { items: Finding[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const columns: ColumnsType<Finding> = [
    { key: 'kind', title: '', width: 120, render: (_, f) => <KindTag kind={f.kind} /> },
    { key: 'record', title: t('supervision.record'), render: (_, f) => <FindingName f={f} /> },
    { key: 'detail', title: t('supervision.detail'), render: (_, f) => <FindingDetail f={f} /> },
    { key: 'stage', title: t('supervision.stage'), render: (_, f) => f.stageName ?? '—' },
    {
      key: 'amount',
      title: t('supervision.amount'),
      align: 'right',
      render: (_, f) =>
        f.amount !== undefined ? (
          <span className="money">{fmt.money(f.amount, f.currency)}</span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    { key: 'owner', title: t('supervision.owner'), dataIndex: 'ownerName', width: 110 },
  ];
  return (
    <Table<Finding>
      rowKey={(f) => `${f.kind}:${f.recordId}`}
      size="middle"
      columns={columns}
      dataSource={items}
      pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ x: 860 }}
      data-testid="supervision-finding-table"
    />
  );
}

function FindingList({ items }: { items: Finding[] }) {
  const fmt = useFormat();
  return (
    <List<Finding>
      dataSource={items}
      pagination={items.length > 30 ? { pageSize: 30, size: 'small', showSizeChanger: false } : false}
      data-testid="supervision-finding-list"
      renderItem={(f) => (
        <List.Item style={{ display: 'block', paddingInline: 0 }}>
          <Flex justify="space-between" align="flex-start" gap={8}>
            <FindingName f={f} />
            <KindTag kind={f.kind} />
          </Flex>
          <div style={{ marginTop: 4 }}>
            <FindingDetail f={f} />
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[f.ownerName, f.stageName, f.amount !== undefined ? fmt.money(f.amount, f.currency, true) : null]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
        </List.Item>
      )}
    />
  );
}
