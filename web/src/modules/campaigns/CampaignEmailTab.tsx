import { useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  RECIPIENT_STATUSES,
  TEMPLATE_MERGE_FIELDS,
  type Campaign,
  type CampaignRecipient,
  type EmailTemplate,
  type RecipientStatus,
  type SendResult,
} from '@tuoke/shared';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { FormDrawer } from '../../app/components/FormDrawer';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useSegmentOptions } from '../segments/useSegments';
import {
  useAudience,
  useCampaignWrite,
  useEmailStats,
  useMailSettings,
  usePreview,
  useRecipients,
  useSaveCampaign,
  useSaveTemplate,
  useTemplates,
} from './useCampaigns';

const STATUS_COLOR: Record<RecipientStatus, string> = {
  queued: 'default',
  sending: 'processing',
  sent: 'success',
  failed: 'error',
  skipped: 'warning',
};
const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0);

/** The e-mail of a campaign: audience, template, preview, test and send, then delivery and engagement. */
export function CampaignEmailTab({ campaign: c }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, me } = useAuth();
  const handleError = useErrorHandler();
  const canUpdate = can('campaign', 'update');
  const isAdmin = me?.user.role === 'admin';
  const segments = useSegmentOptions(undefined);
  const templates = useTemplates();
  const saveCampaign = useSaveCampaign();
  const write = useCampaignWrite();
  const audience = useAudience(c.id, !!c.segmentId);
  const settings = useMailSettings(isAdmin);
  const [member, setMember] = useState<string | undefined>();
  const [locale, setLocale] = useState<'auto' | 'zh-CN' | 'en'>('auto');
  const [editingTemplate, setEditingTemplate] = useState<EmailTemplate | 'new' | null>(null);
  const [testing, setTesting] = useState(false);
  const [testForm] = Form.useForm<{ to: string; locale: 'zh-CN' | 'en' }>();
  const frozen = !!c.sendStartedAt;
  const template = templates.data?.items.find((x) => x.id === c.templateId) ?? null;
  const chosen = audience.data?.items.find((m) => `${m.object}:${m.id}` === member);
  const preview = usePreview(
    c.id,
    chosen ? { object: chosen.object, id: chosen.id } : null,
    locale === 'auto' ? undefined : locale,
    `${c.templateId}:${template?.version ?? 0}:${c.version}`,
  );
  const deliverable = audience.data?.deliverable ?? 0;

  const link = async (body: Record<string, unknown>) => {
    try {
      await saveCampaign.mutateAsync({ id: c.id, body: { ...body, version: c.version } });
    } catch (err) {
      handleError(err);
    }
  };

  const send = async () => {
    try {
      const r = await write.mutateAsync({ method: 'post', path: `/campaigns/${c.id}/send` });
      const res = r as SendResult;
      if (res.queued > 0) message.success(t('campaigns.email.queued', { count: res.queued }));
      else message.info(t('campaigns.email.nothingNew'));
    } catch (err) {
      handleError(err);
    }
  };

  const testSend = async (v: { to: string; locale: 'zh-CN' | 'en' }) => {
    try {
      await write.mutateAsync({ method: 'post', path: `/campaigns/${c.id}/test-send`, body: v });
      message.success(t('campaigns.email.testSent'));
      setTesting(false);
    } catch (err) {
      handleError(err, testForm);
    }
  };

  return (
    <Flex vertical gap={16} data-testid="campaign-email">
      {isAdmin && settings.data === null && (
        <Alert type="warning" showIcon message={t('campaigns.email.noSettings')} />
      )}
      {frozen && <Alert type="info" showIcon message={t('campaigns.email.frozen')} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('campaigns.email.setupTitle')}>
            <Flex vertical gap={14}>
              <div>
                <Typography.Text type="secondary">{t('campaigns.email.audience')}</Typography.Text>
                <Select
                  style={{ width: '100%' }}
                  value={c.segmentId ?? undefined}
                  placeholder={t('campaigns.email.audienceHint')}
                  disabled={!canUpdate}
                  loading={segments.isLoading}
                  onChange={(segmentId) => void link({ segmentId: segmentId ?? null })}
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(segments.data ?? []).map((s) => ({
                    value: s.id,
                    label: `${s.name}（${t(`segments.objects.${s.object}`)}）`,
                  }))}
                  data-testid="email-segment"
                />
                {audience.data && c.segmentId && (
                  <Flex gap={6} wrap style={{ marginTop: 8 }}>
                    <Tag color="blue" data-testid="email-deliverable">
                      {t('campaigns.email.deliverable', { count: deliverable })}
                    </Tag>
                    {audience.data.unsubscribed > 0 && (
                      <Tag>
                        {t('campaigns.email.unsubscribedCount', { count: audience.data.unsubscribed })}
                      </Tag>
                    )}
                    {audience.data.withoutEmail > 0 && (
                      <Tag>{t('campaigns.email.withoutEmail', { count: audience.data.withoutEmail })}</Tag>
                    )}
                    {audience.data.limited && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('campaigns.email.limited')}
                      </Typography.Text>
                    )}
                  </Flex>
                )}
              </div>
              <div>
                <Typography.Text type="secondary">{t('campaigns.email.template')}</Typography.Text>
                <Flex gap={8}>
                  <Select
                    style={{ flex: 1 }}
                    value={c.templateId ?? undefined}
                    disabled={!canUpdate || frozen}
                    loading={templates.isLoading}
                    onChange={(templateId) => void link({ templateId: templateId ?? null })}
                    options={(templates.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
                    data-testid="email-template"
                  />
                  {canUpdate && !frozen && template && (
                    <Button
                      icon={<EditOutlined />}
                      onClick={() => setEditingTemplate(template)}
                      data-testid="template-edit"
                    >
                      {t('common.edit')}
                    </Button>
                  )}
                  {canUpdate && !frozen && (
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => setEditingTemplate('new')}
                      data-testid="template-new"
                    >
                      {t('campaigns.email.newTemplate')}
                    </Button>
                  )}
                </Flex>
              </div>
              {canUpdate && (
                <Flex gap={8} wrap>
                  <Button
                    icon={<SendOutlined />}
                    disabled={!c.templateId}
                    onClick={() => {
                      testForm.setFieldsValue({ locale: 'zh-CN' });
                      setTesting(true);
                    }}
                    data-testid="email-test"
                  >
                    {t('campaigns.email.testSend')}
                  </Button>
                  <Popconfirm
                    title={t('campaigns.email.sendConfirm', { count: deliverable })}
                    onConfirm={() => void send()}
                    disabled={!c.segmentId || !c.templateId}
                  >
                    <Button
                      type="primary"
                      icon={<SendOutlined />}
                      disabled={!c.segmentId || !c.templateId}
                      loading={write.isPending}
                      data-testid="email-send"
                    >
                      {frozen ? t('campaigns.email.sendMore') : t('campaigns.email.send')}
                    </Button>
                  </Popconfirm>
                  {(!c.segmentId || !c.templateId) && (
                    <Typography.Text type="secondary">{t('campaigns.email.needAudience')}</Typography.Text>
                  )}
                </Flex>
              )}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            title={t('campaigns.email.preview')}
            extra={
              <Space wrap>
                <Select
                  style={{ width: 220 }}
                  value={member}
                  allowClear
                  placeholder={t('campaigns.email.sample')}
                  onChange={setMember}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(audience.data?.items ?? [])
                    .filter((m) => !m.unsubscribed)
                    .map((m) => ({ value: `${m.object}:${m.id}`, label: `${m.name} <${m.email}>` }))}
                  data-testid="preview-member"
                />
                <Segmented
                  value={locale}
                  onChange={(v) => setLocale(v as typeof locale)}
                  options={[
                    { value: 'auto', label: 'Auto' },
                    { value: 'zh-CN', label: '中文' },
                    { value: 'en', label: 'EN' },
                  ]}
                />
              </Space>
            }
          >
            {!c.templateId ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaigns.email.needAudience')} />
            ) : preview.error ? (
              <Alert
                type="error"
                message={isApiError(preview.error) ? preview.error.message : String(preview.error)}
              />
            ) : (
              <>
                <Typography.Paragraph style={{ marginBottom: 8 }}>
                  <Typography.Text type="secondary">{t('campaigns.email.subject')}：</Typography.Text>
                  <Typography.Text strong data-testid="preview-subject">
                    {preview.data?.subject}
                  </Typography.Text>
                  {preview.data?.to && (
                    <Typography.Text type="secondary"> → {preview.data.to}</Typography.Text>
                  )}
                </Typography.Paragraph>
                <iframe
                  title="preview"
                  sandbox=""
                  srcDoc={preview.data?.html ?? ''}
                  style={{
                    width: '100%',
                    height: 340,
                    border: '1px solid #f0f0f0',
                    borderRadius: 6,
                    background: '#fff',
                  }}
                  data-testid="preview-frame"
                />
              </>
            )}
          </Card>
        </Col>
      </Row>
      {frozen && <Delivery campaign={c} />}
      {editingTemplate && (
        <TemplateDrawer
          template={editingTemplate === 'new' ? null : editingTemplate}
          onClose={() => setEditingTemplate(null)}
          onSaved={(saved) => {
            if (editingTemplate === 'new') void link({ templateId: saved.id });
          }}
        />
      )}
      <Modal
        open={testing}
        title={t('campaigns.email.testSend')}
        onCancel={() => setTesting(false)}
        onOk={() => testForm.submit()}
        confirmLoading={write.isPending}
        destroyOnHidden
      >
        <Form form={testForm} layout="vertical" onFinish={testSend} preserve={false}>
          <Form.Item
            name="to"
            label={t('campaigns.email.testTo')}
            rules={[{ required: true, type: 'email', message: t('serverErrors.email') }]}
          >
            <Input data-testid="test-to" />
          </Form.Item>
          <Form.Item name="locale" label={t('campaigns.email.locale')}>
            <Segmented
              options={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en', label: 'English' },
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

function Delivery({ campaign: c }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [status, setStatus] = useState<RecipientStatus | undefined>();
  const stats = useEmailStats(c.id);
  const recipients = useRecipients(c.id, status);
  const s = stats.data;
  const columns: ColumnsType<CampaignRecipient> = [
    {
      key: 'email',
      title: t('fields.email'),
      render: (_, r) => (
        <div>
          <div>{r.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.email}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'locale',
      title: t('campaigns.email.locale'),
      render: (_, r) => (r.locale === 'en' ? 'EN' : '中文'),
    },
    {
      key: 'status',
      title: t('campaigns.status'),
      render: (_, r) => (
        <Space size={4}>
          <Tag color={STATUS_COLOR[r.status]}>{t(`campaigns.recipientStatus.${r.status}`)}</Tag>
          {r.unsubscribedAt && <Tag>{t('campaigns.email.unsubscribed')}</Tag>}
        </Space>
      ),
    },
    { key: 'sentAt', title: t('campaigns.email.sentAt'), render: (_, r) => fmt.dateTime(r.sentAt) },
    { key: 'opens', title: t('campaigns.email.opens'), align: 'right', render: (_, r) => r.openCount || '—' },
    {
      key: 'clicks',
      title: t('campaigns.email.clicks'),
      align: 'right',
      render: (_, r) => r.clickCount || '—',
    },
    {
      key: 'error',
      title: t('campaigns.email.error'),
      render: (_, r) =>
        r.error ? (
          <Typography.Text type="danger" style={{ fontSize: 12 }}>
            {r.error}
          </Typography.Text>
        ) : null,
    },
  ];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={9}>
        <Card title={t('campaigns.email.stats')} data-testid="email-stats">
          {s && (
            <Row gutter={[12, 16]}>
              <Col span={8}>
                <Statistic title={t('campaigns.email.sentCount')} value={s.sent} />
              </Col>
              <Col span={8}>
                <Statistic title={t('campaigns.email.queuedCount')} value={s.queued} />
              </Col>
              <Col span={8}>
                <Statistic
                  title={t('campaigns.email.failedCount')}
                  value={s.failed}
                  styles={{ content: s.failed ? { color: '#cf1322' } : {} }}
                />
              </Col>
              <Col span={8}>
                <Statistic
                  title={t('campaigns.email.opened')}
                  value={s.opened}
                  suffix={<small>{pct(s.opened, s.sent)}%</small>}
                />
              </Col>
              <Col span={8}>
                <Statistic
                  title={t('campaigns.email.clicked')}
                  value={s.clicked}
                  suffix={<small>{pct(s.clicked, s.sent)}%</small>}
                />
              </Col>
              <Col span={8}>
                <Statistic title={t('campaigns.email.unsubscribed')} value={s.unsubscribed} />
              </Col>
              <Col span={24}>
                <Typography.Text type="secondary">{t('campaigns.email.links')}</Typography.Text>
                {s.links.map((l) => (
                  <Flex key={l.id} justify="space-between" gap={8} style={{ marginTop: 4 }}>
                    <Typography.Text ellipsis style={{ maxWidth: '80%' }}>
                      {l.url}
                    </Typography.Text>
                    <Typography.Text strong>{l.clicks}</Typography.Text>
                  </Flex>
                ))}
              </Col>
            </Row>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={15}>
        <Card
          title={t('campaigns.email.recipients')}
          extra={
            <Select
              allowClear
              placeholder={t('campaigns.email.allStatuses')}
              style={{ width: 140 }}
              value={status}
              onChange={setStatus}
              options={RECIPIENT_STATUSES.map((v) => ({
                value: v,
                label: t(`campaigns.recipientStatus.${v}`),
              }))}
            />
          }
        >
          <Table<CampaignRecipient>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={recipients.data?.items ?? []}
            loading={recipients.isLoading}
            pagination={{ pageSize: 10, showSizeChanger: false }}
            scroll={{ x: 'max-content' }}
            data-testid="email-recipients"
          />
        </Card>
      </Col>
    </Row>
  );
}

type TemplateValues = Pick<EmailTemplate, 'name' | 'subjectZh' | 'bodyZh' | 'subjectEn' | 'bodyEn'>;

/** The template editor: a subject and body per language and a picker that inserts merge fields. */
function TemplateDrawer({
  template,
  onClose,
  onSaved,
}: {
  template: EmailTemplate | null;
  onClose: () => void;
  onSaved: (t: EmailTemplate) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TemplateValues>();
  const save = useSaveTemplate();
  const [lang, setLang] = useState<'zh' | 'en'>('zh');
  // where the cursor was last: the field and the position the merge field goes to
  const cursor = useRef<{ field: keyof TemplateValues; pos: number } | null>(null);
  const track = (field: keyof TemplateValues) => ({
    onSelect: (e: React.SyntheticEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      cursor.current = { field, pos: e.currentTarget.selectionStart ?? 0 };
    },
    onFocus: (e: React.FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      cursor.current = { field, pos: e.currentTarget.selectionStart ?? e.currentTarget.value.length };
    },
  });
  const insert = (token: string) => {
    const target = cursor.current ?? { field: lang === 'zh' ? 'bodyZh' : 'bodyEn', pos: Infinity };
    const field = target.field;
    const value = String(form.getFieldValue(field) ?? '');
    const pos = Math.min(target.pos, value.length);
    form.setFieldValue(field, value.slice(0, pos) + token + value.slice(pos));
    cursor.current = { field, pos: pos + token.length };
  };

  const onSubmit = async (values: TemplateValues) => {
    const saved = await save.mutateAsync({
      id: template?.id,
      body: template ? { ...values, version: template.version } : values,
    });
    message.success(t('app.saved'));
    onSaved(saved);
    onClose();
  };

  const pane = (suffix: 'Zh' | 'En') => (
    <>
      <Form.Item
        name={`subject${suffix}`}
        label={t('campaigns.email.subject')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('validation.required', { field: t('campaigns.email.subject') }),
          },
        ]}
      >
        <Input maxLength={200} {...track(`subject${suffix}`)} data-testid={`template-subject-${suffix}`} />
      </Form.Item>
      <Form.Item
        name={`body${suffix}`}
        label={t('campaigns.email.body')}
        extra={t('campaigns.email.bodyHint')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('validation.required', { field: t('campaigns.email.body') }),
          },
        ]}
      >
        <Input.TextArea
          rows={12}
          maxLength={50_000}
          {...track(`body${suffix}`)}
          data-testid={`template-body-${suffix}`}
        />
      </Form.Item>
    </>
  );

  return (
    <FormDrawer<TemplateValues>
      open
      width={720}
      title={template ? t('campaigns.email.editTemplate') : t('campaigns.email.newTemplate')}
      form={form}
      initialValues={template ?? { name: '', subjectZh: '', bodyZh: '', subjectEn: '', bodyEn: '' }}
      onClose={onClose}
      onSubmit={onSubmit}
      testId="template-form"
    >
      <Form.Item
        name="name"
        label={t('campaigns.email.templateName')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('validation.required', { field: t('campaigns.email.templateName') }),
          },
        ]}
      >
        <Input maxLength={100} data-testid="template-name" />
      </Form.Item>
      <Typography.Text type="secondary">{t('campaigns.email.mergeFields')}</Typography.Text>
      <Flex gap={6} wrap style={{ margin: '6px 0 12px' }} data-testid="merge-fields">
        {TEMPLATE_MERGE_FIELDS.map((f) => (
          <Button
            key={f}
            size="small"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => insert(`{{${f}}}`)}
            title={`{{${f}}}`}
          >
            {t(`campaigns.email.mergeFieldNames.${f.replace('.', '_')}`)}
          </Button>
        ))}
      </Flex>
      <Tabs
        activeKey={lang}
        onChange={(k) => setLang(k as 'zh' | 'en')}
        items={[
          { key: 'zh', label: '简体中文', forceRender: true, children: pane('Zh') },
          { key: 'en', label: 'English', forceRender: true, children: pane('En') },
        ]}
      />
    </FormDrawer>
  );
}
