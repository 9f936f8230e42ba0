import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  List,
  Radio,
  Rate,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { MACRO_CATEGORIES, MACRO_EFFECTS, type MacroFactor, type MacroFactorCreate } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EnumSelect } from '../../app/components/EnumSelect';
import { FormDrawer } from '../../app/components/FormDrawer';
import { RowActions } from '../../app/components/RowActions';
import { DateInput } from '../../app/components/inputs';
import { useFormat } from '../../app/format';
import { useDeleteFactor, useMacroFactors, useMarketList, useSaveFactor } from './useMarkets';

const CATEGORY_COLOR = {
  policy: 'volcano',
  economy: 'gold',
  society: 'cyan',
  technology: 'geekblue',
} as const;

/** PEST: policy, economy, society and technology factors, each an opportunity or a threat for the markets it touches. */
export function MacroFactorsTab() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const { data, isLoading } = useMacroFactors();
  const remove = useDeleteFactor();
  const [editing, setEditing] = useState<MacroFactor | 'new' | null>(null);
  const screens = Grid.useBreakpoint();

  const columns: ColumnsType<MacroFactor> = [
    {
      key: 'title',
      title: t('markets.fields.factor'),
      render: (_, f) => (
        <div style={{ maxWidth: 420 }}>
          <Space size={4} wrap>
            <Tag color={CATEGORY_COLOR[f.category]}>{t(`enums.macroCategory.${f.category}`)}</Tag>
            <Typography.Text strong>{f.title}</Typography.Text>
            {!f.active && <Tag>{t('markets.inactive')}</Tag>}
          </Space>
          {f.description && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {f.description}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      key: 'effect',
      title: t('markets.fields.effect'),
      render: (_, f) => (
        <Tag color={f.effect === 'opportunity' ? 'green' : 'red'}>{t(`enums.macroEffect.${f.effect}`)}</Tag>
      ),
    },
    {
      key: 'impact',
      title: t('markets.fields.impact'),
      render: (_, f) => <Rate disabled value={f.impact} style={{ fontSize: 13, whiteSpace: 'nowrap' }} />,
    },
    {
      key: 'markets',
      title: t('markets.fields.markets'),
      render: (_, f) =>
        f.markets.length ? (
          <Space size={[4, 4]} wrap>
            {f.markets.map((m) => (
              <Tag key={m.id}>{m.name}</Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      key: 'period',
      title: t('markets.fields.period'),
      render: (_, f) =>
        f.startDate || f.endDate
          ? `${fmt.date(f.startDate)} – ${f.endDate ? fmt.date(f.endDate) : t('markets.openEnded')}`
          : '—',
    },
    ...(can('market', 'update')
      ? [
          {
            key: 'actions',
            width: 120,
            render: (_: unknown, f: MacroFactor) => (
              <RowActions
                onEdit={() => setEditing(f)}
                onDelete={can('market', 'delete') ? () => remove.mutateAsync(f.id) : undefined}
                deleteTitle={t('common.deleteConfirm', { name: f.title })}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={t('markets.macroTitle')}
      data-testid="macro-tab"
      extra={
        can('market', 'create') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="factor-new"
          >
            {t('markets.newFactor')}
          </Button>
        )
      }
      styles={{ body: { padding: 0 } }}
    >
      {screens.md === false ? (
        // on a phone: one card-like row per factor instead of a wide table
        <List<MacroFactor>
          loading={isLoading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description={t('markets.emptyFactors')} /> }}
          renderItem={(f) => (
            <List.Item style={{ padding: '12px 16px', display: 'block' }}>
              {columns[0]!.render!(null, f, 0) as React.ReactNode}
              <Flex gap={8} align="center" wrap style={{ marginTop: 6 }}>
                {columns[1]!.render!(null, f, 0) as React.ReactNode}
                {columns[2]!.render!(null, f, 0) as React.ReactNode}
              </Flex>
              <div style={{ marginTop: 6 }}>{columns[3]!.render!(null, f, 0) as React.ReactNode}</div>
              <Flex justify="space-between" align="center" wrap style={{ marginTop: 4 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {columns[4]!.render!(null, f, 0) as React.ReactNode}
                </Typography.Text>
                {columns[5] && (columns[5].render!(null, f, 0) as React.ReactNode)}
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Table<MacroFactor>
          rowKey="id"
          loading={isLoading}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('markets.emptyFactors')} /> }}
        />
      )}
      <MacroFactorForm
        factor={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Card>
  );
}

interface FactorValues {
  category: string;
  title: string;
  description?: string | null;
  effect: string;
  impact: number;
  startDate?: string | null;
  endDate?: string | null;
  marketIds: string[];
}

function MacroFactorForm({
  factor,
  open,
  onClose,
}: {
  factor: MacroFactor | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FactorValues>();
  const save = useSaveFactor();
  const { data: markets } = useMarketList();
  const initialValues: Partial<FactorValues> = factor
    ? {
        category: factor.category,
        title: factor.title,
        description: factor.description,
        effect: factor.effect,
        impact: factor.impact,
        startDate: factor.startDate,
        endDate: factor.endDate,
        marketIds: factor.markets.map((m) => m.id),
      }
    : { category: 'policy', effect: 'opportunity', impact: 3, marketIds: [] };

  const onSubmit = async (v: FactorValues) => {
    const body: MacroFactorCreate = {
      category: v.category as MacroFactorCreate['category'],
      title: v.title,
      description: v.description || null,
      effect: v.effect as MacroFactorCreate['effect'],
      impact: v.impact,
      startDate: v.startDate ?? null,
      endDate: v.endDate ?? null,
      marketIds: v.marketIds ?? [],
    };
    if (factor) await save.mutateAsync({ id: factor.id, body: { ...body, version: factor.version } });
    else await save.mutateAsync({ body });
    void message.success(t(factor ? 'app.saved' : 'app.created'));
    onClose();
  };

  return (
    <FormDrawer<FactorValues>
      open={open}
      title={factor ? t('markets.editFactor') : t('markets.newFactor')}
      form={form}
      initialValues={initialValues}
      onClose={onClose}
      onSubmit={onSubmit}
      testId="factor-form"
      submitTestId="factor-save"
    >
      <Form.Item
        name="title"
        label={t('markets.fields.factor')}
        rules={[{ required: true, whitespace: true, max: 200 }]}
      >
        <Input placeholder={t('markets.factorPlaceholder')} data-testid="factor-form-title" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="category" label={t('markets.fields.category')} rules={[{ required: true }]}>
            <EnumSelect group="macroCategory" values={MACRO_CATEGORIES} allowClear={false} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="effect" label={t('markets.fields.effect')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={MACRO_EFFECTS.map((e) => ({ value: e, label: t(`enums.macroEffect.${e}`) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="impact"
        label={t('markets.fields.impact')}
        extra={t('markets.impactHint')}
        rules={[{ required: true }]}
      >
        <Rate allowClear={false} />
      </Form.Item>
      <Form.Item name="marketIds" label={t('markets.fields.markets')}>
        <Select
          mode="multiple"
          options={(markets?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
        />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="startDate" label={t('markets.fields.startDate')} style={{ flex: 1 }}>
          <DateInput />
        </Form.Item>
        <Form.Item name="endDate" label={t('markets.fields.endDate')} style={{ flex: 1 }}>
          <DateInput />
        </Form.Item>
      </Flex>
      <Form.Item name="description" label={t('markets.fields.description')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormDrawer>
  );
}
