import { useMemo, useRef, useState, type DragEvent } from 'react';
import { App, Button, Dropdown, Empty, Flex, Input, Select, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { CalendarOutlined, MoreOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Board, OpportunityListItem, Pipeline, Stage, View } from '@tuoke/shared';
import { api, type Page } from '../../app/api';
import { useAuth } from '../../app/auth';
import { EmptyState } from '../../app/components/EmptyState';
import { PageHeader } from '../../app/components/PageHeader';
import { ViewTabs } from '../../app/components/ViewTabs';
import { useFormat } from '../../app/format';
import { useBoard, usePipelines } from '../pipelines/usePipelines';
import { LostReasonModal } from './LostReasonModal';
import { NextStepTag } from './NextStep';
import { stageGateMessage } from './useStageProcess';
import { OpportunityForm } from './OpportunityForm';
import { OpportunityViewSwitch } from './OpportunityViewSwitch';
import { moveOpportunity } from './useOpportunities';

const COLUMN_LIMIT = 50;

type ColumnParams = { pipelineId: string; stageId: string; view?: View; q?: string };
const columnKey = (p: ColumnParams) => ['opportunities', 'board-column', p] as const;
const boardKey = (pipelineId: string, params: { view?: View; q?: string }) =>
  ['opportunities', 'board', pipelineId, params] as const;

interface PendingMove {
  card: OpportunityListItem;
  to: Stage;
}

export function KanbanPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const { data: pipelines = [], isLoading: pipelinesLoading } = usePipelines();
  const pipeline: Pipeline | undefined =
    pipelines.find((p) => p.id === searchParams.get('pipelineId')) ?? pipelines[0];
  const view = (searchParams.get('view') as View | null) ?? 'all';
  const q = searchParams.get('q') ?? undefined;
  const boardParams = useMemo(() => ({ view, q }), [view, q]);
  const { data: board } = useBoard(pipeline?.id, boardParams);
  const totals = useMemo(() => new Map((board?.columns ?? []).map((c) => [c.stageId, c])), [board]);
  const canMove = can('opportunity', 'update');

  const dragged = useRef<OpportunityListItem | null>(null);
  const [overStage, setOverStage] = useState<string | null>(null);
  const [saving, setSaving] = useState<Set<string>>(new Set());
  const [pendingLost, setPendingLost] = useState<PendingMove | null>(null);
  const [creating, setCreating] = useState(false);

  const setParam = (key: string, value: string | undefined) =>
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  /** Moves the card at once; puts everything back if the server says no. */
  const performMove = async (
    card: OpportunityListItem,
    to: Stage,
    lostReason?: string,
    lostCompetitor?: string,
  ) => {
    if (!pipeline) return;
    const fromKey = columnKey({ pipelineId: pipeline.id, stageId: card.stageId, view, q });
    const toKey = columnKey({ pipelineId: pipeline.id, stageId: to.id, view, q });
    const bKey = boardKey(pipeline.id, boardParams);
    await Promise.all([fromKey, toKey, bKey].map((queryKey) => queryClient.cancelQueries({ queryKey })));
    const snapshot = {
      from: queryClient.getQueryData<Page<OpportunityListItem>>(fromKey),
      to: queryClient.getQueryData<Page<OpportunityListItem>>(toKey),
      board: queryClient.getQueryData<Board>(bKey),
    };
    const fromStage = pipeline.stages.find((s) => s.id === card.stageId);
    const moved: OpportunityListItem = {
      ...card,
      stageId: to.id,
      stageName: to.name,
      probability: to.probability,
      status: to.kind,
    };
    queryClient.setQueryData<Page<OpportunityListItem>>(fromKey, (old) =>
      old ? { ...old, items: old.items.filter((o) => o.id !== card.id) } : old,
    );
    queryClient.setQueryData<Page<OpportunityListItem>>(toKey, (old) =>
      old ? { ...old, items: [moved, ...old.items] } : { items: [moved], nextCursor: null },
    );
    queryClient.setQueryData<Board>(bKey, (old) =>
      old
        ? {
            ...old,
            columns: old.columns.map((c) => {
              if (c.stageId === card.stageId)
                return {
                  ...c,
                  count: c.count - 1,
                  amount: c.amount - card.amount,
                  weightedAmount:
                    c.weightedAmount - Math.round((card.amount * (fromStage?.probability ?? 0)) / 100),
                };
              if (c.stageId === to.id)
                return {
                  ...c,
                  count: c.count + 1,
                  amount: c.amount + card.amount,
                  weightedAmount: c.weightedAmount + Math.round((card.amount * to.probability) / 100),
                };
              return c;
            }),
          }
        : old,
    );
    setSaving((s) => new Set(s).add(card.id));
    try {
      await moveOpportunity({
        id: card.id,
        version: card.version,
        stageId: to.id,
        lostReason,
        lostCompetitor,
      });
      message.success(t('opportunities.moved', { stage: to.name }));
    } catch (err) {
      queryClient.setQueryData(fromKey, snapshot.from);
      queryClient.setQueryData(toKey, snapshot.to);
      queryClient.setQueryData(bKey, snapshot.board);
      message.error({
        content:
          stageGateMessage(t, err, to.name) ??
          t('opportunities.moveFailed', { message: (err as Error).message }),
        duration: 8,
      });
    } finally {
      setSaving((s) => {
        const next = new Set(s);
        next.delete(card.id);
        return next;
      });
      void queryClient.invalidateQueries({ queryKey: ['opportunities'] });
      void queryClient.invalidateQueries({ queryKey: ['timeline'] });
    }
  };

  const requestMove = (card: OpportunityListItem, to: Stage) => {
    if (card.stageId === to.id || !canMove) return;
    if (to.kind === 'lost') setPendingLost({ card, to });
    else void performMove(card, to);
  };

  const onDrop = (e: DragEvent, stage: Stage) => {
    e.preventDefault();
    setOverStage(null);
    const card = dragged.current;
    dragged.current = null;
    if (card) requestMove(card, stage);
  };

  return (
    <div data-testid="kanban-page">
      <PageHeader
        title={t('nav.board')}
        subtitle={t('opportunities.boardEmpty')}
        extra={
          <>
            <OpportunityViewSwitch value="board" />
            {can('opportunity', 'create') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="opportunities-new"
              >
                {t('opportunities.new')}
              </Button>
            )}
          </>
        }
      />
      <Flex gap={8} wrap align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap>
          <Select
            style={{ minWidth: 200 }}
            value={pipeline?.id}
            loading={pipelinesLoading}
            placeholder={t('opportunities.pipelineSelect')}
            options={pipelines.map((p) => ({ value: p.id, label: p.name }))}
            onChange={(id: string) => setParam('pipelineId', id)}
            data-testid="kanban-pipeline"
          />
          <Input.Search
            allowClear
            defaultValue={q}
            placeholder={t('opportunities.searchPlaceholder')}
            onSearch={(v) => setParam('q', v || undefined)}
            style={{ width: 240 }}
          />
        </Flex>
        <ViewTabs value={view} onChange={(v) => setParam('view', v === 'all' ? undefined : v)} />
      </Flex>

      {pipelinesLoading ? (
        <Skeleton active />
      ) : !pipeline ? (
        <EmptyState title={t('pipelines.emptyTitle')} hint={t('home.noPipeline')} />
      ) : (
        <div className="kanban" data-testid="kanban">
          {pipeline.stages.map((stage) => {
            const total = totals.get(stage.id);
            return (
              <div
                key={stage.id}
                className={`kanban-column${overStage === stage.id ? ' drag-over' : ''}`}
                data-testid={`kanban-column-${stage.id}`}
                onDragOver={(e) => {
                  if (!dragged.current) return;
                  e.preventDefault();
                  e.dataTransfer.dropEffect = 'move';
                  if (overStage !== stage.id) setOverStage(stage.id);
                }}
                onDragLeave={(e) => {
                  if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOverStage(null);
                }}
                onDrop={(e) => onDrop(e, stage)}
              >
                <div className="kanban-column-header">
                  <Flex justify="space-between" align="center" gap={6}>
                    <Typography.Text strong ellipsis>
                      {stage.name}
                    </Typography.Text>
                    <Tag
                      color={
                        stage.kind === 'won' ? 'success' : stage.kind === 'lost' ? 'default' : 'processing'
                      }
                      style={{ marginInlineEnd: 0 }}
                    >
                      {stage.kind === 'open' ? `${stage.probability}%` : t(`enums.stageKind.${stage.kind}`)}
                    </Tag>
                  </Flex>
                  <Flex justify="space-between" style={{ marginTop: 4 }}>
                    <Typography.Text type="secondary" data-testid={`kanban-count-${stage.id}`}>
                      {t('opportunities.count', { count: total?.count ?? 0 })}
                    </Typography.Text>
                    <Typography.Text strong className="money" data-testid={`kanban-amount-${stage.id}`}>
                      {fmt.money(total?.amount ?? 0, undefined, true)}
                    </Typography.Text>
                  </Flex>
                  {stage.kind === 'open' && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} className="money">
                      {t('opportunities.weighted', {
                        amount: fmt.money(total?.weightedAmount ?? 0, undefined, true),
                      })}
                    </Typography.Text>
                  )}
                </div>
                <KanbanColumnCards
                  params={{ pipelineId: pipeline.id, stageId: stage.id, view, q }}
                  total={total?.count}
                  stages={pipeline.stages}
                  saving={saving}
                  canMove={canMove}
                  onDragStart={(card) => (dragged.current = card)}
                  onDragEnd={() => {
                    dragged.current = null;
                    setOverStage(null);
                  }}
                  onMoveTo={requestMove}
                />
              </div>
            );
          })}
        </div>
      )}
      <LostReasonModal
        open={Boolean(pendingLost)}
        stageName={pendingLost?.to.name}
        onCancel={() => setPendingLost(null)}
        onSubmit={(reason, competitor) => {
          if (pendingLost) void performMove(pendingLost.card, pendingLost.to, reason, competitor);
          setPendingLost(null);
        }}
      />
      <OpportunityForm
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(o) => navigate(`/opportunities/${o.id}`)}
      />
    </div>
  );
}

function KanbanColumnCards({
  params,
  total,
  stages,
  saving,
  canMove,
  onDragStart,
  onDragEnd,
  onMoveTo,
}: {
  params: ColumnParams;
  total?: number;
  stages: Stage[];
  saving: Set<string>;
  canMove: boolean;
  onDragStart: (card: OpportunityListItem) => void;
  onDragEnd: () => void;
  onMoveTo: (card: OpportunityListItem, stage: Stage) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, isLoading } = useQuery({
    queryKey: columnKey(params),
    queryFn: ({ signal }) =>
      api.get<Page<OpportunityListItem>>(
        '/opportunities',
        { ...params, limit: COLUMN_LIMIT, sort: '-amount' },
        signal,
      ),
  });
  const [draggingId, setDraggingId] = useState<string | null>(null);
  const cards = data?.items ?? [];
  // A dropped card leaves this column at once, so its dragend never arrives here; if the server
  // refuses the move the card comes back, and must not come back still looking dragged.
  const isDraggedHere = draggingId !== null && cards.some((c) => c.id === draggingId);
  if (draggingId !== null && !isDraggedHere) setDraggingId(null);

  return (
    <div className="kanban-column-body">
      {isLoading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : cards.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('opportunities.columnEmpty')} />
      ) : (
        cards.map((card) => {
          const late = card.status === 'open' && dayjs(card.expectedCloseDate).isBefore(dayjs(), 'day');
          return (
            <div
              key={card.id}
              className={`kanban-card${draggingId === card.id ? ' dragging' : ''}${saving.has(card.id) ? ' saving' : ''}`}
              data-testid={`kanban-card-${card.id}`}
              draggable={canMove && !saving.has(card.id)}
              onDragStart={(e) => {
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', card.id);
                setDraggingId(card.id);
                onDragStart(card);
              }}
              onDragEnd={() => {
                setDraggingId(null);
                onDragEnd();
              }}
            >
              <Flex justify="space-between" align="flex-start" gap={4}>
                <Link to={`/opportunities/${card.id}`} draggable={false} style={{ minWidth: 0 }}>
                  <Typography.Text strong style={{ color: 'inherit' }} ellipsis={{ tooltip: card.name }}>
                    {card.name}
                  </Typography.Text>
                </Link>
                {canMove && (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: stages
                        .filter((s) => s.id !== card.stageId)
                        .map((s) => ({ key: s.id, label: t('opportunities.moveTo', { stage: s.name }) })),
                      onClick: ({ key }) => {
                        const stage = stages.find((s) => s.id === key);
                        if (stage) onMoveTo(card, stage);
                      },
                    }}
                  >
                    <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('common.more')} />
                  </Dropdown>
                )}
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                {card.accountName}
              </Typography.Text>
              <Flex justify="space-between" align="center" style={{ marginTop: 6 }}>
                <Typography.Text strong className="money" style={{ color: '#1d4ed8' }}>
                  {fmt.money(card.amount, card.currency, true)}
                </Typography.Text>
                <Tooltip title={late ? t('opportunities.overdueClose') : undefined}>
                  <Typography.Text type={late ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                    <CalendarOutlined /> {dayjs(card.expectedCloseDate).format('MM-DD')}
                  </Typography.Text>
                </Tooltip>
              </Flex>
              <Flex justify="space-between" align="center" gap={4}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                  <UserOutlined /> {card.ownerName}
                </Typography.Text>
                <NextStepTag deal={card} compact />
              </Flex>
            </div>
          );
        })
      )}
      {total !== undefined && total > cards.length && cards.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
          {t('opportunities.cardsMore')}
        </Typography.Text>
      )}
    </div>
  );
}
