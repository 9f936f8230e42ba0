import { useEffect, useMemo, useRef } from 'react';
import { App, Form, Input, Radio, Select } from 'antd';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MEETING_KINDS, type Meeting, type MeetingKind } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { FormDrawer } from '../../app/components/FormDrawer';
import { DateTimeInput } from '../../app/components/inputs';
import { RecordSelect } from '../../app/components/RecordSelect';
import { useMeetingTeams, useSaveMeeting } from './useMeetings';

interface MeetingFormValues {
  teamId: string;
  kind: MeetingKind;
  title: string;
  scheduledAt: string;
  durationMinutes: number;
  location?: string | null;
  onlineUrl?: string | null;
  attendeeIds: string[];
  opportunityIds?: string[];
}

const DURATIONS = [30, 45, 60, 90, 120, 180];

/** Tomorrow 10:00 local time: a sensible first suggestion for a new meeting. */
const suggestedStart = () => dayjs().add(1, 'day').hour(10).minute(0).second(0).millisecond(0).toISOString();

/** Plans a meeting (team, kind, time, attendees, a deal review's deals) or edits a planned one. */
export function MeetingForm({
  open,
  onClose,
  meeting,
}: {
  open: boolean;
  onClose: () => void;
  meeting?: Meeting | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { me } = useAuth();
  const [form] = Form.useForm<MeetingFormValues>();
  const save = useSaveMeeting();
  const isEdit = Boolean(meeting);
  const teams = useMeetingTeams(open && !isEdit);
  const teamId = Form.useWatch('teamId', form);
  const kind = Form.useWatch('kind', form);
  const scheduledAt = Form.useWatch('scheduledAt', form);
  // the title follows team, kind and date until the user types one
  const titleTouched = useRef(false);

  const team = teams.data?.items.find((x) => x.id === teamId);
  const knownUsers = useMemo(() => {
    const labels: Record<string, string> = {};
    for (const m of team?.members ?? []) labels[m.userId] = m.name;
    for (const a of meeting?.attendees ?? []) labels[a.userId] = a.name;
    return labels;
  }, [team, meeting]);

  useEffect(() => {
    if (!open) titleTouched.current = false;
  }, [open]);

  // the user's own team (or the only one offered) to start with
  useEffect(() => {
    const items = teams.data?.items ?? [];
    const pick = items.find((x) => x.id === me?.user.teamId) ?? (items.length === 1 ? items[0] : undefined);
    if (!isEdit && pick && !form.getFieldValue('teamId')) form.setFieldValue('teamId', pick.id);
  }, [teams.data, isEdit, form, me]);

  useEffect(() => {
    if (isEdit || !team) return;
    form.setFieldValue(
      'attendeeIds',
      team.members.map((m) => m.userId),
    );
  }, [team, isEdit, form]);

  useEffect(() => {
    if (isEdit || titleTouched.current || !team || !kind) return;
    form.setFieldValue(
      'title',
      t('meetings.form.defaultTitle', {
        team: team.name,
        kind: t(`meetings.kind.${kind}`),
        date: scheduledAt ? dayjs(scheduledAt).format('MM-DD') : '',
      }).trim(),
    );
  }, [team, kind, scheduledAt, isEdit, form, t]);

  const initialValues: Partial<MeetingFormValues> = meeting
    ? {
        teamId: meeting.teamId,
        kind: meeting.kind,
        title: meeting.title,
        scheduledAt: meeting.scheduledAt,
        durationMinutes: meeting.durationMinutes,
        location: meeting.location,
        onlineUrl: meeting.onlineUrl,
        attendeeIds: meeting.attendees.map((a) => a.userId),
        opportunityIds: meeting.opportunities.map((o) => o.opportunityId),
      }
    : {
        kind: 'weekly',
        scheduledAt: suggestedStart(),
        durationMinutes: 60,
        attendeeIds: [],
      };

  const onSubmit = async (v: MeetingFormValues) => {
    const common = {
      title: v.title.trim(),
      scheduledAt: v.scheduledAt,
      durationMinutes: v.durationMinutes,
      location: v.location?.trim() || null,
      onlineUrl: v.onlineUrl?.trim() || null,
      attendeeIds: v.attendeeIds ?? [],
      ...(v.kind === 'deal_review' ? { opportunityIds: v.opportunityIds ?? [] } : {}),
    };
    if (meeting) {
      await save.mutateAsync({ id: meeting.id, body: { ...common, version: meeting.version } });
      message.success(t('meetings.form.saved'));
      onClose();
      return;
    }
    const created = await save.mutateAsync({ body: { ...common, teamId: v.teamId, kind: v.kind } });
    message.success(t('meetings.form.created'));
    onClose();
    navigate(`/meetings/${created.id}`);
  };

  const dealLabels = Object.fromEntries((meeting?.opportunities ?? []).map((o) => [o.opportunityId, o.name]));

  return (
    <FormDrawer<MeetingFormValues>
      open={open}
      title={isEdit ? t('meetings.form.editTitle') : t('meetings.form.newTitle')}
      form={form}
      initialValues={initialValues}
      onClose={onClose}
      onSubmit={onSubmit}
      testId="meeting-form"
    >
      <Form.Item
        name="teamId"
        label={t('meetings.form.team')}
        rules={[{ required: true, message: t('validation.select', { field: t('meetings.form.team') }) }]}
      >
        {isEdit ? (
          <Select disabled options={[{ value: meeting!.teamId, label: meeting!.teamName }]} />
        ) : (
          <Select
            loading={teams.isLoading}
            options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
            data-testid="meeting-team"
          />
        )}
      </Form.Item>
      <Form.Item name="kind" label={t('meetings.form.kind')} rules={[{ required: true }]}>
        <Radio.Group
          disabled={isEdit}
          optionType="button"
          buttonStyle="solid"
          options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meetings.kind.${k}`) }))}
          data-testid="meeting-kind"
        />
      </Form.Item>
      <Form.Item
        name="title"
        label={t('meetings.form.title')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('validation.required', { field: t('meetings.form.title') }),
          },
          { max: 200 },
        ]}
      >
        <Input onChange={() => (titleTouched.current = true)} data-testid="meeting-title" />
      </Form.Item>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item
          name="scheduledAt"
          label={t('meetings.form.scheduledAt')}
          rules={[
            { required: true, message: t('validation.select', { field: t('meetings.form.scheduledAt') }) },
          ]}
          style={{ flex: '2 1 220px' }}
        >
          <DateTimeInput />
        </Form.Item>
        <Form.Item name="durationMinutes" label={t('meetings.form.duration')} style={{ flex: '1 1 120px' }}>
          <Select options={DURATIONS.map((n) => ({ value: n, label: t('meetings.form.minutes', { n }) }))} />
        </Form.Item>
      </div>
      <Form.Item name="location" label={t('meetings.form.location')} rules={[{ max: 200 }]}>
        <Input placeholder={t('meetings.form.locationPlaceholder')} />
      </Form.Item>
      <Form.Item
        name="onlineUrl"
        label={t('meetings.form.onlineUrl')}
        rules={[{ type: 'url', message: t('serverErrors.pattern') }, { max: 500 }]}
      >
        <Input placeholder="https://meeting.tencent.com/…" inputMode="url" />
      </Form.Item>
      {kind === 'deal_review' && (
        <Form.Item
          name="opportunityIds"
          label={t('meetings.form.deals')}
          extra={t('meetings.form.dealsHint')}
          rules={[{ required: true, message: t('validation.select', { field: t('meetings.form.deals') }) }]}
        >
          <RecordSelect
            resource="opportunities"
            mode="multiple"
            params={{ status: 'open' }}
            knownLabels={dealLabels}
            maxCount={30}
            data-testid="meeting-deals"
          />
        </Form.Item>
      )}
      <Form.Item
        name="attendeeIds"
        label={t('meetings.form.attendees')}
        extra={t('meetings.form.attendeesHint')}
      >
        <RecordSelect resource="users" mode="multiple" params={{ active: true }} knownLabels={knownUsers} />
      </Form.Item>
    </FormDrawer>
  );
}
