import type { ReactNode } from 'react';
import { Button, Flex, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

interface PageHeaderProps {
  title: ReactNode;
  subtitle?: ReactNode;
  extra?: ReactNode;
  backTo?: string;
  tags?: ReactNode;
}

export function PageHeader({ title, subtitle, extra, backTo, tags }: PageHeaderProps) {
  const navigate = useNavigate();
  const { t } = useTranslation();
  return (
    <Flex className="page-header" justify="space-between" align="flex-start" gap={12} wrap>
      <Flex gap={8} align="flex-start" style={{ minWidth: 0 }}>
        {backTo && (
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('common.back')}
            onClick={() => navigate(backTo)}
            style={{ marginTop: 2 }}
          />
        )}
        <div style={{ minWidth: 0 }}>
          <Flex gap={8} align="center" wrap>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {title}
            </Typography.Title>
            {tags}
          </Flex>
          {subtitle && (
            <Typography.Text type="secondary" className="page-subtitle">
              {subtitle}
            </Typography.Text>
          )}
        </div>
      </Flex>
      {extra && (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
