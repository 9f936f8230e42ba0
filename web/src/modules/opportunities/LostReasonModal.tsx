import { useState } from 'react';
import { Form, Input, Modal, Typography, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';

/** Asks why a deal was lost before it moves to a lost stage. */
export function LostReasonModal({
  open,
  stageName,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  stageName?: string;
  onCancel: () => void;
  onSubmit: (reason: string, competitor?: string) => Promise<void> | void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ lostReason: string; lostCompetitor?: string }>();
  const [saving, setSaving] = useState(false);
  return (
    <Modal
      open={open}
      title={stageName ? `${t('opportunities.lostTitle')} · ${stageName}` : t('opportunities.lostTitle')}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        danger: true,
        loading: saving,
        ...({ 'data-testid': 'lost-reason-submit' } as ButtonProps),
      }}
      onCancel={onCancel}
      destroyOnHidden
      onOk={async () => {
        const { lostReason, lostCompetitor } = await form.validateFields();
        setSaving(true);
        try {
          await onSubmit(lostReason.trim(), lostCompetitor?.trim() || undefined);
        } finally {
          setSaving(false);
        }
      }}
    >
      <Typography.Paragraph type="secondary">{t('opportunities.lostHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="lostReason"
          label={t('fields.lostReason')}
          rules={[{ required: true, whitespace: true, message: t('opportunities.lostReasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} autoFocus data-testid="lost-reason" />
        </Form.Item>
        <Form.Item name="lostCompetitor" label={t('fields.lostCompetitor')}>
          <Input maxLength={200} data-testid="lost-competitor" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
