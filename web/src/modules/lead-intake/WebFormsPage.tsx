import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { LinkOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { WebForm } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EmptyState } from '../../app/components/EmptyState';
import { PageHeader } from '../../app/components/PageHeader';
import { useFormat } from '../../app/format';
import { useSourceLabel, useWebForms } from './useLeadIntake';

export const publicFormUrl = (key: string) => `${window.location.origin}/f/${key}`;

/** 网页表单: the web-to-lead forms a website embeds. */
export function WebFormsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const navigate = useNavigate();
  const sourceLabel = useSourceLabel();
  const { data, isLoading } = useWebForms();

  const columns: ColumnsType<WebForm> = [
    {
      key: 'name',
      title: t('leadIntake.forms.name'),
      render: (_, f) => (
        <Space direction="vertical" size={0}>
          <Link to={`/web-forms/${f.id}`} data-testid={`web-form-link-${f.id}`}>
            <Typography.Text strong style={{ color: 'inherit' }}>
              {f.name}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {f.title}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('fields.status'),
      render: (_, f) =>
        f.active ? (
          <Tag color="green">{t('leadIntake.forms.live')}</Tag>
        ) : (
          <Tag>{t('leadIntake.forms.paused')}</Tag>
        ),
    },
    { key: 'source', title: t('fields.source'), render: (_, f) => sourceLabel(f.source) },
    {
      key: 'assignment',
      title: t('leadIntake.forms.assignment'),
      render: (_, f) => t(`leadIntake.forms.assignmentShort.${f.assignment}`),
    },
    {
      key: 'submissions',
      title: t('leadIntake.forms.submissions'),
      align: 'right',
      render: (_, f) => f.submissionCount,
    },
    {
      key: 'link',
      title: t('leadIntake.forms.publicLink'),
      render: (_, f) =>
        f.active ? (
          <Typography.Link href={publicFormUrl(f.publicKey)} target="_blank" rel="noreferrer">
            <LinkOutlined /> /f/{f.publicKey}
          </Typography.Link>
        ) : (
          <Typography.Text type="secondary">/f/{f.publicKey}</Typography.Text>
        ),
    },
    { key: 'updatedAt', title: t('fields.updatedAt'), render: (_, f) => fmt.relative(f.updatedAt) },
  ];

  return (
    <div data-testid="web-forms-page">
      <PageHeader
        title={t('leadIntake.forms.title')}
        subtitle={t('leadIntake.forms.subtitle')}
        extra={
          can('web_form', 'create') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/web-forms/new')}
              data-testid="web-form-new"
            >
              {t('leadIntake.forms.new')}
            </Button>
          )
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<WebForm>
          rowKey="id"
          loading={isLoading}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(f) => ({
            onClick: (e) => {
              if ((e.target as HTMLElement).closest('a,button')) return;
              navigate(`/web-forms/${f.id}`);
            },
            className: 'clickable-row',
          })}
          locale={{
            emptyText: isLoading ? (
              ' '
            ) : (
              <EmptyState title={t('leadIntake.forms.emptyTitle')} hint={t('leadIntake.forms.emptyHint')} />
            ),
          }}
        />
      </Card>
    </div>
  );
}
