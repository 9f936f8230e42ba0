import { useMemo, useState } from 'react';
import { Progress, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CONTRACT_STATUSES, PAYMENT_STATUSES, type ContractListItem } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { ListPage } from '../../app/components/ListPage';
import { useFormat } from '../../app/format';
import { ContractForm } from './ContractForm';
import { ContractStatusTag, PaymentStatusTag } from './ContractTags';

export function ContractsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  const columns = useMemo<ColumnsType<ContractListItem>>(
    () => [
      {
        key: 'number',
        title: t('contracts.number'),
        sorter: true,
        render: (_, c) => (
          <div style={{ maxWidth: 320 }}>
            <Link to={`/contracts/${c.id}`} data-testid={`contract-link-${c.id}`}>
              <Typography.Text strong style={{ color: 'inherit' }}>
                {c.number}
              </Typography.Text>
            </Link>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.name} · {c.accountName}
              </Typography.Text>
            </div>
          </div>
        ),
      },
      {
        key: 'status',
        title: t('contracts.status'),
        render: (_, c) => <ContractStatusTag status={c.status} />,
      },
      {
        key: 'amount',
        title: t('contracts.amount'),
        sorter: true,
        align: 'right',
        render: (_, c) => (
          <Typography.Text strong className="money">
            {fmt.money(c.amount, c.currency)}
          </Typography.Text>
        ),
      },
      {
        key: 'received',
        title: t('payments.received'),
        width: 180,
        render: (_, c) => (
          <div>
            <span className="money">{fmt.money(c.receivedAmount, c.currency)}</span>
            <Progress
              percent={c.amount ? Math.round((c.receivedAmount / c.amount) * 100) : 0}
              size="small"
              showInfo={false}
              status={c.paymentStatus === 'overdue' ? 'exception' : undefined}
            />
          </div>
        ),
      },
      {
        key: 'paymentStatus',
        title: t('payments.status'),
        render: (_, c) => <PaymentStatusTag status={c.paymentStatus} />,
      },
      {
        key: 'endDate',
        title: t('contracts.endDate'),
        sorter: true,
        render: (_, c) => fmt.date(c.endDate),
      },
      { key: 'owner', title: t('fields.owner'), dataIndex: 'ownerName' },
    ],
    [t, fmt],
  );

  return (
    <>
      <ListPage<ContractListItem>
        resource="contracts"
        testId="contracts"
        title={t('contracts.title')}
        subtitle={t('contracts.subtitle')}
        columns={columns}
        rowHref={(c) => `/contracts/${c.id}`}
        searchPlaceholder={t('contracts.searchPlaceholder')}
        filters={[
          {
            name: 'status',
            placeholder: t('contracts.status'),
            options: CONTRACT_STATUSES.map((v) => ({ value: v, label: t(`contracts.statuses.${v}`) })),
            width: 120,
          },
          {
            name: 'paymentStatus',
            placeholder: t('payments.status'),
            options: PAYMENT_STATUSES.map((v) => ({ value: v, label: t(`payments.statuses.${v}`) })),
            width: 130,
          },
        ]}
        newLabel={t('contracts.new')}
        onNew={can('contract', 'create') ? () => setCreating(true) : undefined}
        emptyTitle={t('contracts.emptyTitle')}
        emptyHint={t('contracts.emptyHint')}
      />
      <ContractForm
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(c) => navigate(`/contracts/${c.id}`)}
      />
    </>
  );
}
