import { Button, Card, Empty, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { ProposalsTable } from '../proposals/ProposalsTable';
import { useProposals } from '../proposals/useProposals';
import { NeedsCard } from './NeedsCard';
import { useNeedsList } from './useNeeds';

/**
 * The 需求 tab of an opportunity: the needs records linked to it (which can tick the deal's
 * checklist) and their proposals. Editing happens on the account's 需求 tab.
 */
export function OpportunityNeeds({ opportunityId, accountId }: { opportunityId: string; accountId: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const needs = useNeedsList({ opportunityId });
  const proposals = useProposals({ opportunityId }, can('proposal', 'read'));
  const records = needs.data?.items ?? [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="opportunity-needs">
      <Card
        size="small"
        title={t('needs.linked')}
        extra={
          <Link to={`/accounts/${accountId}?tab=needs`}>
            <Button size="small">{t('needs.openAccount')}</Button>
          </Link>
        }
        styles={{ body: records.length ? { padding: 12 } : undefined }}
      >
        {records.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <div>{t('needs.linkedEmpty')}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('needs.linkedHint')}
                </Typography.Text>
              </>
            }
          />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {records.map((r) => (
              <NeedsCard key={r.id} record={r} canEdit={can('needs_record', 'update')} />
            ))}
          </Space>
        )}
      </Card>
      {can('proposal', 'read') && (
        <Card size="small" title={t('proposals.title')} styles={{ body: { padding: 0 } }}>
          <ProposalsTable
            items={proposals.data?.items ?? []}
            loading={proposals.isLoading}
            canWrite={false}
            canDelete={false}
            onEdit={() => undefined}
          />
        </Card>
      )}
    </Space>
  );
}
