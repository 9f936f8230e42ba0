import type { ReactNode } from 'react';
import { Empty, Typography } from 'antd';

export function EmptyState({
  title,
  hint,
  action,
}: {
  title?: ReactNode;
  hint?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <div className="empty-state">
          {title && <Typography.Text strong>{title}</Typography.Text>}
          {hint && (
            <div>
              <Typography.Text type="secondary">{hint}</Typography.Text>
            </div>
          )}
        </div>
      }
    >
      {action}
    </Empty>
  );
}
