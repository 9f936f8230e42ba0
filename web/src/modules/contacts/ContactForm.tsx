import { App, Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { DECISION_ROLES, LOCALES, type Contact, type ContactCreate } from '@tuoke/shared';
import { EnumSelect } from '../../app/components/EnumSelect';
import { FormDrawer } from '../../app/components/FormDrawer';
import { DateInput } from '../../app/components/inputs';
import { OwnerSelect } from '../../app/components/OwnerSelect';
import { RecordSelect } from '../../app/components/RecordSelect';
import { nullifyEmpty } from '../../app/resource';
import { useFormDuplicates } from '../dedupe/useFormDuplicates';
import { useSaveContact } from './useContacts';

const NULLABLE: (keyof ContactCreate)[] = [
  'locale',
  'accountId',
  'title',
  'phone',
  'email',
  'wechat',
  'birthday',
  'decisionRole',
  'notes',
];

export function ContactForm({
  open,
  onClose,
  contact,
  account,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  contact?: Contact | null;
  /** Preselects the account when adding a contact from an account page. */
  account?: { id: string; name: string } | null;
  onSaved?: (contact: Contact) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContactCreate>();
  const save = useSaveContact();
  const dup = useFormDuplicates(form, 'contact', contact?.id, open, onClose);

  const onSubmit = async (values: ContactCreate) => {
    const body = nullifyEmpty({ ...values, name: values.name.trim() }, NULLABLE);
    const saved = await save.mutateAsync(
      contact ? { id: contact.id, body: { ...body, version: contact.version } } : { body },
    );
    message.success(contact ? t('app.saved') : t('app.created'));
    onClose();
    onSaved?.(saved);
  };

  const knownAccount =
    contact?.accountId && contact.accountName
      ? { [contact.accountId]: contact.accountName }
      : account
        ? { [account.id]: account.name }
        : undefined;

  return (
    <FormDrawer<ContactCreate>
      open={open}
      onClose={onClose}
      title={contact ? t('contacts.edit') : t('contacts.new')}
      form={form}
      initialValues={
        contact ? { ...contact, ownerId: contact.ownerId ?? undefined } : { accountId: account?.id }
      }
      onSubmit={onSubmit}
      testId="contact-form"
    >
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
            <Input maxLength={100} data-testid="contact-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="title" label={t('fields.title')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="accountId" label={t('fields.account')}>
        <RecordSelect resource="accounts" knownLabels={knownAccount} data-testid="contact-account" />
      </Form.Item>
      <Form.Item name="decisionRole" label={t('fields.decisionRole')}>
        <EnumSelect group="decisionRole" values={DECISION_ROLES} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="phone" label={t('fields.phone')}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="wechat" label={t('fields.wechat')}>
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="email"
            label={t('fields.email')}
            rules={[{ type: 'email', message: t('contacts.emailInvalid') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="birthday" label={t('fields.birthday')}>
            <DateInput />
          </Form.Item>
        </Col>
      </Row>
      {dup.warning(['phone', 'email'])}
      <Form.Item name="ownerId" label={t('fields.owner')}>
        <OwnerSelect
          knownId={contact?.ownerId}
          knownName={contact?.ownerName}
          placeholder={t('views.mine')}
        />
      </Form.Item>
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
