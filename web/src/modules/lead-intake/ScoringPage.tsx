import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Slider,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ExperimentOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { actionsColumn, activeColumn } from '../../app/components/RowActions';
import {
  ENGAGEMENT_TYPES,
  INDUSTRIES,
  REGIONS,
  SCORING_FIELDS,
  SCORING_OPERATORS,
  type ScoreModelStatus,
  type ScoringRule,
  type ScoringRuleKind,
} from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useEnumLabel, useFormat } from '../../app/format';
import { useFactorText } from './ScoreExplanation';
import {
  useDeleteScoringRule,
  useSaveScoringRule,
  useScoreModel,
  useScoringRules,
  useScoringSettings,
  useSourceLabel,
  useTrainModel,
} from './useLeadIntake';
import { SourceSelect } from './SourceSelect';

/** 线索评分: the rules, the model learned from this organisation's history, and the blend. */
export function ScoringPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const label = useEnumLabel();
  const sourceLabel = useSourceLabel();
  const { data, isLoading } = useScoringRules();
  const save = useSaveScoringRule();
  const remove = useDeleteScoringRule();
  const [editing, setEditing] = useState<ScoringRule | ScoringRuleKind | null>(null);
  const canEdit = can('scoring_rule', 'update');
  const rules = data?.items ?? [];

  const valueText = (r: ScoringRule) => {
    const v = r.value ?? [];
    const show = (x: string) =>
      r.field === 'industry' ? label('industry', x) : r.field === 'source' ? sourceLabel(x) : x;
    return v.map(show).join(' / ');
  };
  const describe = (r: ScoringRule) =>
    r.kind === 'fit'
      ? `${t(`leadIntake.scoring.field.${r.field}`)} ${t(`leadIntake.scoring.operator.${r.operator}`)} ${valueText(r)}`.trim()
      : t('leadIntake.scoring.engagementText', {
          types: (r.activityTypes ?? []).map((a) => t(`leadIntake.scoring.engagementType.${a}`)).join(' / '),
          days: r.windowDays,
        });

  const columns = (kind: ScoringRuleKind): ColumnsType<ScoringRule> => [
    {
      key: 'name',
      title: t('leadIntake.scoring.rule'),
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{r.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {describe(r)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'points',
      title: kind === 'fit' ? t('leadIntake.scoring.points') : t('leadIntake.scoring.pointsEach'),
      align: 'right',
      render: (_, r) => (
        <Typography.Text strong type={r.points < 0 ? 'danger' : 'success'}>
          {r.points > 0 ? `+${r.points}` : r.points}
        </Typography.Text>
      ),
    },
    ...(kind === 'engagement'
      ? [
          {
            key: 'cap',
            title: t('leadIntake.scoring.cap'),
            align: 'right' as const,
            render: (_: unknown, r: ScoringRule) => (r.cap === null ? '—' : r.cap),
          },
        ]
      : []),
    activeColumn<ScoringRule>(t('leadIntake.scoring.active'), {
      disabled: !canEdit,
      onToggle: (r, active) => save.mutateAsync({ id: r.id, body: { active, version: r.version } }),
    }),
    actionsColumn<ScoringRule>(
      (r) =>
        canEdit && {
          onEdit: () => setEditing(r),
          onDelete: () => remove.mutateAsync(r.id),
          deleteTitle: t('common.deleteConfirm', { name: r.name }),
        },
    ),
  ];

  const section = (kind: ScoringRuleKind) => (
    <Card
      size="small"
      title={t(`leadIntake.scoring.${kind}Title`)}
      extra={
        can('scoring_rule', 'create') && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setEditing(kind)}
            data-testid={`scoring-new-${kind}`}
          >
            {t('leadIntake.scoring.newRule')}
          </Button>
        )
      }
      styles={{ body: { padding: 0 } }}
      style={{ marginBottom: 16 }}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 12px' }}>
        {t(`leadIntake.scoring.${kind}Hint`)}
      </Typography.Paragraph>
      <Table<ScoringRule>
        rowKey="id"
        size="small"
        loading={isLoading}
        columns={columns(kind)}
        dataSource={rules.filter((r) => r.kind === kind)}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('leadIntake.scoring.noRules') }}
      />
    </Card>
  );

  return (
    <div data-testid="scoring-page">
      <PageHeader title={t('leadIntake.scoring.title')} subtitle={t('leadIntake.scoring.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          {section('fit')}
          {section('engagement')}
        </Col>
        <Col xs={24} xl={10}>
          <ModelCard canEdit={canEdit} />
        </Col>
      </Row>
      <RuleForm
        rule={typeof editing === 'object' ? editing : null}
        kind={typeof editing === 'string' ? editing : (editing?.kind ?? 'fit')}
        open={editing !== null}
        onClose={() => setEditing(null)}
      />
    </div>
  );
}

function ModelCard({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const { data } = useScoreModel();
  const trainModel = useTrainModel();
  const settings = useScoringSettings();
  const factorText = useFactorText();
  // the value while dragging; the saved one otherwise
  const [weight, setWeight] = useState<number | null>(null);
  if (!data) return <Card loading />;
  const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 1000) / 10}%`);
  const on = data.status === 'on';

  return (
    <Card
      title={
        <Space>
          <ExperimentOutlined />
          {t('leadIntake.model.title')}
          {on ? <Tag color="green">{t('leadIntake.model.on')}</Tag> : <Tag>{t('leadIntake.model.off')}</Tag>}
        </Space>
      }
      extra={
        canEdit && (
          <Button
            size="small"
            loading={trainModel.isPending}
            data-testid="scoring-train"
            onClick={async () => {
              try {
                const r = await trainModel.mutateAsync();
                message.success(
                  r.status === 'on' ? t('leadIntake.model.trained') : t('leadIntake.model.stillOff'),
                );
              } catch (err) {
                handleError(err);
              }
            }}
          >
            {t('leadIntake.model.trainNow')}
          </Button>
        )
      }
      data-testid="scoring-model"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('leadIntake.model.explain')}
      </Typography.Paragraph>
      {!on && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={t(`leadIntake.model.offReason.${data.offReason ?? 'never_trained'}`, {
            min: data.minExamples,
            n: data.examples,
          })}
        />
      )}
      <Row gutter={[12, 12]}>
        <Col span={8}>
          <Statistic title={t('leadIntake.model.examples')} value={data.examples} />
        </Col>
        <Col span={8}>
          <Statistic
            title={t('leadIntake.model.converted')}
            value={data.positives}
            valueStyle={{ color: '#389e0d' }}
          />
        </Col>
        <Col span={8}>
          <Statistic
            title={t('leadIntake.model.disqualified')}
            value={data.negatives}
            valueStyle={{ color: '#cf1322' }}
          />
        </Col>
        <Col span={8}>
          <Statistic title={t('leadIntake.model.accuracy')} value={pct(data.accuracy)} />
        </Col>
        <Col span={8}>
          <Statistic
            title={t('leadIntake.model.auc')}
            value={data.auc === null ? '—' : data.auc.toFixed(2)}
          />
        </Col>
        <Col span={8}>
          <Statistic title={t('leadIntake.model.holdout')} value={data.holdoutSize} />
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
        {data.trainedAt
          ? t('leadIntake.model.trainedAt', { at: fmt.dateTime(data.trainedAt) })
          : t('leadIntake.model.neverTrained')}
        {' · '}
        {t('leadIntake.model.nightly')}
      </Typography.Text>
      <div style={{ marginTop: 16 }}>
        <Typography.Text strong>{t('leadIntake.model.weight')}</Typography.Text>
        <Flex align="center" gap={12}>
          <Slider
            style={{ flex: 1 }}
            min={0}
            max={100}
            step={5}
            value={weight ?? data.modelWeight}
            disabled={!canEdit || settings.isPending}
            onChange={setWeight}
            onChangeComplete={async (v) => {
              try {
                await settings.mutateAsync(v);
                message.success(t('leadIntake.model.weightSaved'));
              } catch (err) {
                handleError(err);
              } finally {
                setWeight(null);
              }
            }}
            tooltip={{ formatter: (v) => `${v}%` }}
            data-testid="scoring-weight"
          />
          <Typography.Text style={{ width: 160 }}>
            {t('leadIntake.model.weightSplit', {
              model: weight ?? data.modelWeight,
              rules: 100 - (weight ?? data.modelWeight),
            })}
          </Typography.Text>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('leadIntake.model.blendHint')}
        </Typography.Text>
      </div>
      {on && data.topFeatures.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>{t('leadIntake.model.topFeatures')}</Typography.Text>
          <Table
            size="small"
            pagination={false}
            rowKey={(f) => `${f.feature}:${f.value}`}
            dataSource={data.topFeatures}
            columns={[
              {
                key: 'f',
                title: t('leadIntake.model.feature.title'),
                render: (_, f: ScoreModelStatus['topFeatures'][number]) => {
                  const x = factorText({
                    kind: 'model',
                    name: f.feature,
                    value: f.value,
                    ruleId: null,
                    field: null,
                    points: f.weight,
                    contribution: 0,
                  });
                  return t('leadIntake.fieldValue', { field: x.name, value: x.value });
                },
              },
              {
                key: 'w',
                title: t('leadIntake.model.effect'),
                align: 'right',
                render: (_, f: ScoreModelStatus['topFeatures'][number]) => (
                  <Tag color={f.weight > 0 ? 'green' : 'red'}>
                    {f.weight > 0 ? t('leadIntake.model.forConversion') : t('leadIntake.model.against')} ×
                    {Math.exp(Math.abs(f.weight)).toFixed(1)}
                  </Tag>
                ),
              },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('leadIntake.model.oddsHint')}
          </Typography.Text>
        </div>
      )}
    </Card>
  );
}

interface Values {
  kind: ScoringRuleKind;
  name: string;
  field?: string;
  operator?: string;
  value?: string[];
  activityTypes?: string[];
  windowDays?: number;
  points: number;
  cap?: number | null;
  active: boolean;
}

function RuleForm({
  rule,
  kind,
  open,
  onClose,
}: {
  rule: ScoringRule | null;
  kind: ScoringRuleKind;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const save = useSaveScoringRule();
  const [form] = Form.useForm<Values>();
  const currentKind = Form.useWatch('kind', form) ?? kind;
  const field = Form.useWatch('field', form);
  const operator = Form.useWatch('operator', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      rule
        ? {
            kind: rule.kind,
            name: rule.name,
            field: rule.field ?? undefined,
            operator: rule.operator ?? undefined,
            value: rule.value ?? undefined,
            activityTypes: rule.activityTypes ?? undefined,
            windowDays: rule.windowDays ?? undefined,
            points: rule.points,
            cap: rule.cap,
            active: rule.active,
          }
        : kind === 'fit'
          ? { kind, field: 'industry', operator: 'equals', points: 10, active: true }
          : {
              kind,
              activityTypes: ['call', 'visit', 'meeting'],
              windowDays: 30,
              points: 5,
              cap: 20,
              active: true,
            },
    );
  }, [open, rule, kind, form]);

  const submit = async (v: Values) => {
    const body: Record<string, unknown> =
      v.kind === 'fit'
        ? {
            kind: v.kind,
            name: v.name,
            field: v.field,
            operator: v.operator,
            value: v.operator === 'present' || v.operator === 'absent' ? null : (v.value ?? []),
            points: v.points,
            active: v.active,
          }
        : {
            kind: v.kind,
            name: v.name,
            activityTypes: v.activityTypes,
            windowDays: v.windowDays,
            points: v.points,
            cap: v.cap ?? null,
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

  const needsValue = operator !== 'present' && operator !== 'absent';
  const valueInput =
    field === 'industry' ? (
      <Select
        mode={operator === 'equals' ? undefined : 'multiple'}
        options={INDUSTRIES.map((i) => ({ value: i, label: label('industry', i) }))}
      />
    ) : field === 'source' ? (
      <SourceSelect mode={operator === 'equals' ? undefined : 'multiple'} includeInactive />
    ) : field === 'region' ? (
      <Select
        mode={operator === 'equals' ? undefined : 'tags'}
        options={REGIONS.map((r) => ({ value: r, label: r }))}
      />
    ) : (
      <Select
        mode="tags"
        open={false}
        tokenSeparators={[',', '，']}
        placeholder={t('leadIntake.scoring.valueHint')}
      />
    );

  return (
    <Modal
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={620}
      title={rule ? t('leadIntake.scoring.editRule') : t('leadIntake.scoring.newRule')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed: Partial<Values>) => {
          // a single value for "equals", a list otherwise
          if ('operator' in changed || 'field' in changed) form.setFieldValue('value', undefined);
        }}
      >
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item
              name="name"
              label={t('leadIntake.scoring.ruleName')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('validation.required', { field: t('leadIntake.scoring.ruleName') }),
                },
              ]}
            >
              <Input maxLength={100} data-testid="scoring-rule-name" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="kind" label={t('leadIntake.scoring.kind')}>
              <Radio.Group disabled={!!rule} optionType="button">
                <Radio value="fit">{t('leadIntake.score.kind.fit')}</Radio>
                <Radio value="engagement">{t('leadIntake.score.kind.engagement')}</Radio>
              </Radio.Group>
            </Form.Item>
          </Col>
        </Row>
        {currentKind === 'fit' ? (
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="field" label={t('leadIntake.scoring.fieldLabel')} rules={[{ required: true }]}>
                <Select
                  options={SCORING_FIELDS.map((f) => ({
                    value: f,
                    label: t(`leadIntake.scoring.field.${f}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="operator"
                label={t('leadIntake.scoring.operatorLabel')}
                rules={[{ required: true }]}
              >
                <Select
                  options={SCORING_OPERATORS.map((o) => ({
                    value: o,
                    label: t(`leadIntake.scoring.operator.${o}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="points" label={t('leadIntake.scoring.points')} rules={[{ required: true }]}>
                <InputNumber min={-100} max={100} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            {needsValue && (
              <Col span={24}>
                <Form.Item
                  name="value"
                  label={t('leadIntake.scoring.value')}
                  getValueFromEvent={(v: string | string[]) => (Array.isArray(v) ? v : v ? [v] : [])}
                  getValueProps={(v: string[] | undefined) => ({ value: operator === 'equals' ? v?.[0] : v })}
                  rules={[
                    {
                      required: true,
                      message: t('validation.required', { field: t('leadIntake.scoring.value') }),
                    },
                  ]}
                >
                  {valueInput}
                </Form.Item>
              </Col>
            )}
          </Row>
        ) : (
          <Row gutter={12}>
            <Col span={24}>
              <Form.Item
                name="activityTypes"
                label={t('leadIntake.scoring.counts')}
                rules={[{ required: true }]}
              >
                <Select
                  mode="multiple"
                  options={ENGAGEMENT_TYPES.map((a) => ({
                    value: a,
                    label: t(`leadIntake.scoring.engagementType.${a}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="windowDays"
                label={t('leadIntake.scoring.windowDays')}
                rules={[{ required: true }]}
              >
                <InputNumber
                  min={1}
                  max={365}
                  suffix={t('leadIntake.scoring.days')}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="points"
                label={t('leadIntake.scoring.pointsEach')}
                rules={[{ required: true }]}
              >
                <InputNumber min={-100} max={100} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="cap" label={t('leadIntake.scoring.cap')}>
                <InputNumber
                  min={1}
                  max={100}
                  style={{ width: '100%' }}
                  placeholder={t('leadIntake.rules.noMax')}
                />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item name="active" label={t('leadIntake.scoring.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
