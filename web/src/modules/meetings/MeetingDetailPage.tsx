import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Row,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { CheckCircleOutlined, EditOutlined, StopOutlined, VideoCameraOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Meeting } from '@tuoke/shared';
import { DetailState } from '../../app/components/DetailState';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { ActionItems } from './ActionItems';
import { AgendaView } from './AgendaView';
import { MeetingForm } from './MeetingForm';
import { KIND_COLORS, STATUS_COLORS } from './meetingMeta';
import { useAgenda, useCancelMeeting, useHoldMeeting, useMeeting, useSaveMeeting } from './useMeetings';

/** One meeting: what, when and who; the agenda built from data; notes; action items. */
export function MeetingDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const meeting = useMeeting(id);
  const agenda = useAgenda(id);
  const hold = useHoldMeeting();
  const cancel = useCancelMeeting();
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const wide = Boolean(Grid.useBreakpoint().xl);

  if (!meeting.data)
    return <DetailState isLoading={meeting.isLoading} error={meeting.error} backTo="/meetings" />;
  const m = meeting.data;
  const start = dayjs(m.scheduledAt);
  // the server refuses to mark a meeting of a later day held
  const notYet = start.startOf('day').isAfter(dayjs());

  const doHold = () =>
    hold.mutateAsync(m).then(
      () => {
        message.success(t('meetings.detail.holdDone'));
        void agenda.refetch();
      },
      (err) => handleError(err),
    );
  const doCancel = () =>
    cancel.mutateAsync({ id: m.id, body: { version: m.version, reason: reason.trim() || null } }).then(
      () => {
        message.success(t('meetings.detail.cancelDone'));
        setCancelling(false);
      },
      (err) => handleError(err),
    );

  return (
    <div>
      <PageHeader
        backTo="/meetings"
        title={m.title}
        tags={
          <>
            <Tag color={KIND_COLORS[m.kind]}>{t(`meetings.kind.${m.kind}`)}</Tag>
            <Tag color={STATUS_COLORS[m.status]} data-testid="meeting-status">
              {t(`meetings.status.${m.status}`)}
            </Tag>
          </>
        }
        subtitle={
          m.status === 'held' && m.heldAt
            ? t('meetings.detail.heldAt', { date: fmt.dateTime(m.heldAt) })
            : m.status === 'cancelled' && m.cancelledAt
              ? `${t('meetings.detail.cancelledAt', { date: fmt.dateTime(m.cancelledAt) })}${m.cancelReason ? ` · ${m.cancelReason}` : ''}`
              : `${start.format('YYYY-MM-DD ddd HH:mm')} · ${m.teamName}`
        }
        extra={
          m.canEdit ? (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="meeting-edit">
                {t('meetings.detail.edit')}
              </Button>
              <Button
                icon={<StopOutlined />}
                onClick={() => setCancelling(true)}
                data-testid="meeting-cancel"
              >
                {t('meetings.detail.cancel')}
              </Button>
              {notYet ? (
                <Tooltip title={t('meetings.detail.holdNotYet')}>
                  <Button type="primary" icon={<CheckCircleOutlined />} disabled data-testid="meeting-hold">
                    {t('meetings.detail.hold')}
                  </Button>
                </Tooltip>
              ) : (
                <Popconfirm
                  title={t('meetings.detail.hold')}
                  description={<div style={{ maxWidth: 280 }}>{t('meetings.detail.holdConfirm')}</div>}
                  onConfirm={doHold}
                  okButtonProps={{ loading: hold.isPending }}
                >
                  <Button type="primary" icon={<CheckCircleOutlined />} data-testid="meeting-hold">
                    {t('meetings.detail.hold')}
                  </Button>
                </Popconfirm>
              )}
            </>
          ) : null
        }
      />
      {wide ? (
        <Row gutter={[16, 16]}>
          <Col span={16}>
            <AgendaView agenda={agenda.data} isLoading={agenda.isLoading} />
          </Col>
          <Col span={8}>
            <Flex vertical gap={16}>
              <InfoCard meeting={m} />
              <NotesCard meeting={m} />
            </Flex>
          </Col>
          <Col span={24}>
            <ActionItems meeting={m} />
          </Col>
        </Row>
      ) : (
        // narrower screens (a phone in the meeting room): what and when first, then the agenda
        <Flex vertical gap={12}>
          <InfoCard meeting={m} />
          <AgendaView agenda={agenda.data} isLoading={agenda.isLoading} />
          <NotesCard meeting={m} />
          <ActionItems meeting={m} />
        </Flex>
      )}
      <MeetingForm open={editing} onClose={() => setEditing(false)} meeting={m} />
      <Modal
        open={cancelling}
        title={t('meetings.detail.cancelTitle')}
        onCancel={() => setCancelling(false)}
        onOk={doCancel}
        okButtonProps={{ danger: true, loading: cancel.isPending }}
        okText={t('meetings.detail.cancel')}
        destroyOnHidden
      >
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('meetings.detail.cancelReason')}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 5 }}
        />
      </Modal>
    </div>
  );
}

function InfoCard({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const start = dayjs(m.scheduledAt);
  return (
    <Card size="small" title={m.teamName} data-testid="meeting-info">
      <Descriptions column={1} size="small" colon={false} styles={{ label: { width: 76, color: '#64748b' } }}>
        <Descriptions.Item label={t('meetings.detail.when')}>
          {start.format('YYYY-MM-DD ddd HH:mm')}–{start.add(m.durationMinutes, 'minute').format('HH:mm')}
        </Descriptions.Item>
        {m.location && <Descriptions.Item label={t('meetings.detail.where')}>{m.location}</Descriptions.Item>}
        {m.onlineUrl && (
          <Descriptions.Item label={t('meetings.detail.online')}>
            <Typography.Link href={m.onlineUrl} target="_blank" rel="noopener noreferrer">
              <VideoCameraOutlined /> {t('meetings.detail.join')}
            </Typography.Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('meetings.detail.organizer')}>{m.organizerName}</Descriptions.Item>
        <Descriptions.Item label={t('meetings.detail.attendees')}>
          <Flex gap={4} wrap>
            {m.attendees.map((a) => (
              <Tag key={a.userId} style={{ marginInlineEnd: 0 }}>
                {a.name}
              </Tag>
            ))}
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('meetings.detail.since')}>
          <span title={t('meetings.detail.sinceHint')}>{fmt.dateTime(m.since)} –</span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The notes: edited while the meeting is planned (saved with the version read), read-only after. */
function NotesCard({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const save = useSaveMeeting();
  const [text, setText] = useState(m.notes ?? '');
  // saved (here or elsewhere): the editor starts from the stored notes again
  const [base, setBase] = useState(m.notes);
  if (base !== m.notes) {
    setBase(m.notes);
    setText(m.notes ?? '');
  }
  const dirty = text !== (m.notes ?? '');
  return (
    <Card
      size="small"
      title={t('meetings.notes.title')}
      extra={
        m.canEdit ? (
          <Button
            size="small"
            type={dirty ? 'primary' : 'default'}
            disabled={!dirty}
            loading={save.isPending}
            onClick={() =>
              save.mutateAsync({ id: m.id, body: { notes: text, version: m.version } }).then(
                () => message.success(t('meetings.notes.saved')),
                (err) => handleError(err),
              )
            }
            data-testid="notes-save"
          >
            {t('meetings.notes.save')}
          </Button>
        ) : null
      }
      data-testid="meeting-notes"
    >
      {m.canEdit ? (
        <Input.TextArea
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('meetings.notes.placeholder')}
          autoSize={{ minRows: 6, maxRows: 24 }}
          maxLength={20000}
          data-testid="notes-editor"
        />
      ) : m.notes ? (
        <div className="meeting-notes">{m.notes}</div>
      ) : (
        <Typography.Text type="secondary">{t('meetings.notes.empty')}</Typography.Text>
      )}
    </Card>
  );
}
