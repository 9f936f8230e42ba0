import { useEffect, useMemo, useState } from 'react';
import {
  App,
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  Popconfirm,
  Radio,
  Row,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  LOCALES,
  WEB_FORM_FIELDS,
  renderWebFormPage,
  type Locale,
  type WebForm,
  type WebFormField,
  type WebFormFieldKey,
} from '@tuoke/shared';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { DetailState } from '../../app/components/DetailState';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { SourceSelect } from './SourceSelect';
import { useDeleteWebForm, useSaveWebForm, useWebForm, useWebFormSubmissions } from './useLeadIntake';
import { publicFormUrl } from './WebFormsPage';

interface FieldRow {
  key: WebFormFieldKey;
  included: boolean;
  required: boolean;
  label?: string;
}
interface Values {
  name: string;
  title: string;
  description?: string;
  fields: FieldRow[];
  source?: string | null;
  campaignId?: string | null;
  assignment: 'rules' | 'pool';
  thankYouMessage?: string;
  redirectUrl?: string;
  allowedOrigins: string[];
  language: Locale;
  active: boolean;
}

const SNIPPET = {
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-all',
  fontSize: 12,
  background: '#f6f8fa',
  border: '1px solid #eaecef',
  padding: 8,
  borderRadius: 6,
  margin: '4px 0 0',
} as const;

const DEFAULT_FIELDS: WebFormFieldKey[] = ['name', 'company', 'phone', 'email', 'notes'];

function toRows(fields: WebFormField[] | null): FieldRow[] {
  return WEB_FORM_FIELDS.map((key) => {
    const f = fields?.find((x) => x.key === key);
    return {
      key,
      included: fields ? Boolean(f) : DEFAULT_FIELDS.includes(key),
      required: key === 'name' || (fields ? Boolean(f?.required) : key === 'phone'),
      label: f?.label ?? undefined,
    };
  });
}

function toFields(rows: FieldRow[] | undefined): WebFormField[] {
  return (rows ?? [])
    .filter((r) => r.included || r.key === 'name')
    .map((r) => ({
      key: r.key,
      required: r.key === 'name' ? true : r.required,
      ...(r.label?.trim() ? { label: r.label.trim() } : {}),
    }));
}

/** 表单设计器: settings on the left, the real page as a live preview and the embed code on the right. */
export function WebFormBuilderPage() {
  const { id } = useParams();
  const isNew = id === 'new';
  const { data, isLoading, error } = useWebForm(isNew ? undefined : id);
  if (!isNew && !data) return <DetailState isLoading={isLoading} error={error} backTo="/web-forms" />;
  return <Builder key={data?.id ?? 'new'} form={isNew ? null : data!} />;
}

function Builder({ form: saved }: { form: WebForm | null }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const save = useSaveWebForm();
  const remove = useDeleteWebForm();
  const [form] = Form.useForm<Values>();
  const canEdit = saved ? can('web_form', 'update') : can('web_form', 'create');
  const [device, setDevice] = useState<'mobile' | 'desktop'>('mobile');
  const campaigns = useQuery({
    queryKey: ['campaigns', 'list', 'picker'],
    queryFn: ({ signal }) =>
      api.get<{ items: { id: string; name: string }[] }>('/campaigns', { limit: 200 }, signal),
    enabled: can('campaign', 'read'),
    retry: false,
  });

  const initial: Values = useMemo(
    () =>
      saved
        ? {
            name: saved.name,
            title: saved.title,
            description: saved.description ?? undefined,
            fields: toRows(saved.fields),
            source: saved.source,
            campaignId: saved.campaignId,
            assignment: saved.assignment,
            thankYouMessage: saved.thankYouMessage ?? undefined,
            redirectUrl: saved.redirectUrl ?? undefined,
            allowedOrigins: saved.allowedOrigins,
            language: saved.language,
            active: saved.active,
          }
        : {
            name: '',
            title: t('leadIntake.forms.defaultTitle'),
            fields: toRows(null),
            source: 'website',
            assignment: 'rules',
            allowedOrigins: [],
            language: 'zh-CN',
            active: true,
          },
    [saved, t],
  );
  useEffect(() => form.setFieldsValue(initial), [form, initial]);

  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const preview = useMemo(
    () =>
      renderWebFormPage({
        title: values?.title || initial.title,
        description: values?.description ?? null,
        fields: toFields(values?.fields ?? initial.fields),
        language: values?.language ?? initial.language,
        action: '#',
        token: '',
        hidden: {},
        preview: true,
      }),
    [values, initial],
  );

  const submit = async (v: Values) => {
    const body = {
      name: v.name,
      title: v.title,
      description: v.description?.trim() || null,
      fields: toFields(v.fields),
      source: v.source ?? null,
      campaignId: v.campaignId || null,
      assignment: v.assignment,
      thankYouMessage: v.thankYouMessage?.trim() || null,
      redirectUrl: v.redirectUrl?.trim() || null,
      allowedOrigins: (v.allowedOrigins ?? []).map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean),
      language: v.language,
      active: v.active,
    };
    try {
      const result = await save.mutateAsync(
        saved ? { id: saved.id, body: { ...body, version: saved.version } } : { body },
      );
      message.success(saved ? t('app.saved') : t('app.created'));
      if (!saved) navigate(`/web-forms/${result.id}`, { replace: true });
    } catch (err) {
      handleError(err, form);
    }
  };

  const url = saved ? publicFormUrl(saved.publicKey) : null;
  const iframeSnippet = url
    ? `<iframe src="${url}" title="${saved!.title.replace(/"/g, '&quot;')}" style="width:100%;max-width:560px;height:760px;border:0" loading="lazy"></iframe>`
    : '';
  const scriptSnippet = url
    ? `<div id="tuoke-form-${saved!.publicKey}"></div>
<script>(function(){var q=new URLSearchParams(location.search),p=new URLSearchParams();
["utm_source","utm_medium","utm_campaign","utm_term","utm_content"].forEach(function(k){if(q.get(k))p.set(k,q.get(k))});
p.set("ref",location.href);var f=document.createElement("iframe");f.src="${url}?"+p;
f.title=${JSON.stringify(saved!.title)};f.style.cssText="width:100%;max-width:560px;height:760px;border:0";
document.getElementById("tuoke-form-${saved!.publicKey}").appendChild(f)})();</script>`
    : '';

  return (
    <div data-testid="web-form-builder">
      <PageHeader
        backTo="/web-forms"
        title={saved ? saved.name : t('leadIntake.forms.new')}
        tags={
          saved &&
          (saved.active ? (
            <Tag color="green">{t('leadIntake.forms.live')}</Tag>
          ) : (
            <Tag>{t('leadIntake.forms.paused')}</Tag>
          ))
        }
        subtitle={
          saved
            ? t('leadIntake.forms.builderSubtitle', { n: saved.submissionCount })
            : t('leadIntake.forms.subtitle')
        }
        extra={
          <>
            {saved && can('web_form', 'delete') && (
              <Popconfirm
                title={t('leadIntake.forms.deleteConfirm')}
                onConfirm={async () => {
                  try {
                    await remove.mutateAsync(saved.id);
                    message.success(t('app.deleted'));
                    navigate('/web-forms');
                  } catch (err) {
                    handleError(err);
                  }
                }}
              >
                <Button danger icon={<DeleteOutlined />}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            )}
            {canEdit && (
              <Button
                type="primary"
                loading={save.isPending}
                onClick={() => form.submit()}
                data-testid="web-form-save"
              >
                {t('common.save')}
              </Button>
            )}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={initial}
            onFinish={submit}
            disabled={!canEdit}
          >
            <Card title={t('leadIntake.forms.settings')} size="small" style={{ marginBottom: 16 }}>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="name"
                    label={t('leadIntake.forms.name')}
                    extra={t('leadIntake.forms.nameHint')}
                    rules={[
                      {
                        required: true,
                        whitespace: true,
                        message: t('validation.required', { field: t('leadIntake.forms.name') }),
                      },
                    ]}
                  >
                    <Input maxLength={100} data-testid="web-form-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="title"
                    label={t('leadIntake.forms.pageTitle')}
                    rules={[
                      {
                        required: true,
                        whitespace: true,
                        message: t('validation.required', { field: t('leadIntake.forms.pageTitle') }),
                      },
                    ]}
                  >
                    <Input maxLength={100} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="description" label={t('leadIntake.forms.description')}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="source"
                    label={t('fields.source')}
                    extra={t('leadIntake.forms.sourceHint')}
                  >
                    <SourceSelect current={saved?.source} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="campaignId" label={t('leadIntake.forms.campaign')}>
                    {campaigns.isSuccess ? (
                      <Select
                        allowClear
                        showSearch={{ optionFilterProp: 'label' }}
                        placeholder={t('common.none')}
                        options={campaigns.data.items.map((c) => ({ value: c.id, label: c.name }))}
                      />
                    ) : (
                      <Input placeholder={t('leadIntake.forms.campaignId')} maxLength={64} />
                    )}
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="language" label={t('leadIntake.forms.language')}>
                    <Select options={LOCALES.map((l) => ({ value: l, label: t(`enums.locale.${l}`) }))} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="assignment" label={t('leadIntake.forms.assignment')}>
                <Radio.Group>
                  <Space direction="vertical">
                    <Radio value="rules">{t('leadIntake.forms.assignmentMode.rules')}</Radio>
                    <Radio value="pool">{t('leadIntake.forms.assignmentMode.pool')}</Radio>
                  </Space>
                </Radio.Group>
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item name="thankYouMessage" label={t('leadIntake.forms.thankYou')}>
                    <Input.TextArea
                      rows={2}
                      maxLength={500}
                      placeholder={t('leadIntake.forms.thankYouDefault')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="redirectUrl"
                    label={t('leadIntake.forms.redirectUrl')}
                    extra={t('leadIntake.forms.redirectHint')}
                    rules={[{ pattern: /^https?:\/\/\S+$/, message: t('leadIntake.forms.urlPattern') }]}
                  >
                    <Input maxLength={500} placeholder="https://" />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={12}>
                <Col xs={24} md={18}>
                  <Form.Item
                    name="allowedOrigins"
                    label={t('leadIntake.forms.allowedOrigins')}
                    extra={t('leadIntake.forms.allowedOriginsHint')}
                    rules={[
                      {
                        validator: async (_, list: string[] | undefined) => {
                          const bad = (list ?? []).find((o) => !/^https?:\/\/[^/\s]+\/?$/.test(o.trim()));
                          if (bad) throw new Error(t('leadIntake.forms.originPattern', { origin: bad }));
                        },
                      },
                    ]}
                  >
                    <Select
                      mode="tags"
                      tokenSeparators={[',', ' ']}
                      placeholder="https://www.example.com"
                      open={false}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item name="active" label={t('leadIntake.forms.active')} valuePropName="checked">
                    <Switch data-testid="web-form-active" />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
            <Card
              title={t('leadIntake.forms.fields')}
              size="small"
              extra={<Typography.Text type="secondary">{t('leadIntake.forms.fieldsHint')}</Typography.Text>}
            >
              <Form.List name="fields">
                {(items) => (
                  <Flex vertical gap={6}>
                    {items.map((item) => {
                      const key = WEB_FORM_FIELDS[item.name as number]!;
                      const isName = key === 'name';
                      return (
                        <Flex key={item.key} gap={12} align="center" wrap className="web-form-field-row">
                          <Form.Item name={[item.name, 'included']} valuePropName="checked" noStyle>
                            <Checkbox
                              disabled={isName || !canEdit}
                              data-testid={`web-form-field-${key}`}
                              style={{ width: 130 }}
                            >
                              {t(`leadIntake.forms.field.${key}`)}
                            </Checkbox>
                          </Form.Item>
                          <Form.Item noStyle shouldUpdate>
                            {() => {
                              const included = form.getFieldValue([
                                'fields',
                                item.name,
                                'included',
                              ]) as boolean;
                              return (
                                <>
                                  <Form.Item name={[item.name, 'required']} valuePropName="checked" noStyle>
                                    <Switch
                                      size="small"
                                      disabled={isName || !included || !canEdit}
                                      checkedChildren={t('leadIntake.forms.required')}
                                      unCheckedChildren={t('leadIntake.forms.optional')}
                                      data-testid={`web-form-required-${key}`}
                                    />
                                  </Form.Item>
                                  <Form.Item name={[item.name, 'label']} noStyle>
                                    <Input
                                      size="small"
                                      maxLength={60}
                                      disabled={!included || !canEdit}
                                      placeholder={t('leadIntake.forms.labelPlaceholder')}
                                      style={{ flex: 1, minWidth: 160 }}
                                    />
                                  </Form.Item>
                                </>
                              );
                            }}
                          </Form.Item>
                          <Form.Item name={[item.name, 'key']} hidden>
                            <Input />
                          </Form.Item>
                        </Flex>
                      );
                    })}
                  </Flex>
                )}
              </Form.List>
            </Card>
          </Form>
        </Col>
        <Col xs={24} xl={11}>
          <Card
            title={t('leadIntake.forms.preview')}
            size="small"
            style={{ marginBottom: 16 }}
            extra={
              <Segmented
                size="small"
                value={device}
                onChange={(v) => setDevice(v as 'mobile' | 'desktop')}
                options={[
                  { value: 'mobile', label: t('leadIntake.forms.mobile') },
                  { value: 'desktop', label: t('leadIntake.forms.desktop') },
                ]}
              />
            }
          >
            <Flex justify="center" style={{ background: '#f5f6f8', borderRadius: 8, padding: 12 }}>
              <iframe
                title={t('leadIntake.forms.preview')}
                srcDoc={preview}
                sandbox=""
                data-testid="web-form-preview"
                style={{
                  width: device === 'mobile' ? 375 : '100%',
                  height: 640,
                  border: '1px solid #e5e6eb',
                  borderRadius: device === 'mobile' ? 18 : 8,
                  background: '#fff',
                }}
              />
            </Flex>
          </Card>
          <Card title={t('leadIntake.forms.embed')} size="small" style={{ marginBottom: 16 }}>
            {saved ? (
              <Flex vertical gap={10}>
                {!saved.active && (
                  <Alert type="warning" showIcon message={t('leadIntake.forms.pausedHint')} />
                )}
                <div>
                  <Typography.Text type="secondary">{t('leadIntake.forms.publicLink')}</Typography.Text>
                  <Typography.Paragraph copyable={{ text: url! }} style={{ margin: 0 }}>
                    <Typography.Link href={url!} target="_blank" rel="noreferrer" data-testid="web-form-url">
                      {url}
                    </Typography.Link>
                  </Typography.Paragraph>
                </div>
                <div>
                  <Typography.Text type="secondary">{t('leadIntake.forms.iframeSnippet')}</Typography.Text>
                  <Typography.Paragraph copyable={{ text: iframeSnippet }} style={{ margin: 0 }}>
                    <pre style={SNIPPET} data-testid="web-form-embed">
                      {iframeSnippet}
                    </pre>
                  </Typography.Paragraph>
                </div>
                <div>
                  <Typography.Text type="secondary">{t('leadIntake.forms.scriptSnippet')}</Typography.Text>
                  <Typography.Paragraph copyable={{ text: scriptSnippet }} style={{ margin: 0 }}>
                    <pre style={SNIPPET}>{scriptSnippet}</pre>
                  </Typography.Paragraph>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('leadIntake.forms.embedHint')}
                </Typography.Text>
              </Flex>
            ) : (
              <Typography.Text type="secondary">{t('leadIntake.forms.embedAfterSave')}</Typography.Text>
            )}
          </Card>
          {saved && <Submissions formId={saved.id} />}
        </Col>
      </Row>
    </div>
  );
}

function Submissions({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, isLoading } = useWebFormSubmissions(formId);
  return (
    <Card title={t('leadIntake.forms.recent')} size="small" styles={{ body: { padding: 0 } }}>
      <Table
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 8, hideOnSinglePage: true, size: 'small' }}
        locale={{ emptyText: t('leadIntake.forms.noSubmissions') }}
        columns={[
          {
            key: 'at',
            title: t('leadIntake.forms.submittedAt'),
            render: (_, s) => fmt.dateTime(s.createdAt),
          },
          {
            key: 'outcome',
            title: t('leadIntake.forms.outcome'),
            render: (_, s) => (
              <Tag color={s.outcome === 'accepted' ? 'green' : 'red'}>
                {t(`leadIntake.forms.outcomes.${s.outcome}`)}
              </Tag>
            ),
          },
          {
            key: 'lead',
            title: t('nav.leads'),
            render: (_, s) =>
              s.leadId ? <Link to={`/leads/${s.leadId}`}>{s.leadName ?? s.leadId}</Link> : '—',
          },
          {
            key: 'referrer',
            title: t('leadIntake.forms.referrer'),
            render: (_, s) =>
              s.referrer ? (
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 200 }} title={s.referrer}>
                  {s.referrer}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
