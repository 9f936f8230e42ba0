import { useMemo } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { rmbUppercase, type Contact, type NeedsRecord, type Product, type Proposal } from '@tuoke/shared';
import { FormDrawer } from '../../app/components/FormDrawer';
import { MoneyInput } from '../../app/components/inputs';
import { useFormat } from '../../app/format';
import { useList } from '../../app/resource';
import { SeverityTag } from '../needs/NeedsCard';
import { useSaveProposal } from './useProposals';

interface ItemValues {
  productId?: string;
  quantity?: number;
  unitPrice?: number | null;
}
interface SectionValues {
  painPointId?: string;
  solution?: string;
  items: ItemValues[];
}
interface Values {
  title?: string;
  summary?: string | null;
  contactId?: string | null;
  sections: SectionValues[];
}

/**
 * Builds or edits a draft proposal: one card per pain point of the needs record with how it is
 * solved and the catalogue products for it. The totals shown are a preview (quantity × unit
 * price, list price by default); the server computes the real ones.
 */
export function ProposalEditor({
  open,
  onClose,
  needs,
  proposal,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  needs: NeedsRecord;
  proposal?: Proposal | null;
  onSaved?: (p: Proposal) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveProposal();
  const productPage = useList<Product>('products', { active: true, limit: 200, sort: 'name' }, open);
  const contacts = useList<Contact>(
    'contacts',
    { accountId: needs.accountId, limit: 100, sort: 'name' },
    open,
  );
  const products = useMemo(() => productPage.data?.items ?? [], [productPage.data]);
  const productById = useMemo(() => new Map(products.map((p) => [p.id, p])), [products]);
  const values = Form.useWatch([], form) as Values | undefined;

  const initialValues = useMemo<Values>(
    () =>
      proposal
        ? {
            title: proposal.title,
            summary: proposal.summary,
            contactId: proposal.contactId,
            sections: proposal.sections.map((s) => ({
              painPointId: s.painPointId,
              solution: s.solution,
              items: s.items.map((i) => ({
                productId: i.productId,
                quantity: i.quantity,
                unitPrice: i.unitPrice === i.listPrice ? null : i.unitPrice,
              })),
            })),
          }
        : {
            title: undefined,
            summary: null,
            contactId: needs.contactId,
            // one section per pain point, the most severe first
            sections: [...needs.painPoints]
              .sort((a, b) => b.severity - a.severity)
              .map((p) => ({ painPointId: p.id, solution: '', items: [{ quantity: 1 }] })),
          },
    [proposal, needs],
  );

  const preview = useMemo(() => {
    const sections = (values?.sections ?? []).map((s) =>
      (s?.items ?? []).reduce((sum, i) => {
        const p = i?.productId ? productById.get(i.productId) : undefined;
        if (!p || !i.quantity) return sum;
        return sum + i.quantity * (i.unitPrice ?? p.listPrice);
      }, 0),
    );
    return { sections, total: sections.reduce((a, b) => a + b, 0) };
  }, [values, productById]);

  const onSubmit = async (v: Values) => {
    const body = {
      ...(v.title?.trim() ? { title: v.title.trim() } : {}),
      summary: v.summary?.trim() ? v.summary.trim() : null,
      contactId: v.contactId ?? null,
      sections: (v.sections ?? []).map((s) => ({
        painPointId: s.painPointId!,
        solution: (s.solution ?? '').trim(),
        items: (s.items ?? [])
          .filter((i) => i.productId)
          .map((i) => ({
            productId: i.productId!,
            quantity: i.quantity ?? 1,
            ...(i.unitPrice !== null && i.unitPrice !== undefined ? { unitPrice: i.unitPrice } : {}),
          })),
      })),
    };
    const saved = proposal
      ? await save.mutateAsync({ id: proposal.id, body: { ...body, version: proposal.version } })
      : await save.mutateAsync({ body: { ...body, needsId: needs.id } });
    message.success(proposal ? t('app.saved') : t('app.created'));
    onClose();
    onSaved?.(saved);
  };

  const painOptions = needs.painPoints.map((p) => ({
    value: p.id,
    label: (
      <Flex gap={6} align="center">
        <SeverityTag severity={p.severity} />
        <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{p.description}</span>
      </Flex>
    ),
    text: p.description,
  }));
  const money = (fen: number) => fmt.money(fen, needs.currency, false);

  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      title={
        <Flex justify="space-between" align="center" gap={12}>
          <span>
            {proposal
              ? `${t('proposals.edit')} · ${proposal.number}`
              : `${t('proposals.new')} · ${needs.title}`}
          </span>
          {/* the running total stays in view while the sections scroll */}
          <Typography.Text className="money" style={{ fontWeight: 500 }} data-testid="proposal-total">
            {t('proposals.total')} {money(preview.total)}
          </Typography.Text>
        </Flex>
      }
      form={form}
      initialValues={initialValues}
      onSubmit={onSubmit}
      width={900}
      testId="proposal-editor"
    >
      <Row gutter={12}>
        <Col xs={24} sm={14}>
          <Form.Item name="title" label={t('proposals.name')}>
            <Input maxLength={200} placeholder={t('proposals.namePlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item name="contactId" label={t('proposals.contact')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={(contacts.data?.items ?? []).map((c) => ({
                value: c.id,
                label: c.title ? `${c.name}（${c.title}）` : c.name,
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="summary" label={t('proposals.summary')}>
        <Input.TextArea
          rows={3}
          maxLength={5000}
          placeholder={t('proposals.summaryPlaceholder')}
          data-testid="proposal-summary"
        />
      </Form.Item>

      <Divider titlePlacement="start">{t('proposals.sections')}</Divider>
      <Form.List name="sections">
        {(sections, { add, remove }) => (
          <>
            {sections.map((section, si) => (
              <Card
                key={section.key}
                size="small"
                style={{ marginBottom: 12, background: '#fafcff' }}
                data-testid={`proposal-section-${si}`}
                title={
                  <Form.Item
                    name={[section.name, 'painPointId']}
                    noStyle
                    rules={[{ required: true, message: t('proposals.pickPain') }]}
                  >
                    <Select
                      style={{ width: '100%', maxWidth: 560 }}
                      variant="borderless"
                      placeholder={t('proposals.pickPain')}
                      options={painOptions}
                      optionLabelProp="label"
                      showSearch
                      filterOption={(input, o) => String(o?.text ?? '').includes(input)}
                    />
                  </Form.Item>
                }
                extra={
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('common.remove')}
                    onClick={() => remove(section.name)}
                  />
                }
              >
                <Form.Item
                  name={[section.name, 'solution']}
                  label={t('proposals.solution')}
                  rules={[
                    {
                      required: true,
                      whitespace: true,
                      message: t('validation.required', { field: t('proposals.solution') }),
                    },
                  ]}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 2, maxRows: 6 }}
                    maxLength={2000}
                    placeholder={t('proposals.solutionPlaceholder')}
                    data-testid={`proposal-solution-${si}`}
                  />
                </Form.Item>
                <Form.List name={[section.name, 'items']}>
                  {(items, { add: addItem, remove: removeItem }) => (
                    <>
                      {items.length > 0 && (
                        <Row gutter={8} style={{ fontSize: 12, color: 'rgba(0,0,0,.45)', marginBottom: 4 }}>
                          <Col span={10}>{t('proposals.product')}</Col>
                          <Col span={3}>{t('proposals.quantity')}</Col>
                          <Col span={5}>{t('proposals.unitPrice')}</Col>
                          <Col span={5} style={{ textAlign: 'right' }}>
                            {t('proposals.amount')}
                          </Col>
                        </Row>
                      )}
                      {items.map((item, ii) => {
                        const v = values?.sections?.[section.name]?.items?.[item.name];
                        const p = v?.productId ? productById.get(v.productId) : undefined;
                        const amount = p && v?.quantity ? v.quantity * (v.unitPrice ?? p.listPrice) : null;
                        return (
                          <Row gutter={8} key={item.key} align="top">
                            <Col span={10}>
                              <Form.Item
                                name={[item.name, 'productId']}
                                rules={[{ required: true, message: t('quotes.pickProduct') }]}
                              >
                                <Select
                                  showSearch
                                  optionFilterProp="label"
                                  placeholder={t('quotes.pickProduct')}
                                  options={products.map((x) => ({
                                    value: x.id,
                                    label: `${x.name}（${x.sku}）`,
                                  }))}
                                  data-testid={`proposal-product-${si}-${ii}`}
                                />
                              </Form.Item>
                            </Col>
                            <Col span={3}>
                              <Form.Item
                                name={[item.name, 'quantity']}
                                rules={[{ required: true, message: t('proposals.quantity') }]}
                              >
                                <InputNumber
                                  min={1}
                                  max={1_000_000}
                                  precision={0}
                                  style={{ width: '100%' }}
                                />
                              </Form.Item>
                            </Col>
                            <Col span={5}>
                              <Form.Item name={[item.name, 'unitPrice']}>
                                <MoneyInput
                                  placeholder={p ? String(p.listPrice / 100) : t('proposals.listPrice')}
                                />
                              </Form.Item>
                            </Col>
                            <Col span={5} style={{ textAlign: 'right', paddingTop: 5 }}>
                              <Typography.Text className="money">
                                {amount === null ? '—' : money(amount)}
                              </Typography.Text>
                            </Col>
                            <Col span={1}>
                              <Button
                                type="text"
                                size="small"
                                icon={<DeleteOutlined />}
                                aria-label={t('common.remove')}
                                onClick={() => removeItem(item.name)}
                                style={{ marginTop: 4 }}
                              />
                            </Col>
                          </Row>
                        );
                      })}
                      <Flex justify="space-between" align="center">
                        <Button size="small" icon={<PlusOutlined />} onClick={() => addItem({ quantity: 1 })}>
                          {t('proposals.addProduct')}
                        </Button>
                        <Typography.Text type="secondary">
                          {t('proposals.subtotal')}{' '}
                          <Typography.Text strong className="money">
                            {money(preview.sections[si] ?? 0)}
                          </Typography.Text>
                        </Typography.Text>
                      </Flex>
                    </>
                  )}
                </Form.List>
              </Card>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({ solution: '', items: [{ quantity: 1 }] })}
              disabled={needs.painPoints.length === 0 || sections.length >= 30}
            >
              {t('proposals.addSection')}
            </Button>
          </>
        )}
      </Form.List>
      <Flex vertical align="flex-end" style={{ marginTop: 16 }} data-testid="proposal-preview">
        <Typography.Text strong style={{ fontSize: 16 }}>
          {t('proposals.total')} <span className="money">{money(preview.total)}</span>
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('proposals.inWords', { words: rmbUppercase(preview.total) })}
        </Typography.Text>
      </Flex>
    </FormDrawer>
  );
}
