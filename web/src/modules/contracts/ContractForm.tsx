import { Alert, Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Contract, Opportunity } from '@tuoke/shared';
import { App } from 'antd';
import { FormDrawer } from '../../app/components/FormDrawer';
import { DateInput, MoneyInput } from '../../app/components/inputs';
import { RecordSelect } from '../../app/components/RecordSelect';
import { useFormat } from '../../app/format';
import { useOpportunityQuotes } from '../quotes/useQuotes';
import { useSaveContract } from './useContracts';

const QUOTE_RANK = { accepted: 3, sent: 2, approved: 1 } as const;

interface Values {
  name?: string;
  accountId?: string;
  amount?: number;
  status?: 'draft' | 'active';
  startDate?: string;
  endDate?: string;
  signedDate?: string | null;
  notes?: string | null;
}

/** Creates a contract (from a won opportunity when given) or edits one. */
export function ContractForm({
  open,
  onClose,
  contract,
  opportunity,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  contract?: Contract;
  opportunity?: Opportunity;
  onSaved?: (c: Contract) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveContract();
  const today = dayjs().format('YYYY-MM-DD');
  // The quote the customer agreed to, when there is one, sets the contract's lines and amount.
  const quotes = useOpportunityQuotes(opportunity?.id ?? '', open && !contract && Boolean(opportunity));
  const sourceQuote = (quotes.data?.items ?? [])
    .filter((q) => q.status in QUOTE_RANK)
    .sort(
      (a, b) =>
        QUOTE_RANK[b.status as keyof typeof QUOTE_RANK] - QUOTE_RANK[a.status as keyof typeof QUOTE_RANK] ||
        b.revision - a.revision,
    )[0];

  const initialValues: Values = contract
    ? {
        name: contract.name,
        status: contract.status === 'draft' ? 'draft' : 'active',
        startDate: contract.startDate,
        endDate: contract.endDate,
        signedDate: contract.signedDate,
        notes: contract.notes,
      }
    : {
        name: opportunity?.name,
        status: 'active',
        startDate: today,
        endDate: dayjs().add(1, 'year').subtract(1, 'day').format('YYYY-MM-DD'),
        signedDate: today,
      };

  return (
    <FormDrawer<Values>
      open={open}
      title={contract ? t('contracts.edit') : t('contracts.new')}
      form={form}
      initialValues={initialValues}
      onClose={onClose}
      testId="contract-form"
      onSubmit={async (v) => {
        const body: Record<string, unknown> = {
          name: v.name,
          status: v.status,
          startDate: v.startDate,
          endDate: v.endDate,
          signedDate: v.signedDate ?? null,
          notes: v.notes || null,
        };
        if (contract) body.version = contract.version;
        else if (opportunity) {
          body.opportunityId = opportunity.id;
          if (sourceQuote) body.quoteId = sourceQuote.id;
        } else Object.assign(body, { accountId: v.accountId, amount: v.amount });
        const saved = await save.mutateAsync({ id: contract?.id, body });
        message.success(contract ? t('app.saved') : t('contracts.created', { number: saved.number }));
        onClose();
        onSaved?.(saved);
      }}
    >
      {opportunity && !contract && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            sourceQuote
              ? t('contracts.fromQuote', {
                  number: `${sourceQuote.number} v${sourceQuote.revision}`,
                  amount: fmt.money(sourceQuote.total, sourceQuote.currency),
                })
              : t('contracts.fromOpportunity', {
                  name: opportunity.name,
                  amount: fmt.money(opportunity.amount, opportunity.currency),
                  count: opportunity.items.length,
                })
          }
        />
      )}
      <Form.Item
        name="name"
        label={t('contracts.name')}
        rules={[{ required: true, whitespace: true, max: 200 }]}
      >
        <Input data-testid="contract-name" />
      </Form.Item>
      {!contract && !opportunity && (
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="accountId" label={t('fields.account')} rules={[{ required: true }]}>
              <RecordSelect resource="accounts" data-testid="contract-account" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="amount" label={t('contracts.amount')} rules={[{ required: true }]}>
              <MoneyInput data-testid="contract-amount" />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="startDate" label={t('contracts.startDate')} rules={[{ required: true }]}>
            <DateInput />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="endDate" label={t('contracts.endDate')} rules={[{ required: true }]}>
            <DateInput />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="signedDate" label={t('contracts.signedDate')}>
            <DateInput />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="status" label={t('contracts.status')}>
            <Select
              options={(['draft', 'active'] as const).map((s) => ({
                value: s,
                // a draft becomes active only through approval
                label:
                  s === 'active' && contract?.status !== 'active' && contract?.status !== 'expired'
                    ? t('contracts.submitOnSave')
                    : t(`contracts.statuses.${s}`),
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="notes" label={t('contracts.notes')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormDrawer>
  );
}
