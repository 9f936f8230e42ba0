import { App, Button, Card, Col, Form, Input, InputNumber, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ContractSettings } from '@tuoke/shared';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { previewContractNumber, useContractSettings, useSaveContractSettings } from './useContractSettings';

const PREFIX = /^[A-Za-z0-9]+$/;
const PREVIEW_BOX = {
  background: '#f5f7fb',
  border: '1px dashed #cbd5e1',
  borderRadius: 8,
  padding: '10px 14px',
  marginTop: 30,
} as const;
const PREVIEW_VALUE = {
  fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
  fontSize: 20,
  fontWeight: 600,
  letterSpacing: 0.5,
  color: '#1d4ed8',
  margin: '2px 0',
} as const;

/** 合同设置 (admins): the numbering prefix and how many days ahead expiries and installments are reminded. */
export function ContractSettingsPage() {
  const { t } = useTranslation();
  const { data } = useContractSettings();
  return (
    <div>
      <PageHeader title={t('contractSettings.title')} subtitle={t('contractSettings.subtitle')} />
      <Card style={{ maxWidth: 760 }}>
        {data ? <SettingsForm settings={data} /> : <Skeleton active paragraph={{ rows: 6 }} />}
      </Card>
    </div>
  );
}

function SettingsForm({ settings }: { settings: ContractSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<ContractSettings>();
  const save = useSaveContractSettings();
  const prefix = Form.useWatch('numberPrefix', form) ?? settings.numberPrefix;
  const prefixOk = PREFIX.test(prefix) && prefix.length <= 10;

  const onFinish = async (values: ContractSettings) => {
    try {
      await save.mutateAsync({ ...values, numberPrefix: values.numberPrefix.trim() });
      message.success(t('app.saved'));
    } catch (err) {
      handleError(err, form);
    }
  };

  return (
    <Form<ContractSettings>
      form={form}
      layout="vertical"
      initialValues={settings}
      onFinish={(v) => void onFinish(v)}
      requiredMark={false}
      data-testid="contract-settings-form"
    >
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('contractSettings.numbering')}
      </Typography.Title>
      <Row gutter={24} align="top">
        <Col xs={24} md={10}>
          <Form.Item
            name="numberPrefix"
            label={t('contractSettings.numberPrefix')}
            extra={t('contractSettings.numberPrefixHint')}
            rules={[
              {
                required: true,
                message: t('validation.required', { field: t('contractSettings.numberPrefix') }),
              },
              { pattern: PREFIX, message: t('contractSettings.prefixRule') },
              { max: 10, message: t('validation.max', { max: 10 }) },
            ]}
          >
            <Input maxLength={10} style={{ maxWidth: 220 }} data-testid="settings-prefix" />
          </Form.Item>
        </Col>
        <Col xs={24} md={14}>
          <div style={PREVIEW_BOX} data-testid="settings-preview">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('contractSettings.preview')}
            </Typography.Text>
            <div style={PREVIEW_VALUE}>{prefixOk ? previewContractNumber(prefix, new Date()) : '—'}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('contractSettings.previewHint')}
            </Typography.Text>
          </div>
        </Col>
      </Row>
      <Typography.Title level={5}>{t('contractSettings.reminders')}</Typography.Title>
      <Row gutter={24}>
        <Col xs={24} md={12}>
          <Form.Item
            name="expiryReminderDays"
            label={t('contractSettings.expiryReminderDays')}
            extra={t('contractSettings.expiryReminderHint')}
            rules={[
              {
                required: true,
                message: t('validation.required', { field: t('contractSettings.expiryReminderDays') }),
              },
            ]}
          >
            <InputNumber
              min={1}
              max={365}
              precision={0}
              suffix={t('contractSettings.days')}
              style={{ width: 180 }}
              data-testid="settings-expiry-days"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="paymentReminderDays"
            label={t('contractSettings.paymentReminderDays')}
            extra={t('contractSettings.paymentReminderHint')}
            rules={[
              {
                required: true,
                message: t('validation.required', { field: t('contractSettings.paymentReminderDays') }),
              },
            ]}
          >
            <InputNumber
              min={1}
              max={90}
              precision={0}
              suffix={t('contractSettings.days')}
              style={{ width: 180 }}
              data-testid="settings-payment-days"
            />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}
