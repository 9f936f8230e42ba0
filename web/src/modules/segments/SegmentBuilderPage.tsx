import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Radio,
  Row,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  SEGMENT_OBJECTS,
  opsFor,
  type SegmentCondition,
  type SegmentMember,
  type SegmentObject,
} from '@tuoke/shared';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { DetailState } from '../../app/components/DetailState';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useEnumLabel } from '../../app/format';
import { ConditionEditor, fieldsOf, isComplete } from './ConditionEditor';
import { OBJECT_COLOR } from './SegmentsPage';
import {
  useDeleteSegment,
  useLiveCount,
  useMembers,
  usePreviewMembers,
  useSaveSegment,
  useSegment,
} from './useSegments';

function firstCondition(object: SegmentObject): SegmentCondition {
  const fields = fieldsOf(object);
  const field = Object.keys(fields)[0]!;
  return { field, op: opsFor(fields[field]!.kind)[0]! };
}

/** The criteria builder: conditions, a live count within the reader's scope, and the members. */
export function SegmentBuilderPage() {
  const { id: rawId } = useParams();
  const isNew = rawId === 'new';
  const id = isNew ? undefined : rawId;
  const { data: segment, isLoading, error } = useSegment(id);
  if (!isNew && !segment) return <DetailState isLoading={isLoading} error={error} backTo="/segments" />;
  return <Builder key={segment?.id ?? 'new'} segment={segment ?? null} />;
}

function Builder({ segment }: { segment: import('@tuoke/shared').Segment | null }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can, me } = useAuth();
  const handleError = useErrorHandler();
  const save = useSaveSegment();
  const remove = useDeleteSegment();
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [object, setObject] = useState<SegmentObject>(segment?.object ?? 'account');
  // a new segment starts with one condition on the object's first field
  const [conditions, setConditions] = useState<SegmentCondition[]>(
    segment?.conditions ?? [firstCondition('account')],
  );
  const [nameError, setNameError] = useState(false);

  const complete = useMemo(() => conditions.filter(isComplete), [conditions]);
  const dirty =
    !segment ||
    JSON.stringify(segment.conditions) !== JSON.stringify(conditions) ||
    segment.object !== object;
  const count = useLiveCount(object, complete);
  const preview = usePreviewMembers(object, complete, dirty);
  const members = useMembers(segment?.id, !dirty);
  const countError = count.error && isApiError(count.error) ? count.error.message : null;

  const canEdit = segment
    ? can('segment', 'update') && (me?.user.role !== 'sales_rep' || segment.ownerId === me?.user.id)
    : can('segment', 'create');

  const onSave = async () => {
    if (!name.trim()) {
      setNameError(true);
      return;
    }
    try {
      const body = segment
        ? {
            name: name.trim(),
            description: description.trim() || null,
            conditions: complete,
            version: segment.version,
          }
        : { name: name.trim(), description: description.trim() || null, object, conditions: complete };
      const saved = await save.mutateAsync({ id: segment?.id, body });
      message.success(t('segments.saved'));
      if (!segment) navigate(`/segments/${saved.id}`, { replace: true });
    } catch (err) {
      handleError(err);
    }
  };

  const rows: SegmentMember[] = dirty
    ? (preview.data?.items ?? [])
    : (members.data?.pages.flatMap((p) => p.items) ?? []);
  const columns: ColumnsType<SegmentMember> = [
    {
      key: 'name',
      title: t('fields.name'),
      render: (_, m) => <Link to={`/${m.object}s/${m.id}`}>{m.name}</Link>,
    },
    {
      key: 'detail',
      title: t('segments.detail'),
      render: (_, m) => (m.object === 'account' ? label('industry', m.detail) : (m.detail ?? '—')),
    },
    { key: 'region', title: t('fields.region'), render: (_, m) => label('region', m.region) },
    ...(object === 'account'
      ? []
      : [
          {
            key: 'email',
            title: t('fields.email'),
            render: (_: unknown, m: SegmentMember) => m.email ?? '—',
          },
        ]),
    { key: 'phone', title: t('fields.phone'), render: (_, m) => m.phone ?? '—' },
    {
      key: 'owner',
      title: t('fields.owner'),
      render: (_, m) => m.ownerName ?? <Tag color="gold">{t('leads.pool')}</Tag>,
    },
  ];

  const listLink =
    segment && !dirty && segment.object !== 'contact' ? `/${segment.object}s?segmentId=${segment.id}` : null;

  return (
    <div data-testid="segment-builder">
      <PageHeader
        backTo="/segments"
        title={segment ? segment.name : t('segments.new')}
        tags={
          segment && <Tag color={OBJECT_COLOR[segment.object]}>{t(`segments.objects.${segment.object}`)}</Tag>
        }
        extra={
          <>
            {listLink && (
              <Button onClick={() => navigate(listLink)}>{t(`segments.objects.${segment!.object}`)} ↗</Button>
            )}
            {segment && can('segment', 'delete') && canEdit && (
              <Popconfirm
                title={t('segments.deleteConfirm')}
                onConfirm={() =>
                  remove
                    .mutateAsync(segment.id)
                    .then(() => navigate('/segments'))
                    .catch((e: unknown) => handleError(e))
                }
              >
                <Button danger>{t('common.delete')}</Button>
              </Popconfirm>
            )}
            {canEdit && (
              <Button type="primary" onClick={onSave} loading={save.isPending} data-testid="segment-save">
                {t('segments.save')}
              </Button>
            )}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card>
            <Flex vertical gap={12}>
              <Flex gap={12} wrap>
                <div style={{ flex: '1 1 260px' }}>
                  <Typography.Text type="secondary">{t('segments.name')}</Typography.Text>
                  <Input
                    value={name}
                    status={nameError ? 'error' : undefined}
                    maxLength={100}
                    onChange={(e) => {
                      setName(e.target.value);
                      setNameError(false);
                    }}
                    disabled={!canEdit}
                    data-testid="segment-name"
                  />
                </div>
                <div>
                  <Typography.Text type="secondary">{t('segments.object')}</Typography.Text>
                  <div>
                    <Radio.Group
                      value={object}
                      disabled={!!segment || !canEdit}
                      optionType="button"
                      onChange={(e) => {
                        setObject(e.target.value as SegmentObject);
                        setConditions([firstCondition(e.target.value as SegmentObject)]);
                      }}
                      options={SEGMENT_OBJECTS.map((o) => ({ value: o, label: t(`segments.objects.${o}`) }))}
                      data-testid="segment-object"
                    />
                  </div>
                </div>
              </Flex>
              <div>
                <Typography.Text type="secondary">{t('segments.description')}</Typography.Text>
                <Input
                  value={description}
                  maxLength={500}
                  onChange={(e) => setDescription(e.target.value)}
                  disabled={!canEdit}
                />
              </div>
              <Typography.Text strong>{t('segments.allOf')}</Typography.Text>
              {conditions.length === 0 && (
                <Typography.Text type="secondary">{t('segments.noConditions')}</Typography.Text>
              )}
              {conditions.map((c, i) => (
                <ConditionEditor
                  key={i}
                  index={i}
                  object={object}
                  condition={c}
                  onChange={(next) => setConditions((all) => all.map((x, j) => (j === i ? next : x)))}
                  onRemove={() => setConditions((all) => all.filter((_, j) => j !== i))}
                />
              ))}
              <div>
                <Button
                  icon={<PlusOutlined />}
                  disabled={!canEdit || conditions.length >= 20}
                  onClick={() => {
                    const fields = fieldsOf(object);
                    const used = new Set(conditions.map((c) => c.field));
                    const field = Object.keys(fields).find((f) => !used.has(f)) ?? Object.keys(fields)[0]!;
                    setConditions((all) => [...all, { field, op: opsFor(fields[field]!.kind)[0]! }]);
                  }}
                  data-testid="segment-add-condition"
                >
                  {t('segments.addCondition')}
                </Button>
              </div>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card>
            {countError ? (
              <Alert type="error" showIcon message={countError} />
            ) : count.data ? (
              <>
                <Statistic
                  value={count.data.count}
                  suffix={t(`segments.countUnit.${object}`)}
                  loading={count.isFetching && !count.data}
                  styles={{ content: { fontSize: 40, fontWeight: 600 } }}
                />
                <div data-testid="segment-count" hidden>
                  {count.data.count}
                </div>
                {count.data.limited && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('segments.limited')}
                  </Typography.Text>
                )}
              </>
            ) : (
              <Skeleton active paragraph={{ rows: 1 }} />
            )}
          </Card>
        </Col>
        <Col span={24}>
          <Card title={dirty ? t('segments.previewMembers') : t('segments.members')}>
            <Table<SegmentMember>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={rows}
              loading={dirty ? preview.isLoading : members.isLoading}
              pagination={false}
              scroll={{ x: 'max-content', y: 520 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              data-testid="segment-members"
            />
            {!dirty && members.hasNextPage && (
              <Flex justify="center" style={{ marginTop: 12 }}>
                <Button onClick={() => void members.fetchNextPage()} loading={members.isFetchingNextPage}>
                  {t('common.loadMore')}
                </Button>
              </Flex>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
