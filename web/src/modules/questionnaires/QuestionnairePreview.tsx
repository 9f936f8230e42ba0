import { Checkbox, Empty, Flex, Input, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale, Question } from '@tuoke/shared';

/**
 * What the customer sees on the link's page, drawn from the builder's current values: the same
 * order, texts and inputs (the page itself is rendered by the server in the questionnaire's language).
 */
export function QuestionnairePreview({
  title,
  intro,
  questions,
  companyName,
  language,
}: {
  title: string;
  intro?: string | null;
  questions: Partial<Question>[];
  companyName: string;
  /** The questionnaire's language: the customer's page labels are in it. */
  language: Locale;
}) {
  const { t, i18n } = useTranslation();
  const tq = i18n.getFixedT(language);
  return (
    <div className="questionnaire-preview" data-testid="questionnaire-preview">
      <div style={{ borderBottom: '2px solid #1677ff', paddingBottom: 10, marginBottom: 12 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {companyName}
        </Typography.Text>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title || '—'}
        </Typography.Title>
      </div>
      {intro && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', color: 'rgba(0,0,0,.65)' }}>
          {intro}
        </Typography.Paragraph>
      )}
      {questions.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('questionnaires.noQuestions')} />
      )}
      {questions.map((q, i) => (
        <div key={q.id ?? i} style={{ borderTop: '1px solid #f0f0f0', padding: '14px 0' }}>
          <Typography.Text strong>
            {i + 1}. {q.text || '…'}
          </Typography.Text>
          {q.required && (
            <Typography.Text type="danger" style={{ fontSize: 12, marginLeft: 6 }}>
              {tq('questionnaires.required')}
            </Typography.Text>
          )}
          {q.help && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {q.help}
              </Typography.Text>
            </div>
          )}
          <div style={{ marginTop: 8 }}>
            {q.type === 'single' && (
              <Radio.Group>
                <Space orientation="vertical">
                  {(q.options ?? []).map((o, k) => (
                    <Radio key={o?.id ?? k} value={o?.id ?? k}>
                      {o?.label || '…'}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            )}
            {q.type === 'multiple' && (
              <Checkbox.Group>
                <Space orientation="vertical">
                  {(q.options ?? []).map((o, k) => (
                    <Checkbox key={o?.id ?? k} value={o?.id ?? k}>
                      {o?.label || '…'}
                    </Checkbox>
                  ))}
                </Space>
              </Checkbox.Group>
            )}
            {q.type === 'scale' && (
              <>
                <Radio.Group optionType="button" buttonStyle="solid">
                  {Array.from({ length: q.scaleMax ?? 5 }, (_, k) => (
                    <Radio.Button key={k} value={k + 1} style={{ minWidth: 36, textAlign: 'center' }}>
                      {k + 1}
                    </Radio.Button>
                  ))}
                </Radio.Group>
                <Flex
                  justify="space-between"
                  style={{ fontSize: 12, color: 'rgba(0,0,0,.45)', marginTop: 4 }}
                >
                  <span>{q.minLabel}</span>
                  <span>{q.maxLabel}</span>
                </Flex>
              </>
            )}
            {q.type === 'text' && <Input maxLength={500} />}
            {q.type === 'textarea' && <Input.TextArea rows={3} maxLength={5000} />}
          </div>
        </div>
      ))}
    </div>
  );
}
