import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Input,
  List,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { CheckCircleTwoTone, EditOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ChecklistEntry, Opportunity } from '@tuoke/shared';
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
  // The item whose note is being written; ticking an item opens it, so the rep can say what was confirmed.
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  if (!data) return null;
  const stage = data.stages.find((s) => s.stageId === data.stageId);
  const next = data.next;

  const openNote = (item: ChecklistEntry) => {
    setEditing(item.id);
    setDraft(item.note ?? '');
  };
  // The endpoint stores the note sent with each item (none clears it), so a tick resends the current one.
  const save = (item: ChecklistEntry, checked: boolean, note: string | null) =>
    tick.mutateAsync({ stageId: data.stageId, items: [{ id: item.id, checked, note }] }).then(
      () => {
        message.success(t('app.saved'));
        return true;
      },
      (err) => {
        handleError(err);
        return false;
      },
    );
  const onTick = async (item: ChecklistEntry, checked: boolean) => {
    if (!(await save(item, checked, item.note))) return;
    if (checked && !item.note) openNote(item);
    else if (!checked && editing === item.id) setEditing(null);
  };
  const onSaveNote = async (item: ChecklistEntry) => {
    const note = draft.trim() || null;
    if (note === item.note || (await save(item, item.checked, note))) setEditing(null);
  };

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
            <List.Item
              style={{ paddingInline: 0, alignItems: 'flex-start' }}
              actions={
                canUpdate && editing !== item.id
                  ? [
                      <Tooltip
                        key="note"
                        title={item.note ? t('salesProcess.editNote') : t('salesProcess.addNote')}
                      >
                        <Button
                          type="text"
                          size="small"
                          icon={<EditOutlined />}
                          aria-label={item.note ? t('salesProcess.editNote') : t('salesProcess.addNote')}
                          onClick={() => openNote(item)}
                          data-testid={`checklist-note-edit-${item.id}`}
                        />
                      </Tooltip>,
                    ]
                  : undefined
              }
            >
              <div style={{ flex: 1, minWidth: 0 }}>
                <Checkbox
                  checked={item.checked}
                  disabled={!canUpdate || tick.isPending}
                  data-testid={`checklist-item-${item.id}`}
                  onChange={(e) => void onTick(item, e.target.checked)}
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
                <div style={{ marginInlineStart: 24 }}>
                  {editing === item.id ? (
                    <Space.Compact style={{ width: '100%', marginTop: 4 }}>
                      <Input
                        size="small"
                        autoFocus
                        value={draft}
                        maxLength={500}
                        placeholder={t('salesProcess.notePlaceholder')}
                        onChange={(e) => setDraft(e.target.value)}
                        onPressEnter={() => void onSaveNote(item)}
                        onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
                        data-testid={`checklist-note-${item.id}`}
                      />
                      <Button
                        size="small"
                        type="primary"
                        loading={tick.isPending}
                        onClick={() => void onSaveNote(item)}
                        data-testid={`checklist-note-save-${item.id}`}
                      >
                        {t('common.save')}
                      </Button>
                      <Button size="small" onClick={() => setEditing(null)}>
                        {t('common.cancel')}
                      </Button>
                    </Space.Compact>
                  ) : (
                    item.note && (
                      <Typography.Paragraph
                        style={{ margin: '2px 0 0', whiteSpace: 'pre-wrap' }}
                        data-testid={`checklist-note-text-${item.id}`}
                      >
                        {item.note}
                      </Typography.Paragraph>
                    )
                  )}
                  {item.checked && item.checkedAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('salesProcess.checkedBy', {
                        name: item.checkedByName ?? '',
                        time: fmt.dateTime(item.checkedAt),
                      })}
                    </Typography.Text>
                  )}
                </div>
              </div>
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
