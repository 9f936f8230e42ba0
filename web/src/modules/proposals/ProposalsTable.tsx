import { App, Button, Dropdown, Empty, Space, Table, Tag, Typography } from 'antd';
import { DownOutlined, FilePdfOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Proposal, ProposalStatus, ProposalSummary, Quote } from '@tuoke/shared';
import { api } from '../../app/api';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useDeleteProposal, useProposalStatus } from './useProposals';

const STATUS_COLORS: Record<ProposalStatus, string> = {
  draft: 'default',
  sent: 'processing',
  accepted: 'success',
  declined: 'error',
};

export function ProposalStatusTag({ status }: { status: ProposalStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`proposals.statuses.${status}`)}</Tag>;
}

/**
 * The proposals of an account or opportunity: PDF, edit (drafts), status changes, and a quote
 * for the linked opportunity with the proposal's products.
 */
export function ProposalsTable({
  items,
  loading,
  canWrite,
  canDelete,
  onEdit,
}: {
  items: ProposalSummary[];
  loading?: boolean;
  canWrite: boolean;
  canDelete: boolean;
  onEdit: (p: ProposalSummary) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const handleError = useErrorHandler();
  const status = useProposalStatus();
  const remove = useDeleteProposal();

  const setStatus = async (p: ProposalSummary, next: ProposalStatus) => {
    try {
      await status.mutateAsync({ id: p.id, status: next, version: p.version });
      message.success(t('app.saved'));
    } catch (err) {
      handleError(err);
    }
  };

  /** The proposal's products, one line per product and price, as a draft quote on its opportunity. */
  const createQuote = async (p: ProposalSummary) => {
    if (!p.opportunityId) {
      message.warning(t('proposals.quoteNeedsOpportunity'));
      return;
    }
    try {
      const full = await api.get<Proposal>(`/proposals/${p.id}`);
      const lines = new Map<string, { productId: string; quantity: number; unitPrice: number }>();
      for (const it of full.sections.flatMap((s) => s.items)) {
        const key = `${it.productId}/${it.unitPrice}`;
        const line = lines.get(key);
        if (line) line.quantity += it.quantity;
        else lines.set(key, { productId: it.productId, quantity: it.quantity, unitPrice: it.unitPrice });
      }
      const quote = await api.post<Quote>('/quotes', {
        opportunityId: p.opportunityId,
        items: [...lines.values()],
        taxRateBp: 1300,
        validUntil: dayjs().add(30, 'day').format('YYYY-MM-DD'),
        notes: `${t('proposals.number')} ${p.number}`,
      });
      message.success(t('proposals.quoteCreated', { number: quote.number }));
      navigate(`/opportunities/${p.opportunityId}?tab=quotes`);
    } catch (err) {
      handleError(err);
    }
  };

  const actionsFor = (p: ProposalSummary) => {
    const out: { key: string; label: string; danger?: boolean; onClick: () => void }[] = [];
    if (p.status === 'draft') {
      out.push({ key: 'edit', label: t('common.edit'), onClick: () => onEdit(p) });
      out.push({ key: 'sent', label: t('proposals.markSent'), onClick: () => void setStatus(p, 'sent') });
    }
    if (p.status === 'sent') {
      out.push({
        key: 'accepted',
        label: t('proposals.markAccepted'),
        onClick: () => void setStatus(p, 'accepted'),
      });
      out.push({
        key: 'declined',
        label: t('proposals.markDeclined'),
        onClick: () => void setStatus(p, 'declined'),
      });
      out.push({
        key: 'draft',
        label: t('proposals.backToDraft'),
        onClick: () => void setStatus(p, 'draft'),
      });
    }
    if (p.opportunityId && p.total > 0)
      out.push({ key: 'quote', label: t('proposals.createQuote'), onClick: () => void createQuote(p) });
    if (p.status === 'draft' && canDelete)
      out.push({
        key: 'delete',
        danger: true,
        label: t('common.delete'),
        onClick: () =>
          modal.confirm({
            title: t('proposals.deleteConfirm', { name: p.title }),
            okButtonProps: { danger: true },
            onOk: async () => {
              try {
                await remove.mutateAsync(p.id);
                message.success(t('app.deleted'));
              } catch (err) {
                handleError(err);
              }
            },
          }),
      });
    return out;
  };

  const columns: ColumnsType<ProposalSummary> = [
    {
      key: 'title',
      title: t('proposals.name'),
      render: (_, p) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{p.title}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.number} · {p.needsTitle} · {p.ownerName}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('proposals.statusLabel'),
      render: (_, p) => <ProposalStatusTag status={p.status} />,
    },
    {
      key: 'total',
      title: t('proposals.total'),
      align: 'right',
      render: (_, p) => <span className="money">{fmt.money(p.total, p.currency, false)}</span>,
    },
    { key: 'updated', title: t('fields.updatedAt'), render: (_, p) => fmt.dateTime(p.updatedAt) },
    {
      key: 'actions',
      title: '',
      align: 'right',
      render: (_, p) => {
        const items = canWrite ? actionsFor(p) : [];
        return (
          <Space size={4}>
            <Button
              size="small"
              icon={<FilePdfOutlined />}
              href={`/api/v1/proposals/${p.id}/pdf`}
              target="_blank"
              data-testid={`proposal-pdf-${p.number}`}
            >
              {t('proposals.pdf')}
            </Button>
            {items.length > 0 && (
              <Dropdown
                menu={{
                  items: items.map(({ key, label, danger, onClick }) => ({ key, label, danger, onClick })),
                }}
              >
                <Button size="small" data-testid={`proposal-actions-${p.number}`}>
                  {t('common.actions')} <DownOutlined />
                </Button>
              </Dropdown>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <Table<ProposalSummary>
      rowKey="id"
      size="small"
      loading={loading}
      pagination={false}
      columns={columns}
      dataSource={items}
      scroll={{ x: 'max-content' }}
      locale={{
        emptyText: (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <div>{t('proposals.empty')}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('proposals.emptyHint')}
                </Typography.Text>
              </>
            }
          />
        ),
      }}
    />
  );
}
