import { Type, type Static } from 'typebox';
import { DateOnly, Id, Nullable, Text, Timestamp } from './common.js';
import { REQUIRABLE_FIELDS, type ChecklistTemplateItem, type RequirableField } from './pipelines.js';
import { STAGE_KINDS } from './enums.js';

/*
 * The sales process: stage criteria (exit criteria of a stage), the checklist state of each
 * opportunity, its stage history and the stage funnel report.
 */

/** Something that keeps a deal from leaving a stage: a field it lacks or a checklist item not ticked. */
export const Requirement = Type.Object({
  stageId: Id,
  stageName: Type.String(),
  kind: Type.Union([Type.Literal('field'), Type.Literal('checklist')]),
  /** The field name (amount, nextStep, items, collaborators) or the checklist item id. */
  key: Type.String(),
  /** The field name or the checklist item's label, as the message shows it. */
  label: Type.String(),
});
export type Requirement = Static<typeof Requirement>;

export const ChecklistEntry = Type.Object({
  id: Type.String(),
  label: Type.String(),
  required: Type.Boolean(),
  checked: Type.Boolean(),
  note: Nullable(Type.String()),
  checkedBy: Nullable(Id),
  checkedByName: Nullable(Type.String()),
  checkedAt: Nullable(Timestamp),
});
export type ChecklistEntry = Static<typeof ChecklistEntry>;

export const OpportunityChecklist = Type.Object({
  opportunityId: Id,
  stageId: Id,
  /** Every stage of the pipeline with its checklist, in order. */
  stages: Type.Array(
    Type.Object({
      stageId: Id,
      stageName: Type.String(),
      kind: Type.Enum(STAGE_KINDS),
      requiredFields: Type.Array(Type.Enum(REQUIRABLE_FIELDS)),
      items: Type.Array(ChecklistEntry),
    }),
  ),
  /** The next open (or won) stage and what still keeps the deal from moving there. */
  next: Nullable(Type.Object({ stageId: Id, stageName: Type.String(), missing: Type.Array(Requirement) })),
});
export type OpportunityChecklist = Static<typeof OpportunityChecklist>;

export const ChecklistUpdate = Type.Object(
  {
    /** Defaults to the opportunity's current stage. */
    stageId: Type.Optional(Id),
    items: Type.Array(
      Type.Object(
        {
          id: Type.String({ minLength: 1, maxLength: 40 }),
          checked: Type.Boolean(),
          note: Type.Optional(Nullable(Text(500))),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 30 },
    ),
  },
  { additionalProperties: false },
);
export type ChecklistUpdate = Static<typeof ChecklistUpdate>;

export const StageHistoryEntry = Type.Object({
  id: Id,
  stageId: Id,
  stageName: Type.String(),
  enteredAt: Timestamp,
  leftAt: Nullable(Timestamp),
  /** Days in the stage, to one decimal; until now for the current stage. */
  days: Type.Number(),
  userId: Nullable(Id),
  userName: Nullable(Type.String()),
});
export const StageHistory = Type.Object({ items: Type.Array(StageHistoryEntry) });
export type StageHistory = Static<typeof StageHistory>;

export const StageFunnelQuery = Type.Object(
  {
    pipelineId: Type.Optional(Id),
    from: Type.Optional(DateOnly),
    to: Type.Optional(DateOnly),
  },
  { additionalProperties: false },
);
export type StageFunnelQuery = Static<typeof StageFunnelQuery>;

export const StageFunnelRow = Type.Object({
  stageId: Id,
  stageName: Type.String(),
  kind: Type.Enum(STAGE_KINDS),
  /** Deals that entered the stage in the period. */
  entered: Type.Integer(),
  /** Of those, deals that left it for a later stage (won included, lost not). */
  movedForward: Type.Integer(),
  /** movedForward / entered, percent to one decimal; null when none entered. */
  conversion: Nullable(Type.Number()),
  /** Of those, deals won since. */
  won: Type.Integer(),
  /** Days in the stage of the visits that ended, to one decimal; null when none ended. */
  avgDays: Nullable(Type.Number()),
  medianDays: Nullable(Type.Number()),
});
export type StageFunnelRow = Static<typeof StageFunnelRow>;
export const StageFunnel = Type.Object({
  pipelineId: Id,
  from: Nullable(DateOnly),
  to: Nullable(DateOnly),
  stages: Type.Array(StageFunnelRow),
});
export type StageFunnel = Static<typeof StageFunnel>;

/** What a deal has, as far as stage criteria look at it. */
export interface GateSubject {
  amount: number;
  nextStep: string | null;
  itemCount: number;
  collaboratorCount: number;
}

export function hasField(subject: GateSubject, field: RequirableField): boolean {
  switch (field) {
    case 'amount':
      return subject.amount > 0;
    case 'nextStep':
      return !!subject.nextStep?.trim();
    case 'items':
      return subject.itemCount > 0;
    case 'collaborators':
      return subject.collaboratorCount > 0;
  }
}

interface GateStage {
  id: string;
  name: string;
  position: number;
  kind: string;
  requiredFields: readonly RequirableField[];
  checklist: readonly ChecklistTemplateItem[];
}

/**
 * Criteria are exit criteria: a deal leaving stage S for a later stage T must meet the criteria of
 * S and of every open stage between them, so skipping stages cannot bypass theirs. Moving
 * backwards, staying, or moving to a lost stage needs nothing. `checked` holds "stageId/itemId"
 * of the ticked checklist items.
 */
export function missingRequirements(
  stages: readonly GateStage[],
  fromStageId: string | null,
  toStageId: string,
  subject: GateSubject,
  checked: ReadonlySet<string>,
): Requirement[] {
  const ordered = [...stages].sort((a, b) => a.position - b.position);
  const to = ordered.find((s) => s.id === toStageId);
  if (!to || to.kind === 'lost') return [];
  const from = fromStageId ? ordered.find((s) => s.id === fromStageId) : undefined;
  // a new deal starts "before" the first stage; a closed deal reopened counts as moving back
  if (from && from.kind !== 'open') return [];
  const start = from ? from.position : -1;
  if (to.position <= start) return [];
  const missing: Requirement[] = [];
  for (const s of ordered) {
    if (s.kind !== 'open' || s.position < start || s.position >= to.position) continue;
    for (const f of s.requiredFields)
      if (!hasField(subject, f))
        missing.push({ stageId: s.id, stageName: s.name, kind: 'field', key: f, label: f });
    for (const item of s.checklist)
      if (item.required && !checked.has(`${s.id}/${item.id}`))
        missing.push({
          stageId: s.id,
          stageName: s.name,
          kind: 'checklist',
          key: item.id,
          label: item.label,
        });
  }
  return missing;
}
