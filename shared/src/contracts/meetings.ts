import { Type, type Static } from 'typebox';
import { DateOnly, Id, Nullable, OptText, Page, Text, Timestamp, Version } from './common.js';
import { TargetPace } from './supervision.js';

/*
 * Sales meetings (销售会议): a team's weekly meeting or a deal review, with an agenda built from
 * the team's data since the previous meeting, notes, and action items that become tasks.
 */

export const MEETING_KINDS = ['weekly', 'deal_review', 'other'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const ACTION_ITEM_STATUSES = ['open', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** Money in minor units (fen); sums are exact integers. */
const Fen = Type.Integer();
const Url = Type.String({ maxLength: 500, pattern: '^https?://\\S+$' });

export const MeetingAttendee = Type.Object({ userId: Id, name: Type.String() });
export type MeetingAttendee = Static<typeof MeetingAttendee>;

export const MeetingDeal = Type.Object({
  opportunityId: Id,
  name: Type.String(),
  accountName: Nullable(Type.String()),
  ownerId: Id,
  ownerName: Type.String(),
  stageName: Type.String(),
  status: Type.String(),
  amount: Fen,
  currency: Type.String(),
});
export type MeetingDeal = Static<typeof MeetingDeal>;

export const ActionItem = Type.Object({
  id: Id,
  meetingId: Id,
  meetingTitle: Type.String(),
  meetingScheduledAt: Timestamp,
  title: Type.String(),
  ownerId: Id,
  ownerName: Type.String(),
  dueDate: DateOnly,
  /** Done when its task is done (the task list and the meeting show the same state). */
  status: Type.Enum(ACTION_ITEM_STATUSES),
  doneAt: Nullable(Timestamp),
  /** Open and past its due date (China time). */
  overdue: Type.Boolean(),
  opportunityId: Nullable(Id),
  opportunityName: Nullable(Type.String()),
  /** The owner's task (activity of type task). */
  activityId: Nullable(Id),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type ActionItem = Static<typeof ActionItem>;

const MeetingBase = {
  id: Id,
  teamId: Id,
  teamName: Type.String(),
  kind: Type.Enum(MEETING_KINDS),
  title: Type.String(),
  scheduledAt: Timestamp,
  durationMinutes: Type.Integer(),
  location: Nullable(Type.String()),
  onlineUrl: Nullable(Type.String()),
  organizerId: Id,
  organizerName: Type.String(),
  status: Type.Enum(MEETING_STATUSES),
  heldAt: Nullable(Timestamp),
  cancelledAt: Nullable(Timestamp),
  attendeeCount: Type.Integer(),
  /** Action items of this meeting, and how many are still open. */
  itemCount: Type.Integer(),
  openItemCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
};

export const MeetingSummary = Type.Object(MeetingBase);
export type MeetingSummary = Static<typeof MeetingSummary>;

export const Meeting = Type.Object({
  ...MeetingBase,
  notes: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  /** The previous planned or held meeting of the team and kind (else 7 days before): the agenda's start. */
  since: Timestamp,
  previousMeetingId: Nullable(Id),
  attendees: Type.Array(MeetingAttendee),
  /** A deal review's deals, in order. */
  opportunities: Type.Array(MeetingDeal),
  actionItems: Type.Array(ActionItem),
  /** What the caller may do: edit the meeting (planned only), add and change its action items. */
  canEdit: Type.Boolean(),
  canManageItems: Type.Boolean(),
});
export type Meeting = Static<typeof Meeting>;

export const MeetingPage = Page(MeetingSummary);
export type MeetingPage = Static<typeof MeetingPage>;

export const MeetingListQuery = Type.Object(
  {
    /** upcoming: planned meetings, soonest first; past: held and cancelled, latest first. */
    when: Type.Optional(Type.Enum(['upcoming', 'past'] as const)),
    teamId: Type.Optional(Id),
    kind: Type.Optional(Type.Enum(MEETING_KINDS)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type MeetingListQuery = Static<typeof MeetingListQuery>;

export const MeetingCreate = Type.Object(
  {
    teamId: Id,
    kind: Type.Enum(MEETING_KINDS),
    title: Text(200, 1),
    scheduledAt: Timestamp,
    durationMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 24 * 60, default: 60 })),
    location: OptText(200),
    onlineUrl: Type.Optional(Nullable(Url)),
    /** Defaults to the team's members (its sub-teams included) and its manager; the organizer always attends. */
    attendeeIds: Type.Optional(Type.Array(Id, { maxItems: 200 })),
    /** A deal review's deals (required for one, at most 30). */
    opportunityIds: Type.Optional(Type.Array(Id, { maxItems: 30 })),
    notes: OptText(20000),
  },
  { additionalProperties: false },
);
export type MeetingCreate = Static<typeof MeetingCreate>;

export const MeetingUpdate = Type.Object(
  {
    title: Type.Optional(Text(200, 1)),
    scheduledAt: Type.Optional(Timestamp),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 24 * 60 })),
    location: OptText(200),
    onlineUrl: Type.Optional(Nullable(Url)),
    attendeeIds: Type.Optional(Type.Array(Id, { maxItems: 200 })),
    opportunityIds: Type.Optional(Type.Array(Id, { maxItems: 30 })),
    notes: OptText(20000),
    version: Version,
  },
  { additionalProperties: false },
);
export type MeetingUpdate = Static<typeof MeetingUpdate>;

export const MeetingHold = Type.Object({ version: Version }, { additionalProperties: false });
export type MeetingHold = Static<typeof MeetingHold>;

export const MeetingCancel = Type.Object(
  { version: Version, reason: OptText(500) },
  { additionalProperties: false },
);
export type MeetingCancel = Static<typeof MeetingCancel>;

export const ActionItemCreate = Type.Object(
  {
    title: Text(200, 1),
    /** A member of the meeting's team or an attendee. */
    ownerId: Id,
    dueDate: DateOnly,
    opportunityId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type ActionItemCreate = Static<typeof ActionItemCreate>;

export const ActionItemUpdate = Type.Object(
  {
    title: Type.Optional(Text(200, 1)),
    ownerId: Type.Optional(Id),
    dueDate: Type.Optional(DateOnly),
    status: Type.Optional(Type.Enum(ACTION_ITEM_STATUSES)),
    version: Version,
  },
  { additionalProperties: false },
);
export type ActionItemUpdate = Static<typeof ActionItemUpdate>;

export const MeetingItemParams = Type.Object({ id: Id, itemId: Id });

/** A team the caller may hold meetings for, with who would be invited by default. */
export const MeetingTeam = Type.Object({
  id: Id,
  name: Type.String(),
  managerId: Nullable(Id),
  members: Type.Array(MeetingAttendee),
});
export type MeetingTeam = Static<typeof MeetingTeam>;
export const MeetingTeams = Type.Object({ items: Type.Array(MeetingTeam) });
export type MeetingTeams = Static<typeof MeetingTeams>;

/* ---------- the agenda ---------- */

export const AgendaDeal = Type.Object({
  opportunityId: Id,
  name: Type.String(),
  accountName: Nullable(Type.String()),
  amount: Fen,
  currency: Type.String(),
  stageName: Type.String(),
  at: Timestamp,
});
export type AgendaDeal = Static<typeof AgendaDeal>;

export const AgendaStageMove = Type.Object({
  opportunityId: Id,
  name: Type.String(),
  accountName: Nullable(Type.String()),
  amount: Fen,
  currency: Type.String(),
  fromStage: Type.String(),
  toStage: Type.String(),
  at: Timestamp,
});
export type AgendaStageMove = Static<typeof AgendaStageMove>;

export const AgendaClosedDeal = Type.Object({
  opportunityId: Id,
  name: Type.String(),
  accountName: Nullable(Type.String()),
  amount: Fen,
  currency: Type.String(),
  closedAt: Timestamp,
  /** Lost: the reason and the competitor who won it. */
  lostReason: Nullable(Type.String()),
  lostCompetitor: Nullable(Type.String()),
});
export type AgendaClosedDeal = Static<typeof AgendaClosedDeal>;

export const AgendaFinding = Type.Object({
  kind: Type.String(),
  opportunityId: Id,
  name: Type.String(),
  accountName: Nullable(Type.String()),
  stageName: Nullable(Type.String()),
  /** Stalled: days without activity; no next step: days past its date. */
  days: Nullable(Type.Integer()),
  /** No next step: missing or overdue. */
  reason: Nullable(Type.String()),
  nextStepDate: Nullable(DateOnly),
  amount: Nullable(Fen),
});
export type AgendaFinding = Static<typeof AgendaFinding>;

export const AgendaResult = Type.Object({
  from: Timestamp,
  to: Timestamp,
  wonCount: Type.Integer(),
  wonAmount: Fen,
  /** 回款: confirmed payments (not voided) received in the period, on contracts the rep owns. */
  received: Fen,
});
export type AgendaResult = Static<typeof AgendaResult>;

export const AgendaResults = Type.Object({
  period: AgendaResult,
  monthToDate: AgendaResult,
  /** The same stretch of last month (1st to the same day and time), for comparison. */
  lastMonthSamePeriod: AgendaResult,
});
export type AgendaResults = Static<typeof AgendaResults>;

export const AgendaActionItem = Type.Object({
  id: Id,
  title: Type.String(),
  ownerId: Id,
  ownerName: Type.String(),
  dueDate: DateOnly,
  overdue: Type.Boolean(),
  opportunityId: Nullable(Id),
  opportunityName: Nullable(Type.String()),
  meetingId: Id,
  meetingTitle: Type.String(),
  meetingScheduledAt: Timestamp,
  /** From an earlier meeting of the team (carried over), not this one. */
  carried: Type.Boolean(),
});
export type AgendaActionItem = Static<typeof AgendaActionItem>;

export const AgendaRep = Type.Object({
  userId: Id,
  name: Type.String(),
  newDeals: Type.Array(AgendaDeal),
  movedForward: Type.Array(AgendaStageMove),
  movedBack: Type.Array(AgendaStageMove),
  won: Type.Array(AgendaClosedDeal),
  lost: Type.Array(AgendaClosedDeal),
  wonAmount: Fen,
  lostAmount: Fen,
  stalled: Type.Array(AgendaFinding),
  noNextStep: Type.Array(AgendaFinding),
  results: AgendaResults,
  /** Results vs target: the rep's current targets with attainment and pace (absent in agendas kept before targets). */
  targets: Type.Optional(Type.Array(TargetPace)),
  openItems: Type.Array(AgendaActionItem),
});
export type AgendaRep = Static<typeof AgendaRep>;

export const AgendaReviewActivity = Type.Object({
  id: Id,
  type: Type.String(),
  subject: Type.String(),
  at: Timestamp,
  done: Type.Boolean(),
  ownerName: Type.String(),
  nextStep: Nullable(Type.String()),
});
export const AgendaReviewDeal = Type.Object({
  opportunityId: Id,
  name: Type.String(),
  accountName: Nullable(Type.String()),
  ownerId: Id,
  ownerName: Type.String(),
  amount: Fen,
  currency: Type.String(),
  status: Type.String(),
  stageName: Type.String(),
  expectedCloseDate: Nullable(DateOnly),
  nextStep: Nullable(Type.String()),
  nextStepDate: Nullable(DateOnly),
  /** Stages entered since the previous meeting, oldest first. */
  stageHistory: Type.Array(
    Type.Object({ stageName: Type.String(), enteredAt: Timestamp, userName: Nullable(Type.String()) }),
  ),
  lastActivities: Type.Array(AgendaReviewActivity),
  /** Checklist items of the current stage not ticked yet (required ones keep the deal from moving on). */
  missingChecklist: Type.Array(
    Type.Object({ id: Type.String(), label: Type.String(), required: Type.Boolean() }),
  ),
});
export type AgendaReviewDeal = Static<typeof AgendaReviewDeal>;

export const MeetingAgenda = Type.Object({
  meetingId: Id,
  kind: Type.Enum(MEETING_KINDS),
  teamId: Id,
  teamName: Type.String(),
  /** Built now from the data (planned), or the snapshot taken when the meeting was marked held. */
  live: Type.Boolean(),
  builtAt: Timestamp,
  since: Timestamp,
  until: Timestamp,
  previousMeetingId: Nullable(Id),
  currency: Type.String(),
  /** The team as a whole: the reps' sections added up. */
  totals: Type.Object({
    newDeals: Type.Integer(),
    newAmount: Fen,
    wonCount: Type.Integer(),
    wonAmount: Fen,
    lostCount: Type.Integer(),
    lostAmount: Fen,
    results: AgendaResults,
  }),
  /**
   * Results vs target: the team's current targets with attainment and pace. With none here or on
   * any rep, the agenda compares with the same stretch of last month instead.
   */
  targets: Type.Optional(Type.Array(TargetPace)),
  reps: Type.Array(AgendaRep),
  /** A deal review's deals. */
  deals: Type.Array(AgendaReviewDeal),
  /** Every open action item of this meeting and the team's earlier ones (carried). */
  openItems: Type.Array(AgendaActionItem),
});
export type MeetingAgenda = Static<typeof MeetingAgenda>;
