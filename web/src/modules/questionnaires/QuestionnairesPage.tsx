import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale, type Questionnaire, type QuestionnaireStatus } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useCreateQuestionnaire, useDeleteQuestionnaire, useQuestionnaires } from './useQuestionnaires';

const STATUS_COLORS: Record<QuestionnaireStatus, string> = {
  draft: 'default',
  published: 'success',
  archived: 'default',
};

export function QuestionnaireStatusTag({ status }: { status: QuestionnaireStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`questionnaires.statuses.${status}`)}</Tag>;
}

/** The organisation's questionnaires; a new one opens in the builder. */
export function QuestionnairesPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const handleError = useErrorHandler();
  const [status, setStatus] = useState<QuestionnaireStatus | undefined>();
  const { data, isLoading } = useQuestionnaires(status);
  const create = useCreateQuestionnaire();
  const remove = useDeleteQuestionnaire();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ title: string; language: Locale }>();

  const columns: ColumnsType<Questionnaire> = [
    {
      key: 'title',
      title: t('questionnaires.newTitle'),
      render: (_, q) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/questionnaires/${q.id}`}>{q.title}</Link>
          {q.intro && (
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12, maxWidth: 420 }}
              ellipsis={{ tooltip: q.intro }}
            >
              {q.intro}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('fields.status'),
      render: (_, q) => <QuestionnaireStatusTag status={q.status} />,
    },
    {
      key: 'lang',
      title: t('questionnaires.language'),
      render: (_, q) => t(`questionnaires.languages.${q.language}`),
    },
    {
      key: 'count',
      title: t('questionnaires.questionCount'),
      align: 'right',
      render: (_, q) => q.questions.length,
    },
    { key: 'sent', title: t('questionnaires.invitations'), align: 'right', dataIndex: 'invitationCount' },
    {
      key: 'answered',
      title: t('questionnaires.responses'),
      align: 'right',
      render: (_, q) =>
        q.responseCount ? <Link to={`/questionnaires/${q.id}?tab=summary`}>{q.responseCount}</Link> : 0,
    },
    { key: 'by', title: t('questionnaires.createdBy'), dataIndex: 'createdByName' },
    { key: 'updated', title: t('fields.updatedAt'), render: (_, q) => fmt.dateTime(q.updatedAt) },
    {
      key: 'actions',
      title: '',
      align: 'right',
      render: (_, q) =>
        q.status === 'draft' && q.invitationCount === 0 && can('questionnaire', 'delete') ? (
          <Button
            size="small"
            type="text"
            danger
            onClick={() =>
              modal.confirm({
                title: t('questionnaires.deleteConfirm', { name: q.title }),
                okButtonProps: { danger: true },
                onOk: async () => {
                  try {
                    await remove.mutateAsync(q.id);
                    message.success(t('app.deleted'));
                  } catch (err) {
                    handleError(err);
                  }
                },
              })
            }
          >
            {t('common.delete')}
          </Button>
        ) : null,
    },
  ];

  const submit = async (v: { title: string; language: Locale }) => {
    try {
      const q = await create.mutateAsync({ title: v.title.trim(), language: v.language, questions: [] });
      setCreating(false);
      navigate(`/questionnaires/${q.id}`);
    } catch (err) {
      handleError(err, form);
    }
  };

  return (
    <div data-testid="questionnaires-page">
      <PageHeader
        title={t('questionnaires.title')}
        subtitle={t('questionnaires.subtitle')}
        extra={
          can('questionnaire', 'create') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                form.setFieldsValue({ title: '', language: i18n.language === 'en' ? 'en' : 'zh-CN' });
                setCreating(true);
              }}
              data-testid="questionnaire-new"
            >
              {t('questionnaires.new')}
            </Button>
          )
        }
      />
      <Card
        size="small"
        styles={{ body: { padding: 0 } }}
        title={
          <Segmented<QuestionnaireStatus | 'all'>
            value={status ?? 'all'}
            onChange={(v) => setStatus(v === 'all' ? undefined : v)}
            options={[
              { value: 'all', label: t('common.all') },
              ...(['draft', 'published', 'archived'] as const).map((s) => ({
                value: s,
                label: t(`questionnaires.statuses.${s}`),
              })),
            ]}
          />
        }
      >
        <Table<Questionnaire>
          rowKey="id"
          size="middle"
          loading={isLoading}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  <>
                    <div>{t('questionnaires.empty')}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('questionnaires.emptyHint')}
                    </Typography.Text>
                  </>
                }
              />
            ),
          }}
        />
      </Card>
      <Modal
        open={creating}
        title={t('questionnaires.new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item
            name="title"
            label={t('questionnaires.newTitle')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('questionnaires.newTitle') }),
              },
            ]}
          >
            <Input maxLength={200} autoFocus data-testid="questionnaire-new-title" />
          </Form.Item>
          <Form.Item name="language" label={t('questionnaires.language')} initialValue="zh-CN">
            <Select options={LOCALES.map((l) => ({ value: l, label: t(`questionnaires.languages.${l}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
