import { useState } from 'react';
import { Alert, Button, Form, Grid, Input, Modal, Typography } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Visit } from '@tuoke/shared';
import { RecordSelect } from '../../app/components/RecordSelect';
import { useErrorHandler } from '../../app/errors';
import { currentPosition, GeoError } from './geolocation';
import { useVisitWrite } from './useVisits';

/** 现场签到: a visit without a plan, created by checking in where the rep is now. */
export function SpotCheckInDialog({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (visit: Visit) => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<{ accountId?: string; purpose?: string }>();
  const write = useVisitWrite();
  const handleError = useErrorHandler();
  const [locating, setLocating] = useState(false);
  const [geoError, setGeoError] = useState<string | null>(null);

  const submit = async (values: { accountId?: string; purpose?: string }) => {
    setGeoError(null);
    setLocating(true);
    try {
      const pos = await currentPosition();
      const visit = await write.mutateAsync({
        kind: 'spot',
        body: {
          accountId: values.accountId!,
          purpose: values.purpose?.trim() || null,
          latitude: pos.latitude,
          longitude: pos.longitude,
          accuracy: pos.accuracy,
        },
      });
      form.resetFields();
      onDone(visit);
    } catch (err) {
      if (err instanceof GeoError) setGeoError(t(`visits.geo.${err.reason}`));
      else handleError(err, form);
    } finally {
      setLocating(false);
    }
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('visits.spotTitle')}
      width={screens.sm ? 480 : '100%'}
      style={screens.sm ? undefined : { top: 12, maxWidth: 'calc(100vw - 16px)' }}
      destroyOnHidden
      footer={null}
      data-testid="visit-spot"
    >
      <Typography.Paragraph type="secondary">{t('visits.spotHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item
          name="accountId"
          label={t('visits.fields.account')}
          rules={[{ required: true, message: t('validation.select', { field: t('visits.fields.account') }) }]}
        >
          <RecordSelect
            resource="accounts"
            placeholder={t('visits.fields.account')}
            data-testid="visit-spot-account"
          />
        </Form.Item>
        <Form.Item name="purpose" label={t('visits.fields.purpose')}>
          <Input maxLength={500} placeholder={t('visits.purposePlaceholder')} />
        </Form.Item>
        {geoError && <Alert type="error" showIcon title={geoError} style={{ marginBottom: 12 }} />}
        <Button
          type="primary"
          size="large"
          block
          htmlType="submit"
          icon={<EnvironmentOutlined />}
          loading={locating || write.isPending}
          style={{ height: 52, fontSize: 17 }}
          data-testid="visit-spot-submit"
        >
          {locating ? t('visits.locating') : t('visits.checkIn')}
        </Button>
      </Form>
    </Modal>
  );
}
