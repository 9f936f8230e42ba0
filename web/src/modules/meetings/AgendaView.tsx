import type { ReactNode } from 'react';
import {
  Alert,
  Card,
  Col,
  Collapse,
  Empty,
  Flex,
  Row,
  Skeleton,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import {
  ArrowDownOutlined,
  ArrowRightOutlined,
  ArrowUpOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
} from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type {
  AgendaActionItem,
  AgendaRep,
  AgendaResult,
  AgendaReviewDeal,
  MeetingAgenda,
} from '@tuoke/shared';
import { TargetPaceBar, TargetPaceList, useTargetValue } from '../../app/components/TargetPace';
import { useFormat } from '../../app/format';

const dealLink = (id: string, name: string) => <Link to={`/opportunities/${id}`}>{name}</Link>;

/** Whether the team or any of its reps has current targets (agendas kept before targets have none). */
const hasTargets = (agenda: MeetingAgenda) =>
  (agenda.targets?.length ?? 0) > 0 || agenda.reps.some((r) => (r.targets?.length ?? 0) > 0);

/** The agenda: team totals and results, then one collapsible section per rep (or per reviewed deal). */
export function AgendaView({ agenda, isLoading }: { agenda: MeetingAgenda | undefined; isLoading: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (isLoading || !agenda)
    return (
      <Card title={t('meetings.agenda.title')}>
        <Skeleton active />
      </Card>
    );
  const carried = agenda.openItems.filter((i) => i.carried);
  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          {t('meetings.agenda.title')}
          <Tag color={agenda.live ? 'green' : 'default'} style={{ fontWeight: 'normal' }}>
            {agenda.live ? t('meetings.agenda.live') : t('meetings.agenda.snapshot')}
          </Tag>
        </Flex>
      }
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {fmt.dateTime(agenda.since)} – {fmt.dateTime(agenda.until)}
        </Typography.Text>
      }
      styles={{ body: { padding: 12 } }}
      data-testid="meeting-agenda"
    >
      {agenda.kind === 'deal_review' ? (
        <ReviewDeals deals={agenda.deals} />
      ) : (
        <>
          <TeamTotals agenda={agenda} />
          {hasTargets(agenda) ? (
            <ResultsVsTarget agenda={agenda} />
          ) : (
            agenda.reps.length > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
                {t('targetPace.noneHint')}
              </Typography.Text>
            )
          )}
          <ResultsTable reps={agenda.reps} withLastMonth={!hasTargets(agenda)} />
          {agenda.reps.length === 0 ? (
            <Empty description={t('meetings.agenda.noReps')} />
          ) : (
            <Collapse
              style={{ marginTop: 12 }}
              defaultActiveKey={agenda.reps.length <= 3 ? agenda.reps.map((r) => r.userId) : []}
              items={agenda.reps.map((rep) => ({
                key: rep.userId,
                label: <RepHeader rep={rep} />,
                children: <RepSection rep={rep} />,
              }))}
              data-testid="agenda-reps"
            />
          )}
        </>
      )}
      {carried.length > 0 && (
        <div style={{ marginTop: 16 }} data-testid="agenda-carried">
          <Typography.Title level={5} style={{ marginBottom: 2 }}>
            {t('meetings.agenda.itemsCarried')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('meetings.agenda.itemsCarriedHint')}
          </Typography.Text>
          <ItemList items={carried} showOwner />
        </div>
      )}
    </Card>
  );
}

function Stat({ label, value, sub }: { label: string; value: ReactNode; sub?: ReactNode }) {
  return (
    <div className="agenda-stat">
      <div className="agenda-stat-label">{label}</div>
      <div className="agenda-stat-value">{value}</div>
      {sub && <div className="agenda-stat-sub">{sub}</div>}
    </div>
  );
}

/** This month's figure against the same stretch of last month, with the direction. */
function Versus({ now, before }: { now: number; before: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const up = now > before;
  const down = now < before;
  return (
    <span>
      {t('meetings.agenda.lastMonth')} {fmt.money(before)}{' '}
      {up && <ArrowUpOutlined style={{ color: '#16a34a' }} />}
      {down && <ArrowDownOutlined style={{ color: '#dc2626' }} />}
    </span>
  );
}

/**
 * Results vs target: the team's current targets, then each rep's, with attainment against the time
 * elapsed (the mark on the bar) and the pace.
 */
function ResultsVsTarget({ agenda }: { agenda: MeetingAgenda }) {
  const { t } = useTranslation();
  const value = useTargetValue();
  const reps = agenda.reps.filter((r) => (r.targets?.length ?? 0) > 0);
  return (
    <div style={{ marginTop: 12 }} data-testid="agenda-targets">
      <Typography.Title level={5} style={{ marginBottom: 8 }}>
        {t('targetPace.resultsVsTarget')}
      </Typography.Title>
      {(agenda.targets?.length ?? 0) > 0 && (
        <>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('targetPace.teamTargets')}
          </Typography.Text>
          <div style={{ marginTop: 4 }}>
            <TargetPaceList targets={agenda.targets!} testId="agenda-team-targets" />
          </div>
        </>
      )}
      {reps.length > 0 && (
        <Table<AgendaRep>
          style={{ marginTop: 12 }}
          size="small"
          rowKey="userId"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={reps}
          data-testid="agenda-rep-targets"
          columns={[
            { key: 'name', title: t('meetings.agenda.results'), dataIndex: 'name', fixed: 'left' },
            {
              key: 'targets',
              title: t('targetPace.title'),
              render: (_, r) => (
                <Flex vertical gap={6}>
                  {r.targets!.map((p) => (
                    <div key={p.targetId}>
                      <Typography.Text style={{ fontSize: 12 }}>
                        {p.name} ·{' '}
                        <span className="money">
                          {value(p, p.actual)} / {value(p, p.value)}
                        </span>
                      </Typography.Text>
                      <TargetPaceBar pace={p} compact />
                    </div>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}

function TeamTotals({ agenda }: { agenda: MeetingAgenda }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const r = agenda.totals.results;
  const compare = !hasTargets(agenda);
  return (
    <Row gutter={[8, 8]} data-testid="agenda-totals">
      <Col xs={12} sm={8}>
        <Stat
          label={t('meetings.agenda.newDeals')}
          value={agenda.totals.newDeals}
          sub={fmt.money(agenda.totals.newAmount)}
        />
      </Col>
      <Col xs={12} sm={8}>
        <Stat
          label={t('meetings.agenda.won')}
          value={fmt.money(agenda.totals.wonAmount)}
          sub={t('meetings.agenda.count', { count: agenda.totals.wonCount })}
        />
      </Col>
      <Col xs={12} sm={8}>
        <Stat
          label={t('meetings.agenda.lost')}
          value={fmt.money(agenda.totals.lostAmount)}
          sub={t('meetings.agenda.count', { count: agenda.totals.lostCount })}
        />
      </Col>
      <Col xs={12} sm={8}>
        <Stat
          label={`${t('meetings.agenda.received')} · ${t('meetings.agenda.period')}`}
          value={fmt.money(r.period.received)}
        />
      </Col>
      <Col xs={12} sm={8}>
        <Stat
          label={`${t('meetings.agenda.won')} · ${t('meetings.agenda.monthToDate')}`}
          value={fmt.money(r.monthToDate.wonAmount)}
          sub={
            compare ? (
              <Versus now={r.monthToDate.wonAmount} before={r.lastMonthSamePeriod.wonAmount} />
            ) : undefined
          }
        />
      </Col>
      <Col xs={12} sm={8}>
        <Stat
          label={`${t('meetings.agenda.received')} · ${t('meetings.agenda.monthToDate')}`}
          value={fmt.money(r.monthToDate.received)}
          sub={
            compare ? (
              <Versus now={r.monthToDate.received} before={r.lastMonthSamePeriod.received} />
            ) : undefined
          }
        />
      </Col>
    </Row>
  );
}

/** Results per rep: the period, month to date and the same stretch of last month. */
function ResultsTable({ reps, withLastMonth }: { reps: AgendaRep[]; withLastMonth: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!reps.length) return null;
  const cell = (r: AgendaResult) => (
    <div style={{ whiteSpace: 'nowrap' }}>
      <div>{fmt.money(r.wonAmount)}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('meetings.agenda.received')} {fmt.money(r.received)}
      </Typography.Text>
    </div>
  );
  return (
    <Table<AgendaRep>
      style={{ marginTop: 12 }}
      size="small"
      rowKey="userId"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={reps}
      data-testid="agenda-results"
      columns={[
        { key: 'name', title: t('meetings.agenda.results'), dataIndex: 'name', fixed: 'left' },
        { key: 'period', title: t('meetings.agenda.period'), render: (_, r) => cell(r.results.period) },
        {
          key: 'mtd',
          title: t('meetings.agenda.monthToDate'),
          render: (_, r) => cell(r.results.monthToDate),
        },
        ...(withLastMonth
          ? [
              {
                key: 'last',
                title: t('meetings.agenda.lastMonth'),
                render: (_: unknown, r: AgendaRep) => cell(r.results.lastMonthSamePeriod),
              },
            ]
          : []),
      ]}
    />
  );
}

function RepHeader({ rep }: { rep: AgendaRep }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const chip = (label: string, n: number, color?: string) =>
    n > 0 ? (
      <Tag color={color} style={{ marginInlineEnd: 0 }}>
        {label} {n}
      </Tag>
    ) : null;
  return (
    <Flex gap={6} wrap align="center">
      <Typography.Text strong style={{ marginRight: 4 }}>
        {rep.name}
      </Typography.Text>
      {chip(t('meetings.agenda.newDeals'), rep.newDeals.length, 'blue')}
      {chip(t('meetings.agenda.movedForward'), rep.movedForward.length, 'cyan')}
      {chip(t('meetings.agenda.movedBack'), rep.movedBack.length, 'orange')}
      {rep.won.length > 0 && (
        <Tag color="green" style={{ marginInlineEnd: 0 }}>
          {t('meetings.agenda.won')} {fmt.money(rep.wonAmount)}
        </Tag>
      )}
      {chip(t('meetings.agenda.lost'), rep.lost.length, 'red')}
      {chip(t('meetings.agenda.stalled'), rep.stalled.length, 'volcano')}
      {chip(t('meetings.agenda.noNextStep'), rep.noNextStep.length, 'gold')}
      {chip(t('meetings.agenda.openItems'), rep.openItems.length, 'purple')}
    </Flex>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="agenda-section">
      <div className="agenda-section-title">{title}</div>
      {children}
    </div>
  );
}

function Line({ children, right }: { children: ReactNode; right?: ReactNode }) {
  return (
    <Flex justify="space-between" gap={8} className="agenda-line">
      <div style={{ minWidth: 0 }}>{children}</div>
      {right !== undefined && <div style={{ whiteSpace: 'nowrap' }}>{right}</div>}
    </Flex>
  );
}

function RepSection({ rep }: { rep: AgendaRep }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const secondary = (text: ReactNode) => (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {text}
    </Typography.Text>
  );
  const noChange =
    !rep.newDeals.length &&
    !rep.movedForward.length &&
    !rep.movedBack.length &&
    !rep.won.length &&
    !rep.lost.length;
  return (
    <div data-testid={`agenda-rep-${rep.userId}`}>
      {noChange && (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('meetings.agenda.noChanges')}</Typography.Text>
        </div>
      )}
      {rep.newDeals.length > 0 && (
        <Section title={t('meetings.agenda.newDeals')}>
          {rep.newDeals.map((d) => (
            <Line key={d.opportunityId} right={fmt.money(d.amount, d.currency)}>
              {dealLink(d.opportunityId, d.name)} {secondary(`${d.accountName ?? ''} · ${d.stageName}`)}
            </Line>
          ))}
        </Section>
      )}
      {(['movedForward', 'movedBack'] as const).map((k) =>
        rep[k].length > 0 ? (
          <Section key={k} title={t(`meetings.agenda.${k}`)}>
            {rep[k].map((d) => (
              <Line key={`${d.opportunityId}-${d.at}`} right={fmt.money(d.amount, d.currency)}>
                {dealLink(d.opportunityId, d.name)}{' '}
                {secondary(
                  <>
                    {d.fromStage} <ArrowRightOutlined /> {d.toStage}
                  </>,
                )}
              </Line>
            ))}
          </Section>
        ) : null,
      )}
      {rep.won.length > 0 && (
        <Section title={t('meetings.agenda.won')}>
          {rep.won.map((d) => (
            <Line
              key={d.opportunityId}
              right={<span style={{ color: '#16a34a' }}>{fmt.money(d.amount, d.currency)}</span>}
            >
              {dealLink(d.opportunityId, d.name)} {secondary(d.accountName)}
            </Line>
          ))}
        </Section>
      )}
      {rep.lost.length > 0 && (
        <Section title={t('meetings.agenda.lost')}>
          {rep.lost.map((d) => (
            <Line
              key={d.opportunityId}
              right={<span style={{ color: '#dc2626' }}>{fmt.money(d.amount, d.currency)}</span>}
            >
              {dealLink(d.opportunityId, d.name)}{' '}
              {secondary(
                [
                  d.lostReason ? t('meetings.agenda.lostReason', { reason: d.lostReason }) : null,
                  d.lostCompetitor ? t('meetings.agenda.competitor', { name: d.lostCompetitor }) : null,
                ]
                  .filter(Boolean)
                  .join(' · '),
              )}
            </Line>
          ))}
        </Section>
      )}
      {rep.stalled.length > 0 && (
        <Section title={t('meetings.agenda.stalled')}>
          {rep.stalled.map((f) => (
            <Line key={f.opportunityId} right={fmt.money(f.amount)}>
              {dealLink(f.opportunityId, f.name)}{' '}
              {secondary(`${f.stageName ?? ''} · ${t('meetings.agenda.daysStalled', { days: f.days ?? 0 })}`)}
            </Line>
          ))}
        </Section>
      )}
      {rep.noNextStep.length > 0 && (
        <Section title={t('meetings.agenda.noNextStep')}>
          {rep.noNextStep.map((f) => (
            <Line key={f.opportunityId} right={fmt.money(f.amount)}>
              {dealLink(f.opportunityId, f.name)}{' '}
              {secondary(
                f.reason === 'overdue'
                  ? t('meetings.agenda.nextOverdue', { days: f.days ?? 0 })
                  : t('meetings.agenda.nextMissing'),
              )}
            </Line>
          ))}
        </Section>
      )}
      {rep.openItems.length > 0 && (
        <Section title={t('meetings.agenda.openItems')}>
          <ItemList items={rep.openItems} />
        </Section>
      )}
    </div>
  );
}

/** Open action items; carried ones say which meeting they come from. */
function ItemList({ items, showOwner = false }: { items: AgendaActionItem[]; showOwner?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div>
      {items.map((i) => (
        <Line
          key={i.id}
          right={
            <Typography.Text type={i.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {i.overdue && <ClockCircleOutlined />} {t('meetings.agenda.due', { date: fmt.date(i.dueDate) })}
            </Typography.Text>
          }
        >
          <span>{i.title}</span>{' '}
          {showOwner && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              · {i.ownerName}{' '}
            </Typography.Text>
          )}
          {i.opportunityId && i.opportunityName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              · {dealLink(i.opportunityId, i.opportunityName)}{' '}
            </Typography.Text>
          )}
          {i.carried ? (
            <Link to={`/meetings/${i.meetingId}`}>
              <Tag color="purple" style={{ marginInlineEnd: 0, fontSize: 11 }}>
                {t('meetings.agenda.carriedFrom', { title: i.meetingTitle })}
              </Tag>
            </Link>
          ) : (
            <Tag style={{ marginInlineEnd: 0, fontSize: 11 }}>{t('meetings.agenda.thisMeeting')}</Tag>
          )}
        </Line>
      ))}
    </div>
  );
}

function ReviewDeals({ deals }: { deals: AgendaReviewDeal[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!deals.length) return <Alert type="info" showIcon title={t('meetings.agenda.nothing')} />;
  return (
    <Collapse
      defaultActiveKey={deals.map((d) => d.opportunityId)}
      data-testid="agenda-deals"
      items={deals.map((d) => ({
        key: d.opportunityId,
        label: (
          <Flex gap={6} wrap align="center">
            <Typography.Text strong>{d.name}</Typography.Text>
            <Tag style={{ marginInlineEnd: 0 }}>{d.stageName}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {d.accountName} · {t('meetings.agenda.owner', { name: d.ownerName })} ·{' '}
              {fmt.money(d.amount, d.currency)}
            </Typography.Text>
          </Flex>
        ),
        children: (
          <div>
            <Row gutter={[16, 8]}>
              <Col xs={24} md={12}>
                <Section title={t('meetings.agenda.nextStep')}>
                  {d.nextStep ? (
                    <div>
                      {d.nextStep}
                      {d.nextStepDate && (
                        <Typography.Text type="secondary"> · {fmt.date(d.nextStepDate)}</Typography.Text>
                      )}
                    </div>
                  ) : (
                    <Typography.Text type="warning">{t('meetings.agenda.nextMissing')}</Typography.Text>
                  )}
                  {d.expectedCloseDate && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('meetings.agenda.expectedClose')} {fmt.date(d.expectedCloseDate)}
                    </Typography.Text>
                  )}
                </Section>
                <Section title={t('meetings.agenda.stageHistory')}>
                  {d.stageHistory.length ? (
                    d.stageHistory.map((h) => (
                      <Line
                        key={h.enteredAt}
                        right={
                          <Typography.Text type="secondary">{fmt.dateTime(h.enteredAt)}</Typography.Text>
                        }
                      >
                        {h.stageName}{' '}
                        {h.userName && <Typography.Text type="secondary">· {h.userName}</Typography.Text>}
                      </Line>
                    ))
                  ) : (
                    <Typography.Text type="secondary">{t('meetings.agenda.noStageChange')}</Typography.Text>
                  )}
                </Section>
                <Section title={t('meetings.agenda.missingChecklist')}>
                  {d.missingChecklist.length ? (
                    <Flex gap={6} wrap>
                      {d.missingChecklist.map((c) => (
                        <Tag key={c.id} color={c.required ? 'red' : undefined} style={{ marginInlineEnd: 0 }}>
                          {c.label}
                          {c.required && ` · ${t('meetings.agenda.required')}`}
                        </Tag>
                      ))}
                    </Flex>
                  ) : (
                    <Typography.Text type="success">
                      <CheckCircleOutlined /> {t('meetings.agenda.checklistComplete')}
                    </Typography.Text>
                  )}
                </Section>
              </Col>
              <Col xs={24} md={12}>
                <Section title={t('meetings.agenda.lastActivities')}>
                  {d.lastActivities.length ? (
                    <Timeline
                      style={{ marginTop: 8 }}
                      items={d.lastActivities.map((a) => ({
                        key: a.id,
                        color: a.done ? 'green' : 'gray',
                        content: (
                          <div>
                            <div>
                              <Tag style={{ marginInlineEnd: 4 }}>
                                {t(`enums.activityType.${a.type}`, { defaultValue: a.type })}
                              </Tag>
                              {a.subject}
                            </div>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {fmt.dateTime(a.at)} · {a.ownerName}
                            </Typography.Text>
                          </div>
                        ),
                      }))}
                    />
                  ) : (
                    <Typography.Text type="secondary">{t('meetings.agenda.noActivities')}</Typography.Text>
                  )}
                </Section>
              </Col>
            </Row>
            <div style={{ marginTop: 4 }}>{dealLink(d.opportunityId, `→ ${d.name}`)}</div>
          </div>
        ),
      }))}
    />
  );
}
