import type { ReactNode } from 'react';
import {
  CheckSquareOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  MailOutlined,
  PhoneOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ActivityType, RelatedType } from '@tuoke/shared';

export const ACTIVITY_ICONS: Record<ActivityType, ReactNode> = {
  call: <PhoneOutlined />,
  visit: <EnvironmentOutlined />,
  meeting: <TeamOutlined />,
  email: <MailOutlined />,
  task: <CheckSquareOutlined />,
  note: <FileTextOutlined />,
};

export const ACTIVITY_COLORS: Record<ActivityType, string> = {
  call: 'blue',
  visit: 'green',
  meeting: 'purple',
  email: 'cyan',
  task: 'orange',
  note: 'gray',
};

export const RELATED_PATHS: Record<RelatedType, string> = {
  account: '/accounts',
  contact: '/contacts',
  lead: '/leads',
  opportunity: '/opportunities',
};

export const RELATED_RESOURCES = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
} as const satisfies Record<RelatedType, string>;
