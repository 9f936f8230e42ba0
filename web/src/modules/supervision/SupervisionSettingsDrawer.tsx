import { Alert, App, Col, Flex, Form, InputNumber, Row, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_LEVELS, type SupervisionSettings, type SupervisionSettingsUpdate } from '@tuoke/shared';
import { FormDrawer } from '../../app/components/FormDrawer';
import { useSaveSupervisionSettings, useSupervisionSettings } from './useSupervision';

type Level = (typeof ACCOUNT_LEVELS)[number];
interface Values {
  defaultStallDays: number;
  forgottenDays: number;
  forgottenDaysByLevel?: Partial<Record<Level, number | null>>;
  notifyOwners: boolean;
  notifyManagers: boolean;
}

/** 督导设置 (admins): default stall days, forgotten-customer days (per level), who the daily job tells. */
export function SupervisionSettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { data } = useSupervisionSettings(open);
  // the form starts from the saved values, so it is only built once they are here
  return data ? <SettingsForm open={open} onClose={onClose} settings={data} /> : null;
}

function SettingsForm({
  open,
  onClose,
  settings,
}: {
  open: boolean;
  onClose: () => void;
  settings: SupervisionSettings;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveSupervisionSettings();

  const onSubmit = async (values: Values) => {
    const byLevel: NonNullable<SupervisionSettingsUpdate['forgottenDaysByLevel']> = {};
    for (const level of ACCOUNT_LEVELS) byLevel[level] = values.forgottenDaysByLevel?.[level] ?? null;
    await save.mutateAsync({
      defaultStallDays: values.defaultStallDays,
      forgottenDays: values.forgottenDays,
      forgottenDaysByLevel: byLevel,
      notifyOwners: Boolean(values.notifyOwners),
      notifyManagers: Boolean(values.notifyManagers),
    });
    message.success(t('app.saved'));
    onClose();
  };

  const days = t('supervision.daysUnit');
  const required = (field: string) => [
    { required: true, message: t('validation.required', { field: t(`supervision.settingsForm.${field}`) }) },
  ];

  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      title={t('supervision.settingsForm.title')}
      form={form}
      initialValues={{
        defaultStallDays: settings.defaultStallDays,
        forgottenDays: settings.forgottenDays,
        forgottenDaysByLevel: settings.forgottenDaysByLevel,
        notifyOwners: settings.notifyOwners,
        notifyManagers: settings.notifyManagers,
      }}
      onSubmit={onSubmit}
      width={560}
      testId="supervision-settings-form"
    >
      <Alert type="info" showIcon title={t('supervision.settingsForm.hint')} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="defaultStallDays"
            label={t('supervision.settingsForm.defaultStallDays')}
            extra={t('supervision.settingsForm.defaultStallDaysHint')}
            rules={required('defaultStallDays')}
          >
            <InputNumber
              min={1}
              max={365}
              precision={0}
              suffix={days}
              style={{ width: '100%' }}
              data-testid="supervision-stall-days"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="forgottenDays"
            label={t('supervision.settingsForm.forgottenDays')}
            extra={t('supervision.settingsForm.forgottenDaysHint')}
            rules={required('forgottenDays')}
          >
            <InputNumber
              min={1}
              max={365}
              precision={0}
              suffix={days}
              style={{ width: '100%' }}
              data-testid="supervision-forgotten-days"
            />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 4, marginBottom: 0 }}>
        {t('supervision.settingsForm.byLevel')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('supervision.settingsForm.byLevelHint')}
      </Typography.Paragraph>
      <Row gutter={12}>
        {ACCOUNT_LEVELS.map((level) => (
          <Col key={level} xs={12} sm={6}>
            <Form.Item
              name={['forgottenDaysByLevel', level]}
              label={t('supervision.settingsForm.levelLabel', { level })}
            >
              <InputNumber
                min={1}
                max={365}
                precision={0}
                placeholder={String(settings.forgottenDays)}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Typography.Title level={5} style={{ marginTop: 4 }}>
        {t('supervision.settingsForm.notifications')}
      </Typography.Title>
      {(['notifyOwners', 'notifyManagers'] as const).map((name) => (
        <Flex key={name} gap={10} align="center" style={{ marginBottom: 12 }}>
          <Form.Item name={name} valuePropName="checked" noStyle>
            <Switch id={`supervision-${name}`} data-testid={`supervision-${name}`} />
          </Form.Item>
          <label htmlFor={`supervision-${name}`}>{t(`supervision.settingsForm.${name}`)}</label>
        </Flex>
      ))}
    </FormDrawer>
  );
}
