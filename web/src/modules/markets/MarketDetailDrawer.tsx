import { useMemo } from 'react';
import {
  Alert,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Grid,
  Progress,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AssessmentFactor, Market, MarketAssessment } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EChart, type ChartOption } from '../../app/components/EChart';
import { RecordActions } from '../../app/components/RecordActions';
import { useEnumLabel, useFormat, type Formatters } from '../../app/format';
import { pctOf, scoreColor, useAssessment, useDeleteMarket } from './useMarkets';

/** One market: its size history (chart), its opportunity score factor by factor, and the suggested share target. */
export function MarketDetailDrawer({
  market,
  onClose,
  onEdit,
}: {
  market: Market | null;
  onClose: () => void;
  onEdit: (m: Market) => void;
}) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const screens = Grid.useBreakpoint();
  const { can } = useAuth();
  const remove = useDeleteMarket();
  return (
    <Drawer
      open={market !== null}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      title={market?.name}
      data-testid="market-detail"
      extra={
        market && (
          <Space>
            <RecordActions
              testId="market"
              name={market.name}
              onEdit={can('market', 'update') ? () => onEdit(market) : undefined}
              onDelete={
                can('market', 'delete')
                  ? async () => {
                      await remove.mutateAsync(market.id);
                      onClose();
                    }
                  : undefined
              }
              afterDeleteTo="/markets"
            />
          </Space>
        )
      }
    >
      {market && (
        <Flex vertical gap={16}>
          <Space wrap>
            <Tag color="blue">{market.region ? label('region', market.region) : t('markets.nationwide')}</Tag>
            <Tag color="geekblue">
              {market.industry ? label('industry', market.industry) : t('markets.allIndustries')}
            </Tag>
            {!market.active && <Tag>{t('markets.inactive')}</Tag>}
          </Space>
          {market.description && (
            <Typography.Paragraph style={{ margin: 0 }}>{market.description}</Typography.Paragraph>
          )}
          <HistoryCard market={market} />
          <AssessmentCard marketId={market.id} />
        </Flex>
      )}
    </Drawer>
  );
}

function HistoryCard({ market }: { market: Market }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const option = useMemo<ChartOption>(() => {
    const years = market.years;
    const growth = years.map((y, i) =>
      i === 0 || years[i - 1]!.size <= 0
        ? null
        : Math.round(((y.size / years[i - 1]!.size) ** (1 / (y.year - years[i - 1]!.year)) - 1) * 1000) / 10,
    );
    return {
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: years.map((y) => String(y.year)) },
      yAxis: [
        {
          type: 'value',
          axisLabel: { formatter: (v: number) => fmt.money(v * 100, market.currency, true) },
          splitLine: { lineStyle: { color: '#f1f5f9' } },
        },
        { type: 'value', axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar',
          name: t('markets.fields.size'),
          data: years.map((y) => y.size / 100),
          itemStyle: { color: '#3b82f6', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 36,
          tooltip: { valueFormatter: (v) => fmt.money(Number(v) * 100, market.currency, true) },
        },
        {
          type: 'line',
          name: t('markets.yoy'),
          yAxisIndex: 1,
          data: growth,
          itemStyle: { color: '#f59e0b' },
          tooltip: { valueFormatter: (v) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
        },
      ],
    } as ChartOption;
  }, [market, fmt, t]);
  return (
    <Card size="small" title={t('markets.history')} data-testid="market-history">
      <EChart option={option} height={240} testId="market-history-chart" />
      <Table
        rowKey="year"
        size="small"
        pagination={false}
        dataSource={[...market.years].reverse()}
        columns={[
          { key: 'year', title: t('markets.fields.year'), dataIndex: 'year' },
          {
            key: 'size',
            title: t('markets.fields.size'),
            align: 'right',
            render: (_, y) => <span className="money">{fmt.money(y.size, market.currency, true)}</span>,
          },
          { key: 'notes', title: t('markets.fields.source'), render: (_, y) => y.notes ?? '—' },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {market.growthFromHistory
          ? t('markets.growthNoteHistory', { growth: pctOf(market.growthBp) })
          : t('markets.growthNoteEntered', { growth: pctOf(market.growthBp) })}
      </Typography.Text>
    </Card>
  );
}

function factorValue(f: AssessmentFactor, a: MarketAssessment, fmt: Formatters, t: TFunction) {
  switch (f.key) {
    case 'size':
      return t('markets.factorValue.size', {
        size: fmt.money(a.size, undefined, true),
        share: pctOf(f.value, 0),
      });
    case 'growth':
      return t('markets.factorValue.growth', { growth: pctOf(f.value) });
    case 'competition':
      return a.leader
        ? t('markets.factorValue.competition', {
            count: a.competitorCount,
            leader: a.leader.name,
            share: pctOf(a.leader.shareBp),
          })
        : t('markets.factorValue.noCompetition');
    case 'our_share':
      return t('markets.factorValue.ourShare', {
        revenue: fmt.money(a.ourRevenue, undefined, true),
        share: pctOf(a.ourShareBp, 2),
      });
    case 'macro':
      return t('markets.factorValue.macro', {
        net: f.value > 0 ? `+${f.value}` : String(f.value),
        count: a.macroFactors.length,
      });
  }
}

export function AssessmentCard({ marketId }: { marketId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data: a, isLoading } = useAssessment(marketId);
  if (isLoading) return <Spin />;
  if (!a) return <Empty />;
  return (
    <Card
      size="small"
      title={t('markets.assessment')}
      extra={
        <Typography.Text
          strong
          style={{ fontSize: 20, color: scoreColor(a.score) }}
          data-testid="market-score"
        >
          {a.score}
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {' '}
            / 100
          </Typography.Text>
        </Typography.Text>
      }
      data-testid="market-assessment"
    >
      <Flex vertical gap={10}>
        {a.factors.map((f) => (
          <div key={f.key} data-testid={`factor-${f.key}`}>
            <Flex justify="space-between" gap={8} wrap>
              <Typography.Text strong>{t(`markets.factor.${f.key}`)}</Typography.Text>
              <Typography.Text>{t('markets.points', { points: f.points, max: f.maxPoints })}</Typography.Text>
            </Flex>
            <Progress
              percent={Math.round((f.points / f.maxPoints) * 100)}
              showInfo={false}
              size="small"
              strokeColor="#3b82f6"
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {factorValue(f, a, fmt, t)} · {t(`markets.factorRule.${f.key}`)}
            </Typography.Text>
          </div>
        ))}
        {a.macroFactors.length > 0 && (
          <Space wrap size={[4, 4]}>
            {a.macroFactors.map((m) => (
              <Tag key={m.id} color={m.effect === 'opportunity' ? 'green' : 'red'}>
                {m.effect === 'opportunity' ? '+' : '−'}
                {m.impact} {m.title}
              </Tag>
            ))}
          </Space>
        )}
        <Alert
          type="info"
          showIcon
          data-testid="market-suggestion"
          title={
            a.suggestedShareBp === null
              ? t('markets.noSuggestion')
              : t('markets.suggestion', {
                  year: a.suggestedYear,
                  share: pctOf(a.suggestedShareBp, 2),
                  revenue: fmt.money(a.suggestedRevenue, undefined, true),
                })
          }
          description={
            <Flex vertical gap={4}>
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2 }}
                items={[
                  { key: 'ours', label: t('markets.ourShare'), children: pctOf(a.ourShareBp, 2) },
                  { key: 'uplift', label: t('markets.uplift'), children: `+${pctOf(a.upliftBp, 2)}` },
                  { key: 'cap', label: t('markets.cap'), children: pctOf(a.capBp, 2) },
                  {
                    key: 'next',
                    label: t('markets.nextYearSize', { year: a.suggestedYear }),
                    children: fmt.money(a.nextYearSize, undefined, true),
                  },
                ]}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('markets.suggestionRule')}
              </Typography.Text>
            </Flex>
          }
        />
      </Flex>
    </Card>
  );
}
