import { Fragment, useState } from 'react';
import {
  App,
  Badge,
  Button,
  Card,
  Descriptions,
  Drawer,
  Input,
  Modal,
  Select,
  Space,
  Steps,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ApprovalRequest, ApprovalRequestDetail, QuoteItem } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useQuote } from '../quotes/useQuotes';
import { DurationsReport } from './DurationsReport';
import {
  useApproval,
  useApprovalAction,
  useApprovalCounts,
  useContractUnderApproval,
  useInbox,
  usePaymentDetail,
  type Box,
} from './useApprovals';

const STATUS_COLOR = { pending: 'orange', approved: 'green', rejected: 'red', withdrawn: 'default' } as const;

const percent = (bp: number) => `${(bp / 100).toFixed(1)}%`;

/** A margin in basis points; red below zero (selling under cost). */
function Margin({ bp }: { bp: number | null }) {
  if (bp === null) return <>—</>;
  return <Typography.Text type={bp < 0 ? 'danger' : undefined}>{percent(bp)}</Typography.Text>;
}

/** 审批: what waits for me, what I submitted, what I am copied on; approve or reject with a comment. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { me } = useAuth();
  const [box, setBox] = useState<Box>('pending');
  const { data, isLoading } = useInbox(box);
  const counts = useApprovalCounts();
  // The open request is in the URL (?open=<id>), so reminders and other pages can link to it.
  const [params, setParams] = useSearchParams();
  const openId = params.get('open');
  const setOpenId = (id: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id) next.set('open', id);
        else next.delete('open');
        return next;
      },
      { replace: true },
    );
  const isManager = me ? ['admin', 'sales_director', 'sales_manager'].includes(me.user.role) : false;

  const columns: ColumnsType<ApprovalRequest> = [
    {
      key: 'title',
      title: t('approvals.titleCol'),
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Link onClick={() => setOpenId(r.id)}>{r.title}</Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`approvals.type.${r.businessType}`)}
            {r.ruleName ? ` · ${r.ruleName}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'submitter', title: t('approvals.submitter'), render: (_, r) => r.submitterName },
    {
      key: 'amount',
      title: t('approvals.amount'),
      align: 'right',
      render: (_, r) => <span className="money">{fmt.money(r.amount, undefined, false)}</span>,
    },
    {
      key: 'discount',
      title: t('approvals.discount'),
      align: 'right',
      render: (_, r) => (r.discountBp === null ? '—' : percent(r.discountBp)),
    },
    {
      key: 'margin',
      title: t('approvals.margin'),
      align: 'right',
      render: (_, r) => <Margin bp={r.marginBp} />,
    },
    {
      key: 'step',
      title: t('approvals.step'),
      render: (_, r) =>
        r.status === 'pending' ? (
          <span>
            {r.currentStep + 1}/{r.steps.length} · {r.steps[r.currentStep]?.approverNames.join('、')}
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'status',
      title: t('approvals.statusLabel'),
      render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{t(`approvals.status.${r.status}`)}</Tag>,
    },
    { key: 'submittedAt', title: t('approvals.submittedAt'), render: (_, r) => fmt.dateTime(r.submittedAt) },
  ];

  return (
    <div>
      <PageHeader title={t('approvals.pageTitle')} subtitle={t('approvals.pageSubtitle')} />
      <Card styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={box}
          onChange={(k) => setBox(k as Box)}
          items={[
            {
              key: 'pending',
              label: (
                <Space size={6}>
                  {t('approvals.boxPending')}
                  <Badge count={counts.data?.pending ?? 0} size="small" />
                </Space>
              ),
            },
            { key: 'submitted', label: t('approvals.boxSubmitted') },
            { key: 'cc', label: t('approvals.boxCc') },
          ]}
        />
        <Table<ApprovalRequest>
          rowKey="id"
          size="middle"
          loading={isLoading}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ onDoubleClick: () => setOpenId(r.id) })}
          locale={{ emptyText: t(`approvals.empty.${box}`) }}
        />
      </Card>
      {isManager && <DurationsReport />}
      <ApprovalDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}

function ApprovalDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { me } = useAuth();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const { data: r } = useApproval(id);
  const act = useApprovalAction();
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const [comment, setComment] = useState('');
  const [toStep, setToStep] = useState<number | undefined>(undefined);
  const myTurn = !!r && !!me && r.status === 'pending' && r.pendingApproverIds.includes(me.user.id);
  const mine = !!r && !!me && r.submitterId === me.user.id;

  const decide = async () => {
    if (!r || !deciding) return;
    try {
      await act.mutateAsync({
        id: r.id,
        action: deciding,
        body: {
          ...(comment.trim() ? { comment: comment.trim() } : {}),
          ...(deciding === 'reject' && toStep !== undefined ? { toStep } : {}),
        },
      });
      message.success(t(deciding === 'approve' ? 'approvals.approved' : 'approvals.rejected'));
      setDeciding(null);
      setComment('');
      setToStep(undefined);
    } catch (err) {
      handleError(err);
    }
  };
  const simple = async (action: 'withdraw' | 'resubmit') => {
    if (!r) return;
    try {
      await act.mutateAsync({ id: r.id, action });
      message.success(t(action === 'withdraw' ? 'approvals.withdrawn' : 'approvals.resubmitted'));
    } catch (err) {
      handleError(err);
    }
  };

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width={560}
      title={r?.title ?? ''}
      extra={
        <Space>
          {myTurn && (
            <>
              <Button danger onClick={() => setDeciding('reject')} data-testid="approval-reject">
                {t('approvals.reject')}
              </Button>
              <Button type="primary" onClick={() => setDeciding('approve')} data-testid="approval-approve">
                {t('approvals.approve')}
              </Button>
            </>
          )}
          {mine && r?.status === 'pending' && (
            <Button onClick={() => void simple('withdraw')}>{t('approvals.withdraw')}</Button>
          )}
        </Space>
      }
    >
      {r && (
        <>
          <Space wrap style={{ marginBottom: 16 }}>
            <Tag color={STATUS_COLOR[r.status]}>{t(`approvals.status.${r.status}`)}</Tag>
            <span className="money">{fmt.money(r.amount, undefined, false)}</span>
            {r.discountBp !== null && (
              <Tag>
                {t('approvals.discount')} {percent(r.discountBp)}
              </Tag>
            )}
            {r.marginBp !== null && (
              <Tag color={r.marginBp < 0 ? 'red' : undefined}>
                {t('approvals.margin')} {percent(r.marginBp)}
              </Tag>
            )}
            <Typography.Text type="secondary">
              {t('approvals.submitter')}: {r.submitterName}
            </Typography.Text>
          </Space>
          <BusinessRecord request={r} />
          {r.steps.length > 0 && (
            <Steps
              direction="vertical"
              size="small"
              current={r.status === 'approved' ? r.steps.length : r.currentStep}
              status={r.status === 'rejected' ? 'error' : r.status === 'withdrawn' ? 'wait' : undefined}
              items={r.steps.map((s, i) => ({
                title: `${t('approvals.stepN', { n: i + 1 })} · ${t(`approvals.mode.${s.mode}`)}`,
                description: s.approverNames.join('、'),
                key: i,
              }))}
            />
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('approvals.trail')}
          </Typography.Title>
          <Timeline
            items={r.trail.map((a) => ({
              key: a.id,
              color:
                a.action === 'reject'
                  ? 'red'
                  : a.action === 'approve' || a.action === 'auto_approve'
                    ? 'green'
                    : 'blue',
              children: (
                <div>
                  <Typography.Text strong>{a.userName ?? t('approvals.system')}</Typography.Text>{' '}
                  {t(`approvals.action.${a.action}`)}
                  {a.step !== null && a.action !== 'submit' && a.action !== 'resubmit'
                    ? ` · ${t('approvals.stepN', { n: a.step + 1 })}`
                    : ''}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmt.dateTime(a.createdAt)}
                    </Typography.Text>
                  </div>
                  {a.comment && (
                    <Typography.Paragraph style={{ margin: 0 }}>“{a.comment}”</Typography.Paragraph>
                  )}
                </div>
              ),
            }))}
          />
          {mine && (r.status === 'rejected' || r.status === 'withdrawn') && (
            <Button onClick={() => void simple('resubmit')}>{t('approvals.resubmit')}</Button>
          )}
        </>
      )}
      <Modal
        open={deciding !== null}
        title={deciding === 'approve' ? t('approvals.approve') : t('approvals.reject')}
        onCancel={() => setDeciding(null)}
        onOk={() => void decide()}
        okButtonProps={{ danger: deciding === 'reject', loading: act.isPending }}
      >
        <Input.TextArea
          rows={3}
          value={comment}
          maxLength={1000}
          placeholder={t('approvals.commentPlaceholder')}
          onChange={(e) => setComment(e.target.value)}
        />
        {deciding === 'reject' && r && r.currentStep > 0 && (
          <Select
            style={{ width: '100%', marginTop: 12 }}
            allowClear
            placeholder={t('approvals.backToSubmitter')}
            value={toStep}
            onChange={setToStep}
            options={r.steps.slice(0, r.currentStep).map((s, i) => ({
              value: i,
              label: `${t('approvals.backToStep', { n: i + 1 })} (${s.approverNames.join('、')})`,
            }))}
          />
        )}
      </Modal>
    </Drawer>
  );
}

/** What the request is about and the way to it: the quote, contract or payment under approval. */
function BusinessRecord({ request }: { request: ApprovalRequestDetail }) {
  if (request.businessType === 'quote') return <QuoteSummary quoteId={request.businessId} />;
  if (request.businessType === 'contract') return <ContractSummary contractId={request.businessId} />;
  if (request.businessType === 'payment') return <PaymentSummary paymentId={request.businessId} />;
  return null;
}

/** The contract under approval: customer, amount, period, and the way to it. */
function ContractSummary({ contractId }: { contractId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data: c } = useContractUnderApproval(contractId);
  const link = (
    <Link to={`/contracts/${contractId}`} data-testid="approval-business-link">
      {t('approvals.openContract')} →
    </Link>
  );
  if (!c) return <div style={{ marginBottom: 16 }}>{link}</div>;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={c.number}
      extra={link}
      data-testid="approval-contract"
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'name', label: t('contracts.name'), children: c.name },
          { key: 'account', label: t('fields.account'), children: c.accountName },
          { key: 'amount', label: t('contracts.amount'), children: fmt.money(c.amount, c.currency) },
          {
            key: 'period',
            label: t('contracts.period'),
            children: `${fmt.date(c.startDate)} – ${fmt.date(c.endDate)}`,
          },
          { key: 'owner', label: t('fields.owner'), children: c.ownerName },
          { key: 'lines', label: t('contracts.tabItems'), children: c.items.length || '—' },
        ]}
      />
    </Card>
  );
}

/** The payment under approval: how much, when, how, against which contract. */
function PaymentSummary({ paymentId }: { paymentId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data: p } = usePaymentDetail(paymentId);
  if (!p) return null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={`${p.contractNumber} · ${p.contractName}`}
      extra={
        <Link to={`/contracts/${p.contractId}`} data-testid="approval-business-link">
          {t('approvals.openContract')} →
        </Link>
      }
      data-testid="approval-payment"
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'account', label: t('fields.account'), children: p.accountName },
          {
            key: 'amount',
            label: t('payments.amount'),
            children: <strong>{fmt.money(p.amount, p.currency)}</strong>,
          },
          { key: 'date', label: t('payments.receivedDate'), children: fmt.date(p.receivedDate) },
          { key: 'method', label: t('payments.method'), children: t(`payments.methods.${p.method}`) },
          { key: 'reference', label: t('payments.reference'), children: p.reference ?? '—' },
          {
            key: 'installment',
            label: t('payments.installment'),
            children: p.installment ? t('payments.nth', { n: p.installment }) : t('payments.auto'),
          },
          {
            key: 'contract',
            label: t('approvals.contractReceived'),
            children: `${fmt.money(p.contractReceivedAmount, p.currency)} / ${fmt.money(p.contractAmount, p.currency)}`,
          },
        ]}
      />
    </Card>
  );
}

/** The quote under approval, as the approver may read it (participants can, from any branch). */
function QuoteSummary({ quoteId }: { quoteId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data: q } = useQuote(quoteId);
  if (!q) return null;
  const money = (v: number) => <span className="money">{fmt.money(v, q.currency, false)}</span>;
  const columns: ColumnsType<QuoteItem> = [
    { key: 'name', title: t('quotes.product'), dataIndex: 'name' },
    { key: 'quantity', title: t('quotes.quantity'), dataIndex: 'quantity', align: 'right' },
    {
      key: 'unitPrice',
      title: t('approvals.unitPrice'),
      align: 'right',
      render: (_, i) => money(i.unitPrice),
    },
    {
      key: 'discount',
      title: t('quotes.lineDiscount'),
      align: 'right',
      render: (_, i) => (i.discountBp ? percent(i.discountBp) : '—'),
    },
    { key: 'amount', title: t('approvals.amount'), align: 'right', render: (_, i) => money(i.amount) },
  ];
  const totals: [string, number, boolean?][] = [
    [t('quotes.subtotal'), q.subtotal],
    ...(q.discountAmount ? [[t('quotes.discountAmount'), -q.discountAmount] as [string, number]] : []),
    [t('quotes.tax'), q.taxAmount],
    [t('quotes.total'), q.total, true],
  ];
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="approval-quote"
      title={
        <Space size={8}>
          {q.number}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('quotes.revision', { n: q.revision })}
          </Typography.Text>
        </Space>
      }
      extra={
        <Link to={`/opportunities/${q.opportunityId}?tab=quotes`} data-testid="approval-business-link">
          {t('approvals.openQuote')} →
        </Link>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {q.accountName} · {q.opportunityName}
      </Typography.Paragraph>
      <Table<QuoteItem>
        rowKey="id"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={q.items}
        scroll={{ x: 'max-content' }}
      />
      <div style={{ marginTop: 8, display: 'grid', gridTemplateColumns: '1fr auto', rowGap: 2 }}>
        {totals.map(([label, value, strong]) => (
          <Fragment key={label}>
            <Typography.Text
              type={strong ? undefined : 'secondary'}
              strong={strong}
              style={{ textAlign: 'right' }}
            >
              {label}
            </Typography.Text>
            <Typography.Text strong={strong} style={{ textAlign: 'right', minWidth: 120 }}>
              {money(value)}
            </Typography.Text>
          </Fragment>
        ))}
      </div>
    </Card>
  );
}
