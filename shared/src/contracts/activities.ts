import { Type, type Static } from 'typebox';
import { Audit, Id, ListQueryBase, Nullable, OptText, Owner, Page, Text, Timestamp } from './common.js';
import { ACTIVITY_TYPES, RELATED_TYPES } from './enums.js';

export const Activity = Type.Object({
  id: Id,
  type: Type.Enum(ACTIVITY_TYPES),
  subject: Text(200, 1),
  body: Nullable(Text(10000)),
  dueAt: Nullable(Timestamp),
  doneAt: Nullable(Timestamp),
  nextStep: Nullable(Text(500)),
  location: Nullable(Text(200)),
  relatedType: Nullable(Type.Enum(RELATED_TYPES)),
  relatedId: Nullable(Id),
  relatedName: Nullable(Type.String()),
  /** The account the activity belongs to, derived from the related record, for account timelines. */
  accountId: Nullable(Id),
  ...Owner,
  ...Audit,
});
export type Activity = Static<typeof Activity>;

export const ActivityCreate = Type.Object(
  {
    type: Type.Enum(ACTIVITY_TYPES),
    subject: Text(200, 1),
    body: OptText(10000),
    dueAt: Type.Optional(Nullable(Timestamp)),
    doneAt: Type.Optional(Nullable(Timestamp)),
    nextStep: OptText(500),
    location: OptText(200),
    relatedType: Type.Optional(Nullable(Type.Enum(RELATED_TYPES))),
    relatedId: Type.Optional(Nullable(Id)),
    ownerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ActivityCreate = Static<typeof ActivityCreate>;

export const ActivityUpdate = Type.Object(
  {
    ...Type.Partial(Type.Omit(ActivityCreate, ['relatedType', 'relatedId'])).properties,
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type ActivityUpdate = Static<typeof ActivityUpdate>;

export const ActivityListQuery = Type.Object(
  {
    ...ListQueryBase,
    ownerId: Type.Optional(Id),
    type: Type.Optional(Type.Enum(ACTIVITY_TYPES)),
    relatedType: Type.Optional(Type.Enum(RELATED_TYPES)),
    relatedId: Type.Optional(Id),
    accountId: Type.Optional(Id),
    done: Type.Optional(Type.Boolean()),
    dueFrom: Type.Optional(Timestamp),
    dueTo: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
export type ActivityListQuery = Static<typeof ActivityListQuery>;
export const ActivityPage = Page(Activity);
export const ACTIVITY_SORTS = ['dueAt', 'createdAt', 'updatedAt'] as const;

/** One entry of a record's timeline: an activity, or a change to one of its fields. */
export const TimelineEntry = Type.Object({
  kind: Type.Enum(['activity', 'change'] as const),
  at: Timestamp,
  activity: Type.Optional(Activity),
  change: Type.Optional(
    Type.Object({
      field: Type.String(),
      oldValue: Nullable(Type.String()),
      newValue: Nullable(Type.String()),
      userId: Nullable(Id),
      userName: Nullable(Type.String()),
    }),
  ),
});
export type TimelineEntry = Static<typeof TimelineEntry>;
export const Timeline = Type.Object({ items: Type.Array(TimelineEntry) });

/** The caller's iCalendar subscription: whether one is active; the URL itself is shown only once. */
export const CalendarFeedStatus = Type.Object({
  active: Type.Boolean(),
  createdAt: Nullable(Timestamp),
});
export type CalendarFeedStatus = Static<typeof CalendarFeedStatus>;

/** A new (or rotated) subscription: `url` is `<origin>/cal/<token>.ics`, shown once. */
export const CalendarFeedCreated = Type.Object({
  active: Type.Literal(true),
  createdAt: Timestamp,
  url: Type.String(),
});
export type CalendarFeedCreated = Static<typeof CalendarFeedCreated>;
