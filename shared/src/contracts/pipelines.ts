import { Type, type Static } from 'typebox';
import { Audit, Id, ListQueryBase, MoneyMinor, Nullable, Page, Text } from './common.js';
import { STAGE_KINDS } from './enums.js';

/** Stall days of a stage: 1–365. */
export const StallDays = Type.Integer({ minimum: 1, maximum: 365 });

/**
 * Opportunity fields a stage can require before a deal leaves it for a later stage:
 * amount > 0, a next step, at least one line item, at least one collaborator.
 */
export const REQUIRABLE_FIELDS = ['amount', 'nextStep', 'items', 'collaborators'] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];

/** One line of a stage's checklist template; `id` keeps ticks when the label is edited. */
export const ChecklistTemplateItem = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9a-zA-Z_-]+$' }),
    label: Text(100, 1),
    required: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ChecklistTemplateItem = Static<typeof ChecklistTemplateItem>;
const ChecklistTemplateItemInput = Type.Object(
  {
    id: Type.Optional(ChecklistTemplateItem.properties.id),
    label: Text(100, 1),
    required: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const Stage = Type.Object({
  id: Id,
  name: Text(60, 1),
  position: Type.Integer({ minimum: 0 }),
  probability: Type.Integer({ minimum: 0, maximum: 100 }),
  kind: Type.Enum(STAGE_KINDS),
  /** Exit criteria: what a deal needs before it moves past this stage (not to lost, not backwards). */
  requiredFields: Type.Array(Type.Enum(REQUIRABLE_FIELDS)),
  checklist: Type.Array(ChecklistTemplateItem),
  /** Days without activity after which an open deal in this stage is stalled (null: the organisation's default). */
  stallDays: Nullable(StallDays),
});
export type Stage = Static<typeof Stage>;

export const Pipeline = Type.Object({
  id: Id,
  name: Text(100, 1),
  isDefault: Type.Boolean(),
  stages: Type.Array(Stage),
  ...Audit,
});
export type Pipeline = Static<typeof Pipeline>;

/** Stages are sent whole and in order; a stage with an id keeps it (and its opportunities). */
export const StageInput = Type.Object(
  {
    id: Type.Optional(Id),
    name: Text(60, 1),
    probability: Type.Integer({ minimum: 0, maximum: 100 }),
    kind: Type.Enum(STAGE_KINDS),
    /** Absent keeps what an existing stage has (none for a new one). */
    requiredFields: Type.Optional(Type.Array(Type.Enum(REQUIRABLE_FIELDS), { uniqueItems: true })),
    checklist: Type.Optional(Type.Array(ChecklistTemplateItemInput, { maxItems: 30 })),
    /** Absent keeps what an existing stage has; null = the organisation's default (督导设置). */
    stallDays: Type.Optional(Nullable(StallDays)),
  },
  { additionalProperties: false },
);

export const PipelineCreate = Type.Object(
  {
    name: Text(100, 1),
    isDefault: Type.Optional(Type.Boolean()),
    stages: Type.Array(StageInput, { minItems: 2, maxItems: 30 }),
  },
  { additionalProperties: false },
);
export type PipelineCreate = Static<typeof PipelineCreate>;

export const PipelineUpdate = Type.Object(
  {
    name: Type.Optional(Text(100, 1)),
    isDefault: Type.Optional(Type.Boolean()),
    stages: Type.Optional(Type.Array(StageInput, { minItems: 2, maxItems: 30 })),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type PipelineUpdate = Static<typeof PipelineUpdate>;

export const PipelineListQuery = Type.Object({ ...ListQueryBase }, { additionalProperties: false });
export const PipelinePage = Page(Pipeline);
export const PIPELINE_SORTS = ['name', 'createdAt'] as const;

/** Kanban column totals for one pipeline, within the caller's data scope and view. */
export const BoardColumn = Type.Object({
  stageId: Id,
  count: Type.Integer(),
  amount: MoneyMinor,
  weightedAmount: MoneyMinor,
});
export const Board = Type.Object({ pipelineId: Id, columns: Type.Array(BoardColumn) });
export type Board = Static<typeof Board>;
export const BoardQuery = Type.Object(
  {
    view: ListQueryBase.view,
    ownerId: Type.Optional(Id),
    q: ListQueryBase.q,
  },
  { additionalProperties: false },
);
