import { useState } from 'react';
import { App, Button, Card, Col, Popconfirm, Row, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Pipeline } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EmptyState } from '../../app/components/EmptyState';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { PipelineForm } from './PipelineForm';
import { useDeletePipeline, usePipelines } from './usePipelines';

export function PipelinesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const { data: pipelines = [], isLoading } = usePipelines();
  const remove = useDeletePipeline();
  const [editing, setEditing] = useState<Pipeline | null>(null);
  const [creating, setCreating] = useState(false);

  return (
    <div data-testid="pipelines-page">
      <PageHeader
        title={t('pipelines.title')}
        subtitle={t('pipelines.subtitle')}
        extra={
          can('pipeline', 'create') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="pipelines-new"
            >
              {t('pipelines.new')}
            </Button>
          )
        }
      />
      {isLoading ? (
        <Skeleton active />
      ) : pipelines.length === 0 ? (
        <Card>
          <EmptyState
            title={t('pipelines.emptyTitle')}
            hint={t('pipelines.emptyHint')}
            action={
              can('pipeline', 'create') && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                  {t('pipelines.new')}
                </Button>
              )
            }
          />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {pipelines.map((p) => (
            <Col xs={24} key={p.id}>
              <Card
                data-testid={`pipeline-${p.id}`}
                title={
                  <Space>
                    {p.name}
                    {p.isDefault && <Tag color="blue">{t('pipelines.default')}</Tag>}
                    <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                      {t('pipelines.stagesCount', { count: p.stages.length })}
                    </Typography.Text>
                  </Space>
                }
                extra={
                  <Space size={0}>
                    {can('pipeline', 'update') && (
                      <Button
                        type="link"
                        icon={<EditOutlined />}
                        onClick={() => setEditing(p)}
                        data-testid={`pipeline-edit-${p.id}`}
                      >
                        {t('common.edit')}
                      </Button>
                    )}
                    {can('pipeline', 'delete') && !p.isDefault && (
                      <Popconfirm
                        title={t('common.deleteConfirm', { name: p.name })}
                        okButtonProps={{ danger: true }}
                        okText={t('common.delete')}
                        cancelText={t('common.cancel')}
                        onConfirm={() =>
                          remove.mutateAsync(p.id).then(
                            () => message.success(t('app.deleted')),
                            (err) => handleError(err),
                          )
                        }
                      >
                        <Button type="link" danger icon={<DeleteOutlined />}>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                }
              >
                <div style={{ overflowX: 'auto' }}>
                  <Steps
                    size="small"
                    type="navigation"
                    current={-1}
                    style={{ minWidth: p.stages.length * 130 }}
                    items={p.stages.map((s) => ({
                      title: s.name,
                      status: s.kind === 'won' ? 'finish' : s.kind === 'lost' ? 'error' : 'wait',
                      content:
                        s.kind === 'open' ? (
                          <>
                            {`${t('fields.probability')} ${s.probability}%`}
                            {s.stallDays && (
                              <div style={{ fontSize: 12, color: '#64748b' }}>
                                {t('supervision.stallSummary', { days: s.stallDays })}
                              </div>
                            )}
                            {s.requiredFields.length + s.checklist.length > 0 && (
                              <div style={{ fontSize: 12, color: '#b45309' }}>
                                {t('salesProcess.criteriaShort', {
                                  count: s.requiredFields.length + s.checklist.length,
                                })}
                              </div>
                            )}
                          </>
                        ) : (
                          t(`enums.stageKind.${s.kind}`)
                        ),
                    }))}
                  />
                </div>
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <PipelineForm open={creating} onClose={() => setCreating(false)} />
      <PipelineForm open={Boolean(editing)} onClose={() => setEditing(null)} pipeline={editing} />
    </div>
  );
}
