import { useMemo } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Divider,
  Empty,
  Flex,
  Form,
  Input,
  Radio,
  Rate,
  Row,
  Select,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  BUDGET_STATUSES,
  DECISION_ROLES,
  PAIN_CATEGORIES,
  type BudgetStatus,
  type Contact,
  type NeedsCreate,
  type NeedsRecord,
  type OpportunityListItem,
  type PainCategory,
} from '@tuoke/shared';
import { FormDrawer } from '../../app/components/FormDrawer';
import { DateInput, MoneyInput } from '../../app/components/inputs';
import { useList } from '../../app/resource';
import { useSaveNeeds } from './useNeeds';

type DecisionRole = (typeof DECISION_ROLES)[number];

interface Values {
  title: string;
  opportunityId?: string | null;
  contactId?: string | null;
  situation?: string | null;
  painPoints: { id?: string; description: string; severity: number; category: PainCategory }[];
  goals?: string | null;
  budgetMode: 'amount' | 'range';
  budgetAmount?: number | null;
  budgetMin?: number | null;
  budgetMax?: number | null;
  budgetStatus: BudgetStatus;
  decisionDate?: string | null;
  goLiveDate?: string | null;
  decisionMakers: { contactId?: string; role?: DecisionRole }[];
  competitors: string[];
  notes?: string | null;
}

const text = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

/**
 * Creates or edits a needs record in a drawer: pain points with severity and category, budget as
 * an amount or a range, timeline, decision makers picked from the account's contacts. A draft
 * (prefilled from questionnaire answers) opens as a new record to review.
 */
export function NeedsEditor({
  open,
  onClose,
  account,
  record,
  draft,
  defaultOpportunityId,
}: {
  open: boolean;
  onClose: () => void;
  account: { id: string; name: string };
  record?: NeedsRecord | null;
  draft?: NeedsCreate | null;
  defaultOpportunityId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveNeeds();
  const contacts = useList<Contact>('contacts', { accountId: account.id, limit: 100, sort: 'name' }, open);
  const opps = useList<OpportunityListItem>('opportunities', { accountId: account.id, limit: 100 }, open);
  const contactList = useMemo(() => contacts.data?.items ?? [], [contacts.data]);
  const contactById = useMemo(() => new Map(contactList.map((c) => [c.id, c])), [contactList]);
  const budgetMode = Form.useWatch('budgetMode', form);

  const initialValues = useMemo<Values>(() => {
    const src = record ?? draft;
    return {
      title: src?.title ?? '',
      opportunityId: src?.opportunityId ?? defaultOpportunityId ?? null,
      contactId: src?.contactId ?? null,
      situation: src?.situation ?? null,
      painPoints: (src?.painPoints ?? []).map((p) => ({
        id: p.id,
        description: p.description,
        severity: p.severity,
        category: p.category ?? 'other',
      })),
      goals: src?.goals ?? null,
      budgetMode: src?.budgetMin != null || src?.budgetMax != null ? 'range' : 'amount',
      budgetAmount: src?.budgetAmount ?? null,
      budgetMin: src?.budgetMin ?? null,
      budgetMax: src?.budgetMax ?? null,
      budgetStatus: src?.budgetStatus ?? 'unknown',
      decisionDate: src?.decisionDate ?? null,
      goLiveDate: src?.goLiveDate ?? null,
      decisionMakers: (src?.decisionMakers ?? []).map((d) => ({ contactId: d.contactId, role: d.role })),
      competitors: src?.competitors ?? [],
      notes: src?.notes ?? null,
    };
  }, [record, draft, defaultOpportunityId]);

  const onSubmit = async (v: Values) => {
    const isRange = v.budgetMode === 'range';
    const body = {
      title: v.title.trim(),
      opportunityId: v.opportunityId ?? null,
      contactId: v.contactId ?? null,
      situation: text(v.situation),
      painPoints: (v.painPoints ?? []).map((p) => ({
        ...(p.id ? { id: p.id } : {}),
        description: p.description.trim(),
        severity: p.severity,
        category: p.category,
      })),
      goals: text(v.goals),
      budgetAmount: isRange ? null : (v.budgetAmount ?? null),
      budgetMin: isRange ? (v.budgetMin ?? null) : null,
      budgetMax: isRange ? (v.budgetMax ?? null) : null,
      budgetStatus: v.budgetStatus,
      decisionDate: v.decisionDate ?? null,
      goLiveDate: v.goLiveDate ?? null,
      decisionMakers: (v.decisionMakers ?? []).map((d) => ({ contactId: d.contactId!, role: d.role! })),
      competitors: v.competitors ?? [],
      notes: text(v.notes),
    };
    if (record) await save.mutateAsync({ id: record.id, body: { ...body, version: record.version } });
    else
      await save.mutateAsync({
        body: { ...body, accountId: account.id, sourceResponseId: draft?.sourceResponseId ?? null },
      });
    message.success(record ? t('app.saved') : t('app.created'));
    onClose();
  };

  const severityTips = [1, 2, 3, 4, 5].map((n) => t(`needs.severities.${n}`));
  const roleOptions = DECISION_ROLES.map((r) => ({ value: r, label: t(`enums.decisionRole.${r}`) }));

  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      title={record ? t('needs.edit') : t('needs.new')}
      form={form}
      initialValues={initialValues}
      onSubmit={onSubmit}
      width={760}
      testId="needs-editor"
    >
      {draft && !record && (
        <Alert
          type="info"
          showIcon
          title={t('needs.fromResponse')}
          style={{ marginBottom: 16 }}
          data-testid="needs-from-response"
        />
      )}
      <Row gutter={12}>
        <Col xs={24} sm={24}>
          <Form.Item
            name="title"
            label={t('needs.recordTitle')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('needs.recordTitle') }),
              },
            ]}
          >
            <Input maxLength={200} placeholder={t('needs.titlePlaceholder')} data-testid="needs-title" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="opportunityId" label={t('needs.opportunity')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              loading={opps.isLoading}
              options={(opps.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
              data-testid="needs-opportunity"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="contactId" label={t('needs.contact')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              loading={contacts.isLoading}
              options={contactList.map((c) => ({
                value: c.id,
                label: c.title ? `${c.name}（${c.title}）` : c.name,
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="situation" label={t('needs.situation')}>
        <Input.TextArea rows={3} maxLength={5000} placeholder={t('needs.situationPlaceholder')} />
      </Form.Item>

      <Divider titlePlacement="start" style={{ marginTop: 4 }}>
        {t('needs.painPoints')}
      </Divider>
      <Form.List name="painPoints">
        {(fields, { add, remove }) => (
          <>
            {fields.length === 0 && (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('needs.noPain')}
                style={{ margin: '4px 0' }}
              />
            )}
            {fields.map((field, i) => (
              <Card size="small" key={field.key} style={{ marginBottom: 8 }} data-testid={`needs-pain-${i}`}>
                <Form.Item name={[field.name, 'id']} hidden>
                  <Input />
                </Form.Item>
                <Flex gap={8} align="flex-start">
                  <Form.Item
                    name={[field.name, 'description']}
                    style={{ flex: 1, marginBottom: 8 }}
                    rules={[
                      {
                        required: true,
                        whitespace: true,
                        message: t('validation.required', { field: t('needs.painDescription') }),
                      },
                    ]}
                  >
                    <Input.TextArea
                      autoSize={{ minRows: 1, maxRows: 4 }}
                      maxLength={500}
                      placeholder={t('needs.painDescription')}
                      data-testid={`needs-pain-description-${i}`}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('common.remove')}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
                <Flex gap={16} wrap align="center">
                  <Flex gap={8} align="center">
                    <Typography.Text type="secondary">{t('needs.severity')}</Typography.Text>
                    <Form.Item name={[field.name, 'severity']} noStyle>
                      <Rate count={5} allowClear={false} tooltips={severityTips} className="severity-rate" />
                    </Form.Item>
                  </Flex>
                  <Flex gap={8} align="center">
                    <Typography.Text type="secondary">{t('needs.category')}</Typography.Text>
                    <Form.Item name={[field.name, 'category']} noStyle>
                      <Select
                        style={{ width: 130 }}
                        options={PAIN_CATEGORIES.map((c) => ({
                          value: c,
                          label: t(`needs.categories.${c}`),
                        }))}
                      />
                    </Form.Item>
                  </Flex>
                </Flex>
              </Card>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({ description: '', severity: 3, category: 'other' })}
              disabled={fields.length >= 30}
              data-testid="needs-add-pain"
            >
              {t('needs.addPain')}
            </Button>
          </>
        )}
      </Form.List>

      <Form.Item name="goals" label={t('needs.goals')} style={{ marginTop: 16 }}>
        <Input.TextArea rows={2} maxLength={5000} placeholder={t('needs.goalsPlaceholder')} />
      </Form.Item>

      <Divider titlePlacement="start">{t('needs.budget')}</Divider>
      <Row gutter={12} align="bottom">
        <Col xs={24} sm={10}>
          <Form.Item name="budgetMode">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'amount', label: t('needs.budgetModeAmount') },
                { value: 'range', label: t('needs.budgetModeRange') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item name="budgetStatus" label={t('needs.budgetStatus')}>
            <Radio.Group
              options={BUDGET_STATUSES.map((s) => ({ value: s, label: t(`needs.budgetStatuses.${s}`) }))}
            />
          </Form.Item>
        </Col>
        {budgetMode === 'range' ? (
          <>
            <Col xs={12}>
              <Form.Item name="budgetMin" label={t('needs.budgetMin')}>
                <MoneyInput />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="budgetMax" label={t('needs.budgetMax')}>
                <MoneyInput />
              </Form.Item>
            </Col>
          </>
        ) : (
          <Col xs={24} sm={12}>
            <Form.Item name="budgetAmount" label={t('needs.budgetAmount')}>
              <MoneyInput data-testid="needs-budget-amount" />
            </Form.Item>
          </Col>
        )}
      </Row>

      <Divider titlePlacement="start">{t('needs.timeline')}</Divider>
      <Row gutter={12}>
        <Col xs={12}>
          <Form.Item name="decisionDate" label={t('needs.decisionDate')}>
            <DateInput />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="goLiveDate" label={t('needs.goLiveDate')}>
            <DateInput />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start">{t('needs.decisionMakers')}</Divider>
      {contacts.isSuccess && contactList.length === 0 && (
        <Typography.Paragraph type="secondary">{t('needs.noContacts')}</Typography.Paragraph>
      )}
      <Form.List name="decisionMakers">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Flex gap={8} key={field.key} align="flex-start">
                <Form.Item
                  name={[field.name, 'contactId']}
                  style={{ flex: 1 }}
                  rules={[{ required: true, message: t('needs.pickContact') }]}
                >
                  <Select
                    showSearch
                    optionFilterProp="label"
                    placeholder={t('needs.pickContact')}
                    options={contactList.map((c) => ({
                      value: c.id,
                      label: c.title ? `${c.name}（${c.title}）` : c.name,
                    }))}
                    onChange={(id: string) => {
                      // the contact's own decision role is the likely one
                      const role = contactById.get(id)?.decisionRole;
                      if (role) form.setFieldValue(['decisionMakers', field.name, 'role'], role);
                    }}
                    data-testid={`needs-dm-contact-${i}`}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'role']}
                  style={{ width: 150 }}
                  rules={[{ required: true, message: t('needs.role') }]}
                >
                  <Select options={roleOptions} placeholder={t('needs.role')} />
                </Form.Item>
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('common.remove')}
                  onClick={() => remove(field.name)}
                />
              </Flex>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({ role: 'decision_maker' })}
              disabled={contactList.length === 0 || fields.length >= 30}
              data-testid="needs-add-dm"
            >
              {t('needs.addDecisionMaker')}
            </Button>
          </>
        )}
      </Form.List>

      <Form.Item name="competitors" label={t('needs.competitors')} style={{ marginTop: 16 }}>
        <Select
          mode="tags"
          open={false}
          suffixIcon={null}
          tokenSeparators={[',', '，', '、']}
          placeholder={t('needs.competitorsPlaceholder')}
        />
      </Form.Item>
      <Form.Item name="notes" label={t('needs.notes')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
    </FormDrawer>
  );
}
