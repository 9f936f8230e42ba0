import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { RowActions } from '../../app/components/RowActions';
import {
  ACCOUNT_LEVELS,
  POOL_RULE_LEVELS,
  type Pool,
  type PoolCreate,
  type PoolKind,
  type PoolMemberRole,
  type PoolRuleLevel,
} from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { EmptyState } from '../../app/components/EmptyState';
import { FormDrawer } from '../../app/components/FormDrawer';
import { PageHeader } from '../../app/components/PageHeader';
import { RecordSelect } from '../../app/components/RecordSelect';
import { useRuleSummary } from './ruleSummary';
import { useDeletePool, usePools, useSavePool } from './usePools';

type RuleRow = {
  noFollowUpDays?: number | null;
  noOpportunityDays?: number | null;
  notWonDays?: number | null;
  warnDays?: number | null;
};
interface PoolFormValues {
  name: string;
  kind: PoolKind;
  isDefault: boolean;
  allMembers: boolean;
  claimLimitDay?: number | null;
  claimLimitWeek?: number | null;
  maxHeld?: number | null;
  maxHeldByLevel?: Partial<Record<string, number | null>>;
  lockDays?: number | null;
  returnReasons?: string[];
  hideContacts: boolean;
  members?: { type: 'user' | 'team'; id?: string; role: PoolMemberRole }[];
  rules?: Partial<Record<PoolRuleLevel, RuleRow>>;
}

const num = (v: number | null | undefined) => (v === undefined || v === null ? null : v);

function toBody(v: PoolFormValues, kind: PoolKind): PoolCreate {
  const levels: readonly PoolRuleLevel[] = kind === 'lead' ? ['*'] : POOL_RULE_LEVELS;
  const rules = levels
    .map((level) => ({ level, r: v.rules?.[level] ?? {} }))
    .filter(({ r }) => r.noFollowUpDays || r.noOpportunityDays || r.notWonDays)
    .map(({ level, r }) => ({
      level,
      noFollowUpDays: num(r.noFollowUpDays),
      noOpportunityDays: kind === 'account' ? num(r.noOpportunityDays) : null,
      notWonDays: num(r.notWonDays),
      warnDays: r.warnDays ?? 0,
    }));
  const byLevel: Record<string, number> = {};
  for (const l of ACCOUNT_LEVELS) {
    const cap = v.maxHeldByLevel?.[l];
    if (kind === 'account' && cap !== undefined && cap !== null) byLevel[l] = cap;
  }
  return {
    kind,
    name: v.name.trim(),
    isDefault: v.isDefault,
    allMembers: v.allMembers,
    claimLimitDay: num(v.claimLimitDay),
    claimLimitWeek: num(v.claimLimitWeek),
    maxHeld: num(v.maxHeld),
    maxHeldByLevel: byLevel,
    lockDays: v.lockDays ?? 0,
    returnReasons: v.returnReasons ?? [],
    hideContacts: v.hideContacts,
    members: (v.members ?? []).filter((m) => m.id).map((m) => ({ type: m.type, id: m.id!, role: m.role })),
    rules,
  };
}

function toValues(p: Pool): PoolFormValues {
  return {
    name: p.name,
    kind: p.kind,
    isDefault: p.isDefault,
    allMembers: p.allMembers,
    claimLimitDay: p.claimLimitDay,
    claimLimitWeek: p.claimLimitWeek,
    maxHeld: p.maxHeld,
    maxHeldByLevel: p.maxHeldByLevel,
    lockDays: p.lockDays,
    returnReasons: p.returnReasons,
    hideContacts: p.hideContacts,
    members: p.members.map((m) => ({ type: m.type, id: m.id, role: m.role })),
    rules: Object.fromEntries(p.rules.map((r) => [r.level, r])),
  };
}

/** 公海设置 (admins, directors): pools, their members, reclaim rules per customer level, limits and reasons. */
export function PoolSettingsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const pools = usePools();
  const remove = useDeletePool();
  const [editing, setEditing] = useState<Pool | 'new' | null>(null);
  const summary = useRuleSummary();
  const canEdit = can('pool', 'update');

  const columns: ColumnsType<Pool> = [
    {
      key: 'name',
      title: t('pools.poolName'),
      render: (_, p) => (
        <Space orientation="vertical" size={0}>
          <Space size={6}>
            <Typography.Text strong>{p.name}</Typography.Text>
            {p.isDefault && <Tag color="blue">{t('pools.default')}</Tag>}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`pools.kinds.${p.kind}`)} · {t('pools.recordCount', { n: p.recordCount })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'members',
      title: t('pools.members'),
      render: (_, p) =>
        p.allMembers ? (
          <Tag>{t('pools.everyone')}</Tag>
        ) : (
          <Space size={[4, 4]} wrap style={{ maxWidth: 280 }}>
            {p.members.map((m) => (
              <Tag key={`${m.type}:${m.id}`} color={m.role === 'admin' ? 'gold' : undefined}>
                {m.name}
                {m.role === 'admin' ? ` · ${t('pools.roles.admin')}` : ''}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      key: 'rules',
      title: t('pools.rules'),
      render: (_, p) =>
        p.rules.length === 0 ? (
          <Typography.Text type="secondary">{t('pools.noRules')}</Typography.Text>
        ) : (
          <Space orientation="vertical" size={0}>
            {p.rules.map((r) => (
              <Typography.Text key={r.level} style={{ fontSize: 12 }}>
                {summary(r, p.kind, true)}
              </Typography.Text>
            ))}
          </Space>
        ),
    },
    {
      key: 'limits',
      title: t('pools.limits'),
      render: (_, p) => (
        <Space orientation="vertical" size={0} style={{ fontSize: 12 }}>
          <span>
            {t('pools.kv', { k: t('pools.claimLimitDay'), v: p.claimLimitDay ?? t('pools.unlimited') })} ·{' '}
            {t('pools.kv', { k: t('pools.claimLimitWeek'), v: p.claimLimitWeek ?? t('pools.unlimited') })}
          </span>
          <span>
            {t('pools.kv', { k: t('pools.maxHeld'), v: p.maxHeld ?? t('pools.unlimited') })}
            {Object.keys(p.maxHeldByLevel).length > 0 &&
              t('pools.withNote', {
                note: Object.entries(p.maxHeldByLevel)
                  .map(([l, n]) => `${l}≤${n}`)
                  .join(', '),
              })}
          </span>
          <span>
            {t('pools.kv', { k: t('pools.lockDays'), v: t('pools.days', { n: p.lockDays }) })}
            {p.hideContacts ? ` · ${t('pools.hideContacts')}` : ''}
          </span>
        </Space>
      ),
    },
    ...(canEdit
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_: unknown, p: Pool) => (
              <RowActions
                onEdit={() => setEditing(p)}
                editTestId="pool-edit"
                onDelete={!p.isDefault && can('pool', 'delete') ? () => remove.mutateAsync(p.id) : undefined}
                deleteTitle={t('common.deleteConfirm', { name: p.name })}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="pool-settings">
      <PageHeader
        title={t('pools.settingsTitle')}
        subtitle={t('pools.settingsSubtitle')}
        extra={
          canEdit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="pool-new"
            >
              {t('pools.new')}
            </Button>
          )
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Pool>
          rowKey="id"
          columns={columns}
          dataSource={pools.data?.items ?? []}
          loading={pools.isLoading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <EmptyState hint={t('pools.noPools')} /> }}
        />
      </Card>
      {editing && <PoolForm pool={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function PoolForm({ pool, onClose }: { pool: Pool | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PoolFormValues>();
  const save = useSavePool();
  const kind: PoolKind = Form.useWatch('kind', form) ?? pool?.kind ?? 'account';
  const allMembers = Form.useWatch('allMembers', form) ?? pool?.allMembers ?? false;
  // the levels first, then '*' (the rest)
  const levels: readonly PoolRuleLevel[] = kind === 'lead' ? ['*'] : [...ACCOUNT_LEVELS, '*'];
  const labels = Object.fromEntries((pool?.members ?? []).map((m) => [m.id, m.name]));
  const days = (name: (string | number)[], testId?: string) => (
    <Form.Item name={name} noStyle>
      <InputNumber min={1} max={3650} placeholder="—" style={{ width: '100%' }} data-testid={testId} />
    </Form.Item>
  );

  const onSubmit = async (v: PoolFormValues) => {
    const body = toBody(v, pool?.kind ?? v.kind);
    if (pool) {
      const { kind: _kind, ...update } = body;
      await save.mutateAsync({ id: pool.id, body: { ...update, version: pool.version } });
    } else await save.mutateAsync({ body });
    message.success(pool ? t('app.saved') : t('app.created'));
    onClose();
  };

  return (
    <FormDrawer<PoolFormValues>
      open
      onClose={onClose}
      title={pool ? t('pools.edit', { name: pool.name }) : t('pools.new')}
      form={form}
      width={760}
      initialValues={
        pool
          ? toValues(pool)
          : {
              kind: 'account',
              isDefault: false,
              allMembers: false,
              hideContacts: false,
              lockDays: 0,
              members: [],
            }
      }
      onSubmit={onSubmit}
      testId="pool-form"
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="name"
            label={t('pools.poolName')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('pools.poolName') }),
              },
            ]}
          >
            <Input maxLength={60} data-testid="pool-form-name" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="kind" label={t('pools.kind')}>
            <Select
              disabled={Boolean(pool)}
              options={(['account', 'lead'] as const).map((k) => ({
                value: k,
                label: t(`pools.kinds.${k}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item
            name="isDefault"
            label={t('pools.default')}
            valuePropName="checked"
            extra={t('pools.defaultHint')}
          >
            <Switch disabled={Boolean(pool?.isDefault && pool.kind === 'lead')} />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start" plain>
        {t('pools.members')}
      </Divider>
      <Form.Item name="allMembers" valuePropName="checked" style={{ marginBottom: 8 }}>
        <Switch checkedChildren={t('pools.everyone')} unCheckedChildren={t('pools.chosen')} />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {allMembers ? t('pools.everyoneHint') : t('pools.membersHint')}
      </Typography.Paragraph>
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <MemberRow key={f.key} name={f.name} labels={labels} onRemove={() => remove(f.name)} />
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ type: 'user', role: 'member' })}
              data-testid="pool-form-add-member"
            >
              {t('pools.addMember')}
            </Button>
          </>
        )}
      </Form.List>

      <Divider titlePlacement="start" plain>
        {t('pools.rules')}
      </Divider>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {kind === 'lead' ? t('pools.rulesHintLead') : t('pools.rulesHint')}
      </Typography.Paragraph>
      <Row gutter={8} style={{ fontSize: 12, color: '#64748b', marginBottom: 4 }}>
        <Col span={4}>{t('fields.level')}</Col>
        <Col span={5}>{t('pools.noFollowUpDays')}</Col>
        <Col span={5}>{kind === 'account' ? t('pools.noOpportunityDays') : ''}</Col>
        <Col span={5}>{kind === 'account' ? t('pools.notWonDays') : t('pools.notConvertedDays')}</Col>
        <Col span={5}>{t('pools.warnDays')}</Col>
      </Row>
      {levels.map((level) => (
        <Row gutter={8} key={level} style={{ marginBottom: 8 }} align="middle">
          <Col span={4}>
            {level === '*'
              ? t(kind === 'lead' ? 'pools.allLeads' : 'pools.levelAny')
              : t('pools.levelN', { level })}
          </Col>
          <Col span={5}>{days(['rules', level, 'noFollowUpDays'], `pool-rule-${level}-follow`)}</Col>
          <Col span={5}>{kind === 'account' && days(['rules', level, 'noOpportunityDays'])}</Col>
          <Col span={5}>{days(['rules', level, 'notWonDays'])}</Col>
          <Col span={5}>
            <Form.Item name={['rules', level, 'warnDays']} noStyle>
              <InputNumber min={0} max={90} placeholder="0" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      ))}

      <Divider titlePlacement="start" plain>
        {t('pools.limits')}
      </Divider>
      <Row gutter={12}>
        <Col xs={12} sm={6}>
          <Form.Item name="claimLimitDay" label={t('pools.claimLimitDay')}>
            <InputNumber min={1} max={1000} placeholder={t('pools.unlimited')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="claimLimitWeek" label={t('pools.claimLimitWeek')}>
            <InputNumber min={1} max={5000} placeholder={t('pools.unlimited')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="maxHeld" label={t('pools.maxHeld')}>
            <InputNumber min={1} max={100000} placeholder={t('pools.unlimited')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="lockDays" label={t('pools.lockDays')} extra={t('pools.lockHint')}>
            <InputNumber min={0} max={365} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {kind === 'account' && (
        <Form.Item label={t('pools.maxHeldByLevel')} extra={t('pools.maxHeldByLevelHint')}>
          <Row gutter={8}>
            {ACCOUNT_LEVELS.map((l) => (
              <Col span={6} key={l}>
                <Form.Item name={['maxHeldByLevel', l]} noStyle>
                  <InputNumber
                    min={0}
                    max={100000}
                    prefix={`${l}`}
                    placeholder="—"
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Form.Item>
      )}
      <Form.Item name="returnReasons" label={t('pools.returnReasons')} extra={t('pools.returnReasonsHint')}>
        <Select
          mode="tags"
          tokenSeparators={[',', '，']}
          open={false}
          suffixIcon={null}
          data-testid="pool-form-reasons"
        />
      </Form.Item>
      <Form.Item
        name="hideContacts"
        label={t('pools.hideContacts')}
        valuePropName="checked"
        extra={t('pools.hideContactsHint')}
      >
        <Switch />
      </Form.Item>
    </FormDrawer>
  );
}

function MemberRow({
  name,
  labels,
  onRemove,
}: {
  name: number;
  labels: Record<string, string>;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<PoolFormValues>();
  const type = Form.useWatch(['members', name, 'type'], form) ?? 'user';
  return (
    <Space.Compact block style={{ marginBottom: 8 }}>
      <Form.Item name={[name, 'type']} noStyle>
        <Select
          style={{ width: 96 }}
          options={[
            { value: 'user', label: t('pools.memberUser') },
            { value: 'team', label: t('pools.memberTeam') },
          ]}
          onChange={() => form.setFieldValue(['members', name, 'id'], undefined)}
        />
      </Form.Item>
      <Form.Item
        name={[name, 'id']}
        noStyle
        rules={[{ required: true, message: t('validation.select', { field: t('pools.member') }) }]}
      >
        <RecordSelect
          resource={type === 'team' ? 'teams' : 'users'}
          params={type === 'user' ? { active: true } : undefined}
          placeholder={type === 'team' ? t('pools.memberTeam') : t('pools.memberUser')}
          style={{ flex: 1, minWidth: 200 }}
          knownLabels={labels}
        />
      </Form.Item>
      <Form.Item name={[name, 'role']} noStyle>
        <Select
          style={{ width: 110 }}
          options={(['member', 'admin'] as const).map((r) => ({ value: r, label: t(`pools.roles.${r}`) }))}
        />
      </Form.Item>
      <Button icon={<MinusCircleOutlined />} onClick={onRemove} aria-label={t('common.delete')} />
    </Space.Compact>
  );
}
