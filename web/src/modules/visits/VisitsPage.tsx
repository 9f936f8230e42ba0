import { useMemo, useState } from 'react';
import { Button, Card, Empty, Flex, Segmented, Skeleton, Tabs, Tag, Typography } from 'antd';
import { EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Visit } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { PageHeader } from '../../app/components/PageHeader';
import { ComplianceView } from './ComplianceView';
import { SpotCheckInDialog } from './SpotCheckInDialog';
import { VisitCard } from './VisitCard';
import { VisitFormDialog } from './VisitFormDialog';
import { VisitSettingsCard } from './VisitSettingsCard';
import { WeekNav } from './WeekNav';
import { chinaDate, chinaToday, mondayOf, useWeekVisits, weekDays } from './useVisits';

/** 拜访: the week's plan (我的拜访), plan vs actual (计划执行) and, for admins, the settings. */
export function VisitsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const scope = me?.permissions.visit?.scope ?? 'own';
  const isAdmin = me?.user.role === 'admin';
  const tab = params.get('tab') ?? 'mine';
  const week = params.get('week') ?? mondayOf();
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  return (
    <div data-testid="visits-page">
      <PageHeader title={t('visits.title')} subtitle={t('visits.subtitle')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => set({ tab: key === 'mine' ? null : key })}
        items={[
          {
            key: 'mine',
            label: t('visits.tabMine'),
            children: <WeekPlan week={week} onWeek={(w) => set({ week: w })} manager={scope !== 'own'} />,
          },
          {
            key: 'compliance',
            label: <span data-testid="visit-tab-compliance">{t('visits.tabCompliance')}</span>,
            children: (
              <ComplianceView
                week={week}
                onWeek={(w) => set({ week: w })}
                teamId={params.get('team') ?? undefined}
                onTeam={(id) => set({ team: id ?? null })}
              />
            ),
          },
          ...(isAdmin
            ? [{ key: 'settings', label: t('visits.tabSettings'), children: <VisitSettingsCard /> }]
            : []),
        ]}
      />
    </div>
  );
}

function WeekPlan({
  week,
  onWeek,
  manager,
}: {
  week: string;
  onWeek: (w: string) => void;
  manager: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [whose, setWhose] = useState<'mine' | 'all'>('mine');
  const [planning, setPlanning] = useState<string | null>(null);
  const [spot, setSpot] = useState(false);
  const ownerId = manager && whose === 'all' ? undefined : me?.user.id;
  const { data, isLoading } = useWeekVisits(week, ownerId);
  const today = chinaToday();
  const days = weekDays(week);
  const byDay = useMemo(() => {
    const map = new Map<string, Visit[]>();
    for (const v of data?.items ?? []) {
      const d = chinaDate(v.plannedAt);
      map.set(d, [...(map.get(d) ?? []), v]);
    }
    return map;
  }, [data]);
  const items = data?.items ?? [];
  const active = items.filter((v) => v.status !== 'cancelled');
  const done = active.filter((v) => v.status === 'completed').length;
  const missed = active.filter((v) => v.compliance === 'missed').length;
  const open = active.filter(
    (v) => v.status === 'checked_in' || (v.status === 'planned' && v.compliance !== 'missed'),
  ).length;
  const open_ = (v: Visit) => navigate(`/visits/${v.id}`);
  const dayLabel = (d: string, i: number) =>
    `${t(`visits.weekdays.${i}`)} ${dayjs(d).format(i18n.language === 'zh-CN' ? 'M/D' : 'MMM D')}`;

  return (
    <div style={{ maxWidth: 920 }}>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <WeekNav week={week} onWeek={onWeek} />
        <Flex gap={8} wrap>
          {manager && (
            <Segmented
              value={whose}
              onChange={(v) => setWhose(v as 'mine' | 'all')}
              options={[
                { value: 'mine', label: t('visits.whoseMine') },
                { value: 'all', label: t('visits.whoseAll') },
              ]}
              data-testid="visit-whose"
            />
          )}
          <Button icon={<EnvironmentOutlined />} onClick={() => setSpot(true)} data-testid="visit-spot-open">
            {t('visits.spot')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setPlanning(week)}
            data-testid="visit-new"
          >
            {t('visits.new')}
          </Button>
        </Flex>
      </Flex>
      {isLoading ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <>
          <Typography.Text
            type="secondary"
            style={{ display: 'block', marginBottom: 8 }}
            data-testid="visit-week-summary"
          >
            {t('visits.weekSummary', { total: active.length, done, open })}
            {missed > 0 && (
              <Typography.Text type="danger">{t('visits.weekMissed', { n: missed })}</Typography.Text>
            )}
          </Typography.Text>
          {items.length === 0 && (
            <Card style={{ marginBottom: 12 }}>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visits.emptyWeek')}>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setPlanning(week)}>
                  {t('visits.new')}
                </Button>
              </Empty>
            </Card>
          )}
          <Flex vertical gap={10}>
            {days.map((d, i) => {
              const list = byDay.get(d) ?? [];
              const isToday = d === today;
              if (list.length === 0 && i >= 5 && !isToday) return null; // quiet weekends stay out of the way
              return (
                <section key={d} data-testid="visit-day" data-date={d}>
                  <Flex align="center" gap={8} style={{ margin: '4px 2px 6px' }}>
                    <Typography.Text strong style={{ color: isToday ? '#1d4ed8' : undefined }}>
                      {dayLabel(d, i)}
                    </Typography.Text>
                    {isToday && <Tag color="blue">{t('visits.today')}</Tag>}
                    {list.length === 0 && (
                      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                        {t('visits.nothingPlanned')}
                      </Typography.Text>
                    )}
                  </Flex>
                  <Flex vertical gap={8}>
                    {list.map((v) => (
                      <VisitCard key={v.id} visit={v} showOwner={ownerId === undefined} onOpen={open_} />
                    ))}
                  </Flex>
                </section>
              );
            })}
          </Flex>
        </>
      )}
      <VisitFormDialog
        open={planning !== null}
        onClose={() => setPlanning(null)}
        defaultDate={planning && planning > today ? planning : undefined}
        onSaved={(v) => {
          const w = mondayOf(v.plannedAt);
          if (w !== week) onWeek(w);
        }}
      />
      <SpotCheckInDialog
        open={spot}
        onClose={() => setSpot(false)}
        onDone={(v) => navigate(`/visits/${v.id}`)}
      />
    </div>
  );
}
