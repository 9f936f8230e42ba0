import { describe, expect, it } from 'vitest';
import type { Question } from '@tuoke/shared';
import { AppError } from '../../http/errors.js';
import { needsDraftFrom, normalizeQuestions, summarize, validateAnswers } from './questionnaires.rules.js';

const QUESTIONS: Question[] = [
  {
    id: 'industry',
    type: 'single',
    text: '贵司所在行业',
    required: true,
    options: [
      { id: 'mfg', label: '制造业' },
      { id: 'retail', label: '零售' },
    ],
  },
  {
    id: 'pains',
    type: 'multiple',
    text: '目前最困扰您的问题',
    required: true,
    mapsTo: 'pain_point',
    painCategory: 'efficiency',
    options: [
      { id: 'stock', label: '库存周转慢' },
      { id: 'opaque', label: '销售过程不透明' },
      { id: 'cash', label: '回款周期长' },
    ],
  },
  {
    id: 'urgency',
    type: 'scale',
    text: '库存积压对经营的影响',
    required: false,
    scaleMax: 10,
    minLabel: '几乎没有',
    maxLabel: '非常严重',
    mapsTo: 'pain_point',
  },
  {
    id: 'budget',
    type: 'single',
    text: '预算范围',
    required: false,
    mapsTo: 'budget',
    options: [
      { id: 'low', label: '50 万以下', budgetMin: 0, budgetMax: 50_000_000 },
      { id: 'mid', label: '50–100 万', budgetMin: 50_000_000, budgetMax: 100_000_000 },
      { id: 'fixed', label: '正好 80 万', budgetMin: 80_000_000, budgetMax: 80_000_000 },
    ],
  },
  { id: 'now', type: 'textarea', text: '请描述目前的管理方式', required: false, mapsTo: 'situation' },
  { id: 'rivals', type: 'text', text: '正在评估的其他厂商', required: false, mapsTo: 'competitors' },
  { id: 'when', type: 'text', text: '计划何时上线', required: false, mapsTo: 'timeline' },
];

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).fields ?? [];
  }
  throw new Error('expected a validation error');
};

describe('normalizeQuestions', () => {
  it('drops what does not belong to the type and trims labels', () => {
    const [q] = normalizeQuestions(
      [
        {
          id: 'a',
          type: 'text',
          text: '  名称 ',
          required: false,
          options: [{ id: 'x', label: 'x' }],
          scaleMax: 5,
        },
      ],
      false,
    );
    expect(q).toEqual({
      id: 'a',
      type: 'text',
      text: '名称',
      help: null,
      required: false,
      mapsTo: null,
      painCategory: null,
    });
  });

  it('refuses duplicate ids, choice questions with fewer than 2 options, scales without a maximum and empty publishing', () => {
    const base = { text: 'Q', required: false };
    expect(
      fieldsOf(() =>
        normalizeQuestions(
          [
            { id: 'a', type: 'text', ...base },
            { id: 'a', type: 'text', ...base },
          ],
          false,
        ),
      ),
    ).toEqual([{ path: 'questions/1/id', message: 'is used by another question' }]);
    expect(
      fieldsOf(() =>
        normalizeQuestions([{ id: 'a', type: 'single', options: [{ id: 'x', label: 'x' }], ...base }], false),
      )[0]!.path,
    ).toBe('questions/0/options');
    expect(
      fieldsOf(() =>
        normalizeQuestions(
          [
            {
              id: 'a',
              type: 'multiple',
              options: [
                { id: 'x', label: 'x' },
                { id: 'x', label: 'y' },
              ],
              ...base,
            },
          ],
          false,
        ),
      )[0]!.path,
    ).toBe('questions/0/options/1/id');
    expect(fieldsOf(() => normalizeQuestions([{ id: 'a', type: 'scale', ...base }], false))[0]!.path).toBe(
      'questions/0/scaleMax',
    );
    expect(fieldsOf(() => normalizeQuestions([], true))[0]!.path).toBe('questions');
    expect(normalizeQuestions([], false)).toEqual([]);
  });
});

describe('validateAnswers', () => {
  it('accepts a valid set in question order, dropping empty answers', () => {
    expect(
      validateAnswers(QUESTIONS, [
        { questionId: 'pains', value: ['cash', 'stock'] },
        { questionId: 'industry', value: 'mfg' },
        { questionId: 'urgency', value: 8 },
        { questionId: 'now', value: '  Excel  ' },
        { questionId: 'rivals', value: '' },
      ]),
    ).toEqual([
      { questionId: 'industry', value: 'mfg' },
      { questionId: 'pains', value: ['stock', 'cash'] },
      { questionId: 'urgency', value: 8 },
      { questionId: 'now', value: 'Excel' },
    ]);
  });

  it('reports every problem at answers/<questionId>: required, unknown option, scale range, wrong type', () => {
    const fields = fieldsOf(() =>
      validateAnswers(QUESTIONS, [
        { questionId: 'pains', value: [] },
        { questionId: 'industry', value: 'farming' },
        { questionId: 'urgency', value: 11 },
        { questionId: 'budget', value: ['low'] },
        { questionId: 'now', value: 3 },
        { questionId: 'ghost', value: 'x' },
      ]),
    );
    expect(fields).toEqual([
      { path: 'answers/5/questionId', message: 'no such question in this questionnaire' },
      { path: 'answers/industry', message: 'no option farming in this question' },
      { path: 'answers/pains', message: 'is required' },
      { path: 'answers/urgency', message: 'must be a whole number from 1 to 10' },
      { path: 'answers/budget', message: 'must be one option id' },
      { path: 'answers/now', message: 'must be text' },
    ]);
    expect(fieldsOf(() => validateAnswers(QUESTIONS, [{ questionId: 'urgency', value: 0 }]))).toContainEqual({
      path: 'answers/urgency',
      message: 'must be a whole number from 1 to 10',
    });
    expect(
      fieldsOf(() =>
        validateAnswers(QUESTIONS, [
          { questionId: 'industry', value: 'mfg' },
          { questionId: 'pains', value: ['stock', 'stock'] },
        ]),
      ),
    ).toEqual([{ path: 'answers/pains', message: 'lists an option twice' }]);
  });
});

describe('summarize', () => {
  it('counts choices and averages scales to two decimals', () => {
    const s = summarize(QUESTIONS, [
      {
        accountName: 'A',
        answers: [
          { questionId: 'pains', value: ['stock', 'cash'] },
          { questionId: 'urgency', value: 7 },
        ],
      },
      {
        accountName: 'B',
        answers: [
          { questionId: 'pains', value: ['stock'] },
          { questionId: 'urgency', value: 8 },
        ],
      },
      {
        accountName: 'C',
        answers: [
          { questionId: 'urgency', value: 8 },
          { questionId: 'now', value: '纸质单据' },
        ],
      },
    ]);
    expect(s[1]).toMatchObject({
      answered: 2,
      choices: [
        { id: 'stock', count: 2 },
        { id: 'opaque', count: 0 },
        { id: 'cash', count: 1 },
      ],
    });
    expect(s[2]).toMatchObject({ answered: 3, average: 7.67, scaleMax: 10 });
    expect(s[2]!.distribution!.filter((d) => d.count)).toEqual([
      { value: 7, count: 1 },
      { value: 8, count: 2 },
    ]);
    expect(s[3]).toMatchObject({ answered: 0 });
    expect(s[4]).toMatchObject({ answered: 1, texts: [{ accountName: 'C', text: '纸质单据' }] });
  });
});

describe('needsDraftFrom', () => {
  const response = (answers: { questionId: string; value: string | number | string[] }[]) => ({
    id: 'r1',
    accountId: 'acc',
    contactId: 'c1',
    submittedAt: '2026-11-28T02:00:00.000Z',
    answers,
  });
  const questionnaire = { title: '客户需求调研问卷', language: 'zh-CN' as const, questions: QUESTIONS };

  it('turns tagged answers into pain points, a budget range, situation, competitors and notes', () => {
    const d = needsDraftFrom(
      questionnaire,
      response([
        { questionId: 'industry', value: 'mfg' },
        { questionId: 'pains', value: ['stock', 'cash'] },
        { questionId: 'urgency', value: 9 },
        { questionId: 'budget', value: 'mid' },
        { questionId: 'now', value: '三个仓库用 Excel' },
        { questionId: 'rivals', value: '金蝶，用友、 金蝶' },
        { questionId: 'when', value: '明年一季度' },
      ]),
    );
    expect(d).toMatchObject({
      accountId: 'acc',
      contactId: 'c1',
      sourceResponseId: 'r1',
      title: '客户需求调研问卷 · 2026-11-28',
      situation: '三个仓库用 Excel',
      painPoints: [
        { description: '库存周转慢', severity: 3, category: 'efficiency' },
        { description: '回款周期长', severity: 3, category: 'efficiency' },
        { description: '库存积压对经营的影响', severity: 5, category: 'other' },
      ],
      budgetMin: 50_000_000,
      budgetMax: 100_000_000,
      budgetStatus: 'estimated',
      competitors: ['金蝶', '用友'],
    });
    expect(d.notes).toBe('预算：50–100 万\n时间：明年一季度\n来自问卷：客户需求调研问卷');
  });

  it('takes an equal range as one figure and leaves a low scale out of the pain points', () => {
    const d = needsDraftFrom(
      questionnaire,
      response([
        { questionId: 'urgency', value: 4 },
        { questionId: 'budget', value: 'fixed' },
      ]),
    );
    expect(d.painPoints).toEqual([]);
    expect(d).toMatchObject({ budgetAmount: 80_000_000, budgetStatus: 'estimated' });
    expect(d.budgetMin).toBeUndefined();
  });
});
