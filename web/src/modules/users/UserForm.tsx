import { App, Col, Form, Input, Row, Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES, ROLES, type User } from '@tuoke/shared';
import { EnumSelect } from '../../app/components/EnumSelect';
import { FormDrawer } from '../../app/components/FormDrawer';
import { buildTeamTree, toTreeOption } from '../teams/teamTree';
import { useAllTeams, useAllUsers, useSaveUser } from './useUsers';

interface UserValues {
  email: string;
  name: string;
  password?: string;
  role: User['role'];
  teamId?: string | null;
  managerId?: string | null;
  locale?: User['locale'];
}

export function UserForm({
  open,
  onClose,
  user,
}: {
  open: boolean;
  onClose: () => void;
  user?: User | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserValues>();
  const save = useSaveUser();
  const { teams } = useAllTeams();
  const { users } = useAllUsers();

  const onSubmit = async (values: UserValues) => {
    const common = {
      name: values.name.trim(),
      role: values.role,
      teamId: values.teamId ?? null,
      managerId: values.managerId ?? null,
      locale: values.locale ?? null,
    };
    if (user) {
      await save.mutateAsync({
        id: user.id,
        body: { ...common, ...(values.password ? { password: values.password } : {}), version: user.version },
      });
    } else {
      await save.mutateAsync({ body: { ...common, email: values.email.trim(), password: values.password } });
    }
    message.success(user ? t('app.saved') : t('app.created'));
    onClose();
  };

  return (
    <FormDrawer<UserValues>
      open={open}
      onClose={onClose}
      title={user ? t('users.edit') : t('users.new')}
      form={form}
      initialValues={user ?? { role: 'sales_rep', locale: 'zh-CN' }}
      onSubmit={onSubmit}
      testId="user-form"
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="name"
            label={t('fields.contactName')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('fields.contactName') }),
              },
            ]}
          >
            <Input maxLength={100} data-testid="user-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="email"
            label={t('fields.email')}
            rules={[
              { required: !user, message: t('validation.required', { field: t('fields.email') }) },
              { type: 'email', message: t('contacts.emailInvalid') },
            ]}
          >
            <Input maxLength={200} disabled={Boolean(user)} data-testid="user-email" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="password"
        label={t('fields.password')}
        extra={user ? t('users.passwordKeep') : t('users.passwordHint')}
        rules={[
          { required: !user, message: t('validation.required', { field: t('fields.password') }) },
          { min: 8, message: t('users.passwordHint') },
        ]}
      >
        <Input.Password maxLength={200} autoComplete="new-password" data-testid="user-password" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="role" label={t('fields.role')} rules={[{ required: true }]}>
            <EnumSelect group="role" values={ROLES} allowClear={false} data-testid="user-role" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="locale" label={t('fields.locale')}>
            <Select allowClear options={LOCALES.map((l) => ({ value: l, label: t(`enums.locale.${l}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="teamId" label={t('fields.team')}>
            <TreeSelect
              allowClear
              treeDefaultExpandAll
              treeData={buildTeamTree(teams).map((n) => toTreeOption(n))}
              data-testid="user-team"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="managerId" label={t('fields.manager')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={users
                .filter((u) => u.id !== user?.id && u.active)
                .map((u) => ({ value: u.id, label: `${u.name} · ${t(`enums.role.${u.role}`)}` }))}
              data-testid="user-manager"
            />
          </Form.Item>
        </Col>
      </Row>
    </FormDrawer>
  );
}
