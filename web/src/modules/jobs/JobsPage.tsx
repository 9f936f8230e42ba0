import { useState } from 'react';
import { App, Button, Card, Segmented, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../app/api';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';

interface Job {
  id: string;
  type: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAt: string;
  createdAt: string;
  finishedAt: string | null;
}

const STATUS_COLOR = { queued: 'blue', running: 'processing', done: 'green', failed: 'red' } as const;

/** Background jobs (reminders, imports, nightly rules): failures are shown here and can be retried. */
export function JobsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Job['status'] | 'all'>('failed');
  const jobs = useQuery({
    queryKey: ['jobs', status],
    queryFn: ({ signal }) =>
      api.get<Page<Job>>('/jobs', { status: status === 'all' ? undefined : status, limit: 100 }, signal),
  });
  const retry = useMutation({
    mutationFn: (id: string) => api.post<void>(`/jobs/${id}/retry`),
    onSuccess: () => {
      message.success(t('jobs.retried'));
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
    onError: (err) => handleError(err),
  });

  return (
    <>
      <PageHeader title={t('jobs.title')} subtitle={t('jobs.subtitle')} />
      <Card>
        <Segmented
          data-testid="jobs-status"
          style={{ marginBottom: 16 }}
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={(['failed', 'queued', 'running', 'done', 'all'] as const).map((s) => ({
            value: s,
            label: t(`jobs.status.${s}`),
          }))}
        />
        <Table<Job>
          rowKey="id"
          loading={jobs.isLoading}
          dataSource={jobs.data?.items ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{ emptyText: t(status === 'failed' ? 'jobs.noFailures' : 'jobs.empty') }}
          columns={[
            {
              key: 'type',
              title: t('jobs.type'),
              render: (_, j) => <Typography.Text code>{j.type}</Typography.Text>,
            },
            {
              key: 'status',
              title: t('jobs.statusLabel'),
              render: (_, j) => <Tag color={STATUS_COLOR[j.status]}>{t(`jobs.status.${j.status}`)}</Tag>,
            },
            {
              key: 'attempts',
              title: t('jobs.attempts'),
              render: (_, j) => `${j.attempts} / ${j.maxAttempts}`,
            },
            { key: 'runAt', title: t('jobs.runAt'), render: (_, j) => fmt.dateTime(j.runAt) },
            {
              key: 'error',
              title: t('jobs.lastError'),
              render: (_, j) =>
                j.lastError ? (
                  <Typography.Text
                    type="danger"
                    ellipsis={{ tooltip: j.lastError }}
                    style={{ maxWidth: 360 }}
                  >
                    {j.lastError}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, j) =>
                j.status === 'failed' ? (
                  <Button
                    size="small"
                    icon={<ReloadOutlined />}
                    loading={retry.isPending && retry.variables === j.id}
                    onClick={() => retry.mutate(j.id)}
                  >
                    {t('jobs.retry')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </>
  );
}
