import { Button, Flex, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { mondayOf, shiftWeek } from './useVisits';

/** Previous / this / next week, and which week is on screen. */
export function WeekNav({ week, onWeek }: { week: string; onWeek: (week: string) => void }) {
  const { t, i18n } = useTranslation();
  const fmt = i18n.language === 'zh-CN' ? 'M月D日' : 'MMM D';
  const current = mondayOf();
  return (
    <Flex align="center" gap={4} wrap>
      <Button
        icon={<LeftOutlined />}
        aria-label={t('visits.prevWeek')}
        title={t('visits.prevWeek')}
        onClick={() => onWeek(shiftWeek(week, -1))}
        data-testid="visit-week-prev"
      />
      <Typography.Text
        strong
        style={{ minWidth: 128, textAlign: 'center', fontVariantNumeric: 'tabular-nums' }}
        data-testid="visit-week-label"
      >
        {t('visits.weekOf', {
          from: dayjs(week).format(fmt),
          to: dayjs(week).add(6, 'day').format(fmt),
        })}
      </Typography.Text>
      <Button
        icon={<RightOutlined />}
        aria-label={t('visits.nextWeek')}
        title={t('visits.nextWeek')}
        onClick={() => onWeek(shiftWeek(week, 1))}
        data-testid="visit-week-next"
      />
      {week !== current && (
        <Button type="link" onClick={() => onWeek(current)} style={{ paddingInline: 6 }}>
          {t('visits.thisWeek')}
        </Button>
      )}
    </Flex>
  );
}
