import { useState } from 'react';
import { Button } from 'antd';
import { FileProtectOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ContractListItem, Opportunity } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { useList } from '../../app/resource';
import { ContractForm } from './ContractForm';

/** On a won opportunity: its contract, or a button that creates one from it. */
export function CreateContractButton({ opportunity }: { opportunity: Opportunity }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const isWon = opportunity.status === 'won';
  const { data } = useList<ContractListItem>(
    'contracts',
    { opportunityId: opportunity.id, limit: 5 },
    isWon && can('contract', 'read'),
  );
  if (!isWon || !can('contract', 'read')) return null;
  const existing = data?.items.find((c) => c.status !== 'voided');
  if (existing)
    return (
      <Button
        icon={<FileProtectOutlined />}
        onClick={() => navigate(`/contracts/${existing.id}`)}
        data-testid="opportunity-contract"
      >
        {existing.number}
      </Button>
    );
  if (!can('contract', 'create')) return null;
  return (
    <>
      <Button
        type="primary"
        icon={<FileProtectOutlined />}
        onClick={() => setOpen(true)}
        data-testid="create-contract"
      >
        {t('contracts.createFromOpportunity')}
      </Button>
      <ContractForm
        open={open}
        onClose={() => setOpen(false)}
        opportunity={opportunity}
        onSaved={(c) => navigate(`/contracts/${c.id}`)}
      />
    </>
  );
}
