import { useState } from 'react';
import { App, Button, Card, Dropdown, Empty, Input, Modal, Space, Table, Typography } from 'antd';
import { DownOutlined, FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Quote } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { MarginText, UnknownValue } from '../products/MarginText';
import { QuoteEditor } from './QuoteEditor';
import { QuoteStatusTag } from './QuoteStatusTag';
import { useOpportunityQuotes, useQuote, useQuoteAction, useShareQuote } from './useQuotes';

type QuoteSummary = Omit<Quote, 'items'>;

/** The 报价 tab of an opportunity: its quotes and versions, and what can be done with each. */
export function QuotesTab({ opportunityId }: { opportunityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const handleError = useErrorHandler();
  const { data, isLoading } = useOpportunityQuotes(opportunityId);
  const act = useQuoteAction();
  const share = useShareQuote();
  const [editingId, setEditingId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const editing = useQuote(editingId);
  const canWrite = can('quote', 'create');

  const run = async (path: string, body: object, done: string) => {
    try {
      await act.mutateAsync({ path, body });
      message.success(done);
    } catch (err) {
      handleError(err);
    }
  };

  const actionsFor = (q: QuoteSummary) => {
    const items: { key: string; label: string; onClick: () => void; danger?: boolean }[] = [];
    if (q.status === 'draft') {
      items.push({ key: 'edit', label: t('common.edit'), onClick: () => setEditingId(q.id) });
      items.push({
        key: 'submit',
        label: t('quotes.submit'),
        onClick: () => void run(`/quotes/${q.id}/submit`, { version: q.version }, t('quotes.submitted')),
      });
    }
    if (q.status === 'pending_approval' && q.approvalRequestId)
      items.push({
        key: 'withdraw',
        label: t('approvals.withdraw'),
        onClick: () => void run(`/approvals/${q.approvalRequestId}/withdraw`, {}, t('approvals.withdrawn')),
      });
    if (q.status === 'approved' || q.status === 'sent')
      items.push({
        key: 'share',
        label: t('quotes.share'),
        onClick: async () => {
          try {
            const s = await share.mutateAsync(q.id);
            setLink(`${window.location.origin}${s.path}`);
          } catch (err) {
            handleError(err);
          }
        },
      });
    if (q.status === 'sent') {
      items.push({
        key: 'accepted',
        label: t('quotes.markAccepted'),
        onClick: () =>
          void run(`/quotes/${q.id}/outcome`, { status: 'accepted', version: q.version }, t('app.saved')),
      });
      items.push({
        key: 'declined',
        label: t('quotes.markDeclined'),
        onClick: () =>
          void run(`/quotes/${q.id}/outcome`, { status: 'declined', version: q.version }, t('app.saved')),
      });
    }
    if (!['draft', 'pending_approval', 'superseded'].includes(q.status))
      items.push({
        key: 'revise',
        label: t('quotes.revise'),
        onClick: () =>
          modal.confirm({
            title: t('quotes.reviseConfirm'),
            onOk: () => run(`/quotes/${q.id}/revise`, { version: q.version }, t('quotes.revised')),
          }),
      });
    return items;
  };

  const columns: ColumnsType<QuoteSummary> = [
    {
      key: 'number',
      title: t('quotes.number'),
      render: (_, q) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{q.number}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('quotes.revision', { n: q.revision })}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'status', title: t('quotes.statusLabel'), render: (_, q) => <QuoteStatusTag status={q.status} /> },
    {
      key: 'discount',
      title: t('quotes.effectiveDiscountShort'),
      align: 'right',
      render: (_, q) => `${(q.effectiveDiscountBp / 100).toFixed(1)}%`,
    },
    {
      key: 'total',
      title: t('quotes.total'),
      align: 'right',
      render: (_, q) => <span className="money">{fmt.money(q.total, q.currency, false)}</span>,
    },
    // Internal figures: every signed-in user who can read the quote sees them; the customer never does.
    {
      key: 'cost',
      title: t('quotes.cost'),
      align: 'right',
      render: (_, q) =>
        q.costTotal === null ? (
          <UnknownValue hint={t('quotes.marginUnknown')} testId={`quote-cost-${q.revision}`} />
        ) : (
          <span className="money" data-testid={`quote-cost-${q.revision}`}>
            {fmt.money(q.costTotal, q.currency, false)}
          </span>
        ),
    },
    {
      key: 'margin',
      title: t('quotes.margin'),
      align: 'right',
      render: (_, q) => (
        <MarginText
          bp={q.marginBp}
          unknownHint={t(q.costTotal === null ? 'quotes.marginUnknown' : 'quotes.marginNoRevenue')}
          testId={`quote-margin-${q.revision}`}
        />
      ),
    },
    { key: 'valid', title: t('quotes.validUntil'), render: (_, q) => fmt.date(q.validUntil) },
    {
      key: 'actions',
      title: '',
      align: 'right',
      render: (_, q) => {
        const items = canWrite ? actionsFor(q) : [];
        return (
          <Space size={4}>
            <Button
              size="small"
              icon={<FilePdfOutlined />}
              href={`/api/v1/quotes/${q.id}/pdf`}
              target="_blank"
              data-testid={`quote-pdf-${q.revision}`}
            >
              PDF
            </Button>
            {items.length > 0 && (
              <Dropdown menu={{ items: items.map(({ key, label, onClick }) => ({ key, label, onClick })) }}>
                <Button size="small" data-testid={`quote-actions-${q.revision}`}>
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
    <Card
      styles={{ body: { padding: 0 } }}
      title={t('quotes.title')}
      extra={
        canWrite && (
          <Button
            type="primary"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="quote-new"
          >
            {t('quotes.new')}
          </Button>
        )
      }
    >
      <Table<QuoteSummary>
        rowKey="id"
        size="small"
        loading={isLoading}
        pagination={false}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quotes.empty')} /> }}
      />
      <QuoteEditor
        open={creating || (editingId !== null && !!editing.data)}
        onClose={() => {
          setCreating(false);
          setEditingId(null);
        }}
        opportunityId={opportunityId}
        quote={creating ? null : (editing.data ?? null)}
      />
      <Modal open={link !== null} onCancel={() => setLink(null)} footer={null} title={t('quotes.shareTitle')}>
        <Typography.Paragraph type="secondary">{t('quotes.shareHint')}</Typography.Paragraph>
        <Input.TextArea value={link ?? ''} readOnly autoSize data-testid="quote-link" />
        <Button
          style={{ marginTop: 12 }}
          onClick={() => {
            void navigator.clipboard?.writeText(link ?? '');
            message.success(t('quotes.copied'));
          }}
        >
          {t('quotes.copy')}
        </Button>
      </Modal>
    </Card>
  );
}
