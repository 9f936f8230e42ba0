import { Card, Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AssignmentDetail, AssignmentReason } from '@tuoke/shared';
import { useEnumLabel, useFormat } from '../../app/format';
import { useLeadAssignments, useSourceLabel } from './useLeadIntake';

/** "region=华东" → 地区：华东 */
function useConditionText() {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const sourceLabel = useSourceLabel();
  return (c: string) => {
    const [k, v = ''] = c.split('=');
    switch (k) {
      case 'region':
        return t('leadIntake.fieldValue', { field: t('fields.region'), value: label('region', v) });
      case 'industry':
        return t('leadIntake.fieldValue', { field: t('fields.industry'), value: label('industry', v) });
      case 'source':
        return t('leadIntake.fieldValue', { field: t('fields.source'), value: sourceLabel(v) });
      case 'keyword':
        return t('leadIntake.assignments.keyword', { word: v });
      default:
        return c;
    }
  };
}

/** Why an assignment went the way it did, in a sentence. */
export function AssignmentReasonText({
  reason,
  detail,
}: {
  reason: AssignmentReason;
  detail: AssignmentDetail;
}) {
  const { t } = useTranslation();
  const condition = useConditionText();
  const matched = detail.matched?.length
    ? detail.matched.map(condition).join(t('leadIntake.listSeparator'))
    : t('leadIntake.rules.everyLead');
  switch (reason) {
    case 'matched':
      return (
        <>
          {t('leadIntake.assignments.matched', {
            conditions: matched,
            candidates: detail.candidates ?? 0,
            open: detail.openLeads ?? 0,
          })}
          {detail.atMax ? ` ${t('leadIntake.assignments.skipped', { n: detail.atMax })}` : ''}
        </>
      );
    case 'to_pool':
      return <>{t('leadIntake.assignments.toPool', { conditions: matched, pool: detail.poolName ?? '' })}</>;
    case 'no_rule':
      return <>{t('leadIntake.assignments.noRule')}</>;
    case 'no_members':
      return <>{t('leadIntake.assignments.noMembers', { conditions: matched })}</>;
    case 'team_full':
      return (
        <>{t('leadIntake.assignments.teamFull', { conditions: matched, max: detail.maxOpenPerRep ?? 0 })}</>
      );
  }
}

/** The lead's assignments by rule, newest first. */
export function LeadAssignmentsCard({ leadId, extra }: { leadId: string; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data } = useLeadAssignments(leadId);
  const items = data?.items ?? [];
  return (
    <Card title={t('leadIntake.assignments.title')} size="small" extra={extra} data-testid="lead-assignments">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('leadIntake.assignments.none')} />
      ) : (
        <Timeline
          style={{ marginTop: 8 }}
          items={items.map((a) => ({
            color: a.reason === 'matched' ? 'green' : a.reason === 'to_pool' ? 'blue' : 'gray',
            children: (
              <div>
                <Typography.Text strong>
                  {a.userName
                    ? t('leadIntake.assignments.to', { name: a.userName })
                    : a.reason === 'to_pool'
                      ? t('leadIntake.assignments.intoPool', { pool: a.detail.poolName ?? '' })
                      : t('leadIntake.assignments.stayed')}
                </Typography.Text>
                {a.ruleName && (
                  <Typography.Text type="secondary">
                    {' '}
                    · {a.ruleName}
                    {a.teamName ? ` → ${a.teamName}` : ''}
                    {a.method ? ` · ${t(`leadIntake.rules.methods.${a.method}`)}` : ''}
                  </Typography.Text>
                )}
                <div style={{ fontSize: 13 }}>
                  <AssignmentReasonText reason={a.reason} detail={a.detail} />
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmt.dateTime(a.createdAt)} · {t(`leadIntake.assignments.trigger.${a.trigger}`)}
                  {a.actorName ? ` · ${a.actorName}` : ''}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
