import type { DiffSection, FieldChange, PlanDiff } from '@tuoke/shared';

export type Scalar = string | number | boolean | null;
export type SnapshotRecord = Record<string, Scalar>;

/** What a plan version holds: the plan's fields, its channels, its budget lines and its targets. */
export interface PlanSnapshot {
  plan: SnapshotRecord;
  /** Keyed by channel. */
  channels: SnapshotRecord[];
  /** Keyed by id. */
  budgetLines: SnapshotRecord[];
  /** Keyed by id; absent when no targets module serves plans. */
  targets?: SnapshotRecord[];
}

/** Fields that say which line a record is, not what it plans: never reported as changes. */
const IGNORED = new Set(['id', 'version', 'createdAt', 'updatedAt', 'label']);

function fieldChanges(a: SnapshotRecord, b: SnapshotRecord): FieldChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !IGNORED.has(k)).sort();
  const out: FieldChange[] = [];
  for (const field of keys) {
    const old = a[field] ?? null;
    const now = b[field] ?? null;
    if (old !== now) out.push({ field, old, new: now });
  }
  return out;
}

const labelOf = (r: SnapshotRecord, key: string) => (typeof r.label === 'string' ? r.label : key);
const valuesOf = (r: SnapshotRecord) =>
  Object.fromEntries(Object.entries(r).filter(([k]) => !IGNORED.has(k) || k === 'id')) as Record<
    string,
    Scalar
  >;

/** Lines matched by key: present only in b = added, only in a = removed, in both with a difference = changed. */
function diffLines(
  section: DiffSection['section'],
  a: SnapshotRecord[],
  b: SnapshotRecord[],
  keyOf: (r: SnapshotRecord) => string,
): DiffSection {
  const before = new Map(a.map((r) => [keyOf(r), r]));
  const after = new Map(b.map((r) => [keyOf(r), r]));
  const byLabel = (x: { label: string; key: string }, y: { label: string; key: string }) =>
    x.label.localeCompare(y.label) || x.key.localeCompare(y.key);
  const added = [...after]
    .filter(([k]) => !before.has(k))
    .map(([key, r]) => ({ key, label: labelOf(r, key), values: valuesOf(r) }))
    .sort(byLabel);
  const removed = [...before]
    .filter(([k]) => !after.has(k))
    .map(([key, r]) => ({ key, label: labelOf(r, key), values: valuesOf(r) }))
    .sort(byLabel);
  const changed = [...after]
    .filter(([k]) => before.has(k))
    .map(([key, r]) => ({ key, label: labelOf(r, key), fields: fieldChanges(before.get(key)!, r) }))
    .filter((c) => c.fields.length > 0)
    .sort(byLabel);
  return { section, added, removed, changed };
}

/** What changed from snapshot `a` to snapshot `b`, field by field (old → new). */
export function diffPlans(aName: string, a: PlanSnapshot, bName: string, b: PlanSnapshot): PlanDiff {
  const planFields = fieldChanges(a.plan, b.plan);
  const sections: DiffSection[] = [
    {
      section: 'plan',
      added: [],
      removed: [],
      changed: planFields.length
        ? [{ key: 'plan', label: String(b.plan.name ?? ''), fields: planFields }]
        : [],
    },
    diffLines('channels', a.channels, b.channels, (r) => String(r.channel)),
    diffLines('budgetLines', a.budgetLines, b.budgetLines, (r) => String(r.id)),
  ];
  if (a.targets || b.targets)
    sections.push(diffLines('targets', a.targets ?? [], b.targets ?? [], (r) => String(r.id)));
  const changes = sections.reduce(
    (n, s) => n + s.added.length + s.removed.length + s.changed.reduce((m, c) => m + c.fields.length, 0),
    0,
  );
  return { a: aName, b: bName, changes, sections };
}
