import { App, Col, Form, Input, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { CURRENCIES, type Product, type ProductCreate } from '@tuoke/shared';
import { FormDrawer } from '../../app/components/FormDrawer';
import { MoneyInput } from '../../app/components/inputs';
import { nullifyEmpty } from '../../app/resource';
import { useSaveProduct } from './useProducts';

export function ProductForm({
  open,
  onClose,
  product,
}: {
  open: boolean;
  onClose: () => void;
  product?: Product | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProductCreate>();
  const save = useSaveProduct();

  const onSubmit = async (values: ProductCreate) => {
    const body = nullifyEmpty({ ...values, name: values.name.trim(), sku: values.sku.trim() }, [
      'category',
      'unit',
      'description',
      'unitCost',
    ]);
    await save.mutateAsync(
      product ? { id: product.id, body: { ...body, version: product.version } } : { body },
    );
    message.success(product ? t('app.saved') : t('app.created'));
    onClose();
  };

  return (
    <FormDrawer<ProductCreate>
      open={open}
      onClose={onClose}
      title={product ? t('products.edit') : t('products.new')}
      form={form}
      initialValues={product ?? { active: true, currency: 'CNY' }}
      onSubmit={onSubmit}
      testId="product-form"
    >
      <Row gutter={12}>
        <Col xs={24} sm={10}>
          <Form.Item
            name="sku"
            label={t('fields.sku')}
            rules={[
              { required: true, message: t('validation.required', { field: t('fields.sku') }) },
              { pattern: /^[A-Za-z0-9._/-]+$/, message: t('products.skuInvalid') },
            ]}
          >
            <Input maxLength={60} data-testid="product-sku" style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
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
            <Input maxLength={200} data-testid="product-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="listPrice"
            label={t('fields.listPrice')}
            rules={[{ required: true, message: t('validation.required', { field: t('fields.listPrice') }) }]}
          >
            <MoneyInput data-testid="product-price" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="unitCost" label={t('products.unitCost')} tooltip={t('products.unitCostHint')}>
            <MoneyInput data-testid="product-unit-cost" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={12}>
          <Form.Item name="currency" label={t('fields.currency')}>
            <Select options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={12}>
          <Form.Item name="unit" label={t('fields.unit')}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col xs={16} sm={17}>
          <Form.Item name="category" label={t('fields.category')}>
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col xs={8} sm={7}>
          <Form.Item name="active" label={t('fields.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t('fields.description')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
    </FormDrawer>
  );
}
