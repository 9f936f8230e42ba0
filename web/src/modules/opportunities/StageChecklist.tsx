import { Alert, App, Card, Checkbox, Empty, List, Space, Tag, Typography } from 'antd';
import { CheckCircleTwoTone, ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Opportunity } from '@tuoke/shared';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { requirementLabel, useChecklist, useTickChecklist } from './useStageProcess';

/** The current stage's checklist to tick, and what still keeps the deal from the next stage. */
export function StageChecklist({ opportunity, canUpdate }: { opportunity: Opportunity; canUpdate: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const { data } = useChecklist(opportunity.id);
  const tick = useTickChecklist(opportunity.id);
  if (!data) return null;
  const stage = data.stages.find((s) => s.stageId === data.stageId);
  const next = data.next;

  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={t('salesProcess.checklistOf', { stage: stage?.stageName ?? opportunity.stageName })}
      data-testid="stage-checklist"
    >
      {!stage || stage.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('salesProcess.noChecklist')} />
      ) : (
        <List
          size="small"
          split={false}
          dataSource={stage.items}
          renderItem={(item) => (
            <List.Item style={{ paddingInline: 0 }}>
              <Space orientation="vertical" size={0}>
                <Checkbox
                  checked={item.checked}
                  disabled={!canUpdate || tick.isPending}
                  data-testid={`checklist-item-${item.id}`}
                  onChange={(e) =>
                    tick
                      .mutateAsync({
                        stageId: data.stageId,
                        items: [{ id: item.id, checked: e.target.checked }],
                      })
                      .then(
                        () => message.success(t('app.saved')),
                        (err) => handleError(err),
                      )
                  }
                >
                  {item.label}{' '}
                  {item.required ? (
                    <Tag color="orange" variant="outlined" style={{ marginInlineStart: 4 }}>
                      {t('salesProcess.required')}
                    </Tag>
                  ) : (
                    <Tag variant="outlined" style={{ marginInlineStart: 4 }}>
                      {t('salesProcess.optional')}
                    </Tag>
                  )}
                </Checkbox>
                {item.checked && item.checkedAt && (
                  <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 24 }}>
                    {t('salesProcess.checkedBy', {
                      name: item.checkedByName ?? '',
                      time: fmt.dateTime(item.checkedAt),
                    })}
                    {item.note ? ` · ${item.note}` : ''}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
      {opportunity.status !== 'open' ? (
        <Typography.Text type="secondary">{t('salesProcess.closed')}</Typography.Text>
      ) : next && next.missing.length === 0 ? (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleTwoTone twoToneColor="#16a34a" />}
          title={t('salesProcess.readyFor', { stage: next.stageName })}
          style={{ marginTop: 8 }}
          data-testid="stage-gate-ready"
        />
      ) : next ? (
        <Alert
          type="warning"
          showIcon
          icon={<ExclamationCircleOutlined />}
          title={t('salesProcess.blockedFor', { stage: next.stageName })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {next.missing.map((m) => (
                <li key={`${m.stageId}/${m.kind}/${m.key}`}>
                  {m.kind === 'field' ? requirementLabel(t, m.key, m.label) : m.label}
                </li>
              ))}
            </ul>
          }
          style={{ marginTop: 8 }}
          data-testid="stage-gate-blocked"
        />
      ) : null}
    </Card>
  );
}
