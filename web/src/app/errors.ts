import { useCallback } from 'react';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { isApiError, toNamePath } from './api';

/**
 * Shows an API error where the reader looks: field errors on the form's fields, the rest as a
 * message. A stale write reloads the record so the next save starts from the newest version.
 */
export function useErrorHandler() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const queryClient = useQueryClient();

  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (!isApiError(err)) {
        message.error((err as Error)?.message || t('app.errorTitle'));
        return;
      }
      if (err.status === 401) return; // The auth guard shows the login page.
      if (err.status === 403) {
        message.error(t('app.forbidden'));
        return;
      }
      if (err.code === 'stale') {
        void queryClient.invalidateQueries();
        message.warning(t('app.stale'));
        return;
      }
      if (err.code === 'network') {
        message.error(t('app.networkError'));
        return;
      }
      if (form && err.fields.length > 0) {
        form.setFields(err.fields.map((f) => ({ name: toNamePath(f.path), errors: [f.message] })));
        // Errors on fields this form does not show still need to be seen.
        const shown = new Set(Object.keys(form.getFieldsValue()));
        const hidden = err.fields.filter((f) => !shown.has(String(toNamePath(f.path)[0])));
        if (hidden.length > 0) message.error(hidden.map((f) => f.message).join('; '));
        return;
      }
      message.error(err.message);
    },
    [message, queryClient, t],
  );
}
