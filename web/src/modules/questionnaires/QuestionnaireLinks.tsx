import { Empty, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Invitation } from '@tuoke/shared';
import { useFormat } from '../../app/format';
import { useInvitations } from './useQuestionnaires';

const COLORS = {
  pending: 'processing',
  answered: 'success',
  expired: 'default',
  revoked: 'default',
} as const;

/** The links sent for one questionnaire, to accounts the reader may see. */
export function QuestionnaireLinks({
  questionnaireId,
  enabled,
}: {
  questionnaireId: string;
  enabled: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, isLoading } = useInvitations({ questionnaireId }, enabled);
  const columns: ColumnsType<Invitation> = [
    {
      key: 'account',
      title: t('fields.account'),
      render: (_, i) => <Link to={`/accounts/${i.accountId}?tab=needs`}>{i.accountName}</Link>,
    },
    { key: 'contact', title: t('questionnaires.recipient'), render: (_, i) => i.contactName ?? '—' },
    {
      key: 'status',
      title: t('fields.status'),
      render: (_, i) => <Tag color={COLORS[i.status]}>{t(`questionnaires.linkStatus.${i.status}`)}</Tag>,
    },
    { key: 'by', title: t('fields.owner'), dataIndex: 'createdByName' },
    { key: 'sent', title: t('questionnaires.sentAt'), render: (_, i) => fmt.dateTime(i.createdAt) },
    { key: 'answered', title: t('questionnaires.answeredAt'), render: (_, i) => fmt.dateTime(i.answeredAt) },
    {
      key: 'expires',
      title: t('questionnaires.expiresAt'),
      render: (_, i) => (i.expiresAt ? fmt.dateTime(i.expiresAt) : t('questionnaires.noExpiry')),
    },
  ];
  return (
    <Table<Invitation>
      rowKey="id"
      size="small"
      loading={isLoading}
      columns={columns}
      dataSource={data?.items ?? []}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{
        emptyText: (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('questionnaires.linksEmpty')} />
        ),
      }}
    />
  );
}
