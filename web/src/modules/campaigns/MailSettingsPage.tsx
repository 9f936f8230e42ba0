import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Skeleton,
  Switch,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { MailSettingsUpdate } from '@tuoke/shared';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useMailSettings, useSaveMailSettings } from './useCampaigns';

type Values = Omit<MailSettingsUpdate, 'password'> & { password?: string };

/** The organisation's SMTP server (administrators). The password is write-only. */
export function MailSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const { data: settings, isLoading } = useMailSettings();
  const save = useSaveMailSettings();
  const [form] = Form.useForm<Values>();
  const [clearPassword, setClearPassword] = useState(false);

  if (isLoading) return <Skeleton active />;

  const onFinish = async (v: Values) => {
    const body: Record<string, unknown> = {
      host: v.host.trim(),
      port: v.port,
      secure: v.secure,
      username: v.username?.trim() || null,
      fromEmail: v.fromEmail.trim(),
      fromName: v.fromName?.trim() || null,
      publicUrl: v.publicUrl.trim(),
    };
    if (clearPassword) body.password = null;
    else if (v.password) body.password = v.password;
    try {
      await save.mutateAsync(body);
      message.success(t('mailSettings.saved'));
      form.setFieldValue('password', undefined);
      setClearPassword(false);
    } catch (err) {
      handleError(err, form);
    }
  };

  return (
    <div data-testid="mail-settings">
      <PageHeader title={t('mailSettings.title')} subtitle={t('mailSettings.subtitle')} />
      <Card style={{ maxWidth: 760 }}>
        {settings?.hasPassword && (
          <Alert
            style={{ marginBottom: 16 }}
            type={settings.passwordEncrypted ? 'success' : 'warning'}
            showIcon
            message={
              settings.passwordEncrypted ? t('mailSettings.encrypted') : t('mailSettings.notEncrypted')
            }
          />
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={onFinish}
          initialValues={
            settings
              ? {
                  host: settings.host,
                  port: settings.port,
                  secure: settings.secure,
                  username: settings.username,
                  fromEmail: settings.fromEmail,
                  fromName: settings.fromName,
                  publicUrl: settings.publicUrl,
                }
              : { port: 465, secure: true, publicUrl: window.location.origin }
          }
        >
          <Row gutter={12}>
            <Col xs={24} sm={16}>
              <Form.Item
                name="host"
                label={t('mailSettings.host')}
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    message: t('validation.required', { field: t('mailSettings.host') }),
                  },
                ]}
              >
                <Input placeholder="smtp.exmail.qq.com" data-testid="mail-host" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item name="port" label={t('mailSettings.port')} rules={[{ required: true }]}>
                <InputNumber min={1} max={65535} style={{ width: '100%' }} data-testid="mail-port" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="secure" label={t('mailSettings.secure')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="username" label={t('mailSettings.username')}>
                <Input autoComplete="off" data-testid="mail-username" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="password"
                label={t('mailSettings.password')}
                extra={
                  settings?.hasPassword ? t('mailSettings.passwordKept') : t('mailSettings.passwordNone')
                }
              >
                <Input.Password
                  autoComplete="new-password"
                  disabled={clearPassword}
                  data-testid="mail-password"
                />
              </Form.Item>
              {settings?.hasPassword && (
                <Checkbox
                  checked={clearPassword}
                  onChange={(e) => setClearPassword(e.target.checked)}
                  style={{ marginTop: -12, marginBottom: 12 }}
                >
                  {t('mailSettings.clearPassword')}
                </Checkbox>
              )}
            </Col>
          </Row>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="fromEmail"
                label={t('mailSettings.fromEmail')}
                rules={[{ required: true, type: 'email', message: t('serverErrors.email') }]}
              >
                <Input placeholder="marketing@example.com" data-testid="mail-from" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="fromName" label={t('mailSettings.fromName')}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="publicUrl"
            label={t('mailSettings.publicUrl')}
            extra={t('mailSettings.publicUrlHint')}
            rules={[{ required: true, pattern: /^https?:\/\/[^\s/?#]+/, message: t('serverErrors.pattern') }]}
          >
            <Input data-testid="mail-public-url" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="mail-save">
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
