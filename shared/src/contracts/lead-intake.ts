import { Type, type Static } from 'typebox';
import { Audit, Id, Nullable, OptText, Text, Timestamp, Version } from './common.js';
import { INDUSTRIES, LOCALES, SOURCES } from './enums.js';

/*
 * Lead intake (issue 4): configurable lead sources, the public web-to-lead form, assignment
 * rules and lead scoring.
 */

// ---------------------------------------------------------------------------------------------
// Lead sources

/** A lead source's key, as stored in leads.source. Configured per organisation. */
export const SourceKey = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '^[a-z][a-z0-9_]*$',
  description: 'a lead source key of your organisation (GET /api/v1/lead-sources)',
});

export const LEAD_SOURCE_CATEGORIES = ['market_research', 'online', 'events', 'referral', 'other'] as const;
export type LeadSourceCategory = (typeof LEAD_SOURCE_CATEGORIES)[number];

/** The sources every organisation starts with: the former closed list, so its values stay valid. */
export const DEFAULT_LEAD_SOURCES: readonly {
  key: (typeof SOURCES)[number];
  nameZh: string;
  nameEn: string;
  category: LeadSourceCategory;
}[] = [
  { key: 'market_research', nameZh: '市场调研', nameEn: 'Market research', category: 'market_research' },
  { key: 'seo', nameZh: '搜索引擎', nameEn: 'Search (SEO)', category: 'online' },
  { key: 'website', nameZh: '官网', nameEn: 'Website', category: 'online' },
  { key: 'social', nameZh: '社交媒体', nameEn: 'Social media', category: 'online' },
  { key: 'email', nameZh: '邮件营销', nameEn: 'E-mail marketing', category: 'online' },
  { key: 'trade_show', nameZh: '展会', nameEn: 'Trade show', category: 'events' },
  { key: 'seminar', nameZh: '研讨会', nameEn: 'Seminar', category: 'events' },
  { key: 'referral', nameZh: '客户转介绍', nameEn: 'Referral', category: 'referral' },
  { key: 'partner', nameZh: '合作伙伴', nameEn: 'Partner', category: 'referral' },
  { key: 'cold_call', nameZh: '电话陌拜', nameEn: 'Cold call', category: 'other' },
  { key: 'other', nameZh: '其他', nameEn: 'Other', category: 'other' },
];

export const LeadSource = Type.Object({
  id: Id,
  key: SourceKey,
  nameZh: Type.String(),
  nameEn: Type.String(),
  category: Type.Enum(LEAD_SOURCE_CATEGORIES),
  active: Type.Boolean(),
  sortOrder: Type.Integer(),
  /** How many leads carry this source. */
  leadCount: Type.Integer(),
  ...Audit,
});
export type LeadSource = Static<typeof LeadSource>;

export const LeadSourceCreate = Type.Object(
  {
    key: SourceKey,
    nameZh: Text(40, 1),
    nameEn: Text(60, 1),
    category: Type.Enum(LEAD_SOURCE_CATEGORIES),
    active: Type.Optional(Type.Boolean()),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type LeadSourceCreate = Static<typeof LeadSourceCreate>;

/** The key is permanent (leads refer to it); everything else may change. */
export const LeadSourceUpdate = Type.Object(
  {
    nameZh: Type.Optional(Text(40, 1)),
    nameEn: Type.Optional(Text(60, 1)),
    category: Type.Optional(Type.Enum(LEAD_SOURCE_CATEGORIES)),
    active: Type.Optional(Type.Boolean()),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    version: Version,
  },
  { additionalProperties: false },
);
export type LeadSourceUpdate = Static<typeof LeadSourceUpdate>;
export const LeadSourceList = Type.Object({ items: Type.Array(LeadSource) });

// ---------------------------------------------------------------------------------------------
// Web-to-lead forms

/** The lead fields a web form may ask for; `name` is always asked and required. */
export const WEB_FORM_FIELDS = [
  'name',
  'company',
  'title',
  'phone',
  'email',
  'wechat',
  'region',
  'industry',
  'notes',
] as const;
export type WebFormFieldKey = (typeof WEB_FORM_FIELDS)[number];
/** rules: run the assignment rules; pool: leave the lead in the shared pool (公海). */
export const WEB_FORM_ASSIGNMENTS = ['rules', 'pool'] as const;
export const UTM_PARAMS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
/** The hidden field a person never sees and a bot fills in. */
export const HONEYPOT_FIELD = 'website';
/** The signed moment the form was rendered. */
export const RENDERED_FIELD = '_ts';

export const WebFormField = Type.Object(
  {
    key: Type.Enum(WEB_FORM_FIELDS),
    required: Type.Boolean(),
    /** Overrides the default label (shown in the form's language). */
    label: Type.Optional(Nullable(Text(60))),
  },
  { additionalProperties: false },
);
export type WebFormField = Static<typeof WebFormField>;

const Origin = Type.String({ maxLength: 200, pattern: '^https?://[^/\\s]+$' });
const RedirectUrl = Type.String({ maxLength: 500, pattern: '^https?://\\S+$' });

export const WebForm = Type.Object({
  id: Id,
  name: Type.String(),
  publicKey: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  fields: Type.Array(WebFormField),
  source: Nullable(SourceKey),
  campaignId: Nullable(Id),
  assignment: Type.Enum(WEB_FORM_ASSIGNMENTS),
  thankYouMessage: Nullable(Type.String()),
  redirectUrl: Nullable(Type.String()),
  /** Sites allowed to post the form from their own pages (CORS); empty: any site. */
  allowedOrigins: Type.Array(Type.String()),
  language: Type.Enum(LOCALES),
  active: Type.Boolean(),
  submissionCount: Type.Integer(),
  createdBy: Id,
  createdByName: Type.String(),
  ...Audit,
});
export type WebForm = Static<typeof WebForm>;

export const WebFormCreate = Type.Object(
  {
    name: Text(100, 1),
    title: Text(100, 1),
    description: OptText(500),
    fields: Type.Array(WebFormField, { minItems: 1, maxItems: WEB_FORM_FIELDS.length }),
    source: Type.Optional(Nullable(SourceKey)),
    campaignId: Type.Optional(Nullable(Id)),
    assignment: Type.Optional(Type.Enum(WEB_FORM_ASSIGNMENTS)),
    thankYouMessage: OptText(500),
    redirectUrl: Type.Optional(Nullable(RedirectUrl)),
    allowedOrigins: Type.Optional(Type.Array(Origin, { maxItems: 20 })),
    language: Type.Optional(Type.Enum(LOCALES)),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type WebFormCreate = Static<typeof WebFormCreate>;
export const WebFormUpdate = Type.Object(
  { ...Type.Partial(WebFormCreate).properties, version: Version },
  { additionalProperties: false },
);
export type WebFormUpdate = Static<typeof WebFormUpdate>;
export const WebFormList = Type.Object({ items: Type.Array(WebForm) });

export const WEB_FORM_OUTCOMES = ['accepted', 'honeypot', 'too_fast'] as const;
export const WebFormSubmission = Type.Object({
  id: Id,
  outcome: Type.Enum(WEB_FORM_OUTCOMES),
  leadId: Nullable(Id),
  leadName: Nullable(Type.String()),
  referrer: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type WebFormSubmission = Static<typeof WebFormSubmission>;
export const WebFormSubmissionList = Type.Object({ items: Type.Array(WebFormSubmission) });
/** The web-form submissions that made or updated a lead (its 来源追踪). */
export const LeadFormSubmission = Type.Object({
  id: Id,
  formId: Id,
  formName: Type.String(),
  referrer: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type LeadFormSubmission = Static<typeof LeadFormSubmission>;
export const LeadFormSubmissionList = Type.Object({ items: Type.Array(LeadFormSubmission) });

/**
 * What a visitor's browser posts to POST /api/public/forms/:key (JSON or form-urlencoded).
 * Empty strings count as not given. Which fields are required is the form's setting.
 */
export const PublicFormSubmission = Type.Object(
  {
    name: Type.Optional(Text(100)),
    company: Type.Optional(Text(200)),
    title: Type.Optional(Text(100)),
    phone: Type.Optional(Text(40)),
    email: Type.Optional(Text(200)),
    wechat: Type.Optional(Text(60)),
    region: Type.Optional(Text(40)),
    industry: Type.Optional(Text(40)),
    notes: Type.Optional(Text(2000)),
    utm_source: Type.Optional(Text(200)),
    utm_medium: Type.Optional(Text(200)),
    utm_campaign: Type.Optional(Text(200)),
    utm_term: Type.Optional(Text(200)),
    utm_content: Type.Optional(Text(200)),
    referrer: Type.Optional(Text(1000)),
    lang: Type.Optional(Text(10)),
    [RENDERED_FIELD]: Type.Optional(Text(200)),
    [HONEYPOT_FIELD]: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export type PublicFormSubmission = Static<typeof PublicFormSubmission>;
export const PublicFormResult = Type.Object({
  ok: Type.Boolean(),
  message: Type.String(),
  redirectUrl: Nullable(Type.String()),
});
export type PublicFormResult = Static<typeof PublicFormResult>;

// ---------------------------------------------------------------------------------------------
// Assignment rules

/** round_robin and capacity give the lead to a person; pool puts it in the team's lead pool to claim. */
export const ASSIGNMENT_METHODS = ['round_robin', 'capacity', 'pool'] as const;
export type AssignmentMethod = (typeof ASSIGNMENT_METHODS)[number];
/**
 * matched: given to a rep; to_pool: put in the rule's pool for the team to claim; the others leave
 * the lead in the pool, for the reason named.
 */
export const ASSIGNMENT_REASONS = ['matched', 'to_pool', 'no_rule', 'no_members', 'team_full'] as const;
export type AssignmentReason = (typeof ASSIGNMENT_REASONS)[number];
export const ASSIGNMENT_TRIGGERS = ['web_form', 'api', 'manual'] as const;
export type AssignmentTrigger = (typeof ASSIGNMENT_TRIGGERS)[number];

/** Every given dimension must match (any of its values); an empty rule matches every lead. */
export const AssignmentConditions = Type.Object(
  {
    regions: Type.Optional(Type.Array(Text(40, 1), { maxItems: 20 })),
    industries: Type.Optional(Type.Array(Type.Enum(INDUSTRIES), { maxItems: 20 })),
    sources: Type.Optional(Type.Array(SourceKey, { maxItems: 30 })),
    /** Matched, ignoring case, in the lead's notes (product interest) and company name. */
    keywords: Type.Optional(Type.Array(Text(40, 1), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type AssignmentConditions = Static<typeof AssignmentConditions>;

export const AssignmentRule = Type.Object({
  id: Id,
  name: Type.String(),
  position: Type.Integer(),
  active: Type.Boolean(),
  conditions: AssignmentConditions,
  teamId: Id,
  teamName: Type.String(),
  includeSubteams: Type.Boolean(),
  includeManagers: Type.Boolean(),
  method: Type.Enum(ASSIGNMENT_METHODS),
  maxOpenPerRep: Nullable(Type.Integer()),
  /** With method 'pool': the lead pool the lead goes to. */
  poolId: Nullable(Id),
  poolName: Nullable(Type.String()),
  /** The people the rule can assign to now (active, sales role, in the team). */
  members: Type.Array(Type.Object({ id: Id, name: Type.String(), openLeads: Type.Integer() })),
  ...Audit,
});
export type AssignmentRule = Static<typeof AssignmentRule>;

export const AssignmentRuleCreate = Type.Object(
  {
    name: Text(100, 1),
    conditions: AssignmentConditions,
    teamId: Id,
    includeSubteams: Type.Optional(Type.Boolean()),
    includeManagers: Type.Optional(Type.Boolean()),
    method: Type.Enum(ASSIGNMENT_METHODS),
    maxOpenPerRep: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000 }))),
    /** Required with method 'pool': a lead pool of the organisation. */
    poolId: Type.Optional(Nullable(Id)),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AssignmentRuleCreate = Static<typeof AssignmentRuleCreate>;
export const AssignmentRuleUpdate = Type.Object(
  { ...Type.Partial(AssignmentRuleCreate).properties, version: Version },
  { additionalProperties: false },
);
export type AssignmentRuleUpdate = Static<typeof AssignmentRuleUpdate>;
export const AssignmentRuleList = Type.Object({ items: Type.Array(AssignmentRule) });
export const AssignmentRuleOrder = Type.Object(
  { ids: Type.Array(Id, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);
export type AssignmentRuleOrder = Static<typeof AssignmentRuleOrder>;

/** The particulars of an assignment, for its explanation. */
export const AssignmentDetail = Type.Object({
  /** The conditions the lead met, e.g. "region=华东". */
  matched: Type.Optional(Type.Array(Type.String())),
  /** Eligible people in the team. */
  candidates: Type.Optional(Type.Integer()),
  /** People skipped because they hold the maximum of open leads. */
  atMax: Type.Optional(Type.Integer()),
  /** The chosen person's open leads before this one. */
  openLeads: Type.Optional(Type.Integer()),
  maxOpenPerRep: Type.Optional(Nullable(Type.Integer())),
  /** to_pool: the pool the lead was put in. */
  poolId: Type.Optional(Id),
  poolName: Type.Optional(Type.String()),
});
export type AssignmentDetail = Static<typeof AssignmentDetail>;

export const LeadAssignment = Type.Object({
  id: Id,
  ruleId: Nullable(Id),
  ruleName: Nullable(Type.String()),
  teamId: Nullable(Id),
  teamName: Nullable(Type.String()),
  userId: Nullable(Id),
  userName: Nullable(Type.String()),
  method: Nullable(Type.Enum(ASSIGNMENT_METHODS)),
  reason: Type.Enum(ASSIGNMENT_REASONS),
  detail: AssignmentDetail,
  trigger: Type.Enum(ASSIGNMENT_TRIGGERS),
  actorName: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type LeadAssignment = Static<typeof LeadAssignment>;
export const LeadAssignmentList = Type.Object({ items: Type.Array(LeadAssignment) });

export const AssignByRules = Type.Object(
  { leadIds: Type.Array(Id, { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);
export type AssignByRules = Static<typeof AssignByRules>;
export const AssignByRulesResult = Type.Object({ items: Type.Array(LeadAssignment) });

/** A dry run: which rule would take a lead like this, and who is next. Moves no pointer. */
export const AssignmentPreviewInput = Type.Object(
  {
    region: OptText(40),
    industry: Type.Optional(Nullable(Type.Enum(INDUSTRIES))),
    source: Type.Optional(Nullable(SourceKey)),
    company: OptText(200),
    notes: OptText(5000),
  },
  { additionalProperties: false },
);
export type AssignmentPreviewInput = Static<typeof AssignmentPreviewInput>;
export const AssignmentPreview = Type.Object({
  ruleId: Nullable(Id),
  ruleName: Nullable(Type.String()),
  teamName: Nullable(Type.String()),
  userId: Nullable(Id),
  userName: Nullable(Type.String()),
  reason: Type.Enum(ASSIGNMENT_REASONS),
  detail: AssignmentDetail,
});
export type AssignmentPreview = Static<typeof AssignmentPreview>;

// ---------------------------------------------------------------------------------------------
// Lead scoring

export const SCORING_RULE_KINDS = ['fit', 'engagement'] as const;
export type ScoringRuleKind = (typeof SCORING_RULE_KINDS)[number];
export const SCORING_FIELDS = [
  'source',
  'industry',
  'region',
  'title',
  'company',
  'email',
  'phone',
  'wechat',
  'notes',
] as const;
export type ScoringField = (typeof SCORING_FIELDS)[number];
/** equals / in: exact value(s); contains: any of the words, ignoring case; present / absent. */
export const SCORING_OPERATORS = ['equals', 'in', 'contains', 'present', 'absent'] as const;
export type ScoringOperator = (typeof SCORING_OPERATORS)[number];
/**
 * What engagement counts: activities on the lead by type, web-form submissions, and the lead's
 * opens and clicks of campaign e-mails.
 */
export const ENGAGEMENT_TYPES = [
  'call',
  'visit',
  'meeting',
  'email',
  'form_submission',
  'email_open',
  'email_click',
] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];
/** Fewer decided leads than this (or only one outcome) and the model stays off. */
export const MODEL_MIN_EXAMPLES = 30;

export const ScoringRule = Type.Object({
  id: Id,
  kind: Type.Enum(SCORING_RULE_KINDS),
  name: Type.String(),
  field: Nullable(Type.Enum(SCORING_FIELDS)),
  operator: Nullable(Type.Enum(SCORING_OPERATORS)),
  value: Nullable(Type.Array(Type.String())),
  activityTypes: Nullable(Type.Array(Type.Enum(ENGAGEMENT_TYPES))),
  windowDays: Nullable(Type.Integer()),
  /** Fit: points when the condition holds. Engagement: points per activity in the window. */
  points: Type.Integer(),
  /** Engagement: at most this many points from the rule. */
  cap: Nullable(Type.Integer()),
  active: Type.Boolean(),
  position: Type.Integer(),
  ...Audit,
});
export type ScoringRule = Static<typeof ScoringRule>;

export const ScoringRuleCreate = Type.Object(
  {
    kind: Type.Enum(SCORING_RULE_KINDS),
    name: Text(100, 1),
    field: Type.Optional(Nullable(Type.Enum(SCORING_FIELDS))),
    operator: Type.Optional(Nullable(Type.Enum(SCORING_OPERATORS))),
    value: Type.Optional(Nullable(Type.Array(Text(60, 1), { maxItems: 30 }))),
    activityTypes: Type.Optional(
      Nullable(Type.Array(Type.Enum(ENGAGEMENT_TYPES), { minItems: 1, maxItems: ENGAGEMENT_TYPES.length })),
    ),
    windowDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 365 }))),
    points: Type.Integer({ minimum: -100, maximum: 100 }),
    cap: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ScoringRuleCreate = Static<typeof ScoringRuleCreate>;
export const ScoringRuleUpdate = Type.Object(
  { ...Type.Partial(ScoringRuleCreate).properties, version: Version },
  { additionalProperties: false },
);
export type ScoringRuleUpdate = Static<typeof ScoringRuleUpdate>;
export const ScoringRuleList = Type.Object({ items: Type.Array(ScoringRule) });

export const MODEL_FEATURES = [
  'source',
  'industry',
  'region',
  'seniority',
  'hasPhone',
  'hasEmail',
  'hasCompany',
] as const;
export type ModelFeature = (typeof MODEL_FEATURES)[number];
export const MODEL_OFF_REASONS = ['never_trained', 'too_few_examples', 'one_class'] as const;

export const ScoreModelStatus = Type.Object({
  status: Type.Union([Type.Literal('on'), Type.Literal('off')]),
  offReason: Nullable(Type.Enum(MODEL_OFF_REASONS)),
  /** Weight of the model in the final score, 0–100 (the rules get the rest). */
  modelWeight: Type.Integer(),
  minExamples: Type.Integer(),
  examples: Type.Integer(),
  positives: Type.Integer(),
  negatives: Type.Integer(),
  holdoutSize: Type.Integer(),
  /** On the held-out fifth of the history, before training on all of it; null when not measurable. */
  accuracy: Nullable(Type.Number()),
  auc: Nullable(Type.Number()),
  trainedAt: Nullable(Timestamp),
  /** The feature values that weigh most, for or against conversion (log-likelihood ratio). */
  topFeatures: Type.Array(
    Type.Object({ feature: Type.Enum(MODEL_FEATURES), value: Type.String(), weight: Type.Number() }),
  ),
});
export type ScoreModelStatus = Static<typeof ScoreModelStatus>;

export const ScoringSettingsUpdate = Type.Object(
  { modelWeight: Type.Integer({ minimum: 0, maximum: 100 }) },
  { additionalProperties: false },
);
export type ScoringSettingsUpdate = Static<typeof ScoringSettingsUpdate>;

export const SCORE_FACTOR_KINDS = ['fit', 'engagement', 'rules_cap', 'model_base', 'model'] as const;
export type ScoreFactorKind = (typeof SCORE_FACTOR_KINDS)[number];
export const ScoreFactor = Type.Object({
  kind: Type.Enum(SCORE_FACTOR_KINDS),
  /** The rule's name, or the model feature. */
  name: Type.String(),
  ruleId: Nullable(Id),
  /** Fit rules: the lead field the rule looked at. */
  field: Nullable(Type.Enum(SCORING_FIELDS)),
  /** The lead's value the factor looked at (a field value, an activity count, a feature value). */
  value: Nullable(Type.String()),
  /** Rules: the rule's points before blending. Model: the feature's log-likelihood ratio. */
  points: Nullable(Type.Number()),
  /** What the factor adds to the final score; the contributions add up to `total`. */
  contribution: Type.Number(),
});
export type ScoreFactor = Static<typeof ScoreFactor>;

export const SCORE_BANDS = ['hot', 'warm', 'cold'] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number];
export const scoreBand = (score: number): ScoreBand => (score >= 70 ? 'hot' : score >= 40 ? 'warm' : 'cold');

export const LeadScore = Type.Object({
  leadId: Id,
  total: Type.Integer({ minimum: 0, maximum: 100 }),
  band: Type.Enum(SCORE_BANDS),
  /** Fit + engagement points, kept within 0–100. */
  rulesScore: Type.Integer(),
  /** The model's conversion probability × 100; null when the model is off. */
  modelScore: Nullable(Type.Number()),
  /** The weight the model had (0 when it is off). */
  modelWeight: Type.Integer(),
  factors: Type.Array(ScoreFactor),
  computedAt: Timestamp,
});
export type LeadScore = Static<typeof LeadScore>;
