import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { actionsColumn } from '../../app/components/RowActions';
import { APPROVAL_BUSINESS_TYPES, ROLES, type ApprovalRule, type ApprovalStepDef } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useAllUsers } from '../users/useUsers';
import { useApprovalRules, useDeleteRule, useSaveRule } from './useApprovals';

interface StepValues {
  type: 'manager' | 'managers' | 'role' | 'user';
  levels?: number;
  role?: string;
  userId?: string;
  mode?: 'any' | 'all' | 'sequential';
}
interface Values {
  name: string;
  businessType: string;
  priority?: number;
  discountAbovePct?: number;
  amountAtLeast?: number;
  autoApproveBelow?: number;
  steps: StepValues[];
  ccUserIds?: string[];
  fallbackUserId?: string;
  timeLimitHours?: number;
  active?: boolean;
}

/** 审批规则 (admins): which requests need whom, in which order. */
export function ApprovalRulesPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const { data, isLoading } = useApprovalRules();
  const remove = useDeleteRule();
  const [editing, setEditing] = useState<ApprovalRule | 'new' | null>(null);
  const { users } = useAllUsers();
  const userName = (id: string) => users.find((u) => u.id === id)?.name ?? id;
  const canEdit = can('approval_rule', 'update');

  const describeStep = (s: ApprovalStepDef) => {
    const a = s.approver;
    const who =
      a.type === 'manager'
        ? t('approvals.approver.manager')
        : a.type === 'managers'
          ? t('approvals.approver.managersN', { n: a.levels })
          : a.type === 'role'
            ? t(`enums.role.${a.role}`)
            : userName(a.userId);
    return `${who}${s.mode && s.mode !== 'any' ? ` (${t(`approvals.mode.${s.mode}`)})` : ''}`;
  };

  const columns: ColumnsType<ApprovalRule> = [
    { key: 'priority', title: '#', dataIndex: 'priority', width: 60 },
    {
      key: 'name',
      title: t('approvals.rule'),
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{r.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`approvals.type.${r.businessType}`)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'conditions',
      title: t('approvals.conditions'),
      render: (_, r) => (
        <Space wrap size={4}>
          {r.conditions.discountAboveBp !== undefined && (
            <Tag>{t('approvals.cond.discountAbove', { pct: r.conditions.discountAboveBp / 100 })}</Tag>
          )}
          {r.conditions.amountAtLeast !== undefined && (
            <Tag>{t('approvals.cond.amountAtLeast', { amount: fmt.money(r.conditions.amountAtLeast) })}</Tag>
          )}
          {r.conditions.marginBelowBp !== undefined && (
            <Tag>{t('approvals.cond.marginBelow', { pct: r.conditions.marginBelowBp / 100 })}</Tag>
          )}
          {Object.keys(r.conditions).length === 0 && <Tag>{t('approvals.cond.always')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'steps',
      title: t('approvals.steps'),
      render: (_, r) => r.steps.map(describeStep).join(' → '),
    },
    {
      key: 'active',
      title: t('approvals.active'),
      render: (_, r) =>
        r.active ? <Tag color="green">{t('approvals.on')}</Tag> : <Tag>{t('approvals.off')}</Tag>,
    },
    actionsColumn<ApprovalRule>(
      (r) =>
        canEdit && {
          onEdit: () => setEditing(r),
          onDelete: () => remove.mutateAsync(r.id),
          deleteTitle: t('approvals.deleteConfirm'),
        },
    ),
  ];

  return (
    <div>
      <PageHeader
        title={t('approvals.rulesTitle')}
        subtitle={t('approvals.rulesSubtitle')}
        extra={
          canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('approvals.newRule')}
            </Button>
          )
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<ApprovalRule>
          rowKey="id"
          loading={isLoading}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <RuleForm
        rule={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
        users={users}
      />
    </div>
  );
}

function RuleForm({
  rule,
  open,
  onClose,
  users,
}: {
  rule: ApprovalRule | null;
  open: boolean;
  onClose: () => void;
  users: { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const save = useSaveRule();
  const [form] = Form.useForm<Values>();
  const userOptions = users.map((u) => ({ value: u.id, label: u.name }));

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      rule
        ? {
            name: rule.name,
            businessType: rule.businessType,
            priority: rule.priority,
            discountAbovePct:
              rule.conditions.discountAboveBp !== undefined
                ? rule.conditions.discountAboveBp / 100
                : undefined,
            amountAtLeast:
              rule.conditions.amountAtLeast !== undefined ? rule.conditions.amountAtLeast / 100 : undefined,
            autoApproveBelow: rule.autoApproveBelow !== null ? rule.autoApproveBelow / 100 : undefined,
            steps: rule.steps.map((s) => ({ ...s.approver, mode: s.mode })) as StepValues[],
            ccUserIds: rule.ccUserIds,
            fallbackUserId: rule.fallbackUserId ?? undefined,
            timeLimitHours: rule.timeLimitHours,
            active: rule.active,
          }
        : {
            businessType: 'quote',
            priority: 100,
            steps: [{ type: 'manager', mode: 'any' }],
            timeLimitHours: 24,
            active: true,
          },
    );
  }, [open, rule, form]);

  const submit = async (v: Values) => {
    const conditions: Record<string, number> = {};
    if (v.discountAbovePct !== undefined && v.discountAbovePct !== null)
      conditions.discountAboveBp = Math.round(v.discountAbovePct * 100);
    if (v.amountAtLeast !== undefined && v.amountAtLeast !== null)
      conditions.amountAtLeast = Math.round(v.amountAtLeast * 100);
    const body = {
      name: v.name,
      businessType: v.businessType,
      priority: v.priority ?? 100,
      conditions,
      steps: v.steps.map((s) => ({
        approver:
          s.type === 'managers'
            ? { type: 'managers', levels: s.levels ?? 2 }
            : s.type === 'role'
              ? { type: 'role', role: s.role }
              : s.type === 'user'
                ? { type: 'user', userId: s.userId }
                : { type: 'manager' },
        mode: s.mode ?? 'any',
      })),
      autoApproveBelow:
        v.autoApproveBelow !== undefined && v.autoApproveBelow !== null
          ? Math.round(v.autoApproveBelow * 100)
          : null,
      ccUserIds: v.ccUserIds ?? [],
      fallbackUserId: v.fallbackUserId ?? null,
      timeLimitHours: v.timeLimitHours ?? 24,
      active: v.active ?? true,
    };
    try {
      await save.mutateAsync(rule ? { id: rule.id, body: { ...body, version: rule.version } } : { body });
      message.success(t('app.saved'));
      onClose();
    } catch (err) {
      handleError(err, form);
    }
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={720}
      title={rule ? t('approvals.editRule') : t('approvals.newRule')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="name"
              label={t('approvals.ruleName')}
              rules={[{ required: true, message: t('approvals.ruleName') }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="businessType" label={t('approvals.businessType')}>
              <Select
                options={APPROVAL_BUSINESS_TYPES.map((b) => ({ value: b, label: t(`approvals.type.${b}`) }))}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="priority" label={t('approvals.priority')} tooltip={t('approvals.priorityHint')}>
              <InputNumber min={0} max={10000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="discountAbovePct" label={t('approvals.discountAbove')}>
              <InputNumber min={0} max={100} suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="amountAtLeast" label={t('approvals.amountAtLeast')}>
              <InputNumber min={0} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="autoApproveBelow" label={t('approvals.autoApproveBelow')}>
              <InputNumber min={0} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('approvals.steps')}</Typography.Text>
        <Form.List name="steps">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field, i) => (
                <Row gutter={8} key={field.key} align="top">
                  <Col span={2} style={{ paddingTop: 5 }}>
                    <Tag>{i + 1}</Tag>
                  </Col>
                  <Col span={7}>
                    <Form.Item name={[field.name, 'type']}>
                      <Select
                        options={(['manager', 'managers', 'role', 'user'] as const).map((x) => ({
                          value: x,
                          label: t(`approvals.approver.${x}`),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={7}>
                    <Form.Item noStyle shouldUpdate>
                      {() => {
                        const type = form.getFieldValue(['steps', field.name, 'type']) as StepValues['type'];
                        if (type === 'managers')
                          return (
                            <Form.Item name={[field.name, 'levels']} initialValue={2}>
                              <InputNumber
                                min={1}
                                max={10}
                                suffix={t('approvals.levels')}
                                style={{ width: '100%' }}
                              />
                            </Form.Item>
                          );
                        if (type === 'role')
                          return (
                            <Form.Item
                              name={[field.name, 'role']}
                              rules={[{ required: true, message: t('approvals.approver.role') }]}
                            >
                              <Select
                                options={ROLES.map((r) => ({ value: r, label: t(`enums.role.${r}`) }))}
                              />
                            </Form.Item>
                          );
                        if (type === 'user')
                          return (
                            <Form.Item
                              name={[field.name, 'userId']}
                              rules={[{ required: true, message: t('approvals.approver.user') }]}
                            >
                              <Select showSearch optionFilterProp="label" options={userOptions} />
                            </Form.Item>
                          );
                        return null;
                      }}
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={[field.name, 'mode']} initialValue="any">
                      <Select
                        options={(['any', 'all', 'sequential'] as const).map((m) => ({
                          value: m,
                          label: t(`approvals.mode.${m}`),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      disabled={fields.length === 1}
                      onClick={() => remove(field.name)}
                      aria-label={t('common.delete')}
                    />
                  </Col>
                </Row>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ type: 'manager', mode: 'any' })}
                block
                style={{ marginBottom: 16 }}
              >
                {t('approvals.addStep')}
              </Button>
            </div>
          )}
        </Form.List>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="ccUserIds" label={t('approvals.cc')}>
              <Select mode="multiple" optionFilterProp="label" options={userOptions} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="fallbackUserId"
              label={t('approvals.fallback')}
              tooltip={t('approvals.fallbackHint')}
            >
              <Select allowClear showSearch optionFilterProp="label" options={userOptions} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="timeLimitHours" label={t('approvals.timeLimit')}>
              <InputNumber min={1} max={720} suffix="h" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="active" label={t('approvals.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
