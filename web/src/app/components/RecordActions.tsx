import { App, Button, Popconfirm } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useErrorHandler } from '../errors';

/** Edit and delete buttons of a record page. */
export function RecordActions({
  name,
  onEdit,
  onDelete,
  afterDeleteTo,
  testId,
}: {
  name: string;
  onEdit?: () => void;
  onDelete?: () => Promise<unknown>;
  afterDeleteTo: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  return (
    <>
      {onEdit && (
        <Button icon={<EditOutlined />} onClick={onEdit} data-testid={`${testId}-edit`}>
          {t('common.edit')}
        </Button>
      )}
      {onDelete && (
        <Popconfirm
          title={t('common.deleteConfirm', { name })}
          okText={t('common.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={async () => {
            try {
              await onDelete();
              message.success(t('app.deleted'));
              navigate(afterDeleteTo, { replace: true });
            } catch (err) {
              handleError(err);
            }
          }}
        >
          <Button danger icon={<DeleteOutlined />} data-testid={`${testId}-delete`}>
            {t('common.delete')}
          </Button>
        </Popconfirm>
      )}
    </>
  );
}
