import { useState } from 'react';
import { Button, Card, Empty, Flex, Input, List, Modal, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ArrowRightOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DiffSection, PlanVersion, SalesPlan } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { pct } from './ChannelsTab';
import { useCompare, usePlanWrite, useVersions } from './usePlans';

type Scalar = string | number | boolean | null;
const MONEY = new Set(['revenueTarget', 'planned']);
const SHARE = new Set(['shareBp']);

/** "Save as version N", and what changed between two versions (or a version and the plan now). */
export function VersionsTab({ plan }: { plan: SalesPlan }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const handleError = useErrorHandler();
  const { data } = useVersions(plan.id);
  const versions = data?.items ?? [];
  const write = usePlanWrite();
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState('');
  // until the reader picks: the two latest versions, or the only one against the plan now
  const [picked, setPicked] = useState<{ a?: string; b?: string }>({});
  const a = picked.a ?? (versions.length ? String(versions[versions.length > 1 ? 1 : 0]!.number) : undefined);
  const b = picked.b ?? (versions.length > 1 ? String(versions[0]!.number) : 'current');
  const setA = (v: string) => setPicked((p) => ({ ...p, a: v }));
  const setB = (v: string) => setPicked((p) => ({ ...p, b: v }));
  const diff = useCompare(plan.id, a, b);

  const value = (field: string, v: Scalar) => {
    if (v === null || v === '') return '—';
    if (MONEY.has(field) && typeof v === 'number') return fmt.money(v);
    if (SHARE.has(field) && typeof v === 'number') return pct(v);
    if (field === 'category') return t(`plans.category.${v}`, { defaultValue: String(v) });
    if (field === 'channel') return t(`plans.channel.${v}`, { defaultValue: String(v) });
    if (field === 'status') return t(`plans.status.${v}`, { defaultValue: String(v) });
    return String(v);
  };
  const fieldName = (f: string) => t(`plans.diffField.${f}`, { defaultValue: f });
  // a budget line's label is "period · category · territory · channel" (— = all): in the reader's words
  const lineLabel = (label: string) => {
    const [period, category, territory, channel] = label.split(' · ');
    return [
      period,
      t(`plans.category.${category}`, { defaultValue: category ?? '' }),
      territory === '—' ? t('plans.allTerritories') : territory,
      channel === '—'
        ? t('plans.allChannels')
        : t(`plans.channel.${channel}`, { defaultValue: channel ?? '' }),
    ].join(' · ');
  };
  const itemLabel = (section: string, label: string) =>
    section === 'channels'
      ? t(`plans.channel.${label}`, { defaultValue: label })
      : section === 'budgetLines'
        ? lineLabel(label)
        : label;
  const options = [
    ...versions.map((v) => ({ value: String(v.number), label: t('plans.versionN', { n: v.number }) })),
    { value: 'current', label: t('plans.currentPlan') },
  ];

  const columns: ColumnsType<PlanVersion> = [
    {
      key: 'n',
      title: t('plans.version'),
      render: (_, v) => <Tag color="blue">{t('plans.versionN', { n: v.number })}</Tag>,
    },
    { key: 'note', title: t('plans.fields.note'), render: (_, v) => v.note ?? '' },
    { key: 'by', title: t('plans.savedBy'), render: (_, v) => v.createdByName ?? '' },
    { key: 'at', title: t('plans.savedAt'), render: (_, v) => fmt.dateTime(v.createdAt) },
  ];

  const section = (s: DiffSection) => {
    const total = s.added.length + s.removed.length + s.changed.length;
    if (!total) return null;
    return (
      <Card
        key={s.section}
        size="small"
        title={t(`plans.diffSection.${s.section}`)}
        style={{ marginBottom: 12 }}
      >
        <List
          size="small"
          dataSource={[
            ...s.added.map((x) => ({
              kind: 'added' as const,
              key: x.key,
              label: x.label,
              fields: [] as { field: string; old: Scalar; new: Scalar }[],
            })),
            ...s.removed.map((x) => ({
              kind: 'removed' as const,
              key: x.key,
              label: x.label,
              fields: [] as { field: string; old: Scalar; new: Scalar }[],
            })),
            ...s.changed.map((x) => ({
              kind: 'changed' as const,
              key: x.key,
              label: x.label,
              fields: x.fields,
            })),
          ]}
          renderItem={(item) => (
            <List.Item key={`${item.kind}-${item.key}`} style={{ display: 'block' }}>
              <Flex gap={8} align="center" wrap>
                <Tag color={item.kind === 'added' ? 'green' : item.kind === 'removed' ? 'red' : 'gold'}>
                  {t(`plans.diffKind.${item.kind}`)}
                </Tag>
                <Typography.Text strong>{itemLabel(s.section, item.label)}</Typography.Text>
              </Flex>
              {item.fields.map((f) => (
                <Flex
                  key={f.field}
                  gap={6}
                  align="center"
                  wrap
                  style={{ marginTop: 4, marginLeft: 8, fontSize: 13 }}
                >
                  <Typography.Text type="secondary">{fieldName(f.field)}:</Typography.Text>
                  <Typography.Text delete type="secondary">
                    {value(f.field, f.old)}
                  </Typography.Text>
                  <ArrowRightOutlined style={{ fontSize: 11, color: '#94a3b8' }} />
                  <Typography.Text strong>{value(f.field, f.new)}</Typography.Text>
                </Flex>
              ))}
            </List.Item>
          )}
        />
      </Card>
    );
  };

  return (
    <div data-testid="plan-versions">
      <Card
        title={t('plans.versions')}
        styles={{ body: { padding: 0 } }}
        style={{ marginBottom: 16 }}
        extra={
          can('sales_plan', 'update') && (
            <Button
              type="primary"
              icon={<SaveOutlined />}
              onClick={() => setSaving(true)}
              data-testid="version-save"
            >
              {t('plans.saveVersion', { n: (versions[0]?.number ?? 0) + 1 })}
            </Button>
          )
        }
      >
        <Table<PlanVersion>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={versions}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <Card title={t('plans.compare')}>
        <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
          <Select
            style={{ width: 140 }}
            value={a}
            onChange={setA}
            options={options}
            data-testid="compare-a"
          />
          <ArrowRightOutlined />
          <Select
            style={{ width: 140 }}
            value={b}
            onChange={setB}
            options={options}
            data-testid="compare-b"
          />
          {diff.data && (
            <Typography.Text type="secondary">
              {t('plans.changesCount', { count: diff.data.changes })}
            </Typography.Text>
          )}
        </Flex>
        <div data-testid="version-diff">
          {!a || a === b ? (
            <Empty description={t('plans.pickTwo')} />
          ) : diff.data && diff.data.changes === 0 ? (
            <Empty description={t('plans.noChanges')} />
          ) : (
            diff.data?.sections.map(section)
          )}
        </div>
      </Card>
      <Modal
        open={saving}
        title={t('plans.saveVersion', { n: (versions[0]?.number ?? 0) + 1 })}
        okText={t('common.save')}
        confirmLoading={write.isPending}
        onCancel={() => setSaving(false)}
        onOk={async () => {
          try {
            await write.mutateAsync({
              method: 'post',
              path: `/plans/${plan.id}/versions`,
              body: { note: note || null },
            });
            setSaving(false);
            setNote('');
          } catch (err) {
            handleError(err);
          }
        }}
      >
        <Typography.Paragraph type="secondary">{t('plans.saveVersionHelp')}</Typography.Paragraph>
        <Input
          placeholder={t('plans.fields.note')}
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </div>
  );
}
