import { Card, Descriptions, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Account, Contact, Lead, Opportunity } from '@tuoke/shared';
import { useFormat } from '../../app/format';
import { useRecord } from '../../app/resource';

/** What a converted lead became: links to its account, contact and deal. */
export function LeadConversionCard({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const account = useRecord<Account>('accounts', lead.convertedAccountId ?? undefined);
  const contact = useRecord<Contact>('contacts', lead.convertedContactId ?? undefined);
  const deal = useRecord<Opportunity>('opportunities', lead.convertedOpportunityId ?? undefined);
  // a record the reader may not open (or that was merged away) shows as unavailable, not as an error
  const link = (path: string, id: string | null, name: string | undefined, failed: boolean) =>
    !id ? (
      '—'
    ) : failed ? (
      <Typography.Text type="secondary">{t('leadConvert.unavailable')}</Typography.Text>
    ) : (
      <Link to={`/${path}/${id}`}>{name ?? '…'}</Link>
    );
  return (
    <Card
      title={t('leadConvert.convertedTitle')}
      size="small"
      style={{ marginTop: 16 }}
      extra={<Typography.Text type="secondary">{fmt.dateTime(lead.convertedAt)}</Typography.Text>}
      data-testid="lead-conversion"
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'account',
            label: t('fields.account'),
            children: link('accounts', lead.convertedAccountId, account.data?.name, !!account.error),
          },
          {
            key: 'contact',
            label: t('nav.contacts'),
            children: link('contacts', lead.convertedContactId, contact.data?.name, !!contact.error),
          },
          {
            key: 'opportunity',
            label: t('nav.opportunities'),
            children: link('opportunities', lead.convertedOpportunityId, deal.data?.name, !!deal.error),
          },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('leadConvert.readOnly')}
      </Typography.Text>
    </Card>
  );
}
