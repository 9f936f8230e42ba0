import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Spin,
  Typography,
} from 'antd';
import { EditOutlined, ApartmentOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Lead } from '@tuoke/shared';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { ScoreExplanation } from './ScoreExplanation';
import { SourceSelect } from './SourceSelect';
import { useAssignByRules, useLeadFormSubmissions, useLeadScore, useSourceLabel } from './useLeadIntake';
import { AssignmentReasonText } from './LeadAssignments';

/** The lead detail's score card: total, band and every factor. */
export function LeadScoreCard({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  // refetch when the lead changes (a rescore follows every save)
  const { data, isLoading } = useLeadScore(lead.id);
  const queryClient = useQueryClient();
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: ['lead-score', lead.id] });
  }, [lead.version, lead.updatedAt, queryClient, lead.id]);
  return (
    <Card title={t('leadIntake.score.title')} size="small" data-testid="lead-score-card">
      {isLoading || !data ? <Spin /> : <ScoreExplanation score={data} />}
    </Card>
  );
}

function useCampaignName(id: string | null) {
  const { can } = useAuth();
  return useQuery({
    queryKey: ['campaigns', 'one', id],
    queryFn: ({ signal }) => api.get<{ id: string; name: string }>(`/campaigns/${id}`, undefined, signal),
    enabled: Boolean(id) && can('campaign', 'read'),
    retry: false,
  });
}

const UTM = ['utmSource', 'utmMedium', 'utmCampaign', 'utmTerm', 'utmContent'] as const;

/** 来源追踪: source, campaign, UTM parameters and the web-form submissions behind the lead. */
export function LeadSourceCard({ lead, canEdit }: { lead: Lead; canEdit: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const sourceLabel = useSourceLabel();
  const campaign = useCampaignName(lead.campaignId);
  const { data: subs } = useLeadFormSubmissions(lead.id);
  const [editing, setEditing] = useState(false);
  return (
    <Card
      title={t('leadIntake.tracking.title')}
      size="small"
      data-testid="lead-source-tracking"
      extra={
        canEdit && (
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            onClick={() => setEditing(true)}
            data-testid="lead-tracking-edit"
          >
            {t('common.edit')}
          </Button>
        )
      }
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'source', label: t('fields.source'), children: sourceLabel(lead.source) },
          {
            key: 'campaign',
            label: t('leadIntake.tracking.campaign'),
            children: lead.campaignId
              ? (campaign.data?.name ?? <Typography.Text code>{lead.campaignId}</Typography.Text>)
              : '—',
          },
          ...(UTM.some((k) => lead[k])
            ? UTM.filter((k) => lead[k]).map((k) => ({
                key: k,
                label: t(`leadIntake.tracking.${k}`),
                children: lead[k],
              }))
            : [{ key: 'utm', label: 'UTM', children: t('leadIntake.tracking.noUtm') }]),
          ...(subs?.items.length
            ? [
                {
                  key: 'forms',
                  label: t('leadIntake.tracking.forms'),
                  children: (
                    <div>
                      {subs.items.map((s) => (
                        <div key={s.id}>
                          <Link to={`/web-forms/${s.formId}`}>{s.formName}</Link>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {' '}
                            · {fmt.dateTime(s.createdAt)}
                          </Typography.Text>
                          {s.referrer && (
                            <div>
                              <Typography.Text
                                type="secondary"
                                style={{ fontSize: 12 }}
                                ellipsis
                                title={s.referrer}
                              >
                                {t('leadIntake.tracking.from', { url: s.referrer })}
                              </Typography.Text>
                            </div>
                          )}
                        </div>
                      ))}
                    </div>
                  ),
                },
              ]
            : []),
        ]}
      />
      <TrackingForm lead={lead} open={editing} onClose={() => setEditing(false)} />
    </Card>
  );
}

interface TrackingValues {
  source?: string | null;
  campaignId?: string | null;
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  utmTerm?: string;
  utmContent?: string;
}

function TrackingForm({ lead, open, onClose }: { lead: Lead; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TrackingValues>();
  const [saving, setSaving] = useState(false);
  const campaigns = useQuery({
    queryKey: ['campaigns', 'list', 'picker'],
    queryFn: ({ signal }) =>
      api.get<{ items: { id: string; name: string }[] }>('/campaigns', { limit: 200 }, signal),
    enabled: open && can('campaign', 'read'),
    retry: false,
  });
  useEffect(() => {
    if (open)
      form.setFieldsValue({
        source: lead.source,
        campaignId: lead.campaignId,
        ...Object.fromEntries(UTM.map((k) => [k, lead[k] ?? undefined])),
      });
  }, [open, lead, form]);
  const submit = async (v: TrackingValues) => {
    setSaving(true);
    try {
      const body: Record<string, unknown> = { version: lead.version, campaignId: v.campaignId || null };
      if ((v.source ?? null) !== lead.source) body.source = v.source ?? null;
      for (const k of UTM) body[k] = v[k]?.trim() || null;
      const saved = await api.patch<Lead>(`/leads/${lead.id}`, body);
      queryClient.setQueryData(['leads', 'one', lead.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['leads'] });
      void queryClient.invalidateQueries({ queryKey: ['timeline'] });
      message.success(t('app.saved'));
      onClose();
    } catch (err) {
      handleError(err, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      title={t('leadIntake.tracking.edit')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="source" label={t('fields.source')}>
              <SourceSelect current={lead.source} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="campaignId" label={t('leadIntake.tracking.campaign')}>
              {campaigns.isSuccess ? (
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={campaigns.data.items.map((c) => ({ value: c.id, label: c.name }))}
                />
              ) : (
                <Input maxLength={64} placeholder={t('leadIntake.forms.campaignId')} />
              )}
            </Form.Item>
          </Col>
          {UTM.map((k) => (
            <Col span={12} key={k}>
              <Form.Item name={k} label={t(`leadIntake.tracking.${k}`)}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Modal>
  );
}

/** 按规则分配: routes the given leads by the assignment rules and says where each went. */
export function AssignByRulesButton({
  leadIds,
  onDone,
  size,
}: {
  leadIds: string[];
  onDone?: () => void;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const handleError = useErrorHandler();
  const assign = useAssignByRules();
  if (!can('lead', 'update') || !can('assignment_rule', 'read')) return null;
  return (
    <Button
      size={size}
      icon={<ApartmentOutlined />}
      disabled={leadIds.length === 0}
      loading={assign.isPending}
      data-testid="lead-assign-by-rules"
      onClick={async () => {
        try {
          const { items } = await assign.mutateAsync(leadIds);
          const placed = items.filter((a) => a.userId).length;
          if (items.length === 1) {
            const a = items[0]!;
            const text = a.userName
              ? t('leadIntake.assignments.to', { name: a.userName })
              : t('leadIntake.assignments.stayed');
            modal.info({
              title: text,
              content: <AssignmentReasonText reason={a.reason} detail={a.detail} />,
            });
          } else message.success(t('leadIntake.assignments.bulkDone', { placed, total: items.length }));
          onDone?.();
        } catch (err) {
          handleError(err);
        }
      }}
    >
      {t('leadIntake.assignments.action')}
    </Button>
  );
}
