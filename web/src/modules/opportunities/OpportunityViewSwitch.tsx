import { Segmented } from 'antd';
import { AppstoreOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

export function OpportunityViewSwitch({ value }: { value: 'list' | 'board' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Segmented
      value={value}
      onChange={(v) => navigate(v === 'board' ? '/opportunities/board' : '/opportunities')}
      options={[
        {
          value: 'list',
          icon: <UnorderedListOutlined />,
          label: <span data-testid="opps-view-list">{t('opportunities.list')}</span>,
        },
        {
          value: 'board',
          icon: <AppstoreOutlined />,
          label: <span data-testid="opps-view-board">{t('opportunities.board')}</span>,
        },
      ]}
    />
  );
}
