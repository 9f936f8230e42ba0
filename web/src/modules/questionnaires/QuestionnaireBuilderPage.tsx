import { useEffect, useMemo } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Switch,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CopyOutlined,
  DeleteOutlined,
  InboxOutlined,
  PlusOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  LOCALES,
  NEEDS_MAPPINGS,
  PAIN_CATEGORIES,
  QUESTION_TYPES,
  type Question,
  type QuestionType,
  type Questionnaire,
} from '@tuoke/shared';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { DetailState } from '../../app/components/DetailState';
import { MoneyInput } from '../../app/components/inputs';
import { PageHeader } from '../../app/components/PageHeader';
import { localizeFieldMessage, useErrorHandler } from '../../app/errors';
import { QuestionnaireLinks } from './QuestionnaireLinks';
import { QuestionnairePreview } from './QuestionnairePreview';
import { QuestionnaireStatusTag } from './QuestionnairesPage';
import { QuestionnaireSummaryView } from './QuestionnaireSummaryView';
import { useQuestionnaire, useQuestionnaireAction, useUpdateQuestionnaire } from './useQuestionnaires';

interface Values {
  title: string;
  intro?: string | null;
  language: Questionnaire['language'];
  questions: Question[];
}

const CHOICE: QuestionType[] = ['single', 'multiple'];
const TABS = ['design', 'summary', 'links'] as const;
const newKey = (prefix: string) =>
  `${prefix}${Date.now().toString(36).slice(-4)}${Math.random().toString(36).slice(2, 6)}`;

/** The questionnaire builder with a live preview, its answer summary and the links sent. */
export function QuestionnaireBuilderPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const handleError = useErrorHandler();
  const { data: q, isLoading, error } = useQuestionnaire(id);
  const update = useUpdateQuestionnaire();
  const action = useQuestionnaireAction();
  const [form] = Form.useForm<Values>();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = TABS.find((k) => k === searchParams.get('tab')) ?? 'design';
  const watched = Form.useWatch([], form) as Values | undefined;
  const canEdit = can('questionnaire', 'update') && q?.status === 'draft';

  useEffect(() => {
    if (q)
      form.setFieldsValue({ title: q.title, intro: q.intro, language: q.language, questions: q.questions });
  }, [q, form]);

  /** Field errors of nested list items (options, scale) are not form fields: name the question. */
  const showError = (err: unknown) => {
    handleError(err, form);
    if (isApiError(err) && err.fields.some((f) => /^\/?questions\/\d+\//.test(f.path)))
      message.error(
        err.fields
          .map((f) => {
            const n = /^\/?questions\/(\d+)/.exec(f.path);
            return `${n ? t('questionnaires.question', { n: Number(n[1]) + 1 }) : f.path}：${localizeFieldMessage(t, f.message)}`;
          })
          .join('；'),
      );
  };

  const body = (v: Values) => ({
    title: v.title.trim(),
    intro: v.intro?.trim() ? v.intro.trim() : null,
    language: v.language,
    questions: (v.questions ?? []).map((x) => ({
      id: x.id,
      type: x.type,
      text: x.text ?? '',
      help: x.help?.trim() ? x.help.trim() : null,
      required: Boolean(x.required),
      mapsTo: x.mapsTo ?? null,
      ...(x.mapsTo === 'pain_point' ? { painCategory: x.painCategory ?? null } : {}),
      ...(CHOICE.includes(x.type)
        ? {
            options: (x.options ?? []).map((o) => ({
              id: o.id,
              label: o.label ?? '',
              ...(x.mapsTo === 'budget'
                ? { budgetMin: o.budgetMin ?? null, budgetMax: o.budgetMax ?? null }
                : {}),
            })),
          }
        : {}),
      ...(x.type === 'scale'
        ? { scaleMax: x.scaleMax ?? 5, minLabel: x.minLabel ?? null, maxLabel: x.maxLabel ?? null }
        : {}),
    })),
  });

  const save = async (): Promise<Questionnaire | null> => {
    if (!q) return null;
    try {
      const v = await form.validateFields();
      const saved = await update.mutateAsync({ id: q.id, body: { ...body(v), version: q.version } });
      return saved;
    } catch (err) {
      if (isApiError(err)) showError(err);
      return null;
    }
  };

  const run = async (kind: 'publish' | 'archive' | 'copy', version: number) => {
    try {
      const r = await action.mutateAsync({ id: q!.id, action: kind, version });
      if (kind === 'copy') {
        message.success(t('questionnaires.copied'));
        navigate(`/questionnaires/${r.id}`);
      } else message.success(t(kind === 'publish' ? 'questionnaires.published' : 'questionnaires.archived'));
    } catch (err) {
      showError(err);
    }
  };

  const preview = useMemo(() => watched?.questions ?? q?.questions ?? [], [watched, q]);
  if (!q) return <DetailState isLoading={isLoading} error={error} backTo="/questionnaires" />;

  const extra = (
    <>
      {q.status === 'draft' && canEdit && (
        <>
          <Button
            onClick={async () => {
              if (await save()) message.success(t('app.saved'));
            }}
            loading={update.isPending}
            data-testid="questionnaire-save"
          >
            {t('common.save')}
          </Button>
          <Button
            type="primary"
            icon={<SendOutlined />}
            data-testid="questionnaire-publish"
            onClick={() =>
              modal.confirm({
                title: t('questionnaires.publishConfirm'),
                onOk: async () => {
                  const saved = await save();
                  if (saved) await run('publish', saved.version);
                },
              })
            }
          >
            {t('questionnaires.publish')}
          </Button>
        </>
      )}
      {can('questionnaire', 'create') && (
        <Button
          icon={<CopyOutlined />}
          onClick={() => void run('copy', q.version)}
          data-testid="questionnaire-copy"
        >
          {t('questionnaires.copy')}
        </Button>
      )}
      {q.status === 'published' && can('questionnaire', 'update') && (
        <Button
          icon={<InboxOutlined />}
          onClick={() =>
            modal.confirm({
              title: t('questionnaires.archiveConfirm'),
              okButtonProps: { danger: true },
              onOk: () => run('archive', q.version),
            })
          }
        >
          {t('questionnaires.archive')}
        </Button>
      )}
    </>
  );

  const design = (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        {q.status !== 'draft' && (
          <Alert type="info" showIcon title={t('questionnaires.readOnly')} style={{ marginBottom: 12 }} />
        )}
        <Form<Values> form={form} layout="vertical" disabled={!canEdit} requiredMark={false}>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Row gutter={12}>
              <Col xs={24} sm={16}>
                <Form.Item
                  name="title"
                  label={t('questionnaires.newTitle')}
                  rules={[
                    {
                      required: true,
                      whitespace: true,
                      message: t('validation.required', { field: t('questionnaires.newTitle') }),
                    },
                  ]}
                >
                  <Input maxLength={200} data-testid="questionnaire-title" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={8}>
                <Form.Item name="language" label={t('questionnaires.language')}>
                  <Select
                    options={LOCALES.map((l) => ({ value: l, label: t(`questionnaires.languages.${l}`) }))}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="intro" label={t('questionnaires.intro')} style={{ marginBottom: 0 }}>
              <Input.TextArea rows={2} maxLength={2000} placeholder={t('questionnaires.introPlaceholder')} />
            </Form.Item>
          </Card>
          <Form.List name="questions">
            {(fields, { add, remove, move }) => (
              <>
                {fields.map((field, i) => {
                  const cur = watched?.questions?.[field.name];
                  const type = cur?.type ?? 'text';
                  return (
                    <Card
                      key={field.key}
                      size="small"
                      style={{ marginBottom: 12 }}
                      data-testid={`question-${i}`}
                      title={
                        <Flex gap={8} align="center" wrap>
                          <Tag color="blue">{t('questionnaires.question', { n: i + 1 })}</Tag>
                          <Form.Item name={[field.name, 'type']} noStyle>
                            <Select
                              style={{ width: 130 }}
                              size="small"
                              options={QUESTION_TYPES.map((x) => ({
                                value: x,
                                label: t(`questionnaires.types.${x}`),
                              }))}
                              onChange={(next: QuestionType) => {
                                if (CHOICE.includes(next) && !(cur?.options?.length ?? 0))
                                  form.setFieldValue(
                                    ['questions', field.name, 'options'],
                                    [
                                      { id: newKey('o'), label: '' },
                                      { id: newKey('o'), label: '' },
                                    ],
                                  );
                                if (next === 'scale' && !cur?.scaleMax)
                                  form.setFieldValue(['questions', field.name, 'scaleMax'], 5);
                              }}
                              data-testid={`question-type-${i}`}
                            />
                          </Form.Item>
                          <Flex gap={4} align="center">
                            <Form.Item name={[field.name, 'required']} valuePropName="checked" noStyle>
                              <Switch size="small" />
                            </Form.Item>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('questionnaires.required')}
                            </Typography.Text>
                          </Flex>
                        </Flex>
                      }
                      extra={
                        <Flex gap={0}>
                          <Tooltip title={t('common.moveUp')}>
                            <Button
                              type="text"
                              size="small"
                              icon={<ArrowUpOutlined />}
                              disabled={i === 0}
                              onClick={() => move(i, i - 1)}
                            />
                          </Tooltip>
                          <Tooltip title={t('common.moveDown')}>
                            <Button
                              type="text"
                              size="small"
                              icon={<ArrowDownOutlined />}
                              disabled={i === fields.length - 1}
                              onClick={() => move(i, i + 1)}
                            />
                          </Tooltip>
                          <Tooltip title={t('common.delete')}>
                            <Button
                              type="text"
                              size="small"
                              icon={<DeleteOutlined />}
                              onClick={() => remove(field.name)}
                            />
                          </Tooltip>
                        </Flex>
                      }
                    >
                      <Form.Item name={[field.name, 'id']} hidden>
                        <Input />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'text']}
                        style={{ marginBottom: 8 }}
                        rules={[
                          {
                            required: true,
                            whitespace: true,
                            message: t('validation.required', { field: t('questionnaires.text') }),
                          },
                        ]}
                      >
                        <Input
                          maxLength={500}
                          placeholder={t('questionnaires.text')}
                          data-testid={`question-text-${i}`}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'help']} style={{ marginBottom: 8 }}>
                        <Input maxLength={500} placeholder={t('questionnaires.help')} variant="filled" />
                      </Form.Item>
                      {CHOICE.includes(type) && (
                        <Form.List
                          name={[field.name, 'options']}
                          rules={[
                            {
                              validator: async (_, opts?: unknown[]) => {
                                if (!opts || opts.length < 2)
                                  throw new Error(t('serverErrors.min', { n: 2 }));
                              },
                            },
                          ]}
                        >
                          {(opts, { add: addOpt, remove: removeOpt }, { errors }) => (
                            <div style={{ marginBottom: 8 }}>
                              {opts.map((opt, k) => (
                                <Flex key={opt.key} gap={6} align="flex-start">
                                  <Form.Item name={[opt.name, 'id']} hidden>
                                    <Input />
                                  </Form.Item>
                                  <Form.Item
                                    name={[opt.name, 'label']}
                                    style={{ flex: 1, marginBottom: 6 }}
                                    rules={[
                                      {
                                        required: true,
                                        whitespace: true,
                                        message: t('validation.required', {
                                          field: t('questionnaires.option', { n: k + 1 }),
                                        }),
                                      },
                                    ]}
                                  >
                                    <Input
                                      size="small"
                                      prefix={type === 'single' ? '○' : '□'}
                                      maxLength={200}
                                      placeholder={t('questionnaires.option', { n: k + 1 })}
                                      data-testid={`question-${i}-option-${k}`}
                                    />
                                  </Form.Item>
                                  {cur?.mapsTo === 'budget' && type === 'single' && (
                                    <>
                                      <Form.Item
                                        name={[opt.name, 'budgetMin']}
                                        style={{ width: 120, marginBottom: 6 }}
                                      >
                                        <MoneyInput size="small" placeholder={t('needs.budgetMin')} />
                                      </Form.Item>
                                      <Form.Item
                                        name={[opt.name, 'budgetMax']}
                                        style={{ width: 120, marginBottom: 6 }}
                                      >
                                        <MoneyInput size="small" placeholder={t('needs.budgetMax')} />
                                      </Form.Item>
                                    </>
                                  )}
                                  <Button
                                    type="text"
                                    size="small"
                                    icon={<DeleteOutlined />}
                                    aria-label={t('common.remove')}
                                    onClick={() => removeOpt(opt.name)}
                                  />
                                </Flex>
                              ))}
                              <Form.ErrorList errors={errors} />
                              <Button
                                size="small"
                                type="dashed"
                                icon={<PlusOutlined />}
                                onClick={() => addOpt({ id: newKey('o'), label: '' })}
                                disabled={opts.length >= 20}
                              >
                                {t('questionnaires.addOption')}
                              </Button>
                              {cur?.mapsTo === 'budget' && type === 'single' && (
                                <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
                                  {t('questionnaires.budgetRange')}
                                </Typography.Text>
                              )}
                            </div>
                          )}
                        </Form.List>
                      )}
                      {type === 'scale' && (
                        <Row gutter={8}>
                          <Col xs={24} sm={8}>
                            <Form.Item name={[field.name, 'scaleMax']} label={t('questionnaires.scaleMax')}>
                              <Radio.Group
                                optionType="button"
                                size="small"
                                options={[5, 10].map((n) => ({
                                  value: n,
                                  label: t('questionnaires.scaleRange', { max: n }),
                                }))}
                              />
                            </Form.Item>
                          </Col>
                          <Col xs={12} sm={8}>
                            <Form.Item name={[field.name, 'minLabel']} label={t('questionnaires.minLabel')}>
                              <Input size="small" maxLength={50} />
                            </Form.Item>
                          </Col>
                          <Col xs={12} sm={8}>
                            <Form.Item name={[field.name, 'maxLabel']} label={t('questionnaires.maxLabel')}>
                              <Input size="small" maxLength={50} />
                            </Form.Item>
                          </Col>
                        </Row>
                      )}
                      <Flex gap={8} align="center" wrap>
                        <Tooltip title={t('questionnaires.mapsToHint')}>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('questionnaires.mapsTo')}
                          </Typography.Text>
                        </Tooltip>
                        <Form.Item name={[field.name, 'mapsTo']} noStyle>
                          <Select
                            size="small"
                            allowClear
                            style={{ width: 130 }}
                            placeholder={t('questionnaires.mappings.none')}
                            options={NEEDS_MAPPINGS.map((m) => ({
                              value: m,
                              label: t(`questionnaires.mappings.${m}`),
                            }))}
                            data-testid={`question-maps-${i}`}
                          />
                        </Form.Item>
                        {cur?.mapsTo === 'pain_point' && (
                          <>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('questionnaires.painCategory')}
                            </Typography.Text>
                            <Form.Item name={[field.name, 'painCategory']} noStyle>
                              <Select
                                size="small"
                                allowClear
                                style={{ width: 120 }}
                                options={PAIN_CATEGORIES.map((c) => ({
                                  value: c,
                                  label: t(`needs.categories.${c}`),
                                }))}
                              />
                            </Form.Item>
                          </>
                        )}
                      </Flex>
                    </Card>
                  );
                })}
                {canEdit && (
                  <Button
                    type="dashed"
                    block
                    icon={<PlusOutlined />}
                    onClick={() =>
                      add({
                        id: newKey('q'),
                        type: 'single',
                        text: '',
                        required: false,
                        options: [
                          { id: newKey('o'), label: '' },
                          { id: newKey('o'), label: '' },
                        ],
                      })
                    }
                    disabled={fields.length >= 50}
                    data-testid="question-add"
                  >
                    {t('questionnaires.addQuestion')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Form>
      </Col>
      <Col xs={24} lg={10}>
        <Card
          size="small"
          title={t('questionnaires.preview')}
          extra={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('questionnaires.previewHint')}
            </Typography.Text>
          }
          style={{ position: 'sticky', top: 16 }}
          styles={{ body: { maxHeight: 'calc(100vh - 180px)', overflow: 'auto' } }}
        >
          <QuestionnairePreview
            title={watched?.title ?? q.title}
            intro={watched?.intro ?? q.intro}
            questions={preview}
            companyName={me?.organization.name ?? ''}
            language={watched?.language ?? q.language}
          />
        </Card>
      </Col>
    </Row>
  );

  return (
    <div data-testid="questionnaire-builder">
      <PageHeader
        backTo="/questionnaires"
        title={q.title}
        tags={
          <>
            <QuestionnaireStatusTag status={q.status} />
            <Tag>{t(`questionnaires.languages.${q.language}`)}</Tag>
          </>
        }
        subtitle={`${t('questionnaires.questionCount')} ${q.questions.length} · ${t('questionnaires.invitations')} ${q.invitationCount} · ${t('questionnaires.responses')} ${q.responseCount}`}
        extra={extra}
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearchParams(key === 'design' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'design', label: t('questionnaires.tabDesign'), children: design },
          {
            key: 'summary',
            label: `${t('questionnaires.tabSummary')} (${q.responseCount})`,
            children: <QuestionnaireSummaryView questionnaireId={q.id} enabled={tab === 'summary'} />,
          },
          {
            key: 'links',
            label: `${t('questionnaires.tabLinks')} (${q.invitationCount})`,
            children: <QuestionnaireLinks questionnaireId={q.id} enabled={tab === 'links'} />,
          },
        ]}
      />
    </div>
  );
}
