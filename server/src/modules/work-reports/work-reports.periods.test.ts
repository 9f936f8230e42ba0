import { describe, expect, it } from 'vitest';
import type { OrgDirectory } from '../access/index.js';
import {
  cellState,
  chinaTime,
  deadlineOf,
  isoWeekday,
  periodBounds,
  periodOf,
  resolve,
  ruleApplies,
  windowAt,
  type RuleSpec,
} from './work-reports.periods.js';

// 销售部 > 华东 > 上海组, 销售部 > 华南; 市场部 on its own
const dir: OrgDirectory = {
  users: new Map(),
  teams: new Map(
    [
      ['sales', null],
      ['east', 'sales'],
      ['shanghai', 'east'],
      ['south', 'sales'],
      ['marketing', null],
    ].map(([id, parentId]) => [id!, { id: id!, name: id!, parentId }]),
  ),
};
const person = (teamId: string | null, role = 'sales_rep', active = true) => ({
  id: 'u',
  role,
  teamId,
  active,
});
const daily: RuleSpec = {
  id: 'd',
  name: '日报',
  kind: 'daily',
  teamIds: ['east'],
  roles: [],
  weekdays: [1, 2, 3, 4, 5],
  dueTime: '19:00',
  lateDays: 2,
};
const weekly: RuleSpec = {
  ...daily,
  id: 'w',
  name: '周报',
  kind: 'weekly',
  weekdays: [5],
  dueTime: '20:00',
  lateDays: 3,
};

describe('who a rule asks', () => {
  it('asks members of its teams and of every team below them, nobody else', () => {
    expect(ruleApplies(daily, person('east'), dir)).toBe(true);
    expect(ruleApplies(daily, person('shanghai'), dir)).toBe(true);
    expect(ruleApplies(daily, person('south'), dir)).toBe(false);
    expect(ruleApplies(daily, person('sales'), dir)).toBe(false);
    expect(ruleApplies(daily, person(null), dir)).toBe(false);
    expect(ruleApplies({ ...daily, teamIds: ['sales'] }, person('shanghai'), dir)).toBe(true);
  });

  it('asks by role, and with teams and roles both set asks only people who match both', () => {
    const byRole = { ...daily, teamIds: [], roles: ['sales_rep'] };
    expect(ruleApplies(byRole, person('south'), dir)).toBe(true);
    expect(ruleApplies(byRole, person(null), dir)).toBe(true);
    expect(ruleApplies(byRole, person('east', 'sales_manager'), dir)).toBe(false);
    const both = { ...daily, roles: ['sales_rep'] };
    expect(ruleApplies(both, person('shanghai'), dir)).toBe(true);
    expect(ruleApplies(both, person('shanghai', 'sales_manager'), dir)).toBe(false);
    expect(ruleApplies(both, person('south'), dir)).toBe(false);
  });

  it('never asks someone deactivated', () => {
    expect(ruleApplies(daily, person('east', 'sales_rep', false), dir)).toBe(false);
  });
});

describe('periods and deadlines (China time)', () => {
  it('knows weekdays and Monday–Sunday weeks', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(periodOf('daily', '2026-11-27')).toEqual({ start: '2026-11-27', end: '2026-11-27' });
    expect(periodOf('weekly', '2026-11-23')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
    expect(periodOf('weekly', '2026-11-29')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
    expect(periodOf('weekly', '2026-11-30')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    // a week runs from Monday 00:00 to Sunday 24:00 in Shanghai, i.e. Sunday 16:00 UTC to Sunday 16:00 UTC
    const b = periodBounds(periodOf('weekly', '2026-11-25'));
    expect(b.from.toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(b.to.toISOString()).toBe('2026-11-29T16:00:00.000Z');
  });

  it('puts a daily deadline on the day at HH:MM, and none on a weekday the rule leaves out', () => {
    expect(deadlineOf(daily, '2026-11-27')?.toISOString()).toBe('2026-11-27T11:00:00.000Z');
    expect(deadlineOf(daily, '2026-11-28')).toBeNull(); // Saturday
    expect(deadlineOf({ ...daily, dueTime: '00:30' }, '2026-11-27')?.toISOString()).toBe(
      '2026-11-26T16:30:00.000Z',
    );
  });

  it("puts a weekly deadline on the rule's weekday of the week", () => {
    expect(deadlineOf(weekly, '2026-11-23')?.toISOString()).toBe('2026-11-27T12:00:00.000Z'); // Fri 20:00
    expect(deadlineOf({ ...weekly, weekdays: [7], dueTime: '23:59' }, '2026-11-23')?.toISOString()).toBe(
      '2026-11-29T15:59:00.000Z',
    );
  });

  it('takes the earliest deadline when several rules ask, and closes after the late window', () => {
    const strict = { ...daily, id: 's', dueTime: '18:00', lateDays: 0 };
    const r = resolve([daily, strict], '2026-11-27');
    expect(r.rule?.id).toBe('s');
    expect(r.dueAt?.toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(r.closesAt?.toISOString()).toBe('2026-11-27T10:00:00.000Z');
    const saturday = resolve([daily], '2026-11-28');
    expect(saturday).toMatchObject({ due: false, dueAt: null, closesAt: null });
    expect(resolve([], '2026-11-27')).toMatchObject({ due: false, rule: null });
  });
});

describe('windows and states with an injected clock', () => {
  const day = periodOf('daily', '2026-11-27');
  const res = resolve([daily], day.start); // due 19:00, taken until 19:00 two days later
  const at = (s: string) => new Date(s);

  it('is future before the day starts, open until the deadline, late within the window, then closed', () => {
    expect(windowAt(at('2026-11-26T15:59:59.999Z'), day, res)).toBe('future');
    expect(windowAt(chinaTime('2026-11-27'), day, res)).toBe('open');
    expect(windowAt(chinaTime('2026-11-27', '19:00'), day, res)).toBe('open');
    expect(windowAt(at('2026-11-27T11:00:00.001Z'), day, res)).toBe('late');
    expect(windowAt(chinaTime('2026-11-29', '19:00'), day, res)).toBe('late');
    expect(windowAt(at('2026-11-29T11:00:00.001Z'), day, res)).toBe('closed');
  });

  it('never closes a day no rule makes due', () => {
    const sat = periodOf('daily', '2026-11-28');
    expect(windowAt(at('2027-06-01T00:00:00Z'), sat, resolve([daily], sat.start))).toBe('open');
  });

  it('is weekly open from Monday 00:00 and late after Friday 20:00', () => {
    const week = periodOf('weekly', '2026-11-23');
    const w = resolve([weekly], week.start);
    expect(windowAt(at('2026-11-22T15:59:59Z'), week, w)).toBe('future'); // Sunday 23:59:59 of the week before
    expect(windowAt(chinaTime('2026-11-23'), week, w)).toBe('open');
    expect(windowAt(chinaTime('2026-11-27', '20:01'), week, w)).toBe('late');
    expect(windowAt(chinaTime('2026-11-30', '20:01'), week, w)).toBe('closed');
  });

  it('states: on time, late, pending before the deadline, missing after, not due', () => {
    expect(cellState(at('2026-11-28T00:00:00Z'), res, { late: false })).toBe('on_time');
    expect(cellState(at('2026-11-28T00:00:00Z'), res, { late: true })).toBe('late');
    expect(cellState(chinaTime('2026-11-27', '18:59'), res, undefined)).toBe('pending');
    expect(cellState(chinaTime('2026-11-27', '19:01'), res, undefined)).toBe('missing');
    expect(cellState(chinaTime('2026-11-28', '12:00'), resolve([daily], '2026-11-28'), undefined)).toBe(
      'not_due',
    );
  });
});
