import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Col, Flex, Form, Input, InputNumber, Row, Segmented, Select, Typography } from 'antd';
import { CheckCircleFilled, ExclamationCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  CHANNELS,
  TARGET_METRICS,
  TARGET_OWNER_TYPES,
  TARGET_PERIOD_TYPES,
  type Target,
  type TargetCreate,
  type TargetMetric,
  type TargetOwnerType,
  type TargetPeriodType,
} from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { FormDrawer } from '../../app/components/FormDrawer';
import { MoneyInput } from '../../app/components/inputs';
import { OwnerSelect } from '../../app/components/OwnerSelect';
import { RecordSelect } from '../../app/components/RecordSelect';
import { useAllTeams } from '../users/useUsers';
import { periodLabel, periodOf, periodsAround, todayLocal, type Period } from './periods';
import { useOptions, useSaveTarget, useTargetCheck } from './useTargets';
import { isMoney, useTargetFormat } from './useTargetFormat';

interface Values {
  name?: string;
  metric?: TargetMetric;
  ownerType?: TargetOwnerType;
  ownerId?: string | null;
  periodType?: TargetPeriodType;
  startDate?: string;
  value?: number | null;
  stretchValue?: number | null;
  challengeValue?: number | null;
  planId?: string | null;
  marketId?: string | null;
  description?: string | null;
}

/** The number in the metric's unit: yuan for money (stored in fen), % for a share (bp), else a count. */
function MetricInput({
  metric,
  value,
  onChange,
  testId,
}: {
  metric: TargetMetric | undefined;
  value?: number | null;
  onChange?: (v: number | null) => void;
  testId?: string;
}) {
  if (!metric || isMoney(metric))
    return <MoneyInput value={value} onChange={onChange} data-testid={testId} />;
  if (metric === 'market_share')
    return (
      <InputNumber<number>
        min={0}
        max={100}
        precision={2}
        suffix="%"
        style={{ width: '100%' }}
        value={value === null || value === undefined ? null : value / 100}
        onChange={(v) => onChange?.(v === null ? null : Math.round(v * 100))}
        data-testid={testId}
      />
    );
  return (
    <InputNumber<number>
      min={0}
      precision={0}
      style={{ width: '100%' }}
      value={value ?? null}
      onChange={(v) => onChange?.(v)}
      data-testid={testId}
    />
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

/**
 * A SMART target: the form says which of specific / measurable / achievable / relevant /
 * time-bound is still missing, and shows the server's achievability warnings before saving.
 * Editing changes the numbers and text only (owner, metric and period make the target what it is).
 */
export function TargetForm({
  open,
  target,
  defaultPeriod,
  onClose,
  onSaved,
}: {
  open: boolean;
  target?: Target;
  defaultPeriod?: Period;
  onClose: () => void;
  onSaved: (t: Target) => void;
}) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const [form] = Form.useForm<Values>();
  const save = useSaveTarget();
  const { message } = App.useApp();
  const f = useTargetFormat();
  const { me } = useAuth();
  const { teams } = useAllTeams();
  const plans = useOptions('/plans', open);
  const editing = !!target;
  const today = todayLocal();

  const w = Form.useWatch([], form) ?? {};
  const metric = w.metric;
  const ownerType = w.ownerType;
  const periodType = w.periodType ?? 'quarter';
  const markets = useOptions('/markets', open && metric === 'market_share');
  const territories = useOptions('/territories', open && ownerType === 'territory');
  const period = w.startDate ? periodOf(periodType, w.startDate) : undefined;

  const specific = !!metric && !!ownerType && (ownerType === 'company' || !!w.ownerId);
  const measurable = !!w.value && w.value > 0;
  const timeBound = !!period;
  const relevant = metric === 'market_share' ? !!w.marketId : true;
  const draft: TargetCreate | null =
    !editing && specific && measurable && timeBound && relevant
      ? {
          metric,
          ownerType,
          ownerId: ownerType === 'company' ? null : w.ownerId,
          value: w.value!,
          periodType,
          startDate: period.startDate,
          endDate: period.endDate,
          ...(w.planId ? { planId: w.planId } : {}),
          ...(metric === 'market_share' && w.marketId ? { marketId: w.marketId } : {}),
        }
      : null;
  const check = useTargetCheck(useDebounced(draft, 400));

  const initialValues: Values = useMemo(
    () =>
      target
        ? {
            name: target.name,
            metric: target.metric,
            ownerType: target.ownerType,
            ownerId: target.ownerId,
            periodType: target.periodType,
            startDate: target.startDate,
            value: target.value,
            stretchValue: target.stretchValue,
            challengeValue: target.challengeValue,
            planId: target.planId,
            marketId: target.marketId,
            description: target.description,
          }
        : {
            metric: 'revenue',
            ownerType: 'company',
            periodType: defaultPeriod?.periodType ?? 'quarter',
            startDate: defaultPeriod?.startDate ?? periodOf('quarter', today).startDate,
          },
    [target, defaultPeriod, today],
  );

  const submit = async (v: Values) => {
    if (target) {
      const r = await save.mutateAsync({
        id: target.id,
        update: {
          name: v.name?.trim() || target.name,
          value: v.value ?? undefined,
          ...(v.stretchValue ? { stretchValue: v.stretchValue } : {}),
          ...(v.challengeValue ? { challengeValue: v.challengeValue } : {}),
          description: v.description ?? null,
          planId: v.planId ?? null,
          version: target.version,
        },
      });
      message.success(t('app.saved'));
      onSaved(r.target);
      return;
    }
    const p = v.startDate && v.periodType ? periodOf(v.periodType, v.startDate) : undefined;
    const r = await save.mutateAsync({
      create: {
        ...(v.name?.trim() ? { name: v.name.trim() } : {}),
        ...(v.metric ? { metric: v.metric } : {}),
        ...(v.ownerType ? { ownerType: v.ownerType } : {}),
        ownerId: v.ownerType === 'company' ? null : (v.ownerId ?? null),
        ...(v.value ? { value: v.value } : {}),
        ...(p ? { periodType: p.periodType, startDate: p.startDate, endDate: p.endDate } : {}),
        ...(v.stretchValue ? { stretchValue: v.stretchValue } : {}),
        ...(v.challengeValue ? { challengeValue: v.challengeValue } : {}),
        planId: v.planId ?? null,
        ...(v.metric === 'market_share' ? { marketId: v.marketId ?? null } : {}),
        description: v.description ?? null,
        currency: me?.organization.currency ?? 'CNY',
      },
    });
    message.success(t('app.created'));
    onSaved(r.target);
  };

  const part = (ok: boolean, label: string, hint: string, optional = false) => (
    <Flex gap={6} align="baseline">
      {ok ? (
        <CheckCircleFilled style={{ color: '#52c41a' }} />
      ) : optional ? (
        <MinusCircleOutlined style={{ color: '#bbb' }} />
      ) : (
        <ExclamationCircleOutlined style={{ color: '#faad14' }} />
      )}
      <Typography.Text style={{ fontSize: 12 }}>
        <b>{label}</b> {hint}
      </Typography.Text>
    </Flex>
  );
  const c = check.data;
  const achievable = editing || !draft ? null : c;

  return (
    <FormDrawer<Values>
      open={open}
      title={editing ? t('targets.editTitle') : t('targets.newTitle')}
      form={form}
      initialValues={initialValues}
      onClose={onClose}
      onSubmit={submit}
      testId="target-form"
      submitTestId="target-save"
      width={620}
    >
      <Alert
        type="info"
        showIcon={false}
        style={{ marginBottom: 16 }}
        title={<Typography.Text strong>{t('targets.smart.title')}</Typography.Text>}
        description={
          <Flex vertical gap={2} data-testid="target-smart">
            {part(specific, t('targets.smart.S'), t('targets.smart.Shint'))}
            {part(measurable, t('targets.smart.M'), t('targets.smart.Mhint'))}
            {part(
              !!achievable && achievable.warnings.length === 0,
              t('targets.smart.A'),
              t('targets.smart.Ahint'),
              !achievable,
            )}
            {part(
              relevant && (!!w.planId || metric === 'market_share'),
              t('targets.smart.R'),
              t('targets.smart.Rhint'),
              relevant,
            )}
            {part(timeBound, t('targets.smart.T'), t('targets.smart.Thint'))}
          </Flex>
        }
      />
      {achievable ? (
        <Alert
          type={achievable.warnings.length ? 'warning' : 'success'}
          style={{ marginBottom: 16 }}
          data-testid="target-check"
          title={
            achievable.warnings.length
              ? achievable.warnings.map((x) => t(`targets.warning.${x.code}`)).join(' ')
              : t('targets.warning.ok')
          }
          description={
            <Typography.Text style={{ fontSize: 12 }}>
              {t('targets.check.numbers', {
                lastYear: f.value(metric!, achievable.lastYear, undefined, true),
                growth: f.pct(achievable.growthBp),
                pipeline: f.value(metric!, achievable.pipeline, undefined, true),
                soFar: f.value(metric!, achievable.soFar, undefined, true),
                achievable: f.value(metric!, achievable.achievable, undefined, true),
              })}
            </Typography.Text>
          }
        />
      ) : null}
      <Form.Item
        name="name"
        label={t('targets.field.name')}
        extra={editing ? undefined : t('targets.field.nameHint')}
      >
        <Input maxLength={200} data-testid="target-form-name" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="metric" label={t('targets.field.metric')}>
            <Select
              disabled={editing}
              data-testid="target-form-metric"
              options={TARGET_METRICS.map((m) => ({ value: m, label: t(`targets.metric.${m}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="ownerType" label={t('targets.field.ownerType')}>
            <Select
              disabled={editing}
              data-testid="target-form-owner-type"
              onChange={() => form.setFieldValue('ownerId', null)}
              options={TARGET_OWNER_TYPES.map((o) => ({ value: o, label: t(`targets.ownerType.${o}`) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      {ownerType && ownerType !== 'company' ? (
        <Form.Item name="ownerId" label={t(`targets.ownerType.${ownerType}`)}>
          {ownerType === 'team' ? (
            <Select
              disabled={editing}
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="target-form-owner"
              options={teams.map((x) => ({ value: x.id, label: x.name }))}
            />
          ) : ownerType === 'rep' ? (
            editing ? (
              <Input disabled value={target?.ownerName} />
            ) : (
              <OwnerSelect testId="target-form-owner" />
            )
          ) : ownerType === 'product' ? (
            <RecordSelect
              resource="products"
              disabled={editing}
              knownLabels={target?.ownerId ? { [target.ownerId]: target.ownerName } : undefined}
              data-testid="target-form-owner"
            />
          ) : ownerType === 'territory' ? (
            <Select
              disabled={editing}
              data-testid="target-form-owner"
              options={(territories.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
            />
          ) : (
            <Select
              disabled={editing}
              data-testid="target-form-owner"
              options={CHANNELS.map((x) => ({ value: x, label: t(`targets.channel.${x}`) }))}
            />
          )}
        </Form.Item>
      ) : null}
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="periodType" label={t('targets.field.periodType')}>
            <Segmented
              block
              disabled={editing}
              data-testid="target-form-period-type"
              options={TARGET_PERIOD_TYPES.map((p) => ({ value: p, label: t(`targets.periodType.${p}`) }))}
              onChange={(v) =>
                form.setFieldValue(
                  'startDate',
                  periodOf(v as TargetPeriodType, w.startDate ?? today).startDate,
                )
              }
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="startDate"
            label={t('targets.field.period')}
            extra={period ? `${period.startDate} – ${period.endDate}` : undefined}
          >
            <Select
              disabled={editing}
              data-testid="target-form-period"
              options={periodsAround(periodType, today).map((p) => ({
                value: p.startDate,
                label: periodLabel(p, zh),
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="value"
        label={t('targets.field.value')}
        extra={
          metric
            ? t(`targets.unit.${isMoney(metric) ? 'money' : metric === 'market_share' ? 'share' : 'count'}`)
            : undefined
        }
      >
        <MetricInput metric={metric} testId="target-form-value" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="stretchValue"
            label={t('targets.field.stretch')}
            extra={t('targets.field.stretchHint')}
          >
            <MetricInput metric={metric} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="challengeValue"
            label={t('targets.field.challenge')}
            extra={t('targets.field.challengeHint')}
          >
            <MetricInput metric={metric} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="planId" label={t('targets.field.plan')}>
        <Select
          allowClear
          data-testid="target-form-plan"
          placeholder={t('targets.field.planHint')}
          options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
        />
      </Form.Item>
      {metric === 'market_share' ? (
        <Form.Item name="marketId" label={t('targets.field.market')}>
          <Select
            disabled={editing}
            data-testid="target-form-market"
            options={(markets.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
          />
        </Form.Item>
      ) : null}
      <Form.Item name="description" label={t('targets.field.description')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </FormDrawer>
  );
}
