import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Col,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Radio,
  Result,
  Row,
  Select,
  Skeleton,
  Steps,
  Switch,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  ACCOUNT_SIZES,
  INDUSTRIES,
  type Lead,
  type LeadConvert,
  type LeadConvertPreview,
  type LeadConvertResult,
} from '@tuoke/shared';
import { api, isApiError } from '../../app/api';
import { useMe } from '../../app/auth';
import { EnumSelect } from '../../app/components/EnumSelect';
import { DateInput, MoneyInput } from '../../app/components/inputs';
import { OwnerSelect } from '../../app/components/OwnerSelect';
import { RecordSelect } from '../../app/components/RecordSelect';
import { RegionInput } from '../../app/components/RegionInput';
import { useErrorHandler } from '../../app/errors';
import { MatchLine } from '../dedupe/DuplicateWarning';
import { usePipelines } from '../pipelines/usePipelines';

interface Values {
  ownerId?: string;
  account: { create: Record<string, string | null | undefined> };
  contact: { create: Record<string, string | null | undefined> };
  opportunity: {
    name?: string;
    amount?: number | null;
    pipelineId?: string;
    stageId?: string;
    expectedCloseDate?: string;
  };
}

const STEP_OF_FIELD: Record<string, number> = { account: 0, ownerId: 0, contact: 1, opportunity: 2 };

/** Empty inputs as absent: the server keeps its defaults (and null means "clear"). */
function compact(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
}

/**
 * The conversion wizard (线索转化): account (an existing one the duplicate check found, or a new
 * one), contact, an optional deal; the server does it all in one transaction.
 */
export function LeadConvertDrawer(props: { lead: Lead; open: boolean; onClose: () => void }) {
  // every opening starts at step one with the server's fresh proposal
  return <ConvertWizard key={props.open ? 'open' : 'closed'} {...props} />;
}

function ConvertWizard({ lead, open, onClose }: { lead: Lead; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [accountPick, setAccountChoice] = useState<string | null>(null);
  const [otherAccountId, setOtherAccountId] = useState<string | undefined>();
  const [contactPick, setContactChoice] = useState<string | null>(null);
  const [withOpportunity, setWithOpportunity] = useState(true);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<LeadConvertResult | null>(null);
  const { data: pipelines = [] } = usePipelines();

  const preview = useQuery({
    queryKey: ['leads', 'convert-preview', lead.id, lead.version],
    queryFn: ({ signal }) =>
      api.get<LeadConvertPreview>(`/leads/${lead.id}/convert-preview`, undefined, signal),
    enabled: open && !result,
    staleTime: 0,
  });
  const p = preview.data;

  useEffect(() => {
    if (!open || !p) return;
    form.setFieldsValue({
      ownerId: lead.ownerId ?? me.user.id,
      account: { create: p.account as Values['account']['create'] },
      contact: { create: p.contact as Values['contact']['create'] },
      opportunity: { ...p.opportunity, amount: null },
    });
  }, [open, p, form, lead.ownerId, me.user.id]);
  // until the reader picks, the proposal: the existing account and contact the check found
  const accountChoice = accountPick ?? (p?.suggestedAccountId ? `existing:${p.suggestedAccountId}` : 'new');
  const contactChoice = contactPick ?? (p?.suggestedContactId ? `existing:${p.suggestedContactId}` : 'new');

  const pipelineId = Form.useWatch(['opportunity', 'pipelineId'], form);
  const pipeline = pipelines.find((x) => x.id === pipelineId) ?? pipelines[0];
  const accountId =
    accountChoice === 'other'
      ? otherAccountId
      : accountChoice.startsWith('existing:')
        ? accountChoice.slice(9)
        : null;
  // the proposed contacts belong to the proposed account
  const contactMatches = accountId && accountId === p?.suggestedAccountId ? (p?.contactMatches ?? []) : [];
  const visibleAccounts = (p?.accountMatches ?? []).filter((m) => m.visible && m.id);
  const hiddenAccounts = (p?.accountMatches ?? []).filter((m) => !m.visible);

  const stepFields: Record<number, (string | number)[][]> = {
    0: accountChoice === 'new' ? [['account', 'create', 'name'], ['ownerId']] : [['ownerId']],
    1:
      contactChoice === 'new'
        ? [
            ['contact', 'create', 'name'],
            ['contact', 'create', 'email'],
          ]
        : [],
    2: withOpportunity
      ? [
          ['opportunity', 'name'],
          ['opportunity', 'expectedCloseDate'],
        ]
      : [],
  };

  const next = async () => {
    try {
      await form.validateFields(stepFields[step] as never);
    } catch {
      return;
    }
    if (step === 0 && accountChoice === 'other' && !otherAccountId) {
      message.warning(t('leadConvert.pickAccount'));
      return;
    }
    setStep((s) => s + 1);
  };

  const submit = async () => {
    try {
      await form.validateFields(stepFields[2] as never);
    } catch {
      return;
    }
    if (!p) return;
    const v = form.getFieldsValue(true) as Values;
    const body: LeadConvert = {
      version: p.version,
      account: accountId ? { id: accountId } : { create: compact(v.account.create) as never },
      contact:
        contactChoice.startsWith('existing:') && contactMatches.length
          ? { id: contactChoice.slice(9) }
          : { create: compact(v.contact.create) as never },
      opportunity: withOpportunity
        ? (compact({ ...v.opportunity, amount: v.opportunity.amount ?? 0 }) as never)
        : null,
      ...(v.ownerId ? { ownerId: v.ownerId } : {}),
    };
    setSubmitting(true);
    try {
      const r = await api.post<LeadConvertResult>(`/leads/${lead.id}/convert`, body);
      setResult(r);
      setStep(3);
      message.success(t('leadConvert.converted'));
      for (const key of ['leads', 'accounts', 'contacts', 'opportunities', 'timeline', 'duplicates'])
        void queryClient.invalidateQueries({ queryKey: [key] });
    } catch (err) {
      handleError(err, form);
      if (isApiError(err) && err.fields.length) {
        const first = err.fields[0]!.path.replace(/^\//, '').split('/')[0]!;
        if (first in STEP_OF_FIELD) setStep(STEP_OF_FIELD[first]!);
      }
    } finally {
      setSubmitting(false);
    }
  };

  const footer =
    step === 3 ? (
      <Flex justify="flex-end">
        <Button type="primary" onClick={onClose} data-testid="convert-close">
          {t('common.confirm')}
        </Button>
      </Flex>
    ) : (
      <Flex justify="space-between">
        <Button onClick={step === 0 ? onClose : () => setStep((s) => s - 1)}>
          {step === 0 ? t('common.cancel') : t('leadConvert.prev')}
        </Button>
        {step < 2 ? (
          <Button type="primary" onClick={() => void next()} disabled={!p} data-testid="convert-next">
            {t('leadConvert.next')}
          </Button>
        ) : (
          <Button
            type="primary"
            loading={submitting}
            onClick={() => void submit()}
            data-testid="convert-submit"
          >
            {t('leadConvert.convert')}
          </Button>
        )}
      </Flex>
    );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('leadConvert.title', { name: lead.name })}
      size={screens.sm ? 640 : '100%'}
      destroyOnHidden
      footer={footer}
      data-testid="lead-convert"
    >
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('leadConvert.stepAccount') },
          { title: t('leadConvert.stepContact') },
          { title: t('leadConvert.stepOpportunity') },
          { title: t('leadConvert.stepDone') },
        ]}
      />
      {step === 3 ? null : preview.error ? (
        <Alert type="error" showIcon title={(preview.error as Error).message} />
      ) : !p ? (
        <Skeleton active />
      ) : (
        <Form<Values> form={form} layout="vertical" preserve>
          <div hidden={step !== 0}>
            {hiddenAccounts.map((m, i) => (
              <Alert
                key={`hidden-${i}`}
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="convert-hidden-match"
                title={
                  m.inPool
                    ? t('leadConvert.inPoolMatch', { name: m.name })
                    : t('leadConvert.hiddenMatch', {
                        name: m.name,
                        owner: m.ownerName,
                        team: m.teamName ? `（${m.teamName}）` : '',
                      })
                }
              />
            ))}
            <Radio.Group
              value={accountChoice}
              onChange={(e) => setAccountChoice(e.target.value as string)}
              style={{ width: '100%' }}
              data-testid="convert-account-choice"
            >
              <Flex vertical gap={8}>
                {visibleAccounts.map((m) => (
                  <Radio key={m.id} value={`existing:${m.id}`} data-testid="convert-existing-account">
                    <Flex vertical>
                      <Typography.Text strong>
                        {t('leadConvert.existingFound', {
                          name: m.name,
                          owner: m.ownerName ?? t('dedupe.inPool'),
                        })}
                        {' — '}
                        {t('leadConvert.linkExisting')}
                      </Typography.Text>
                      <MatchLine match={m} compact />
                    </Flex>
                  </Radio>
                ))}
                <Radio value="other">{t('leadConvert.pickOther')}</Radio>
                {accountChoice === 'other' && (
                  <RecordSelect
                    resource="accounts"
                    value={otherAccountId}
                    onChange={(v) => setOtherAccountId(v as string | undefined)}
                    placeholder={t('fields.account')}
                    style={{ width: '100%' }}
                  />
                )}
                <Radio value="new" data-testid="convert-new-account">
                  {t('leadConvert.createNew')}
                </Radio>
              </Flex>
            </Radio.Group>
            <div hidden={accountChoice !== 'new'} style={{ marginTop: 16 }}>
              <Form.Item
                name={['account', 'create', 'name']}
                label={t('fields.name')}
                rules={[
                  {
                    required: accountChoice === 'new',
                    whitespace: true,
                    message: t('validation.required', { field: t('fields.name') }),
                  },
                ]}
              >
                <Input maxLength={200} data-testid="convert-account-name" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name={['account', 'create', 'industry']} label={t('fields.industry')}>
                    <EnumSelect group="industry" values={INDUSTRIES} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={['account', 'create', 'size']} label={t('fields.size')}>
                    <EnumSelect group="accountSize" values={ACCOUNT_SIZES} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={['account', 'create', 'region']} label={t('fields.region')}>
                    <RegionInput />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={['account', 'create', 'phone']} label={t('fields.phone')}>
                    <Input maxLength={40} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name={['account', 'create', 'creditCode']}
                label={t('fields.creditCode')}
                normalize={(v: string) => (v ? v.toUpperCase().trim() : v)}
              >
                <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
              </Form.Item>
              <Form.Item name={['account', 'create', 'address']} label={t('fields.address')}>
                <Input maxLength={300} />
              </Form.Item>
            </div>
            <Form.Item name="ownerId" label={t('leadConvert.owner')} style={{ marginTop: 16 }}>
              <OwnerSelect knownId={me.user.id} knownName={me.user.name} />
            </Form.Item>
          </div>

          <div hidden={step !== 1}>
            {contactMatches.length > 0 && (
              <Radio.Group
                value={contactChoice}
                onChange={(e) => setContactChoice(e.target.value as string)}
                style={{ width: '100%', marginBottom: 16 }}
              >
                <Flex vertical gap={8}>
                  {contactMatches
                    .filter((m) => m.visible)
                    .map((m) => (
                      <Radio key={m.id} value={`existing:${m.id}`} data-testid="convert-existing-contact">
                        <Flex vertical>
                          <Typography.Text strong>
                            {t('leadConvert.useContact', { name: m.name })}
                          </Typography.Text>
                          <MatchLine match={m} compact />
                        </Flex>
                      </Radio>
                    ))}
                  <Radio value="new">{t('leadConvert.newContact')}</Radio>
                </Flex>
              </Radio.Group>
            )}
            <div hidden={contactMatches.length > 0 && contactChoice !== 'new'}>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name={['contact', 'create', 'name']}
                    label={t('fields.contactName')}
                    rules={[
                      {
                        required: true,
                        whitespace: true,
                        message: t('validation.required', { field: t('fields.contactName') }),
                      },
                    ]}
                  >
                    <Input maxLength={100} data-testid="convert-contact-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={['contact', 'create', 'title']} label={t('fields.title')}>
                    <Input maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={['contact', 'create', 'phone']} label={t('fields.phone')}>
                    <Input maxLength={40} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={['contact', 'create', 'wechat']} label={t('fields.wechat')}>
                    <Input maxLength={60} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name={['contact', 'create', 'email']}
                label={t('fields.email')}
                rules={[{ type: 'email', message: t('contacts.emailInvalid') }]}
              >
                <Input maxLength={200} />
              </Form.Item>
            </div>
          </div>

          <div hidden={step !== 2}>
            <Flex gap={8} align="center" style={{ marginBottom: 16 }}>
              <Switch
                checked={withOpportunity}
                onChange={setWithOpportunity}
                data-testid="convert-with-opportunity"
              />
              <Typography.Text>{t('leadConvert.withOpportunity')}</Typography.Text>
            </Flex>
            <div hidden={!withOpportunity}>
              <Form.Item
                name={['opportunity', 'name']}
                label={t('fields.name')}
                rules={[
                  {
                    required: withOpportunity,
                    whitespace: true,
                    message: t('validation.required', { field: t('fields.name') }),
                  },
                ]}
              >
                <Input maxLength={200} data-testid="convert-opportunity-name" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name={['opportunity', 'amount']} label={t('fields.amount')}>
                    <MoneyInput />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name={['opportunity', 'expectedCloseDate']}
                    label={t('fields.expectedCloseDate')}
                    rules={[
                      {
                        required: withOpportunity,
                        message: t('validation.select', { field: t('fields.expectedCloseDate') }),
                      },
                    ]}
                  >
                    <DateInput />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={['opportunity', 'pipelineId']} label={t('fields.pipeline')}>
                    <Select
                      options={pipelines.map((x) => ({ value: x.id, label: x.name }))}
                      onChange={(id: string) =>
                        form.setFieldValue(
                          ['opportunity', 'stageId'],
                          pipelines.find((x) => x.id === id)?.stages.find((s) => s.kind === 'open')?.id,
                        )
                      }
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={['opportunity', 'stageId']} label={t('fields.stage')}>
                    <Select
                      options={(pipeline?.stages ?? [])
                        .filter((s) => s.kind === 'open')
                        .map((s) => ({ value: s.id, label: `${s.name} · ${s.probability}%` }))}
                    />
                  </Form.Item>
                </Col>
              </Row>
            </div>
          </div>
        </Form>
      )}
      {step === 3 && result && (
        <Result
          status="success"
          title={t('leadConvert.converted')}
          subTitle={
            result.activitiesMoved ? t('leadConvert.doneHint', { count: result.activitiesMoved }) : undefined
          }
          extra={
            <Flex vertical gap={8} align="center" data-testid="convert-result">
              <span>
                {t('leadConvert.becameAccount')}
                <Link to={`/accounts/${result.accountId}`}>{result.accountName}</Link>
                {result.accountCreated ? '' : t('leadConvert.reused')}
              </span>
              <span>
                {t('leadConvert.becameContact')}
                <Link to={`/contacts/${result.contactId}`}>{result.contactName}</Link>
                {result.contactCreated ? '' : t('leadConvert.reused')}
              </span>
              {result.opportunityId && (
                <span>
                  {t('leadConvert.becameOpportunity')}
                  <Link to={`/opportunities/${result.opportunityId}`}>{result.opportunityName}</Link>
                </span>
              )}
            </Flex>
          }
        />
      )}
    </Drawer>
  );
}
