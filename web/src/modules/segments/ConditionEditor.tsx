import { AutoComplete, Button, Flex, Input, InputNumber, Select, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  SEGMENT_FIELDS,
  opsFor,
  type Campaign,
  type SegmentCondition,
  type SegmentFieldDef,
  type SegmentObject,
  type SegmentOp,
} from '@tuoke/shared';
import { api, type Page } from '../../app/api';

/** The i18n group under `enums.` that labels each closed-list field. */
const ENUM_GROUP: Record<string, string> = {
  kind: 'accountKind',
  industry: 'industry',
  size: 'accountSize',
  level: 'accountLevel',
  source: 'source',
  incomeBand: 'incomeBand',
  decisionRole: 'decisionRole',
  status: 'leadStatus',
  region: 'region',
};

export const fieldsOf = (object: SegmentObject) => SEGMENT_FIELDS[object] as Record<string, SegmentFieldDef>;

/** Whether a condition has what its operator needs (incomplete ones are not counted yet). */
export function isComplete(c: SegmentCondition): boolean {
  const v = c.value;
  switch (c.op) {
    case 'empty':
    case 'not_empty':
      return true;
    case 'between':
      return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');
    case 'in':
    case 'contains':
      return Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v.trim() !== '';
    default:
      return v !== undefined && v !== null && v !== '';
  }
}

function useCampaignOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['campaigns', 'options'],
    queryFn: ({ signal }) => api.get<Page<Campaign>>('/campaigns', { limit: 200, sort: 'name' }, signal),
    enabled,
    staleTime: 30_000,
  });
}

/** One row of the criteria builder: field, operator and a value editor that fits them. */
export function ConditionEditor({
  object,
  condition,
  onChange,
  onRemove,
  index,
}: {
  object: SegmentObject;
  condition: SegmentCondition;
  onChange: (c: SegmentCondition) => void;
  onRemove: () => void;
  index: number;
}) {
  const { t } = useTranslation();
  const fields = fieldsOf(object);
  const def = fields[condition.field];
  const campaigns = useCampaignOptions(def?.kind === 'ref');
  const label = (group: string | undefined, v: string) =>
    group ? t(`enums.${group}.${v}`, { defaultValue: v }) : v;
  const options = (def?.options ?? []).map((v) => ({
    value: v,
    label: label(ENUM_GROUP[condition.field], v),
  }));
  const setOp = (op: SegmentOp) => {
    const keep =
      (op === 'in' && condition.op === 'is') || (op === 'is' && condition.op === 'in')
        ? Array.isArray(condition.value)
          ? condition.value[0]
          : condition.value !== undefined
            ? [condition.value]
            : undefined
        : undefined;
    onChange({ field: condition.field, op, ...(keep !== undefined ? { value: keep as never } : {}) });
  };
  const set = (value: SegmentCondition['value']) => onChange({ ...condition, value });

  let editor: React.ReactNode = null;
  const op = condition.op as SegmentOp;
  if (def && op !== 'empty' && op !== 'not_empty') {
    const multi = op === 'in' || (op === 'contains' && def.kind === 'tags');
    if (def.kind === 'number') {
      const v = condition.value;
      editor =
        op === 'between' ? (
          <Flex gap={6} align="center">
            <InputNumber
              min={0}
              value={Array.isArray(v) ? (v[0] as number) : undefined}
              onChange={(x) => set([x ?? 0, Array.isArray(v) ? ((v[1] as number) ?? 0) : 0])}
              data-testid={`condition-${index}-from`}
            />
            <Typography.Text type="secondary">{t('segments.to')}</Typography.Text>
            <InputNumber
              min={0}
              value={Array.isArray(v) ? (v[1] as number) : undefined}
              onChange={(x) => set([Array.isArray(v) ? ((v[0] as number) ?? 0) : 0, x ?? 0])}
              data-testid={`condition-${index}-to`}
            />
            {condition.field === 'age' && (
              <Typography.Text type="secondary">{t('segments.years')}</Typography.Text>
            )}
          </Flex>
        ) : (
          <InputNumber
            min={0}
            value={typeof v === 'number' ? v : undefined}
            onChange={(x) => set(x ?? undefined)}
            data-testid={`condition-${index}-value`}
          />
        );
    } else if (def.kind === 'ref') {
      editor = (
        <Select
          style={{ minWidth: 220 }}
          mode={multi ? 'multiple' : undefined}
          loading={campaigns.isLoading}
          value={condition.value as string | string[] | undefined}
          onChange={(v) => set(v)}
          options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid={`condition-${index}-value`}
        />
      );
    } else if (def.kind === 'enum' || multi) {
      editor = (
        <Select
          style={{ minWidth: 220 }}
          mode={def.kind === 'enum' ? (multi ? 'multiple' : undefined) : 'tags'}
          value={condition.value as string | string[] | undefined}
          onChange={(v) => set(v)}
          options={options}
          placeholder={def.kind === 'tags' ? t('segments.interestsPlaceholder') : undefined}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid={`condition-${index}-value`}
        />
      );
    } else {
      editor = options.length ? (
        <AutoComplete
          style={{ minWidth: 200 }}
          value={condition.value as string | undefined}
          onChange={(v) => set(v)}
          options={options}
          data-testid={`condition-${index}-value`}
        />
      ) : (
        <Input
          style={{ width: 200 }}
          value={condition.value as string | undefined}
          onChange={(e) => set(e.target.value)}
          data-testid={`condition-${index}-value`}
        />
      );
    }
  }

  return (
    <Flex gap={8} align="center" wrap className="segment-condition" data-testid={`condition-${index}`}>
      <Select
        style={{ width: 150 }}
        value={condition.field}
        onChange={(field) => {
          const kind = fields[field]!.kind;
          onChange({ field, op: opsFor(kind)[0]! });
        }}
        options={Object.keys(fields).map((f) => ({ value: f, label: t(`segments.fields.${f}`) }))}
        data-testid={`condition-${index}-field`}
      />
      <Select
        style={{ width: 120 }}
        value={condition.op as SegmentOp}
        onChange={setOp}
        options={(def ? opsFor(def.kind) : []).map((o) => ({ value: o, label: t(`segments.ops.${o}`) }))}
        data-testid={`condition-${index}-op`}
      />
      {editor}
      <Button type="text" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('common.delete')} />
    </Flex>
  );
}
