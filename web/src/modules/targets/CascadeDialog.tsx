import { useMemo, useState } from 'react';
import { Alert, App, Flex, Grid, InputNumber, Modal, Radio, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CascadeChild, CascadeDimension, CascadeRequest, SplitMethod, Target } from '@tuoke/shared';
import { MoneyInput } from '../../app/components/inputs';
import { useErrorHandler } from '../../app/errors';
import { isApiError } from '../../app/api';
import { periodLabel } from './periods';
import { useCascade, useCascadePreview } from './useTargets';
import { isMoney, useTargetFormat } from './useTargetFormat';

const childKey = (c: Pick<CascadeChild, 'ownerId' | 'startDate'>, dimension: CascadeDimension) =>
  dimension === 'period' ? c.startDate : (c.ownerId ?? '');

/**
 * 分解: split a target to teams, reps or sub-periods by potential, last year or evenly; the
 * preview shows each child's weight and value (summing exactly to the parent) and every value can
 * be adjusted by hand before saving (a hand split may leave some unassigned, never exceed).
 */
export function CascadeDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const f = useTargetFormat();
  const isMobile = !Grid.useBreakpoint().sm;
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const dimensions: CascadeDimension[] = [
    ...(target.ownerType === 'company' || target.ownerType === 'team' ? (['team'] as const) : []),
    ...(target.ownerType === 'team' ? (['rep'] as const) : []),
    ...(target.periodType !== 'month' ? (['period'] as const) : []),
  ];
  const [dimension, setDimension] = useState<CascadeDimension>(dimensions[0] ?? 'period');
  const [method, setMethod] = useState<Exclude<SplitMethod, 'manual'>>('potential');
  // values edited by hand, by child key; any edit makes the split manual
  const [edited, setEdited] = useState<Record<string, number>>({});
  // the children left out of the split (unticked); the rest share the parent
  const [excluded, setExcluded] = useState<string[]>([]);
  const all = useCascadePreview(target.id, { dimension, method: 'even' });
  const candidates = useMemo(() => all.data?.children ?? [], [all.data]);
  const included = candidates.filter((c) => !excluded.includes(childKey(c, dimension)));
  const subset =
    excluded.length && included.length
      ? included.map((c) => (dimension === 'period' ? { startDate: c.startDate } : { ownerId: c.ownerId! }))
      : undefined;
  const req: CascadeRequest = { dimension, method, ...(subset ? { children: subset } : {}) };
  const preview = useCascadePreview(target.id, all.data && included.length ? req : null);
  const save = useCascade(target.id);
  // a new dimension, method or choice of children starts from the computed values again
  const choose = (next: { dimension?: CascadeDimension; method?: typeof method; excluded?: string[] }) => {
    if (next.dimension) {
      setDimension(next.dimension);
      setExcluded([]);
    }
    if (next.method) setMethod(next.method);
    if (next.excluded) setExcluded(next.excluded);
    setEdited({});
  };

  const p = included.length ? preview.data : undefined;
  // every candidate is listed (ticked or not); the unticked ones get nothing
  const rows = useMemo(
    () =>
      candidates.map((c) => {
        const key = childKey(c, dimension);
        const computed = p?.children.find((x) => childKey(x, dimension) === key);
        const out = !computed || excluded.includes(key);
        return {
          ...(computed ?? c),
          basis: out ? 0 : (computed?.basis ?? 0),
          weightBp: out ? 0 : (computed?.weightBp ?? 0),
          value: out ? 0 : (edited[key] ?? computed?.value ?? 0),
          out,
        };
      }),
    [candidates, p, edited, dimension, excluded],
  );
  const edit = (r: (typeof rows)[number], v: number | null) =>
    setEdited((e) => ({
      ...Object.fromEntries(rows.filter((x) => !x.out).map((x) => [childKey(x, dimension), x.value])),
      ...e,
      [childKey(r, dimension)]: v ?? 0,
    }));
  const manual = Object.keys(edited).length > 0;
  const total = rows.reduce((a, r) => a + r.value, 0);
  const difference = target.value - total;
  const money = isMoney(target.metric);
  const show = (v: number) => f.value(target.metric, v, target.currency);

  const submit = async () => {
    try {
      const body: CascadeRequest = manual
        ? {
            dimension,
            method: 'manual',
            children: rows
              .filter((r) => !r.out)
              .map((r) =>
                dimension === 'period'
                  ? { startDate: r.startDate, value: r.value }
                  : { ownerId: r.ownerId!, value: r.value },
              ),
          }
        : req;
      const r = await save.mutateAsync(body);
      message.success(t('targets.cascade.saved', { count: r.children.length }));
      onClose();
    } catch (err) {
      handleError(err);
    }
  };

  const basisLabel = p ? t(`targets.cascade.basis.${p.basisKind}`, { defaultValue: p.basisKind }) : '';
  return (
    <Modal
      open
      title={t('targets.cascade.title', { name: target.name })}
      onCancel={onClose}
      onOk={submit}
      okText={t('targets.cascade.save')}
      okButtonProps={
        {
          disabled: !p || difference < 0 || !included.length,
          loading: save.isPending,
          'data-testid': 'cascade-save',
        } as never
      }
      width={isMobile ? '100%' : 760}
      destroyOnHidden
      data-testid="cascade-dialog"
    >
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <Typography.Text type="secondary">{t('targets.cascade.dimension')}</Typography.Text>
          <Radio.Group
            value={dimension}
            onChange={(e) => choose({ dimension: e.target.value })}
            optionType="button"
            size="small"
          >
            {dimensions.map((d) => (
              <Radio.Button key={d} value={d} data-testid={`cascade-dim-${d}`}>
                {t(`targets.cascade.dim.${d}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Flex>
        <Flex gap={8} wrap align="center">
          <Typography.Text type="secondary">{t('targets.cascade.method')}</Typography.Text>
          <Radio.Group
            value={manual ? 'manual' : method}
            onChange={(e) => e.target.value !== 'manual' && choose({ method: e.target.value })}
            optionType="button"
            size="small"
          >
            {(['potential', 'last_year', 'even'] as const).map((m) => (
              <Radio.Button key={m} value={m} data-testid={`cascade-method-${m}`}>
                {t(`targets.split.${m}`)}
              </Radio.Button>
            ))}
            <Radio.Button value="manual" disabled={!manual}>
              {t('targets.split.manual')}
            </Radio.Button>
          </Radio.Group>
        </Flex>
        {preview.error ? (
          <Alert
            type="error"
            title={isApiError(preview.error) ? preview.error.message : String(preview.error)}
          />
        ) : null}
        {p ? (
          <Alert
            type={p.fallback ? 'warning' : 'info'}
            data-testid="cascade-explanation"
            title={
              <Typography.Text style={{ fontSize: 12 }}>
                {t(`targets.cascade.explain.${p.basisKind}`, { defaultValue: p.explanation })}
                {p.fallback ? ` ${t('targets.cascade.fallback')}` : ''}
              </Typography.Text>
            }
          />
        ) : null}
        <Table
          rowKey={(r) => childKey(r, dimension)}
          size="small"
          loading={preview.isFetching}
          pagination={false}
          dataSource={rows}
          rowSelection={{
            selectedRowKeys: rows.filter((r) => !r.out).map((r) => childKey(r, dimension)),
            onChange: (keys) =>
              choose({
                excluded: candidates.map((c) => childKey(c, dimension)).filter((k) => !keys.includes(k)),
              }),
            getCheckboxProps: (r) => ({ 'data-testid': `cascade-include-${r.ownerName}` }) as never,
          }}
          columns={[
            {
              title: t(`targets.cascade.dim.${dimension}`),
              key: 'owner',
              render: (_, r) => (dimension === 'period' ? periodLabel(r, zh) : r.ownerName),
            },
            {
              title: basisLabel,
              key: 'basis',
              align: 'right',
              responsive: ['sm'],
              render: (_, r) =>
                p?.basisKind === 'even' || p?.basisKind === 'manual'
                  ? '—'
                  : money || p?.basisKind !== 'last_year'
                    ? f.fmt.money(r.basis, target.currency, true)
                    : r.basis,
            },
            {
              title: t('targets.cascade.weight'),
              key: 'w',
              align: 'right',
              responsive: ['sm'],
              render: (_, r) => f.pct(r.weightBp),
            },
            {
              title: t('targets.cascade.value'),
              key: 'value',
              width: isMobile ? 150 : 190,
              render: (_, r, i) =>
                money ? (
                  <MoneyInput
                    size="small"
                    value={r.value}
                    disabled={r.out}
                    onChange={(v) => edit(r, v)}
                    data-testid={`cascade-value-${i}`}
                  />
                ) : (
                  <InputNumber<number>
                    size="small"
                    min={0}
                    precision={0}
                    style={{ width: '100%' }}
                    value={r.value}
                    disabled={r.out}
                    onChange={(v) => edit(r, v)}
                    data-testid={`cascade-value-${i}`}
                  />
                ),
            },
          ]}
        />
        <Flex gap={16} wrap justify="flex-end">
          <Typography.Text>
            {t('targets.cascade.parent')} <b>{show(target.value)}</b>
          </Typography.Text>
          <Typography.Text data-testid="cascade-total">
            {t('targets.cascade.total')} <b>{show(total)}</b>
          </Typography.Text>
          <Typography.Text
            type={difference < 0 ? 'danger' : difference > 0 ? 'warning' : 'success'}
            data-testid="cascade-difference"
          >
            {difference < 0
              ? t('targets.cascade.over', { amount: show(-difference) })
              : difference > 0
                ? t('targets.cascade.under', { amount: show(difference) })
                : t('targets.cascade.exact')}
          </Typography.Text>
        </Flex>
        {rows.some((r) => r.existingId) ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('targets.cascade.updatesExisting')}
          </Typography.Text>
        ) : null}
      </Flex>
    </Modal>
  );
}
