import { useMemo, useState } from 'react';
import { Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DECISION_ROLES, type Contact } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { ListPage } from '../../app/components/ListPage';
import { useFormat } from '../../app/format';
import { ContactForm } from './ContactForm';

const ROLE_COLORS: Record<string, string> = {
  decision_maker: 'red',
  influencer: 'orange',
  evaluator: 'blue',
  user: 'cyan',
  gatekeeper: 'purple',
  champion: 'green',
};

export function DecisionRoleTag({ role }: { role: string | null }) {
  const { t } = useTranslation();
  if (!role) return null;
  return <Tag color={ROLE_COLORS[role]}>{t(`enums.decisionRole.${role}`)}</Tag>;
}

export function ContactsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  const columns = useMemo<ColumnsType<Contact>>(
    () => [
      {
        key: 'name',
        title: t('fields.contactName'),
        sorter: true,
        render: (_, c) => (
          <div>
            <Link to={`/contacts/${c.id}`}>
              <Typography.Text strong style={{ color: 'inherit' }}>
                {c.name}
              </Typography.Text>
            </Link>
            {c.title && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.title}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      },
      {
        key: 'account',
        title: t('fields.account'),
        render: (_, c) => (c.accountId ? <Link to={`/accounts/${c.accountId}`}>{c.accountName}</Link> : '—'),
      },
      {
        key: 'decisionRole',
        title: t('fields.decisionRole'),
        render: (_, c) => <DecisionRoleTag role={c.decisionRole} />,
      },
      { key: 'phone', title: t('fields.phone'), render: (_, c) => c.phone ?? '—' },
      { key: 'email', title: t('fields.email'), render: (_, c) => c.email ?? '—' },
      { key: 'owner', title: t('fields.owner'), dataIndex: 'ownerName' },
      {
        key: 'updatedAt',
        title: t('fields.updatedAt'),
        sorter: true,
        render: (_, c) => fmt.relative(c.updatedAt),
      },
    ],
    [t, fmt],
  );

  return (
    <>
      <ListPage<Contact>
        resource="contacts"
        testId="contacts"
        title={t('contacts.title')}
        subtitle={t('contacts.subtitle')}
        columns={columns}
        rowHref={(c) => `/contacts/${c.id}`}
        searchPlaceholder={t('contacts.searchPlaceholder')}
        filters={[
          {
            name: 'decisionRole',
            placeholder: t('fields.decisionRole'),
            options: DECISION_ROLES.map((v) => ({ value: v, label: t(`enums.decisionRole.${v}`) })),
          },
        ]}
        newLabel={t('contacts.new')}
        onNew={can('contact', 'create') ? () => setCreating(true) : undefined}
        emptyTitle={t('contacts.emptyTitle')}
        emptyHint={t('contacts.emptyHint')}
      />
      <ContactForm
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(c) => navigate(`/contacts/${c.id}`)}
      />
    </>
  );
}
