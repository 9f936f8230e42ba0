import { useCallback } from 'react';
import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../app/api';
import { useErrorHandler } from '../../app/errors';

/**
 * Why a claim (or assignment) was refused, in the reader's language: the server names the limit
 * in the field path (claimLimitDay, claimLimitWeek, maxHeld, maxHeldByLevel/A, lockDays) and its
 * number or date in the message.
 */
export function poolRefusal(
  t: (k: string, o?: Record<string, unknown>) => string,
  path: string,
  message: string,
) {
  const n = message.match(/\d+/)?.[0];
  const date = message.match(/\d{4}-\d{2}-\d{2}/)?.[0];
  if (path === 'claimLimitDay') return t('pools.errors.claimLimitDay', { n });
  if (path === 'claimLimitWeek') return t('pools.errors.claimLimitWeek', { n });
  if (path === 'maxHeld') return t('pools.errors.maxHeld', { n });
  if (path.startsWith('maxHeldByLevel/'))
    return t('pools.errors.maxHeldByLevel', { level: path.split('/')[1], n });
  if (path === 'lockDays') return t('pools.errors.lockDays', { date });
  if (path === 'ownerId' || path === 'version') return t('pools.errors.taken');
  return null;
}

export function usePoolErrorHandler() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const queryClient = useQueryClient();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (isApiError(err) && err.status === 409) {
        const field = err.fields[0];
        const text = field ? poolRefusal(t, field.path, field.message) : null;
        if (text) {
          message.warning(text);
          void queryClient.invalidateQueries({ queryKey: ['pools'] });
          return;
        }
      }
      handleError(err, form);
    },
    [t, message, handleError, queryClient],
  );
}
