import { useEffect, useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
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
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { actionsColumn, activeColumn } from '../../app/components/RowActions';
import {
  INDUSTRIES,
  REGIONS,
  type AssignmentMethod,
  type AssignmentPreview,
  type AssignmentRule,
} from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EnumSelect } from '../../app/components/EnumSelect';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useEnumLabel } from '../../app/format';
import { buildTeamTree, toTreeOption } from '../teams/teamTree';
import { useAllTeams } from '../users/useUsers';
import { SourceSelect } from './SourceSelect';
import {
  useAssignmentRules,
  useDeleteAssignmentRule,
  usePreviewAssignment,
  useReorderAssignmentRules,
  useSaveAssignmentRule,
  useSourceLabel,
} from './useLeadIntake';
import { AssignmentReasonText } from './LeadAssignments';
import { usePools } from '../pools/usePools';

/** 分配规则: which team a new lead goes to, and who in the team gets it. */
export function AssignmentRulesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const handleError = useErrorHandler();
  const label = useEnumLabel();
  const sourceLabel = useSourceLabel();
  const { data, isLoading } = useAssignmentRules();
  const save = useSaveAssignmentRule();
  const remove = useDeleteAssignmentRule();
  const reorder = useReorderAssignmentRules();
  const [editing, setEditing] = useState<AssignmentRule | 'new' | null>(null);
  const canEdit = can('assignment_rule', 'update');
  const rules = data?.items ?? [];

  const move = async (index: number, by: -1 | 1) => {
    const ids = rules.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    try {
      await reorder.mutateAsync(ids);
    } catch (err) {
      handleError(err);
    }
  };

  const columns: ColumnsType<AssignmentRule> = [
    {
      key: 'order',
      title: '#',
      width: 90,
      render: (_, r, i) => (
        <Space size={4}>
          <Typography.Text strong>{i + 1}</Typography.Text>
          {canEdit && (
            <>
              <Button
                size="small"
                type="text"
                icon={<ArrowUpOutlined />}
                disabled={i === 0}
                onClick={() => void move(i, -1)}
                aria-label={t('common.moveUp')}
              />
              <Button
                size="small"
                type="text"
                icon={<ArrowDownOutlined />}
                disabled={i === rules.length - 1}
                onClick={() => void move(i, 1)}
                aria-label={t('common.moveDown')}
              />
            </>
          )}
        </Space>
      ),
    },
    {
      key: 'name',
      title: t('leadIntake.rules.rule'),
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          <Typography.Text strong>{r.name}</Typography.Text>
          <Space size={4} wrap>
            {r.conditions.regions?.map((v) => (
              <Tag key={`r${v}`} color="blue">
                {label('region', v)}
              </Tag>
            ))}
            {r.conditions.industries?.map((v) => (
              <Tag key={`i${v}`} color="purple">
                {label('industry', v)}
              </Tag>
            ))}
            {r.conditions.sources?.map((v) => (
              <Tag key={`s${v}`} color="cyan">
                {sourceLabel(v)}
              </Tag>
            ))}
            {r.conditions.keywords?.map((v) => (
              <Tag key={`k${v}`} color="gold">
                “{v}”
              </Tag>
            ))}
            {Object.keys(r.conditions).length === 0 && <Tag>{t('leadIntake.rules.everyLead')}</Tag>}
          </Space>
        </Space>
      ),
    },
    {
      key: 'team',
      title: t('leadIntake.rules.team'),
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text>{r.teamName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[
              r.includeSubteams && t('leadIntake.rules.withSubteams'),
              r.includeManagers && t('leadIntake.rules.withManagers'),
            ]
              .filter(Boolean)
              .join(' · ') || t('leadIntake.rules.teamOnly')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'method',
      title: t('leadIntake.rules.method'),
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text>{t(`leadIntake.rules.methods.${r.method}`)}</Typography.Text>
          {r.maxOpenPerRep !== null && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('leadIntake.rules.maxEach', { n: r.maxOpenPerRep })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'members',
      title: t('leadIntake.rules.members'),
      render: (_, r) =>
        r.members.length === 0 ? (
          <Typography.Text type="warning">{t('leadIntake.rules.noMembers')}</Typography.Text>
        ) : (
          <Space size={4} wrap style={{ maxWidth: 280 }}>
            {r.members.map((m) => (
              <Tag
                key={m.id}
                color={r.maxOpenPerRep !== null && m.openLeads >= r.maxOpenPerRep ? 'red' : undefined}
                title={t('leadIntake.rules.openLeads', { n: m.openLeads })}
              >
                {m.name} · {m.openLeads}
              </Tag>
            ))}
          </Space>
        ),
    },
    activeColumn<AssignmentRule>(t('leadIntake.rules.active'), {
      disabled: !canEdit,
      onToggle: (r, active) => save.mutateAsync({ id: r.id, body: { active, version: r.version } }),
    }),
    actionsColumn<AssignmentRule>(
      (r) =>
        canEdit && {
          onEdit: () => setEditing(r),
          onDelete: () => remove.mutateAsync(r.id),
          deleteTitle: t('common.deleteConfirm', { name: r.name }),
        },
    ),
  ];

  return (
    <div data-testid="assignment-rules-page">
      <PageHeader
        title={t('leadIntake.rules.title')}
        subtitle={t('leadIntake.rules.subtitle')}
        extra={
          can('assignment_rule', 'create') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="assignment-rule-new"
            >
              {t('leadIntake.rules.new')}
            </Button>
          )
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={17}>
          <Card styles={{ body: { padding: 0 } }}>
            <Table<AssignmentRule>
              rowKey="id"
              loading={isLoading}
              columns={columns}
              dataSource={rules}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('leadIntake.rules.empty') }}
            />
          </Card>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 13 }}>
            {t('leadIntake.rules.howItWorks')}
          </Typography.Paragraph>
        </Col>
        <Col xs={24} xxl={7}>
          <PreviewCard />
        </Col>
      </Row>
      <RuleForm
        rule={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
      />
    </div>
  );
}

/** "Which rule would take a lead like this?" — a dry run that assigns nothing. */
function PreviewCard() {
  const { t } = useTranslation();
  const handleError = useErrorHandler();
  const preview = usePreviewAssignment();
  const [result, setResult] = useState<AssignmentPreview | null>(null);
  const [form] = Form.useForm();
  return (
    <Card title={t('leadIntake.rules.previewTitle')} size="small">
      <Form
        form={form}
        layout="vertical"
        size="small"
        onFinish={async (v: Record<string, string | undefined>) => {
          try {
            setResult(
              await preview.mutateAsync({
                region: v.region ?? null,
                industry: (v.industry as never) ?? null,
                source: v.source ?? null,
                notes: v.notes || null,
              }),
            );
          } catch (err) {
            handleError(err, form);
          }
        }}
      >
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="region" label={t('fields.region')}>
              <Select allowClear options={REGIONS.map((r) => ({ value: r, label: r }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="industry" label={t('fields.industry')}>
              <EnumSelect group="industry" values={INDUSTRIES} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="source" label={t('fields.source')}>
          <SourceSelect />
        </Form.Item>
        <Form.Item name="notes" label={t('leadIntake.rules.notesForKeywords')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Button htmlType="submit" loading={preview.isPending} block data-testid="assignment-preview">
          {t('leadIntake.rules.previewRun')}
        </Button>
      </Form>
      {result && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginTop: 12 }}
          data-testid="assignment-preview-result"
          items={[
            { key: 'rule', label: t('leadIntake.rules.rule'), children: result.ruleName ?? '—' },
            { key: 'team', label: t('leadIntake.rules.team'), children: result.teamName ?? '—' },
            {
              key: 'user',
              label: t('leadIntake.rules.nextPerson'),
              children: result.userName ?? t('leads.pool'),
            },
            {
              key: 'why',
              label: t('leadIntake.assignments.why'),
              children: <AssignmentReasonText reason={result.reason} detail={result.detail} />,
            },
          ]}
        />
      )}
    </Card>
  );
}

interface Values {
  name: string;
  regions?: string[];
  industries?: string[];
  sources?: string[];
  keywords?: string[];
  teamId: string;
  includeSubteams: boolean;
  includeManagers: boolean;
  method: AssignmentMethod;
  maxOpenPerRep?: number | null;
  poolId?: string | null;
  active: boolean;
}

function RuleForm({
  rule,
  open,
  onClose,
}: {
  rule: AssignmentRule | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const save = useSaveAssignmentRule();
  const [form] = Form.useForm<Values>();
  const { teams } = useAllTeams();
  const pools = usePools(open);
  const treeData = useMemo(() => buildTeamTree(teams).map((n) => toTreeOption(n)), [teams]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      rule
        ? {
            name: rule.name,
            ...rule.conditions,
            teamId: rule.teamId,
            includeSubteams: rule.includeSubteams,
            includeManagers: rule.includeManagers,
            method: rule.method,
            maxOpenPerRep: rule.maxOpenPerRep,
            poolId: rule.poolId,
            active: rule.active,
          }
        : { method: 'round_robin', includeSubteams: true, includeManagers: false, active: true },
    );
  }, [open, rule, form]);

  const submit = async (v: Values) => {
    const conditions: Record<string, string[]> = {};
    for (const k of ['regions', 'industries', 'sources', 'keywords'] as const)
      if (v[k]?.length) conditions[k] = v[k]!;
    const body = {
      name: v.name,
      conditions,
      teamId: v.teamId,
      includeSubteams: v.includeSubteams,
      includeManagers: v.includeManagers,
      method: v.method,
      maxOpenPerRep: v.maxOpenPerRep ?? null,
      poolId: v.method === 'pool' ? (v.poolId ?? null) : null,
      active: v.active,
    };
    try {
      await save.mutateAsync(rule ? { id: rule.id, body: { ...body, version: rule.version } } : { body });
      message.success(rule ? t('app.saved') : t('app.created'));
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
      width={680}
      title={rule ? t('leadIntake.rules.edit') : t('leadIntake.rules.new')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('leadIntake.rules.ruleName')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('validation.required', { field: t('leadIntake.rules.ruleName') }),
            },
          ]}
        >
          <Input maxLength={100} data-testid="assignment-rule-name" />
        </Form.Item>
        <Typography.Text strong>{t('leadIntake.rules.when')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('leadIntake.rules.whenHint')}
        </Typography.Paragraph>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="regions" label={t('fields.region')}>
              <Select
                mode="tags"
                options={REGIONS.map((r) => ({ value: r, label: r }))}
                data-testid="assignment-rule-regions"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="industries" label={t('fields.industry')}>
              <EnumSelect mode="multiple" group="industry" values={INDUSTRIES} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="sources" label={t('fields.source')}>
              <SourceSelect mode="multiple" includeInactive />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="keywords"
              label={t('leadIntake.rules.keywords')}
              extra={t('leadIntake.rules.keywordsHint')}
            >
              <Select mode="tags" tokenSeparators={[',', '，']} open={false} placeholder="MES, WMS" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('leadIntake.rules.then')}</Typography.Text>
        <Row gutter={12} style={{ marginTop: 8 }}>
          <Col span={12}>
            <Form.Item
              name="teamId"
              label={t('leadIntake.rules.team')}
              rules={[
                { required: true, message: t('validation.select', { field: t('leadIntake.rules.team') }) },
              ]}
            >
              <TreeSelect treeData={treeData} treeDefaultExpandAll data-testid="assignment-rule-team" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label=" " colon={false}>
              <Space direction="vertical" size={4}>
                <Form.Item name="includeSubteams" valuePropName="checked" noStyle>
                  <Switch size="small" />
                </Form.Item>
                <Typography.Text style={{ fontSize: 13 }}>
                  {t('leadIntake.rules.withSubteams')}
                </Typography.Text>
              </Space>
              <Space direction="vertical" size={4} style={{ marginLeft: 24 }}>
                <Form.Item name="includeManagers" valuePropName="checked" noStyle>
                  <Switch size="small" />
                </Form.Item>
                <Typography.Text style={{ fontSize: 13 }}>
                  {t('leadIntake.rules.withManagers')}
                </Typography.Text>
              </Space>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="method" label={t('leadIntake.rules.method')}>
              <Radio.Group>
                <Space direction="vertical">
                  <Radio value="round_robin">{t('leadIntake.rules.methods.round_robin')}</Radio>
                  <Radio value="capacity">{t('leadIntake.rules.methods.capacity')}</Radio>
                  <Radio value="pool" data-testid="rule-method-pool">
                    {t('leadIntake.rules.methods.pool')}
                  </Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.method !== b.method}>
              {({ getFieldValue }) =>
                getFieldValue('method') === 'pool' ? (
                  <Form.Item
                    name="poolId"
                    label={t('leadIntake.rules.pool')}
                    rules={[{ required: true, message: t('leadIntake.rules.poolRequired') }]}
                  >
                    <Select
                      data-testid="rule-pool"
                      options={(pools.data?.items ?? [])
                        .filter((p) => p.kind === 'lead')
                        .map((p) => ({ value: p.id, label: p.name }))}
                    />
                  </Form.Item>
                ) : null
              }
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="maxOpenPerRep"
              label={t('leadIntake.rules.maxOpen')}
              tooltip={t('leadIntake.rules.maxOpenHint')}
            >
              <InputNumber
                min={1}
                max={10000}
                style={{ width: '100%' }}
                placeholder={t('leadIntake.rules.noMax')}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="active" label={t('leadIntake.rules.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('leadIntake.rules.membersHint')}
          </Typography.Text>
        </Flex>
      </Form>
    </Modal>
  );
}
