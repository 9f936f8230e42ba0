import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Tag,
  Table,
  Tabs,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  DeleteOutlined,
  DownloadOutlined,
  PlusOutlined,
  RedoOutlined,
  SendOutlined,
  StopOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import {
  ATTACHMENT_MAX_BYTES,
  INVOICE_TYPES,
  PAYMENT_METHODS,
  type Attachment,
  type Contract,
  type Invoice,
  type LineItem,
  type Payment,
  type PaymentPlan,
} from '@tuoke/shared';
import { API_BASE } from '../../app/api';
import { useAuth } from '../../app/auth';
import { DetailState } from '../../app/components/DetailState';
import { FormDrawer } from '../../app/components/FormDrawer';
import { DateInput, MoneyInput } from '../../app/components/inputs';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { ContractForm } from './ContractForm';
import { ContractStatusTag, PaymentStatusTag } from './ContractTags';
import { useAttachments, useContract, useContractWrite, useFinance } from './useContracts';

type Drawer = 'plan' | 'payment' | 'invoice' | null;

export function ContractDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const { data: contract, isLoading, error } = useContract(id);
  const { data: finance } = useFinance(id);
  const { data: attachments = [] } = useAttachments(id);
  const write = useContractWrite();
  const [editing, setEditing] = useState(false);
  const [drawer, setDrawer] = useState<Drawer>(null);
  const [voiding, setVoiding] = useState<{ path: string; version?: number } | null>(null);
  const [planForm] = Form.useForm();
  const [paymentForm] = Form.useForm();
  const [invoiceForm] = Form.useForm();
  const [voidForm] = Form.useForm<{ reason: string }>();

  if (!contract) return <DetailState isLoading={isLoading} error={error} backTo="/contracts" />;
  const c: Contract = contract;
  const isVoided = c.status === 'voided';
  const isPending = c.status === 'pending_approval';
  const canUpdate = can('contract', 'update') && !isVoided && !isPending;
  const canPay = can('payment', 'create') && !isVoided;
  const canInvoice = can('invoice', 'create') && !isVoided;
  const rec = finance?.reconciliation;
  const money = (v: number) => <span className="money">{fmt.money(v, c.currency, false)}</span>;
  const methodLabel = (m: string) => t(`payments.methods.${m}`);

  const post = async (path: string, body: unknown, done: string) => {
    await write.mutateAsync({ method: 'post', path, body });
    message.success(done);
    setDrawer(null);
  };

  const itemColumns: ColumnsType<LineItem> = [
    {
      key: 'product',
      title: t('fields.product'),
      render: (_, it) => (
        <div>
          <div>{it.productName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {it.sku}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'quantity', title: t('fields.quantity'), dataIndex: 'quantity', align: 'right' },
    {
      key: 'unitPrice',
      title: t('fields.unitPrice'),
      align: 'right',
      render: (_, it) => money(it.unitPrice),
    },
    {
      key: 'discount',
      title: t('fields.discount'),
      align: 'right',
      render: (_, it) => (it.discountBp ? `${(it.discountBp / 100).toFixed(2)}%` : '—'),
    },
    {
      key: 'amount',
      title: t('fields.lineAmount'),
      align: 'right',
      render: (_, it) => <strong>{money(it.amount)}</strong>,
    },
  ];

  const planColumns: ColumnsType<PaymentPlan> = [
    { key: 'n', title: t('payments.installment'), render: (_, p) => t('payments.nth', { n: p.installment }) },
    {
      key: 'due',
      title: t('payments.dueDate'),
      render: (_, p) => (
        <Typography.Text type={p.status === 'overdue' ? 'danger' : undefined}>
          {fmt.date(p.dueDate)}
        </Typography.Text>
      ),
    },
    {
      key: 'planned',
      title: t('payments.planned'),
      align: 'right',
      render: (_, p) => money(p.plannedAmount),
    },
    {
      key: 'received',
      title: t('payments.received'),
      align: 'right',
      render: (_, p) => money(p.receivedAmount),
    },
    { key: 'method', title: t('payments.method'), render: (_, p) => methodLabel(p.method) },
    { key: 'status', title: t('payments.status'), render: (_, p) => <PaymentStatusTag status={p.status} /> },
    {
      key: 'actions',
      width: 48,
      render: (_, p) =>
        canPay && p.receivedAmount === 0 ? (
          <Popconfirm
            title={t('payments.removePlanConfirm')}
            onConfirm={() =>
              write
                .mutateAsync({ method: 'delete', path: `/contracts/${c.id}/plans/${p.id}` })
                .catch((e: unknown) => handleError(e))
            }
          >
            <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        ) : null,
    },
  ];

  const paymentColumns: ColumnsType<Payment> = [
    {
      key: 'date',
      title: t('payments.receivedDate'),
      render: (_, p) =>
        p.voidedAt ? (
          <Typography.Text delete>{fmt.date(p.receivedDate)}</Typography.Text>
        ) : (
          fmt.date(p.receivedDate)
        ),
    },
    {
      key: 'amount',
      title: t('payments.amount'),
      align: 'right',
      render: (_, p) => <strong>{money(p.amount)}</strong>,
    },
    { key: 'method', title: t('payments.method'), render: (_, p) => methodLabel(p.method) },
    {
      key: 'installment',
      title: t('payments.installment'),
      render: (_, p) => (p.installment ? t('payments.nth', { n: p.installment }) : t('payments.auto')),
    },
    { key: 'reference', title: t('payments.reference'), render: (_, p) => p.reference ?? '—' },
    {
      key: 'state',
      title: t('payments.status'),
      render: (_, p) =>
        p.voidedAt ? (
          <Typography.Text type="secondary">
            {t('payments.voidedBecause', { reason: p.voidReason })}
          </Typography.Text>
        ) : p.status === 'confirmed' ? (
          <Typography.Text type="success">{t('payments.valid')}</Typography.Text>
        ) : (
          <Space size={4}>
            <Tag color={p.status === 'rejected' ? 'error' : 'gold'} data-testid={`payment-${p.status}`}>
              {t(`payments.recordStatuses.${p.status}`)}
            </Tag>
            {p.approvalRequestId && (
              <Link to={`/approvals?open=${p.approvalRequestId}`}>{t('contracts.approvalTrail')}</Link>
            )}
          </Space>
        ),
    },
    {
      key: 'actions',
      width: 48,
      render: (_, p) =>
        p.voidedAt || isVoided ? null : p.status === 'confirmed' && can('payment', 'update') ? (
          <Button
            type="text"
            size="small"
            icon={<StopOutlined />}
            aria-label={t('contracts.void')}
            onClick={() => setVoiding({ path: `/payments/${p.id}/void` })}
          />
        ) : p.status === 'rejected' && can('payment', 'create') ? (
          <Button
            type="text"
            size="small"
            icon={<RedoOutlined />}
            aria-label={t('payments.resubmit')}
            title={t('payments.resubmit')}
            onClick={() =>
              void write
                .mutateAsync({ method: 'post', path: `/payments/${p.id}/resubmit` })
                .then(() => message.success(t('payments.resubmitted')), handleError)
            }
          />
        ) : null,
    },
  ];

  const invoiceColumns: ColumnsType<Invoice> = [
    {
      key: 'number',
      title: t('invoices.number'),
      render: (_, i) =>
        i.status === 'voided' ? <Typography.Text delete>{i.number}</Typography.Text> : i.number,
    },
    { key: 'type', title: t('invoices.type'), render: (_, i) => t(`invoices.types.${i.type}`) },
    {
      key: 'title',
      title: t('invoices.title'),
      render: (_, i) => (
        <div>
          <div>{i.title}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i.taxId}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'amount',
      title: t('invoices.amount'),
      align: 'right',
      render: (_, i) => <strong>{money(i.amount)}</strong>,
    },
    { key: 'date', title: t('invoices.date'), render: (_, i) => fmt.date(i.invoiceDate) },
    {
      key: 'state',
      title: t('payments.status'),
      render: (_, i) =>
        i.status === 'voided' ? (
          <Typography.Text type="secondary">
            {t('payments.voidedBecause', { reason: i.voidReason })}
          </Typography.Text>
        ) : (
          <Typography.Text type="success">{t('invoices.issued')}</Typography.Text>
        ),
    },
    {
      key: 'actions',
      width: 48,
      render: (_, i) =>
        i.status !== 'voided' && can('invoice', 'update') && !isVoided ? (
          <Button
            type="text"
            size="small"
            icon={<StopOutlined />}
            aria-label={t('contracts.void')}
            onClick={() => setVoiding({ path: `/invoices/${i.id}/void` })}
          />
        ) : null,
    },
  ];

  const attachmentColumns: ColumnsType<Attachment> = [
    {
      key: 'name',
      title: t('attachments.filename'),
      render: (_, a) => (
        <a href={`${API_BASE}/contract-attachments/${a.id}`} download>
          <DownloadOutlined /> {a.filename}
        </a>
      ),
    },
    {
      key: 'size',
      title: t('attachments.size'),
      align: 'right',
      render: (_, a) => `${Math.max(1, Math.round(a.size / 1024))} KB`,
    },
    { key: 'by', title: t('attachments.uploadedBy'), dataIndex: 'uploadedByName' },
    { key: 'at', title: t('attachments.uploadedAt'), render: (_, a) => fmt.dateTime(a.createdAt) },
    {
      key: 'actions',
      width: 48,
      render: (_, a) =>
        canUpdate ? (
          <Popconfirm
            title={t('attachments.deleteConfirm')}
            onConfirm={() => write.mutateAsync({ method: 'delete', path: `/contract-attachments/${a.id}` })}
          >
            <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        ) : null,
    },
  ];

  const table = <T extends object>(
    rowKey: string,
    columns: ColumnsType<T>,
    data: T[],
    empty: string,
    testId: string,
  ) => (
    <Card styles={{ body: { padding: 0 } }} data-testid={testId}>
      <Table<T>
        rowKey={rowKey}
        size="small"
        pagination={false}
        columns={columns}
        dataSource={data}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      />
    </Card>
  );
  const addButton = (label: string, onClick: () => void, testId: string) => (
    <Button icon={<PlusOutlined />} onClick={onClick} data-testid={testId} style={{ marginBottom: 12 }}>
      {label}
    </Button>
  );
  const receivedPct = c.amount ? Math.round((c.receivedAmount / c.amount) * 100) : 0;
  const openPlans = (finance?.plans ?? []).filter((p) => p.status !== 'completed' && p.status !== 'voided');

  return (
    <div data-testid="contract-detail">
      <PageHeader
        backTo="/contracts"
        title={c.number}
        tags={
          <Space size={4}>
            <ContractStatusTag status={c.status} />
            <PaymentStatusTag status={c.paymentStatus} />
          </Space>
        }
        subtitle={
          <>
            {c.name} · <Link to={`/accounts/${c.accountId}`}>{c.accountName}</Link>
            {c.opportunityId && (
              <>
                {' · '}
                <Link to={`/opportunities/${c.opportunityId}`}>{t('contracts.sourceOpportunity')}</Link>
              </>
            )}
          </>
        }
        extra={
          <Space>
            {canUpdate && c.status === 'draft' && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={write.isPending}
                data-testid="contract-submit"
                onClick={() =>
                  void write
                    .mutateAsync({
                      method: 'post',
                      path: `/contracts/${c.id}/submit`,
                      body: { version: c.version },
                    })
                    .then((saved) =>
                      message.success(
                        t(
                          (saved as Contract).status === 'active'
                            ? 'contracts.submittedActive'
                            : 'contracts.submittedPending',
                        ),
                      ),
                    )
                    .catch(handleError)
                }
              >
                {t('contracts.submit')}
              </Button>
            )}
            {canUpdate && (
              <Button onClick={() => setEditing(true)} data-testid="contract-edit">
                {t('common.edit')}
              </Button>
            )}
            {canUpdate && (
              <Button
                danger
                icon={<StopOutlined />}
                onClick={() => setVoiding({ path: `/contracts/${c.id}/void`, version: c.version })}
                data-testid="contract-void"
              >
                {t('contracts.void')}
              </Button>
            )}
          </Space>
        }
      />
      {isPending && (
        <Card
          size="small"
          style={{ marginBottom: 16, borderColor: '#fcd34d', background: '#fffbeb' }}
          data-testid="contract-pending"
        >
          <Space>
            <Typography.Text>{t('contracts.pendingNotice')}</Typography.Text>
            {c.approvalRequestId && (
              <Link to={`/approvals?open=${c.approvalRequestId}`}>{t('contracts.approvalTrail')}</Link>
            )}
          </Space>
        </Card>
      )}
      {isVoided && (
        <Card size="small" style={{ marginBottom: 16, borderColor: '#fca5a5', background: '#fef2f2' }}>
          <Typography.Text type="danger">
            {t('contracts.voidedNotice', { reason: c.voidReason, at: fmt.dateTime(c.voidedAt) })}
          </Typography.Text>
        </Card>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t('contracts.reconciliation')} data-testid="reconciliation">
            <Statistic
              title={t('contracts.amount')}
              value={fmt.money(c.amount, c.currency)}
              styles={{ content: { color: '#1d4ed8' } }}
            />
            <Progress
              percent={receivedPct}
              status={c.paymentStatus === 'overdue' ? 'exception' : undefined}
              style={{ margin: '8px 0 12px' }}
            />
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'inv',
                  label: t('contracts.invoiced'),
                  children: money(rec?.invoicedAmount ?? c.invoicedAmount),
                },
                {
                  key: 'rec',
                  label: t('payments.received'),
                  children: money(rec?.receivedAmount ?? c.receivedAmount),
                },
                ...((rec?.pendingApprovalAmount ?? 0) > 0
                  ? [
                      {
                        key: 'pendingApproval',
                        label: t('payments.pendingApproval'),
                        children: (
                          <Typography.Text type="warning">
                            {money(rec!.pendingApprovalAmount)}
                          </Typography.Text>
                        ),
                      },
                    ]
                  : []),
                {
                  key: 'out',
                  label: t('payments.outstanding'),
                  children: (
                    <strong>
                      {money(rec?.outstandingAmount ?? Math.max(0, c.amount - c.receivedAmount))}
                    </strong>
                  ),
                },
                {
                  key: 'uninv',
                  label: t('contracts.uninvoiced'),
                  children: money(rec?.uninvoicedAmount ?? 0),
                },
                {
                  key: 'overdue',
                  label: t('payments.statuses.overdue'),
                  children: (
                    <Typography.Text type={(rec?.overdueAmount ?? 0) > 0 ? 'danger' : undefined}>
                      {money(rec?.overdueAmount ?? 0)}
                    </Typography.Text>
                  ),
                },
                {
                  key: 'planned',
                  label: t('payments.plannedTotal'),
                  children: money(rec?.plannedAmount ?? 0),
                },
              ]}
            />
          </Card>
          <Card size="small" style={{ marginTop: 16 }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'period',
                  label: t('contracts.period'),
                  children: `${fmt.date(c.startDate)} – ${fmt.date(c.endDate)}`,
                },
                { key: 'signed', label: t('contracts.signedDate'), children: fmt.date(c.signedDate) },
                { key: 'owner', label: t('fields.owner'), children: c.ownerName },
                { key: 'notes', label: t('contracts.notes'), children: c.notes ?? '—' },
                ...(c.approvalRequestId && !isPending
                  ? [
                      {
                        key: 'approval',
                        label: t('contracts.approval'),
                        children: (
                          <Link to={`/approvals?open=${c.approvalRequestId}`}>
                            {t('contracts.approvalTrail')}
                          </Link>
                        ),
                      },
                    ]
                  : []),
                { key: 'created', label: t('fields.createdAt'), children: fmt.dateTime(c.createdAt) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Tabs
            defaultActiveKey="plans"
            items={[
              {
                key: 'items',
                label: `${t('contracts.tabItems')} (${c.items.length})`,
                children: table('id', itemColumns, c.items, t('contracts.noItems'), 'contract-items'),
              },
              {
                key: 'plans',
                label: `${t('payments.tabPlans')} (${finance?.plans.length ?? 0})`,
                children: (
                  <>
                    {canPay && addButton(t('payments.addPlan'), () => setDrawer('plan'), 'add-plan')}
                    {table('id', planColumns, finance?.plans ?? [], t('payments.noPlans'), 'plans')}
                  </>
                ),
              },
              {
                key: 'payments',
                label: `${t('payments.tabPayments')} (${finance?.payments.length ?? 0})`,
                children: (
                  <>
                    {canPay && addButton(t('payments.record'), () => setDrawer('payment'), 'add-payment')}
                    {table(
                      'id',
                      paymentColumns,
                      finance?.payments ?? [],
                      t('payments.noPayments'),
                      'payments',
                    )}
                  </>
                ),
              },
              {
                key: 'invoices',
                label: `${t('invoices.tab')} (${finance?.invoices.length ?? 0})`,
                children: (
                  <>
                    {canInvoice && addButton(t('invoices.add'), () => setDrawer('invoice'), 'add-invoice')}
                    {table('id', invoiceColumns, finance?.invoices ?? [], t('invoices.none'), 'invoices')}
                  </>
                ),
              },
              {
                key: 'attachments',
                label: `${t('attachments.tab')} (${attachments.length})`,
                children: (
                  <>
                    {canUpdate && (
                      <Upload
                        showUploadList={false}
                        beforeUpload={(file) => {
                          if (file.size > ATTACHMENT_MAX_BYTES) {
                            message.error(
                              t('attachments.tooLarge', { mb: ATTACHMENT_MAX_BYTES / 1024 / 1024 }),
                            );
                            return Upload.LIST_IGNORE;
                          }
                          write
                            .mutateAsync({ method: 'upload', path: `/contracts/${c.id}/attachments`, file })
                            .then(() => message.success(t('attachments.uploaded')))
                            .catch((e: unknown) => handleError(e));
                          return false;
                        }}
                      >
                        <Button icon={<UploadOutlined />} style={{ marginBottom: 12 }} data-testid="upload">
                          {t('attachments.upload')}
                        </Button>
                      </Upload>
                    )}
                    {table('id', attachmentColumns, attachments, t('attachments.none'), 'attachments')}
                  </>
                ),
              },
            ]}
          />
        </Col>
      </Row>

      <ContractForm open={editing} onClose={() => setEditing(false)} contract={c} />

      <FormDrawer
        open={drawer === 'plan'}
        title={t('payments.addPlan')}
        form={planForm}
        width={440}
        initialValues={{
          method: 'bank_transfer',
          dueDate: dayjs().add(30, 'day').format('YYYY-MM-DD'),
          plannedAmount: Math.max(0, c.amount - (rec?.plannedAmount ?? 0)),
        }}
        onClose={() => setDrawer(null)}
        onSubmit={(v) => post(`/contracts/${c.id}/plans`, v, t('app.created'))}
        testId="plan-form"
      >
        <Typography.Paragraph type="secondary">
          {t('payments.planRoom', {
            amount: fmt.money(Math.max(0, c.amount - (rec?.plannedAmount ?? 0)), c.currency),
          })}
        </Typography.Paragraph>
        <Form.Item name="plannedAmount" label={t('payments.planned')} rules={[{ required: true }]}>
          <MoneyInput data-testid="plan-amount" />
        </Form.Item>
        <Form.Item name="dueDate" label={t('payments.dueDate')} rules={[{ required: true }]}>
          <DateInput />
        </Form.Item>
        <Form.Item name="method" label={t('payments.method')} rules={[{ required: true }]}>
          <Select options={PAYMENT_METHODS.map((m) => ({ value: m, label: methodLabel(m) }))} />
        </Form.Item>
        <Form.Item name="notes" label={t('contracts.notes')}>
          <Input />
        </Form.Item>
      </FormDrawer>

      <FormDrawer
        open={drawer === 'payment'}
        title={t('payments.record')}
        form={paymentForm}
        width={440}
        initialValues={{ method: 'bank_transfer', receivedDate: dayjs().format('YYYY-MM-DD') }}
        onClose={() => setDrawer(null)}
        onSubmit={(v) => post(`/contracts/${c.id}/payments`, v, t('app.created'))}
        testId="payment-form"
      >
        <Typography.Paragraph type="secondary">
          {t('payments.room', {
            amount: fmt.money(
              Math.max(0, c.amount - c.receivedAmount - (rec?.pendingApprovalAmount ?? 0)),
              c.currency,
            ),
          })}
        </Typography.Paragraph>
        <Form.Item name="amount" label={t('payments.amount')} rules={[{ required: true }]}>
          <MoneyInput data-testid="payment-amount" />
        </Form.Item>
        <Form.Item name="receivedDate" label={t('payments.receivedDate')} rules={[{ required: true }]}>
          <DateInput />
        </Form.Item>
        <Form.Item name="method" label={t('payments.method')} rules={[{ required: true }]}>
          <Select options={PAYMENT_METHODS.map((m) => ({ value: m, label: methodLabel(m) }))} />
        </Form.Item>
        <Form.Item name="planId" label={t('payments.installment')} extra={t('payments.autoHint')}>
          <Select
            allowClear
            placeholder={t('payments.auto')}
            options={openPlans.map((p) => ({
              value: p.id,
              label: `${t('payments.nth', { n: p.installment })} · ${fmt.date(p.dueDate)} · ${fmt.money(p.plannedAmount - p.receivedAmount, c.currency)}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="reference" label={t('payments.reference')}>
          <Input maxLength={100} />
        </Form.Item>
      </FormDrawer>

      <FormDrawer
        open={drawer === 'invoice'}
        title={t('invoices.add')}
        form={invoiceForm}
        initialValues={{
          type: 'special',
          invoiceDate: dayjs().format('YYYY-MM-DD'),
          title: c.accountName,
          amount: Math.max(0, c.amount - c.invoicedAmount),
        }}
        onClose={() => setDrawer(null)}
        onSubmit={(v) => post(`/contracts/${c.id}/invoices`, v, t('app.created'))}
        testId="invoice-form"
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="number"
              label={t('invoices.number')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="type" label={t('invoices.type')} rules={[{ required: true }]}>
              <Select options={INVOICE_TYPES.map((v) => ({ value: v, label: t(`invoices.types.${v}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('invoices.title')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="taxId"
          label={t('invoices.taxId')}
          rules={[
            {
              required: true,
              pattern: /^([0-9A-Z]{15}|[0-9A-Z]{18}|[0-9A-Z]{20})$/,
              message: t('invoices.taxIdHint'),
            },
          ]}
        >
          <Input maxLength={20} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="bankName" label={t('invoices.bankName')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="bankAccount" label={t('invoices.bankAccount')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="address" label={t('invoices.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('invoices.phone')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="amount" label={t('invoices.amount')} rules={[{ required: true }]}>
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="invoiceDate" label={t('invoices.date')} rules={[{ required: true }]}>
              <DateInput />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>

      <Modal
        open={voiding !== null}
        title={t('contracts.voidTitle')}
        okText={t('contracts.void')}
        okButtonProps={{ danger: true, loading: write.isPending }}
        onCancel={() => setVoiding(null)}
        destroyOnHidden
        onOk={async () => {
          const v = await voidForm.validateFields();
          try {
            await write.mutateAsync({
              method: 'post',
              path: voiding!.path,
              body: { reason: v.reason, ...(voiding!.version ? { version: voiding!.version } : {}) },
            });
            message.success(t('contracts.voided'));
            setVoiding(null);
          } catch (e) {
            handleError(e, voidForm);
          }
        }}
      >
        <Form form={voidForm} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('contracts.voidReason')}
            rules={[{ required: true, whitespace: true, max: 500 }]}
          >
            <Input.TextArea rows={3} data-testid="void-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
