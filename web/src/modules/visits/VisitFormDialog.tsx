import { useEffect } from 'react';
import { App, Button, Flex, Form, Grid, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Visit } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { OwnerSelect } from '../../app/components/OwnerSelect';
import { RecordSelect } from '../../app/components/RecordSelect';
import { useErrorHandler } from '../../app/errors';
import { chinaToday, fromLocalInput, inChina, toLocalInput, useVisitWrite } from './useVisits';

interface Values {
  ownerId?: string | null;
  accountId?: string;
  plannedAt?: string;
  purpose?: string;
  contactId?: string | null;
  opportunityId?: string | null;
}

/** Tomorrow 10:00 China time, as a datetime-local value: where a new plan usually starts. */
function defaultSlot(): string {
  return inChina(Date.now()).add(1, 'day').format('YYYY-MM-DDT10:00');
}

/**
 * 新建拜访计划 / 修改计划: customer, when (China time), purpose, and optionally the contact and deal.
 * A manager picks whose visit it is; a rep plans his own.
 */
export function VisitFormDialog({
  open,
  onClose,
  visit,
  defaultDate,
  account,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  visit?: Visit | null;
  /** A day (YYYY-MM-DD) of the week on screen, for the default time. */
  defaultDate?: string;
  /** The customer, when planned from its page. */
  account?: { id: string; name: string };
  onSaved?: (visit: Visit) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const write = useVisitWrite();
  const handleError = useErrorHandler();
  const forOthers = (me?.permissions.visit?.scope ?? 'own') !== 'own';
  const ownerId = Form.useWatch('ownerId', form);
  const accountId = Form.useWatch('accountId', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      visit
        ? {
            ownerId: visit.ownerId,
            accountId: visit.accountId,
            plannedAt: toLocalInput(visit.plannedAt),
            purpose: visit.purpose ?? '',
            contactId: visit.contactId,
            opportunityId: visit.opportunityId,
          }
        : {
            ownerId: me?.user.id,
            accountId: account?.id,
            plannedAt: defaultDate && defaultDate > chinaToday() ? `${defaultDate}T10:00` : defaultSlot(),
          },
    );
  }, [open, visit, defaultDate, account?.id, form, me?.user.id]);

  const submit = async (values: Values) => {
    const plannedAt = fromLocalInput(values.plannedAt ?? '');
    if (!plannedAt) {
      form.setFields([
        { name: 'plannedAt', errors: [t('validation.required', { field: t('visits.fields.plannedAt') })] },
      ]);
      return;
    }
    const common = {
      accountId: values.accountId!,
      plannedAt,
      purpose: values.purpose?.trim() || null,
      contactId: values.contactId ?? null,
      opportunityId: values.opportunityId ?? null,
      ...(forOthers && values.ownerId ? { ownerId: values.ownerId } : {}),
    };
    try {
      const saved = await write.mutateAsync(
        visit
          ? { kind: 'update', id: visit.id, body: { ...common, version: visit.version } }
          : { kind: 'create', body: common },
      );
      message.success(visit ? t('app.saved') : t('visits.planned'));
      onClose();
      onSaved?.(saved);
    } catch (err) {
      handleError(err, form);
    }
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={visit ? t('visits.editTitle') : t('visits.formTitle')}
      width={screens.sm ? 560 : '100%'}
      style={screens.sm ? undefined : { top: 12, maxWidth: 'calc(100vw - 16px)' }}
      destroyOnHidden
      data-testid="visit-form"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={write.isPending}
            onClick={() => form.submit()}
            data-testid="visit-form-submit"
          >
            {t('visits.saveplan')}
          </Button>
        </Flex>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        {forOthers && (
          <Form.Item name="ownerId" label={t('visits.fields.owner')}>
            <OwnerSelect
              knownId={visit?.ownerId ?? me?.user.id}
              knownName={visit?.ownerName ?? me?.user.name}
              testId="visit-form-owner"
            />
          </Form.Item>
        )}
        <Form.Item
          name="accountId"
          label={t('visits.fields.account')}
          rules={[{ required: true, message: t('validation.select', { field: t('visits.fields.account') }) }]}
        >
          <RecordSelect
            resource="accounts"
            params={forOthers && ownerId ? { ownerId } : undefined}
            knownLabels={
              visit
                ? { [visit.accountId]: visit.accountName }
                : account
                  ? { [account.id]: account.name }
                  : undefined
            }
            placeholder={t('visits.fields.account')}
            data-testid="visit-form-account"
            onChange={(v) => {
              form.setFieldsValue({ accountId: v as string, contactId: null, opportunityId: null });
            }}
          />
        </Form.Item>
        <Form.Item
          name="plannedAt"
          label={t('visits.fields.plannedAt')}
          rules={[
            { required: true, message: t('validation.required', { field: t('visits.fields.plannedAt') }) },
          ]}
        >
          <Input type="datetime-local" step={300} data-testid="visit-form-planned-at" />
        </Form.Item>
        <Form.Item name="purpose" label={t('visits.fields.purpose')}>
          <Input
            maxLength={500}
            placeholder={t('visits.purposePlaceholder')}
            data-testid="visit-form-purpose"
          />
        </Form.Item>
        <Form.Item name="contactId" label={t('visits.fields.contact')}>
          <RecordSelect
            resource="contacts"
            params={{ accountId }}
            disabled={!accountId}
            knownLabels={
              visit?.contactId && visit.contactName ? { [visit.contactId]: visit.contactName } : undefined
            }
            placeholder={t('common.optional')}
            data-testid="visit-form-contact"
          />
        </Form.Item>
        <Form.Item name="opportunityId" label={t('visits.fields.opportunity')}>
          <RecordSelect
            resource="opportunities"
            params={{ accountId, status: 'open' }}
            disabled={!accountId}
            knownLabels={
              visit?.opportunityId && visit.opportunityName
                ? { [visit.opportunityId]: visit.opportunityName }
                : undefined
            }
            placeholder={t('common.optional')}
            data-testid="visit-form-opportunity"
          />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
