import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Segmented,
  Skeleton,
  Typography,
} from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReportKind, WorkReportDraft } from '@tuoke/shared';
import { PageHeader } from '../../app/components/PageHeader';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { ReportFacts } from './ReportFacts';
import { periodLabel, todayInChina } from './periods';
import { useReportDraft, useSaveReport, type ReportTexts } from './useWorkReports';

/**
 * 写日报 / 写周报: the period's facts from my records, read-only, then what I add — the work,
 * the problems, the plan. Save a draft, or submit (which freezes the facts).
 */
export function WorkReportWritePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const kind: ReportKind = params.get('kind') === 'weekly' ? 'weekly' : 'daily';
  const date = params.get('date') ?? todayInChina();
  const draft = useReportDraft(kind, date);
  const d = draft.data;

  // a submitted report is read on its own page
  useEffect(() => {
    if (d?.report?.status === 'submitted' && d.kind === kind)
      navigate(`/work-reports/${d.report.id}`, { replace: true });
  }, [d, kind, navigate]);

  const go = (next: { kind?: ReportKind; date?: string }) =>
    setParams({ kind: next.kind ?? kind, date: next.date ?? date }, { replace: true });

  return (
    <div>
      <PageHeader
        backTo="/work-reports"
        title={t(kind === 'daily' ? 'workReports.writeDaily' : 'workReports.writeWeekly')}
        subtitle={d ? periodLabel(t, kind, d.periodStart, d.periodEnd) : undefined}
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={kind}
          onChange={(v) => go({ kind: v as ReportKind })}
          options={[
            { value: 'daily', label: t('workReports.kind.daily') },
            { value: 'weekly', label: t('workReports.kind.weekly') },
          ]}
        />
        <DatePicker
          allowClear={false}
          picker={kind === 'weekly' ? 'week' : 'date'}
          value={dayjs(date)}
          disabledDate={(v: Dayjs) => v.isAfter(dayjs(todayInChina()), 'day')}
          onChange={(v) => v && go({ date: v.format('YYYY-MM-DD') })}
          data-testid="report-date"
        />
      </Flex>
      {!d ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <ReportForm key={`${d.kind}:${d.periodStart}:${d.report?.version ?? 0}`} draft={d} date={date} />
      )}
    </div>
  );
}

function DeadlineNote({ d }: { d: WorkReportDraft }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const due = d.dueAt ? fmt.dateTime(d.dueAt) : '';
  const closes = d.closesAt ? fmt.dateTime(d.closesAt) : '';
  if (d.window === 'closed')
    return <Alert type="error" showIcon message={t('workReports.window.closed', { due, closes })} />;
  if (d.window === 'future') return <Alert type="info" showIcon message={t('workReports.window.future')} />;
  if (!d.due) return <Alert type="info" showIcon message={t('workReports.window.notDue')} />;
  if (d.window === 'late')
    return <Alert type="warning" showIcon message={t('workReports.window.late', { due, closes })} />;
  return (
    <Alert type="success" showIcon message={t('workReports.window.open', { due, rule: d.ruleName ?? '' })} />
  );
}

function ReportForm({ draft: d, date }: { draft: WorkReportDraft; date: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const handleError = useErrorHandler();
  const save = useSaveReport();
  const [form] = Form.useForm<ReportTexts>();
  const [submitting, setSubmitting] = useState(false);
  const writable = d.window === 'open' || d.window === 'late';
  const daily = d.kind === 'daily';

  const send = async (submit: boolean) => {
    let texts: ReportTexts;
    try {
      texts = submit ? await form.validateFields() : form.getFieldsValue();
    } catch {
      return;
    }
    setSubmitting(submit);
    try {
      const saved = await save.mutateAsync({
        kind: d.kind,
        date,
        existing: d.report ? { id: d.report.id, version: d.report.version } : null,
        texts: { work: texts.work ?? '', problems: texts.problems ?? '', plan: texts.plan ?? '' },
        submit,
      });
      if (submit) {
        message.success(saved.late ? t('workReports.submittedLate') : t('workReports.submitted'));
        navigate(`/work-reports/${saved.id}`);
      } else message.success(t('workReports.draftSaved'));
    } catch (err) {
      handleError(err, form);
    }
  };

  return (
    <Flex vertical gap={12}>
      <DeadlineNote d={d} />
      <Card
        size="small"
        title={t('workReports.factsTitle')}
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('workReports.factsHint')}
          </Typography.Text>
        }
      >
        <ReportFacts facts={d.facts} kind={d.kind} />
      </Card>
      <Card size="small" title={t('workReports.yourReport')}>
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={!writable}
          initialValues={{
            work: d.report?.work ?? '',
            problems: d.report?.problems ?? '',
            plan: d.report?.plan ?? '',
          }}
        >
          <Form.Item
            name="work"
            label={t(daily ? 'workReports.work.daily' : 'workReports.work.weekly')}
            rules={[{ required: true, whitespace: true, message: t('workReports.workRequired') }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 12 }}
              maxLength={5000}
              placeholder={t('workReports.workPlaceholder')}
              data-testid="report-work"
            />
          </Form.Item>
          <Form.Item name="problems" label={t('workReports.problems')}>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 10 }}
              maxLength={5000}
              placeholder={t('workReports.problemsPlaceholder')}
              data-testid="report-problems"
            />
          </Form.Item>
          <Form.Item name="plan" label={t(daily ? 'workReports.plan.daily' : 'workReports.plan.weekly')}>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 10 }}
              maxLength={5000}
              data-testid="report-plan"
            />
          </Form.Item>
          <Flex gap={8} justify="flex-end" wrap>
            <Button
              onClick={() => void send(false)}
              loading={save.isPending && !submitting}
              data-testid="report-save-draft"
            >
              {t('workReports.saveDraft')}
            </Button>
            <Button
              type="primary"
              onClick={() => void send(true)}
              loading={save.isPending && submitting}
              data-testid="report-submit"
            >
              {d.window === 'late' ? t('workReports.submitLate') : t('workReports.submit')}
            </Button>
          </Flex>
        </Form>
      </Card>
    </Flex>
  );
}
