import { useEffect, useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { ROLES, type ReportKind, type ReportRule, type Role } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { actionsColumn, activeColumn } from '../../app/components/RowActions';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { buildTeamTree, toTreeOption } from '../teams/teamTree';
import { useAllTeams } from '../users/useUsers';
import { useDeleteReportRule, useReportRules, useSaveReportRule } from './useWorkReports';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface Values {
  name: string;
  kind: ReportKind;
  teamIds: string[];
  roles: Role[];
  weekdays: number[];
  weekday: number;
  dueTime: string;
  lateDays: number;
  active: boolean;
}

/** 报告规则 (admins): who must submit daily and weekly reports, on which days, by what time. */
export function ReportRulesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const rules = useReportRules();
  const save = useSaveReportRule();
  const remove = useDeleteReportRule();
  const { teams, byId } = useAllTeams();
  const [editing, setEditing] = useState<ReportRule | 'new' | null>(null);
  const canEdit = can('report_rule', 'update');
  const dayName = (d: number) => t(`workReports.weekday.${d}`);

  const columns: ColumnsType<ReportRule> = [
    {
      key: 'name',
      title: t('workReports.rules.name'),
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{r.name}</Typography.Text>
          <Tag color={r.kind === 'daily' ? 'blue' : 'purple'}>{t(`workReports.kind.${r.kind}`)}</Tag>
        </Space>
      ),
    },
    {
      key: 'who',
      title: t('workReports.rules.who'),
      render: (_, r) => (
        <Space size={[4, 4]} wrap>
          {r.teamIds.map((id) => (
            <Tag key={id} color="geekblue">
              {byId.get(id)?.name ?? id}
              {t('workReports.rules.andBelow')}
            </Tag>
          ))}
          {r.roles.map((role) => (
            <Tag key={role}>{t(`enums.role.${role}`)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'when',
      title: t('workReports.rules.when'),
      render: (_, r) =>
        r.kind === 'daily'
          ? t('workReports.rules.dailyWhen', { days: describeDays(r.weekdays, dayName, t), time: r.dueTime })
          : t('workReports.rules.weeklyWhen', { day: dayName(r.weekdays[0] ?? 5), time: r.dueTime }),
    },
    {
      key: 'late',
      title: t('workReports.rules.lateDays'),
      render: (_, r) =>
        r.lateDays ? t('workReports.rules.lateDaysN', { count: r.lateDays }) : t('workReports.rules.noLate'),
    },
    activeColumn<ReportRule>(t('workReports.rules.active'), {
      disabled: !canEdit,
      onToggle: (r, active) => save.mutateAsync({ id: r.id, body: { active, version: r.version } }),
    }),
    actionsColumn<ReportRule>(
      (r) =>
        canEdit && {
          onEdit: () => setEditing(r),
          onDelete: () => remove.mutateAsync(r.id),
          deleteTitle: t('workReports.rules.deleteConfirm', { name: r.name }),
        },
    ),
  ];

  return (
    <div>
      <PageHeader
        title={t('workReports.rules.title')}
        subtitle={t('workReports.rules.subtitle')}
        extra={
          canEdit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="report-rule-new"
            >
              {t('workReports.rules.new')}
            </Button>
          )
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<ReportRule>
          rowKey="id"
          loading={rules.isLoading}
          columns={columns}
          dataSource={rules.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <RuleForm
        rule={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
        teams={teams}
      />
    </div>
  );
}

function describeDays(days: number[], name: (d: number) => string, t: (k: string) => string) {
  const key = days.join(',');
  if (key === '1,2,3,4,5') return t('workReports.rules.workdays');
  if (key === '1,2,3,4,5,6,7') return t('workReports.rules.everyDay');
  return days.map(name).join('、');
}

function RuleForm({
  rule,
  open,
  onClose,
  teams,
}: {
  rule: ReportRule | null;
  open: boolean;
  onClose: () => void;
  teams: Parameters<typeof buildTeamTree>[0];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const save = useSaveReportRule();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const treeData = useMemo(() => buildTeamTree(teams).map((n) => toTreeOption(n)), [teams]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      rule
        ? {
            name: rule.name,
            kind: rule.kind,
            teamIds: rule.teamIds,
            roles: rule.roles,
            weekdays: rule.kind === 'daily' ? rule.weekdays : [1, 2, 3, 4, 5],
            weekday: rule.kind === 'weekly' ? rule.weekdays[0] : 5,
            dueTime: rule.dueTime,
            lateDays: rule.lateDays,
            active: rule.active,
          }
        : {
            kind: 'daily',
            teamIds: [],
            roles: ['sales_rep'],
            weekdays: [1, 2, 3, 4, 5],
            weekday: 5,
            dueTime: '19:00',
            lateDays: 2,
            active: true,
          },
    );
  }, [open, rule, form]);

  const submit = async (v: Values) => {
    const body = {
      name: v.name,
      kind: v.kind,
      teamIds: v.teamIds ?? [],
      roles: v.roles ?? [],
      weekdays: v.kind === 'weekly' ? [v.weekday] : (v.weekdays ?? []),
      dueTime: v.dueTime,
      lateDays: v.lateDays ?? 0,
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
      width={640}
      title={rule ? t('workReports.rules.edit') : t('workReports.rules.new')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item
              name="name"
              label={t('workReports.rules.name')}
              rules={[{ required: true, whitespace: true, message: t('workReports.rules.name') }]}
            >
              <Input maxLength={100} placeholder={t('workReports.rules.namePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="kind" label={t('workReports.rules.kind')}>
              <Radio.Group optionType="button">
                <Radio value="daily">{t('workReports.kind.daily')}</Radio>
                <Radio value="weekly">{t('workReports.kind.weekly')}</Radio>
              </Radio.Group>
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="teamIds"
              label={t('workReports.rules.teams')}
              tooltip={t('workReports.rules.teamsHint')}
            >
              <TreeSelect
                multiple
                allowClear
                treeDefaultExpandAll
                treeData={treeData}
                placeholder={t('workReports.rules.anyTeam')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="roles"
              label={t('workReports.rules.roles')}
              tooltip={t('workReports.rules.rolesHint')}
            >
              <Select
                mode="multiple"
                allowClear
                placeholder={t('workReports.rules.anyRole')}
                options={ROLES.map((r) => ({ value: r, label: t(`enums.role.${r}`) }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            {kind === 'weekly' ? (
              <Form.Item
                name="weekday"
                label={t('workReports.rules.weeklyDay')}
                extra={t('workReports.rules.weeklyHint')}
              >
                <Select
                  options={WEEKDAYS.map((d) => ({ value: d, label: t(`workReports.weekday.${d}`) }))}
                  style={{ maxWidth: 200 }}
                />
              </Form.Item>
            ) : (
              <Form.Item
                name="weekdays"
                label={t('workReports.rules.weekdays')}
                rules={[
                  { required: true, type: 'array', min: 1, message: t('workReports.rules.weekdaysRequired') },
                ]}
              >
                <Checkbox.Group
                  options={WEEKDAYS.map((d) => ({ value: d, label: t(`workReports.weekday.${d}`) }))}
                />
              </Form.Item>
            )}
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="dueTime"
              label={t('workReports.rules.dueTime')}
              tooltip={t('workReports.rules.dueTimeHint')}
              rules={[
                {
                  required: true,
                  pattern: /^([01]\d|2[0-3]):[0-5]\d$/,
                  message: t('workReports.rules.dueTimeBad'),
                },
              ]}
            >
              <Input placeholder="19:00" maxLength={5} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="lateDays"
              label={t('workReports.rules.lateDays')}
              tooltip={t('workReports.rules.lateDaysHint')}
            >
              <InputNumber
                min={0}
                max={31}
                addonAfter={t('workReports.rules.days')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="active" label={t('workReports.rules.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
