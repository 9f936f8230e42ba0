import { App, Button, Col, Divider, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PRICE_POSITIONINGS, type Competitor, type CompetitorCreate } from '@tuoke/shared';
import { EnumSelect } from '../../app/components/EnumSelect';
import { FormDrawer } from '../../app/components/FormDrawer';
import { MoneyInput } from '../../app/components/inputs';
import { RecordSelect } from '../../app/components/RecordSelect';
import { renameErrorFields, useMarketList, useSaveCompetitor } from './useMarkets';

interface CompetitorValues {
  name: string;
  website?: string | null;
  pricePositioning: string;
  description?: string | null;
  strengths: string[];
  weaknesses: string[];
  ourDifferentiator?: string | null;
  active: boolean;
  products: { name: string; price?: number | null; positioning?: string | null; productId?: string | null }[];
  shares: { marketId: string; year: number; sharePct: number }[];
}

/** A competitor as one form: positioning, strengths and weaknesses, our differentiator, products and shares. */
export function CompetitorForm({
  competitor,
  open,
  onClose,
}: {
  competitor: Competitor | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CompetitorValues>();
  const save = useSaveCompetitor();
  const { data: markets } = useMarketList();
  const thisYear = new Date().getFullYear();
  const marketOptions = (markets?.items ?? []).map((m) => ({ value: m.id, label: m.name }));

  const initialValues: Partial<CompetitorValues> = competitor
    ? {
        name: competitor.name,
        website: competitor.website,
        pricePositioning: competitor.pricePositioning,
        description: competitor.description,
        strengths: competitor.strengths,
        weaknesses: competitor.weaknesses,
        ourDifferentiator: competitor.ourDifferentiator,
        active: competitor.active,
        products: competitor.products.map((p) => ({
          name: p.name,
          price: p.price,
          positioning: p.positioning,
          productId: p.productId,
        })),
        shares: competitor.shares.map((s) => ({
          marketId: s.marketId,
          year: s.year,
          sharePct: s.shareBp / 100,
        })),
      }
    : { pricePositioning: 'mid', active: true, strengths: [], weaknesses: [], products: [], shares: [] };
  const productLabels = Object.fromEntries(
    (competitor?.products ?? []).filter((p) => p.productId).map((p) => [p.productId!, p.productName ?? '']),
  );

  const onSubmit = async (v: CompetitorValues) => {
    const body: CompetitorCreate = {
      name: v.name,
      website: v.website || null,
      pricePositioning: v.pricePositioning as CompetitorCreate['pricePositioning'],
      description: v.description || null,
      strengths: v.strengths ?? [],
      weaknesses: v.weaknesses ?? [],
      ourDifferentiator: v.ourDifferentiator || null,
      active: v.active,
      products: (v.products ?? []).map((p) => ({
        name: p.name,
        price: p.price ?? null,
        positioning: p.positioning || null,
        productId: p.productId || null,
      })),
      shares: (v.shares ?? []).map((s) => ({
        marketId: s.marketId,
        year: s.year,
        shareBp: Math.round(s.sharePct * 100),
      })),
    };
    try {
      if (competitor)
        await save.mutateAsync({ id: competitor.id, body: { ...body, version: competitor.version } });
      else await save.mutateAsync({ body });
    } catch (err) {
      // a total above 100 % is the market's and year's: shown under the market, where there is room
      throw renameErrorFields(err, { shareBp: 'marketId' });
    }
    void message.success(t(competitor ? 'app.saved' : 'app.created'));
    onClose();
  };

  return (
    <FormDrawer<CompetitorValues>
      open={open}
      title={competitor ? t('markets.editCompetitor') : t('markets.newCompetitor')}
      form={form}
      initialValues={initialValues}
      onClose={onClose}
      onSubmit={onSubmit}
      width={640}
      testId="competitor-form"
      submitTestId="competitor-save"
    >
      <Row gutter={12}>
        <Col xs={24} sm={14}>
          <Form.Item
            name="name"
            label={t('markets.fields.competitorName')}
            rules={[{ required: true, whitespace: true, max: 100 }]}
          >
            <Input data-testid="competitor-form-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item
            name="pricePositioning"
            label={t('markets.fields.pricePositioning')}
            rules={[{ required: true }]}
          >
            <EnumSelect
              group="pricePositioning"
              values={PRICE_POSITIONINGS}
              allowClear={false}
              data-testid="competitor-form-positioning"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="ourDifferentiator"
        label={t('markets.fields.ourDifferentiator')}
        extra={t('markets.differentiatorHint')}
      >
        <Input.TextArea rows={2} maxLength={1000} data-testid="competitor-form-differentiator" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="strengths" label={t('markets.fields.strengths')}>
            <Select
              mode="tags"
              suffixIcon={null}
              open={false}
              tokenSeparators={['，', ',', '；', ';']}
              placeholder={t('markets.tagsHint')}
              data-testid="competitor-form-strengths"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="weaknesses" label={t('markets.fields.weaknesses')}>
            <Select
              mode="tags"
              suffixIcon={null}
              open={false}
              tokenSeparators={['，', ',', '；', ';']}
              placeholder={t('markets.tagsHint')}
              data-testid="competitor-form-weaknesses"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="website" label={t('markets.fields.website')}>
        <Input maxLength={300} placeholder="https://" />
      </Form.Item>
      <Form.Item name="description" label={t('markets.fields.description')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>

      <Divider titlePlacement="start" plain>
        {t('markets.fields.products')}
      </Divider>
      <Form.List name="products">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Row key={field.key} gutter={8} wrap>
                <Col xs={24} sm={8}>
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: t('markets.fields.productName') }]}
                  >
                    <Input placeholder={t('markets.fields.productName')} maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={6}>
                  <Form.Item name={[field.name, 'price']}>
                    <MoneyInput placeholder={t('markets.fields.price')} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={8}>
                  <Form.Item name={[field.name, 'productId']}>
                    <RecordSelect
                      resource="products"
                      knownLabels={productLabels}
                      placeholder={t('markets.fields.ourProduct')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={20} sm={22}>
                  <Form.Item name={[field.name, 'positioning']}>
                    <Input placeholder={t('markets.fields.positioningNotes')} maxLength={500} />
                  </Form.Item>
                </Col>
                <Col xs={4} sm={2}>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('common.remove')}
                    onClick={() => remove(field.name)}
                  />
                </Col>
              </Row>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({})}
              style={{ marginBottom: 16 }}
              data-testid="competitor-form-add-product"
            >
              {t('markets.addProduct')}
            </Button>
          </>
        )}
      </Form.List>

      <Divider titlePlacement="start" plain>
        {t('markets.fields.shares')}
      </Divider>
      <Form.List name="shares">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Row key={field.key} gutter={8} wrap={false}>
                <Col flex="auto">
                  <Form.Item
                    name={[field.name, 'marketId']}
                    rules={[{ required: true, message: t('markets.fields.market') }]}
                  >
                    <Select options={marketOptions} placeholder={t('markets.fields.market')} />
                  </Form.Item>
                </Col>
                <Col flex="84px">
                  <Form.Item
                    name={[field.name, 'year']}
                    rules={[{ required: true, message: t('markets.fields.year') }]}
                  >
                    <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col flex="104px">
                  <Form.Item
                    name={[field.name, 'sharePct']}
                    rules={[{ required: true, message: t('markets.fields.share') }]}
                  >
                    <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col flex="32px">
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('common.remove')}
                    onClick={() => remove(field.name)}
                  />
                </Col>
              </Row>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({ year: thisYear })}
              style={{ marginBottom: 8 }}
              data-testid="competitor-form-add-share"
            >
              {t('markets.addShare')}
            </Button>
            <div style={{ color: '#64748b', fontSize: 12, marginBottom: 16 }}>{t('markets.sharesHint')}</div>
          </>
        )}
      </Form.List>
      <Form.Item name="active" label={t('markets.fields.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDrawer>
  );
}
