import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space, Tooltip } from 'antd';
import { InboxOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Pool, PoolKind } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { OwnerSelect } from '../../app/components/OwnerSelect';
import { usePoolErrorHandler } from './poolErrors';
import { usePoolOp, usePools } from './usePools';

export interface PooledRecord {
  id: string;
  name: string;
  ownerId: string | null;
  poolId: string | null;
  version: number;
}

/** The pool a record is in or belongs to: its own, else the default pool of its kind. */
export function poolOf(pools: Pool[] | undefined, kind: PoolKind, poolId: string | null): Pool | undefined {
  return pools?.find((p) => (poolId ? p.id === poolId : p.kind === kind && p.isDefault));
}

/**
 * The pool buttons of an account or lead detail page: 领取 (and 分配 for a pool admin) while it
 * is in a pool, 退回公海 once someone owns it.
 */
export function PoolRecordActions({
  kind,
  record,
  claimTestId = 'pool-claim',
}: {
  kind: PoolKind;
  record: PooledRecord;
  claimTestId?: string;
}) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const handleError = usePoolErrorHandler();
  const pools = usePools(can('pool', 'read'));
  const op = usePoolOp();
  const [returning, setReturning] = useState(false);
  const [assigning, setAssigning] = useState(false);
  if (!can('pool', 'read')) return null;
  const pool = poolOf(pools.data?.items, kind, record.poolId);

  if (record.ownerId === null) {
    if (!pool?.myRole) return null;
    const left = pool.quota.remainingToday;
    return (
      <Space>
        <Tooltip title={left !== null ? t('pools.remainingToday', { n: left }) : undefined}>
          <Button
            type="primary"
            loading={op.isPending && op.variables?.op === 'claim'}
            disabled={left === 0}
            onClick={() =>
              op.mutateAsync({ op: 'claim', kind, id: record.id, version: record.version }).then(
                () => message.success(t('pools.claimed')),
                (err) => handleError(err),
              )
            }
            data-testid={claimTestId}
          >
            {t('pools.claim')}
          </Button>
        </Tooltip>
        {pool.myRole === 'admin' && (
          <Button icon={<UserAddOutlined />} onClick={() => setAssigning(true)} data-testid="pool-assign">
            {t('pools.assign')}
          </Button>
        )}
        <AssignDialog
          open={assigning}
          onClose={() => setAssigning(false)}
          kind={kind}
          record={record}
          pool={pool}
        />
      </Space>
    );
  }
  if (!can(kind, 'update')) return null;
  return (
    <>
      <Button icon={<InboxOutlined />} onClick={() => setReturning(true)} data-testid="pool-return">
        {t('pools.return')}
      </Button>
      <ReturnDialog
        open={returning}
        onClose={() => setReturning(false)}
        kind={kind}
        record={record}
        pools={(pools.data?.items ?? []).filter((p) => p.kind === kind)}
      />
    </>
  );
}

function ReturnDialog({
  open,
  onClose,
  kind,
  record,
  pools,
}: {
  open: boolean;
  onClose: () => void;
  kind: PoolKind;
  record: PooledRecord;
  pools: Pool[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = usePoolErrorHandler();
  const op = usePoolOp();
  const [form] = Form.useForm<{ poolId?: string; reason: string; note?: string }>();
  const home = poolOf(pools, kind, record.poolId);
  const poolId = Form.useWatch('poolId', form) ?? home?.id;
  const target = pools.find((p) => p.id === poolId) ?? home;
  const reasons = target?.returnReasons ?? [];

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await op.mutateAsync({
        op: 'return',
        kind,
        id: record.id,
        body: {
          reason: v.reason,
          note: v.note || null,
          ...(v.poolId ? { poolId: v.poolId } : {}),
          version: record.version,
        },
      });
      message.success(t('pools.returned', { pool: target?.name ?? '' }));
      form.resetFields();
      onClose();
    } catch (err) {
      handleError(err, form);
    }
  };

  return (
    <Modal
      open={open}
      title={t('pools.returnTitle', { name: record.name })}
      okText={t('pools.return')}
      onOk={() => void submit()}
      confirmLoading={op.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="pool-return-dialog"
    >
      <Form form={form} layout="vertical" initialValues={{ poolId: home?.id }} requiredMark={false}>
        {pools.length > 1 && (
          <Form.Item name="poolId" label={t('pools.targetPool')}>
            <Select
              options={pools.map((p) => ({ value: p.id, label: p.name }))}
              data-testid="pool-return-pool"
            />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('pools.reason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('validation.select', { field: t('pools.reason') }),
            },
          ]}
        >
          {reasons.length ? (
            <Select
              options={reasons.map((r) => ({ value: r, label: r }))}
              placeholder={t('pools.reasonPick')}
              data-testid="pool-return-reason"
            />
          ) : (
            <Input maxLength={60} placeholder={t('pools.reasonFree')} data-testid="pool-return-reason" />
          )}
        </Form.Item>
        <Form.Item name="note" label={t('pools.note')}>
          <Input.TextArea rows={3} maxLength={500} placeholder={t('common.optional')} />
        </Form.Item>
        <div style={{ color: '#64748b', fontSize: 12 }}>
          {kind === 'account' ? t('pools.returnHintAccount') : t('pools.returnHintLead')}
        </div>
      </Form>
    </Modal>
  );
}

export function AssignDialog({
  open,
  onClose,
  kind,
  record,
  pool,
}: {
  open: boolean;
  onClose: () => void;
  kind: PoolKind;
  record: PooledRecord;
  pool: Pool;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = usePoolErrorHandler();
  const op = usePoolOp();
  const [form] = Form.useForm<{ userId: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await op.mutateAsync({
        op: 'assign',
        kind,
        id: record.id,
        body: { userId: v.userId, version: record.version },
      });
      message.success(t('pools.assigned', { name: r.ownerName }));
      form.resetFields();
      onClose();
    } catch (err) {
      handleError(err, form);
    }
  };
  return (
    <Modal
      open={open}
      title={t('pools.assignTitle', { name: record.name })}
      okText={t('pools.assign')}
      onOk={() => void submit()}
      confirmLoading={op.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="userId"
          label={t('pools.assignTo')}
          extra={t('pools.assignHint', { pool: pool.name })}
          rules={[{ required: true, message: t('validation.select', { field: t('pools.assignTo') }) }]}
        >
          <OwnerSelect testId="pool-assign-user" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
