import { useState } from 'react';
import { Alert, App, Button, Flex, Input, Modal, Popconfirm, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CalendarFeedCreated, CalendarFeedStatus } from '@tuoke/shared';
import { api } from '../../app/api';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';

/**
 * The user's iCalendar subscription: create or rotate it (the URL is shown once, only its hash
 * is kept on the server) and revoke it.
 */
export function CalendarFeedDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState<string | null>(null);
  const status = useQuery({
    queryKey: ['calendar-feed'],
    queryFn: ({ signal }) => api.get<CalendarFeedStatus>('/calendar-feed', undefined, signal),
    enabled: open,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['calendar-feed'] });
  const rotate = useMutation({
    mutationFn: () => api.post<CalendarFeedCreated>('/calendar-feed'),
    onSuccess: (r) => {
      setUrl(r.url);
      refresh();
    },
    onError: (err) => handleError(err),
  });
  const revoke = useMutation({
    mutationFn: () => api.delete('/calendar-feed'),
    onSuccess: () => {
      setUrl(null);
      refresh();
      message.success(t('calendarFeed.revoked'));
    },
    onError: (err) => handleError(err),
  });
  const close = () => {
    setUrl(null);
    onClose();
  };
  const copy = () => {
    void navigator.clipboard?.writeText(url ?? '');
    message.success(t('calendarFeed.copied'));
  };
  const active = status.data?.active ?? false;

  return (
    <Modal
      open={open}
      onCancel={close}
      title={t('calendarFeed.title')}
      destroyOnHidden
      data-testid="calendar-feed"
      footer={<Button onClick={close}>{t('common.confirm')}</Button>}
    >
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('calendarFeed.intro')}
        </Typography.Paragraph>
        {url ? (
          <>
            <Alert type="warning" showIcon message={t('calendarFeed.onceOnly')} />
            <Space.Compact style={{ width: '100%' }}>
              <Input
                readOnly
                value={url}
                data-testid="calendar-feed-url"
                onFocus={(e) => e.target.select()}
              />
              <Button icon={<CopyOutlined />} onClick={copy}>
                {t('calendarFeed.copy')}
              </Button>
            </Space.Compact>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('calendarFeed.howTo')}
            </Typography.Paragraph>
          </>
        ) : (
          <Typography.Text>
            {active
              ? t('calendarFeed.activeSince', { at: fmt.dateTime(status.data?.createdAt) })
              : t('calendarFeed.none')}
          </Typography.Text>
        )}
        <Flex gap={8} wrap>
          <Button
            type="primary"
            loading={rotate.isPending}
            onClick={() => rotate.mutate()}
            data-testid="calendar-feed-create"
          >
            {active ? t('calendarFeed.rotate') : t('calendarFeed.create')}
          </Button>
          {active && (
            <Popconfirm title={t('calendarFeed.revokeConfirm')} onConfirm={() => revoke.mutate()}>
              <Button danger loading={revoke.isPending} data-testid="calendar-feed-revoke">
                {t('calendarFeed.revoke')}
              </Button>
            </Popconfirm>
          )}
        </Flex>
      </Flex>
    </Modal>
  );
}
