import { Card, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PoolAction, PoolKind, PoolMoveEntry } from '@tuoke/shared';
import { EmptyState } from '../../app/components/EmptyState';
import { useFormat } from '../../app/format';
import { usePoolMoves } from './usePools';

export const ACTION_COLORS: Record<PoolAction, string> = {
  claim: 'green',
  assign: 'blue',
  return: 'orange',
  reclaim: 'red',
  move: 'purple',
};

/** One line of the trail: who, what, from whom to whom or which pool, and why. */
export function useMoveText() {
  const { t } = useTranslation();
  return (m: PoolMoveEntry) => {
    const by = m.byUserName ?? t('pools.system');
    switch (m.action) {
      case 'claim':
        return t('pools.trailText.claim', { by, pool: m.poolName ?? '' });
      case 'assign':
        return t('pools.trailText.assign', { by, to: m.toOwnerName ?? '', pool: m.poolName ?? '' });
      case 'return':
        return m.byUserId && m.byUserId === m.fromOwnerId
          ? t('pools.trailText.returnOwn', { by, pool: m.poolName ?? '' })
          : t('pools.trailText.return', { by, from: m.fromOwnerName ?? '', pool: m.poolName ?? '' });
      case 'reclaim':
        return t('pools.trailText.reclaim', { from: m.fromOwnerName ?? '', pool: m.poolName ?? '' });
      case 'move':
        return t('pools.trailText.move', { by, from: m.fromPoolName ?? '', pool: m.poolName ?? '' });
    }
  };
}

/** 流转记录: the record's moves between people and pools, newest first. */
export function PoolMovesCard({ kind, id }: { kind: PoolKind; id: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, isLoading } = usePoolMoves(kind, id);
  const text = useMoveText();
  const items = data?.items ?? [];
  return (
    <Card size="small" title={t('pools.trail')} data-testid="pool-moves">
      {isLoading ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : items.length === 0 ? (
        <EmptyState hint={t('pools.noTrail')} />
      ) : (
        <Timeline
          style={{ marginTop: 8 }}
          items={items.map((m) => ({
            color: ACTION_COLORS[m.action],
            content: (
              <div data-testid="pool-move">
                <div>
                  <Tag color={ACTION_COLORS[m.action]}>{t(`pools.actions.${m.action}`)}</Tag>
                  {text(m)}
                </div>
                {(m.reason || m.rule) && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {m.rule
                      ? t(`pools.ruleText.${m.rule}`, { n: m.ruleDays })
                      : t('pools.kv', { k: t('pools.reason'), v: m.reason }) +
                        (m.note ? t('pools.withNote', { note: m.note }) : '')}
                  </Typography.Text>
                )}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmt.dateTime(m.at)}
                  </Typography.Text>
                </div>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
