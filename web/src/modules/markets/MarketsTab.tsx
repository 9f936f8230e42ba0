import { useMemo, useState } from 'react';
import { Button, Card, Empty, Flex, Progress, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Market, MarketAssessment } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EChart, type ChartOption } from '../../app/components/EChart';
import { useEnumLabel, useFormat } from '../../app/format';
import { MarketDetailDrawer } from './MarketDetailDrawer';
import { MarketForm } from './MarketForm';
import { pctOf, scoreColor, useAssessments, useMarketList } from './useMarkets';

/** The markets with their size, growth and opportunity score, best first, and a chart of the scores. */
export function MarketsTab() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useEnumLabel();
  const { can } = useAuth();
  const { data, isLoading } = useMarketList();
  const { data: scores } = useAssessments();
  const [editing, setEditing] = useState<Market | 'new' | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  const byId = useMemo(() => new Map((scores?.items ?? []).map((a) => [a.marketId, a])), [scores]);
  const rows = useMemo(
    () =>
      [...(data?.items ?? [])].sort(
        (a, b) =>
          (byId.get(b.id)?.score ?? -1) - (byId.get(a.id)?.score ?? -1) || a.name.localeCompare(b.name),
      ),
    [data, byId],
  );
  const scored = rows.filter((m) => byId.has(m.id));

  const option = useMemo<ChartOption>(
    () =>
      ({
        grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'value', max: 100, splitLine: { lineStyle: { color: '#f1f5f9' } } },
        yAxis: {
          type: 'category',
          inverse: true,
          data: scored.map((m) => m.name),
          axisLabel: { width: 120, overflow: 'truncate' },
        },
        series: [
          {
            type: 'bar',
            name: t('markets.score'),
            data: scored.map((m) => {
              const score = byId.get(m.id)!.score;
              return { value: score, itemStyle: { color: scoreColor(score), borderRadius: [0, 4, 4, 0] } };
            }),
            barMaxWidth: 22,
            label: { show: true, position: 'right' },
          },
        ],
      }) as ChartOption,
    [scored, byId, t],
  );

  const columns: ColumnsType<Market> = [
    {
      key: 'name',
      title: t('markets.fields.name'),
      render: (_, m) => (
        <div>
          <Button
            type="link"
            style={{ padding: 0, height: 'auto' }}
            onClick={() => setOpenId(m.id)}
            data-testid="market-open"
          >
            {m.name}
          </Button>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.region ? label('region', m.region) : t('markets.nationwide')} ·{' '}
              {m.industry ? label('industry', m.industry) : t('markets.allIndustries')}
            </Typography.Text>
            {!m.active && <Tag style={{ marginLeft: 6 }}>{t('common.inactive')}</Tag>}
          </div>
        </div>
      ),
    },
    {
      key: 'size',
      title: t('markets.fields.size'),
      align: 'right',
      render: (_, m) => (
        <span className="money">
          {fmt.money(m.size, m.currency, true)}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            ({m.sizeYear})
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'growth',
      title: t('markets.fields.growth'),
      align: 'right',
      render: (_, m) => (
        <Typography.Text type={m.growthBp < 0 ? 'danger' : undefined}>{pctOf(m.growthBp)}</Typography.Text>
      ),
    },
    {
      key: 'competitors',
      title: t('markets.fields.competitors'),
      align: 'right',
      dataIndex: 'competitorCount',
    },
    {
      key: 'score',
      title: t('markets.score'),
      width: 160,
      render: (_, m) => {
        const a = byId.get(m.id);
        return a ? (
          <Progress percent={a.score} format={(p) => p} strokeColor={scoreColor(a.score)} size="small" />
        ) : (
          '—'
        );
      },
    },
    {
      key: 'target',
      title: t('markets.suggestedShare'),
      align: 'right',
      render: (_, m) => <SuggestedShare a={byId.get(m.id)} />,
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="markets-tab">
      {scored.length > 0 && (
        <Card size="small" title={t('markets.scoreChart')}>
          <EChart
            option={option}
            height={Math.max(160, scored.length * 44 + 24)}
            testId="market-score-chart"
          />
        </Card>
      )}
      <Card
        size="small"
        title={t('markets.listTitle')}
        extra={
          can('market', 'create') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="market-new"
            >
              {t('markets.newMarket')}
            </Button>
          )
        }
        styles={{ body: { padding: 0 } }}
      >
        <Table<Market>
          rowKey="id"
          size="middle"
          loading={isLoading}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(m) => ({ 'data-testid': `market-row-${m.name}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty description={t('markets.emptyMarkets')} /> }}
        />
      </Card>
      <MarketForm
        market={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
      />
      <MarketDetailDrawer
        market={rows.find((m) => m.id === openId) ?? null}
        onClose={() => setOpenId(null)}
        onEdit={(m) => setEditing(m)}
      />
    </Flex>
  );
}

function SuggestedShare({ a }: { a: MarketAssessment | undefined }) {
  if (!a || a.suggestedShareBp === null) return <>—</>;
  return (
    <span>
      {pctOf(a.ourShareBp, 2)} → <Typography.Text strong>{pctOf(a.suggestedShareBp, 2)}</Typography.Text>
    </span>
  );
}
