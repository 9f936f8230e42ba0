import { useMemo, useState } from 'react';
import { Button, Card, Flex, Radio, Segmented, Skeleton, Switch, Table, Tag, Typography } from 'antd';
import { MergeCellsOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DedupeObject, DuplicateGroup, DuplicateGroupMember } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EmptyState } from '../../app/components/EmptyState';
import { PageHeader } from '../../app/components/PageHeader';
import { useFormat } from '../../app/format';
import { MergeDialog } from './MergeDialog';
import { PLURAL, useDuplicateGroups } from './useDuplicates';

/**
 * 查重: groups of records in the reader's scope that share a credit code, a normalised name, a
 * phone or an e-mail (or, when asked, only a similar name). Pick the one to keep, merge the rest.
 */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const objects = (['account', 'contact', 'lead'] as const).filter((o) => can(o, 'read'));
  const [object, setObject] = useState<DedupeObject>(objects[0] ?? 'account');
  const [similar, setSimilar] = useState(false);
  const groups = useDuplicateGroups(object, similar);
  const [merging, setMerging] = useState<{ survivorId: string; mergedId: string } | null>(null);
  const items = groups.data?.items ?? [];

  return (
    <div data-testid="duplicates-page">
      <PageHeader title={t('dedupe.title')} subtitle={t('dedupe.subtitle')} />
      <Flex gap={16} align="center" wrap style={{ marginBottom: 16 }}>
        <Segmented<DedupeObject>
          value={object}
          onChange={setObject}
          options={objects.map((o) => ({ value: o, label: t(`dedupe.types.${o}`) }))}
          data-testid="duplicates-object"
        />
        {object !== 'contact' && (
          <Flex gap={8} align="center">
            <Switch checked={similar} onChange={setSimilar} size="small" data-testid="duplicates-similar" />
            <Typography.Text>{t('dedupe.similar')}</Typography.Text>
          </Flex>
        )}
        {!groups.isLoading && (
          <Typography.Text type="secondary">
            {t('dedupe.groupTotal', { count: items.length })}
          </Typography.Text>
        )}
      </Flex>
      {groups.isLoading ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <EmptyState title={t('dedupe.noGroups')} hint={t('dedupe.noGroupsHint')} />
      ) : (
        <Flex vertical gap={12}>
          {items.map((g) => (
            <GroupCard
              key={`${g.reason}:${g.key}`}
              group={g}
              canMerge={can(object, 'update')}
              onMerge={(survivorId, mergedId) => setMerging({ survivorId, mergedId })}
            />
          ))}
        </Flex>
      )}
      <MergeDialog
        object={object}
        open={merging !== null}
        firstId={merging?.survivorId ?? null}
        secondId={merging?.mergedId ?? null}
        onClose={() => setMerging(null)}
      />
    </div>
  );
}

function GroupCard({
  group,
  canMerge,
  onMerge,
}: {
  group: DuplicateGroup;
  canMerge: boolean;
  onMerge: (survivorId: string, mergedId: string) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // the oldest record stays by default: it usually has the longest history
  const [keep, setKeep] = useState(group.members[0]!.id);
  const columns = useMemo<ColumnsType<DuplicateGroupMember>>(
    () => [
      {
        key: 'keep',
        title: t('dedupe.keep'),
        width: 64,
        render: (_, m) => (
          <Radio checked={keep === m.id} onChange={() => setKeep(m.id)} aria-label={t('dedupe.keep')} />
        ),
      },
      {
        key: 'name',
        title: t('fields.name'),
        width: '28%',
        render: (_, m) => (
          <div>
            <Link to={`/${PLURAL[group.object]}/${m.id}`}>{m.name}</Link>
            {m.company && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {m.company}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      },
      {
        key: 'contact',
        title: group.object === 'account' ? t('fields.phone') : `${t('fields.phone')} / ${t('fields.email')}`,
        render: (_, m) => [m.phone, m.email].filter(Boolean).join(' · ') || '—',
      },
      ...(group.object === 'account'
        ? [
            {
              key: 'creditCode',
              title: t('fields.creditCode'),
              render: (_: unknown, m: DuplicateGroupMember) => m.creditCode ?? '—',
            },
          ]
        : []),
      ...(group.object === 'lead'
        ? [
            {
              key: 'status',
              title: t('fields.status'),
              render: (_: unknown, m: DuplicateGroupMember) =>
                m.status ? t(`enums.leadStatus.${m.status}`, { defaultValue: m.status }) : '—',
            },
          ]
        : []),
      {
        key: 'owner',
        title: t('fields.owner'),
        width: 110,
        render: (_, m) => m.ownerName ?? <Tag color="gold">{t('dedupe.inPool')}</Tag>,
      },
      { key: 'createdAt', title: t('fields.createdAt'), width: 140, render: (_, m) => fmt.date(m.createdAt) },
      {
        key: 'merge',
        title: '',
        align: 'right',
        width: 190,
        render: (_, m) =>
          canMerge &&
          m.id !== keep && (
            <Button
              size="small"
              icon={<MergeCellsOutlined />}
              onClick={() => onMerge(keep, m.id)}
              data-testid="duplicates-merge"
            >
              {t('dedupe.mergeIntoKept')}
            </Button>
          ),
      },
    ],
    [t, fmt, keep, group.object, canMerge, onMerge],
  );
  return (
    <Card
      size="small"
      data-testid="duplicate-group"
      title={
        <Flex gap={8} align="center" wrap>
          {group.reasons.map((r) => (
            <Tag key={r} color={r === 'similar_name' ? 'blue' : 'orange'} style={{ marginInlineEnd: 0 }}>
              {t(`dedupe.reasons.${r}`)}
            </Tag>
          ))}
          <Typography.Text code>{group.key}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('dedupe.groupCount', { count: group.members.length })}
          </Typography.Text>
        </Flex>
      }
      styles={{ body: { padding: 0 } }}
    >
      <Table
        rowKey="id"
        size="small"
        tableLayout="fixed"
        pagination={false}
        columns={columns}
        dataSource={group.members}
      />
    </Card>
  );
}
