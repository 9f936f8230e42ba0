import { Fragment } from 'react';
import { Alert, App, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NotificationKind, NotificationPreference } from '@tuoke/shared';
import { useErrorHandler } from '../../app/errors';
import { KIND_GROUPS } from './NotificationList';
import { useNotificationPreferences, useSaveNotificationPreferences } from './useNotifications';

const GRID: React.CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'minmax(0, 1fr) 72px 72px',
  alignItems: 'center',
  columnGap: 8,
};

/** 通知设置: per kind, in the app and by e-mail; each switch saves at once. */
export function NotificationSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const prefs = useNotificationPreferences();
  const save = useSaveNotificationPreferences();
  const byKind = new Map((prefs.data?.items ?? []).map((p) => [p.kind, p]));

  const change = (kind: NotificationKind, patch: Partial<NotificationPreference>) => {
    const current = byKind.get(kind);
    if (!current) return;
    save.mutate([{ ...current, ...patch }], {
      onSuccess: () => void message.success({ content: t('notifications.saved'), duration: 1.5 }),
      onError: (err) => handleError(err),
    });
  };

  return (
    <div data-testid="notification-settings" style={{ maxWidth: 720 }}>
      <Alert
        type="info"
        showIcon
        title={t('notifications.settingsTitle')}
        description={t('notifications.settingsHint')}
        style={{ margin: '4px 0 16px' }}
      />
      <div style={{ ...GRID, padding: '0 8px 8px', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text type="secondary">{t('notifications.kindCol')}</Typography.Text>
        <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
          {t('notifications.inApp')}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
          {t('notifications.email')}
        </Typography.Text>
      </div>
      {KIND_GROUPS.map((g) => (
        <Fragment key={g.key}>
          <div style={{ padding: '14px 8px 4px' }}>
            <Typography.Text strong>{t(`notifications.groups.${g.key}`)}</Typography.Text>
          </div>
          {g.kinds.map((kind) => {
            const p = byKind.get(kind);
            return (
              <div
                key={kind}
                style={{ ...GRID, padding: '8px', borderBottom: '1px solid #f5f5f5' }}
                data-testid={`pref-${kind}`}
              >
                <Typography.Text>{t(`notifications.kinds.${kind}.label`)}</Typography.Text>
                <div style={{ textAlign: 'center' }}>
                  <Switch
                    size="small"
                    checked={p?.inApp ?? false}
                    disabled={!p}
                    loading={prefs.isLoading}
                    onChange={(v) => change(kind, { inApp: v })}
                    aria-label={`${t(`notifications.kinds.${kind}.label`)} · ${t('notifications.inApp')}`}
                    data-testid={`pref-${kind}-inapp`}
                  />
                </div>
                <div style={{ textAlign: 'center' }}>
                  <Switch
                    size="small"
                    checked={p?.email ?? false}
                    disabled={!p}
                    loading={prefs.isLoading}
                    onChange={(v) => change(kind, { email: v })}
                    aria-label={`${t(`notifications.kinds.${kind}.label`)} · ${t('notifications.email')}`}
                    data-testid={`pref-${kind}-email`}
                  />
                </div>
              </div>
            );
          })}
        </Fragment>
      ))}
    </div>
  );
}
