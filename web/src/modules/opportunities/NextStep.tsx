import { Flex, Tag, Typography } from 'antd';
import { ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { nextStepProblem } from '@tuoke/shared';
import { useFormat } from '../../app/format';

interface NextStepDeal {
  status: string;
  nextStep: string | null;
  nextStepDate?: string | null;
}

/**
 * 督导's mark on an open deal: 无下一步 (no next step), 下一步未定日期 (no date for it) or
 * 下一步已过期 (its date has passed); nothing when the next step is fine or the deal is closed.
 */
export function NextStepTag({ deal, compact = false }: { deal: NextStepDeal; compact?: boolean }) {
  const { t } = useTranslation();
  const problem = nextStepProblem(deal, dayjs().format('YYYY-MM-DD'));
  if (!problem) return null;
  const label =
    problem === 'overdue'
      ? t('supervision.nextStepOverdue')
      : deal.nextStep?.trim()
        ? t('supervision.noNextStepDate')
        : t('supervision.noNextStep');
  return (
    <Tag
      color={problem === 'missing' ? 'orange' : 'red'}
      icon={<ExclamationCircleOutlined />}
      style={compact ? { fontSize: 11, lineHeight: '18px', marginInlineEnd: 0 } : { marginInlineEnd: 0 }}
      data-testid="next-step-problem"
    >
      {label}
    </Tag>
  );
}

/** The next step's text and date, with the mark when it is missing or overdue. */
export function NextStepCell({ deal, maxWidth = 220 }: { deal: NextStepDeal; maxWidth?: number }) {
  const fmt = useFormat();
  const { t } = useTranslation();
  const problem = nextStepProblem(deal, dayjs().format('YYYY-MM-DD'));
  const text = deal.nextStep?.trim();
  if (!text && !deal.nextStepDate && !problem) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical gap={2} align="flex-start" style={{ maxWidth }}>
      {text && <Typography.Text ellipsis={{ tooltip: text }}>{text}</Typography.Text>}
      {deal.nextStepDate && (
        <Typography.Text type={problem === 'overdue' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
          {t('supervision.dueOn', { date: fmt.date(deal.nextStepDate) })}
        </Typography.Text>
      )}
      {problem && <NextStepTag deal={deal} compact />}
    </Flex>
  );
}
