import { useState } from 'react';
import { Card, Col, Descriptions, Row } from 'antd';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { DetailState } from '../../app/components/DetailState';
import { PageHeader } from '../../app/components/PageHeader';
import { RecordActions } from '../../app/components/RecordActions';
import { useFormat } from '../../app/format';
import { RecordTimeline } from '../activities/RecordTimeline';
import { ContactForm } from './ContactForm';
import { DecisionRoleTag } from './ContactsPage';
import { useContact, useDeleteContact } from './useContacts';

export function ContactDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const { data: contact, isLoading, error } = useContact(id);
  const remove = useDeleteContact();
  const [editing, setEditing] = useState(false);

  if (!contact) return <DetailState isLoading={isLoading} error={error} backTo="/contacts" />;

  return (
    <div data-testid="contact-detail">
      <PageHeader
        backTo="/contacts"
        title={contact.name}
        tags={<DecisionRoleTag role={contact.decisionRole} />}
        subtitle={
          <>
            {contact.title}
            {contact.title && contact.accountId && ' · '}
            {contact.accountId && <Link to={`/accounts/${contact.accountId}`}>{contact.accountName}</Link>}
          </>
        }
        extra={
          <RecordActions
            testId="contact"
            name={contact.name}
            onEdit={can('contact', 'update') ? () => setEditing(true) : undefined}
            onDelete={can('contact', 'delete') ? () => remove.mutateAsync(contact.id) : undefined}
            afterDeleteTo="/contacts"
          />
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card title={t('common.details')}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'phone', label: t('fields.phone'), children: contact.phone ?? '—' },
                { key: 'email', label: t('fields.email'), children: contact.email ?? '—' },
                { key: 'wechat', label: t('fields.wechat'), children: contact.wechat ?? '—' },
                { key: 'birthday', label: t('fields.birthday'), children: fmt.date(contact.birthday) },
                { key: 'owner', label: t('fields.owner'), children: contact.ownerName },
                { key: 'createdAt', label: t('fields.createdAt'), children: fmt.dateTime(contact.createdAt) },
                { key: 'notes', label: t('fields.notes'), children: contact.notes ?? '—' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <RecordTimeline
            relatedType="contact"
            relatedId={contact.id}
            relatedName={contact.name}
            canLog={can('activity', 'create')}
          />
        </Col>
      </Row>
      <ContactForm open={editing} onClose={() => setEditing(false)} contact={contact} />
    </div>
  );
}
