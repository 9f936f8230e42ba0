import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/components/PageHeader';
import { CompetitorsTab } from './CompetitorsTab';
import { MacroFactorsTab } from './MacroFactorsTab';
import { MarketsTab } from './MarketsTab';

const TABS = ['markets', 'competitors', 'macro'] as const;

/** 市场分析: markets and their opportunity scores, competitors with won/lost, macro factors (PEST). */
export function MarketsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((k) => k === params.get('tab')) ?? 'markets';
  return (
    <div data-testid="markets-page">
      <PageHeader title={t('markets.title')} subtitle={t('markets.subtitle')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'markets' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'markets', label: t('markets.tabs.markets'), children: <MarketsTab /> },
          { key: 'competitors', label: t('markets.tabs.competitors'), children: <CompetitorsTab /> },
          { key: 'macro', label: t('markets.tabs.macro'), children: <MacroFactorsTab /> },
        ]}
      />
    </div>
  );
}
