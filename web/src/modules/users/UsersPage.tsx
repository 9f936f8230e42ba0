import { useMemo, useState } from 'react';
import { App, Avatar, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { EditOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { ROLES, type User } from '@tuoke/shared';
import { useAuth, useMe } from '../../app/auth';
import { ListPage } from '../../app/components/ListPage';
import { useErrorHandler } from '../../app/errors';
import { UserForm } from './UserForm';
import { useAllTeams, useAllUsers, useSaveUser } from './useUsers';

const ROLE_COLORS: Record<string, string> = {
  admin: 'red',
  sales_director: 'volcano',
  sales_manager: 'orange',
  sales_rep: 'blue',
  marketing: 'purple',
  recruiter: 'cyan',
  service_agent: 'green',
};

export function UsersPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const save = useSaveUser();
  const { teams } = useAllTeams();
  const { byId } = useAllUsers();
  const [editing, setEditing] = useState<User | null>(null);
  const [creating, setCreating] = useState(false);
  const canUpdate = can('user', 'update');

  const columns = useMemo<ColumnsType<User>>(
    () => [
      {
        key: 'name',
        title: t('fields.contactName'),
        sorter: true,
        render: (_, u) => (
          <Space>
            <Avatar size="small" style={{ background: u.active ? '#1d4ed8' : '#cbd5e1' }}>
              {u.name.slice(0, 1)}
            </Avatar>
            <div>
              <Typography.Text strong type={u.active ? undefined : 'secondary'}>
                {u.name}
              </Typography.Text>
              {!u.active && <Tag style={{ marginLeft: 6 }}>{t('enums.active.false')}</Tag>}
            </div>
          </Space>
        ),
      },
      { key: 'email', title: t('fields.email'), sorter: true, dataIndex: 'email' },
      {
        key: 'role',
        title: t('fields.role'),
        render: (_, u) => <Tag color={ROLE_COLORS[u.role]}>{t(`enums.role.${u.role}`)}</Tag>,
      },
      { key: 'team', title: t('fields.team'), render: (_, u) => u.teamName ?? '—' },
      {
        key: 'manager',
        title: t('fields.manager'),
        render: (_, u) => (u.managerId ? (byId.get(u.managerId)?.name ?? '—') : '—'),
      },
      {
        key: 'actions',
        title: t('common.actions'),
        fixed: 'right',
        render: (_, u) =>
          canUpdate && (
            <Space size={0}>
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditing(u)}
                data-testid={`user-edit-${u.id}`}
              >
                {t('common.edit')}
              </Button>
              {u.id !== me.user.id &&
                (u.active ? (
                  <Popconfirm
                    title={t('users.deactivateConfirm', { name: u.name })}
                    okButtonProps={{ danger: true }}
                    okText={t('users.deactivate')}
                    cancelText={t('common.cancel')}
                    onConfirm={() =>
                      save.mutateAsync({ id: u.id, body: { active: false, version: u.version } }).then(
                        () => message.success(t('users.deactivated')),
                        (err) => handleError(err),
                      )
                    }
                  >
                    <Button
                      type="link"
                      size="small"
                      danger
                      icon={<StopOutlined />}
                      data-testid={`user-deactivate-${u.id}`}
                    >
                      {t('users.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button
                    type="link"
                    size="small"
                    icon={<CheckCircleOutlined />}
                    onClick={() =>
                      save.mutateAsync({ id: u.id, body: { active: true, version: u.version } }).then(
                        () => message.success(t('users.activated')),
                        (err) => handleError(err),
                      )
                    }
                  >
                    {t('users.activate')}
                  </Button>
                ))}
            </Space>
          ),
      },
    ],
    [t, canUpdate, me.user.id, save, message, handleError, byId],
  );

  return (
    <>
      <ListPage<User>
        resource="users"
        testId="users"
        showViews={false}
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        columns={columns}
        defaultSort="name"
        searchPlaceholder={t('users.searchPlaceholder')}
        filters={[
          {
            name: 'role',
            placeholder: t('fields.role'),
            options: ROLES.map((r) => ({ value: r, label: t(`enums.role.${r}`) })),
          },
          {
            name: 'teamId',
            placeholder: t('fields.team'),
            options: teams.map((tm) => ({ value: tm.id, label: tm.name })),
            width: 160,
          },
          {
            name: 'active',
            placeholder: t('fields.status'),
            options: [
              { value: 'true', label: t('enums.active.true') },
              { value: 'false', label: t('enums.active.false') },
            ],
            width: 110,
          },
        ]}
        newLabel={t('users.new')}
        onNew={can('user', 'create') ? () => setCreating(true) : undefined}
        emptyTitle={t('users.emptyTitle')}
        emptyHint={t('users.emptyHint')}
      />
      <UserForm open={creating} onClose={() => setCreating(false)} />
      <UserForm open={Boolean(editing)} onClose={() => setEditing(null)} user={editing} />
    </>
  );
}
