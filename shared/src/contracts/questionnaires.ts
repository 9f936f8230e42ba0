import { Type, type Static } from 'typebox';
import { Id, MoneyMinor, Nullable, OptText, Text, Timestamp, Version } from './common.js';
import { LOCALES } from './enums.js';
import { NeedsCreate, PAIN_CATEGORIES, type NeedsCreate as NeedsCreateT } from './needs.js';

/*
 * Questionnaires (问卷): a builder, share links per recipient, the customer's answers (one set per
 * link) and a summary per questionnaire.
 */

export const QUESTION_TYPES = ['single', 'multiple', 'scale', 'text', 'textarea'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const CHOICE_TYPES: readonly QuestionType[] = ['single', 'multiple'];
/** The needs field a question's answer prefills. */
export const NEEDS_MAPPINGS = [
  'situation',
  'pain_point',
  'goals',
  'budget',
  'timeline',
  'competitors',
  'notes',
] as const;
export type NeedsMapping = (typeof NEEDS_MAPPINGS)[number];
export const QUESTIONNAIRE_STATUSES = ['draft', 'published', 'archived'] as const;
export type QuestionnaireStatus = (typeof QUESTIONNAIRE_STATUSES)[number];

const ShortId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' });

export const QuestionOption = Type.Object(
  {
    id: ShortId,
    label: Text(200, 1),
    /** For a question mapped to the budget: the range this answer stands for (fen). */
    budgetMin: Type.Optional(Nullable(MoneyMinor)),
    budgetMax: Type.Optional(Nullable(MoneyMinor)),
  },
  { additionalProperties: false },
);
export type QuestionOption = Static<typeof QuestionOption>;

export const Question = Type.Object(
  {
    id: ShortId,
    type: Type.Enum(QUESTION_TYPES),
    text: Text(500, 1),
    help: OptText(500),
    required: Type.Boolean(),
    /** single / multiple: 2–20 options. */
    options: Type.Optional(Type.Array(QuestionOption, { maxItems: 20 })),
    /** scale: 1 … 5 or 1 … 10, with labels for the ends. */
    scaleMax: Type.Optional(Type.Union([Type.Literal(5), Type.Literal(10)])),
    minLabel: OptText(50),
    maxLabel: OptText(50),
    mapsTo: Type.Optional(Nullable(Type.Enum(NEEDS_MAPPINGS))),
    /** For a question mapped to pain points: the category of the pain points it yields. */
    painCategory: Type.Optional(Nullable(Type.Enum(PAIN_CATEGORIES))),
  },
  { additionalProperties: false },
);
export type Question = Static<typeof Question>;

export const Questionnaire = Type.Object({
  id: Id,
  title: Type.String(),
  intro: Nullable(Type.String()),
  language: Type.Enum(LOCALES),
  status: Type.Enum(QUESTIONNAIRE_STATUSES),
  questions: Type.Array(Question),
  invitationCount: Type.Integer(),
  responseCount: Type.Integer(),
  publishedAt: Nullable(Timestamp),
  createdBy: Id,
  createdByName: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type Questionnaire = Static<typeof Questionnaire>;

export const QuestionnaireCreate = Type.Object(
  {
    title: Text(200, 1),
    intro: OptText(2000),
    language: Type.Optional(Type.Enum(LOCALES)),
    questions: Type.Optional(Type.Array(Question, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type QuestionnaireCreate = Static<typeof QuestionnaireCreate>;

export const QuestionnaireUpdate = Type.Object(
  {
    title: Type.Optional(Text(200, 1)),
    intro: OptText(2000),
    language: Type.Optional(Type.Enum(LOCALES)),
    questions: Type.Optional(Type.Array(Question, { maxItems: 50 })),
    version: Version,
  },
  { additionalProperties: false },
);
export type QuestionnaireUpdate = Static<typeof QuestionnaireUpdate>;

export const QuestionnaireListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(QUESTIONNAIRE_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
  },
  { additionalProperties: false },
);
export type QuestionnaireListQuery = Static<typeof QuestionnaireListQuery>;
export const QuestionnaireList = Type.Object({ items: Type.Array(Questionnaire) });

// ---- share links -------------------------------------------------------------------------------

export const INVITATION_STATUSES = ['pending', 'answered', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const InvitationCreate = Type.Object(
  {
    accountId: Id,
    contactId: Type.Optional(Nullable(Id)),
    /** Days until the link stops working; null or absent: no expiry. */
    expiresInDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 365 }))),
  },
  { additionalProperties: false },
);
export type InvitationCreate = Static<typeof InvitationCreate>;

export const Invitation = Type.Object({
  id: Id,
  questionnaireId: Id,
  questionnaireTitle: Type.String(),
  accountId: Id,
  accountName: Type.String(),
  contactId: Nullable(Id),
  contactName: Nullable(Type.String()),
  status: Type.Enum(INVITATION_STATUSES),
  expiresAt: Nullable(Timestamp),
  openedAt: Nullable(Timestamp),
  answeredAt: Nullable(Timestamp),
  createdBy: Id,
  createdByName: Type.String(),
  createdAt: Timestamp,
});
export type Invitation = Static<typeof Invitation>;

/** A new link: the token is shown once (only its hash is stored). */
export const InvitationCreated = Type.Object({
  invitation: Invitation,
  token: Type.String(),
  path: Type.String(),
});
export type InvitationCreated = Static<typeof InvitationCreated>;

export const InvitationListQuery = Type.Object(
  {
    accountId: Type.Optional(Id),
    questionnaireId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
  },
  { additionalProperties: false },
);
export type InvitationListQuery = Static<typeof InvitationListQuery>;
export const InvitationList = Type.Object({ items: Type.Array(Invitation) });

// ---- answers -----------------------------------------------------------------------------------

/** single: an option id; multiple: option ids; scale: an integer; text: a string. */
export const AnswerValue = Type.Union([
  Type.String({ maxLength: 5000 }),
  Type.Integer(),
  Type.Array(ShortId, { maxItems: 20 }),
]);
export type AnswerValue = Static<typeof AnswerValue>;

export const Answer = Type.Object(
  { questionId: ShortId, value: AnswerValue },
  { additionalProperties: false },
);
export type Answer = Static<typeof Answer>;

export const PublicResponseCreate = Type.Object(
  {
    answers: Type.Array(Answer, { maxItems: 50 }),
    respondentName: OptText(100),
  },
  { additionalProperties: false },
);
export type PublicResponseCreate = Static<typeof PublicResponseCreate>;

export const PublicResponseCreated = Type.Object({ submittedAt: Timestamp });

/** What the customer sees through a link: the questions, nothing internal. */
export const PublicQuestionnaire = Type.Object({
  companyName: Type.String(),
  accountName: Type.String(),
  contactName: Nullable(Type.String()),
  title: Type.String(),
  intro: Nullable(Type.String()),
  language: Type.Enum(LOCALES),
  questions: Type.Array(Type.Omit(Question, ['mapsTo', 'painCategory'])),
  answered: Type.Boolean(),
  expiresAt: Nullable(Timestamp),
});
export type PublicQuestionnaire = Static<typeof PublicQuestionnaire>;

/** One answer as the sales side reads it: the question with the answer shown as text. */
export const ResponseAnswer = Type.Object({
  questionId: Type.String(),
  question: Type.String(),
  type: Type.Enum(QUESTION_TYPES),
  value: AnswerValue,
  /** Choice labels, "4 / 5" for a scale, the text itself for text. */
  display: Type.String(),
});
export type ResponseAnswer = Static<typeof ResponseAnswer>;

export const QuestionnaireResponse = Type.Object({
  id: Id,
  questionnaireId: Id,
  questionnaireTitle: Type.String(),
  accountId: Id,
  accountName: Type.String(),
  contactId: Nullable(Id),
  contactName: Nullable(Type.String()),
  respondentName: Nullable(Type.String()),
  answers: Type.Array(ResponseAnswer),
  submittedAt: Timestamp,
});
export type QuestionnaireResponse = Static<typeof QuestionnaireResponse>;

export const ResponseListQuery = Type.Object(
  {
    accountId: Type.Optional(Id),
    questionnaireId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type ResponseListQuery = Static<typeof ResponseListQuery>;
export const ResponseList = Type.Object({ items: Type.Array(QuestionnaireResponse) });

/** A needs record prefilled from an answer set, for the editor to review and save. */
export const NeedsDraft = NeedsCreate;
export type NeedsDraft = NeedsCreateT;

export const QuestionSummary = Type.Object({
  questionId: Type.String(),
  text: Type.String(),
  type: Type.Enum(QUESTION_TYPES),
  /** Responses that answered this question. */
  answered: Type.Integer(),
  /** single / multiple: count per option, in the question's order. */
  choices: Type.Optional(
    Type.Array(Type.Object({ id: Type.String(), label: Type.String(), count: Type.Integer() })),
  ),
  /** scale: average to two decimals (null without answers) and count per value 1 … max. */
  average: Type.Optional(Nullable(Type.Number())),
  distribution: Type.Optional(Type.Array(Type.Object({ value: Type.Integer(), count: Type.Integer() }))),
  scaleMax: Type.Optional(Type.Integer()),
  /** text: the latest answers (at most 20). */
  texts: Type.Optional(Type.Array(Type.Object({ accountName: Type.String(), text: Type.String() }))),
});
export type QuestionSummary = Static<typeof QuestionSummary>;

export const QuestionnaireSummary = Type.Object({
  questionnaireId: Id,
  /** Answer sets counted: those on accounts in the reader's data scope. */
  responses: Type.Integer(),
  invitations: Type.Integer(),
  questions: Type.Array(QuestionSummary),
});
export type QuestionnaireSummary = Static<typeof QuestionnaireSummary>;
