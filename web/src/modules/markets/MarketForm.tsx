import { App, Button, Col, Form, Input, InputNumber, Row, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { INDUSTRIES, REGIONS, type Market, type MarketCreate } from '@tuoke/shared';
import { EnumSelect } from '../../app/components/EnumSelect';
import { FormDrawer } from '../../app/components/FormDrawer';
import { renameErrorFields, useSaveMarket, YI_FEN } from './useMarkets';

interface YearValues {
  year: number;
  sizeYi: number;
  notes?: string | null;
}
interface MarketValues {
  name: string;
  region?: string | null;
  industry?: string | null;
  description?: string | null;
  sizeYear: number;
  sizeYi: number;
  growthPct?: number | null;
  active: boolean;
  years: YearValues[];
}

const toFen = (yi: number) => Math.round(yi * YI_FEN);
const toYi = (fen: number) => Math.round((fen / YI_FEN) * 100) / 100;

/**
 * A market: its region and industry, and its size per year in 亿元. A new one is given its
 * current size (and earlier years if known); an existing one edits its whole history. While
 * the history has fewer than two years, the growth is the figure entered.
 */
export function MarketForm({
  market,
  open,
  onClose,
}: {
  market: Market | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MarketValues>();
  const save = useSaveMarket();
  const thisYear = new Date().getFullYear();
  const editing = market !== null;

  const initialValues: Partial<MarketValues> = market
    ? {
        name: market.name,
        region: market.region,
        industry: market.industry,
        description: market.description,
        active: market.active,
        growthPct: market.growthBp / 100,
        years: market.years.map((y) => ({ year: y.year, sizeYi: toYi(y.size), notes: y.notes })),
      }
    : { sizeYear: thisYear, active: true, years: [] };

  const onSubmit = async (v: MarketValues) => {
    const growthBp =
      v.growthPct === null || v.growthPct === undefined ? undefined : Math.round(v.growthPct * 100);
    const years = (v.years ?? []).map((y) => ({
      year: y.year,
      size: toFen(y.sizeYi),
      notes: y.notes || null,
    }));
    const common = {
      name: v.name,
      region: (v.region ?? null) as MarketCreate['region'],
      industry: (v.industry ?? null) as MarketCreate['industry'],
      description: v.description || null,
      active: v.active,
      ...(growthBp !== undefined && !(market?.growthFromHistory ?? false) ? { growthBp } : {}),
    };
    try {
      if (market)
        await save.mutateAsync({ id: market.id, body: { ...common, years, version: market.version } });
      else {
        const body: MarketCreate = { ...common, size: toFen(v.sizeYi), sizeYear: v.sizeYear, years };
        await save.mutateAsync({ body });
      }
    } catch (err) {
      throw renameErrorFields(err, { size: 'sizeYi', growthBp: 'growthPct' });
    }
    void message.success(t(editing ? 'app.saved' : 'app.created'));
    onClose();
  };

  return (
    <FormDrawer<MarketValues>
      open={open}
      title={editing ? t('markets.editMarket') : t('markets.newMarket')}
      form={form}
      initialValues={initialValues}
      onClose={onClose}
      onSubmit={onSubmit}
      testId="market-form"
      submitTestId="market-save"
    >
      <Form.Item
        name="name"
        label={t('markets.fields.name')}
        rules={[{ required: true, whitespace: true, max: 100 }]}
      >
        <Input placeholder={t('markets.namePlaceholder')} data-testid="market-form-name" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="region" label={t('markets.fields.region')} extra={t('markets.regionHint')}>
            <EnumSelect
              group="region"
              values={REGIONS}
              placeholder={t('markets.nationwide')}
              data-testid="market-form-region"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="industry" label={t('markets.fields.industry')}>
            <EnumSelect
              group="industry"
              values={INDUSTRIES}
              placeholder={t('markets.allIndustries')}
              data-testid="market-form-industry"
            />
          </Form.Item>
        </Col>
      </Row>
      {!editing && (
        <Row gutter={12}>
          <Col xs={12} sm={8}>
            <Form.Item name="sizeYear" label={t('markets.fields.year')} rules={[{ required: true }]}>
              <InputNumber
                min={2000}
                max={2100}
                precision={0}
                style={{ width: '100%' }}
                data-testid="market-form-year"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={16}>
            <Form.Item name="sizeYi" label={t('markets.fields.sizeYi')} rules={[{ required: true }]}>
              <InputNumber
                min={0}
                max={10_000}
                precision={2}
                style={{ width: '100%' }}
                suffix={t('markets.yi')}
                data-testid="market-form-size"
              />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Form.Item
        name="growthPct"
        label={t('markets.fields.growth')}
        extra={market?.growthFromHistory ? t('markets.growthFromHistory') : t('markets.growthHint')}
      >
        <InputNumber
          min={-100}
          max={1000}
          precision={2}
          suffix="%"
          style={{ width: '100%' }}
          disabled={market?.growthFromHistory ?? false}
          data-testid="market-form-growth"
        />
      </Form.Item>
      <Typography.Text strong>{editing ? t('markets.history') : t('markets.earlierYears')}</Typography.Text>
      <Form.List name="years">
        {(fields, { add, remove }) => (
          <div style={{ marginTop: 8 }}>
            {fields.map((field) => (
              <Row key={field.key} gutter={8} align="top" wrap={false}>
                <Col flex="92px">
                  <Form.Item
                    name={[field.name, 'year']}
                    rules={[{ required: true, message: t('markets.fields.year') }]}
                  >
                    <InputNumber
                      min={2000}
                      max={2100}
                      precision={0}
                      placeholder={t('markets.fields.year')}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
                <Col flex="auto">
                  <Form.Item
                    name={[field.name, 'sizeYi']}
                    rules={[{ required: true, message: t('markets.fields.sizeYi') }]}
                  >
                    <InputNumber
                      min={0}
                      max={10_000}
                      precision={2}
                      suffix={t('markets.yi')}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
                <Col flex="auto">
                  <Form.Item name={[field.name, 'notes']}>
                    <Input placeholder={t('markets.fields.source')} maxLength={500} />
                  </Form.Item>
                </Col>
                <Col flex="32px">
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('common.remove')}
                    disabled={editing && fields.length <= 1}
                    onClick={() => remove(field.name)}
                  />
                </Col>
              </Row>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              block
              style={{ marginBottom: 16 }}
              onClick={() =>
                add({
                  year: (form.getFieldValue('years') as YearValues[] | undefined)?.length
                    ? undefined
                    : thisYear - 1,
                })
              }
              data-testid="market-form-add-year"
            >
              {t('markets.addYear')}
            </Button>
          </div>
        )}
      </Form.List>
      <Form.Item name="description" label={t('markets.fields.description')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="active" label={t('markets.fields.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDrawer>
  );
}
