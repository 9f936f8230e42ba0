import { Tag } from 'antd';
import type { StageKind } from '@tuoke/shared';

const COLORS: Record<StageKind, string> = { open: 'processing', won: 'success', lost: 'default' };

export function StageTag({
  name,
  status,
  probability,
}: {
  name: string;
  status: StageKind;
  probability?: number;
}) {
  return (
    <Tag color={COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {name}
      {status === 'open' && probability !== undefined ? ` · ${probability}%` : ''}
    </Tag>
  );
}
