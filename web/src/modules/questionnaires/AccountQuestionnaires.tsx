import { App, Button, Card, Collapse, Descriptions, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Invitation, InvitationStatus, NeedsDraft, QuestionnaireResponse } from '@tuoke/shared';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { fetchNeedsDraft, useInvitations, useResponses, useRevokeInvitation } from './useQuestionnaires';

const LINK_COLORS: Record<InvitationStatus, string> = {
  pending: 'processing',
  answered: 'success',
  expired: 'default',
  revoked: 'default',
};

/**
 * An account's questionnaire answers (each can prefill a needs record) and the links sent to it.
 */
export function AccountQuestionnaires({
  accountId,
  canPrefill,
  canManageLinks,
  onPrefill,
}: {
  accountId: string;
  canPrefill: boolean;
  canManageLinks: boolean;
  onPrefill: (draft: NeedsDraft) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message, modal } = App.useApp();
  const handleError = useErrorHandler();
  const responses = useResponses({ accountId });
  const invitations = useInvitations({ accountId }, canManageLinks);
  const revoke = useRevokeInvitation();

  const prefill = async (r: QuestionnaireResponse) => {
    try {
      onPrefill(await fetchNeedsDraft(r.id));
    } catch (err) {
      handleError(err);
    }
  };

  const linkColumns: ColumnsType<Invitation> = [
    { key: 'q', title: t('questionnaires.questionnaire'), dataIndex: 'questionnaireTitle' },
    { key: 'contact', title: t('questionnaires.recipient'), render: (_, i) => i.contactName ?? '—' },
    {
      key: 'status',
      title: t('fields.status'),
      render: (_, i) => <Tag color={LINK_COLORS[i.status]}>{t(`questionnaires.linkStatus.${i.status}`)}</Tag>,
    },
    {
      key: 'sent',
      title: t('questionnaires.sentAt'),
      render: (_, i) => (
        <Space orientation="vertical" size={0}>
          <span>{fmt.dateTime(i.createdAt)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i.createdByName}
            {i.openedAt && !i.answeredAt ? ` · ${t('questionnaires.openedAt')}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'expires',
      title: t('questionnaires.expiresAt'),
      render: (_, i) => (i.expiresAt ? fmt.dateTime(i.expiresAt) : t('questionnaires.noExpiry')),
    },
    {
      key: 'actions',
      title: '',
      align: 'right',
      render: (_, i) =>
        i.status === 'pending' ? (
          <Button
            size="small"
            danger
            onClick={() =>
              modal.confirm({
                title: t('questionnaires.revokeConfirm'),
                okButtonProps: { danger: true },
                onOk: async () => {
                  try {
                    await revoke.mutateAsync(i.id);
                    message.success(t('questionnaires.revoked'));
                  } catch (err) {
                    handleError(err);
                  }
                },
              })
            }
          >
            {t('questionnaires.revoke')}
          </Button>
        ) : null,
    },
  ];

  const items = responses.data?.items ?? [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('questionnaires.answersTitle')} data-testid="account-responses">
        {items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('questionnaires.answersEmpty')} />
        ) : (
          <Collapse
            size="small"
            bordered={false}
            defaultActiveKey={items.slice(0, 1).map((r) => r.id)}
            items={items.map((r) => ({
              key: r.id,
              label: (
                <Flex justify="space-between" gap={8} wrap>
                  <Typography.Text strong>{r.questionnaireTitle}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[r.respondentName ?? r.contactName, fmt.dateTime(r.submittedAt)]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography.Text>
                </Flex>
              ),
              extra: canPrefill ? (
                <Button
                  size="small"
                  icon={<FileAddOutlined />}
                  onClick={(e) => {
                    e.stopPropagation();
                    void prefill(r);
                  }}
                  data-testid={`response-prefill-${r.id}`}
                >
                  {t('questionnaires.prefill')}
                </Button>
              ) : undefined,
              children: (
                <Descriptions
                  size="small"
                  column={1}
                  bordered
                  styles={{ label: { width: '42%' } }}
                  items={r.answers.map((a) => ({
                    key: a.questionId,
                    label: a.question,
                    children: <span style={{ whiteSpace: 'pre-wrap' }}>{a.display}</span>,
                  }))}
                />
              ),
            }))}
          />
        )}
      </Card>
      {canManageLinks && (
        <Card size="small" title={t('questionnaires.tabLinks')} styles={{ body: { padding: 0 } }}>
          <Table<Invitation>
            rowKey="id"
            size="small"
            pagination={false}
            loading={invitations.isLoading}
            columns={linkColumns}
            dataSource={invitations.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('questionnaires.linksEmpty')} />
              ),
            }}
          />
        </Card>
      )}
    </Space>
  );
}
