import type { MeetingKind, MeetingStatus } from '@tuoke/shared';

export const KIND_COLORS: Record<MeetingKind, string> = {
  weekly: 'blue',
  deal_review: 'purple',
  other: 'default',
};

export const STATUS_COLORS: Record<MeetingStatus, string> = {
  planned: 'processing',
  held: 'success',
  cancelled: 'default',
};
