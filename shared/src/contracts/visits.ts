import { Type, type Static } from 'typebox';
import { DateOnly, Id, Nullable, Page, Text, Timestamp, Version } from './common.js';

/**
 * 拜访 (visits): a rep's plan to see a customer at a time, and what happened — check-in and
 * check-out with server time and the browser's position, the distance to the account's location,
 * photos, the outcome and the next step.
 *
 * - planned: on the plan, not checked in yet (missed once its time + the tolerance has passed);
 * - checked_in: the rep is there (server time, position, distance);
 * - completed: checked out; the outcome is an activity of type visit on the account's timeline;
 * - cancelled: taken off the plan before it happened.
 */
export const VISIT_STATUSES = ['planned', 'checked_in', 'completed', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/**
 * How a visit counts against the plan (derived with the organisation's tolerance and the clock):
 * on_time = checked in no later than the planned time + tolerance; late = checked in after that;
 * missed = planned, never checked in, and the planned time + tolerance has passed; pending = not
 * due yet; unplanned = checked in on the spot without a plan; cancelled.
 */
export const VISIT_COMPLIANCE = ['on_time', 'late', 'missed', 'pending', 'unplanned', 'cancelled'] as const;
export type VisitCompliance = (typeof VISIT_COMPLIANCE)[number];

/** Where a check-in was relative to the account: within the threshold, beyond it, or unknown. */
export const VISIT_LOCATION_FLAGS = ['near', 'far', 'no_location'] as const;
export type VisitLocationFlag = (typeof VISIT_LOCATION_FLAGS)[number];

export const Latitude = Type.Number({ minimum: -90, maximum: 90, description: 'WGS-84 degrees' });
export const Longitude = Type.Number({ minimum: -180, maximum: 180, description: 'WGS-84 degrees' });
/** The browser's reported accuracy radius in metres (GeolocationCoordinates.accuracy). */
export const Accuracy = Type.Number({ minimum: 0, maximum: 100_000 });

export const Visit = Type.Object({
  id: Id,
  ownerId: Id,
  ownerName: Type.String(),
  accountId: Id,
  accountName: Type.String(),
  accountAddress: Nullable(Type.String()),
  /** The account's location now (what a check-in is measured against). */
  accountLatitude: Nullable(Type.Number()),
  accountLongitude: Nullable(Type.Number()),
  contactId: Nullable(Id),
  contactName: Nullable(Type.String()),
  opportunityId: Nullable(Id),
  opportunityName: Nullable(Type.String()),
  plannedAt: Timestamp,
  purpose: Nullable(Type.String()),
  status: Type.Enum(VISIT_STATUSES),
  /** false: checked in on the spot without a plan (plannedAt is then the check-in time). */
  planned: Type.Boolean(),
  compliance: Type.Enum(VISIT_COMPLIANCE),
  createdBy: Id,
  createdByName: Type.String(),
  checkedInAt: Nullable(Timestamp),
  checkInLatitude: Nullable(Type.Number()),
  checkInLongitude: Nullable(Type.Number()),
  checkInAccuracy: Nullable(Type.Number()),
  /** Metres from the account's location at check-in; null when the account had none. */
  distanceM: Nullable(Type.Integer()),
  locationFlag: Nullable(Type.Enum(VISIT_LOCATION_FLAGS)),
  checkedOutAt: Nullable(Timestamp),
  checkOutLatitude: Nullable(Type.Number()),
  checkOutLongitude: Nullable(Type.Number()),
  outcome: Nullable(Type.String()),
  nextStep: Nullable(Type.String()),
  nextStepDate: Nullable(DateOnly),
  /** The activity (type visit) the check-out wrote. */
  activityId: Nullable(Id),
  cancelledAt: Nullable(Timestamp),
  cancelReason: Nullable(Type.String()),
  photoCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type Visit = Static<typeof Visit>;
export const VisitPage = Page(Visit);

export const VisitCreate = Type.Object(
  {
    accountId: Id,
    /** Someone in the caller's scope (a manager plans for his reps); default the caller. */
    ownerId: Type.Optional(Id),
    contactId: Type.Optional(Nullable(Id)),
    opportunityId: Type.Optional(Nullable(Id)),
    plannedAt: Timestamp,
    purpose: Type.Optional(Nullable(Text(500))),
  },
  { additionalProperties: false },
);
export type VisitCreate = Static<typeof VisitCreate>;

/** Only a planned visit changes; a visit that has happened is a record. */
export const VisitUpdate = Type.Object(
  {
    accountId: Type.Optional(Id),
    ownerId: Type.Optional(Id),
    contactId: Type.Optional(Nullable(Id)),
    opportunityId: Type.Optional(Nullable(Id)),
    plannedAt: Type.Optional(Timestamp),
    purpose: Type.Optional(Nullable(Text(500))),
    version: Version,
  },
  { additionalProperties: false },
);
export type VisitUpdate = Static<typeof VisitUpdate>;

export const VisitCancel = Type.Object(
  { reason: Type.Optional(Nullable(Text(500))), version: Version },
  { additionalProperties: false },
);
export type VisitCancel = Static<typeof VisitCancel>;

export const VisitListQuery = Type.Object(
  {
    ownerId: Type.Optional(Id),
    accountId: Type.Optional(Id),
    /** The Monday (YYYY-MM-DD, China time) of the week whose visits to list. */
    week: Type.Optional(DateOnly),
    /** Planned on or after this day (China time). */
    from: Type.Optional(DateOnly),
    /** Planned on or before this day (China time). */
    to: Type.Optional(DateOnly),
    status: Type.Optional(Type.Enum(VISIT_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type VisitListQuery = Static<typeof VisitListQuery>;

/** Check-in at a planned visit: the server takes the time; the browser gives the position. */
export const VisitCheckIn = Type.Object(
  { latitude: Latitude, longitude: Longitude, accuracy: Type.Optional(Nullable(Accuracy)) },
  { additionalProperties: false },
);
export type VisitCheckIn = Static<typeof VisitCheckIn>;

/** Check-in at a customer without a plan: the visit is created on the spot (planned = false). */
export const VisitSpotCheckIn = Type.Object(
  {
    accountId: Id,
    contactId: Type.Optional(Nullable(Id)),
    opportunityId: Type.Optional(Nullable(Id)),
    purpose: Type.Optional(Nullable(Text(500))),
    latitude: Latitude,
    longitude: Longitude,
    accuracy: Type.Optional(Nullable(Accuracy)),
  },
  { additionalProperties: false },
);
export type VisitSpotCheckIn = Static<typeof VisitSpotCheckIn>;

/**
 * Check-out: the outcome becomes an activity (type visit) on the account — or on the deal when one
 * is given; a next step with a deal also becomes the deal's next step (and its date).
 */
export const VisitCheckOut = Type.Object(
  {
    latitude: Type.Optional(Nullable(Latitude)),
    longitude: Type.Optional(Nullable(Longitude)),
    accuracy: Type.Optional(Nullable(Accuracy)),
    outcome: Text(5000, 1),
    nextStep: Type.Optional(Nullable(Text(500))),
    nextStepDate: Type.Optional(Nullable(DateOnly)),
    opportunityId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type VisitCheckOut = Static<typeof VisitCheckOut>;

export const VisitPhoto = Type.Object({
  id: Id,
  visitId: Id,
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  /** Server time of the upload — never a time the client claims. */
  takenAt: Timestamp,
  uploadedBy: Id,
  uploadedByName: Type.String(),
});
export type VisitPhoto = Static<typeof VisitPhoto>;
export const VISIT_PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const VISIT_PHOTOS_PER_VISIT = 20;
/** Image types a photo may have (checked against the file's first bytes too); no SVG. */
export const VISIT_PHOTO_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/heic',
  'image/heif',
] as const;

export const VisitSettings = Type.Object({
  /** A check-in farther than this from the account's location is flagged (metres). */
  farThresholdM: Type.Integer({ minimum: 50, maximum: 100_000 }),
  /** A check-in within this many minutes after the planned time counts as on time. */
  onTimeToleranceMinutes: Type.Integer({ minimum: 0, maximum: 1440 }),
});
export type VisitSettings = Static<typeof VisitSettings>;
export const VisitSettingsUpdate = Type.Partial(VisitSettings, { additionalProperties: false });
export type VisitSettingsUpdate = Static<typeof VisitSettingsUpdate>;
export const DEFAULT_VISIT_SETTINGS: VisitSettings = { farThresholdM: 500, onTimeToleranceMinutes: 60 };

export const VisitComplianceQuery = Type.Object(
  {
    /** The Monday (YYYY-MM-DD, China time) of the week. */
    week: DateOnly,
    /** Only the people of this team and its sub-teams. */
    teamId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type VisitComplianceQuery = Static<typeof VisitComplianceQuery>;

export const VisitComplianceRow = Type.Object({
  ownerId: Id,
  ownerName: Type.String(),
  teamName: Nullable(Type.String()),
  /** Visits on the plan this week (cancelled ones not counted). */
  planned: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Integer(),
  missed: Type.Integer(),
  /** Planned, not due yet. */
  pending: Type.Integer(),
  unplanned: Type.Integer(),
  /** Check-ins (planned or not) farther than the threshold from the account. */
  far: Type.Integer(),
  cancelled: Type.Integer(),
  /** The visits behind the numbers, each with its `compliance` and `locationFlag`. */
  visits: Type.Array(Visit),
});
export type VisitComplianceRow = Static<typeof VisitComplianceRow>;

export const VisitComplianceReport = Type.Object({
  week: DateOnly,
  /** When the report was computed (missed depends on it). */
  asOf: Timestamp,
  settings: VisitSettings,
  rows: Type.Array(VisitComplianceRow),
  totals: Type.Object({
    planned: Type.Integer(),
    onTime: Type.Integer(),
    late: Type.Integer(),
    missed: Type.Integer(),
    pending: Type.Integer(),
    unplanned: Type.Integer(),
    far: Type.Integer(),
    cancelled: Type.Integer(),
  }),
});
export type VisitComplianceReport = Static<typeof VisitComplianceReport>;
