import { Card, Col, Empty, Flex, List, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QuestionSummary } from '@tuoke/shared';
import { useQuestionnaireSummary } from './useQuestionnaires';

/** Per question: option counts with shares, the scale's average and spread, the latest texts. */
export function QuestionnaireSummaryView({
  questionnaireId,
  enabled,
}: {
  questionnaireId: string;
  enabled: boolean;
}) {
  const { t } = useTranslation();
  const { data, isLoading } = useQuestionnaireSummary(questionnaireId, enabled);
  if (!data) return <Card loading={isLoading} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="questionnaire-summary">
      <Flex justify="space-between" wrap gap={8}>
        <Typography.Text strong>
          {t('questionnaires.summaryResponses', { n: data.responses, sent: data.invitations })}
        </Typography.Text>
        <Typography.Text type="secondary">{t('questionnaires.summaryScope')}</Typography.Text>
      </Flex>
      {data.responses === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('questionnaires.summaryEmpty')} />
        </Card>
      ) : (
        <Row gutter={[12, 12]}>
          {data.questions.map((q, i) => (
            <Col xs={24} lg={12} key={q.questionId}>
              <QuestionCard q={q} n={i + 1} />
            </Col>
          ))}
        </Row>
      )}
    </Space>
  );
}

function QuestionCard({ q, n }: { q: QuestionSummary; n: number }) {
  const { t } = useTranslation();
  const pct = (count: number) => (q.answered ? Math.round((count * 1000) / q.answered) / 10 : 0);
  return (
    <Card
      size="small"
      style={{ height: '100%' }}
      title={
        <Typography.Text strong ellipsis={{ tooltip: q.text }}>
          {n}. {q.text}
        </Typography.Text>
      }
      extra={
        <Space size={4}>
          <Tag>{t(`questionnaires.types.${q.type}`)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('questionnaires.answeredCount', { n: q.answered })}
          </Typography.Text>
        </Space>
      }
    >
      {q.choices && (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          {q.choices.map((c) => (
            <div key={c.id}>
              <Flex justify="space-between">
                <span>{c.label}</span>
                <Typography.Text type="secondary">
                  {c.count} · {pct(c.count)}%
                </Typography.Text>
              </Flex>
              <Progress percent={pct(c.count)} showInfo={false} size="small" status="normal" />
            </div>
          ))}
        </Space>
      )}
      {q.distribution && (
        <Flex gap={24} align="flex-end">
          <Statistic
            title={t('questionnaires.average')}
            value={q.average ?? '—'}
            precision={q.average === null || q.average === undefined ? undefined : 2}
            suffix={`/ ${q.scaleMax}`}
          />
          <Flex gap={4} align="flex-end" style={{ flex: 1, height: 72 }}>
            {q.distribution.map((d) => {
              const max = Math.max(1, ...q.distribution!.map((x) => x.count));
              return (
                <Flex key={d.value} vertical align="center" style={{ flex: 1 }} gap={2}>
                  <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                    {d.count || ''}
                  </Typography.Text>
                  <div
                    style={{
                      width: '100%',
                      height: Math.max(2, (d.count / max) * 44),
                      background: d.count ? '#1677ff' : '#f0f0f0',
                      borderRadius: 2,
                    }}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                    {d.value}
                  </Typography.Text>
                </Flex>
              );
            })}
          </Flex>
        </Flex>
      )}
      {q.texts && (
        <List
          size="small"
          header={<Typography.Text type="secondary">{t('questionnaires.latestTexts')}</Typography.Text>}
          locale={{ emptyText: t('questionnaires.noAnswers') }}
          dataSource={q.texts}
          renderItem={(x) => (
            <List.Item style={{ padding: '4px 0' }}>
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{x.text}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8, whiteSpace: 'nowrap' }}>
                {x.accountName}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
