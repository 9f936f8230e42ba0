import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { CopyOutlined, LinkOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Contact } from '@tuoke/shared';
import { useErrorHandler } from '../../app/errors';
import { useList } from '../../app/resource';
import { useInvite, useQuestionnaires } from './useQuestionnaires';

interface Values {
  questionnaireId: string;
  contactId?: string | null;
  expiresInDays: number | 'none';
}

/**
 * Creates a questionnaire link for one customer (and contact) and shows it once to copy: only
 * the token's hash is kept on the server.
 */
export function SendQuestionnaireDialog({
  open,
  onClose,
  account,
}: {
  open: boolean;
  onClose: () => void;
  account: { id: string; name: string };
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<Values>();
  const [link, setLink] = useState<string | null>(null);
  const published = useQuestionnaires('published', open);
  const contacts = useList<Contact>('contacts', { accountId: account.id, limit: 100, sort: 'name' }, open);
  const invite = useInvite();

  const close = () => {
    setLink(null);
    form.resetFields();
    onClose();
  };
  useEffect(() => {
    const first = published.data?.items[0];
    if (open && first && !form.getFieldValue('questionnaireId'))
      form.setFieldValue('questionnaireId', first.id);
  }, [open, published.data, form]);

  const submit = async (v: Values) => {
    try {
      const r = await invite.mutateAsync({
        id: v.questionnaireId,
        body: {
          accountId: account.id,
          contactId: v.contactId ?? null,
          expiresInDays: v.expiresInDays === 'none' ? null : v.expiresInDays,
        },
      });
      setLink(`${window.location.origin}${r.path}`);
    } catch (err) {
      handleError(err, form);
    }
  };

  const copy = () => {
    void navigator.clipboard?.writeText(link ?? '');
    message.success(t('questionnaires.linkCopied'));
  };

  return (
    <Modal
      open={open}
      onCancel={close}
      title={`${t('questionnaires.sendTitle')} · ${account.name}`}
      destroyOnHidden
      data-testid="send-questionnaire"
      footer={
        link ? (
          <Button onClick={close}>{t('common.confirm')}</Button>
        ) : (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              icon={<LinkOutlined />}
              loading={invite.isPending}
              disabled={!published.data?.items.length}
              onClick={() => form.submit()}
              data-testid="send-questionnaire-create"
            >
              {t('questionnaires.createLink')}
            </Button>
          </Flex>
        )
      }
    >
      {link ? (
        <>
          <Alert type="success" showIcon title={t('questionnaires.linkReady')} style={{ marginBottom: 12 }} />
          <Input.TextArea value={link} readOnly autoSize data-testid="questionnaire-link" />
          <Flex gap={8} style={{ marginTop: 12 }}>
            <Button
              type="primary"
              icon={<CopyOutlined />}
              onClick={copy}
              data-testid="questionnaire-link-copy"
            >
              {t('questionnaires.copyLink')}
            </Button>
            <Button href={link} target="_blank" rel="noreferrer">
              {t('questionnaires.openLink')}
            </Button>
          </Flex>
        </>
      ) : (
        <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ expiresInDays: 30 }}>
          {published.isSuccess && published.data.items.length === 0 && (
            <Typography.Paragraph type="warning">{t('questionnaires.noPublished')}</Typography.Paragraph>
          )}
          <Form.Item
            name="questionnaireId"
            label={t('questionnaires.pickQuestionnaire')}
            rules={[{ required: true, message: t('questionnaires.pickQuestionnaire') }]}
          >
            <Select
              loading={published.isLoading}
              options={(published.data?.items ?? []).map((q) => ({
                value: q.id,
                label: `${q.title}（${t('questionnaires.languages.' + q.language)}）`,
              }))}
              data-testid="send-questionnaire-pick"
            />
          </Form.Item>
          <Form.Item
            name="contactId"
            label={t('questionnaires.recipient')}
            extra={t('questionnaires.recipientHint')}
          >
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={(contacts.data?.items ?? []).map((c) => ({
                value: c.id,
                label: c.title ? `${c.name}（${c.title}）` : c.name,
              }))}
            />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('questionnaires.expiry')}>
            <Select
              options={[
                ...[7, 14, 30, 90].map((n) => ({ value: n, label: t('questionnaires.expiryDays', { n }) })),
                { value: 'none', label: t('questionnaires.noExpiry') },
              ]}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
