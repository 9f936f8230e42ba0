import { useState } from 'react';
import { App, Button, Card, Flex, Form, Input, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckOutlined, DownloadOutlined, UserAddOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { BoothLead, BoothLeadCreate, Campaign, EventRegistration } from '@tuoke/shared';
import { API_BASE } from '../../app/api';
import { useAuth } from '../../app/auth';
import { FormDrawer } from '../../app/components/FormDrawer';
import { useErrorHandler } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useSourceLabel } from '../lead-intake/useLeadIntake';
import { useCampaignWrite, useRegistrations } from './useCampaigns';

type QuickEntry = { name: string; company?: string; phone?: string; email?: string };

/** An event on the day: registrations, quick entry, check-in, CSV export and booth leads. */
export function CampaignEventTab({ campaign: c }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const sourceLabel = useSourceLabel();
  const { can } = useAuth();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [q, setQ] = useState('');
  const { data, isLoading } = useRegistrations(c.id, q);
  const write = useCampaignWrite();
  const [quick] = Form.useForm<QuickEntry>();
  const [boothForm] = Form.useForm<BoothLeadCreate>();
  const [booth, setBooth] = useState<{ registration?: EventRegistration } | null>(null);
  const canCapture = can('lead', 'create');

  const register = async (v: QuickEntry) => {
    const blank = (s?: string) => (s && s.trim() ? s.trim() : null);
    try {
      await write.mutateAsync({
        method: 'post',
        path: `/campaigns/${c.id}/registrations`,
        body: {
          name: v.name.trim(),
          company: blank(v.company),
          phone: blank(v.phone),
          email: blank(v.email),
        },
      });
      message.success(t('app.created'));
      quick.resetFields();
    } catch (err) {
      handleError(err, quick);
    }
  };

  const checkIn = async (r: EventRegistration, attended: boolean) => {
    try {
      await write.mutateAsync({
        method: 'post',
        path: `/campaigns/${c.id}/registrations/${r.id}/check-in`,
        body: { attended },
      });
    } catch (err) {
      handleError(err);
    }
  };

  const capture = async (v: BoothLeadCreate) => {
    const blank = (s?: string | null) => (s && s.trim() ? s.trim() : null);
    const r = (await write.mutateAsync({
      method: 'post',
      path: `/campaigns/${c.id}/booth-leads`,
      body: {
        name: v.name.trim(),
        company: blank(v.company),
        title: blank(v.title),
        phone: blank(v.phone),
        email: blank(v.email),
        notes: blank(v.notes),
        ...(booth?.registration ? { registrationId: booth.registration.id } : {}),
      },
    })) as BoothLead;
    message.success(
      <span>
        {t('campaigns.event.leadCreated')} · <Link to={`/leads/${r.leadId}`}>{r.name}</Link>
      </span>,
    );
    setBooth(null);
  };

  const columns: ColumnsType<EventRegistration> = [
    {
      key: 'name',
      title: t('campaigns.event.name'),
      render: (_, r) => (
        <div>
          <Typography.Text strong>{r.name}</Typography.Text>
          {r.company && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.company}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    { key: 'phone', title: t('campaigns.event.phone'), render: (_, r) => r.phone ?? '—' },
    { key: 'email', title: t('campaigns.event.email'), render: (_, r) => r.email ?? '—' },
    {
      key: 'registeredAt',
      title: t('campaigns.event.registeredAt'),
      render: (_, r) => fmt.dateTime(r.registeredAt),
    },
    {
      key: 'linked',
      title: `${t('campaigns.event.linkedContact')} / ${t('campaigns.event.linkedLead')}`,
      render: (_, r) => (
        <Space size={4}>
          {r.contactId && (
            <Link to={`/contacts/${r.contactId}`}>
              <Tag color="green">{t('campaigns.event.linkedContact')}</Tag>
            </Link>
          )}
          {r.leadId && (
            <Link to={`/leads/${r.leadId}`}>
              <Tag color="gold">{t('campaigns.event.linkedLead')}</Tag>
            </Link>
          )}
          {!r.contactId && !r.leadId && '—'}
        </Space>
      ),
    },
    {
      key: 'attended',
      title: t('campaigns.event.attended'),
      render: (_, r) =>
        r.attended ? (
          <Space size={4}>
            <Tag color="success" icon={<CheckOutlined />}>
              {t('campaigns.event.checkedIn', { time: dayjs(r.attendedAt).format('MM-DD HH:mm') })}
            </Tag>
            <Button size="small" type="link" onClick={() => void checkIn(r, false)}>
              {t('campaigns.event.undoCheckIn')}
            </Button>
          </Space>
        ) : (
          <Button
            size="small"
            type="primary"
            ghost
            onClick={() => void checkIn(r, true)}
            data-testid={`check-in-${r.id}`}
          >
            {t('campaigns.event.checkIn')}
          </Button>
        ),
    },
    {
      key: 'actions',
      render: (_, r) =>
        canCapture && !r.leadId && !r.contactId ? (
          <Button
            size="small"
            onClick={() => {
              setBooth({ registration: r });
            }}
          >
            {t('campaigns.event.toLead')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="campaign-event">
      <Card>
        <Flex justify="space-between" align="center" wrap gap={16}>
          <Space size={40}>
            <Statistic title={t('campaigns.funnel.registered')} value={data?.registered ?? 0} />
            <Statistic
              title={t('campaigns.funnel.attended')}
              value={data?.attended ?? 0}
              suffix={
                data?.registered ? (
                  <small>{Math.round(((data.attended ?? 0) / data.registered) * 100)}%</small>
                ) : undefined
              }
            />
          </Space>
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              href={`${API_BASE}/campaigns/${c.id}/registrations/export`}
              data-testid="registrations-export"
            >
              {t('campaigns.event.export')}
            </Button>
            {canCapture && (
              <Button
                type="primary"
                icon={<UserAddOutlined />}
                onClick={() => setBooth({})}
                data-testid="booth-lead"
              >
                {t('campaigns.event.boothLead')}
              </Button>
            )}
          </Space>
        </Flex>
      </Card>
      <Card title={t('campaigns.event.quickAdd')}>
        <Form form={quick} layout="inline" onFinish={register} style={{ rowGap: 8 }}>
          <Form.Item
            name="name"
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('campaigns.event.name') }),
              },
            ]}
          >
            <Input
              placeholder={t('campaigns.event.name')}
              maxLength={100}
              style={{ width: 140 }}
              data-testid="reg-name"
            />
          </Form.Item>
          <Form.Item name="company">
            <Input placeholder={t('campaigns.event.company')} maxLength={200} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="phone">
            <Input placeholder={t('campaigns.event.phone')} maxLength={40} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="email" rules={[{ type: 'email', message: t('serverErrors.email') }]}>
            <Input placeholder={t('campaigns.event.email')} maxLength={200} style={{ width: 200 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={write.isPending} data-testid="reg-add">
            {t('campaigns.event.add')}
          </Button>
        </Form>
      </Card>
      <Card
        title={t('campaigns.event.registrations')}
        extra={
          <Input.Search
            allowClear
            placeholder={t('campaigns.event.search')}
            onSearch={setQ}
            style={{ width: 240 }}
          />
        }
      >
        <Table<EventRegistration>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isLoading}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('campaigns.event.empty') }}
          data-testid="registrations"
        />
      </Card>
      {booth && (
        <FormDrawer<BoothLeadCreate>
          open
          title={t('campaigns.event.boothLeadTitle')}
          form={boothForm}
          initialValues={
            booth.registration
              ? {
                  name: booth.registration.name,
                  company: booth.registration.company,
                  phone: booth.registration.phone,
                  email: booth.registration.email,
                }
              : {}
          }
          onClose={() => setBooth(null)}
          onSubmit={capture}
          testId="booth-form"
        >
          <Typography.Paragraph type="secondary">
            {t('campaigns.event.boothLeadHint', { source: sourceLabel(c.source) })}
          </Typography.Paragraph>
          <Form.Item
            name="name"
            label={t('campaigns.event.name')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('campaigns.event.name') }),
              },
            ]}
          >
            <Input maxLength={100} data-testid="booth-name" />
          </Form.Item>
          <Form.Item name="company" label={t('campaigns.event.company')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="title" label={t('campaigns.event.title')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="phone" label={t('campaigns.event.phone')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('campaigns.event.email')}
            rules={[{ type: 'email', message: t('serverErrors.email') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="notes" label={t('campaigns.event.notes')}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        </FormDrawer>
      )}
    </Flex>
  );
}
