import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { ActiveSwitch, actionsColumn } from '../../app/components/RowActions';
import { LEAD_SOURCE_CATEGORIES, type LeadSource } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useDeleteLeadSource, useLeadSources, useSaveLeadSource } from './useLeadIntake';

const CATEGORY_COLORS: Record<string, string> = {
  market_research: 'geekblue',
  online: 'cyan',
  events: 'purple',
  referral: 'green',
  other: 'default',
};

/** 线索来源: the organisation's configurable lead sources (admins and marketing). */
export function LeadSourcesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { data, isLoading } = useLeadSources();
  const save = useSaveLeadSource();
  const remove = useDeleteLeadSource();
  const [editing, setEditing] = useState<LeadSource | 'new' | null>(null);
  const canEdit = can('lead_source', 'update');

  const toggle = async (s: LeadSource, active: boolean) => {
    await save.mutateAsync({ id: s.id, body: { active, version: s.version } });
    message.success(active ? t('leadIntake.sources.activated') : t('leadIntake.sources.deactivated'));
  };

  const columns: ColumnsType<LeadSource> = [
    {
      key: 'name',
      title: t('leadIntake.sources.name'),
      render: (_, s) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{s.nameZh}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.nameEn}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'key',
      title: t('leadIntake.sources.key'),
      render: (_, s) => <Typography.Text code>{s.key}</Typography.Text>,
    },
    {
      key: 'category',
      title: t('leadIntake.sources.categoryLabel'),
      render: (_, s) => (
        <Tag color={CATEGORY_COLORS[s.category]}>{t(`leadIntake.sources.category.${s.category}`)}</Tag>
      ),
    },
    { key: 'leads', title: t('leadIntake.sources.leadCount'), align: 'right', render: (_, s) => s.leadCount },
    { key: 'sort', title: t('leadIntake.sources.sortOrder'), align: 'right', render: (_, s) => s.sortOrder },
    {
      key: 'active',
      title: t('leadIntake.sources.active'),
      render: (_, s) => (
        <ActiveSwitch
          checked={s.active}
          disabled={!canEdit}
          onChange={(v) => toggle(s, v)}
          testId={`source-active-${s.key}`}
        />
      ),
    },
    actionsColumn<LeadSource>(
      (s) =>
        canEdit && {
          onEdit: () => setEditing(s),
          onDelete: () => remove.mutateAsync(s.id),
          deleteTitle: t('common.deleteConfirm', { name: s.nameZh }),
          deleteBlockedReason: s.leadCount > 0 ? t('leadIntake.sources.inUse') : undefined,
        },
    ),
  ];

  return (
    <div data-testid="lead-sources-page">
      <PageHeader
        title={t('leadIntake.sources.title')}
        subtitle={t('leadIntake.sources.subtitle')}
        extra={
          can('lead_source', 'create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('leadIntake.sources.new')}
            </Button>
          )
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<LeadSource>
          rowKey="id"
          loading={isLoading}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <SourceForm
        source={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
        nextSort={((data?.items ?? []).reduce((m, s) => Math.max(m, s.sortOrder), 0) ?? 0) + 10}
      />
    </div>
  );
}

interface Values {
  key: string;
  nameZh: string;
  nameEn: string;
  category: string;
  sortOrder: number;
  active: boolean;
}

function SourceForm({
  source,
  open,
  onClose,
  nextSort,
}: {
  source: LeadSource | null;
  open: boolean;
  onClose: () => void;
  nextSort: number;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const save = useSaveLeadSource();
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      source ?? { category: 'online', sortOrder: nextSort, active: true, key: '', nameZh: '', nameEn: '' },
    );
  }, [open, source, form, nextSort]);

  const submit = async (v: Values) => {
    const body: Record<string, unknown> = {
      nameZh: v.nameZh,
      nameEn: v.nameEn,
      category: v.category,
      sortOrder: v.sortOrder,
      active: v.active,
    };
    try {
      await save.mutateAsync(
        source
          ? { id: source.id, body: { ...body, version: source.version } }
          : { body: { ...body, key: v.key } },
      );
      message.success(source ? t('app.saved') : t('app.created'));
      onClose();
    } catch (err) {
      handleError(err, form);
    }
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      title={source ? t('leadIntake.sources.edit') : t('leadIntake.sources.new')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="key"
          label={t('leadIntake.sources.key')}
          extra={source ? t('leadIntake.sources.keyFixed') : t('leadIntake.sources.keyHint')}
          rules={[
            { required: true, message: t('validation.required', { field: t('leadIntake.sources.key') }) },
            { pattern: /^[a-z][a-z0-9_]*$/, message: t('leadIntake.sources.keyPattern') },
          ]}
        >
          <Input maxLength={40} disabled={!!source} placeholder="wechat_official" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="nameZh"
              label={t('leadIntake.sources.nameZh')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('validation.required', { field: t('leadIntake.sources.nameZh') }),
                },
              ]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="nameEn"
              label={t('leadIntake.sources.nameEn')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('validation.required', { field: t('leadIntake.sources.nameEn') }),
                },
              ]}
            >
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="category" label={t('leadIntake.sources.categoryLabel')}>
              <Select
                options={LEAD_SOURCE_CATEGORIES.map((c) => ({
                  value: c,
                  label: t(`leadIntake.sources.category.${c}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="sortOrder" label={t('leadIntake.sources.sortOrder')}>
              <InputNumber min={0} max={10000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="active" label={t('leadIntake.sources.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
