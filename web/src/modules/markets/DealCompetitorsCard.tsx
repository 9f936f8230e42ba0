import { useState } from 'react';
import { Button, Card, Flex, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { BulbOutlined, DeleteOutlined, TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DEAL_COMPETITOR_STATUSES, type DealCompetitorStatus } from '@tuoke/shared';
import { useErrorHandler } from '../../app/errors';
import {
  useAddDealCompetitor,
  useCompetitors,
  useDealCompetitors,
  useRemoveDealCompetitor,
  useUpdateDealCompetitor,
} from './useMarkets';

const STATUS_COLOR: Record<DealCompetitorStatus, string> = {
  active: 'blue',
  won_against: 'green',
  lost_to: 'red',
};

/**
 * The competitors in a deal, picked from the organisation's list, each with our differentiator as
 * the selling point to use; closing the deal marks them beaten (or the one it was lost to).
 */
export function DealCompetitorsCard({
  opportunityId,
  canUpdate,
}: {
  opportunityId: string;
  canUpdate: boolean;
}) {
  const { t } = useTranslation();
  const handleError = useErrorHandler();
  const { data } = useDealCompetitors(opportunityId);
  const { data: all } = useCompetitors();
  const add = useAddDealCompetitor(opportunityId);
  const update = useUpdateDealCompetitor(opportunityId);
  const remove = useRemoveDealCompetitor(opportunityId);
  const [picking, setPicking] = useState<string | undefined>();
  const items = data?.items ?? [];
  const present = new Set(items.map((i) => i.competitorId));
  const options = (all?.items ?? [])
    .filter((c) => c.active && !present.has(c.id))
    .map((c) => ({ value: c.id, label: c.name }));

  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={
        <Space>
          <TrophyOutlined />
          {t('markets.dealCompetitors')}
        </Space>
      }
      data-testid="deal-competitors"
    >
      {items.length === 0 && (
        <Typography.Text type="secondary">{t('markets.noDealCompetitors')}</Typography.Text>
      )}
      {items.length > 0 && (
        <List
          size="small"
          dataSource={items}
          renderItem={(i) => (
            <List.Item
              style={{ paddingInline: 0, alignItems: 'flex-start' }}
              data-testid={`deal-competitor-${i.competitorName}`}
            >
              <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
                <Flex justify="space-between" align="center" gap={8}>
                  <Typography.Text strong>{i.competitorName}</Typography.Text>
                  <Space size={4}>
                    {canUpdate ? (
                      <Select<DealCompetitorStatus>
                        size="small"
                        value={i.status}
                        style={{ width: 110 }}
                        onChange={(status) =>
                          update.mutateAsync({ id: i.id, body: { status } }).catch((e) => handleError(e))
                        }
                        options={DEAL_COMPETITOR_STATUSES.map((s) => ({
                          value: s,
                          label: t(`enums.dealCompetitorStatus.${s}`),
                        }))}
                      />
                    ) : (
                      <Tag color={STATUS_COLOR[i.status]}>{t(`enums.dealCompetitorStatus.${i.status}`)}</Tag>
                    )}
                    {canUpdate && (
                      <Popconfirm
                        title={t('markets.removeFromDeal', { name: i.competitorName })}
                        okText={t('common.remove')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => remove.mutateAsync(i.id).catch((e) => handleError(e))}
                      >
                        <Button
                          type="text"
                          size="small"
                          icon={<DeleteOutlined />}
                          aria-label={t('common.remove')}
                        />
                      </Popconfirm>
                    )}
                  </Space>
                </Flex>
                {i.ourDifferentiator && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <BulbOutlined /> {i.ourDifferentiator}
                  </Typography.Text>
                )}
              </Flex>
            </List.Item>
          )}
        />
      )}
      {canUpdate && (
        <Flex gap={8} style={{ marginTop: 8 }}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={picking}
            onChange={setPicking}
            options={options}
            placeholder={t('markets.pickCompetitor')}
            style={{ flex: 1, minWidth: 0 }}
            data-testid="deal-competitor-pick"
          />
          <Button
            disabled={!picking}
            loading={add.isPending}
            onClick={() =>
              picking &&
              add
                .mutateAsync({ competitorId: picking })
                .then(() => setPicking(undefined))
                .catch((e) => handleError(e))
            }
            data-testid="deal-competitor-add"
          >
            {t('common.add')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
