import { useMemo, useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Flex, List, Row, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { BulbOutlined, EditOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { Competitor, WinLossRow } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EChart, type ChartOption } from '../../app/components/EChart';
import { useFormat } from '../../app/format';
import { CompetitorForm } from './CompetitorForm';
import { pctOf, useCompetitors, useWinLoss } from './useMarkets';

export const POSITIONING_COLOR = { budget: 'green', mid: 'blue', premium: 'purple' } as const;

/** Won/lost against each competitor (table + chart) and the competitors with products, shares and our differentiator. */
export function CompetitorsTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { data, isLoading } = useCompetitors();
  const [editing, setEditing] = useState<Competitor | 'new' | null>(null);
  const competitors = data?.items ?? [];
  return (
    <Flex vertical gap={16} data-testid="competitors-tab">
      <WinLossCard />
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('markets.competitorsTitle', { count: competitors.length })}
        </Typography.Title>
        {can('market', 'create') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="competitor-new"
          >
            {t('markets.newCompetitor')}
          </Button>
        )}
      </Flex>
      {!isLoading && competitors.length === 0 && <Empty description={t('markets.emptyCompetitors')} />}
      <Row gutter={[16, 16]}>
        {competitors.map((c) => (
          <Col key={c.id} xs={24} lg={12}>
            <CompetitorCard
              competitor={c}
              onEdit={can('market', 'update') ? () => setEditing(c) : undefined}
            />
          </Col>
        ))}
      </Row>
      <CompetitorForm
        competitor={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Flex>
  );
}

function CompetitorCard({ competitor: c, onEdit }: { competitor: Competitor; onEdit?: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const latestYear = c.shares.reduce((y, s) => Math.max(y, s.year), 0);
  const shares = c.shares.filter((s) => s.year === latestYear);
  return (
    <Card
      size="small"
      data-testid={`competitor-card-${c.name}`}
      title={
        <Space wrap>
          <span>{c.name}</span>
          <Tag color={POSITIONING_COLOR[c.pricePositioning]}>
            {t(`enums.pricePositioning.${c.pricePositioning}`)}
          </Tag>
          {!c.active && <Tag>{t('markets.inactive')}</Tag>}
        </Space>
      }
      extra={
        <Space size={0}>
          {c.website && (
            <Button
              type="link"
              size="small"
              icon={<LinkOutlined />}
              href={c.website}
              target="_blank"
              rel="noreferrer"
              aria-label={c.website}
            />
          )}
          {onEdit && (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={onEdit}
              data-testid="competitor-edit"
            >
              {t('common.edit')}
            </Button>
          )}
        </Space>
      }
    >
      {c.ourDifferentiator && (
        <div style={{ background: '#eff6ff', borderRadius: 6, padding: '8px 10px', marginBottom: 10 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <BulbOutlined /> {t('markets.fields.ourDifferentiator')}
          </Typography.Text>
          <div style={{ fontWeight: 500 }}>{c.ourDifferentiator}</div>
        </div>
      )}
      {c.description && (
        <Typography.Paragraph
          type="secondary"
          style={{ fontSize: 13 }}
          ellipsis={{ rows: 2, expandable: true, symbol: t('common.more') }}
        >
          {c.description}
        </Typography.Paragraph>
      )}
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Typography.Text strong style={{ color: '#15803d' }}>
            {t('markets.fields.strengths')}
          </Typography.Text>
          <ul style={{ margin: '4px 0 8px', paddingLeft: 18 }}>
            {c.strengths.length ? c.strengths.map((s) => <li key={s}>{s}</li>) : <li>—</li>}
          </ul>
        </Col>
        <Col xs={24} sm={12}>
          <Typography.Text strong style={{ color: '#b91c1c' }}>
            {t('markets.fields.weaknesses')}
          </Typography.Text>
          <ul style={{ margin: '4px 0 8px', paddingLeft: 18 }}>
            {c.weaknesses.length ? c.weaknesses.map((s) => <li key={s}>{s}</li>) : <li>—</li>}
          </ul>
        </Col>
      </Row>
      {c.products.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('markets.fields.products')}</Typography.Text>}
          dataSource={c.products}
          renderItem={(p) => (
            <List.Item style={{ paddingInline: 0 }}>
              <Flex vertical style={{ minWidth: 0 }}>
                <span>
                  {p.name}
                  {p.price !== null && <span className="money"> · {fmt.money(p.price)}</span>}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[p.positioning, p.productName ? t('markets.vsOurs', { name: p.productName }) : null]
                    .filter(Boolean)
                    .join(' · ') || '—'}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {shares.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text strong>{t('markets.sharesIn', { year: latestYear })}</Typography.Text>
          <div style={{ marginTop: 4 }}>
            <Space wrap size={[4, 4]}>
              {shares.map((s) => (
                <Tag key={s.marketId}>
                  {s.marketName} {pctOf(s.shareBp)}
                </Tag>
              ))}
            </Space>
          </div>
        </div>
      )}
    </Card>
  );
}

function WinLossCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(1, 'year').add(1, 'day'), dayjs()]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const { data, isLoading } = useWinLoss(from, to);
  const rows = useMemo(() => (data?.items ?? []).filter((r) => r.won + r.lost + r.open > 0), [data]);

  const option = useMemo<ChartOption>(
    () =>
      ({
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0 } },
        yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f1f5f9' } } },
        series: [
          {
            type: 'bar',
            name: t('markets.won'),
            data: rows.map((r) => r.won),
            itemStyle: { color: '#16a34a', borderRadius: [4, 4, 0, 0] },
            barMaxWidth: 28,
          },
          {
            type: 'bar',
            name: t('markets.lost'),
            data: rows.map((r) => r.lost),
            itemStyle: { color: '#dc2626', borderRadius: [4, 4, 0, 0] },
            barMaxWidth: 28,
          },
        ],
      }) as ChartOption,
    [rows, t],
  );

  const columns: ColumnsType<WinLossRow> = [
    { key: 'name', title: t('markets.competitor'), dataIndex: 'name', fixed: 'left' },
    {
      key: 'won',
      title: t('markets.won'),
      align: 'right',
      render: (_, r) => (
        <span>
          {r.won}
          <Typography.Text type="secondary" className="money" style={{ fontSize: 12 }}>
            {' '}
            {fmt.money(r.wonAmount, undefined, true)}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'lost',
      title: t('markets.lost'),
      align: 'right',
      render: (_, r) => (
        <span>
          {r.lost}
          <Typography.Text type="secondary" className="money" style={{ fontSize: 12 }}>
            {' '}
            {fmt.money(r.lostAmount, undefined, true)}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'rate',
      title: t('markets.winRate'),
      align: 'right',
      render: (_, r) =>
        r.winRateBp === null ? (
          '—'
        ) : (
          <Typography.Text strong style={{ color: r.winRateBp >= 5000 ? '#15803d' : '#b91c1c' }}>
            {pctOf(r.winRateBp, 0)}
          </Typography.Text>
        ),
    },
    { key: 'open', title: t('markets.openDeals'), align: 'right', dataIndex: 'open' },
  ];

  return (
    <Card size="small" title={t('markets.winLoss')} data-testid="win-loss">
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('markets.winLossHint')}
        </Typography.Text>
        <DatePicker.RangePicker
          allowClear={false}
          value={range}
          onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
          style={{ maxWidth: 280 }}
          data-testid="win-loss-range"
        />
      </Flex>
      {rows.length === 0 && !isLoading ? (
        <Empty description={t('markets.winLossEmpty')} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={11}>
            <EChart option={option} height={240} testId="win-loss-chart" />
          </Col>
          <Col xs={24} lg={13}>
            <Table<WinLossRow>
              rowKey="competitorId"
              size="small"
              loading={isLoading}
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
