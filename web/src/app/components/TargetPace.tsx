import { Flex, Progress, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { MONEY_METRICS, type TargetMetric, type TargetPace } from '@tuoke/shared';
import { useFormat } from '../format';

/** bp → "42%" (one decimal under 10 %). */
export function pct(bp: number): string {
  const v = bp / 100;
  return `${v < 10 && v > 0 ? v.toFixed(1) : Math.round(v)}%`;
}

/** A target's number as it reads: money for money metrics, a percentage for market share, else a count. */
export function useTargetValue() {
  const fmt = useFormat();
  return (t: TargetPace, v: number, compact = false) =>
    MONEY_METRICS.includes(t.metric as TargetMetric)
      ? fmt.money(v, t.currency, compact)
      : t.metric === 'market_share'
        ? pct(v)
        : v.toLocaleString(fmt.locale);
}

/** The pace tag: behind (red), on pace (green), or not started. */
export function PaceTag({ pace }: { pace: TargetPace }) {
  const { t } = useTranslation();
  if (pace.paceBp === null) return <Tag style={{ marginInlineEnd: 0 }}>{t('targetPace.notStarted')}</Tag>;
  return pace.behindPace ? (
    <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="pace-behind">
      {t('targetPace.behind')}
    </Tag>
  ) : (
    <Tag color="green" style={{ marginInlineEnd: 0 }}>
      {t('targetPace.onPace')}
    </Tag>
  );
}

/**
 * Attainment against the time elapsed: a bar (attainment) with the expected point marked, the two
 * percentages and the pace tag. `compact` for a table cell.
 */
export function TargetPaceBar({ pace, compact = false }: { pace: TargetPace; compact?: boolean }) {
  const { t } = useTranslation();
  const value = useTargetValue();
  const tip = t('targetPace.tooltip', {
    name: pace.name,
    actual: value(pace, pace.actual),
    value: value(pace, pace.value),
    expected: pct(pace.expectedBp),
  });
  const color = pace.behindPace ? '#dc2626' : '#16a34a';
  return (
    <Tooltip title={tip}>
      <div style={{ minWidth: compact ? 150 : 200 }}>
        <div style={{ position: 'relative' }}>
          <Progress
            percent={Math.min(100, pace.attainmentBp / 100)}
            showInfo={false}
            strokeColor={color}
            size="small"
            style={{ margin: 0 }}
          />
          {/* where attainment should be by now */}
          <span
            aria-hidden
            style={{
              position: 'absolute',
              left: `${Math.min(100, pace.expectedBp / 100)}%`,
              top: 2,
              bottom: 2,
              width: 2,
              background: '#111827',
              opacity: 0.55,
            }}
          />
        </div>
        <Flex justify="space-between" align="center" gap={6} wrap>
          <Typography.Text style={{ fontSize: 12 }} strong>
            {t('targetPace.attainment', { pct: pct(pace.attainmentBp) })}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('targetPace.expected', { pct: pct(pace.expectedBp) })}
          </Typography.Text>
          {compact && <PaceTag pace={pace} />}
        </Flex>
      </div>
    </Tooltip>
  );
}

/** Targets as rows: name and period, actual of value, the bar, the pace and level. */
export function TargetPaceList({ targets, testId }: { targets: TargetPace[]; testId?: string }) {
  const { t } = useTranslation();
  const value = useTargetValue();
  return (
    <Flex vertical gap={10} data-testid={testId}>
      {targets.map((p) => (
        <div key={p.targetId} style={{ border: '1px solid #e5e7eb', borderRadius: 8, padding: '8px 12px' }}>
          <Flex justify="space-between" align="baseline" gap={8} wrap>
            <div>
              <Typography.Text strong>{p.name}</Typography.Text>{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`targetPace.metrics.${p.metric}`, { defaultValue: p.metric })} ·{' '}
                {t(`targetPace.periods.${p.periodType}`, { defaultValue: p.periodType })} {p.startDate} ~{' '}
                {p.endDate}
              </Typography.Text>
            </div>
            <Flex gap={6} align="center">
              {p.level !== 'none' && (
                <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                  {t(`targetPace.levels.${p.level}`, { defaultValue: p.level })}
                </Tag>
              )}
              <PaceTag pace={p} />
            </Flex>
          </Flex>
          <Flex gap={16} align="center" wrap style={{ marginTop: 4 }}>
            <Typography.Text className="money" style={{ minWidth: 180 }}>
              {value(p, p.actual)} <Typography.Text type="secondary">/ {value(p, p.value)}</Typography.Text>
            </Typography.Text>
            <div style={{ flex: 1, minWidth: 200 }}>
              <TargetPaceBar pace={p} />
            </div>
          </Flex>
        </div>
      ))}
    </Flex>
  );
}
