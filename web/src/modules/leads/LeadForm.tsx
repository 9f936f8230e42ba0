import { App, Checkbox, Col, ConfigProvider, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { INDUSTRIES, LEAD_STATUSES, LOCALES, type Lead, type LeadCreate } from '@tuoke/shared';
import { EnumSelect } from '../../app/components/EnumSelect';
import { FormDrawer } from '../../app/components/FormDrawer';
import { OwnerSelect } from '../../app/components/OwnerSelect';
import { RegionInput } from '../../app/components/RegionInput';
import { nullifyEmpty } from '../../app/resource';
import { useFormDuplicates } from '../dedupe/useFormDuplicates';
import { SourceSelect } from '../lead-intake/SourceSelect';
import { useSaveLead } from './useLeads';

const NULLABLE: (keyof LeadCreate)[] = [
  'locale',
  'company',
  'title',
  'phone',
  'email',
  'wechat',
  'source',
  'region',
  'industry',
  'notes',
];

export function LeadForm({
  open,
  onClose,
  lead,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  lead?: Lead | null;
  onSaved?: (lead: Lead) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<LeadCreate>();
  const save = useSaveLead();
  // a converted lead is read-only except its notes
  const converted = lead?.status === 'converted';
  const dup = useFormDuplicates(form, 'lead', lead?.id, open && !converted, onClose);

  const onSubmit = async (values: LeadCreate) => {
    const body = nullifyEmpty({ ...values, name: values.name.trim() }, NULLABLE);
    const saved = await save.mutateAsync(
      lead ? { id: lead.id, body: { ...body, version: lead.version } } : { body },
    );
    message.success(lead ? t('app.saved') : t('app.created'));
    onClose();
    onSaved?.(saved);
  };

  return (
    <FormDrawer<LeadCreate>
      open={open}
      onClose={onClose}
      title={lead ? t('leads.edit') : t('leads.new')}
      form={form}
      initialValues={lead ?? { status: 'new' }}
      onSubmit={onSubmit}
      testId="lead-form"
    >
      <ConfigProvider componentDisabled={converted}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('fields.contactName')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('validation.required', { field: t('fields.contactName') }),
                },
              ]}
            >
              <Input maxLength={100} data-testid="lead-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="status" label={t('fields.status')}>
              <EnumSelect
                group="leadStatus"
                values={LEAD_STATUSES.filter((v) => v !== 'converted' || converted)}
                allowClear={false}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="company" label={t('fields.company')}>
              <Input maxLength={200} data-testid="lead-company" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="title" label={t('fields.title')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('fields.phone')}>
              <Input maxLength={40} data-testid="lead-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="wechat" label={t('fields.wechat')}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
        </Row>
        {dup.warning(['name', 'similar_name', 'phone'])}
        <Form.Item
          name="email"
          label={t('fields.email')}
          rules={[{ type: 'email', message: t('contacts.emailInvalid') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        {dup.warning(['email'])}
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="source" label={t('fields.source')}>
              <SourceSelect current={lead?.source} data-testid="lead-source" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="industry" label={t('fields.industry')}>
              <EnumSelect group="industry" values={INDUSTRIES} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="region" label={t('fields.region')}>
              <RegionInput />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="ownerId" label={t('fields.owner')} extra={t('leads.poolHint')}>
          <OwnerSelect
            knownId={lead?.ownerId}
            knownName={lead?.ownerName}
            allowClear
            placeholder={t('leads.pool')}
          />
        </Form.Item>
        {!lead && (
          <Form.Item noStyle shouldUpdate={(a, b) => a.ownerId !== b.ownerId}>
            {({ getFieldValue }) =>
              !getFieldValue('ownerId') && (
                <Form.Item name="autoAssign" valuePropName="checked" style={{ marginTop: -8 }}>
                  <Checkbox data-testid="lead-auto-assign">{t('leadIntake.assignments.autoAssign')}</Checkbox>
                </Form.Item>
              )
            }
          </Form.Item>
        )}
      </ConfigProvider>
      <Form.Item name="locale" label={t('campaigns.email.locale')}>
        <EnumSelect group="locale" values={LOCALES} placeholder={t('enums.locale.zh-CN')} />
      </Form.Item>
      <Form.Item name="notes" label={t('fields.notes')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      {dup.dialog}
    </FormDrawer>
  );
}
