import { Type, type Static } from 'typebox';
import { ROLES } from '../roles.js';
import { CurrencyCode, DateOnly, Id, MoneyMinor, Nullable, Text, Timestamp, Version } from './common.js';
import { ACTIVITY_TYPES, STAGE_KINDS } from './enums.js';
import { TargetPace } from './supervision.js';

/**
 * Daily and weekly reports (日报 / 周报). A rule says who must submit (teams and their sub-teams,
 * and/or roles), on which weekdays (daily) or by which weekday of the Monday–Sunday week (weekly),
 * by what time (China time) and how many days late a report is still taken. A report opens with
 * the period's real activity (its facts), frozen when it is submitted.
 */
export const REPORT_KINDS = ['daily', 'weekly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const WORK_REPORT_STATUSES = ['draft', 'submitted'] as const;
export type WorkReportStatus = (typeof WORK_REPORT_STATUSES)[number];

/**
 * A person's state for one period: submitted by the deadline, after it, not at all once the
 * deadline passed, not yet (the deadline is still ahead), or no report due (weekday not in the
 * rule, not required, or not yet employed).
 */
export const REPORT_STATES = ['on_time', 'late', 'missing', 'pending', 'not_due'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/**
 * Where a period stands for writing: not started yet; open (the deadline is ahead, or none);
 * late (past the deadline, still taken and flagged late); closed (past the late window).
 */
export const REPORT_WINDOWS = ['future', 'open', 'late', 'closed'] as const;
export type ReportWindow = (typeof REPORT_WINDOWS)[number];

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const Weekday = Type.Integer({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' });
/** HH:MM, 24-hour, China time. */
export const DueTime = Type.String({
  pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
  description: 'HH:MM (24-hour) in China time (Asia/Shanghai)',
});

export const ReportRule = Type.Object({
  id: Id,
  name: Type.String(),
  kind: Type.Enum(REPORT_KINDS),
  /** Members of these teams and their sub-teams must submit (empty: any team). */
  teamIds: Type.Array(Id),
  /** People with these roles must submit (empty: any role). Both set: both must hold. */
  roles: Type.Array(Type.Enum(ROLES)),
  /** Daily: the weekdays a report is due. Weekly: one weekday, the deadline's day in the week. */
  weekdays: Type.Array(Weekday),
  dueTime: DueTime,
  /** A report is still taken, flagged late, until the deadline plus this many days. */
  lateDays: Type.Integer(),
  active: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type ReportRule = Static<typeof ReportRule>;

export const ReportRuleCreate = Type.Object(
  {
    name: Text(100, 1),
    kind: Type.Enum(REPORT_KINDS),
    teamIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
    roles: Type.Optional(Type.Array(Type.Enum(ROLES), { maxItems: ROLES.length, uniqueItems: true })),
    weekdays: Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true }),
    dueTime: DueTime,
    lateDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 31 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ReportRuleCreate = Static<typeof ReportRuleCreate>;
export const ReportRuleUpdate = Type.Object(
  { ...Type.Partial(ReportRuleCreate).properties, version: Version },
  { additionalProperties: false },
);
export type ReportRuleUpdate = Static<typeof ReportRuleUpdate>;
export const ReportRuleList = Type.Object({ items: Type.Array(ReportRule) });
export type ReportRuleList = Static<typeof ReportRuleList>;

// ---- facts ----------------------------------------------------------------------------------

/** A sum per currency, in minor units (a sum of deals in CNY and in USD is two totals). */
export const MoneyTotal = Type.Object({ currency: CurrencyCode, amount: Type.Integer({ minimum: 0 }) });
export type MoneyTotal = Static<typeof MoneyTotal>;

export const FactActivity = Type.Object({
  id: Id,
  type: Type.Enum(ACTIVITY_TYPES),
  subject: Type.String(),
  doneAt: Timestamp,
  accountId: Nullable(Id),
  accountName: Nullable(Type.String()),
});
export type FactActivity = Static<typeof FactActivity>;

export const FactStageChange = Type.Object({
  opportunityId: Id,
  opportunityName: Type.String(),
  accountName: Nullable(Type.String()),
  /** null: the deal was created in this stage. */
  fromStage: Nullable(Type.String()),
  toStage: Type.String(),
  toKind: Type.Enum(STAGE_KINDS),
  at: Timestamp,
});
export type FactStageChange = Static<typeof FactStageChange>;

export const FactDeal = Type.Object({
  opportunityId: Id,
  name: Type.String(),
  accountName: Nullable(Type.String()),
  amount: MoneyMinor,
  currency: CurrencyCode,
  closedAt: Timestamp,
  lostReason: Nullable(Type.String()),
});
export type FactDeal = Static<typeof FactDeal>;

export const FactPayment = Type.Object({
  paymentId: Id,
  contractId: Id,
  contractNumber: Type.String(),
  contractName: Type.String(),
  accountName: Nullable(Type.String()),
  amount: MoneyMinor,
  currency: CurrencyCode,
  receivedDate: DateOnly,
});
export type FactPayment = Static<typeof FactPayment>;

export const FactQuote = Type.Object({
  quoteId: Id,
  number: Type.String(),
  opportunityId: Id,
  opportunityName: Type.String(),
  accountName: Nullable(Type.String()),
  total: MoneyMinor,
  currency: CurrencyCode,
  /** The first time the quote was shared with the customer (which marks it sent). */
  sentAt: Timestamp,
});
export type FactQuote = Static<typeof FactQuote>;

export const FactRecord = Type.Object({ id: Id, name: Type.String(), createdAt: Timestamp });
export type FactRecord = Static<typeof FactRecord>;

const factGroup = <T extends typeof FactDeal | typeof FactPayment | typeof FactQuote>(item: T) =>
  Type.Object({ count: Type.Integer(), totals: Type.Array(MoneyTotal), items: Type.Array(item) });

/**
 * What the author did in the period, from the records: activities done (by type), stage changes
 * of their deals, deals won and lost, confirmed payments on their contracts, quotes sent, new
 * accounts and leads. Counts are exact; lists are capped at FACT_ITEMS_MAX items each.
 */
export const WorkReportFacts = Type.Object({
  periodStart: DateOnly,
  periodEnd: DateOnly,
  /** When the facts were read: at submit for a submitted report, now for a draft. */
  computedAt: Timestamp,
  activityCounts: Type.Object({
    call: Type.Integer(),
    visit: Type.Integer(),
    meeting: Type.Integer(),
    email: Type.Integer(),
    task: Type.Integer(),
    note: Type.Integer(),
  }),
  activities: Type.Array(FactActivity),
  stageChanges: Type.Array(FactStageChange),
  won: factGroup(FactDeal),
  lost: factGroup(FactDeal),
  payments: factGroup(FactPayment),
  quotesSent: factGroup(FactQuote),
  newAccounts: Type.Object({ count: Type.Integer(), items: Type.Array(FactRecord) }),
  newLeads: Type.Object({ count: Type.Integer(), items: Type.Array(FactRecord) }),
  /**
   * The author's current targets with attainment and pace as of the period's end (or now, if
   * earlier); frozen with the other facts. Absent in reports submitted before targets existed.
   */
  targets: Type.Optional(Type.Array(TargetPace)),
});
export type WorkReportFacts = Static<typeof WorkReportFacts>;
export const FACT_ITEMS_MAX = 200;

// ---- reports --------------------------------------------------------------------------------

export const WorkReport = Type.Object({
  id: Id,
  userId: Id,
  userName: Type.String(),
  kind: Type.Enum(REPORT_KINDS),
  periodStart: DateOnly,
  periodEnd: DateOnly,
  status: Type.Enum(WORK_REPORT_STATUSES),
  /** 今日工作 / 本周工作 */
  work: Type.String(),
  /** 遇到的问题 */
  problems: Type.String(),
  /** 明日计划 / 下周计划 */
  plan: Type.String(),
  submittedAt: Nullable(Timestamp),
  /** The deadline the report was due by (null: none was due). */
  dueAt: Nullable(Timestamp),
  late: Type.Boolean(),
  readCount: Type.Integer(),
  commentCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type WorkReport = Static<typeof WorkReport>;

export const WorkReportRead = Type.Object({ userId: Id, userName: Type.String(), firstReadAt: Timestamp });
export type WorkReportRead = Static<typeof WorkReportRead>;

export const WorkReportComment = Type.Object({
  id: Id,
  userId: Id,
  userName: Type.String(),
  body: Type.String(),
  createdAt: Timestamp,
});
export type WorkReportComment = Static<typeof WorkReportComment>;

export const WorkReportDetail = Type.Object({
  ...WorkReport.properties,
  /** Frozen at submit; a draft shows the period's facts as they are now. */
  facts: WorkReportFacts,
  reads: Type.Array(WorkReportRead),
  comments: Type.Array(WorkReportComment),
  canComment: Type.Boolean(),
});
export type WorkReportDetail = Static<typeof WorkReportDetail>;

/** The form for one period: its window and deadline, the live facts and my report if any. */
export const WorkReportDraft = Type.Object({
  kind: Type.Enum(REPORT_KINDS),
  periodStart: DateOnly,
  periodEnd: DateOnly,
  /** A rule makes a report due for me in this period. */
  due: Type.Boolean(),
  ruleName: Nullable(Type.String()),
  dueAt: Nullable(Timestamp),
  /** After this the period is closed (null: never). */
  closesAt: Nullable(Timestamp),
  window: Type.Enum(REPORT_WINDOWS),
  facts: WorkReportFacts,
  report: Nullable(WorkReport),
});
export type WorkReportDraft = Static<typeof WorkReportDraft>;

export const WorkReportDraftQuery = Type.Object(
  {
    kind: Type.Enum(REPORT_KINDS),
    /** The day (daily) or any day of the week (weekly; the Monday is usual); default today. */
    date: Type.Optional(DateOnly),
  },
  { additionalProperties: false },
);
export type WorkReportDraftQuery = Static<typeof WorkReportDraftQuery>;

const ReportText = Type.String({ maxLength: 5000 });

export const WorkReportCreate = Type.Object(
  {
    kind: Type.Enum(REPORT_KINDS),
    /** The day (daily) or a day of the week (weekly). */
    date: DateOnly,
    work: Type.Optional(ReportText),
    problems: Type.Optional(ReportText),
    plan: Type.Optional(ReportText),
    /** Submit at once instead of saving a draft. */
    submit: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type WorkReportCreate = Static<typeof WorkReportCreate>;

export const WorkReportUpdate = Type.Object(
  {
    work: Type.Optional(ReportText),
    problems: Type.Optional(ReportText),
    plan: Type.Optional(ReportText),
    version: Version,
  },
  { additionalProperties: false },
);
export type WorkReportUpdate = Static<typeof WorkReportUpdate>;
/** Submitting may carry the last edits of the texts. */
export const WorkReportSubmit = WorkReportUpdate;
export type WorkReportSubmit = WorkReportUpdate;

export const WorkReportListQuery = Type.Object(
  {
    userId: Type.Optional(Id),
    kind: Type.Optional(Type.Enum(REPORT_KINDS)),
    /** Periods starting on or after this day. */
    from: Type.Optional(DateOnly),
    /** Periods starting on or before this day. */
    to: Type.Optional(DateOnly),
    status: Type.Optional(Type.Enum(WORK_REPORT_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type WorkReportListQuery = Static<typeof WorkReportListQuery>;
export const WorkReportPage = Type.Object({
  items: Type.Array(WorkReport),
  nextCursor: Nullable(Type.String()),
});
export type WorkReportPage = Static<typeof WorkReportPage>;

export const WorkReportCommentCreate = Type.Object({ body: Text(2000, 1) }, { additionalProperties: false });
export type WorkReportCommentCreate = Static<typeof WorkReportCommentCreate>;

// ---- submission status (managers) -----------------------------------------------------------

export const REPORT_STATUS_RANGES = ['day', 'week'] as const;

export const WorkReportGridQuery = Type.Object(
  {
    kind: Type.Enum(REPORT_KINDS),
    /** Default today. */
    date: Type.Optional(DateOnly),
    /** Only people of this team and its sub-teams. */
    teamId: Type.Optional(Id),
    /** Dailies: the day, or its Monday–Sunday week (default). Weeklies: the week. */
    range: Type.Optional(Type.Enum(REPORT_STATUS_RANGES)),
  },
  { additionalProperties: false },
);
export type WorkReportGridQuery = Static<typeof WorkReportGridQuery>;

export const WorkReportGridCell = Type.Object({
  periodStart: DateOnly,
  state: Type.Enum(REPORT_STATES),
  dueAt: Nullable(Timestamp),
  /** After this no report is taken for the period (null: never). */
  closesAt: Nullable(Timestamp),
  reportId: Nullable(Id),
  submittedAt: Nullable(Timestamp),
});
export type WorkReportGridCell = Static<typeof WorkReportGridCell>;

export const WorkReportGridRow = Type.Object({
  userId: Id,
  userName: Type.String(),
  teamId: Nullable(Id),
  teamName: Nullable(Type.String()),
  cells: Type.Array(WorkReportGridCell),
});
export type WorkReportGridRow = Static<typeof WorkReportGridRow>;

export const WorkReportGrid = Type.Object({
  kind: Type.Enum(REPORT_KINDS),
  /** The columns: each period's first day (a week: its Monday). */
  periods: Type.Array(Type.Object({ start: DateOnly, end: DateOnly })),
  rows: Type.Array(WorkReportGridRow),
  summary: Type.Object({
    on_time: Type.Integer(),
    late: Type.Integer(),
    missing: Type.Integer(),
    pending: Type.Integer(),
    not_due: Type.Integer(),
  }),
});
export type WorkReportGrid = Static<typeof WorkReportGrid>;
