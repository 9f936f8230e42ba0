import { useMemo, useState } from 'react';
import {
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Grid,
  Progress,
  Row,
  Segmented,
  Select,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TARGET_PERIOD_TYPES, type Target, type TargetPeriodType } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { PageHeader } from '../../app/components/PageHeader';
import { TargetDetailPanel } from './TargetDetailPanel';
import { TargetForm } from './TargetForm';
import { periodLabel, periodOf, periodsAround, todayLocal } from './periods';
import { useTargetList } from './useTargets';
import { LEVEL_COLOR, useTargetFormat } from './useTargetFormat';

type TreeRow = Target & { children?: TreeRow[] };

const OWNER_ORDER = ['company', 'channel', 'product', 'territory', 'team', 'rep'];

/** Targets whose parent is in the list hang under it (company → teams → reps, year → quarters). */
export function buildTree(items: Target[]): TreeRow[] {
  const byId = new Map<string, TreeRow>(items.map((t) => [t.id, { ...t }]));
  const roots: TreeRow[] = [];
  for (const row of byId.values()) {
    const parent = row.parentId ? byId.get(row.parentId) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  const sort = (rows: TreeRow[]) => {
    rows.sort(
      (a, b) =>
        OWNER_ORDER.indexOf(a.ownerType) - OWNER_ORDER.indexOf(b.ownerType) ||
        a.startDate.localeCompare(b.startDate) ||
        b.value - a.value,
    );
    rows.forEach((r) => r.children && sort(r.children));
  };
  sort(roots);
  return roots;
}

/**
 * 目标: the targets of a period as a tree (company → teams → reps), with attainment against time
 * elapsed; one selected target shows its gauge, pace line, levels and its children ranked.
 */
export function TargetsPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const { can } = useAuth();
  const isMobile = !Grid.useBreakpoint().md;
  const f = useTargetFormat();
  const [params, setParams] = useSearchParams();
  const today = todayLocal();
  const periodType = (TARGET_PERIOD_TYPES.find((p) => p === params.get('period')) ??
    'quarter') as TargetPeriodType;
  const on = params.get('on') ?? periodOf(periodType, today).startDate;
  const selectedId = params.get('id') ?? undefined;
  const list = useTargetList(periodType, on);
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const tree = useMemo(() => buildTree(items), [items]);
  const selected = items.find((x) => x.id === selectedId) ?? tree[0];
  const [formOpen, setFormOpen] = useState(false);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const periods = periodsAround(periodType, today);
  const columns: ColumnsType<TreeRow> = [
    {
      title: t('targets.col.target'),
      key: 'name',
      render: (_, r) => (
        <Flex vertical gap={0}>
          <Typography.Text strong>
            {r.ownerType === 'company' ? t('targets.company') : r.ownerName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`targets.ownerType.${r.ownerType}`)} · {t(`targets.metric.${r.metric}`)}
            {r.periodType !== periodType ? ` · ${periodLabel(r, zh)}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('targets.col.value'),
      key: 'value',
      align: 'right',
      responsive: ['sm'],
      render: (_, r) => f.value(r.metric, r.value, r.currency, true),
    },
    {
      title: t('targets.col.actual'),
      key: 'actual',
      align: 'right',
      render: (_, r) => (
        <span data-testid={`target-row-actual-${r.id}`}>
          {f.value(r.metric, r.attainment.actual, r.currency, true)}
        </span>
      ),
    },
    {
      title: t('targets.col.attainment'),
      key: 'attainment',
      width: isMobile ? 110 : 220,
      render: (_, r) => (
        <Tooltip title={t('targets.expectedTip', { expected: f.pct(r.attainment.expectedBp) })}>
          <Progress
            percent={Math.min(100, r.attainment.attainmentBp / 100)}
            success={{
              percent: Math.min(100, r.attainment.expectedBp / 100),
              strokeColor: 'rgba(0,0,0,0.12)',
            }}
            format={() => f.pct(r.attainment.attainmentBp)}
            size="small"
            status={r.attainment.paceBp !== null && r.attainment.paceBp < 9_000 ? 'exception' : 'normal'}
          />
        </Tooltip>
      ),
    },
    {
      title: t('targets.col.level'),
      key: 'level',
      responsive: ['md'],
      render: (_, r) => (
        <Tag color={LEVEL_COLOR[r.attainment.level]}>{t(`targets.level.${r.attainment.level}`)}</Tag>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('targets.title')}
        subtitle={t('targets.subtitle')}
        extra={
          can('target', 'create') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setFormOpen(true)}
              data-testid="target-new"
            >
              {t('targets.new')}
            </Button>
          ) : null
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={periodType}
          options={TARGET_PERIOD_TYPES.map((p) => ({ value: p, label: t(`targets.periodType.${p}`) }))}
          onChange={(v) =>
            update({
              period: v as string,
              on: periodOf(v as TargetPeriodType, today).startDate,
              id: undefined,
            })
          }
          data-testid="target-period-type"
        />
        <Select
          value={periodOf(periodType, on).startDate}
          style={{ minWidth: 150 }}
          options={periods.map((p) => ({ value: p.startDate, label: periodLabel(p, zh) }))}
          onChange={(v) => update({ on: v, id: undefined })}
          data-testid="target-period"
        />
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={selected ? 13 : 24}>
          <Card size="small" styles={{ body: { padding: 0 } }}>
            <Table<TreeRow>
              rowKey="id"
              size="small"
              loading={list.isLoading}
              columns={columns}
              dataSource={tree}
              pagination={false}
              expandable={{ defaultExpandAllRows: true, indentSize: 12 }}
              key={tree.map((r) => r.id).join()}
              onRow={(r) => ({
                onClick: () => update({ id: r.id }),
                style: {
                  cursor: 'pointer',
                  background: r.id === selected?.id ? 'rgba(22,119,255,0.06)' : undefined,
                },
                'data-testid': `target-row-${r.ownerType}`,
              })}
              locale={{ emptyText: <Empty description={t('targets.empty')} /> }}
            />
          </Card>
        </Col>
        {selected ? (
          <Col xs={24} lg={11}>
            <TargetDetailPanel
              id={selected.id}
              onSelect={(id) => update({ id })}
              onDeleted={() => update({ id: undefined })}
            />
          </Col>
        ) : null}
      </Row>
      <TargetForm
        open={formOpen}
        onClose={() => setFormOpen(false)}
        defaultPeriod={periodOf(periodType, on)}
        onSaved={(target) => {
          setFormOpen(false);
          update({ period: target.periodType, on: target.startDate, id: target.id });
        }}
      />
    </>
  );
}
