import { useState } from 'react';
import { Button, Card, Empty, Space, Typography } from 'antd';
import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { NeedsDraft, NeedsRecord, ProposalSummary } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { ProposalEditor } from '../proposals/ProposalEditor';
import { ProposalsTable } from '../proposals/ProposalsTable';
import { useProposal, useProposals } from '../proposals/useProposals';
import { AccountQuestionnaires } from '../questionnaires/AccountQuestionnaires';
import { SendQuestionnaireDialog } from '../questionnaires/SendQuestionnaireDialog';
import { NeedsCard } from './NeedsCard';
import { NeedsEditor } from './NeedsEditor';
import { useNeedsList } from './useNeeds';

type Editing = { record: NeedsRecord | null; draft: NeedsDraft | null } | null;

/**
 * The account's 需求 tab: its needs records, the proposals built from them, the questionnaire
 * answers received and the links sent.
 */
export function NeedsTab({ account }: { account: { id: string; name: string } }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const needs = useNeedsList({ accountId: account.id });
  const canProposals = can('proposal', 'read');
  const proposals = useProposals({ accountId: account.id }, canProposals);
  const [editing, setEditing] = useState<Editing>(null);
  const [sending, setSending] = useState(false);
  const [proposing, setProposing] = useState<NeedsRecord | null>(null);
  const [editingProposalId, setEditingProposalId] = useState<string | null>(null);
  const editingProposal = useProposal(editingProposalId);
  const records = needs.data?.items ?? [];
  const proposalNeeds = editingProposal.data
    ? records.find((n) => n.id === editingProposal.data!.needsId)
    : undefined;
  const canWrite = can('needs_record', 'create');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="account-needs">
      <Card
        size="small"
        title={t('needs.title')}
        extra={
          <Space size={8}>
            {can('questionnaire', 'read') && canWrite && (
              <Button
                size="small"
                icon={<SendOutlined />}
                onClick={() => setSending(true)}
                data-testid="needs-send-questionnaire"
              >
                {t('questionnaires.send')}
              </Button>
            )}
            {canWrite && (
              <Button
                size="small"
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing({ record: null, draft: null })}
                data-testid="needs-new"
              >
                {t('needs.new')}
              </Button>
            )}
          </Space>
        }
        styles={{ body: records.length ? { padding: 12 } : undefined }}
      >
        {records.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <div>{t('needs.empty')}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('needs.emptyHint')}
                </Typography.Text>
              </>
            }
          />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {records.map((r) => (
              <NeedsCard
                key={r.id}
                record={r}
                canEdit={can('needs_record', 'update')}
                canDelete={can('needs_record', 'delete')}
                canPropose={can('proposal', 'create') && r.painPoints.length > 0}
                onEdit={() => setEditing({ record: r, draft: null })}
                onPropose={() => setProposing(r)}
              />
            ))}
          </Space>
        )}
      </Card>

      {canProposals && (
        <Card
          size="small"
          title={t('proposals.title')}
          styles={{ body: { padding: 0 } }}
          data-testid="account-proposals"
        >
          <ProposalsTable
            items={proposals.data?.items ?? []}
            loading={proposals.isLoading}
            canWrite={can('proposal', 'update')}
            canDelete={can('proposal', 'delete')}
            onEdit={(p: ProposalSummary) => setEditingProposalId(p.id)}
          />
        </Card>
      )}

      <AccountQuestionnaires
        accountId={account.id}
        canPrefill={canWrite}
        canManageLinks={can('questionnaire', 'read')}
        onPrefill={(draft) => setEditing({ record: null, draft })}
      />

      <NeedsEditor
        open={editing !== null}
        onClose={() => setEditing(null)}
        account={account}
        record={editing?.record ?? null}
        draft={editing?.draft ?? null}
      />
      <SendQuestionnaireDialog open={sending} onClose={() => setSending(false)} account={account} />
      {proposing && <ProposalEditor open onClose={() => setProposing(null)} needs={proposing} />}
      {editingProposal.data && proposalNeeds && (
        <ProposalEditor
          open
          onClose={() => setEditingProposalId(null)}
          needs={proposalNeeds}
          proposal={editingProposal.data}
        />
      )}
    </Space>
  );
}
