import type { ReactNode } from 'react';
import { App, Button, Popconfirm, Space, Switch, Tooltip } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import type { ColumnType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useErrorHandler } from '../errors';

export interface RowActionsProps {
  /** Shown when given: opens the row's editor. */
  onEdit?: () => void;
  editTestId?: string;
  /** Shown when given: asks `deleteTitle`, then deletes and says so (or shows the error). */
  onDelete?: () => Promise<unknown>;
  deleteTitle?: string;
  /** Why the row cannot be deleted (the button stays, disabled, with this as its tooltip). */
  deleteBlockedReason?: string;
  deleteTestId?: string;
  /** Row-specific actions before edit and delete. */
  children?: ReactNode;
  /** Icon buttons only (named for screen readers): dense tables with several numbers per row. */
  compact?: boolean;
}

/** The actions cell of a settings list: edit, delete behind a confirmation, and any extras. */
export function RowActions({
  onEdit,
  editTestId,
  onDelete,
  deleteTitle,
  deleteBlockedReason,
  deleteTestId,
  children,
  compact = false,
}: RowActionsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const blocked = deleteBlockedReason !== undefined;
  return (
    <Space size={0} wrap>
      {children}
      {onEdit && (
        <Button
          type={compact ? 'text' : 'link'}
          size="small"
          icon={<EditOutlined />}
          onClick={onEdit}
          aria-label={t('common.edit')}
          data-testid={editTestId}
        >
          {compact ? null : t('common.edit')}
        </Button>
      )}
      {onDelete && (
        <Tooltip title={deleteBlockedReason}>
          <Popconfirm
            title={deleteTitle ?? t('common.deleteConfirm', { name: '' })}
            disabled={blocked}
            okButtonProps={{ danger: true }}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            onConfirm={() =>
              onDelete().then(
                () => message.success(t('app.deleted')),
                (err: unknown) => handleError(err),
              )
            }
          >
            <Button
              type={compact ? 'text' : 'link'}
              size="small"
              danger
              icon={<DeleteOutlined />}
              disabled={blocked}
              aria-label={t('common.delete')}
              data-testid={deleteTestId}
            >
              {compact ? null : t('common.delete')}
            </Button>
          </Popconfirm>
        </Tooltip>
      )}
    </Space>
  );
}

export interface ActiveSwitchProps {
  checked: boolean;
  disabled?: boolean;
  /** Saves the new state; a failure is shown and the switch stays as the server has it. */
  onChange: (active: boolean) => Promise<unknown>;
  testId?: string;
}

/** The "active" switch of a settings list row. */
export function ActiveSwitch({ checked, disabled, onChange, testId }: ActiveSwitchProps) {
  const handleError = useErrorHandler();
  return (
    <Switch
      size="small"
      checked={checked}
      disabled={disabled}
      onChange={(v) => void onChange(v).catch((err: unknown) => handleError(err))}
      data-testid={testId}
    />
  );
}

/** The "active" column of a settings list: a switch that saves through `onToggle`. */
export function activeColumn<T extends { id: string; active: boolean }>(
  title: string,
  opts: {
    disabled: boolean;
    onToggle: (row: T, active: boolean) => Promise<unknown>;
    testId?: (row: T) => string;
  },
): ColumnType<T> {
  return {
    key: 'active',
    title,
    render: (_, r) => (
      <ActiveSwitch
        checked={r.active}
        disabled={opts.disabled}
        onChange={(active) => opts.onToggle(r, active)}
        testId={opts.testId?.(r)}
      />
    ),
  };
}

/** The actions column of a settings list: what `actionsOf` gives for a row, or nothing. */
export function actionsColumn<T>(actionsOf: (row: T) => RowActionsProps | false): ColumnType<T> {
  return {
    key: 'actions',
    title: '',
    align: 'right',
    render: (_, r) => {
      const actions = actionsOf(r);
      return actions && <RowActions {...actions} />;
    },
  };
}
