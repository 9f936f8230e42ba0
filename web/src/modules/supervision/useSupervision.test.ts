import { describe, expect, it } from 'vitest';
import type { Finding, SupervisionBoard } from '@tuoke/shared';
import { findingLink, selectFindings } from './useSupervision';

const base = { ownerName: '张伟', name: 'x' };
const deal: Finding = {
  ...base,
  kind: 'deal_stalled',
  ownerId: 'u1',
  recordType: 'opportunity',
  recordId: 'o1',
};
const noNext: Finding = {
  ...base,
  kind: 'deal_no_next_step',
  ownerId: 'u2',
  recordType: 'opportunity',
  recordId: 'o2',
};
const task: Finding = {
  ...base,
  kind: 'task_overdue',
  ownerId: 'u1',
  recordType: 'activity',
  recordId: 'a1',
  relatedType: 'lead',
  relatedId: 'l1',
  accountId: null,
};
const account: Finding = {
  ...base,
  kind: 'customer_forgotten',
  ownerId: 'u2',
  recordType: 'account',
  recordId: 'c1',
};
const findings: SupervisionBoard['findings'] = {
  noNextStep: [noNext],
  stalled: [deal],
  overdueTasks: [task],
  forgotten: [account],
};

describe('findingLink', () => {
  it('opens the deal, the account, or the record a task is about', () => {
    expect(findingLink(deal)).toBe('/opportunities/o1');
    expect(findingLink(account)).toBe('/accounts/c1');
    expect(findingLink(task)).toBe('/leads/l1');
    expect(findingLink({ ...task, relatedType: null, relatedId: null, accountId: 'c9' })).toBe(
      '/accounts/c9',
    );
    expect(findingLink({ ...task, relatedType: null, relatedId: null })).toBe('/activities');
  });
});

describe('selectFindings', () => {
  it('filters by kind and by person, in the board’s kind order', () => {
    expect(selectFindings(findings, undefined, undefined).map((f) => f.recordId)).toEqual([
      'o2',
      'o1',
      'a1',
      'c1',
    ]);
    expect(selectFindings(findings, 'task_overdue', undefined).map((f) => f.recordId)).toEqual(['a1']);
    expect(selectFindings(findings, undefined, 'u1').map((f) => f.recordId)).toEqual(['o1', 'a1']);
    expect(selectFindings(findings, 'customer_forgotten', 'u1')).toEqual([]);
  });
});
