import { useState } from 'react';
import { App, Avatar, Button, Card, Col, Empty, Flex, Input, List, Row, Space, Typography } from 'antd';
import { EditOutlined, EyeOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/auth';
import { DetailState } from '../../app/components/DetailState';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { ReportFacts } from './ReportFacts';
import { periodLabel } from './periods';
import { ReportStatusTag } from './ReportStatusTag';
import { useAddComment, useReport } from './useWorkReports';

/**
 * One report: the frozen facts, what the author wrote, who read it and when (read receipts), and
 * the comments. Opening someone else's report records the reader's first read on the server.
 */
export function WorkReportDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const navigate = useNavigate();
  const q = useReport(id);
  const r = q.data;
  if (!r) return <DetailState isLoading={q.isLoading} error={q.error} backTo="/work-reports" />;
  const mine = r.userId === me.user.id;
  const daily = r.kind === 'daily';

  return (
    <div data-testid="report-detail">
      <PageHeader
        backTo="/work-reports"
        title={t(daily ? 'workReports.dailyOf' : 'workReports.weeklyOf', { name: r.userName })}
        subtitle={
          <>
            {periodLabel(t, r.kind, r.periodStart, r.periodEnd)}
            {r.submittedAt && <> · {t('workReports.submittedAt', { at: fmt.dateTime(r.submittedAt) })}</>}
            {r.dueAt && <> · {t('workReports.dueAt', { at: fmt.dateTime(r.dueAt) })}</>}
          </>
        }
        tags={<ReportStatusTag report={r} />}
        extra={
          mine &&
          r.status === 'draft' && (
            <Button
              icon={<EditOutlined />}
              onClick={() => navigate(`/work-reports/write?kind=${r.kind}&date=${r.periodStart}`)}
            >
              {t('workReports.continue')}
            </Button>
          )
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={16}>
          <Flex vertical gap={12}>
            <Card size="small" title={t(daily ? 'workReports.work.daily' : 'workReports.work.weekly')}>
              <Text value={r.work} />
            </Card>
            <Row gutter={[12, 12]}>
              <Col xs={24} md={12}>
                <Card size="small" title={t('workReports.problems')} style={{ height: '100%' }}>
                  <Text value={r.problems} />
                </Card>
              </Col>
              <Col xs={24} md={12}>
                <Card
                  size="small"
                  title={t(daily ? 'workReports.plan.daily' : 'workReports.plan.weekly')}
                  style={{ height: '100%' }}
                >
                  <Text value={r.plan} />
                </Card>
              </Col>
            </Row>
            <Card
              size="small"
              title={t('workReports.factsTitle')}
              extra={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.status === 'submitted'
                    ? t('workReports.factsFrozen', { at: fmt.dateTime(r.facts.computedAt) })
                    : t('workReports.factsLive')}
                </Typography.Text>
              }
            >
              <ReportFacts facts={r.facts} kind={r.kind} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={8}>
          <Flex vertical gap={12}>
            <Comments reportId={r.id} comments={r.comments} canComment={r.canComment} />
            <Card
              size="small"
              title={
                <Space size={6}>
                  <EyeOutlined />
                  {t('workReports.reads', { count: r.reads.length })}
                </Space>
              }
              data-testid="report-read-receipts"
            >
              {r.reads.length === 0 ? (
                <Typography.Text type="secondary">
                  {r.status === 'submitted' ? t('workReports.noReads') : t('workReports.notSubmittedYet')}
                </Typography.Text>
              ) : (
                <List
                  size="small"
                  dataSource={r.reads}
                  renderItem={(x) => (
                    <List.Item
                      style={{ paddingInline: 0 }}
                      data-testid="report-read-receipt"
                      data-user={x.userId}
                    >
                      <Typography.Text>{x.userName}</Typography.Text>
                      <Typography.Text type="secondary">
                        {t('workReports.readAt', { at: fmt.dateTime(x.firstReadAt) })}
                      </Typography.Text>
                    </List.Item>
                  )}
                />
              )}
            </Card>
          </Flex>
        </Col>
      </Row>
    </div>
  );
}

function Text({ value }: { value: string }) {
  const { t } = useTranslation();
  return value ? (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{value}</Typography.Paragraph>
  ) : (
    <Typography.Text type="secondary">{t('workReports.emptyText')}</Typography.Text>
  );
}

function Comments({
  reportId,
  comments,
  canComment,
}: {
  reportId: string;
  comments: { id: string; userName: string; body: string; createdAt: string }[];
  canComment: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const add = useAddComment(reportId);
  const [body, setBody] = useState('');
  const send = async () => {
    if (!body.trim()) return;
    try {
      await add.mutateAsync(body.trim());
      setBody('');
      message.success(t('workReports.commented'));
    } catch (err) {
      handleError(err);
    }
  };
  return (
    <Card size="small" title={t('workReports.comments', { count: comments.length })}>
      <div data-testid="report-comments">
        {comments.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={t('workReports.noComments')}
            style={{ margin: 8 }}
          />
        ) : (
          <List
            size="small"
            dataSource={comments}
            renderItem={(c) => (
              <List.Item style={{ paddingInline: 0, alignItems: 'flex-start' }} data-testid="report-comment">
                <List.Item.Meta
                  avatar={<Avatar size="small">{c.userName.slice(0, 1)}</Avatar>}
                  title={
                    <Space size={6}>
                      <Typography.Text strong>{c.userName}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
                        {fmt.dateTime(c.createdAt)}
                      </Typography.Text>
                    </Space>
                  }
                  description={<span style={{ whiteSpace: 'pre-wrap', color: 'inherit' }}>{c.body}</span>}
                />
              </List.Item>
            )}
          />
        )}
      </div>
      {canComment && (
        <Flex vertical gap={8} style={{ marginTop: 8 }}>
          <Input.TextArea
            value={body}
            onChange={(e) => setBody(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            placeholder={t('workReports.commentPlaceholder')}
            data-testid="report-comment-input"
          />
          <Button
            type="primary"
            onClick={() => void send()}
            loading={add.isPending}
            disabled={!body.trim()}
            data-testid="report-comment-submit"
            style={{ alignSelf: 'flex-end' }}
          >
            {t('workReports.comment')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
