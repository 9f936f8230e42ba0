import { Flex, Popover, Progress, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { scoreBand, type LeadScore, type ScoreFactor } from '@tuoke/shared';
import { useEnumLabel } from '../../app/format';
import { useLeadScore, useSourceLabel } from './useLeadIntake';

export const BAND_COLORS = { hot: '#f5222d', warm: '#fa8c16', cold: '#1677ff' } as const;

/** The score as a coloured tag: hot (≥ 70) red, warm (≥ 40) orange, cold blue. */
export function ScoreBadge({ score }: { score: number | null }) {
  const { t } = useTranslation();
  if (score === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const band = scoreBand(score);
  return (
    <Tag
      color={BAND_COLORS[band]}
      style={{ minWidth: 44, textAlign: 'center', fontWeight: 600, marginInlineEnd: 0 }}
      title={t(`leadIntake.score.band.${band}`)}
    >
      {score}
    </Tag>
  );
}

/** The list's score column: the tag, and the explanation on hover or click. */
export function ScoreTag({ leadId, score }: { leadId: string; score: number | null }) {
  return (
    <Popover
      trigger={['hover', 'click']}
      placement="right"
      destroyOnHidden
      content={<ScorePopoverBody leadId={leadId} />}
    >
      <span data-testid={`lead-score-${leadId}`} style={{ cursor: 'help' }}>
        <ScoreBadge score={score} />
      </span>
    </Popover>
  );
}

function ScorePopoverBody({ leadId }: { leadId: string }) {
  const { data, isLoading } = useLeadScore(leadId);
  if (isLoading || !data) return <Spin size="small" />;
  return (
    <div style={{ width: 380 }}>
      <ScoreExplanation score={data} compact />
    </div>
  );
}

/** A factor's name in the reader's language. */
export function useFactorText() {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const sourceLabel = useSourceLabel();
  return (f: ScoreFactor): { name: string; value: string } => {
    switch (f.kind) {
      case 'engagement':
        return { name: f.name, value: t('leadIntake.score.activities', { n: Number(f.value) }) };
      case 'fit': {
        const v = f.value ?? '—';
        const value =
          f.field === 'industry'
            ? enumLabel('industry', v)
            : f.field === 'source'
              ? sourceLabel(v)
              : v === '—'
                ? t('leadIntake.model.none')
                : v;
        return {
          name: f.name,
          value: t('leadIntake.fieldValue', { field: t(`leadIntake.scoring.field.${f.field}`), value }),
        };
      }
      case 'rules_cap':
        return { name: t('leadIntake.score.cap'), value: t('leadIntake.score.rawPoints', { n: f.value }) };
      case 'model_base':
        return { name: t('leadIntake.score.baseRate'), value: '' };
      case 'model': {
        const v = f.value ?? '';
        const value =
          v === '(none)'
            ? t('leadIntake.model.none')
            : f.name === 'source'
              ? sourceLabel(v)
              : f.name === 'industry'
                ? enumLabel('industry', v)
                : f.name === 'seniority'
                  ? t(`leadIntake.model.seniority.${v}`, { defaultValue: v })
                  : v === 'yes'
                    ? t('common.yes')
                    : v === 'no'
                      ? t('common.no')
                      : v;
        return { name: t(`leadIntake.model.feature.${f.name}`, { defaultValue: f.name }), value };
      }
    }
  };
}

const fmt = (n: number) => `${n > 0 ? '+' : ''}${n.toFixed(1).replace(/\.0$/, '')}`;

/** Total, how it is made up (rules vs model), and every factor with its contribution. */
export function ScoreExplanation({ score, compact }: { score: LeadScore; compact?: boolean }) {
  const { t } = useTranslation();
  const text = useFactorText();
  const band = scoreBand(score.total);
  const rows = score.factors
    .filter((f) => f.contribution !== 0 || f.kind !== 'model')
    .map((f, i) => ({ key: i, ...f, ...text(f) }));
  const columns: ColumnsType<(typeof rows)[number]> = [
    {
      key: 'name',
      title: t('leadIntake.score.factor'),
      render: (_, r) => (
        <Flex vertical>
          <Typography.Text style={{ fontSize: 13 }}>
            <Tag
              bordered={false}
              color={
                r.kind === 'model' || r.kind === 'model_base'
                  ? 'purple'
                  : r.kind === 'engagement'
                    ? 'cyan'
                    : 'default'
              }
              style={{ fontSize: 11, marginInlineEnd: 6 }}
            >
              {t(`leadIntake.score.kind.${r.kind}`)}
            </Tag>
            {r.name}
          </Typography.Text>
          {r.value && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.value}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'contribution',
      title: t('leadIntake.score.contribution'),
      align: 'right',
      width: 80,
      render: (_, r) => (
        <Typography.Text strong type={r.contribution < 0 ? 'danger' : undefined}>
          {fmt(r.contribution)}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Flex vertical gap={10} data-testid="score-explanation">
      <Flex align="center" gap={14}>
        <Progress
          type="circle"
          size={compact ? 56 : 76}
          percent={score.total}
          strokeColor={BAND_COLORS[band]}
          format={() => <span style={{ fontWeight: 600 }}>{score.total}</span>}
        />
        <Flex vertical gap={2}>
          <Typography.Text strong style={{ color: BAND_COLORS[band] }}>
            {t(`leadIntake.score.band.${band}`)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {score.modelScore === null
              ? t('leadIntake.score.rulesOnly', { rules: score.rulesScore })
              : t('leadIntake.score.blend', {
                  rules: score.rulesScore,
                  model: Math.round(score.modelScore),
                  weight: score.modelWeight,
                })}
          </Typography.Text>
        </Flex>
      </Flex>
      <Table
        size="small"
        pagination={false}
        columns={columns}
        dataSource={rows}
        locale={{ emptyText: t('leadIntake.score.noFactors') }}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('common.total')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Typography.Text strong>{score.total}</Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </Flex>
  );
}
