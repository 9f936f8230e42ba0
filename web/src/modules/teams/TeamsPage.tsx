import { useMemo, useState } from 'react';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { ApartmentOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { RowActions } from '../../app/components/RowActions';
import type { Team } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EmptyState } from '../../app/components/EmptyState';
import { PageHeader } from '../../app/components/PageHeader';
import { useDeleteRecord } from '../../app/resource';
import { useAllTeams, useAllUsers } from '../users/useUsers';
import { TeamForm } from './TeamForm';
import { buildTeamTree, type TeamNode } from './teamTree';

const TYPE_COLORS: Record<string, string> = { region: 'blue', product: 'green', segment: 'purple' };

/** antd renders an expand icon for any `children` array, so leaves must not have one. */
type Row = Omit<TeamNode, 'children'> & { children?: Row[] };
const toRows = (nodes: TeamNode[]): Row[] =>
  nodes.map(({ children, ...rest }) => (children.length ? { ...rest, children: toRows(children) } : rest));

export function TeamsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { teams, isLoading } = useAllTeams();
  const { users } = useAllUsers();
  const remove = useDeleteRecord('teams');
  const [form, setForm] = useState<{ open: boolean; team?: Team | null; parentId?: string | null }>({
    open: false,
  });
  const rows = useMemo(() => toRows(buildTeamTree(teams)), [teams]);
  const memberCount = useMemo(() => {
    const counts = new Map<string, number>();
    for (const u of users) if (u.teamId && u.active) counts.set(u.teamId, (counts.get(u.teamId) ?? 0) + 1);
    return counts;
  }, [users]);

  const columns: ColumnsType<Row> = [
    {
      key: 'name',
      title: t('fields.name'),
      render: (_, team) => (
        <Space>
          <ApartmentOutlined style={{ color: '#64748b' }} />
          <Typography.Text strong>{team.name}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'type',
      title: t('fields.type'),
      render: (_, team) => <Tag color={TYPE_COLORS[team.type]}>{t(`enums.teamType.${team.type}`)}</Tag>,
    },
    { key: 'manager', title: t('fields.managerId'), render: (_, team) => team.managerName ?? '—' },
    {
      key: 'members',
      title: t('teams.members'),
      align: 'right',
      render: (_, team) => memberCount.get(team.id) ?? 0,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, team) => (
        <RowActions
          onEdit={
            can('team', 'update')
              ? () => setForm({ open: true, team: teams.find((x) => x.id === team.id) })
              : undefined
          }
          editTestId={`team-edit-${team.id}`}
          onDelete={can('team', 'delete') && !team.children ? () => remove.mutateAsync(team.id) : undefined}
          deleteTitle={t('common.deleteConfirm', { name: team.name })}
        >
          {can('team', 'create') && (
            <Button
              type="link"
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setForm({ open: true, parentId: team.id })}
            >
              {t('teams.addChild')}
            </Button>
          )}
        </RowActions>
      ),
    },
  ];

  return (
    <div data-testid="teams-page">
      <PageHeader
        title={t('teams.title')}
        subtitle={t('teams.subtitle')}
        extra={
          can('team', 'create') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setForm({ open: true })}
              data-testid="teams-new"
            >
              {t('teams.new')}
            </Button>
          )
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Row>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={isLoading}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
          key={rows.length}
          scroll={{ x: 'max-content' }}
          data-testid="teams-table"
          locale={{
            emptyText: (
              <EmptyState
                title={t('teams.emptyTitle')}
                hint={t('teams.emptyHint')}
                action={
                  can('team', 'create') && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ open: true })}>
                      {t('teams.new')}
                    </Button>
                  )
                }
              />
            ),
          }}
        />
      </Card>
      <TeamForm
        open={form.open}
        team={form.team}
        parentId={form.parentId}
        onClose={() => setForm({ open: false })}
      />
    </div>
  );
}
