import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Dropdown,
  Flex,
  List,
  Modal,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import {
  CheckCircleOutlined,
  DownOutlined,
  ExclamationCircleOutlined,
  FileAddOutlined,
  HistoryOutlined,
} from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { NeedsChange, NeedsCompleteness, NeedsRecord, PainPoint } from '@tuoke/shared';
import { useErrorHandler } from '../../app/errors';
import { useFormat, type Formatters } from '../../app/format';
import { useApplyChecklist, useDeleteNeeds, useNeedsHistory } from './useNeeds';

export const SEVERITY_COLORS = ['default', 'default', 'gold', 'orange', 'volcano', 'red'] as const;

export function SeverityTag({ severity }: { severity: number }) {
  const { t } = useTranslation();
  return (
    <Tag color={SEVERITY_COLORS[severity]} style={{ marginInlineEnd: 0 }}>
      {severity} · {t(`needs.severities.${severity}`)}
    </Tag>
  );
}

export function CompletenessTag({ record }: { record: Pick<NeedsRecord, 'complete' | 'completeness'> }) {
  const { t, i18n } = useTranslation();
  if (record.complete)
    return (
      <Tag color="success" icon={<CheckCircleOutlined />}>
        {t('needs.complete')}
      </Tag>
    );
  const missing = (Object.keys(record.completeness) as (keyof NeedsCompleteness)[])
    .filter((k) => !record.completeness[k])
    .map((k) => t(`needs.parts.${k}`));
  return (
    <Tag color="warning" icon={<ExclamationCircleOutlined />}>
      {t('needs.missing', { parts: missing.join(i18n.language === 'en' ? ', ' : '、') })}
    </Tag>
  );
}

export function budgetText(
  r: Pick<NeedsRecord, 'budgetAmount' | 'budgetMin' | 'budgetMax' | 'currency'>,
  fmt: Formatters,
  t: TFunction,
) {
  const m = (v: number) => fmt.money(v, r.currency, false);
  if (r.budgetAmount !== null) return m(r.budgetAmount);
  if (r.budgetMin !== null && r.budgetMax !== null)
    return t('needs.budgetRange', { min: m(r.budgetMin), max: m(r.budgetMax) });
  if (r.budgetMin !== null) return t('needs.budgetFrom', { min: m(r.budgetMin) });
  if (r.budgetMax !== null) return t('needs.budgetUpTo', { max: m(r.budgetMax) });
  return '—';
}

export function PainPointList({ painPoints }: { painPoints: PainPoint[] }) {
  const { t } = useTranslation();
  if (!painPoints.length) return <Typography.Text type="secondary">{t('needs.noPain')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      {painPoints.map((p) => (
        <Flex key={p.id} gap={8} align="flex-start" wrap={false}>
          <SeverityTag severity={p.severity} />
          <Typography.Text style={{ flex: 1 }}>{p.description}</Typography.Text>
          <Tag bordered={false}>{t(`needs.categories.${p.category}`)}</Tag>
        </Flex>
      ))}
    </Space>
  );
}

/**
 * One needs record as a card: completeness, pain points by severity, budget, timeline and the
 * decision chain; actions to edit it, build a proposal, see its history and tick the deal's checklist.
 */
export function NeedsCard({
  record,
  canEdit,
  canDelete,
  canPropose,
  onEdit,
  onPropose,
  showAccount,
}: {
  record: NeedsRecord;
  canEdit: boolean;
  canDelete?: boolean;
  canPropose?: boolean;
  onEdit?: () => void;
  onPropose?: () => void;
  showAccount?: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message, modal } = App.useApp();
  const handleError = useErrorHandler();
  const apply = useApplyChecklist();
  const remove = useDeleteNeeds();
  const [historyOpen, setHistoryOpen] = useState(false);
  const r = record;

  const applyChecklist = async () => {
    try {
      const res = await apply.mutateAsync(r.id);
      if (res.ticked.length)
        message.success(
          t('needs.checklistApplied', { items: res.ticked.map((id) => res.labels[id] ?? id).join('、') }),
        );
      if (res.incomplete.length)
        message.warning(
          t('needs.checklistIncomplete', {
            items: res.incomplete.map((id) => res.labels[id] ?? id).join('、'),
          }),
        );
      if (!res.ticked.length && !res.incomplete.length) message.info(t('needs.checklistNothing'));
    } catch (err) {
      handleError(err);
    }
  };

  const more = [
    {
      key: 'history',
      label: t('needs.history'),
      icon: <HistoryOutlined />,
      onClick: () => setHistoryOpen(true),
    },
    ...(canEdit && r.opportunityId
      ? [
          {
            key: 'checklist',
            label: t('needs.applyChecklist'),
            icon: <CheckCircleOutlined />,
            onClick: () => void applyChecklist(),
          },
        ]
      : []),
    ...(canDelete
      ? [
          {
            key: 'delete',
            danger: true,
            label: t('common.delete'),
            onClick: () =>
              modal.confirm({
                title: t('needs.deleteConfirm', { name: r.title }),
                okButtonProps: { danger: true },
                onOk: async () => {
                  try {
                    await remove.mutateAsync(r.id);
                    message.success(t('app.deleted'));
                  } catch (err) {
                    handleError(err);
                  }
                },
              }),
          },
        ]
      : []),
  ];

  const timeline = [
    r.decisionDate ? `${t('needs.decisionDate')} ${fmt.date(r.decisionDate)}` : null,
    r.goLiveDate ? `${t('needs.goLiveDate')} ${fmt.date(r.goLiveDate)}` : null,
  ].filter(Boolean);

  return (
    <Card
      size="small"
      data-testid={`needs-card-${r.id}`}
      title={
        <Flex gap={8} align="center" wrap style={{ padding: '6px 0' }}>
          <Typography.Text strong style={{ fontSize: 15 }}>
            {r.title}
          </Typography.Text>
          <CompletenessTag record={r} />
          {r.sourceResponseId && <Tag color="blue">{t('needs.fromResponse')}</Tag>}
        </Flex>
      }
      extra={
        <Space size={4}>
          {canEdit && onEdit && (
            <Button size="small" onClick={onEdit} data-testid="needs-edit">
              {t('common.edit')}
            </Button>
          )}
          {canPropose && onPropose && (
            <Button
              size="small"
              type="primary"
              ghost
              icon={<FileAddOutlined />}
              onClick={onPropose}
              data-testid="needs-propose"
            >
              {t('needs.createProposal')}
            </Button>
          )}
          <Dropdown menu={{ items: more }}>
            <Button size="small" data-testid="needs-more">
              {t('common.more')} <DownOutlined />
            </Button>
          </Dropdown>
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={1}
        styles={{ label: { width: 88, color: 'rgba(0,0,0,.5)' } }}
        items={[
          ...(showAccount
            ? [
                {
                  key: 'account',
                  label: t('fields.account'),
                  children: <Link to={`/accounts/${r.accountId}?tab=needs`}>{r.accountName}</Link>,
                },
              ]
            : []),
          ...(r.opportunityName
            ? [
                {
                  key: 'opp',
                  label: t('needs.opportunity'),
                  children: <Link to={`/opportunities/${r.opportunityId}`}>{r.opportunityName}</Link>,
                },
              ]
            : []),
          ...(r.situation
            ? [
                {
                  key: 'situation',
                  label: t('needs.situation'),
                  children: (
                    <Typography.Paragraph
                      style={{ margin: 0, whiteSpace: 'pre-wrap' }}
                      ellipsis={{ rows: 3, expandable: true }}
                    >
                      {r.situation}
                    </Typography.Paragraph>
                  ),
                },
              ]
            : []),
          {
            key: 'pains',
            label: t('needs.painPoints'),
            children: <PainPointList painPoints={r.painPoints} />,
          },
          ...(r.goals
            ? [
                {
                  key: 'goals',
                  label: t('needs.goals'),
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{r.goals}</span>,
                },
              ]
            : []),
          {
            key: 'budget',
            label: t('needs.budget'),
            children: (
              <Space size={8}>
                <span className="money">{budgetText(r, fmt, t)}</span>
                <Tag
                  color={
                    r.budgetStatus === 'confirmed'
                      ? 'green'
                      : r.budgetStatus === 'estimated'
                        ? 'blue'
                        : 'default'
                  }
                >
                  {t(`needs.budgetStatuses.${r.budgetStatus}`)}
                </Tag>
              </Space>
            ),
          },
          {
            key: 'timeline',
            label: t('needs.timeline'),
            children: timeline.length ? timeline.join(' · ') : '—',
          },
          {
            key: 'dm',
            label: t('needs.decisionMakers'),
            children: r.decisionMakers.length ? (
              <Flex gap={6} wrap>
                {r.decisionMakers.map((d) => (
                  <Tag key={d.contactId} color={d.role === 'decision_maker' ? 'purple' : undefined}>
                    <Link to={`/contacts/${d.contactId}`}>{d.contactName}</Link>
                    {d.contactTitle ? ` · ${d.contactTitle}` : ''} · {t(`enums.decisionRole.${d.role}`)}
                  </Tag>
                ))}
              </Flex>
            ) : (
              '—'
            ),
          },
          ...(r.competitors.length
            ? [
                {
                  key: 'competitors',
                  label: t('needs.competitors'),
                  children: (
                    <Flex gap={6} wrap>
                      {r.competitors.map((c) => (
                        <Tag key={c}>{c}</Tag>
                      ))}
                    </Flex>
                  ),
                },
              ]
            : []),
          ...(r.notes
            ? [
                {
                  key: 'notes',
                  label: t('needs.notes'),
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{r.notes}</span>,
                },
              ]
            : []),
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('needs.meta', { name: r.createdByName, at: fmt.dateTime(r.updatedAt) })}
        {r.contactName ? ` · ${t('needs.contact')}：${r.contactName}` : ''}
      </Typography.Text>
      <NeedsHistoryModal record={r} open={historyOpen} onClose={() => setHistoryOpen(false)} />
    </Card>
  );
}

const JSON_FIELDS = new Set(['painPoints', 'decisionMakers', 'competitors']);
const MONEY_FIELDS = new Set(['budgetAmount', 'budgetMin', 'budgetMax']);
const FIELD_LABELS: Record<string, string> = {
  title: 'needs.recordTitle',
  opportunityId: 'needs.opportunity',
  contactId: 'needs.contact',
  situation: 'needs.situation',
  painPoints: 'needs.painPoints',
  goals: 'needs.goals',
  budgetAmount: 'needs.budgetAmount',
  budgetMin: 'needs.budgetMin',
  budgetMax: 'needs.budgetMax',
  currency: 'fields.currency',
  budgetStatus: 'needs.budgetStatus',
  decisionDate: 'needs.decisionDate',
  goLiveDate: 'needs.goLiveDate',
  decisionMakers: 'needs.decisionMakers',
  competitors: 'needs.competitors',
  notes: 'needs.notes',
};

/** The record's field changes, newest first, each value shown the way the card shows it. */
function NeedsHistoryModal({
  record,
  open,
  onClose,
}: {
  record: NeedsRecord;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, isLoading } = useNeedsHistory(open ? record.id : null);

  const show = (c: NeedsChange, v: string | null) => {
    if (v === null || v === '') return '—';
    if (MONEY_FIELDS.has(c.field)) return fmt.money(Number(v), record.currency, false);
    if (c.field === 'budgetStatus') return t(`needs.budgetStatuses.${v}`, { defaultValue: v });
    if (c.field === 'decisionDate' || c.field === 'goLiveDate') return fmt.date(v);
    if (JSON_FIELDS.has(c.field)) {
      try {
        const arr = JSON.parse(v) as unknown[];
        if (c.field === 'painPoints')
          return (arr as PainPoint[]).map((p) => `${p.description}（${p.severity}）`).join('；') || '—';
        if (c.field === 'competitors') return (arr as string[]).join('、') || '—';
        return t('needs.historyItems', { n: arr.length });
      } catch {
        return v;
      }
    }
    return v;
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      footer={null}
      width={640}
      title={t('needs.historyTitle', { title: record.title })}
    >
      {!isLoading && (data?.items.length ?? 0) === 0 ? (
        <Typography.Text type="secondary">{t('needs.historyEmpty')}</Typography.Text>
      ) : (
        <Timeline
          style={{ marginTop: 16 }}
          items={(data?.items ?? []).map((c, i) => ({
            key: i,
            content: (
              <List.Item.Meta
                title={
                  <Flex justify="space-between" gap={8}>
                    <span>
                      {t('needs.historyChange', {
                        user: c.userName ?? '—',
                        field: t(FIELD_LABELS[c.field] ?? c.field),
                      })}
                    </span>
                    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                      {fmt.dateTime(c.changedAt)}
                    </Typography.Text>
                  </Flex>
                }
                description={
                  <span>
                    <Typography.Text delete type="secondary">
                      {show(c, c.oldValue)}
                    </Typography.Text>
                    {' → '}
                    <Typography.Text>{show(c, c.newValue)}</Typography.Text>
                  </span>
                }
              />
            ),
          }))}
        />
      )}
    </Modal>
  );
}
