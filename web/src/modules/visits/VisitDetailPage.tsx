import { useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Image,
  Input,
  Popconfirm,
  Row,
  Typography,
} from 'antd';
import {
  CameraOutlined,
  CheckCircleOutlined,
  CloseOutlined,
  EditOutlined,
  EnvironmentOutlined,
  LogoutOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatLatLng, VISIT_PHOTO_MAX_BYTES, type Visit, type VisitSettings } from '@tuoke/shared';
import { API_BASE } from '../../app/api';
import { useAuth } from '../../app/auth';
import { DetailState } from '../../app/components/DetailState';
import { PageHeader } from '../../app/components/PageHeader';
import { RecordSelect } from '../../app/components/RecordSelect';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { currentPosition, GeoError, type Position } from './geolocation';
import { ComplianceTag, VisitStatusTag } from './VisitCard';
import { VisitFormDialog } from './VisitFormDialog';
import {
  chinaDateTime,
  chinaTime,
  formatDistance,
  mondayOf,
  usePhotoWrite,
  useVisit,
  useVisitPhotos,
  useVisitSettings,
  useVisitWrite,
} from './useVisits';

const BIG = { height: 56, fontSize: 18, borderRadius: 10 } as const;

/** A visit: the plan, the big 签到 / 签退 buttons for its owner, the distance, photos and the outcome. */
export function VisitDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const { data: visit, isLoading, error } = useVisit(id);
  const { data: settings } = useVisitSettings();
  const [editing, setEditing] = useState(false);
  const write = useVisitWrite();
  const handleError = useErrorHandler();
  const { message } = App.useApp();

  if (!visit) return <DetailState isLoading={isLoading} error={error} backTo="/visits" />;
  const isOwner = visit.ownerId === me?.user.id;
  const canChange = visit.status === 'planned' && visit.compliance !== 'missed' && can('visit', 'update');
  const cancel = () =>
    write
      .mutateAsync({ kind: 'cancel', id: visit.id, body: { version: visit.version } })
      .then(() => message.success(t('visits.cancelled')))
      .catch((err: unknown) => handleError(err));

  return (
    <div data-testid="visit-detail">
      <PageHeader
        backTo={`/visits?week=${mondayOf(visit.plannedAt)}`}
        title={visit.accountName}
        tags={
          <>
            <VisitStatusTag visit={visit} />
            <ComplianceTag visit={visit} />
          </>
        }
        subtitle={[visit.purpose, visit.ownerName].filter(Boolean).join(' · ')}
        extra={
          canChange && (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="visit-edit">
                {t('visits.reschedule')}
              </Button>
              <Popconfirm
                title={t('visits.cancelTitle')}
                onConfirm={cancel}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
              >
                <Button danger icon={<StopOutlined />} data-testid="visit-cancel">
                  {t('visits.cancel')}
                </Button>
              </Popconfirm>
            </>
          )
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <ActionArea visit={visit} isOwner={isOwner} settings={settings} />
            {visit.status === 'completed' && <OutcomeCard visit={visit} />}
            {(visit.status === 'checked_in' || (visit.status === 'completed' && visit.photoCount > 0)) && (
              <PhotosCard visit={visit} canAdd={isOwner && visit.status === 'checked_in'} />
            )}
            {visit.status === 'checked_in' && isOwner && <CheckOutForm visit={visit} />}
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <DetailsCard visit={visit} />
        </Col>
      </Row>
      <VisitFormDialog open={editing} onClose={() => setEditing(false)} visit={visit} />
    </div>
  );
}

/** What the visit's owner does next: check in (planned), or see how the check-in went. */
function ActionArea({
  visit,
  isOwner,
  settings,
}: {
  visit: Visit;
  isOwner: boolean;
  settings: VisitSettings | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const write = useVisitWrite();
  const handleError = useErrorHandler();
  const [locating, setLocating] = useState(false);
  const [geoError, setGeoError] = useState<string | null>(null);

  if (visit.status === 'cancelled')
    return (
      <Alert
        type="info"
        showIcon
        title={t('visits.status.cancelled')}
        description={visit.cancelReason ?? undefined}
      />
    );
  if (visit.status !== 'planned') return <DistanceNote visit={visit} settings={settings} isOwner={isOwner} />;
  if (!isOwner)
    return (
      <Flex vertical gap={12}>
        {visit.compliance === 'missed' && <Alert type="error" showIcon title={t('visits.missedNote')} />}
        <Alert type="info" showIcon title={t('visits.onlyOwner', { name: visit.ownerName })} />
      </Flex>
    );

  const checkIn = async () => {
    setGeoError(null);
    setLocating(true);
    let pos: Position;
    try {
      pos = await currentPosition();
    } catch (err) {
      setGeoError(err instanceof GeoError ? t(`visits.geo.${err.reason}`) : String(err));
      setLocating(false);
      return;
    }
    try {
      const done = await write.mutateAsync({
        kind: 'check-in',
        id: visit.id,
        body: { latitude: pos.latitude, longitude: pos.longitude, accuracy: pos.accuracy },
      });
      if (done.locationFlag === 'far') message.warning(t('visits.locationFlag.far'));
      else message.success(t('visits.checkedIn'));
    } catch (err) {
      handleError(err);
    } finally {
      setLocating(false);
    }
  };

  return (
    <Card>
      <Flex vertical gap={12}>
        {visit.compliance === 'missed' && <Alert type="warning" showIcon title={t('visits.missedNote')} />}
        <Button
          type="primary"
          size="large"
          block
          icon={<EnvironmentOutlined />}
          loading={locating || write.isPending}
          onClick={() => void checkIn()}
          style={BIG}
          data-testid="visit-checkin"
        >
          {locating ? t('visits.locating') : t('visits.checkIn')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('visits.checkInHint')}
        </Typography.Text>
        {visit.accountLatitude === null && <Alert type="info" showIcon title={t('visits.noLocation')} />}
        {geoError && <Alert type="error" showIcon title={geoError} data-testid="visit-geo-error" />}
      </Flex>
    </Card>
  );
}

/** How far from the customer the check-in was (`data-testid=visit-distance`, metres in data-distance). */
function DistanceNote({
  visit,
  settings,
  isOwner,
}: {
  visit: Visit;
  settings: VisitSettings | undefined;
  isOwner: boolean;
}) {
  const { t } = useTranslation();
  const common = {
    showIcon: true,
    'data-testid': 'visit-distance',
    'data-flag': visit.locationFlag ?? '',
    'data-distance': visit.distanceM ?? '',
  };
  if (visit.distanceM === null) return <Alert {...common} type="info" title={t('visits.noLocation')} />;
  const distance = formatDistance(t, visit.distanceM);
  const threshold = settings?.farThresholdM ?? 500;
  if (visit.locationFlag === 'far')
    return (
      <Alert
        {...common}
        type="warning"
        title={
          isOwner && visit.status === 'checked_in'
            ? t('visits.farWarning', { distance, threshold })
            : t('visits.farNote', { distance, threshold })
        }
      />
    );
  return (
    <Alert
      {...common}
      type="success"
      icon={<CheckCircleOutlined />}
      title={t('visits.nearNote', { distance })}
    />
  );
}

/** 现场照片: thumbnails (tap to enlarge), and a camera button for the owner while there. */
function PhotosCard({ visit, canAdd }: { visit: Visit; canAdd: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const { data: photos = [] } = useVisitPhotos(visit.id);
  const { upload, remove } = usePhotoWrite(visit.id);
  const input = useRef<HTMLInputElement>(null);
  const removable = canAdd;

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    if (!file.type.startsWith('image/')) return void message.error(t('visits.photos.notImage'));
    if (file.size > VISIT_PHOTO_MAX_BYTES)
      return void message.error(t('visits.photos.tooLarge', { mb: VISIT_PHOTO_MAX_BYTES / 1024 / 1024 }));
    try {
      await upload.mutateAsync(file);
      message.success(t('visits.photos.uploaded'));
    } catch (err) {
      handleError(err);
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Card
      title={
        <span>
          <CameraOutlined /> {t('visits.photos.title')} ({photos.length})
        </span>
      }
      size="small"
      data-testid="visit-photos"
    >
      {photos.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('visits.photos.none')}
          style={{ margin: 8 }}
        />
      ) : (
        <Image.PreviewGroup>
          <Flex gap={10} wrap>
            {photos.map((p) => (
              <div key={p.id} style={{ width: 96, position: 'relative' }} data-testid="visit-photo">
                <Image
                  src={`${API_BASE}/visit-photos/${p.id}`}
                  alt={p.filename}
                  width={96}
                  height={96}
                  style={{ objectFit: 'cover', borderRadius: 8 }}
                />
                <Typography.Text type="secondary" style={{ fontSize: 11, display: 'block', lineHeight: 1.3 }}>
                  {t('visits.photos.takenAt', { time: chinaTime(p.takenAt) })}
                </Typography.Text>
                {removable && (
                  <Popconfirm
                    title={t('visits.photos.removeConfirm')}
                    onConfirm={() => remove.mutateAsync(p.id)}
                  >
                    <Button
                      size="small"
                      shape="circle"
                      icon={<CloseOutlined />}
                      aria-label={t('visits.photos.remove')}
                      style={{ position: 'absolute', top: 4, right: 4 }}
                    />
                  </Popconfirm>
                )}
              </div>
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
      {canAdd && (
        <>
          <input
            ref={input}
            type="file"
            accept="image/*"
            capture="environment"
            hidden
            data-testid="visit-photo-input"
            onChange={(e) => void onFile(e.target.files?.[0])}
          />
          <Button
            block
            size="large"
            icon={<CameraOutlined />}
            loading={upload.isPending}
            onClick={() => input.current?.click()}
            style={{ marginTop: 12, height: 48 }}
            data-testid="visit-photo-add"
          >
            {t('visits.photos.add')}
          </Button>
        </>
      )}
    </Card>
  );
}

interface CheckOutValues {
  outcome: string;
  nextStep?: string;
  nextStepDate?: string;
  opportunityId?: string | null;
}

/** 签退: the outcome (required), the next step and its date, and the deal they belong to. */
function CheckOutForm({ visit }: { visit: Visit }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CheckOutValues>();
  const write = useVisitWrite();
  const handleError = useErrorHandler();
  const [busy, setBusy] = useState(false);

  const submit = async (values: CheckOutValues) => {
    setBusy(true);
    // where the rep leaves from, if the browser can tell quickly; a check-out without it is fine
    const pos = await currentPosition(8_000).catch(() => null);
    try {
      await write.mutateAsync({
        kind: 'check-out',
        id: visit.id,
        body: {
          outcome: values.outcome.trim(),
          nextStep: values.nextStep?.trim() || null,
          nextStepDate: values.nextStepDate || null,
          opportunityId: values.opportunityId ?? null,
          ...(pos ? { latitude: pos.latitude, longitude: pos.longitude, accuracy: pos.accuracy } : {}),
        },
      });
      message.success(t('visits.checkedOut'));
    } catch (err) {
      handleError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('visits.checkoutTitle')} data-testid="visit-checkout">
      <Form<CheckOutValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ opportunityId: visit.opportunityId }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="outcome"
          label={t('visits.fields.outcome')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('validation.required', { field: t('visits.fields.outcome') }),
            },
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={5000}
            placeholder={t('visits.outcomePlaceholder')}
            data-testid="visit-checkout-outcome"
          />
        </Form.Item>
        <Form.Item name="nextStep" label={t('visits.fields.nextStep')}>
          <Input
            maxLength={500}
            placeholder={t('visits.nextStepPlaceholder')}
            data-testid="visit-checkout-next-step"
          />
        </Form.Item>
        <Form.Item
          name="nextStepDate"
          label={t('visits.fields.nextStepDate')}
          dependencies={['nextStep']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value && !String(getFieldValue('nextStep') ?? '').trim()
                  ? Promise.reject(
                      new Error(t('validation.required', { field: t('visits.fields.nextStep') })),
                    )
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input type="date" data-testid="visit-checkout-next-step-date" />
        </Form.Item>
        <Form.Item name="opportunityId" label={t('visits.fields.opportunity')} extra={t('visits.dealHint')}>
          <RecordSelect
            resource="opportunities"
            params={{ accountId: visit.accountId, status: 'open' }}
            knownLabels={
              visit.opportunityId && visit.opportunityName
                ? { [visit.opportunityId]: visit.opportunityName }
                : undefined
            }
            placeholder={t('common.optional')}
            data-testid="visit-checkout-opportunity"
          />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          icon={<LogoutOutlined />}
          loading={busy}
          style={BIG}
          data-testid="visit-checkout-submit"
        >
          {t('visits.checkOut')}
        </Button>
      </Form>
    </Card>
  );
}

function OutcomeCard({ visit }: { visit: Visit }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Card
      title={
        <span style={{ color: '#15803d' }}>
          <CheckCircleOutlined /> {t('visits.done')}
        </span>
      }
      extra={
        <Link
          to={visit.opportunityId ? `/opportunities/${visit.opportunityId}` : `/accounts/${visit.accountId}`}
        >
          {t('visits.activity')}
        </Link>
      }
      data-testid="visit-outcome"
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'outcome',
            label: t('visits.fields.outcome'),
            children: <span style={{ whiteSpace: 'pre-wrap' }}>{visit.outcome}</span>,
          },
          { key: 'nextStep', label: t('visits.fields.nextStep'), children: visit.nextStep ?? '—' },
          {
            key: 'nextStepDate',
            label: t('visits.fields.nextStepDate'),
            children: fmt.date(visit.nextStepDate),
          },
          {
            key: 'deal',
            label: t('visits.fields.opportunity'),
            children: visit.opportunityId ? (
              <Link to={`/opportunities/${visit.opportunityId}`}>{visit.opportunityName}</Link>
            ) : (
              '—'
            ),
          },
        ]}
      />
    </Card>
  );
}

function DetailsCard({ visit }: { visit: Visit }) {
  const { t, i18n } = useTranslation();
  const when = (iso: string | null) => chinaDateTime(iso, i18n.language);
  const location =
    visit.accountLatitude !== null && visit.accountLongitude !== null
      ? formatLatLng({ latitude: visit.accountLatitude, longitude: visit.accountLongitude })
      : t('visits.location.none');
  return (
    <Card
      size="small"
      title={t('common.details')}
      extra={<Link to={`/accounts/${visit.accountId}`}>{t('visits.openAccount')}</Link>}
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'plannedAt', label: t('visits.fields.plannedAt'), children: when(visit.plannedAt) },
          { key: 'purpose', label: t('visits.fields.purpose'), children: visit.purpose ?? '—' },
          { key: 'owner', label: t('visits.fields.owner'), children: visit.ownerName },
          ...(visit.createdBy !== visit.ownerId
            ? [{ key: 'createdBy', label: t('visits.fields.createdBy'), children: visit.createdByName }]
            : []),
          { key: 'contact', label: t('visits.fields.contact'), children: visit.contactName ?? '—' },
          {
            key: 'deal',
            label: t('visits.fields.opportunity'),
            children: visit.opportunityId ? (
              <Link to={`/opportunities/${visit.opportunityId}`}>{visit.opportunityName}</Link>
            ) : (
              '—'
            ),
          },
          { key: 'address', label: t('visits.fields.address'), children: visit.accountAddress ?? '—' },
          {
            key: 'location',
            label: t('visits.location.title'),
            children: <span style={{ fontVariantNumeric: 'tabular-nums' }}>{location}</span>,
          },
          ...(visit.checkedInAt
            ? [
                {
                  key: 'in',
                  label: t('visits.fields.checkedInAt'),
                  children: when(visit.checkedInAt),
                },
                {
                  key: 'distance',
                  label: t('visits.fields.distance'),
                  children:
                    visit.distanceM === null
                      ? t('visits.locationFlag.no_location')
                      : formatDistance(t, visit.distanceM),
                },
                ...(visit.checkInAccuracy !== null
                  ? [
                      {
                        key: 'accuracy',
                        label: t('visits.fields.accuracy'),
                        children: t('visits.accuracyValue', { m: Math.round(visit.checkInAccuracy) }),
                      },
                    ]
                  : []),
              ]
            : []),
          ...(visit.checkedOutAt
            ? [
                {
                  key: 'out',
                  label: t('visits.fields.checkedOutAt'),
                  children: when(visit.checkedOutAt),
                },
              ]
            : []),
          ...(visit.cancelledAt
            ? [
                {
                  key: 'cancelled',
                  label: t('visits.status.cancelled'),
                  children: when(visit.cancelledAt),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
