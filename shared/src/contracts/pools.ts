import { Type, type Static, type TInteger, type TOptional } from 'typebox';
import { DateOnly, Id, Nullable, Page, Text, Timestamp } from './common.js';
import { ACCOUNT_LEVELS, INDUSTRIES } from './enums.js';

/*
 * Pools (公海). A record in a pool has no owner; members claim it, pool admins assign it, owners
 * (or their managers) return it with a reason, and the daily job reclaims what a rule says was
 * neglected. Every move is a row of the trail. Leads and accounts have pools of their own kind;
 * an account's contacts go with it.
 */
export const POOL_KINDS = ['account', 'lead'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];
export const POOL_ACTIONS = ['claim', 'assign', 'return', 'reclaim', 'move'] as const;
export type PoolAction = (typeof POOL_ACTIONS)[number];
export const POOL_MEMBER_TYPES = ['user', 'team'] as const;
export const POOL_MEMBER_ROLES = ['member', 'admin'] as const;
export type PoolMemberRole = (typeof POOL_MEMBER_ROLES)[number];
/** Reclaim rules: no completed activity for N days; no open deal N days after the claim; not won within N days. */
export const RECLAIM_RULES = ['no_follow_up', 'no_opportunity', 'not_won'] as const;
export type ReclaimRule = (typeof RECLAIM_RULES)[number];
/** A customer level (accounts.level), or '*' for every record without a rule of its own (all leads). */
export const POOL_RULE_LEVELS = ['*', ...ACCOUNT_LEVELS] as const;
export type PoolRuleLevel = (typeof POOL_RULE_LEVELS)[number];

const Days = (max: number) => Nullable(Type.Integer({ minimum: 1, maximum: max }));

export const PoolMember = Type.Object({
  type: Type.Enum(POOL_MEMBER_TYPES),
  id: Id,
  role: Type.Enum(POOL_MEMBER_ROLES),
});
export type PoolMember = Static<typeof PoolMember>;

export const PoolRule = Type.Object(
  {
    level: Type.Enum(POOL_RULE_LEVELS),
    noFollowUpDays: Days(3650),
    noOpportunityDays: Days(3650),
    notWonDays: Days(3650),
    /** Warn the owner this many days before the reclaim date (0: no warning). */
    warnDays: Type.Integer({ minimum: 0, maximum: 90 }),
  },
  { additionalProperties: false },
);
export type PoolRule = Static<typeof PoolRule>;

const settings = {
  name: Text(60, 1),
  /** Every user of the organisation is a member (the default lead pool is). */
  allMembers: Type.Boolean(),
  /** Claims per person per day / per week (Monday to Sunday, China time); null: unlimited. */
  claimLimitDay: Days(1000),
  claimLimitWeek: Days(5000),
  /** How many records of this pool one person may hold; null: unlimited. */
  maxHeld: Days(100000),
  /** The same per customer level, e.g. {"A": 10}; a level not listed is not capped by level. */
  maxHeldByLevel: Type.Object(
    Object.fromEntries(
      ACCOUNT_LEVELS.map((l) => [l, Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 }))]),
    ) as Record<(typeof ACCOUNT_LEVELS)[number], TOptional<TInteger>>,
    { additionalProperties: false },
  ),
  /** Days the previous owner may not claim a record back after it left them. */
  lockDays: Type.Integer({ minimum: 0, maximum: 365 }),
  /** The reasons a return must pick from (empty: any reason). */
  returnReasons: Type.Array(Text(60, 1), { maxItems: 30 }),
  /** Phone, e-mail and WeChat masked (138****5678) until claimed, except for pool admins. */
  hideContacts: Type.Boolean(),
};

export const Pool = Type.Object({
  id: Id,
  kind: Type.Enum(POOL_KINDS),
  /** The organisation's default pool of its kind: records that name no pool belong to it. */
  isDefault: Type.Boolean(),
  ...settings,
  members: Type.Array(
    Type.Object({
      type: Type.Enum(POOL_MEMBER_TYPES),
      id: Id,
      name: Type.String(),
      role: Type.Enum(POOL_MEMBER_ROLES),
    }),
  ),
  rules: Type.Array(PoolRule),
  /** The caller: member or admin of this pool (org admins and directors administer every pool). */
  myRole: Nullable(Type.Enum(POOL_MEMBER_ROLES)),
  /** The caller's claims and holdings in this pool, against the limits. */
  quota: Type.Object({
    claimedToday: Type.Integer(),
    claimedThisWeek: Type.Integer(),
    /** Claims left today, the smaller of the daily and weekly allowance; null: unlimited. */
    remainingToday: Nullable(Type.Integer()),
    held: Type.Integer(),
    maxHeld: Nullable(Type.Integer()),
  }),
  /** Records in the pool now. */
  recordCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type Pool = Static<typeof Pool>;
export const PoolList = Type.Object({ items: Type.Array(Pool) });

export const PoolCreate = Type.Object(
  {
    kind: Type.Enum(POOL_KINDS),
    name: settings.name,
    isDefault: Type.Optional(Type.Boolean()),
    allMembers: Type.Optional(settings.allMembers),
    claimLimitDay: Type.Optional(settings.claimLimitDay),
    claimLimitWeek: Type.Optional(settings.claimLimitWeek),
    maxHeld: Type.Optional(settings.maxHeld),
    maxHeldByLevel: Type.Optional(settings.maxHeldByLevel),
    lockDays: Type.Optional(settings.lockDays),
    returnReasons: Type.Optional(settings.returnReasons),
    hideContacts: Type.Optional(settings.hideContacts),
    members: Type.Optional(Type.Array(PoolMember, { maxItems: 500 })),
    rules: Type.Optional(Type.Array(PoolRule, { maxItems: POOL_RULE_LEVELS.length })),
  },
  { additionalProperties: false },
);
export type PoolCreate = Static<typeof PoolCreate>;

/** Settings to change; members and rules, when sent, replace the lists. */
export const PoolUpdate = Type.Object(
  {
    ...Type.Omit(Type.Partial(PoolCreate), ['kind']).properties,
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type PoolUpdate = Static<typeof PoolUpdate>;

/** One record in a pool, with the facts a rep decides on. */
export const PoolRecord = Type.Object({
  entityType: Type.Enum(POOL_KINDS),
  id: Id,
  name: Type.String(),
  /** Leads: the company. */
  company: Nullable(Type.String()),
  level: Nullable(Type.String()),
  industry: Nullable(Type.String()),
  region: Nullable(Type.String()),
  /** Masked (138****5678) when the pool hides contact details and the caller is not its admin. */
  phone: Nullable(Type.String()),
  lastFollowUpAt: Nullable(Timestamp),
  /** How many times it was returned or reclaimed into a pool. */
  timesInPool: Type.Integer(),
  previousOwnerId: Nullable(Id),
  previousOwnerName: Nullable(Type.String()),
  poolEnteredAt: Nullable(Timestamp),
  daysInPool: Nullable(Type.Integer()),
  /** Until when the previous owner may not claim it back (only shown to them). */
  lockedUntil: Nullable(DateOnly),
  version: Type.Integer(),
  createdAt: Timestamp,
});
export type PoolRecord = Static<typeof PoolRecord>;
export const PoolRecordPage = Page(PoolRecord);

export const PoolRecordQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    level: Type.Optional(Type.Enum(ACCOUNT_LEVELS)),
    industry: Type.Optional(Type.Enum(INDUSTRIES)),
    region: Type.Optional(Text(40)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type PoolRecordQuery = Static<typeof PoolRecordQuery>;

/** Compare-and-set: send the version you saw, so a record that changed meanwhile is refused (409). */
export const PoolClaim = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export type PoolClaim = Static<typeof PoolClaim>;
export const PoolAssign = Type.Object(
  { userId: Id, version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export type PoolAssign = Static<typeof PoolAssign>;
export const PoolReturn = Type.Object(
  {
    reason: Text(60, 1),
    note: Type.Optional(Nullable(Text(500))),
    /** Another pool of the same kind; default: the pool the record belongs to. */
    poolId: Type.Optional(Id),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type PoolReturn = Static<typeof PoolReturn>;
export const PoolMove = Type.Object(
  { poolId: Id, version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export type PoolMove = Static<typeof PoolMove>;

/** What an operation left: the record's owner and pool now. */
export const PoolOpResult = Type.Object({
  entityType: Type.Enum(POOL_KINDS),
  id: Id,
  ownerId: Nullable(Id),
  ownerName: Nullable(Type.String()),
  poolId: Nullable(Id),
  poolName: Nullable(Type.String()),
  version: Type.Integer(),
});
export type PoolOpResult = Static<typeof PoolOpResult>;

/** One row of a record's trail (流转记录). byUserId null: the daily reclaim job. */
export const PoolMoveEntry = Type.Object({
  id: Id,
  action: Type.Enum(POOL_ACTIONS),
  fromOwnerId: Nullable(Id),
  fromOwnerName: Nullable(Type.String()),
  toOwnerId: Nullable(Id),
  toOwnerName: Nullable(Type.String()),
  poolId: Nullable(Id),
  poolName: Nullable(Type.String()),
  fromPoolId: Nullable(Id),
  fromPoolName: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  note: Nullable(Type.String()),
  rule: Nullable(Type.Enum(RECLAIM_RULES)),
  ruleDays: Nullable(Type.Integer()),
  byUserId: Nullable(Id),
  byUserName: Nullable(Type.String()),
  at: Timestamp,
});
export type PoolMoveEntry = Static<typeof PoolMoveEntry>;
export const PoolMoveList = Type.Object({ items: Type.Array(PoolMoveEntry) });

/**
 * A record a rule will take back into its pool, and why: the rule, its N, and the numbers behind
 * it as of today (the last follow-up, days idle, days held). Dry run and daily job share it.
 */
export const ReclaimForecast = Type.Object({
  entityType: Type.Enum(POOL_KINDS),
  entityId: Id,
  name: Type.String(),
  level: Nullable(Type.String()),
  ownerId: Id,
  ownerName: Type.String(),
  poolId: Id,
  poolName: Type.String(),
  rule: Type.Enum(RECLAIM_RULES),
  ruleDays: Type.Integer(),
  reclaimDate: DateOnly,
  /** From this date the owner is warned (equal to reclaimDate without a warning period). */
  warnDate: DateOnly,
  lastFollowUpAt: Nullable(Timestamp),
  ownedSince: Timestamp,
  daysIdle: Type.Integer(),
  daysOwned: Type.Integer(),
  /** Due today (or overdue): the next run of the job takes it. */
  due: Type.Boolean(),
});
export type ReclaimForecast = Static<typeof ReclaimForecast>;
export const ReclaimForecastList = Type.Object({ today: DateOnly, items: Type.Array(ReclaimForecast) });

export const ReclaimForecastQuery = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 0, maximum: 180, default: 30 })),
    poolId: Type.Optional(Id),
    ownerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ReclaimForecastQuery = Static<typeof ReclaimForecastQuery>;

/** An advance warning the daily job recorded for the owner, still current. */
export const PoolWarning = Type.Object({
  ...ReclaimForecast.properties,
  warnedAt: Timestamp,
});
export type PoolWarning = Static<typeof PoolWarning>;
export const PoolWarningList = Type.Object({ items: Type.Array(PoolWarning) });
