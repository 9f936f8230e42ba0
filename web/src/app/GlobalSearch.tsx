import { useEffect, useState } from 'react';
import { AutoComplete, Input, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '@tuoke/shared';
import { api } from './api';

const TYPE_PATH: Record<SearchHit['type'], string> = {
  account: '/accounts',
  contact: '/contacts',
  lead: '/leads',
  opportunity: '/opportunities',
};
const TYPE_COLOR: Record<SearchHit['type'], string> = {
  account: 'blue',
  contact: 'cyan',
  lead: 'gold',
  opportunity: 'green',
};

/** Top-bar search across accounts, contacts, leads and opportunities. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);

  const { data, isFetching } = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api.get<{ items: SearchHit[] }>('/search', { q, limit: 12 }, signal),
    enabled: q.length > 0,
    staleTime: 10_000,
  });

  const options = (data?.items ?? []).map((hit) => ({
    value: `${hit.type}:${hit.id}`,
    label: (
      <div
        data-testid={`search-hit-${hit.type}-${hit.id}`}
        style={{ display: 'flex', gap: 8, alignItems: 'center' }}
      >
        <Tag color={TYPE_COLOR[hit.type]} style={{ marginInlineEnd: 0 }}>
          {t(`enums.relatedType.${hit.type}`)}
        </Tag>
        <div style={{ minWidth: 0, lineHeight: 1.3 }}>
          <div style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{hit.title}</div>
          {hit.subtitle && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {hit.subtitle}
            </Typography.Text>
          )}
        </div>
      </div>
    ),
  }));

  return (
    <AutoComplete
      className="global-search"
      value={text}
      options={options}
      onChange={setText}
      onSelect={(value: string) => {
        const [type, id] = value.split(':') as [SearchHit['type'], string];
        setText('');
        navigate(`${TYPE_PATH[type]}/${id}`);
      }}
      notFoundContent={q && !isFetching ? t('topbar.searchEmpty') : undefined}
      popupMatchSelectWidth={360}
    >
      <Input
        prefix={<SearchOutlined style={{ color: '#94a3b8' }} />}
        placeholder={t('topbar.searchPlaceholder')}
        allowClear
        data-testid="global-search"
        variant="filled"
      />
    </AutoComplete>
  );
}
