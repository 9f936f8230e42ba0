import { Button, Result, Skeleton } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';

/** Loading and failure states of a record page. */
export function DetailState({
  isLoading,
  error,
  backTo,
}: {
  isLoading: boolean;
  error: unknown;
  backTo: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (isLoading) return <Skeleton active paragraph={{ rows: 8 }} />;
  const status = isApiError(error) ? error.status : 500;
  return (
    <Result
      status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
      title={
        status === 404 ? t('app.notFound') : status === 403 ? t('app.forbiddenPage') : t('app.errorTitle')
      }
      subTitle={status === 404 ? t('app.notFoundHint') : (error as Error | null)?.message}
      extra={<Button onClick={() => navigate(backTo)}>{t('common.back')}</Button>}
    />
  );
}
