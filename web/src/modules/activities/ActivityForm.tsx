import { Col, Form, Input, Radio, Row, Select, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  ACTIVITY_TYPES,
  RELATED_TYPES,
  type Activity,
  type ActivityType,
  type RelatedType,
} from '@tuoke/shared';
import { FormDrawer } from '../../app/components/FormDrawer';
import { DateTimeInput } from '../../app/components/inputs';
import { RecordSelect } from '../../app/components/RecordSelect';
import { useSaveRecord } from '../../app/resource';
import { App } from 'antd';
import { ACTIVITY_ICONS, RELATED_RESOURCES } from './activityMeta';

export interface RelatedRef {
  type: RelatedType;
  id: string;
  name?: string;
}

interface ActivityFormValues {
  type: ActivityType;
  subject: string;
  body?: string | null;
  dueAt?: string | null;
  done?: boolean;
  nextStep?: string | null;
  location?: string | null;
  relatedType?: RelatedType | null;
  relatedId?: string | null;
}

interface ActivityFormProps {
  open: boolean;
  onClose: () => void;
  activity?: Activity | null;
  related?: RelatedRef | null;
  defaultType?: ActivityType;
}

export function ActivityForm({ open, onClose, activity, related, defaultType = 'call' }: ActivityFormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActivityFormValues>();
  const save = useSaveRecord<Activity>('activities');
  const type = Form.useWatch('type', form);
  const relatedType = Form.useWatch('relatedType', form);
  const isEdit = Boolean(activity);
  const fixedRelated = related ?? null;

  const initialValues: ActivityFormValues = activity
    ? {
        type: activity.type,
        subject: activity.subject,
        body: activity.body,
        dueAt: activity.dueAt,
        done: Boolean(activity.doneAt),
        nextStep: activity.nextStep,
        location: activity.location,
        relatedType: activity.relatedType,
        relatedId: activity.relatedId,
      }
    : {
        type: defaultType,
        subject: '',
        done: defaultType !== 'task',
        relatedType: fixedRelated?.type ?? null,
        relatedId: fixedRelated?.id ?? null,
      };

  const onSubmit = async (values: ActivityFormValues) => {
    const doneAt = values.done ? (activity?.doneAt ?? new Date().toISOString()) : null;
    const common = {
      type: values.type,
      subject: values.subject.trim(),
      body: values.body || null,
      dueAt: values.dueAt ?? null,
      doneAt,
      nextStep: values.nextStep || null,
      location: values.type === 'visit' ? values.location || null : (values.location ?? null) || null,
    };
    if (activity) {
      await save.mutateAsync({ id: activity.id, body: { ...common, version: activity.version } });
      message.success(t('app.saved'));
    } else {
      const relType = fixedRelated?.type ?? values.relatedType ?? null;
      const relId = fixedRelated?.id ?? values.relatedId ?? null;
      await save.mutateAsync({
        body: { ...common, relatedType: relId ? relType : null, relatedId: relId },
      });
      message.success(t('app.created'));
    }
    onClose();
  };

  const relatedLabel = activity?.relatedName ?? fixedRelated?.name;
  const shownRelatedType = activity?.relatedType ?? fixedRelated?.type;

  return (
    <FormDrawer<ActivityFormValues>
      open={open}
      onClose={onClose}
      title={isEdit ? t('activities.edit') : t('activities.logActivity')}
      form={form}
      initialValues={initialValues}
      onSubmit={onSubmit}
      testId="activity-form"
    >
      <Form.Item name="type" label={t('fields.type')} rules={[{ required: true }]}>
        <Radio.Group optionType="button" buttonStyle="solid" data-testid="activity-type">
          {ACTIVITY_TYPES.map((v) => (
            <Radio.Button key={v} value={v} data-testid={`activity-type-${v}`}>
              <span style={{ marginRight: 4 }}>{ACTIVITY_ICONS[v]}</span>
              {t(`enums.activityType.${v}`)}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="subject"
        label={t('fields.subject')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('validation.required', { field: t('fields.subject') }),
          },
        ]}
      >
        <Input maxLength={200} data-testid="activity-subject" />
      </Form.Item>
      <Form.Item name="body" label={t('fields.body')}>
        <Input.TextArea rows={4} maxLength={10000} data-testid="activity-body" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={16}>
          <Form.Item name="dueAt" label={t('fields.dueAt')}>
            <DateTimeInput />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="done" label={t('fields.done')} valuePropName="checked">
            <Switch data-testid="activity-done" />
          </Form.Item>
        </Col>
      </Row>
      {type === 'visit' && (
        <Form.Item name="location" label={t('fields.location')}>
          <Input maxLength={200} data-testid="activity-location" />
        </Form.Item>
      )}
      <Form.Item name="nextStep" label={t('fields.nextStep')}>
        <Input maxLength={500} data-testid="activity-next-step" />
      </Form.Item>
      {isEdit || fixedRelated ? (
        shownRelatedType && (
          <Form.Item label={t('fields.related')}>
            <Tag>{t(`enums.relatedType.${shownRelatedType}`)}</Tag>
            {relatedLabel}
          </Form.Item>
        )
      ) : (
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="relatedType" label={t('fields.relatedType')}>
              <Select
                allowClear
                placeholder={t('activities.noRelated')}
                options={RELATED_TYPES.map((v) => ({ value: v, label: t(`enums.relatedType.${v}`) }))}
                onChange={() => form.setFieldValue('relatedId', null)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="relatedId" label={t('fields.relatedId')}>
              {relatedType ? (
                <RecordSelect key={relatedType} resource={RELATED_RESOURCES[relatedType]} />
              ) : (
                <Select disabled />
              )}
            </Form.Item>
          </Col>
        </Row>
      )}
    </FormDrawer>
  );
}
