import { App, Form, Input, Radio, Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { TEAM_TYPES, type Team, type TeamCreate } from '@tuoke/shared';
import { FormDrawer } from '../../app/components/FormDrawer';
import { useAllTeams, useAllUsers, useSaveTeam } from '../users/useUsers';
import { buildTeamTree, subtreeIds, toTreeOption, type TeamNode } from './teamTree';

export function TeamForm({
  open,
  onClose,
  team,
  parentId,
}: {
  open: boolean;
  onClose: () => void;
  team?: Team | null;
  parentId?: string | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TeamCreate>();
  const save = useSaveTeam();
  const { teams } = useAllTeams();
  const { users } = useAllUsers();

  const tree = buildTeamTree(teams);
  const findNode = (list: TeamNode[]): TeamNode | undefined => {
    for (const n of list) {
      if (n.id === team?.id) return n;
      const found = findNode(n.children);
      if (found) return found;
    }
    return undefined;
  };
  const self = team ? findNode(tree) : undefined;
  const blocked = self ? subtreeIds(self) : new Set<string>();

  const onSubmit = async (values: TeamCreate) => {
    const body = {
      name: values.name.trim(),
      type: values.type,
      parentId: values.parentId ?? null,
      managerId: values.managerId ?? null,
    };
    await save.mutateAsync(team ? { id: team.id, body: { ...body, version: team.version } } : { body });
    message.success(team ? t('app.saved') : t('app.created'));
    onClose();
  };

  return (
    <FormDrawer<TeamCreate>
      open={open}
      onClose={onClose}
      title={team ? t('teams.edit') : t('teams.new')}
      form={form}
      initialValues={team ?? { type: 'region', parentId: parentId ?? null }}
      onSubmit={onSubmit}
      testId="team-form"
    >
      <Form.Item
        name="name"
        label={t('fields.name')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('validation.required', { field: t('fields.name') }),
          },
        ]}
      >
        <Input maxLength={100} data-testid="team-name" />
      </Form.Item>
      <Form.Item name="type" label={t('fields.type')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={TEAM_TYPES.map((v) => ({ value: v, label: t(`enums.teamType.${v}`) }))}
        />
      </Form.Item>
      <Form.Item name="parentId" label={t('fields.parent')}>
        <TreeSelect
          allowClear
          treeDefaultExpandAll
          placeholder={t('teams.root')}
          treeData={tree.map((n) => toTreeOption(n, blocked))}
        />
      </Form.Item>
      <Form.Item name="managerId" label={t('fields.managerId')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={users
            .filter((u) => u.active)
            .map((u) => ({ value: u.id, label: `${u.name} · ${t(`enums.role.${u.role}`)}` }))}
        />
      </Form.Item>
    </FormDrawer>
  );
}
