import { useEffect, useMemo, useState } from 'react';
import { Button, Empty, Flex, Form, Input, InputNumber, Select, Tabs, Tag } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { PLAN_STATUSES, type SalesPlan } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { FormDrawer } from '../../app/components/FormDrawer';
import { PageHeader } from '../../app/components/PageHeader';
import { DateInput, MoneyInput } from '../../app/components/inputs';
import { BudgetTab } from './BudgetTab';
import { ChannelsTab } from './ChannelsTab';
import { TerritoriesTab } from './TerritoriesTab';
import { VersionsTab } from './VersionsTab';
import { usePlanWrite, usePlans } from './usePlans';

const STATUS_COLOR: Record<string, string> = { draft: 'default', active: 'green', archived: 'orange' };

export function PlanStatusTag({ status }: { status: SalesPlan['status'] }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`plans.status.${status}`)}</Tag>;
}

/**
 * 销售计划: the fiscal year's plan — channels with their share of the revenue target and what each
 * brings, the budget with spend and return, versions; and the territories ranked by potential.
 * Someone who may read territories but not plans (a rep) sees the territories only.
 */
export function PlansPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const canPlans = can('sales_plan', 'read');
  const [params, setParams] = useSearchParams();
  const { data } = usePlans(canPlans);
  const plans = useMemo(() => data?.items ?? [], [data]);
  const [editing, setEditing] = useState<SalesPlan | 'new' | null>(null);

  const planId = params.get('plan') ?? undefined;
  const plan = plans.find((p) => p.id === planId);
  useEffect(() => {
    if (plan || !plans.length) return;
    const year = dayjs().year();
    const pick =
      plans.find((p) => p.status === 'active' && p.fiscalYear === year) ??
      plans.find((p) => p.status === 'active') ??
      plans[0]!;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('plan', pick.id);
        return next;
      },
      { replace: true },
    );
  }, [plan, plans, setParams]);

  const tab = params.get('tab') ?? (canPlans ? 'channels' : 'territories');
  const setTab = (key: string) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set('tab', key);
      return next;
    });

  const planTabs =
    canPlans && plan
      ? [
          { key: 'channels', label: t('plans.tabs.channels'), children: <ChannelsTab plan={plan} /> },
          { key: 'budget', label: t('plans.tabs.budget'), children: <BudgetTab plan={plan} /> },
          { key: 'versions', label: t('plans.tabs.versions'), children: <VersionsTab plan={plan} /> },
        ]
      : [];
  const items = [
    ...planTabs,
    { key: 'territories', label: t('plans.tabs.territories'), children: <TerritoriesTab /> },
  ];

  return (
    <div data-testid="plans-page">
      <PageHeader
        title={t('plans.title')}
        subtitle={t('plans.subtitle')}
        tags={plan ? <PlanStatusTag status={plan.status} /> : undefined}
        extra={
          canPlans && (
            <Flex gap={8} wrap>
              {plans.length > 0 && (
                <Select
                  style={{ minWidth: 200 }}
                  value={plan?.id}
                  data-testid="plan-select"
                  onChange={(id) =>
                    setParams((prev) => {
                      const next = new URLSearchParams(prev);
                      next.set('plan', id);
                      return next;
                    })
                  }
                  options={plans.map((p) => ({ value: p.id, label: `${p.name}` }))}
                />
              )}
              {plan && can('sales_plan', 'update') && (
                <Button icon={<EditOutlined />} onClick={() => setEditing(plan)} data-testid="plan-edit">
                  {t('common.edit')}
                </Button>
              )}
              {can('sales_plan', 'create') && (
                <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="plan-new">
                  {t('plans.newPlan')}
                </Button>
              )}
            </Flex>
          )
        }
      />
      {canPlans && plans.length === 0 && tab !== 'territories' ? (
        <Empty description={t('plans.noPlans')} style={{ margin: '48px 0' }} />
      ) : null}
      <Tabs
        activeKey={items.some((i) => i.key === tab) ? tab : items[0]!.key}
        onChange={setTab}
        items={items}
      />
      <PlanForm
        plan={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={(p) =>
          setParams((prev) => {
            const next = new URLSearchParams(prev);
            next.set('plan', p.id);
            return next;
          })
        }
      />
    </div>
  );
}

interface PlanValues {
  name: string;
  fiscalYear: number;
  startDate?: string;
  endDate?: string;
  status: SalesPlan['status'];
  revenueTarget?: number | null;
  description?: string | null;
}

function PlanForm({
  plan,
  open,
  onClose,
  onSaved,
}: {
  plan: SalesPlan | null;
  open: boolean;
  onClose: () => void;
  onSaved: (p: SalesPlan) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PlanValues>();
  const write = usePlanWrite();
  const year = dayjs().year();
  return (
    <FormDrawer<PlanValues>
      open={open}
      title={plan ? t('plans.editPlan') : t('plans.newPlan')}
      form={form}
      testId="plan-form"
      initialValues={
        plan
          ? {
              name: plan.name,
              fiscalYear: plan.fiscalYear,
              startDate: plan.startDate,
              endDate: plan.endDate,
              status: plan.status,
              revenueTarget: plan.revenueTarget,
              description: plan.description,
            }
          : { fiscalYear: year, status: 'draft', name: t('plans.defaultName', { year }) }
      }
      onClose={onClose}
      onSubmit={async (v) => {
        const body = { ...v, description: v.description || null, revenueTarget: v.revenueTarget ?? null };
        const saved = (await write.mutateAsync(
          plan
            ? { method: 'patch', path: `/plans/${plan.id}`, body: { ...body, version: plan.version } }
            : { method: 'post', path: '/plans', body },
        )) as SalesPlan;
        onSaved(saved);
        onClose();
      }}
    >
      <Form.Item name="name" label={t('plans.fields.name')} rules={[{ required: true }]}>
        <Input maxLength={200} data-testid="plan-form-name" />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item
          name="fiscalYear"
          label={t('plans.fields.fiscalYear')}
          rules={[{ required: true }]}
          style={{ flex: 1 }}
        >
          <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="status" label={t('plans.fields.status')} style={{ flex: 1 }}>
          <Select options={PLAN_STATUSES.map((s) => ({ value: s, label: t(`plans.status.${s}`) }))} />
        </Form.Item>
      </Flex>
      <Flex gap={12}>
        <Form.Item
          name="startDate"
          label={t('plans.fields.startDate')}
          style={{ flex: 1 }}
          extra={plan ? undefined : t('plans.defaultDates')}
        >
          <DateInput />
        </Form.Item>
        <Form.Item name="endDate" label={t('plans.fields.endDate')} style={{ flex: 1 }}>
          <DateInput />
        </Form.Item>
      </Flex>
      <Form.Item
        name="revenueTarget"
        label={t('plans.fields.revenueTarget')}
        extra={t('plans.revenueTargetHelp')}
      >
        <MoneyInput data-testid="plan-form-target" />
      </Form.Item>
      <Form.Item name="description" label={t('plans.fields.description')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
    </FormDrawer>
  );
}
