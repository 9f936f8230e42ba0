import { useMemo } from 'react';
import { App, Button, Col, Divider, Flex, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { CHANNELS, type Channel, type Opportunity, type Product } from '@tuoke/shared';
import { FormDrawer } from '../../app/components/FormDrawer';
import { DateInput, MoneyInput } from '../../app/components/inputs';
import { OwnerSelect } from '../../app/components/OwnerSelect';
import { RecordSelect } from '../../app/components/RecordSelect';
import { useFormat } from '../../app/format';
import { useList } from '../../app/resource';
import { usePipelines } from '../pipelines/usePipelines';
import { useSaveOpportunity } from './useOpportunities';

interface ItemValues {
  productId?: string;
  quantity?: number;
  unitPrice?: number | null;
  discountPct?: number | null;
}

interface OpportunityFormValues {
  name: string;
  accountId: string;
  pipelineId?: string;
  stageId?: string;
  amount?: number | null;
  expectedCloseDate: string;
  nextStep?: string | null;
  nextStepDate?: string | null;
  lostReason?: string | null;
  lostCompetitor?: string | null;
  channel?: Channel;
  ownerId?: string;
  collaboratorIds?: string[];
  items?: ItemValues[];
}

/** Line amount as the server computes it: quantity × unit price, less the discount, rounded to the fen. */
export function lineAmount(item: ItemValues): number {
  const qty = item.quantity ?? 0;
  const price = item.unitPrice ?? 0;
  const pct = item.discountPct ?? 0;
  return Math.round(qty * price * (1 - pct / 100));
}

export function OpportunityForm({
  open,
  onClose,
  opportunity,
  account,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  opportunity?: Opportunity | null;
  account?: { id: string; name: string } | null;
  onSaved?: (opp: Opportunity) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const [form] = Form.useForm<OpportunityFormValues>();
  const save = useSaveOpportunity();
  const { data: pipelines = [] } = usePipelines();
  const { data: productPage } = useList<Product>(
    'products',
    { limit: 200, active: true, sort: 'name' },
    open,
  );
  const products = useMemo(() => productPage?.items ?? [], [productPage]);
  const productById = useMemo(() => new Map(products.map((p) => [p.id, p])), [products]);

  const pipelineId = Form.useWatch('pipelineId', form) ?? opportunity?.pipelineId;
  const stageId = Form.useWatch('stageId', form);
  const items = (Form.useWatch('items', form) ?? []) as ItemValues[];
  const pipeline = pipelines.find((p) => p.id === pipelineId) ?? pipelines[0];
  const stage = pipeline?.stages.find((s) => s.id === stageId);
  const itemsTotal = items.reduce((sum, it) => sum + (it ? lineAmount(it) : 0), 0);
  const hasItems = items.some((it) => it?.productId);

  const initialValues: Partial<OpportunityFormValues> = opportunity
    ? {
        name: opportunity.name,
        accountId: opportunity.accountId,
        pipelineId: opportunity.pipelineId,
        stageId: opportunity.stageId,
        amount: opportunity.amount,
        expectedCloseDate: opportunity.expectedCloseDate,
        nextStep: opportunity.nextStep,
        nextStepDate: opportunity.nextStepDate,
        lostReason: opportunity.lostReason,
        lostCompetitor: opportunity.lostCompetitor,
        channel: opportunity.channel,
        ownerId: opportunity.ownerId,
        collaboratorIds: opportunity.collaboratorIds,
        items: opportunity.items.map((it) => ({
          productId: it.productId,
          quantity: it.quantity,
          unitPrice: it.unitPrice,
          discountPct: it.discountBp / 100,
        })),
      }
    : {
        accountId: account?.id,
        pipelineId: pipelines[0]?.id,
        stageId: pipelines[0]?.stages.find((s) => s.kind === 'open')?.id,
        expectedCloseDate: dayjs().add(1, 'month').endOf('month').format('YYYY-MM-DD'),
        channel: 'direct',
        items: [],
      };

  const onSubmit = async (values: OpportunityFormValues) => {
    const lineItems = (values.items ?? [])
      .filter((it) => it.productId)
      .map((it) => ({
        productId: it.productId!,
        quantity: it.quantity ?? 1,
        ...(it.unitPrice !== null && it.unitPrice !== undefined ? { unitPrice: it.unitPrice } : {}),
        discountBp: Math.round((it.discountPct ?? 0) * 100),
      }));
    const body: Record<string, unknown> = {
      name: values.name.trim(),
      accountId: values.accountId,
      stageId: values.stageId,
      expectedCloseDate: values.expectedCloseDate,
      nextStep: values.nextStep || null,
      nextStepDate: values.nextStepDate || null,
      channel: values.channel ?? 'direct',
      collaboratorIds: values.collaboratorIds ?? [],
      items: lineItems,
    };
    if (lineItems.length === 0) body.amount = values.amount ?? 0;
    if (stage?.kind === 'lost') {
      body.lostReason = values.lostReason || null;
      body.lostCompetitor = values.lostCompetitor?.trim() || null;
    }
    if (values.ownerId) body.ownerId = values.ownerId;
    const saved = await save.mutateAsync(
      opportunity
        ? { id: opportunity.id, body: { ...body, version: opportunity.version } }
        : { body: { ...body, pipelineId: values.pipelineId } },
    );
    message.success(opportunity ? t('app.saved') : t('app.created'));
    onClose();
    onSaved?.(saved);
  };

  return (
    <FormDrawer<OpportunityFormValues>
      open={open}
      onClose={onClose}
      title={opportunity ? t('opportunities.edit') : t('opportunities.new')}
      form={form}
      initialValues={initialValues}
      onSubmit={onSubmit}
      width={720}
      testId="opportunity-form"
    >
      <Form.Item
        name="name"
        label={t('fields.name')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('validation.required', { field: t('fields.name') }),
          },
        ]}
      >
        <Input maxLength={200} data-testid="opportunity-name" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="accountId"
            label={t('fields.account')}
            rules={[{ required: true, message: t('validation.select', { field: t('fields.account') }) }]}
          >
            <RecordSelect
              resource="accounts"
              knownLabels={
                opportunity
                  ? { [opportunity.accountId]: opportunity.accountName }
                  : account
                    ? { [account.id]: account.name }
                    : undefined
              }
              data-testid="opportunity-account"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="expectedCloseDate"
            label={t('fields.expectedCloseDate')}
            rules={[
              { required: true, message: t('validation.select', { field: t('fields.expectedCloseDate') }) },
            ]}
          >
            <DateInput />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="pipelineId" label={t('fields.pipeline')}>
            <Select
              disabled={Boolean(opportunity)}
              options={pipelines.map((p) => ({ value: p.id, label: p.name }))}
              onChange={(id: string) =>
                form.setFieldValue(
                  'stageId',
                  pipelines.find((p) => p.id === id)?.stages.find((s) => s.kind === 'open')?.id,
                )
              }
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="channel" label={t('plans.fields.channel')}>
            <Select
              data-testid="opportunity-channel"
              options={CHANNELS.map((c) => ({ value: c, label: t(`plans.channel.${c}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="stageId" label={t('fields.stage')}>
            <Select
              data-testid="opportunity-stage"
              options={(pipeline?.stages ?? []).map((s) => ({
                value: s.id,
                label: `${s.name} · ${s.probability}%`,
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      {stage?.kind === 'lost' && (
        <Form.Item
          name="lostReason"
          label={t('fields.lostReason')}
          rules={[{ required: true, whitespace: true, message: t('opportunities.lostReasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      )}
      {stage?.kind === 'lost' && (
        <Form.Item name="lostCompetitor" label={t('fields.lostCompetitor')}>
          <Input maxLength={200} />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          {hasItems ? (
            <Form.Item label={t('fields.amount')} extra={t('opportunities.amountHint')}>
              <Typography.Text strong className="money" style={{ fontSize: 16 }}>
                {fmt.money(itemsTotal, undefined, false)}
              </Typography.Text>
            </Form.Item>
          ) : (
            <Form.Item name="amount" label={t('fields.amount')}>
              <MoneyInput data-testid="opportunity-amount" />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="ownerId" label={t('fields.owner')}>
            <OwnerSelect
              knownId={opportunity?.ownerId}
              knownName={opportunity?.ownerName}
              placeholder={t('views.mine')}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={16}>
          <Form.Item name="nextStep" label={t('fields.nextStep')} extra={t('supervision.nextStepHint')}>
            <Input
              maxLength={500}
              placeholder={t('supervision.nextStepPlaceholder')}
              data-testid="opportunity-next-step"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="nextStepDate" label={t('supervision.nextStepDate')}>
            <DateInput />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="collaboratorIds" label={t('fields.collaborators')}>
        <RecordSelect resource="users" params={{ active: true }} mode="multiple" maxCount={20} />
      </Form.Item>

      <Divider titlePlacement="start" plain>
        {t('opportunities.lineItems')}
      </Divider>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => {
              const item = items[field.name] ?? {};
              return (
                <Row gutter={8} key={field.key} align="top" data-testid="line-item-row">
                  <Col xs={24} sm={9}>
                    <Form.Item
                      name={[field.name, 'productId']}
                      rules={[
                        { required: true, message: t('validation.select', { field: t('fields.product') }) },
                      ]}
                    >
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        placeholder={t('fields.product')}
                        options={products.map((p) => ({ value: p.id, label: `${p.name} (${p.sku})` }))}
                        onChange={(id: string) => {
                          const product = productById.get(id);
                          if (product)
                            form.setFieldValue(['items', field.name, 'unitPrice'], product.listPrice);
                        }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={6} sm={3}>
                    <Form.Item name={[field.name, 'quantity']} initialValue={1}>
                      <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={10} sm={5}>
                    <Form.Item name={[field.name, 'unitPrice']}>
                      <MoneyInput placeholder={t('fields.unitPrice')} />
                    </Form.Item>
                  </Col>
                  <Col xs={8} sm={3}>
                    <Form.Item name={[field.name, 'discountPct']}>
                      <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={20} sm={3} style={{ paddingTop: 5, textAlign: 'right' }}>
                    <Typography.Text className="money">{fmt.money(lineAmount(item))}</Typography.Text>
                  </Col>
                  <Col xs={4} sm={1}>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('common.remove')}
                      onClick={() => remove(field.name)}
                    />
                  </Col>
                </Row>
              );
            })}
            <Flex justify="space-between" align="center">
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ quantity: 1, discountPct: 0 })}
                data-testid="line-item-add"
              >
                {t('opportunities.addItem')}
              </Button>
              {hasItems && (
                <Typography.Text>
                  {t('opportunities.itemsTotal')}{' '}
                  <Typography.Text strong className="money">
                    {fmt.money(itemsTotal, undefined, false)}
                  </Typography.Text>
                </Typography.Text>
              )}
            </Flex>
          </>
        )}
      </Form.List>
    </FormDrawer>
  );
}
