import {
  SEGMENT_FIELDS,
  SEGMENT_OPS,
  opsFor,
  type SegmentCondition,
  type SegmentFieldDef,
  type SegmentFieldKind,
  type SegmentObject,
  type SegmentOp,
} from '@tuoke/shared';
import { invalidField } from '../../http/errors.js';

/** A condition that passed the checks: a known field and operator, values of the right shape. */
export interface CheckedCondition {
  field: string;
  kind: SegmentFieldKind;
  op: SegmentOp;
  values: (string | number)[];
}

const ID = /^[0-9a-zA-Z-]{1,64}$/;

/**
 * Checks each condition against the object's fields (SEGMENT_FIELDS) and returns them
 * normalised. A bad one is a 400 naming it: `conditions/2/field: unknown field "foo" …`.
 */
export function checkConditions(
  object: SegmentObject,
  conditions: SegmentCondition[],
  base = 'conditions',
): CheckedCondition[] {
  const fields = SEGMENT_FIELDS[object] as Record<string, SegmentFieldDef>;
  return conditions.map((c, i) => {
    const at = `${base}/${i}`;
    const def = Object.hasOwn(fields, c.field) ? fields[c.field] : undefined;
    if (!def)
      throw invalidField(
        `${at}/field`,
        `unknown field "${c.field}" for ${object} segments; use one of ${Object.keys(fields).join(', ')}`,
      );
    if (!(SEGMENT_OPS as readonly string[]).includes(c.op))
      throw invalidField(`${at}/op`, `unknown operator "${c.op}"; use one of ${SEGMENT_OPS.join(', ')}`);
    const op = c.op as SegmentOp;
    const allowed = opsFor(def.kind);
    if (!allowed.includes(op))
      throw invalidField(
        `${at}/op`,
        `operator "${op}" does not apply to ${c.field}; use one of ${allowed.join(', ')}`,
      );
    const bad = (message: string) => invalidField(`${at}/value`, `${c.field}: ${message}`);
    const list = c.value === undefined ? [] : Array.isArray(c.value) ? c.value : [c.value];
    if (op === 'empty' || op === 'not_empty') {
      if (list.length) throw bad(`"${op}" takes no value`);
      return { field: c.field, kind: def.kind, op, values: [] };
    }
    const want = op === 'between' ? 2 : op === 'in' || op === 'contains' ? -1 : 1;
    if (want === -1 ? list.length === 0 : list.length !== want)
      throw bad(
        op === 'between'
          ? 'give [from, to]'
          : want === -1
            ? 'give at least one value'
            : 'give exactly one value',
      );
    if (op === 'is' && Array.isArray(c.value)) throw bad('"is" takes one value; use "in" for several');
    let values: (string | number)[];
    if (def.kind === 'number') {
      if (!list.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100_000))
        throw bad('must be whole numbers');
      values = list as number[];
      if (op === 'between' && values[0]! > values[1]!) throw bad('from must not be greater than to');
    } else {
      if (!list.every((v) => typeof v === 'string' && v.trim() !== '')) throw bad('must be non-empty text');
      values = [...new Set((list as string[]).map((v) => v.trim()))];
      if (def.kind === 'enum') {
        const unknown = values.find((v) => !def.options!.includes(v as string));
        if (unknown !== undefined)
          throw bad(`unknown value "${unknown}"; use one of ${def.options!.join(', ')}`);
      }
      if (def.kind === 'ref' && !values.every((v) => ID.test(v as string))) throw bad('must be record ids');
    }
    return { field: c.field, kind: def.kind, op, values };
  });
}
