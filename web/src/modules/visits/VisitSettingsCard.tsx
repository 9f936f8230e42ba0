import { useEffect } from 'react';
import { App, Button, Card, Form, InputNumber, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import type { VisitSettings } from '@tuoke/shared';
import { useErrorHandler } from '../../app/errors';
import { useSaveVisitSettings, useVisitSettings } from './useVisits';

/** 拜访设置 (admins): how far from the customer a check-in may be, and how late is still on time. */
export function VisitSettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const { data } = useVisitSettings();
  const save = useSaveVisitSettings();
  const [form] = Form.useForm<VisitSettings>();
  useEffect(() => {
    if (data) form.setFieldsValue(data);
  }, [data, form]);

  if (!data) return <Skeleton active paragraph={{ rows: 4 }} />;
  return (
    <Card title={t('visits.settings.title')} style={{ maxWidth: 640 }}>
      <Form<VisitSettings>
        form={form}
        layout="vertical"
        initialValues={data}
        requiredMark={false}
        data-testid="visit-settings-form"
        onFinish={(values) =>
          save
            .mutateAsync(values)
            .then(() => message.success(t('app.saved')))
            .catch((err: unknown) => handleError(err, form))
        }
      >
        <Form.Item
          name="farThresholdM"
          label={t('visits.settings.farThreshold')}
          extra={t('visits.settings.farThresholdHint')}
          rules={[{ required: true, type: 'number', min: 50, max: 100_000 }]}
        >
          <InputNumber
            min={50}
            max={100_000}
            step={50}
            style={{ width: 200 }}

            data-testid="visit-settings-far"
          />
        </Form.Item>
        <Form.Item
          name="onTimeToleranceMinutes"
          label={t('visits.settings.tolerance')}
          extra={t('visits.settings.toleranceHint')}
          rules={[{ required: true, type: 'number', min: 0, max: 1440 }]}
        >
          <InputNumber
            min={0}
            max={1440}
            step={5}
            style={{ width: 200 }}

            data-testid="visit-settings-tolerance"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="visit-settings-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
