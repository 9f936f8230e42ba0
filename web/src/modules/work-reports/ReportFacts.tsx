import { useState, type ReactNode } from 'react';
import { Button, Card, Col, Flex, List, Row, Tag, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { MoneyTotal, ReportKind, WorkReportFacts } from '@tuoke/shared';
import { TargetPaceList } from '../../app/components/TargetPace';
import { useFormat } from '../../app/format';
import { ACTIVITY_COLORS, ACTIVITY_ICONS } from '../activities/activityMeta';

const COUNTED = ['call', 'visit', 'meeting', 'email', 'task'] as const;
/** Activities listed before "show all". */
const SHOWN = 8;
const FACT_TESTIDS: Record<(typeof COUNTED)[number], string> = {
  call: 'report-fact-calls',
  visit: 'report-fact-visits',
  meeting: 'report-fact-meetings',
  email: 'report-fact-emails',
  task: 'report-fact-tasks',
};

/**
 * The period's facts, read-only: what the records say the author did. Numbers first (activities
 * by type, deals, money), then the items behind them.
 */
export function ReportFacts({ facts, kind }: { facts: WorkReportFacts; kind: ReportKind }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = (totals: MoneyTotal[]) =>
    totals.length ? totals.map((x) => fmt.money(x.amount, x.currency)).join(' + ') : fmt.money(0);
  const [allActivities, setAllActivities] = useState(false);
  const activities = allActivities ? facts.activities : facts.activities.slice(0, SHOWN);
  const when = (iso: string) => dayjs(iso).format(kind === 'daily' ? 'HH:mm' : 'MM-DD HH:mm');
  const nothing =
    facts.activities.length +
      facts.stageChanges.length +
      facts.won.count +
      facts.lost.count +
      facts.payments.count +
      facts.quotesSent.count +
      facts.newAccounts.count +
      facts.newLeads.count ===
    0;

  return (
    <div data-testid="report-facts">
      <Row gutter={[8, 8]}>
        {COUNTED.map((type) => (
          <Col key={type} xs={8} sm={8} md={4} lg={4}>
            <Tile
              label={
                <span>
                  {ACTIVITY_ICONS[type]} {t(`enums.activityType.${type}`)}
                </span>
              }
              value={<span data-testid={FACT_TESTIDS[type]}>{facts.activityCounts[type]}</span>}
            />
          </Col>
        ))}
        <Col xs={8} sm={8} md={4} lg={4}>
          <Tile label={t('workReports.facts.stageChanges')} value={facts.stageChanges.length} />
        </Col>
        <Col xs={12} sm={12} md={6}>
          <Tile
            label={t('workReports.facts.won', { count: facts.won.count })}
            value={money(facts.won.totals)}
            tone="good"
            testId="report-fact-won"
          />
        </Col>
        <Col xs={12} sm={12} md={6}>
          <Tile
            label={t('workReports.facts.lost', { count: facts.lost.count })}
            value={money(facts.lost.totals)}
            tone={facts.lost.count ? 'bad' : undefined}
          />
        </Col>
        <Col xs={12} sm={12} md={6}>
          <Tile
            label={t('workReports.facts.payments', { count: facts.payments.count })}
            value={money(facts.payments.totals)}
            tone="good"
            testId="report-fact-payments"
          />
        </Col>
        <Col xs={12} sm={12} md={6}>
          <Tile
            label={t('workReports.facts.quotes', { count: facts.quotesSent.count })}
            value={money(facts.quotesSent.totals)}
          />
        </Col>
      </Row>

      {(facts.targets?.length ?? 0) > 0 && (
        <div style={{ marginTop: 8 }} data-testid="report-fact-targets">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('targetPace.factsTitle')}
          </Typography.Text>
          <div style={{ marginTop: 4 }}>
            <TargetPaceList targets={facts.targets!} />
          </div>
        </div>
      )}

      {nothing ? (
        <Typography.Paragraph type="secondary" style={{ margin: '12px 2px 0' }}>
          {t('workReports.facts.nothing')}
        </Typography.Paragraph>
      ) : (
        <Flex vertical gap={8} style={{ marginTop: 8 }}>
          {facts.activities.length > 0 && (
            <Section title={t('workReports.facts.activities', { count: facts.activities.length })}>
              <List
                size="small"
                dataSource={activities}
                renderItem={(a) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <Flex gap={8} align="baseline" style={{ minWidth: 0, width: '100%' }}>
                      <Tag color={ACTIVITY_COLORS[a.type]} style={{ marginInlineEnd: 0 }}>
                        {t(`enums.activityType.${a.type}`)}
                      </Tag>
                      <div style={{ minWidth: 0, flex: 1 }}>
                        <Typography.Text>{a.subject}</Typography.Text>
                        {a.accountName && (
                          <Typography.Text type="secondary">
                            {' · '}
                            {a.accountId ? (
                              <Link to={`/accounts/${a.accountId}`}>{a.accountName}</Link>
                            ) : (
                              a.accountName
                            )}
                          </Typography.Text>
                        )}
                      </div>
                      <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                        {when(a.doneAt)}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
              {facts.activities.length > SHOWN && (
                <Button
                  type="link"
                  size="small"
                  style={{ paddingInline: 0 }}
                  onClick={() => setAllActivities((v) => !v)}
                >
                  {allActivities
                    ? t('workReports.facts.showFewer')
                    : t('workReports.facts.showAll', { count: facts.activities.length })}
                </Button>
              )}
            </Section>
          )}
          {facts.stageChanges.length > 0 && (
            <Section title={t('workReports.facts.stageChangesTitle', { count: facts.stageChanges.length })}>
              <List
                size="small"
                dataSource={facts.stageChanges}
                renderItem={(s) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <div style={{ minWidth: 0 }}>
                      <Link to={`/opportunities/${s.opportunityId}`}>{s.opportunityName}</Link>
                      {s.accountName && (
                        <Typography.Text type="secondary"> · {s.accountName}</Typography.Text>
                      )}
                      <div>
                        <Typography.Text type="secondary">
                          {s.fromStage ?? t('workReports.facts.created')}
                        </Typography.Text>{' '}
                        <ArrowRightOutlined style={{ fontSize: 11, color: '#94a3b8' }} />{' '}
                        <Tag color={s.toKind === 'won' ? 'green' : s.toKind === 'lost' ? 'red' : 'blue'}>
                          {s.toStage}
                        </Tag>
                      </div>
                    </div>
                  </List.Item>
                )}
              />
            </Section>
          )}
          {facts.won.count + facts.lost.count > 0 && (
            <Section title={t('workReports.facts.closedTitle')}>
              <List
                size="small"
                dataSource={[
                  ...facts.won.items.map((d) => ({ ...d, won: true })),
                  ...facts.lost.items.map((d) => ({ ...d, won: false })),
                ]}
                renderItem={(d) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                      <div style={{ minWidth: 0 }}>
                        <Tag color={d.won ? 'green' : 'red'}>
                          {t(d.won ? 'enums.stageKind.won' : 'enums.stageKind.lost')}
                        </Tag>
                        <Link to={`/opportunities/${d.opportunityId}`}>{d.name}</Link>
                        {d.accountName && (
                          <Typography.Text type="secondary"> · {d.accountName}</Typography.Text>
                        )}
                        {d.lostReason && (
                          <div>
                            <Typography.Text type="secondary">
                              {t('workReports.facts.lostReason')}：{d.lostReason}
                            </Typography.Text>
                          </div>
                        )}
                      </div>
                      <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                        {fmt.money(d.amount, d.currency)}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            </Section>
          )}
          {facts.payments.count > 0 && (
            <Section title={t('workReports.facts.paymentsTitle', { count: facts.payments.count })}>
              <List
                size="small"
                dataSource={facts.payments.items}
                renderItem={(p) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                      <div style={{ minWidth: 0 }}>
                        <Link to={`/contracts/${p.contractId}`}>{p.contractNumber}</Link> {p.contractName}
                        {p.accountName && (
                          <Typography.Text type="secondary"> · {p.accountName}</Typography.Text>
                        )}
                        <div>
                          <Typography.Text type="secondary">{fmt.date(p.receivedDate)}</Typography.Text>
                        </div>
                      </div>
                      <Typography.Text strong style={{ whiteSpace: 'nowrap', color: '#16a34a' }}>
                        {fmt.money(p.amount, p.currency)}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            </Section>
          )}
          {facts.quotesSent.count > 0 && (
            <Section title={t('workReports.facts.quotesTitle', { count: facts.quotesSent.count })}>
              <List
                size="small"
                dataSource={facts.quotesSent.items}
                renderItem={(q) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                      <div style={{ minWidth: 0 }}>
                        <Typography.Text>{q.number}</Typography.Text>{' '}
                        <Link to={`/opportunities/${q.opportunityId}`}>{q.opportunityName}</Link>
                        {q.accountName && (
                          <Typography.Text type="secondary"> · {q.accountName}</Typography.Text>
                        )}
                      </div>
                      <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                        {fmt.money(q.total, q.currency)}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            </Section>
          )}
          {facts.newAccounts.count + facts.newLeads.count > 0 && (
            <Section title={t('workReports.facts.newRecords')}>
              <Flex wrap gap={6}>
                {facts.newAccounts.items.map((a) => (
                  <Tag key={a.id} color="geekblue">
                    <Link to={`/accounts/${a.id}`}>{a.name}</Link>
                  </Tag>
                ))}
                {facts.newLeads.items.map((l) => (
                  <Tag key={l.id}>
                    <Link to={`/leads/${l.id}`}>{l.name}</Link>
                  </Tag>
                ))}
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('workReports.facts.newCounts', {
                  accounts: facts.newAccounts.count,
                  leads: facts.newLeads.count,
                })}
              </Typography.Text>
            </Section>
          )}
        </Flex>
      )}
    </div>
  );
}

function Tile({
  label,
  value,
  tone,
  testId,
}: {
  label: ReactNode;
  value: ReactNode;
  tone?: 'good' | 'bad';
  testId?: string;
}) {
  return (
    <Card size="small" styles={{ body: { padding: '8px 10px' } }} style={{ height: '100%' }}>
      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
        {label}
      </Typography.Text>
      <div
        data-testid={testId}
        style={{
          fontSize: 18,
          fontWeight: 600,
          lineHeight: '26px',
          color: tone === 'good' ? '#16a34a' : tone === 'bad' ? '#dc2626' : undefined,
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          whiteSpace: 'nowrap',
        }}
      >
        {value}
      </div>
    </Card>
  );
}

function Section({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <Card size="small" title={title} styles={{ body: { paddingTop: 4, paddingBottom: 4 } }}>
      {children}
    </Card>
  );
}
