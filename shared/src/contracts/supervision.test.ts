import { describe, expect, it } from 'vitest';
import { daysBetween, nextStepProblem } from './supervision.js';

describe('nextStepProblem', () => {
  const today = '2026-12-10';
  it('is missing without text, with blank text, or without a date', () => {
    expect(nextStepProblem({ status: 'open', nextStep: null, nextStepDate: '2026-12-11' }, today)).toBe(
      'missing',
    );
    expect(nextStepProblem({ status: 'open', nextStep: '  ', nextStepDate: '2026-12-11' }, today)).toBe(
      'missing',
    );
    expect(nextStepProblem({ status: 'open', nextStep: '报价', nextStepDate: null }, today)).toBe('missing');
    expect(nextStepProblem({ status: 'open', nextStep: '报价' }, today)).toBe('missing');
  });
  it('is overdue once the date has passed, fine on the day itself', () => {
    expect(nextStepProblem({ status: 'open', nextStep: '报价', nextStepDate: '2026-12-09' }, today)).toBe(
      'overdue',
    );
    expect(nextStepProblem({ status: 'open', nextStep: '报价', nextStepDate: today }, today)).toBeNull();
  });
  it('never applies to closed deals', () => {
    expect(nextStepProblem({ status: 'won', nextStep: null }, today)).toBeNull();
    expect(
      nextStepProblem({ status: 'lost', nextStep: '报价', nextStepDate: '2026-01-01' }, today),
    ).toBeNull();
  });
});

describe('daysBetween', () => {
  it('counts calendar days, across months and years', () => {
    expect(daysBetween('2026-11-28', '2026-12-10')).toBe(12);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-12-10', '2026-12-10')).toBe(0);
    expect(daysBetween('2026-12-10', '2026-12-01')).toBe(-9);
  });
});
