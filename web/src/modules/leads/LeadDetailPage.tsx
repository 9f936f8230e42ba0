import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Row, Select, Space, Tag } from 'antd';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LEAD_STATUSES, type LeadStatus } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { DetailState } from '../../app/components/DetailState';
import { PageHeader } from '../../app/components/PageHeader';
import { RecordActions } from '../../app/components/RecordActions';
import { useErrorHandler } from '../../app/errors';
import { useEnumLabel, useFormat } from '../../app/format';
import { RecordTimeline } from '../activities/RecordTimeline';
import { PoolMovesCard } from '../pools/PoolMovesCard';
import { PoolRecordActions } from '../pools/PoolRecordActions';
import { LeadAssignmentsCard } from '../lead-intake/LeadAssignments';
import { AssignByRulesButton, LeadScoreCard, LeadSourceCard } from '../lead-intake/LeadIntakeCards';
import { useSourceLabel } from '../lead-intake/useLeadIntake';
import { LeadConversionCard } from './LeadConversionCard';
import { LeadConvertDrawer } from './LeadConvertDrawer';
import { LeadForm } from './LeadForm';
import { LeadStatusTag } from './LeadStatusTag';
import { useDeleteLead, useLead, useSaveLead } from './useLeads';

export function LeadDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useEnumLabel();
  const sourceLabel = useSourceLabel();
  const { can } = useAuth();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const { data: lead, isLoading, error } = useLead(id);
  const save = useSaveLead();
  const remove = useDeleteLead();
  const [editing, setEditing] = useState(false);
  const [converting, setConverting] = useState(false);

  if (!lead) return <DetailState isLoading={isLoading} error={error} backTo="/leads" />;
  const canUpdate = can('lead', 'update');

  const patch = async (body: Record<string, unknown>, done: string) => {
    try {
      await save.mutateAsync({ id: lead.id, body: { ...body, version: lead.version } });
      message.success(done);
    } catch (err) {
      handleError(err);
    }
  };

  return (
    <div data-testid="lead-detail">
      <PageHeader
        backTo="/leads"
        title={lead.name}
        tags={
          <>
            <LeadStatusTag status={lead.status} />
            {!lead.ownerId && <Tag color="gold">{lead.poolName ?? t('leads.pool')}</Tag>}
          </>
        }
        subtitle={[lead.company, lead.title].filter(Boolean).join(' · ')}
        extra={
          <>
            {lead.status !== 'converted' && (
              <PoolRecordActions kind="lead" record={lead} claimTestId="lead-claim" />
            )}
            {canUpdate && can('contact', 'create') && lead.status !== 'converted' && (
              <Button type="primary" onClick={() => setConverting(true)} data-testid="lead-convert">
                {t('leadConvert.action')}
              </Button>
            )}
            {canUpdate && lead.status !== 'converted' && <AssignByRulesButton leadIds={[lead.id]} />}
            <RecordActions
              testId="lead"
              name={lead.name}
              onEdit={canUpdate ? () => setEditing(true) : undefined}
              onDelete={can('lead', 'delete') ? () => remove.mutateAsync(lead.id) : undefined}
              afterDeleteTo="/leads"
            />
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card
            title={t('common.details')}
            extra={
              canUpdate && (
                <Space>
                  <Select<LeadStatus>
                    size="small"
                    value={lead.status}
                    style={{ width: 120 }}
                    disabled={lead.status === 'converted'}
                    onChange={(status) => void patch({ status }, t('leads.statusChanged'))}
                    options={LEAD_STATUSES.filter((v) => v !== 'converted' || lead.status === v).map((v) => ({
                      value: v,
                      label: t(`enums.leadStatus.${v}`),
                    }))}
                    data-testid="lead-status"
                  />
                </Space>
              )
            }
          >
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'phone', label: t('fields.phone'), children: lead.phone ?? '—' },
                { key: 'email', label: t('fields.email'), children: lead.email ?? '—' },
                { key: 'wechat', label: t('fields.wechat'), children: lead.wechat ?? '—' },
                { key: 'source', label: t('fields.source'), children: sourceLabel(lead.source) },
                { key: 'industry', label: t('fields.industry'), children: label('industry', lead.industry) },
                { key: 'region', label: t('fields.region'), children: label('region', lead.region) },
                { key: 'owner', label: t('fields.owner'), children: lead.ownerName ?? t('leads.pool') },
                { key: 'createdAt', label: t('fields.createdAt'), children: fmt.dateTime(lead.createdAt) },
                { key: 'notes', label: t('fields.notes'), children: lead.notes ?? '—' },
              ]}
            />
          </Card>
          {lead.convertedAt && <LeadConversionCard lead={lead} />}
          <div style={{ display: 'flex', flexDirection: 'column', gap: 16, marginTop: 16 }}>
            <LeadSourceCard lead={lead} canEdit={canUpdate && lead.status !== 'converted'} />
            <LeadAssignmentsCard leadId={lead.id} />
            <PoolMovesCard kind="lead" id={lead.id} />
          </div>
        </Col>
        <Col xs={24} lg={15}>
          <div style={{ marginBottom: 16 }}>
            <LeadScoreCard lead={lead} />
          </div>
          <RecordTimeline
            relatedType="lead"
            relatedId={lead.id}
            relatedName={lead.name}
            canLog={can('activity', 'create')}
          />
        </Col>
      </Row>
      <LeadForm open={editing} onClose={() => setEditing(false)} lead={lead} />
      <LeadConvertDrawer lead={lead} open={converting} onClose={() => setConverting(false)} />
    </div>
  );
}
