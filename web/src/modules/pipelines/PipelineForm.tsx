import { useState } from 'react';
import {
  App,
  Button,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
  Typography,
  Alert,
} from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  DownOutlined,
  PlusOutlined,
  RightOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  REQUIRABLE_FIELDS,
  STAGE_KINDS,
  type Pipeline,
  type RequirableField,
  type StageKind,
} from '@tuoke/shared';
import { FormDrawer } from '../../app/components/FormDrawer';
import { useAuth } from '../../app/auth';
import { useSupervisionSettings } from '../supervision/useSupervision';
import { useSavePipeline } from './usePipelines';

interface StageValues {
  id?: string;
  name: string;
  probability: number;
  kind: StageKind;
  requiredFields?: RequirableField[];
  checklist?: { id?: string; label: string; required: boolean }[];
  /** 督导: days without activity before a deal here is stalled; empty = the organisation's default. */
  stallDays?: number | null;
}
interface PipelineValues {
  name: string;
  isDefault?: boolean;
  stages: StageValues[];
}

const TEMPLATE_PROBABILITIES = [10, 30, 50, 70, 100, 0];
const TEMPLATE_KINDS: StageKind[] = ['open', 'open', 'open', 'open', 'won', 'lost'];

export function PipelineForm({
  open,
  onClose,
  pipeline,
}: {
  open: boolean;
  onClose: () => void;
  pipeline?: Pipeline | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PipelineValues>();
  const save = useSavePipeline();
  const { can } = useAuth();
  // the organisation's default stall days, shown where a stage leaves its own empty
  const defaultStallDays =
    useSupervisionSettings(open && can('supervision', 'read')).data?.defaultStallDays ?? 14;
  // Stage rows whose exit criteria are unfolded (by Form.List key).
  const [unfolded, setUnfolded] = useState<Set<number>>(new Set());
  const toggle = (key: number) =>
    setUnfolded((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const initialValues: PipelineValues = pipeline
    ? {
        name: pipeline.name,
        isDefault: pipeline.isDefault,
        stages: pipeline.stages.map((s) => ({
          id: s.id,
          name: s.name,
          probability: s.probability,
          kind: s.kind,
          requiredFields: s.requiredFields,
          checklist: s.checklist,
          stallDays: s.stallDays,
        })),
      }
    : {
        name: '',
        isDefault: false,
        stages: t('pipelines.templateStages')
          .split(',')
          .map((name, i) => ({
            name,
            probability: TEMPLATE_PROBABILITIES[i] ?? 50,
            kind: TEMPLATE_KINDS[i] ?? 'open',
          })),
      };

  const onSubmit = async (values: PipelineValues) => {
    const body = {
      name: values.name.trim(),
      isDefault: Boolean(values.isDefault),
      stages: values.stages.map((s) => ({
        ...(s.id ? { id: s.id } : {}),
        name: s.name.trim(),
        probability: s.probability,
        kind: s.kind,
        // criteria only hold for open stages: a closed stage is never left forward
        requiredFields: s.kind === 'open' ? (s.requiredFields ?? []) : [],
        checklist:
          s.kind === 'open'
            ? (s.checklist ?? [])
                .filter((c) => c.label?.trim())
                .map((c) => ({
                  ...(c.id ? { id: c.id } : {}),
                  label: c.label.trim(),
                  required: Boolean(c.required),
                }))
            : [],
        stallDays: s.kind === 'open' ? (s.stallDays ?? null) : null,
      })),
    };
    await save.mutateAsync(
      pipeline ? { id: pipeline.id, body: { ...body, version: pipeline.version } } : { body },
    );
    message.success(pipeline ? t('app.saved') : t('app.created'));
    onClose();
  };

  return (
    <FormDrawer<PipelineValues>
      open={open}
      onClose={onClose}
      title={pipeline ? t('pipelines.edit') : t('pipelines.new')}
      form={form}
      initialValues={initialValues}
      onSubmit={onSubmit}
      width={640}
      testId="pipeline-form"
    >
      <Row gutter={12} align="bottom">
        <Col xs={24} sm={16}>
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
            <Input maxLength={100} data-testid="pipeline-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="isDefault" label={t('fields.isDefault')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5}>{t('fields.stages')}</Typography.Title>
      <Alert
        type="info"
        showIcon
        title={t('pipelines.stagesHint')}
        description={t('salesProcess.criteriaHint')}
        style={{ marginBottom: 12 }}
      />
      <Form.List name="stages">
        {(fields, { add, remove, move }) => (
          <>
            <Row gutter={8} style={{ marginBottom: 4 }}>
              <Col flex="auto">
                <Typography.Text type="secondary">{t('pipelines.stageName')}</Typography.Text>
              </Col>
              <Col flex="96px">
                <Typography.Text type="secondary">{t('fields.probability')}</Typography.Text>
              </Col>
              <Col flex="112px">
                <Typography.Text type="secondary">{t('fields.kind')}</Typography.Text>
              </Col>
              <Col flex="104px" />
            </Row>
            {fields.map((field, index) => (
              <div key={field.key} className="pipeline-stage">
                <Row gutter={8} wrap={false} data-testid="pipeline-stage-row">
                  <Form.Item name={[field.name, 'id']} hidden>
                    <Input />
                  </Form.Item>
                  <Col flex="auto">
                    <Form.Item
                      name={[field.name, 'name']}
                      rules={[
                        {
                          required: true,
                          whitespace: true,
                          message: t('validation.required', { field: t('pipelines.stageName') }),
                        },
                      ]}
                    >
                      <Input maxLength={60} />
                    </Form.Item>
                  </Col>
                  <Col flex="96px">
                    <Form.Item name={[field.name, 'probability']} rules={[{ required: true, message: '' }]}>
                      <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col flex="112px">
                    <Form.Item name={[field.name, 'kind']}>
                      <Select
                        options={STAGE_KINDS.map((k) => ({ value: k, label: t(`enums.stageKind.${k}`) }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col flex="104px">
                    <Button
                      type="text"
                      icon={<ArrowUpOutlined />}
                      disabled={index === 0}
                      onClick={() => move(index, index - 1)}
                      aria-label={t('common.moveUp')}
                    />
                    <Button
                      type="text"
                      icon={<ArrowDownOutlined />}
                      disabled={index === fields.length - 1}
                      onClick={() => move(index, index + 1)}
                      aria-label={t('common.moveDown')}
                    />
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= 2}
                      onClick={() => remove(field.name)}
                      aria-label={t('common.remove')}
                    />
                  </Col>
                </Row>
                <Form.Item noStyle shouldUpdate>
                  {({ getFieldValue }) => {
                    const stage = getFieldValue(['stages', field.name]) as StageValues | undefined;
                    if (stage?.kind !== 'open') return null;
                    const isOpen = unfolded.has(field.key);
                    return (
                      <div style={{ margin: '-12px 0 12px' }}>
                        <Button
                          type="link"
                          size="small"
                          style={{ paddingInline: 0 }}
                          icon={isOpen ? <DownOutlined /> : <RightOutlined />}
                          onClick={() => toggle(field.key)}
                          data-testid={`pipeline-criteria-toggle-${index}`}
                        >
                          {t('salesProcess.criteria')} ·{' '}
                          {t('salesProcess.criteriaCount', {
                            fields: stage.requiredFields?.length ?? 0,
                            items: stage.checklist?.length ?? 0,
                          })}{' '}
                          ·{' '}
                          {stage.stallDays
                            ? t('supervision.stallSummary', { days: stage.stallDays })
                            : t('supervision.stallDefault', { days: defaultStallDays })}
                        </Button>
                        <div
                          hidden={!isOpen}
                          style={{
                            padding: '8px 12px',
                            background: '#f8fafc',
                            borderRadius: 6,
                            marginTop: 4,
                          }}
                        >
                          <Form.Item
                            name={[field.name, 'stallDays']}
                            label={t('supervision.stallDays')}
                            extra={t('supervision.stallDaysHint', { days: defaultStallDays })}
                            style={{ marginBottom: 8 }}
                          >
                            <InputNumber
                              min={1}
                              max={365}
                              precision={0}
                              placeholder={t('supervision.defaultDays', { days: defaultStallDays })}
                              suffix={t('supervision.daysUnit')}
                              style={{ width: 180 }}
                              data-testid={`pipeline-stall-days-${index}`}
                            />
                          </Form.Item>
                          <Form.Item name={[field.name, 'requiredFields']} style={{ marginBottom: 8 }}>
                            <Select
                              mode="multiple"
                              allowClear
                              placeholder={t('salesProcess.requiredFieldsPlaceholder')}
                              options={REQUIRABLE_FIELDS.map((f) => ({
                                value: f,
                                label: t(`salesProcess.field.${f}`),
                              }))}
                              data-testid={`pipeline-required-fields-${index}`}
                            />
                          </Form.Item>
                          <Form.List name={[field.name, 'checklist']}>
                            {(items, list) => (
                              <>
                                {items.map((item) => (
                                  <Row key={item.key} gutter={8} wrap={false} align="middle">
                                    <Form.Item name={[item.name, 'id']} hidden>
                                      <Input />
                                    </Form.Item>
                                    <Col flex="auto">
                                      <Form.Item
                                        name={[item.name, 'label']}
                                        style={{ marginBottom: 6 }}
                                        rules={[
                                          {
                                            required: true,
                                            whitespace: true,
                                            message: t('validation.required', {
                                              field: t('salesProcess.itemLabel'),
                                            }),
                                          },
                                        ]}
                                      >
                                        <Input maxLength={100} placeholder={t('salesProcess.itemLabel')} />
                                      </Form.Item>
                                    </Col>
                                    <Col flex="88px">
                                      <Form.Item
                                        name={[item.name, 'required']}
                                        valuePropName="checked"
                                        style={{ marginBottom: 6 }}
                                      >
                                        <Checkbox>{t('salesProcess.required')}</Checkbox>
                                      </Form.Item>
                                    </Col>
                                    <Col flex="32px">
                                      <Button
                                        type="text"
                                        danger
                                        icon={<DeleteOutlined />}
                                        onClick={() => list.remove(item.name)}
                                        aria-label={t('common.remove')}
                                        style={{ marginBottom: 6 }}
                                      />
                                    </Col>
                                  </Row>
                                ))}
                                <Button
                                  size="small"
                                  icon={<PlusOutlined />}
                                  onClick={() => list.add({ label: '', required: true })}
                                  disabled={items.length >= 30}
                                  data-testid={`pipeline-add-checklist-${index}`}
                                >
                                  {t('salesProcess.addItem')}
                                </Button>
                              </>
                            )}
                          </Form.List>
                        </div>
                      </div>
                    );
                  }}
                </Form.Item>
              </div>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({ name: '', probability: 50, kind: 'open' }, Math.max(0, fields.length - 2))}
              disabled={fields.length >= 30}
              data-testid="pipeline-add-stage"
            >
              {t('pipelines.addStage')}
            </Button>
          </>
        )}
      </Form.List>
    </FormDrawer>
  );
}
