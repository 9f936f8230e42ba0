import { Flex, Tag, Typography } from 'antd';
import { EnvironmentOutlined, CameraOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Visit, VisitCompliance, VisitStatus } from '@tuoke/shared';
import { chinaTime, formatDistance } from './useVisits';

export const STATUS_COLORS: Record<VisitStatus, string> = {
  planned: 'blue',
  checked_in: 'processing',
  completed: 'success',
  cancelled: 'default',
};

export const COMPLIANCE_COLORS: Record<VisitCompliance, string> = {
  on_time: 'green',
  late: 'orange',
  missed: 'red',
  pending: 'default',
  unplanned: 'purple',
  cancelled: 'default',
};

/** The visit's state in one tag: its status, with `data-testid=visit-status`. */
export function VisitStatusTag({ visit }: { visit: Visit }) {
  const { t } = useTranslation();
  // a planned visit whose time has passed is not "to do" any more: it was missed
  const missed = visit.status === 'planned' && visit.compliance === 'missed';
  return (
    <Tag
      color={missed ? COMPLIANCE_COLORS.missed : STATUS_COLORS[visit.status]}
      data-testid="visit-status"
      data-status={visit.status}
      style={{ marginInlineEnd: 0 }}
    >
      {missed ? t('visits.compliance.missed') : t(`visits.status.${visit.status}`)}
    </Tag>
  );
}

/** How the visit counts against the plan, when that says something (not "not due yet"). */
export function ComplianceTag({ visit }: { visit: Visit }) {
  const { t } = useTranslation();
  if (['pending', 'cancelled', 'missed'].includes(visit.compliance)) return null;
  return (
    <Tag
      color={COMPLIANCE_COLORS[visit.compliance]}
      data-compliance={visit.compliance}
      style={{ marginInlineEnd: 0 }}
    >
      {t(`visits.compliance.${visit.compliance}`)}
    </Tag>
  );
}

/** One visit in a day of the plan: time, customer, purpose, state. Tapping opens it. */
export function VisitCard({
  visit,
  showOwner = false,
  onOpen,
}: {
  visit: Visit;
  showOwner?: boolean;
  onOpen: (visit: Visit) => void;
}) {
  const { t } = useTranslation();
  const done = visit.status === 'completed' || visit.status === 'cancelled';
  return (
    <div
      role="button"
      tabIndex={0}
      data-testid="visit-card"
      data-visit-id={visit.id}
      onClick={() => onOpen(visit)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(visit);
        }
      }}
      style={{
        display: 'flex',
        gap: 12,
        padding: '12px 14px',
        borderRadius: 10,
        border: '1px solid #e5e7eb',
        borderLeft: `4px solid ${visit.status === 'cancelled' ? '#cbd5e1' : visit.compliance === 'missed' ? '#ef4444' : visit.locationFlag === 'far' ? '#f59e0b' : visit.status === 'completed' ? '#22c55e' : '#1d4ed8'}`,
        background: '#fff',
        cursor: 'pointer',
        opacity: visit.status === 'cancelled' ? 0.65 : 1,
        minHeight: 56,
      }}
    >
      <div style={{ width: 48, flex: '0 0 48px' }}>
        <Typography.Text strong style={{ fontSize: 16, fontVariantNumeric: 'tabular-nums' }}>
          {chinaTime(visit.plannedAt)}
        </Typography.Text>
      </div>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text
          strong
          delete={visit.status === 'cancelled'}
          style={{ display: 'block', fontSize: 15 }}
          ellipsis={{ tooltip: visit.accountName }}
        >
          {visit.accountName}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }} ellipsis>
          {[visit.purpose, visit.contactName].filter(Boolean).join(' · ') || (done ? '' : '—')}
        </Typography.Text>
        <Flex gap={8} wrap style={{ marginTop: 4, fontSize: 12, color: '#64748b' }}>
          {showOwner && (
            <span>
              <UserOutlined /> {visit.ownerName}
            </span>
          )}
          {visit.distanceM !== null && (
            <span style={{ color: visit.locationFlag === 'far' ? '#d97706' : undefined }}>
              <EnvironmentOutlined /> {formatDistance(t, visit.distanceM)}
            </span>
          )}
          {visit.photoCount > 0 && (
            <span>
              <CameraOutlined /> {visit.photoCount}
            </span>
          )}
        </Flex>
      </div>
      <Flex vertical gap={4} align="flex-end" style={{ flex: '0 0 auto' }}>
        <VisitStatusTag visit={visit} />
        <ComplianceTag visit={visit} />
        {visit.locationFlag === 'far' && (
          <Tag color="warning" style={{ marginInlineEnd: 0 }}>
            {t('visits.locationFlag.far')}
          </Tag>
        )}
      </Flex>
    </div>
  );
}
