import type { ReactNode } from 'react';
import { Alert, Button, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DedupeObject, DuplicateMatch, MatchReason } from '@tuoke/shared';
import { PLURAL } from './useDuplicates';

const MAX_SHOWN = 5;

/** Who a match belongs to: the owner and team, or the pool (公海). */
export function MatchOwner({ match }: { match: DuplicateMatch }) {
  const { t } = useTranslation();
  if (match.inPool) return <Tag color="gold">{t('dedupe.inPool')}</Tag>;
  return (
    <Typography.Text type="secondary">
      {match.teamName
        ? t('dedupe.ownerTeam', { name: match.ownerName, team: match.teamName })
        : t('dedupe.owner', { name: match.ownerName })}
    </Typography.Text>
  );
}

/** One match: what it is, why it matches, whose it is; a link when the reader may open it. */
export function MatchLine({
  match,
  action,
  compact = false,
}: {
  match: DuplicateMatch;
  action?: ReactNode;
  /** Only why it matches and its details: the caller already says what it is and whose. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const details = [match.company, match.phone, match.email].filter(Boolean).join(' · ');
  return (
    <Flex gap={6} align="center" wrap style={{ fontSize: 13 }} data-testid="duplicate-match">
      {!compact && <Tag style={{ marginInlineEnd: 0 }}>{t(`dedupe.types.${match.type}`)}</Tag>}
      {compact ? null : match.visible && match.id ? (
        <Typography.Link href={`/${PLURAL[match.type]}/${match.id}`} target="_blank" strong>
          {match.name}
        </Typography.Link>
      ) : (
        <Typography.Text strong>{match.name}</Typography.Text>
      )}
      {match.reasons.map((r) => (
        <Tag key={r} color={r === 'similar_name' ? 'blue' : 'orange'} style={{ marginInlineEnd: 0 }}>
          {t(`dedupe.reasons.${r}`)}
        </Tag>
      ))}
      {match.status && (
        <Tag style={{ marginInlineEnd: 0 }}>
          {t(`enums.leadStatus.${match.status}`, { defaultValue: match.status })}
        </Tag>
      )}
      {!compact && <MatchOwner match={match} />}
      {details && <Typography.Text type="secondary">{details}</Typography.Text>}
      {!match.visible && (
        <Typography.Text type="secondary" italic>
          {t('dedupe.hidden')}
        </Typography.Text>
      )}
      {action}
    </Flex>
  );
}

/**
 * The duplicate check's answer under a form field: the matches found for that field's reasons.
 * A visible match of the same kind can be merged into the record being edited.
 */
export function DuplicateWarning({
  matches,
  reasons,
  object,
  onMerge,
  testId = 'duplicate-warning',
}: {
  matches: DuplicateMatch[];
  reasons: MatchReason[];
  object: DedupeObject;
  onMerge?: (match: DuplicateMatch) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const shown = matches.filter((m) => m.reasons.some((r) => reasons.includes(r)));
  if (shown.length === 0) return null;
  const exact = shown.some((m) => m.strength === 'exact');
  return (
    <Alert
      type={exact ? 'warning' : 'info'}
      showIcon
      style={{ marginTop: -12, marginBottom: 16, padding: '8px 12px' }}
      data-testid={testId}
      title={
        exact
          ? t('dedupe.warningExact', { count: shown.length })
          : t('dedupe.warningLikely', { count: shown.length })
      }
      description={
        <Flex vertical gap={4}>
          {shown.slice(0, MAX_SHOWN).map((m, i) => (
            <MatchLine
              key={m.id ?? `hidden-${i}`}
              match={m}
              action={
                onMerge &&
                m.visible &&
                m.type === object && (
                  <Button size="small" type="link" onClick={() => onMerge(m)} data-testid="duplicate-merge">
                    {t('dedupe.merge')}
                  </Button>
                )
              }
            />
          ))}
          {shown.length > MAX_SHOWN && (
            <Typography.Text type="secondary">
              {t('dedupe.more', { count: shown.length - MAX_SHOWN })}
            </Typography.Text>
          )}
        </Flex>
      }
    />
  );
}
