import { useTranslation } from 'react-i18next';
import type { PoolKind, PoolRule } from '@tuoke/shared';

/** "A 级：15 天未跟进或…（提前 5 天提醒）" for one rule of a pool. */
export function useRuleSummary() {
  const { t } = useTranslation();
  return (r: PoolRule, kind: PoolKind, withWarning = false) => {
    const parts = [
      r.noFollowUpDays ? t('pools.ruleText.no_follow_up', { n: r.noFollowUpDays }) : null,
      r.noOpportunityDays ? t('pools.ruleText.no_opportunity', { n: r.noOpportunityDays }) : null,
      r.notWonDays ? t('pools.ruleText.not_won', { n: r.notWonDays }) : null,
    ].filter(Boolean);
    const level =
      r.level !== '*'
        ? t('pools.levelN', { level: r.level })
        : kind === 'lead'
          ? t('pools.allLeads')
          : t('pools.levelAny');
    const text = t('pools.kv', { k: level, v: parts.join(t('pools.or')) });
    return withWarning && r.warnDays
      ? text + t('pools.withNote', { note: t('pools.warnAhead', { n: r.warnDays }) })
      : text;
  };
}
