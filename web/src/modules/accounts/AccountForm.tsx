import { App, Col, Form, Input, Radio, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  ACCOUNT_KINDS,
  ACCOUNT_LEVELS,
  ACCOUNT_SIZES,
  INCOME_BANDS,
  INDUSTRIES,
  SOURCES,
  type Account,
  type AccountCreate,
} from '@tuoke/shared';
import { EnumSelect } from '../../app/components/EnumSelect';
import { FormDrawer } from '../../app/components/FormDrawer';
import { OwnerSelect } from '../../app/components/OwnerSelect';
import { RegionInput } from '../../app/components/RegionInput';
import { nullifyEmpty } from '../../app/resource';
import { useFormDuplicates } from '../dedupe/useFormDuplicates';
import { AccountLocationFields } from './AccountLocationFields';
import { useSaveAccount } from './useAccounts';

const NULLABLE: (keyof AccountCreate)[] = [
  'industry',
  'size',
  'region',
  'level',
  'source',
  'address',
  'creditCode',
  'phone',
  'website',
  'notes',
  'latitude',
  'longitude',
];

export function AccountForm({
  open,
  onClose,
  account,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  account?: Account | null;
  onSaved?: (account: Account) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AccountCreate>();
  const save = useSaveAccount();
  const dup = useFormDuplicates(form, 'account', account?.id, open, onClose);
  const kind = Form.useWatch('kind', form);

  const onSubmit = async (values: AccountCreate) => {
    const body = nullifyEmpty({ ...values, name: values.name.trim() }, [...NULLABLE, 'incomeBand']);
    const saved = await save.mutateAsync(
      account ? { id: account.id, body: { ...body, version: account.version } } : { body },
    );
    message.success(account ? t('app.saved') : t('app.created'));
    onClose();
    onSaved?.(saved);
  };

  return (
    <FormDrawer<AccountCreate>
      open={open}
      onClose={onClose}
      title={account ? t('accounts.edit') : t('accounts.new')}
      form={form}
      initialValues={account ? { ...account, ownerId: account.ownerId ?? undefined } : { kind: 'company' }}
      onSubmit={onSubmit}
      testId="account-form"
    >
      <Form.Item
        name="name"
        label={t('fields.name')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('validation.required', { field: t('fields.name') }),
          },
        ]}
      >
        <Input maxLength={200} data-testid="account-name" />
      </Form.Item>
      {dup.warning(['name', 'similar_name'])}
      <Form.Item name="kind" label={t('fields.kind')}>
        <Radio.Group
          options={ACCOUNT_KINDS.map((v) => ({ value: v, label: t(`enums.accountKind.${v}`) }))}
          optionType="button"
        />
      </Form.Item>
      {kind === 'individual' && (
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="incomeBand" label={t('segments.fields.incomeBand')}>
              <EnumSelect group="incomeBand" values={INCOME_BANDS} data-testid="account-income-band" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="interests" label={t('segments.fields.interests')}>
              <Select
                mode="tags"
                maxCount={20}
                tokenSeparators={[',', '，', ' ']}
                placeholder={t('segments.interestsPlaceholder')}
                data-testid="account-interests"
              />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="industry" label={t('fields.industry')}>
            <EnumSelect group="industry" values={INDUSTRIES} data-testid="account-industry" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="size" label={t('fields.size')}>
            <EnumSelect group="accountSize" values={ACCOUNT_SIZES} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="level" label={t('fields.level')}>
            <EnumSelect group="accountLevel" values={ACCOUNT_LEVELS} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="source" label={t('fields.source')}>
            <EnumSelect group="source" values={SOURCES} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="region" label={t('fields.region')}>
            <RegionInput />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="phone" label={t('fields.phone')}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
      </Row>
      {dup.warning(['phone'])}
      <Form.Item name="website" label={t('fields.website')}>
        <Input maxLength={200} placeholder="https://" />
      </Form.Item>
      <Form.Item name="address" label={t('fields.address')}>
        <Input maxLength={300} />
      </Form.Item>
      <AccountLocationFields form={form} />
      <Form.Item
        name="creditCode"
        label={t('fields.creditCode')}
        normalize={(v: string) => (v ? v.toUpperCase().trim() : v)}
        rules={[
          {
            pattern: /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
            message: t('accounts.creditCodeInvalid'),
          },
        ]}
      >
        <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="account-credit-code" />
      </Form.Item>
      {dup.warning(['credit_code'])}
      <Form.Item name="ownerId" label={t('fields.owner')}>
        <OwnerSelect
          knownId={account?.ownerId}
          knownName={account?.ownerName}
          placeholder={t('views.mine')}
        />
      </Form.Item>
      <Form.Item name="notes" label={t('fields.notes')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      {dup.dialog}
    </FormDrawer>
  );
}
