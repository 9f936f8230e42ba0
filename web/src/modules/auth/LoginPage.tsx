import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Segmented, Typography } from 'antd';
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@tuoke/shared';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { LANGUAGES, setLocale } from '../../app/i18n';

const DEMO = { email: 'admin@tuoke.demo', password: 'tuoke-demo' };

interface LoginValues {
  email: string;
  password: string;
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [form] = Form.useForm<LoginValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = searchParams.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

  if (me) return <Navigate to={target} replace />;

  const onFinish = async ({ email, password }: LoginValues) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(email.trim(), password);
      navigate(target, { replace: true });
    } catch (err) {
      if (isApiError(err) && (err.status === 401 || err.status === 400)) setError(t('auth.failed'));
      else if (isApiError(err) && err.code === 'network') setError(t('app.networkError'));
      else setError((err as Error).message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-card">
        <Flex justify="space-between" align="center" style={{ marginBottom: 20 }}>
          <Flex align="center" gap={10}>
            <img src="/favicon.svg" alt="" width={36} height={36} />
            <div>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {t('app.name')}
              </Typography.Title>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('app.tagline')}
              </Typography.Text>
            </div>
          </Flex>
          <Segmented<Locale>
            size="small"
            value={i18n.language as Locale}
            onChange={(l) => void setLocale(l)}
            options={LANGUAGES.map((l) => ({
              value: l,
              label: <span data-testid={`login-lang-${l}`}>{l === 'zh-CN' ? '中文' : 'EN'}</span>,
            }))}
          />
        </Flex>
        <Card>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
            {t('auth.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('auth.subtitle')}</Typography.Paragraph>
          {error && (
            <Alert
              type="error"
              title={error}
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          )}
          <Form<LoginValues> form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
            <Form.Item
              name="email"
              label={t('auth.email')}
              rules={[{ required: true, message: t('auth.emailRequired') }]}
            >
              <Input
                prefix={<MailOutlined />}
                autoComplete="username"
                size="large"
                type="email"
                data-testid="login-email"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('auth.password')}
              rules={[{ required: true, message: t('auth.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                size="large"
                data-testid="login-password"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              size="large"
              loading={submitting}
              data-testid="login-submit"
            >
              {t('auth.submit')}
            </Button>
          </Form>
        </Card>
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          title={t('auth.demoHint', DEMO)}
          action={
            <Button
              size="small"
              type="link"
              onClick={() => form.setFieldsValue(DEMO)}
              data-testid="login-use-demo"
            >
              {t('auth.useDemo')}
            </Button>
          }
        />
      </div>
    </div>
  );
}
