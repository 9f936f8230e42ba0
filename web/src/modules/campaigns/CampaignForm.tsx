import { App, Col, Form, Input, Radio, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  CAMPAIGN_STATUSES,
  CAMPAIGN_TYPES,
  type Campaign,
  type CampaignCreate,
  type CampaignType,
} from '@tuoke/shared';
import { FormDrawer } from '../../app/components/FormDrawer';
import { DateInput, MoneyInput } from '../../app/components/inputs';
import { OwnerSelect } from '../../app/components/OwnerSelect';
import { nullifyEmpty } from '../../app/resource';
import { SourceSelect } from '../lead-intake/SourceSelect';
import { useSaveCampaign } from './useCampaigns';

type Values = CampaignCreate;
const NULLABLE: (keyof Values)[] = ['startDate', 'endDate', 'source', 'location', 'description'];

export function CampaignForm({
  open,
  onClose,
  campaign,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  campaign?: Campaign | null;
  onSaved?: (c: Campaign) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveCampaign();
  const type = Form.useWatch('type', form) as CampaignType | undefined;

  const onSubmit = async (values: Values) => {
    const body = nullifyEmpty({ ...values, name: values.name.trim(), budget: values.budget ?? 0 }, NULLABLE);
    const saved = await save.mutateAsync(
      campaign
        ? { id: campaign.id, body: { ...body, type: undefined, version: campaign.version } }
        : { body },
    );
    message.success(campaign ? t('app.saved') : t('app.created'));
    onClose();
    onSaved?.(saved);
  };

  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      title={campaign ? t('campaigns.edit') : t('campaigns.new')}
      form={form}
      initialValues={
        campaign
          ? {
              name: campaign.name,
              type: campaign.type,
              status: campaign.status,
              startDate: campaign.startDate,
              endDate: campaign.endDate,
              budget: campaign.budget,
              source: campaign.source,
              location: campaign.location,
              description: campaign.description,
              ownerId: campaign.ownerId,
            }
          : { type: 'event', status: 'planned', budget: 0 }
      }
      onSubmit={onSubmit}
      testId="campaign-form"
    >
      <Form.Item
        name="name"
        label={t('campaigns.name')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('validation.required', { field: t('campaigns.name') }),
          },
        ]}
      >
        <Input maxLength={200} data-testid="campaign-name" />
      </Form.Item>
      <Form.Item name="type" label={t('campaigns.type')}>
        <Radio.Group
          disabled={!!campaign}
          optionType="button"
          options={CAMPAIGN_TYPES.map((v) => ({ value: v, label: t(`campaigns.types.${v}`) }))}
          data-testid="campaign-type"
        />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="status" label={t('campaigns.status')}>
            <Select
              options={CAMPAIGN_STATUSES.map((v) => ({ value: v, label: t(`campaigns.statuses.${v}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="budget" label={t('campaigns.budget')}>
            <MoneyInput data-testid="campaign-budget" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="startDate" label={t('campaigns.startDate')}>
            <DateInput />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="endDate" label={t('campaigns.endDate')}>
            <DateInput />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="source" label={t('campaigns.source')} extra={t('campaigns.sourceHint')}>
        <SourceSelect current={campaign?.source} />
      </Form.Item>
      {type === 'event' && (
        <Form.Item name="location" label={t('campaigns.location')}>
          <Input maxLength={200} />
        </Form.Item>
      )}
      <Form.Item name="ownerId" label={t('campaigns.owner')}>
        <OwnerSelect
          knownId={campaign?.ownerId}
          knownName={campaign?.ownerName}
          placeholder={t('views.mine')}
        />
      </Form.Item>
      <Form.Item name="description" label={t('campaigns.description')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
    </FormDrawer>
  );
}
