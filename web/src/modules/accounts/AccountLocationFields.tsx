import { useState } from 'react';
import { Alert, Button, Col, Form, Grid, InputNumber, Row, Typography, type FormInstance } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { currentPosition, GeoError } from '../visits/geolocation';

/**
 * The account's location as coordinates (WGS-84, what phones report): typed in, or taken from
 * where the browser is (a rep standing at the customer's door). Visit check-ins are measured
 * against it. Both or neither.
 */
export function AccountLocationFields({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [locating, setLocating] = useState(false);
  const [note, setNote] = useState<{ type: 'success' | 'error'; text: string } | null>(null);

  const fillFromBrowser = async () => {
    setNote(null);
    setLocating(true);
    try {
      const pos = await currentPosition();
      form.setFieldsValue({
        latitude: Math.round(pos.latitude * 1e6) / 1e6,
        longitude: Math.round(pos.longitude * 1e6) / 1e6,
      });
      void form.validateFields(['latitude', 'longitude']);
      setNote({ type: 'success', text: t('visits.location.filled', { m: pos.accuracy ?? '—' }) });
    } catch (err) {
      setNote({ type: 'error', text: err instanceof GeoError ? t(`visits.geo.${err.reason}`) : String(err) });
    } finally {
      setLocating(false);
    }
  };

  const pair = (other: 'latitude' | 'longitude') => ({
    validator: (_: unknown, value: number | null | undefined) => {
      const mine = value !== null && value !== undefined;
      const theirs = form.getFieldValue(other);
      return mine === (theirs !== null && theirs !== undefined)
        ? Promise.resolve()
        : Promise.reject(new Error(t('visits.location.bothOrNeither')));
    },
  });

  return (
    <div data-testid="account-location">
      <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
        {t('visits.location.title')}
      </Typography.Text>
      <Row gutter={12} align="top">
        <Col xs={12} sm={8}>
          <Form.Item
            name="latitude"
            label={t('visits.location.latitude')}
            dependencies={['longitude']}
            rules={[pair('longitude')]}
          >
            <InputNumber<number>
              min={-90}
              max={90}
              step={0.000001}
              precision={6}
              style={{ width: '100%' }}
              placeholder="31.230416"
              data-testid="account-latitude"
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name="longitude"
            label={t('visits.location.longitude')}
            dependencies={['latitude']}
            rules={[pair('latitude')]}
          >
            <InputNumber<number>
              min={-180}
              max={180}
              step={0.000001}
              precision={6}
              style={{ width: '100%' }}
              placeholder="121.473701"
              data-testid="account-longitude"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item label={screens.sm ? <span aria-hidden>&nbsp;</span> : undefined} colon={false}>
            <Button
              icon={<AimOutlined />}
              block
              loading={locating}
              onClick={() => void fillFromBrowser()}
              data-testid="account-use-location"
            >
              {t('visits.location.useMine')}
            </Button>
          </Form.Item>
        </Col>
      </Row>
      {note && (
        <Alert type={note.type} showIcon title={note.text} style={{ marginTop: -8, marginBottom: 12 }} />
      )}
      <Typography.Text
        type="secondary"
        style={{ display: 'block', fontSize: 12, marginTop: -12, marginBottom: 16 }}
      >
        {t('visits.location.hint')}
      </Typography.Text>
    </div>
  );
}
