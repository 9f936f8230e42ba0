import { useMemo, useState } from 'react';
import { Alert, App, Button, Flex, Modal, Radio, Skeleton, Table, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MERGEABLE_FIELDS, type DedupeObject, type MergeSide } from '@tuoke/shared';
import { api } from '../../app/api';
import { useErrorHandler } from '../../app/errors';
import { useEnumLabel, useFormat } from '../../app/format';
import { PLURAL, useMerge } from './useDuplicates';

type AnyRecord = Record<string, unknown> & { id: string; name: string; version: number; createdAt: string };

/** Which closed list a field's values come from (for their labels). */
const ENUM_GROUP: Record<string, string> = {
  kind: 'accountKind',
  industry: 'industry',
  size: 'accountSize',
  level: 'accountLevel',
  source: 'source',
  region: 'region',
  decisionRole: 'decisionRole',
  status: 'leadStatus',
  locale: 'locale',
};

/**
 * Side by side: the record that stays and the one folded into it, one row per field whose
 * values differ, and a choice of which value to keep. Everything related to the merged record
 * moves to the survivor on the server, in one transaction.
 */
export function MergeDialog(props: MergeDialogProps) {
  // a fresh dialog (choices, swap) for every pair and every opening
  return <MergeDialogBody key={`${props.firstId}:${props.secondId}:${props.open}`} {...props} />;
}

interface MergeDialogProps {
  object: DedupeObject;
  open: boolean;
  /** Proposed survivor (the reader can swap). */
  firstId: string | null;
  secondId: string | null;
  onClose: () => void;
  onMerged?: (survivorId: string) => void;
}

function MergeDialogBody({ object, open, firstId, secondId, onClose, onMerged }: MergeDialogProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useEnumLabel();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const merge = useMerge(object);
  const [swapped, setSwapped] = useState(false);
  const [choice, setChoice] = useState<Record<string, MergeSide>>({});

  const load = (id: string | null) => ({
    queryKey: [PLURAL[object], 'one', id],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      api.get<AnyRecord>(`/${PLURAL[object]}/${id}`, undefined, signal),
    enabled: open && Boolean(id),
  });
  const first = useQuery(load(firstId));
  const second = useQuery(load(secondId));
  const [survivor, merged] = swapped ? [second.data, first.data] : [first.data, second.data];

  const show = (field: string, r: AnyRecord | undefined): string => {
    if (!r) return '';
    const v = r[field];
    if (field === 'ownerId') return (r.ownerName as string | null) || t('leads.pool');
    if (field === 'accountId') return (r.accountName as string | null) ?? '—';
    if (Array.isArray(v)) return v.length ? v.join('、') : '—';
    if (ENUM_GROUP[field]) return label(ENUM_GROUP[field]!, v as string | null);
    if (field === 'incomeBand') return label('incomeBand', v as string | null);
    return v === null || v === undefined || v === '' ? '—' : String(v);
  };

  const rows = useMemo(() => {
    if (!survivor || !merged) return [];
    return (MERGEABLE_FIELDS[object] as readonly string[])
      .filter((f) => JSON.stringify(survivor[f] ?? null) !== JSON.stringify(merged[f] ?? null))
      .map((field) => ({ field }));
  }, [object, survivor, merged]);

  const fieldLabel = (f: string) =>
    t(`fields.${f}`, { defaultValue: t(`dedupe.fields.${f}`, { defaultValue: f }) });

  const columns: ColumnsType<{ field: string }> = [
    {
      key: 'field',
      title: '',
      width: 120,
      render: (_, r) => <Typography.Text type="secondary">{fieldLabel(r.field)}</Typography.Text>,
    },
    ...(['survivor', 'merged'] as const).map((side) => ({
      key: side,
      title: side === 'survivor' ? t('dedupe.survivor') : t('dedupe.merged'),
      render: (_: unknown, r: { field: string }) => (
        <Radio
          checked={(choice[r.field] ?? 'survivor') === side}
          onChange={() => setChoice((c) => ({ ...c, [r.field]: side }))}
          data-testid={`merge-pick-${r.field}-${side}`}
        >
          <span style={{ whiteSpace: 'pre-wrap' }}>
            {show(r.field, side === 'survivor' ? survivor : merged)}
          </span>
        </Radio>
      ),
    })),
  ];

  const submit = async () => {
    if (!survivor || !merged) return;
    try {
      const fields = Object.fromEntries(rows.map((r) => [r.field, choice[r.field] ?? 'survivor'])) as Record<
        string,
        MergeSide
      >;
      const result = await merge.mutateAsync({
        survivorId: survivor.id,
        mergedId: merged.id,
        survivorVersion: survivor.version,
        mergedVersion: merged.version,
        fields,
      });
      const moved = Object.values(result.moved).reduce((s, n) => s + n, 0);
      message.success(`${t('dedupe.mergedOk')} · ${t('dedupe.movedSummary', { count: moved })}`);
      onClose();
      onMerged?.(survivor.id);
    } catch (err) {
      handleError(err);
    }
  };

  const header = (r: AnyRecord | undefined, side: 'survivor' | 'merged') =>
    r && (
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {side === 'survivor' ? t('dedupe.survivor') : t('dedupe.merged')}
        </Typography.Text>
        <div>
          <Typography.Text strong>{r.name}</Typography.Text>
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dedupe.createdAt', { date: fmt.date(r.createdAt) })} · {show('ownerId', r)}
        </Typography.Text>
      </div>
    );

  return (
    <Modal
      open={open}
      title={t('dedupe.mergeTitle', { type: t(`dedupe.types.${object}`) })}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      data-testid="merge-dialog"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            danger
            loading={merge.isPending}
            disabled={!survivor || !merged}
            onClick={() => void submit()}
            data-testid="merge-submit"
          >
            {t('dedupe.mergeConfirm')}
          </Button>
        </Flex>
      }
    >
      {!survivor || !merged ? (
        first.error || second.error ? (
          <Alert type="error" showIcon title={t('dedupe.cannotLoad')} />
        ) : (
          <Skeleton active />
        )
      ) : (
        <Flex vertical gap={12}>
          <Flex align="center" gap={12}>
            <div style={{ flex: 1 }}>{header(survivor, 'survivor')}</div>
            <Button icon={<SwapOutlined />} onClick={() => setSwapped((s) => !s)} data-testid="merge-swap">
              {t('dedupe.swap')}
            </Button>
            <div style={{ flex: 1 }}>{header(merged, 'merged')}</div>
          </Flex>
          <Alert type="warning" showIcon title={t('dedupe.mergeWarning')} />
          {rows.length ? (
            <>
              <Typography.Text type="secondary">{t('dedupe.pickValues')}</Typography.Text>
              <Table rowKey="field" size="small" pagination={false} columns={columns} dataSource={rows} />
            </>
          ) : (
            <Typography.Text type="secondary">{t('dedupe.noDifferences')}</Typography.Text>
          )}
        </Flex>
      )}
    </Modal>
  );
}
