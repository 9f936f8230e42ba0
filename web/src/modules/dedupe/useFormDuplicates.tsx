import { useState } from 'react';
import { Form, type FormInstance } from 'antd';
import type { DedupeObject, MatchReason } from '@tuoke/shared';
import { DuplicateWarning } from './DuplicateWarning';
import { MergeDialog } from './MergeDialog';
import { useDuplicateCheck } from './useDuplicates';

type Watched = Partial<Record<'name' | 'company' | 'phone' | 'email' | 'creditCode', string | null>>;

/**
 * The duplicate check of a record form, as the user types: `warning(reasons)` is the panel to
 * put under the fields those reasons come from; when editing, a match can be merged into the
 * record (`dialog` is the merge dialog to render once).
 */
export function useFormDuplicates<V>(
  form: FormInstance<V>,
  object: DedupeObject,
  recordId: string | undefined,
  enabled: boolean,
  onMerged?: () => void,
) {
  const values = Form.useWatch((v: V) => v, form) as Watched | undefined;
  const { matches } = useDuplicateCheck(
    {
      object,
      name: values?.name,
      company: values?.company,
      phone: values?.phone,
      email: values?.email,
      creditCode: values?.creditCode,
      excludeId: recordId,
    },
    enabled,
  );
  const [mergeWith, setMergeWith] = useState<string | null>(null);
  const warning = (reasons: MatchReason[]) => (
    <DuplicateWarning
      matches={matches}
      reasons={reasons}
      object={object}
      onMerge={recordId ? (m) => setMergeWith(m.id) : undefined}
      testId={`duplicate-warning-${reasons[0]}`}
    />
  );
  const dialog = recordId ? (
    <MergeDialog
      object={object}
      open={mergeWith !== null}
      firstId={recordId}
      secondId={mergeWith}
      onClose={() => setMergeWith(null)}
      onMerged={onMerged}
    />
  ) : null;
  return { warning, dialog };
}
