import { useEffect, useMemo, type ReactNode } from 'react';
import {
  App,
  Button,
  Col,
  DatePicker,
  Drawer,
  Form,
  InputNumber,
  Input,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { quoteMargin, quoteTotals, type Product, type Quote } from '@tuoke/shared';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useList } from '../../app/resource';
import { MarginText, UnknownValue } from '../products/MarginText';
import { useQuoteAction } from './useQuotes';

interface ItemValues {
  productId?: string;
  quantity?: number;
  unitPrice?: number;
  discountPct?: number;
}
interface Values {
  items: ItemValues[];
  discountPct?: number;
  taxPct?: number;
  validUntil?: Dayjs;
  notes?: string;
}

const toBp = (pct: number | undefined) => Math.round((pct ?? 0) * 100);
const toFen = (yuan: number | undefined) =>
  yuan === undefined || yuan === null ? undefined : Math.round(yuan * 100);

/** Creates or edits a draft quote. The totals shown are a preview; the server computes the real ones. */
export function QuoteEditor({
  open,
  onClose,
  opportunityId,
  quote,
}: {
  open: boolean;
  onClose: () => void;
  opportunityId: string;
  quote: Quote | null;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<Values>();
  const save = useQuoteAction();
  const { data: productPage } = useList<Product>(
    'products',
    { active: true, limit: 200, sort: 'name' },
    open,
  );
  const products = useMemo(() => productPage?.items ?? [], [productPage]);
  const productById = useMemo(() => new Map(products.map((p) => [p.id, p])), [products]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      quote
        ? {
            items: quote.items.map((i) => ({
              productId: i.productId,
              quantity: i.quantity,
              unitPrice: i.unitPrice / 100,
              discountPct: i.discountBp / 100,
            })),
            discountPct: quote.discountBp / 100,
            taxPct: quote.taxRateBp / 100,
            validUntil: dayjs(quote.validUntil),
            notes: quote.notes ?? undefined,
          }
        : { items: [{ quantity: 1 }], discountPct: 0, taxPct: 13, validUntil: dayjs().add(30, 'day') },
    );
  }, [open, quote, form]);

  const values = Form.useWatch([], form) as Values | undefined;
  const preview = useMemo(() => {
    const lines = (values?.items ?? []).flatMap((i) => {
      const p = i?.productId ? productById.get(i.productId) : undefined;
      if (!p || !i.quantity) return [];
      return [
        {
          quantity: i.quantity,
          listPrice: p.listPrice,
          unitPrice: toFen(i.unitPrice) ?? p.listPrice,
          discountBp: toBp(i.discountPct),
          // the catalogue's cost now: what the server copies onto the line when it saves
          unitCost: p.unitCost,
        },
      ];
    });
    try {
      const totals = quoteTotals(lines, toBp(values?.discountPct), toBp(values?.taxPct));
      return { ...totals, ...quoteMargin(lines, totals.subtotal - totals.discountAmount) };
    } catch {
      return null;
    }
  }, [values, productById]);

  const submit = async (v: Values) => {
    const body = {
      items: v.items.map((i) => ({
        productId: i.productId!,
        quantity: i.quantity!,
        ...(i.unitPrice !== undefined && i.unitPrice !== null ? { unitPrice: toFen(i.unitPrice) } : {}),
        discountBp: toBp(i.discountPct),
      })),
      discountBp: toBp(v.discountPct),
      taxRateBp: toBp(v.taxPct),
      validUntil: v.validUntil!.format('YYYY-MM-DD'),
      notes: v.notes?.trim() ? v.notes.trim() : null,
    };
    try {
      if (quote)
        await save.mutateAsync({
          path: `/quotes/${quote.id}`,
          method: 'patch',
          body: { ...body, version: quote.version },
        });
      else await save.mutateAsync({ path: '/quotes', body: { ...body, opportunityId } });
      message.success(t('app.saved'));
      onClose();
    } catch (err) {
      handleError(err, form);
    }
  };

  const pct = { min: 0, max: 100, step: 0.5, precision: 2, suffix: '%', style: { width: '100%' } };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={760}
      title={
        quote ? t('quotes.editTitle', { number: `${quote.number} v${quote.revision}` }) : t('quotes.newTitle')
      }
      destroyOnHidden
      data-testid="quote-editor"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="quote-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              <Row gutter={8} style={{ fontSize: 12, color: 'rgba(0,0,0,.45)', marginBottom: 4 }}>
                <Col span={9}>{t('quotes.product')}</Col>
                <Col span={3}>{t('quotes.quantity')}</Col>
                <Col span={5}>{t('quotes.unitPrice')}</Col>
                <Col span={4}>{t('quotes.lineDiscount')}</Col>
                <Col span={3} />
              </Row>
              {fields.map((field) => {
                const p = productById.get(values?.items?.[field.name]?.productId ?? '');
                return (
                  <Row gutter={8} key={field.key} align="top">
                    <Col span={9}>
                      <Form.Item
                        name={[field.name, 'productId']}
                        rules={[{ required: true, message: t('quotes.pickProduct') }]}
                      >
                        <Select
                          data-testid={`quote-item-product-${field.name}`}
                          showSearch
                          optionFilterProp="label"
                          placeholder={t('quotes.pickProduct')}
                          options={products.map((x) => ({ value: x.id, label: `${x.name} (${x.sku})` }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={3}>
                      <Form.Item
                        name={[field.name, 'quantity']}
                        rules={[{ required: true, message: t('quotes.quantity') }]}
                      >
                        <InputNumber
                          min={1}
                          max={1_000_000}
                          precision={0}
                          style={{ width: '100%' }}
                          data-testid={`quote-item-quantity-${field.name}`}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item name={[field.name, 'unitPrice']}>
                        <InputNumber
                          min={0}
                          precision={2}
                          style={{ width: '100%' }}
                          placeholder={p ? String(p.listPrice / 100) : t('quotes.listPrice')}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={4}>
                      <Form.Item name={[field.name, 'discountPct']}>
                        <InputNumber {...pct} placeholder="0" />
                      </Form.Item>
                    </Col>
                    <Col span={3} style={{ textAlign: 'right' }}>
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={t('common.delete')}
                        disabled={fields.length === 1}
                        onClick={() => remove(field.name)}
                      />
                    </Col>
                  </Row>
                );
              })}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ quantity: 1 })}
                style={{ marginBottom: 16 }}
              >
                {t('quotes.addItem')}
              </Button>
            </>
          )}
        </Form.List>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="discountPct" label={t('quotes.quoteDiscount')}>
              <InputNumber {...pct} data-testid="quote-discount" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="taxPct" label={t('quotes.taxRate')}>
              <InputNumber {...pct} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="validUntil"
              label={t('quotes.validUntil')}
              rules={[{ required: true, message: t('quotes.validUntil') }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="notes" label={t('quotes.notes')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
      {preview && (
        <div className="quote-totals" data-testid="quote-preview">
          <TotalRow
            testId="quote-preview-subtotal"
            label={t('quotes.subtotal')}
            value={fmt.money(preview.subtotal, quote?.currency, false)}
          />
          <TotalRow
            testId="quote-preview-discountAmount"
            label={t('quotes.discountAmount')}
            value={`-${fmt.money(preview.discountAmount, quote?.currency, false)}`}
          />
          <TotalRow
            testId="quote-preview-tax"
            label={t('quotes.tax')}
            value={fmt.money(preview.taxAmount, quote?.currency, false)}
          />
          <TotalRow
            strong
            testId="quote-preview-total"
            label={t('quotes.total')}
            value={fmt.money(preview.total, quote?.currency, false)}
          />
          <Typography.Text
            type={preview.effectiveDiscountBp > 1000 ? 'warning' : 'secondary'}
            style={{ fontSize: 12 }}
          >
            {t('quotes.effectiveDiscount', { pct: (preview.effectiveDiscountBp / 100).toFixed(2) })}
          </Typography.Text>
          <div style={{ marginTop: 8, paddingTop: 4, borderTop: '1px dashed rgba(0,0,0,.1)' }}>
            <TotalRow
              testId="quote-preview-cost"
              label={t('quotes.cost')}
              value={
                preview.costTotal === null ? (
                  <UnknownValue hint={t('quotes.marginUnknown')} />
                ) : (
                  fmt.money(preview.costTotal, quote?.currency, false)
                )
              }
            />
            <TotalRow
              testId="quote-preview-margin"
              label={t('quotes.margin')}
              value={
                <MarginText
                  bp={preview.marginBp}
                  unknownHint={t(
                    preview.costTotal === null ? 'quotes.marginUnknown' : 'quotes.marginNoRevenue',
                  )}
                />
              }
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('quotes.marginInternal')}
            </Typography.Text>
          </div>
        </div>
      )}
    </Drawer>
  );
}

export function TotalRow({
  label,
  value,
  strong,
  testId,
}: {
  label: string;
  value: ReactNode;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <div
      data-testid={testId}
      style={{
        display: 'flex',
        justifyContent: 'space-between',
        padding: '2px 0',
        fontSize: strong ? 16 : 14,
      }}
    >
      <Typography.Text type={strong ? undefined : 'secondary'} strong={strong}>
        {label}
      </Typography.Text>
      <Typography.Text strong={strong} className="money">
        {value}
      </Typography.Text>
    </div>
  );
}
