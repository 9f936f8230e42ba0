import { useMemo, useState } from 'react';
import { Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_LEVELS, INDUSTRIES, SOURCES, type Account } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { ListPage } from '../../app/components/ListPage';
import { useRegionOptions } from '../../app/components/RegionInput';
import { useEnumLabel, useFormat } from '../../app/format';
import { useSegmentOptions } from '../segments/useSegments';
import { AccountForm } from './AccountForm';

const LEVEL_COLORS: Record<string, string> = { A: 'red', B: 'orange', C: 'blue', D: 'default' };

export function LevelTag({ level }: { level: string | null }) {
  const { t } = useTranslation();
  if (!level) return null;
  return <Tag color={LEVEL_COLORS[level]}>{t(`enums.accountLevel.${level}`)}</Tag>;
}

export function AccountsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useEnumLabel();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const regions = useRegionOptions();
  const segments = useSegmentOptions('account', can('segment', 'read')).data ?? [];

  const columns = useMemo<ColumnsType<Account>>(
    () => [
      {
        key: 'name',
        title: t('fields.name'),
        sorter: true,
        render: (_, a) => (
          <div>
            <Link to={`/accounts/${a.id}`} data-testid={`account-link-${a.id}`}>
              <Typography.Text strong style={{ color: 'inherit' }}>
                {a.name}
              </Typography.Text>
            </Link>
            {a.phone && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.phone}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      },
      { key: 'level', title: t('fields.level'), render: (_, a) => <LevelTag level={a.level} /> },
      { key: 'industry', title: t('fields.industry'), render: (_, a) => label('industry', a.industry) },
      { key: 'region', title: t('fields.region'), render: (_, a) => label('region', a.region) },
      { key: 'source', title: t('fields.source'), render: (_, a) => label('source', a.source) },
      {
        key: 'owner',
        title: t('fields.owner'),
        render: (_, a) => (a.ownerId ? a.ownerName : <Tag color="gold">{a.poolName ?? a.ownerName}</Tag>),
      },
      {
        key: 'updatedAt',
        title: t('fields.updatedAt'),
        sorter: true,
        render: (_, a) => fmt.relative(a.updatedAt),
      },
    ],
    [t, fmt, label],
  );

  return (
    <>
      <ListPage<Account>
        resource="accounts"
        testId="accounts"
        title={t('accounts.title')}
        subtitle={t('accounts.subtitle')}
        columns={columns}
        rowHref={(a) => `/accounts/${a.id}`}
        searchPlaceholder={t('accounts.searchPlaceholder')}
        filters={[
          ...(segments.length
            ? [
                {
                  name: 'segmentId',
                  placeholder: t('segments.filterBy'),
                  options: segments.map((s) => ({ value: s.id, label: s.name })),
                  width: 160,
                },
              ]
            : []),
          {
            name: 'industry',
            placeholder: t('fields.industry'),
            options: INDUSTRIES.map((v) => ({ value: v, label: t(`enums.industry.${v}`) })),
          },
          { name: 'region', placeholder: t('fields.region'), options: regions, width: 120 },
          {
            name: 'level',
            placeholder: t('fields.level'),
            options: ACCOUNT_LEVELS.map((v) => ({ value: v, label: t(`enums.accountLevel.${v}`) })),
            width: 120,
          },
          {
            name: 'source',
            placeholder: t('fields.source'),
            options: SOURCES.map((v) => ({ value: v, label: t(`enums.source.${v}`) })),
          },
        ]}
        newLabel={t('accounts.new')}
        onNew={can('account', 'create') ? () => setCreating(true) : undefined}
        emptyTitle={t('accounts.emptyTitle')}
        emptyHint={t('accounts.emptyHint')}
      />
      <AccountForm
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(a) => navigate(`/accounts/${a.id}`)}
      />
    </>
  );
}
