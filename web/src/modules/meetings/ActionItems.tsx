import {
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ActionItem, Meeting } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { DateInput } from '../../app/components/inputs';
import { RecordSelect } from '../../app/components/RecordSelect';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useAddItem, useRemoveItem, useUpdateItem } from './useMeetings';

interface NewItem {
  title: string;
  ownerId: string;
  dueDate: string;
  opportunityId?: string | null;
}

/**
 * The meeting's action items: tick done (the owner their own, the organizer or manager any),
 * and while the meeting is planned, add (title, owner among the attendees, due date, deal) and remove.
 */
export function ActionItems({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { me } = useAuth();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<NewItem>();
  const add = useAddItem(meeting.id);
  const update = useUpdateItem(meeting.id);
  const remove = useRemoveItem(meeting.id);
  const canAdd = meeting.canManageItems && meeting.status === 'planned';

  const submit = (v: NewItem) =>
    add
      .mutateAsync({
        title: v.title.trim(),
        ownerId: v.ownerId,
        dueDate: v.dueDate,
        opportunityId: v.opportunityId || null,
      })
      .then(
        () => {
          message.success(t('meetings.items.added'));
          form.resetFields(['title', 'opportunityId']);
        },
        (err) => handleError(err, form),
      );

  const toggle = (i: ActionItem) =>
    update.mutate(
      { id: i.id, body: { status: i.status === 'done' ? 'open' : 'done', version: i.version } },
      { onError: (err) => handleError(err) },
    );

  return (
    <Card title={t('meetings.items.title')} styles={{ body: { padding: 0 } }} data-testid="meeting-items">
      <Table<ActionItem>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={meeting.actionItems}
        locale={{ emptyText: t('meetings.items.empty') }}
        columns={[
          {
            key: 'done',
            title: t('meetings.items.status'),
            width: 56,
            render: (_, i) => (
              <Checkbox
                checked={i.status === 'done'}
                disabled={!meeting.canManageItems && i.ownerId !== me?.user.id}
                onChange={() => toggle(i)}
                aria-label={i.title}
                data-testid={`item-done-${i.id}`}
              />
            ),
          },
          {
            key: 'title',
            title: t('meetings.items.titleField'),
            render: (_, i) => (
              <div style={{ minWidth: 160, maxWidth: 360 }}>
                <Typography.Text delete={i.status === 'done'}>{i.title}</Typography.Text>
                {i.opportunityId && i.opportunityName && (
                  <div>
                    <Link to={`/opportunities/${i.opportunityId}`} style={{ fontSize: 12 }}>
                      {i.opportunityName}
                    </Link>
                  </div>
                )}
              </div>
            ),
          },
          { key: 'owner', title: t('meetings.items.owner'), dataIndex: 'ownerName' },
          {
            key: 'due',
            title: t('meetings.items.dueDate'),
            render: (_, i) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                {fmt.date(i.dueDate)}{' '}
                {i.overdue && (
                  <Tag color="red" style={{ marginInlineEnd: 0 }}>
                    {t('meetings.items.overdue')}
                  </Tag>
                )}
                {i.status === 'done' && i.doneAt && (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      ✓ {fmt.dateTime(i.doneAt)}
                    </Typography.Text>
                  </div>
                )}
              </span>
            ),
          },
          ...(canAdd
            ? [
                {
                  key: 'actions',
                  width: 48,
                  render: (_: unknown, i: ActionItem) => (
                    <Popconfirm
                      title={t('meetings.items.removeConfirm')}
                      onConfirm={() => remove.mutateAsync(i.id).catch((err) => handleError(err))}
                    >
                      <Button
                        type="text"
                        size="small"
                        icon={<DeleteOutlined />}
                        aria-label={t('meetings.items.remove')}
                      />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canAdd && (
        <div style={{ padding: 12, borderTop: '1px solid #f0f0f0' }}>
          <Form<NewItem>
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={{ dueDate: dayjs(meeting.scheduledAt).add(7, 'day').format('YYYY-MM-DD') }}
            data-testid="item-form"
          >
            <Flex gap={8} wrap align="flex-start">
              <Form.Item
                name="title"
                label={t('meetings.items.titleField')}
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    message: t('validation.required', { field: t('meetings.items.titleField') }),
                  },
                  { max: 200 },
                ]}
                style={{ flex: '3 1 220px', marginBottom: 8 }}
              >
                <Input placeholder={t('meetings.items.titlePlaceholder')} data-testid="item-title" />
              </Form.Item>
              <Form.Item
                name="ownerId"
                label={t('meetings.items.owner')}
                rules={[
                  { required: true, message: t('validation.select', { field: t('meetings.items.owner') }) },
                ]}
                style={{ flex: '1 1 140px', marginBottom: 8 }}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={meeting.attendees.map((a) => ({ value: a.userId, label: a.name }))}
                  data-testid="item-owner"
                />
              </Form.Item>
              <Form.Item
                name="dueDate"
                label={t('meetings.items.dueDate')}
                rules={[
                  { required: true, message: t('validation.select', { field: t('meetings.items.dueDate') }) },
                ]}
                style={{ flex: '1 1 140px', marginBottom: 8 }}
              >
                <DateInput />
              </Form.Item>
              <Form.Item
                name="opportunityId"
                label={t('meetings.items.deal')}
                style={{ flex: '2 1 200px', marginBottom: 8 }}
              >
                <RecordSelect resource="opportunities" params={{ status: 'open' }} allowClear />
              </Form.Item>
              <Form.Item label=" " style={{ marginBottom: 8 }}>
                <Button
                  type="primary"
                  htmlType="submit"
                  icon={<PlusOutlined />}
                  loading={add.isPending}
                  data-testid="item-add"
                >
                  {t('meetings.items.add')}
                </Button>
              </Form.Item>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('meetings.items.hint')}
            </Typography.Text>
          </Form>
        </div>
      )}
    </Card>
  );
}
